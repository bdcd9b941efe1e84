//! Markdown to HTML: lesson-plan blocks, trainer and participant views, link rewriting, heading
//! anchors, code highlighting and GitHub alerts.
//!
//! pulldown-cmark has no fenced containers, so `:::` blocks are parsed first into [`Segment`]s and
//! turned back into Markdown wrapped in HTML, one view at a time, keeping a map to source lines so
//! that every error still points at the author's file and line.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diagnostic::{Diagnostic, did_you_mean};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Trainer,
    Handout,
    Activity,
    Solution,
    Safety,
    Discussion,
    Write,
}

impl BlockKind {
    pub const ALL: &'static [BlockKind] = &[
        BlockKind::Trainer,
        BlockKind::Handout,
        BlockKind::Activity,
        BlockKind::Solution,
        BlockKind::Safety,
        BlockKind::Discussion,
        BlockKind::Write,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Trainer => "trainer",
            BlockKind::Handout => "handout",
            BlockKind::Activity => "activity",
            BlockKind::Solution => "solution",
            BlockKind::Safety => "safety",
            BlockKind::Discussion => "discussion",
            BlockKind::Write => "write",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether participants see this block (the participant page and handout).
    pub fn for_participants(self) -> bool {
        !matches!(self, BlockKind::Trainer | BlockKind::Solution)
    }
}

/// A piece of a lesson body: Markdown text, or a lesson-plan block holding more segments.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Text {
        text: String,
        first_line: usize,
    },
    Block {
        kind: BlockKind,
        title: Option<String>,
        /// Lines of space to write, for `write` blocks.
        lines: u32,
        line: usize,
        children: Vec<Segment>,
    },
}

/// Which audience a page is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Trainer,
    Participant,
}

impl View {
    /// Whether this view shows a piece of a body: the one rule every output follows. Text outside
    /// any block is the lesson as the trainer teaches it; trainer notes and solutions are not for
    /// participants; text inside a block goes wherever its block goes.
    pub fn shows(self, segment: &Segment, top_level: bool) -> bool {
        self == View::Trainer
            || match segment {
                Segment::Text { .. } => !top_level,
                Segment::Block { kind, .. } => kind.for_participants(),
            }
    }
}

fn fence_len(line: &str) -> usize {
    line.trim_start().chars().take_while(|&c| c == ':').count()
}

fn is_code_fence(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("```") || trimmed.starts_with("~~~")
}

/// Splits a body into segments. `first_line` is the file line the body starts on.
pub fn parse_blocks(
    path: &Path,
    file_text: &str,
    body: &str,
    first_line: usize,
) -> Result<Vec<Segment>, Vec<Diagnostic>> {
    struct Open {
        kind: BlockKind,
        title: Option<String>,
        lines: u32,
        line: usize,
        children: Vec<Segment>,
    }
    let mut errors = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut top: Vec<Segment> = Vec::new();
    let mut text = String::new();
    let mut text_line = first_line;
    let mut in_code = false;

    fn flush(text: &mut String, text_line: usize, into: &mut Vec<Segment>) {
        if !text.trim().is_empty() {
            into.push(Segment::Text {
                text: std::mem::take(text),
                first_line: text_line,
            });
        }
        text.clear();
    }

    for (index, line) in body.split_inclusive('\n').enumerate() {
        let number = first_line + index;
        if is_code_fence(line) {
            in_code = !in_code;
        }
        let colons = if in_code { 0 } else { fence_len(line) };
        if colons < 3 {
            if text.is_empty() {
                text_line = number;
            }
            text.push_str(line);
            continue;
        }
        let target = match stack.last_mut() {
            Some(open) => &mut open.children,
            None => &mut top,
        };
        flush(&mut text, text_line, target);
        let rest = line.trim().trim_start_matches(':').trim();
        if rest.is_empty() {
            match stack.pop() {
                Some(open) => {
                    let block = Segment::Block {
                        kind: open.kind,
                        title: open.title,
                        lines: open.lines,
                        line: open.line,
                        children: open.children,
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(block),
                        None => top.push(block),
                    }
                }
                None => errors.push(
                    Diagnostic::error(path, "this `:::` closes a block that was never opened")
                        .at(number, 1)
                        .hint("remove the line, or open a block above it with `::: handout` (or another block type)")
                        .with_source(file_text),
                ),
            }
            continue;
        }
        let rest = rest.trim_start_matches('{').trim_start_matches('.');
        let (name, title) = match rest.split_once(char::is_whitespace) {
            Some((name, title)) => (name.trim_end_matches('}'), Some(title.trim().to_owned())),
            None => (rest.trim_end_matches('}'), None),
        };
        let Some(kind) = BlockKind::from_name(name) else {
            let names: Vec<&str> = BlockKind::ALL.iter().map(|k| k.name()).collect();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("block types are: {}", names.join(", ")),
            };
            errors.push(
                Diagnostic::error(path, format!("unknown block type `{name}`"))
                    .at(number, line.find(name).map_or(1, |i| i + 1))
                    .hint(hint)
                    .with_source(file_text),
            );
            stack.push(Open {
                kind: BlockKind::Trainer,
                title: None,
                lines: 0,
                line: number,
                children: Vec::new(),
            });
            continue;
        };
        let (title, lines) = if kind == BlockKind::Write {
            let mut words = title.as_deref().unwrap_or("").splitn(2, ' ');
            let first = words.next().unwrap_or("");
            match first.parse::<u32>() {
                Ok(n) => (
                    words.next().map(str::to_owned).filter(|t| !t.is_empty()),
                    n.min(40),
                ),
                Err(_) => (title, 4),
            }
        } else {
            (title, 0)
        };
        stack.push(Open {
            kind,
            title: title.filter(|t| !t.is_empty()),
            lines,
            line: number,
            children: Vec::new(),
        });
    }
    let target = match stack.last_mut() {
        Some(open) => &mut open.children,
        None => &mut top,
    };
    flush(&mut text, text_line, target);
    for open in stack {
        errors.push(
            Diagnostic::error(
                path,
                format!("the `{}` block is never closed", open.kind.name()),
            )
            .at(open.line, 1)
            .hint("add a line `:::` where the block ends")
            .with_source(file_text),
        );
    }
    if errors.is_empty() {
        Ok(top)
    } else {
        Err(errors)
    }
}

