//! Markdown (with lesson-plan blocks) to Typst markup.
//!
//! Every text an author wrote ends up inside a Typst string literal (`#"…";`), so nothing of it can
//! be read as markup or code: `#set page(…)`, `$x$` and `<label>` in a lesson print as they are.
//! Structure (lists, tables, blocks) becomes calls of the template's functions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, BrokenLink, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd,
};

use super::html::{self, Piece};
use super::values::{array, content, dict, string};
use crate::markdown::{self, BlockKind, Labels, Picture, Segment, View, options};

/// Where a link of the Markdown leads in a PDF.
pub enum LinkTarget {
    /// An address on the web (or `mailto:`).
    Web(String),
    /// A lesson inside the same PDF, by the label its title carries.
    Label(String),
    /// Somewhere the PDF cannot go (another unit's page): the text stays, without a link.
    None,
}

/// Decides links and images for one document.
pub trait Targets {
    fn link(&self, dest: &str) -> LinkTarget;
    /// The virtual path of an image the PDF may embed.
    fn image(&self, dest: &str) -> Option<String>;
}

enum Frame {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    Alert(BlockQuoteKind),
    Code {
        lang: String,
        text: String,
    },
    List {
        start: Option<u64>,
        items: Vec<String>,
        tasks: usize,
    },
    Item,
    Table {
        columns: Vec<Alignment>,
        header: Vec<String>,
        cells: Vec<String>,
        in_head: bool,
    },
    Cell,
    Wrap(&'static str),
    Link {
        target: LinkTarget,
        text: String,
    },
    Image {
        path: Option<String>,
        alt: String,
    },
    Footnote(String),
    Html,
}

struct Open {
    frame: Frame,
    out: String,
    /// Author text not yet written out, so that neighbouring text events share one literal.
    pending: String,
    /// The raw `<div>`s open in this element, true for those that opened a Typst block.
    divs: Vec<bool>,
}

impl Open {
    fn new(frame: Frame) -> Open {
        Open {
            frame,
            out: String::new(),
            pending: String::new(),
            divs: Vec::new(),
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.out.push('#');
            self.out.push_str(&string(&self.pending));
            // The semicolon ends the expression: a following `(` or `[` cannot become its argument.
            self.out.push(';');
            self.pending.clear();
        }
    }

    fn finish(mut self) -> (Frame, String) {
        self.flush();
        self.out.push_str(&closing(&self.divs));
        (self.frame, self.out)
    }
}

/// Converts Markdown of one document; footnotes are collected across all its pieces.
pub struct Converter<'a> {
    targets: &'a dyn Targets,
    labels: &'a dyn Labels,
    footnotes: BTreeMap<String, String>,
    references: Vec<String>,
    /// Raw `<div>`s open between the text pieces of the segment list being converted (true for
    /// those that opened a Typst block): a div may open in one piece and close in a later one.
    divs: Vec<bool>,
}

/// How many elements deep the markup of one piece of Markdown may nest: much deeper, Typst's
/// parser and its show rules give up and the whole PDF is lost.
const MAX_NESTING: usize = 20;

/// Marks a footnote reference until every definition is known.
const REF_OPEN: char = '\u{1}';
const REF_CLOSE: char = '\u{2}';

fn alert_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn alignment(a: Alignment) -> &'static str {
    match a {
        Alignment::None | Alignment::Left => "start",
        Alignment::Center => "center",
        Alignment::Right => "end",
    }
}

