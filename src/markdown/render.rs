//! One view of a parsed body to HTML: the view's Markdown is written out with its blocks as
//! HTML, then pulldown-cmark's events are rewritten on their way to HTML (links resolved,
//! headings given anchors, code highlighted, alerts and tables wrapped), every problem reported
//! at its line in the source file.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::anchors::{slugify, unique};
use super::highlight::highlight;
use super::sanitize::{self, AllowedHtml};
use super::{BlockKind, Labels, Picture, Segment, View, block_heading, escape_html, options};
use crate::diagnostic::Diagnostic;

/// Quotes and lists an author may nest before a warning; the PDFs frame at least this many.
const MAX_NESTING: usize = 12;

/// Markdown text of one view, with a source line for each of its lines (0 for generated lines).
#[derive(Default)]
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

    fn blank(&mut self) {
        self.push_generated("\n");
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
            Segment::Picture(picture) => emit_picture(picture, view, out),
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

/// A labelled picture: the image with its numbered markers placed over it, then its key, which
/// participants who write it themselves get as numbered lines.
fn emit_picture(picture: &Picture, view: View, out: &mut ViewText) {
    // HTML blocks end at a blank line: every change between HTML and Markdown needs one.
    out.push_generated("\n<figure class=\"labelled\">\n<div class=\"labelled-picture\">");
    out.blank();
    out.push_source(&picture.image, picture.line);
    out.blank();
    let markers: String = (picture.markers.iter().enumerate())
        .map(|(i, m)| {
            let n = i + 1;
            format!(
                "<span class=\"label-marker\" style=\"left:{}%;top:{}%\">{n}</span>",
                m.x, m.y
            )
        })
        .collect();
    out.push_generated(&format!(
        "<div class=\"label-markers\" aria-hidden=\"true\">{markers}</div>\n</div>"
    ));
    out.blank();
    if picture.write && view == View::Participant {
        let lines = "<li><span class=\"write-line\"></span></li>".repeat(picture.markers.len());
        out.push_generated(&format!("<ol class=\"label-key\">{lines}</ol>"));
    } else {
        for (i, marker) in picture.markers.iter().enumerate() {
            out.push_source(&format!("{}. {}", i + 1, marker.text), marker.line);
        }
    }
    out.blank();
    out.push_generated("</figure>");
    out.blank();
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Where a link or image in the Markdown leads, as decided by the site.
pub enum Target {
    Url(String),
    /// A working address with something the author should know: a picture whose words are not
    /// in the page's language.
    Warned {
        url: String,
        message: String,
        hint: String,
    },
    /// No link: its text stays as plain text (a package that holds no page for the target).
    Text,
    Broken {
        message: String,
        hint: String,
    },
}

impl Target {
    /// The address, when there is one.
    pub fn url(self) -> Option<String> {
        match self {
            Target::Url(url) | Target::Warned { url, .. } => Some(url),
            Target::Text | Target::Broken { .. } => None,
        }
    }
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

/// Renders one view of a parsed body to HTML.
pub fn render(
    path: &Path,
    file_text: &str,
    segments: &[Segment],
    view: View,
    labels: &dyn Labels,
    resolver: &dyn Resolver,
    allowed: &AllowedHtml,
) -> Rendered {
    let mut view_text = ViewText::default();
    emit(segments, view, labels, &mut view_text, true);
    let mut writer = HtmlWriter {
        path,
        file_text,
        view_text: &view_text,
        labels,
        resolver,
        diagnostics: Vec::new(),
        toc: Vec::new(),
        used_ids: BTreeSet::new(),
        events: Vec::new(),
        heading: None,
        code: None,
        image_alt: None,
        unlinked: false,
        allowed,
        raw_html: false,
        nesting: 0,
        deep_reported: false,
    };
    for (event, range) in Parser::new_ext(&view_text.text, options()).into_offset_iter() {
        writer.event(event, range.start);
    }
    let raw_html = writer.raw_html;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, writer.events.into_iter());
    if raw_html {
        html = sanitize::clean(&html, allowed);
    }
    Rendered {
        html,
        toc: writer.toc,
        diagnostics: writer.diagnostics,
    }
}

/// A heading being collected: level, explicit id, classes, and its inline events.
struct OpenHeading<'t> {
    level: u8,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'t>>,
}

/// Rewrites the events of one view's Markdown (text `'t`) into the events of its HTML.
struct HtmlWriter<'a, 't> {
    path: &'a Path,
    file_text: &'a str,
    view_text: &'a ViewText,
    labels: &'a dyn Labels,
    resolver: &'a dyn Resolver,
    diagnostics: Vec<Diagnostic>,
    toc: Vec<TocEntry>,
    used_ids: BTreeSet<String>,
    events: Vec<Event<'t>>,
    heading: Option<OpenHeading<'t>>,
    /// The language and text of the code block being collected.
    code: Option<(String, String)>,
    /// Where the image being read starts, and whether it has alt text so far.
    image_alt: Option<(usize, bool)>,
    /// Whether the link being read was resolved to [`Target::Text`]: its end is dropped too.
    unlinked: bool,
    /// The raw HTML the project allows beyond the default list.
    allowed: &'a AllowedHtml,
    /// Whether the author wrote raw HTML: the body is cleaned when it is written out.
    raw_html: bool,
    /// Quotes and lists open around the current event, and whether their depth was reported.
    nesting: usize,
    deep_reported: bool,
}

impl<'t> HtmlWriter<'_, 't> {
    /// Reports a problem at `offset` in the view text, at its line in the source file.
    fn report(&mut self, offset: usize, message: String, hint: String) {
        let diagnostic = Diagnostic::error(self.path, message);
        self.push_diagnostic(diagnostic, offset, hint);
    }

    fn warn(&mut self, offset: usize, message: String, hint: String) {
        let diagnostic = Diagnostic::warning(self.path, message);
        self.push_diagnostic(diagnostic, offset, hint);
    }

    fn push_diagnostic(&mut self, diagnostic: Diagnostic, offset: usize, hint: String) {
        let (line, column) = self.view_text.source_position(offset);
        self.diagnostics.push(
            diagnostic
                .at(line, column)
                .hint(hint)
                .with_source(self.file_text),
        );
    }

    /// Takes in one event: code and headings are collected until they end, every other event is
    /// rewritten and kept.
    fn event(&mut self, event: Event<'t>, offset: usize) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            self.check_raw_html(html, offset);
        }
        self.check_nesting(&event, offset);
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code = Some((code_language(kind), String::new()));
            }
            Event::Text(text) if self.code.is_some() => {
                if let Some((_, buffer)) = &mut self.code {
                    buffer.push_str(&text);
                }
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(OpenHeading {
                    level: level as u8,
                    id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    inner: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = self.heading.take() {
                    let html = self.heading_html(heading);
                    self.events.push(Event::Html(html.into()));
                }
            }
            other => {
                let event = self.rewrite(other, offset);
                self.push(event);
            }
        }
    }

    /// Quotes and lists nested deeper than any lesson needs: a warning, once per page, since the
    /// PDFs cannot frame every level.
    fn check_nesting(&mut self, event: &Event, offset: usize) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                self.nesting += 1;
                if self.nesting > MAX_NESTING && !self.deep_reported {
                    self.deep_reported = true;
                    self.warn(
                        offset,
                        format!(
                            "quotes and lists are nested more than {MAX_NESTING} levels deep here"
                        ),
                        "nest fewer levels: the PDFs show the deeper levels without their frames"
                            .to_owned(),
                    );
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                self.nesting = self.nesting.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// Raw HTML the author wrote (digifam's own generated lines map to line 0): a warning for
    /// everything the allow-list drops from it.
    fn check_raw_html(&mut self, html: &str, offset: usize) {
        if self.view_text.source_position(offset).0 == 0 {
            return;
        }
        self.raw_html = true;
        for (at, what) in sanitize::removed(html, self.allowed) {
            self.warn(
                offset + at,
                format!("{what} removed from the raw HTML"),
                "pages keep only harmless HTML (docs/content-format.md lists it): write it in Markdown, or allow the element in site.yaml under `allow_html` if the project needs it".to_owned(),
            );
        }
    }

    fn rewrite(&mut self, event: Event<'t>, offset: usize) -> Event<'t> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = self.resolver.link(&dest_url);
                if matches!(target, Target::Text) {
                    self.unlinked = true;
                    return Event::InlineHtml("".into());
                }
                let dest_url = self.destination(target, dest_url, offset);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
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
                self.image_alt = Some((offset, false));
                let dest_url = self.destination(self.resolver.image(&dest_url), dest_url, offset);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) if self.unlinked => {
                self.unlinked = false;
                Event::InlineHtml("".into())
            }
            Event::End(TagEnd::Image) => {
                self.check_alt_text();
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => self.alert(kind),
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
                self.events
                    .push(Event::Html("<div class=\"table-scroll\">".into()));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                Event::Html(highlight(&text, &lang).into())
            }
            other => other,
        }
    }

    fn push(&mut self, event: Event<'t>) {
        if let Some((_, has_alt)) = &mut self.image_alt
            && matches!(&event, Event::Text(t) if !t.trim().is_empty())
        {
            *has_alt = true;
        }
        match &mut self.heading {
            Some(heading) => heading.inner.push(event),
            None => self.events.push(event),
        }
    }

    /// The address a link or image leads to; a broken one is reported and left as written.
    fn destination(&mut self, target: Target, written: CowStr<'t>, offset: usize) -> CowStr<'t> {
        match target {
            Target::Url(url) => CowStr::from(url),
            Target::Warned { url, message, hint } => {
                self.warn(offset, message, hint);
                CowStr::from(url)
            }
            Target::Text => written,
            Target::Broken { message, hint } => {
                self.report(offset, message, hint);
                CowStr::from(written.to_string())
            }
        }
    }

    fn check_alt_text(&mut self) {
        if let Some((start, false)) = self.image_alt.take() {
            self.report(
                start,
                "this image has no alt text".to_owned(),
                "describe the picture between the brackets: ![The desktop with three icons](desktop.svg)".to_owned(),
            );
        }
    }

    /// The start of a GitHub alert (`> [!TIP]`), titled in the page's language.
    fn alert(&self, kind: BlockQuoteKind) -> Event<'t> {
        let key = alert_key(kind);
        let title = escape_html(&self.labels.label(&format!("alert.{key}")));
        Event::Html(format!("<div class=\"alert alert-{key}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into())
    }

    /// A heading with its unique id and a link to itself; levels 2 and 3 go into the table of
    /// contents.
    fn heading_html(&mut self, heading: OpenHeading<'t>) -> String {
        let OpenHeading {
            level,
            id,
            classes,
            inner,
        } = heading;
        let mut text = String::new();
        for e in &inner {
            if let Event::Text(t) | Event::Code(t) = e {
                text.push_str(t);
            }
        }
        let id = unique(id.unwrap_or_else(|| slugify(&text)), &mut self.used_ids);
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        if (2..=3).contains(&level) {
            self.toc.push(TocEntry {
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
        html
    }
}

fn code_language(kind: CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
        CodeBlockKind::Indented => String::new(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{anchors, parse_blocks};

    struct Echo;
    impl Resolver for Echo {
        fn link(&self, dest: &str) -> Target {
            if dest.contains("missing") {
                Target::Broken {
                    message: "broken".into(),
                    hint: "fix".into(),
                }
            } else if dest.contains("elsewhere") {
                Target::Text
            } else {
                Target::Url(dest.to_owned())
            }
        }
        fn image(&self, dest: &str) -> Target {
            Target::Url(dest.to_owned())
        }
    }

    const BODY: &str = "Intro for trainers.\n\n::: trainer\nSecret note.\n:::\n\n:::: activity Find it\nLook.\n\n::: solution\nHere.\n:::\n::::\n\n::: handout\nFor all.\n:::\n";

    fn render_body(body: &str, view: View) -> Rendered {
        let segments = parse_blocks(Path::new("a.md"), body, body, 1).unwrap();
        render(
            Path::new("a.md"),
            body,
            &segments,
            view,
            &crate::markdown::KeyLabels,
            &Echo,
            &AllowedHtml::new(),
        )
    }

    fn render_view(view: View) -> Rendered {
        render_body(BODY, view)
    }

    #[test]
    fn a_link_resolved_to_text_keeps_only_its_text() {
        let body = "See [the *other* unit](elsewhere.md) and [this one](here.md).\n";
        let rendered = render_body(body, View::Trainer);
        assert_eq!(
            rendered.html,
            "<p>See the <em>other</em> unit and <a href=\"here.md\">this one</a>.</p>\n"
        );
        assert!(rendered.diagnostics.is_empty());
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
    fn broken_link_points_at_source_line() {
        let body = "Text\n\n::: handout\nSee [x](missing.md).\n:::\n";
        let segments = parse_blocks(Path::new("a.md"), body, body, 10).unwrap();
        let rendered = render(
            Path::new("a.md"),
            body,
            &segments,
            View::Trainer,
            &crate::markdown::KeyLabels,
            &Echo,
            &AllowedHtml::new(),
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
        let rendered = render_body(body, View::Trainer);
        let ids: Vec<&str> = rendered.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["die-maus", "die-maus-1", "الفأرة"]);
        assert_eq!(anchors(body).len(), 3);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let body = "```rust\nfn main() {}\n```\n";
        let rendered = render_body(body, View::Trainer);
        assert!(rendered.html.contains("class=\"hl-"), "{}", rendered.html);
    }

    #[test]
    fn plain_text_is_not_coloured() {
        let body = "```text\nSara Beispiel\n```\n";
        let rendered = render_body(body, View::Trainer);
        assert!(
            rendered
                .html
                .contains("<code class=\"language-text\">Sara Beispiel\n</code>"),
            "{}",
            rendered.html
        );
    }
}