/// Markdown text of one view, with a source line for each of its lines (0 for generated lines).
struct ViewText {
    text: String,
    lines: Vec<usize>,
}

impl ViewText {
    fn push_generated(&mut self, html: &str) {
        for line in html.lines() {
            self.text.push_str(line);
            self.text.push('\n');
            self.lines.push(0);
        }
    }

    fn push_source(&mut self, text: &str, first_line: usize) {
        for (i, line) in text.split_inclusive('\n').enumerate() {
            self.text.push_str(line);
            if !line.ends_with('\n') {
                self.text.push('\n');
            }
            self.lines.push(first_line + i);
        }
    }

    /// Line and column in the source file of a byte offset in the view text.
    fn source_position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line_index = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (self.lines.get(line_index).copied().unwrap_or(0), column)
    }
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Localised words the renderer writes itself (block labels, alert titles).
pub trait Labels {
    fn label(&self, key: &str) -> String;
}

/// The heading of a lesson-plan block as the reader sees it: "Activity: Find the Start button".
pub fn block_heading(labels: &dyn Labels, kind: BlockKind, title: Option<&str>) -> String {
    let label = labels.label(&format!("block.{}", kind.name()));
    match title {
        Some(title) => format!("{label}: {title}"),
        None => label,
    }
}

fn emit(
    segments: &[Segment],
    view: View,
    labels: &dyn Labels,
    out: &mut ViewText,
    top_level: bool,
) {
    for segment in segments.iter().filter(|s| view.shows(s, top_level)) {
        match segment {
            Segment::Text { text, first_line } => {
                out.push_source(text, *first_line);
                out.push_generated("");
            }
            Segment::Block {
                kind,
                title,
                lines,
                children,
                ..
            } => {
                let name = kind.name();
                let heading = escape_html(&block_heading(labels, *kind, title.as_deref()));
                if *kind == BlockKind::Solution {
                    out.push_generated(&format!(
                        "\n<details class=\"block block-solution\">\n<summary>{heading}</summary>\n\n"
                    ));
                } else {
                    out.push_generated(&format!(
                        "\n<div class=\"block block-{name}\" role=\"note\">\n<p class=\"block-label\">{heading}</p>\n\n"
                    ));
                }
                emit(children, view, labels, out, false);
                if *kind == BlockKind::Write {
                    let rules = "<span class=\"write-line\"></span>".repeat(*lines as usize);
                    out.push_generated(&format!(
                        "\n<div class=\"write-space\" aria-hidden=\"true\">{rules}</div>\n"
                    ));
                }
                let close = if *kind == BlockKind::Solution {
                    "</details>"
                } else {
                    "</div>"
                };
                out.push_generated(&format!("\n{close}\n\n"));
            }
        }
    }
}