impl<'a> Converter<'a> {
    pub fn new(targets: &'a dyn Targets, labels: &'a dyn Labels) -> Converter<'a> {
        Converter {
            targets,
            labels,
            footnotes: BTreeMap::new(),
            references: Vec::new(),
            divs: Vec::new(),
        }
    }

    /// Reads the footnote definitions of every piece of a body, whichever view shows them.
    pub fn collect_footnotes(&mut self, segments: &[Segment], full_body: &str) {
        if !full_body.contains("[^") {
            return;
        }
        for segment in segments {
            match segment {
                Segment::Text { text, .. } => {
                    self.markdown(text, full_body);
                }
                Segment::Block { children, .. } => self.collect_footnotes(children, full_body),
                Segment::Picture(_) => {}
            }
        }
    }

    /// One view of a lesson body. `full_body` supplies link reference definitions written in
    /// another piece of the body.
    pub fn body(&mut self, segments: &[Segment], view: View, full_body: &str) -> String {
        let mut out = String::new();
        self.segments(segments, view, full_body, true, &mut out);
        self.resolve_footnotes(out)
    }

    fn segments(
        &mut self,
        segments: &[Segment],
        view: View,
        full_body: &str,
        top_level: bool,
        out: &mut String,
    ) {
        let outer = std::mem::take(&mut self.divs);
        for segment in segments.iter().filter(|s| view.shows(s, top_level)) {
            match segment {
                Segment::Text { text, .. } => out.push_str(&self.markdown(text, full_body)),
                Segment::Picture(picture) => {
                    let markup = self.picture(picture, view);
                    out.push_str(&markup);
                }
                Segment::Block {
                    kind,
                    title,
                    lines,
                    children,
                    ..
                } => {
                    let heading = markdown::block_heading(self.labels, *kind, title.as_deref());
                    let lines = if *kind == BlockKind::Write { *lines } else { 0 };
                    let _ = writeln!(
                        out,
                        "#md-block({}, {}, {lines})[",
                        string(kind.name()),
                        string(&heading)
                    );
                    self.segments(children, view, full_body, false, out);
                    out.push_str("]\n\n");
                }
            }
        }
        // A div left open closes with its segment list, where Typst's brackets balance.
        let divs = std::mem::replace(&mut self.divs, outer);
        out.push_str(&closing(&divs));
    }

    /// A labelled picture: the template draws the numbered markers over the image and sets the
    /// key below it, or numbered lines when the participants write it.
    fn picture(&mut self, picture: &Picture, view: View) -> String {
        let path = self.targets.image(&picture.dest);
        let markers = array(
            (picture.markers.iter())
                .map(|m| dict(&[("x", m.x.to_string()), ("y", m.y.to_string())])),
        );
        let key = if picture.write && view == View::Participant {
            "none".to_owned()
        } else {
            let words: Vec<String> = (picture.markers.iter())
                .map(|m| content(&self.inline(&m.text)))
                .collect();
            array(words)
        };
        format!(
            "#md-labelled({}, {}, {markers}, {key})\n\n",
            path.as_deref().map_or("none".to_owned(), string),
            string(&picture.alt)
        )
    }

    /// A short text from the front matter (an objective, a phase activity): inline Markdown only.
    pub fn inline(&mut self, text: &str) -> String {
        let markup = self.convert(Parser::new_ext(text, options()), true);
        self.resolve_footnotes(markup)
    }

    fn markdown(&mut self, text: &str, full_body: &str) -> String {
        // Most bodies define no `[label]: url` references: no need to read them twice.
        if !full_body.contains("]:") {
            return self.convert(Parser::new_ext(text, options()), false);
        }
        let definitions = Parser::new_ext(full_body, options());
        let refs = definitions.reference_definitions();
        let callback = |link: BrokenLink| {
            refs.get(&link.reference).map(|def| {
                (
                    CowStr::from(def.dest.to_string()),
                    CowStr::from(def.title.as_deref().unwrap_or("").to_owned()),
                )
            })
        };
        let parser = Parser::new_with_broken_link_callback(text, options(), Some(callback));
        self.convert(parser, false)
    }

    fn convert<'e>(&mut self, events: impl Iterator<Item = Event<'e>>, inline: bool) -> String {
        let mut stack = vec![Open::new(Frame::Root)];
        // Inline markup ends where it is converted: its divs cannot outlive it.
        let mut inline_divs = Vec::new();
        for event in events {
            match event {
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {}
                Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow) => {}
                Event::Start(Tag::TableHead) | Event::End(TagEnd::TableHead) => {
                    let head = matches!(event, Event::Start(_));
                    if let Some(Frame::Table { in_head, .. }) =
                        stack.last_mut().map(|o| &mut o.frame)
                    {
                        *in_head = head;
                    }
                }
                Event::Start(tag) => {
                    // Typst refuses markup nested too deep: deeper levels keep their text
                    // without their frames (the web page warns the author). A list's items and
                    // a table's cells stay what they are, or their parent would lose them.
                    let collects = matches!(
                        stack.last().map(|o| &o.frame),
                        Some(Frame::List { .. } | Frame::Table { .. })
                    );
                    let frame = if stack.len() < MAX_NESTING || collects {
                        self.open(tag)
                    } else {
                        Frame::Html
                    };
                    stack.push(Open::new(frame));
                }
                Event::End(_) => {
                    if stack.len() > 1 {
                        let closed = stack.pop().map(Open::finish);
                        if let (Some((frame, markup)), Some(parent)) = (closed, stack.last_mut()) {
                            self.close(frame, markup, parent);
                        }
                    }
                }
                Event::Text(text) => text_into(&mut stack, &text),
                Event::Code(code) => {
                    if shown_text(&mut stack, &code) {
                        emit(stack.last_mut(), &format!("#raw({});", string(&code)));
                    }
                }
                Event::SoftBreak => text_into(&mut stack, " "),
                Event::HardBreak => emit(stack.last_mut(), "#linebreak();"),
                Event::Rule => emit(
                    stack.last_mut(),
                    "\n#line(length: 100%, stroke: 0.5pt + luma(200))\n\n",
                ),
                Event::TaskListMarker(checked) => {
                    if let Some(list) = stack.iter_mut().rev().find_map(|o| match &mut o.frame {
                        Frame::List { tasks, .. } => Some(tasks),
                        _ => None,
                    }) {
                        *list += 1;
                    }
                    emit(stack.last_mut(), &format!("#md-task({checked}) "));
                }
                Event::FootnoteReference(label) => {
                    self.references.push(label.to_string());
                    let index = self.references.len() - 1;
                    emit(stack.last_mut(), &format!("{REF_OPEN}{index}{REF_CLOSE}"));
                }
                Event::InlineHtml(html) => {
                    let tag = html.trim().to_ascii_lowercase();
                    if tag.starts_with("<br") {
                        emit(stack.last_mut(), "#linebreak();");
                    }
                }
                Event::Html(html) => {
                    let level = if inline {
                        &mut inline_divs
                    } else {
                        &mut self.divs
                    };
                    html_into(&mut stack, level, &html);
                }
                Event::InlineMath(text) | Event::DisplayMath(text) => text_into(&mut stack, &text),
            }
        }
        // Unbalanced events cannot come from pulldown-cmark; fold whatever is open into the root.
        while stack.len() > 1 {
            let closed = stack.pop().map(Open::finish);
            if let (Some((_, markup)), Some(parent)) = (closed, stack.last_mut()) {
                emit(Some(parent), &markup);
            }
        }
        let root = stack.pop().map(|root| root.finish().1).unwrap_or_default();
        root + &closing(&inline_divs)
    }

    fn open(&self, tag: Tag) -> Frame {
        match tag {
            Tag::Paragraph => Frame::Paragraph,
            Tag::Heading { level, .. } => Frame::Heading(level as u8),
            Tag::BlockQuote(None) => Frame::Quote,
            Tag::BlockQuote(Some(kind)) => Frame::Alert(kind),
            Tag::CodeBlock(kind) => Frame::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                },
                text: String::new(),
            },
            Tag::List(start) => Frame::List {
                start,
                items: Vec::new(),
                tasks: 0,
            },
            Tag::Item => Frame::Item,
            Tag::Table(columns) => Frame::Table {
                columns,
                header: Vec::new(),
                cells: Vec::new(),
                in_head: false,
            },
            Tag::TableHead | Tag::TableRow => Frame::Html,
            Tag::TableCell => Frame::Cell,
            Tag::Emphasis => Frame::Wrap("emph"),
            Tag::Strong => Frame::Wrap("strong"),
            Tag::Strikethrough => Frame::Wrap("strike"),
            Tag::Superscript => Frame::Wrap("super"),
            Tag::Subscript => Frame::Wrap("sub"),
            Tag::Link { dest_url, .. } => Frame::Link {
                target: self.targets.link(&dest_url),
                text: String::new(),
            },
            Tag::Image { dest_url, .. } => Frame::Image {
                path: self.targets.image(&dest_url),
                alt: String::new(),
            },
            Tag::FootnoteDefinition(label) => Frame::Footnote(label.to_string()),
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => Frame::Html,
        }
    }

    fn close(&mut self, frame: Frame, markup: String, parent: &mut Open) {
        match frame {
            Frame::Item => {
                if let Frame::List { items, .. } = &mut parent.frame {
                    items.push(markup);
                }
            }
            Frame::Cell => {
                if let Frame::Table {
                    header,
                    cells,
                    in_head,
                    ..
                } = &mut parent.frame
                {
                    let row = if *in_head { header } else { cells };
                    row.push(content(&markup));
                }
            }
            Frame::Footnote(label) => {
                self.footnotes
                    .entry(label)
                    .or_insert_with(|| markup.trim().to_owned());
            }
            frame => emit(Some(parent), &self.finished(frame, markup)),
        }
    }

    /// The Typst markup of a finished element whose content is `markup`.
    fn finished(&self, frame: Frame, markup: String) -> String {
        match frame {
            Frame::Root | Frame::Item | Frame::Cell | Frame::Footnote(_) => markup,
            Frame::Html | Frame::Paragraph => format!("{markup}\n\n"),
            Frame::Heading(level) => {
                // Level 1 is the lesson's own title; the body's headings sit below it.
                let level = level.max(2);
                format!(
                    "\n#heading(level: {level}, outlined: {})[{markup}]\n\n",
                    level == 2
                )
            }
            Frame::Quote => format!("#quote(block: true)[{markup}]\n\n"),
            Frame::Alert(kind) => {
                let name = alert_name(kind);
                format!(
                    "#md-alert({}, {})[{markup}]\n\n",
                    string(name),
                    string(&self.labels.label(&format!("alert.{name}")))
                )
            }
            Frame::Code { lang, text } => code_block(&lang, &text),
            Frame::List {
                start,
                items,
                tasks,
            } => list(start, &items, tasks),
            Frame::Table {
                columns,
                header,
                cells,
                ..
            } => format!(
                "#md-table({}, {}, {}, {})\n\n",
                columns.len().max(1),
                array(columns.iter().map(|a| alignment(*a))),
                array(&header),
                array(&cells),
            ),
            Frame::Wrap(function) => format!("#{function}[{markup}];"),
            Frame::Link { target, text } => link(target, &text, markup),
            Frame::Image { path, alt } => match path {
                Some(path) => format!("#md-image({}, {});", string(&path), string(&alt)),
                None => format!("#emph({});", string(&alt)),
            },
        }
    }

    /// Puts each footnote's text where it is referenced; an undefined one stays as written.
    fn resolve_footnotes(&self, markup: String) -> String {
        if !markup.contains(REF_OPEN) {
            return markup;
        }
        let mut out = String::with_capacity(markup.len());
        let mut rest = markup.as_str();
        while let Some(start) = rest.find(REF_OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find(REF_CLOSE) else {
                break;
            };
            let label = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| self.references.get(i));
            match label.and_then(|l| Some((l, self.footnotes.get(l)?))) {
                Some((_, text)) => {
                    let text = self.plain_references(text);
                    let _ = write!(out, "#footnote[{text}];");
                }
                None => {
                    let shown = format!("[^{}]", label.map_or("", String::as_str));
                    let _ = write!(out, "#{};", string(&shown));
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A footnote inside a footnote is shown as its label, not nested.
    fn plain_references(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(REF_OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after.find(REF_CLOSE).unwrap_or(after.len());
            let label = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| self.references.get(i))
                .map_or("", String::as_str);
            let _ = write!(out, "#{};", string(&format!("[^{label}]")));
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

/// Notes text that links and images see; false when it belongs to an image's alt text, which
/// the page does not show as text.
fn shown_text(stack: &mut [Open], text: &str) -> bool {
    for open in stack.iter_mut().rev() {
        match &mut open.frame {
            Frame::Image { alt, .. } => {
                alt.push_str(text);
                return false;
            }
            Frame::Link { text: shown, .. } => shown.push_str(text),
            _ => {}
        }
    }
    true
}

fn text_into(stack: &mut [Open], text: &str) {
    if let Some(Open {
        frame: Frame::Code { text: code, .. },
        ..
    }) = stack.last_mut()
    {
        code.push_str(text);
        return;
    }
    if shown_text(stack, text)
        && let Some(top) = stack.last_mut()
    {
        top.pending.push_str(text);
    }
}

/// An HTML block's text, and its `<div dir lang>` blocks. They open and close in the element
/// around the block, which keeps Typst's brackets balanced (one left open closes with it); at the
/// top of a text piece, that element is the segment list (`level`).
fn html_into(stack: &mut [Open], level: &mut Vec<bool>, html: &str) {
    let container = stack.len().saturating_sub(2);
    for piece in html::pieces(html) {
        match piece {
            Piece::Text(text) => text_into(stack, &text),
            Piece::Open(markup) => {
                if let Some(markup) = &markup {
                    emit(stack.last_mut(), markup);
                }
                divs_of(stack, level, container).push(markup.is_some());
            }
            Piece::Close => {
                if divs_of(stack, level, container).pop() == Some(true) {
                    emit(stack.last_mut(), "]");
                }
            }
        }
    }
}

fn divs_of<'s>(
    stack: &'s mut [Open],
    level: &'s mut Vec<bool>,
    container: usize,
) -> &'s mut Vec<bool> {
    if container == 0 {
        level
    } else {
        &mut stack[container].divs
    }
}

/// The brackets that close the divs of `divs` that opened a Typst block.
fn closing(divs: &[bool]) -> String {
    "]".repeat(divs.iter().filter(|opened| **opened).count())
}

fn emit(top: Option<&mut Open>, markup: &str) {
    if let Some(top) = top {
        top.flush();
        top.out.push_str(markup);
    }
}

/// A fenced code block, highlighted by Typst when its language is named.
fn code_block(lang: &str, text: &str) -> String {
    let lang = if lang.is_empty() {
        String::new()
    } else {
        format!("lang: {}, ", string(lang))
    };
    format!("#raw(block: true, {lang}{})\n\n", string(text))
}

/// A numbered list from `start`, or a bullet list; a list of tasks only shows their boxes.
fn list(start: Option<u64>, items: &[String], tasks: usize) -> String {
    let all_tasks = tasks == items.len() && tasks > 0;
    let items: Vec<String> = items.iter().map(|i| content(i)).collect();
    let items = items.join(", ");
    match start {
        Some(n) => format!("#enum(start: {n}, {items})\n\n"),
        None if all_tasks => format!("#list(marker: [], {items})\n\n"),
        None => format!("#list({items})\n\n"),
    }
}

/// A link: to the web with its address shown where the text does not say it, to a lesson inside
/// the same PDF, or just its text.
fn link(target: LinkTarget, text: &str, markup: String) -> String {
    match target {
        LinkTarget::Web(url) => {
            let shown = url.strip_prefix("mailto:").unwrap_or(&url);
            let show_url = text.trim() != shown && text.trim() != url;
            format!("#md-link({}, {show_url})[{markup}];", string(&url))
        }
        LinkTarget::Label(label) => format!("#link(label({}))[{markup}];", string(&label)),
        LinkTarget::None => markup,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::markdown::{KeyLabels, parse_blocks};

    struct NoTargets;
    impl Targets for NoTargets {
        fn link(&self, dest: &str) -> LinkTarget {
            LinkTarget::Web(dest.to_owned())
        }
        fn image(&self, dest: &str) -> Option<String> {
            Some(format!("/media/x/{dest}"))
        }
    }

    fn body(markdown: &str, view: View) -> String {
        let segments = parse_blocks(Path::new("a.md"), markdown, markdown, 1).unwrap();
        let mut converter = Converter::new(&NoTargets, &KeyLabels);
        converter.collect_footnotes(&segments, markdown);
        converter.body(&segments, view, markdown)
    }

    #[test]
    fn a_div_with_a_direction_holds_the_paragraphs_inside_it() {
        let markup = body(
            "::: handout Brief\n<div dir=\"ltr\" lang=\"de\">\n\nLiebe Eltern,\n\n</div>\n\nSchluss\n:::\n",
            View::Participant,
        );
        let open = markup
            .find("#block(width: 100%)[#set text(dir: ltr, lang: \"de\")")
            .expect(&markup);
        let letter = markup.find("Liebe Eltern,").expect(&markup);
        let after = markup.find("Schluss").expect(&markup);
        let close = markup[letter..]
            .find(']')
            .map(|c| c + letter)
            .expect(&markup);
        assert!(open < letter && close < after, "{markup}");
        // One left open closes with the element around it.
        let unclosed = body("> <div dir=\"ltr\">\n>\n> Hallo\n\nDanach\n", View::Trainer);
        assert_eq!(
            unclosed.matches('[').count(),
            unclosed.matches(']').count(),
            "{unclosed}"
        );
    }

    #[test]
    fn string_literals_hold_any_text() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("line\nnext\u{1}"), r#""line\nnext\u{1}""#);
    }

    #[test]
    fn author_text_only_appears_inside_string_literals() {
        let markup =
            Converter::new(&NoTargets, &KeyLabels).inline("a *b* #set page(width: 1cm) $x$ `#c`");
        assert_eq!(
            markup,
            r##"#"a ";#emph[#"b";];#" #set page(width: 1cm) $x$ ";#raw("#c");"##
        );
    }

    #[test]
    fn participant_view_drops_trainer_text_and_solutions() {
        let markdown = "Taught.\n\n::: trainer\nNote.\n:::\n\n:::: activity Go\nDo.\n\n::: solution\nDone.\n:::\n::::\n\n::: write 2\nName?\n:::\n";
        let participant = body(markdown, View::Participant);
        assert!(
            !participant.contains("Taught")
                && !participant.contains("Note")
                && !participant.contains("Done")
        );
        assert!(participant.contains(r#"#md-block("activity", "block.activity: Go", 0)"#));
        assert!(participant.contains(r#"#md-block("write", "block.write", 2)"#));
        let trainer = body(markdown, View::Trainer);
        assert!(trainer.contains("Taught") && trainer.contains("Note") && trainer.contains("Done"));
    }

    #[test]
    fn structures_become_template_calls() {
        let markdown = "## Title\n\n- [ ] open\n- [x] done\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n> [!TIP]\n> Hint.\n\nText[^n] and [web](https://example.org).\n\n[^n]: The note.\n";
        let markup = body(markdown, View::Trainer);
        for expected in [
            r#"#heading(level: 2, outlined: true)[#"Title";]"#,
            r#"#list(marker: [], [#md-task(false) #"open";], [#md-task(true) #"done";])"#,
            r#"#md-table(2, (start, end, ), ([#"A";], [#"B";], ), ([#"1";], [#"2";], ))"#,
            r#"#md-alert("tip", "alert.tip")"#,
            r#"#footnote[#"The note.";];"#,
            r#"#md-link("https://example.org", true)[#"web";];"#,
        ] {
            assert!(markup.contains(expected), "{expected} missing in {markup}");
        }
    }
}
