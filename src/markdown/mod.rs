//! Markdown to HTML: lesson-plan blocks, trainer and participant views, link rewriting, heading
//! anchors, code highlighting and GitHub alerts.
//!
//! pulldown-cmark has no fenced containers, so `:::` blocks are parsed first into [`Segment`]s
//! ([`blocks`]) and turned back into Markdown wrapped in HTML, one view at a time, keeping a map
//! to source lines so that every error still points at the author's file and line ([`render`]).

mod anchors;
mod blocks;
mod highlight;
mod picture;
mod render;
mod sanitize;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use anchors::{anchors, slugify};
pub use blocks::parse_blocks;
pub use highlight::HIGHLIGHT_PREFIX;
pub use picture::{Marker, Picture};
pub use render::{Rendered, Resolver, Target, TocEntry, render};
pub use sanitize::{AllowedHtml, clean as clean_html};

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
    /// Cards to print and cut: one per list item, or a front and a back per table row.
    Cards,
    /// A sheet to fill in: its tables have ruled cells with room to write.
    Worksheet,
    /// A picture with numbered markers and their key.
    Labels,
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
        BlockKind::Cards,
        BlockKind::Worksheet,
        BlockKind::Labels,
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
            BlockKind::Cards => "cards",
            BlockKind::Worksheet => "worksheet",
            BlockKind::Labels => "labels",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether participants see this block (the participant page and handout); cards only when
    /// their block says so.
    pub fn for_participants(self) -> bool {
        !matches!(
            self,
            BlockKind::Trainer | BlockKind::Solution | BlockKind::Cards
        )
    }
}

/// How a `cards` block is printed: `::: cards [12, large, two-sided, participants] Word cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardOptions {
    /// Cards on one sheet: 4, 6, 8, 9, 10, 12 or 16.
    pub per_sheet: u32,
    /// Larger type, for first readers.
    pub large: bool,
    /// A back for every card, on the next sheet, mirrored for long-edge duplex printing.
    pub two_sided: bool,
    /// Participants see the cards on their page and handout too.
    pub participants: bool,
}

impl Default for CardOptions {
    fn default() -> Self {
        CardOptions {
            per_sheet: 8,
            large: false,
            two_sided: false,
            participants: false,
        }
    }
}

impl CardOptions {
    pub const PER_SHEET: &'static [u32] = &[4, 6, 8, 9, 10, 12, 16];

    /// Columns and rows of a portrait sheet.
    pub fn grid(self) -> (u32, u32) {
        match self.per_sheet {
            4 => (2, 2),
            6 => (2, 3),
            9 => (3, 3),
            10 => (2, 5),
            12 => (3, 4),
            16 => (4, 4),
            _ => (2, 4),
        }
    }
}

/// A piece of a lesson body: Markdown text, a lesson-plan block holding more segments, or the
/// picture of a `labels` block.
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
        /// How a `cards` block is printed (the default for other blocks).
        cards: CardOptions,
        line: usize,
        children: Vec<Segment>,
    },
    Picture(Picture),
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
                Segment::Text { .. } | Segment::Picture(_) => !top_level,
                Segment::Block { kind, cards, .. } => {
                    kind.for_participants() || (*kind == BlockKind::Cards && cards.participants)
                }
            }
    }
}

pub fn escape_html(text: &str) -> String {
    // The characters escaped are ASCII, so the text is copied in runs between them rather than
    // character by character: every text of every page passes through here.
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// Localised words the renderer writes itself (block labels, alert titles).
pub trait Labels {
    fn label(&self, key: &str) -> String;
}

/// Labels shown as their keys (`block.activity`): for tools and tests that need no UI strings.
pub struct KeyLabels;

impl Labels for KeyLabels {
    fn label(&self, key: &str) -> String {
        key.to_owned()
    }
}

/// Links and images kept as written: for tools and tests that render a body outside a site.
pub struct AsWritten;

impl Resolver for AsWritten {
    fn link(&self, dest: &str) -> Target {
        Target::Url(dest.to_owned())
    }
    fn image(&self, dest: &str) -> Target {
        Target::Url(dest.to_owned())
    }
}

/// The heading of a lesson-plan block as the reader sees it: "Activity: Find the Start button".
pub fn block_heading(labels: &dyn Labels, kind: BlockKind, title: Option<&str>) -> String {
    let label = labels.label(&format!("block.{}", kind.name()));
    match title {
        Some(title) => format!("{label}: {title}"),
        None => label,
    }
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

/// The address of every image a Markdown text shows, blocks included (a `:::` line is text to
/// pulldown-cmark, so the images between them are still found).
pub fn image_destinations(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
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