/// A heading of the rendered page, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Where a link or image in the Markdown leads, as decided by the site.
pub enum Target {
    Url(String),
    Broken { message: String, hint: String },
}

pub trait Resolver {
    fn link(&self, dest: &str) -> Target;
    fn image(&self, dest: &str) -> Target;
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The Markdown extensions lessons may use, for the web pages and the PDFs alike.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The anchor a heading gets: lower-case letters and digits of any script, words joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// Heading anchors of a body, as the trainer view renders them.
pub fn anchors(body: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut in_heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    unique(id.unwrap_or_else(|| slugify(&text)), &mut used);
                }
            }
            _ => {}
        }
    }
    used
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub const HIGHLIGHT_PREFIX: &str = "hl-";

fn highlight(code: &str, lang: &str) -> String {
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let class = escape_html(lang);
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{class}\">{}</code></pre>\n",
            escape_html(code)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                escape_html(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"><code class=\"language-{class}\">{}</code></pre>\n",
        generator.finalize()
    )
}

fn alert_key(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// A heading being collected: level, explicit id, classes, and its inline events.
type OpenHeading<'a> = (u8, Option<String>, Vec<String>, Vec<Event<'a>>);

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Renders one view of a parsed body to HTML.
pub fn render(
    path: &Path,
    file_text: &str,
    segments: &[Segment],
    view: View,
    labels: &dyn Labels,
    resolver: &dyn Resolver,
) -> Rendered {
    let mut view_text = ViewText {
        text: String::new(),
        lines: Vec::new(),
    };
    emit(segments, view, labels, &mut view_text, true);
    let mut diagnostics = Vec::new();
    let mut toc = Vec::new();
    let mut used_ids = BTreeSet::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut image_alt: Option<(usize, bool)> = None;

    let report =
        |offset: usize, message: String, hint: String, diagnostics: &mut Vec<Diagnostic>| {
            let (line, column) = view_text.source_position(offset);
            diagnostics.push(
                Diagnostic::error(path, message)
                    .at(line, column)
                    .hint(hint)
                    .with_source(file_text),
            );
        };

    for (event, range) in Parser::new_ext(&view_text.text, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match resolver.link(&dest_url) {
                    Target::Url(url) => url,
                    Target::Broken { message, hint } => {
                        report(range.start, message, hint, &mut diagnostics);
                        dest_url.to_string()
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_alt = Some((range.start, false));
                let dest = match resolver.image(&dest_url) {
                    Target::Url(url) => url,
                    Target::Broken { message, hint } => {
                        report(range.start, message, hint, &mut diagnostics);
                        dest_url.to_string()
                    }
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, false)) = image_alt.take() {
                    report(
                        start,
                        "this image has no alt text".to_owned(),
                        "describe the picture between the brackets: ![The desktop with three icons](desktop.svg)".to_owned(),
                        &mut diagnostics,
                    );
                }
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let key = alert_key(kind);
                let title = escape_html(&labels.label(&format!("alert.{key}")));
                Event::Html(format!("<div class=\"alert alert-{key}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into())
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            // The box only draws the checklist: an unlabelled form control would be a nameless
            // field to a screen reader (WCAG 4.1.2).
            Event::TaskListMarker(done) => Event::InlineHtml(
                format!(
                    "<input type=\"checkbox\" disabled aria-hidden=\"true\"{}> ",
                    if done { " checked" } else { "" }
                )
                .into(),
            ),
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html("<div class=\"table-scroll\">".into()));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = code.take().unwrap_or_default();
                Event::Html(highlight(&text, &lang).into())
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = &mut code {
                    buffer.push_str(&text);
                }
                continue;
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    heading_level(level),
                    id.map(|i| i.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                ));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, classes, inner)) = heading.take() {
                    let mut text = String::new();
                    for e in &inner {
                        if let Event::Text(t) | Event::Code(t) = e {
                            text.push_str(t);
                        }
                    }
                    let id = unique(id.unwrap_or_else(|| slugify(&text)), &mut used_ids);
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    if (2..=3).contains(&level) {
                        toc.push(TocEntry {
                            level,
                            id: id.clone(),
                            title: text.trim().to_owned(),
                        });
                    }
                    let class = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape_html(&classes.join(" ")))
                    };
                    let mut html = String::new();
                    let _ = writeln!(
                        html,
                        "<h{level} id=\"{id}\"{class}>{inner_html} <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>",
                        id = escape_html(&id)
                    );
                    events.push(Event::Html(html.into()));
                }
                continue;
            }
            other => other,
        };
        if let Some((_, has_alt)) = &mut image_alt
            && matches!(&event, Event::Text(t) if !t.trim().is_empty())
        {
            *has_alt = true;
        }
        match &mut heading {
            Some((.., inner)) => inner.push(event),
            None => events.push(event),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        toc,
        diagnostics,
    }
}

/// Renders a short inline text (a phase activity, an objective) that may use emphasis or links.
pub fn render_inline(text: &str) -> String {
    let mut html = String::new();
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLabels;
    impl Labels for NoLabels {
        fn label(&self, key: &str) -> String {
            key.to_owned()
        }
    }
    struct Echo;
    impl Resolver for Echo {
        fn link(&self, dest: &str) -> Target {
            if dest.contains("missing") {
                Target::Broken {
                    message: "broken".into(),
                    hint: "fix".into(),
                }
            } else {
                Target::Url(dest.to_owned())
            }
        }
        fn image(&self, dest: &str) -> Target {
            Target::Url(dest.to_owned())
        }
    }

    const BODY: &str = "Intro for trainers.\n\n::: trainer\nSecret note.\n:::\n\n:::: activity Find it\nLook.\n\n::: solution\nHere.\n:::\n::::\n\n::: handout\nFor all.\n:::\n";

    fn render_view(view: View) -> Rendered {
        let segments = parse_blocks(Path::new("a.md"), BODY, BODY, 1).unwrap();
        render(Path::new("a.md"), BODY, &segments, view, &NoLabels, &Echo)
    }

    #[test]
    fn participant_view_drops_trainer_material() {
        let html = render_view(View::Participant).html;
        assert!(!html.contains("Secret note"));
        assert!(!html.contains("Intro for trainers"));
        assert!(!html.contains("Here."));
        assert!(html.contains("For all."));
        assert!(html.contains("block.activity: Find it"));
    }

    #[test]
    fn trainer_view_keeps_everything() {
        let html = render_view(View::Trainer).html;
        for text in [
            "Secret note",
            "Intro for trainers",
            "<details class=\"block block-solution\">",
            "For all.",
        ] {
            assert!(html.contains(text), "{text} missing in {html}");
        }
    }

    #[test]
    fn unclosed_and_unknown_blocks_are_errors() {
        let body = "::: trainr\nx\n";
        let errors = parse_blocks(Path::new("a.md"), body, body, 5).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `trainer`?"));
        assert_eq!(errors[0].line, 5);
    }

    #[test]
    fn broken_link_points_at_source_line() {
        let body = "Text\n\n::: handout\nSee [x](missing.md).\n:::\n";
        let segments = parse_blocks(Path::new("a.md"), body, body, 10).unwrap();
        let rendered = render(
            Path::new("a.md"),
            body,
            &segments,
            View::Trainer,
            &NoLabels,
            &Echo,
        );
        assert_eq!(rendered.diagnostics.len(), 1);
        assert_eq!(
            (rendered.diagnostics[0].line, rendered.diagnostics[0].column),
            (13, 5)
        );
    }

    #[test]
    fn headings_get_unique_anchors_in_any_script() {
        let body = "## Die Maus\n\n## Die Maus\n\n## الفأرة\n";
        let rendered = render(
            Path::new("a.md"),
            body,
            &parse_blocks(Path::new("a.md"), body, body, 1).unwrap(),
            View::Trainer,
            &NoLabels,
            &Echo,
        );
        let ids: Vec<&str> = rendered.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["die-maus", "die-maus-1", "الفأرة"]);
        assert_eq!(anchors(body).len(), 3);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let body = "```rust\nfn main() {}\n```\n";
        let rendered = render(
            Path::new("a.md"),
            body,
            &parse_blocks(Path::new("a.md"), body, body, 1).unwrap(),
            View::Trainer,
            &NoLabels,
            &Echo,
        );
        assert!(rendered.html.contains("class=\"hl-"), "{}", rendered.html);
    }
}
