//! Card sheets: every `cards` block of a lesson as a PDF to print and cut, one card per list item
//! or a front and a back per table row. Typst measures each card; one too long for its box stops
//! the build at the card's line.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::document::{Job, MainFile, Writer};
use super::markup::Converter;
use super::values::{array, dict, string};
use crate::config::iso_639;
use crate::content::Bodies;
use crate::content::model::Lesson;
use crate::markdown::{BlockKind, CardOptions, Segment, block_heading, options};

/// One card as written: its front and back as Markdown, and its line in the source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub front: String,
    pub back: Option<String>,
    pub line: usize,
}

/// A `cards` block of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct CardBlock {
    pub title: Option<String>,
    pub options: CardOptions,
    pub line: usize,
    pub cards: Vec<Card>,
}

/// Every `cards` block of a body, in reading order, nested ones included.
pub fn card_blocks(segments: &[Segment]) -> Vec<CardBlock> {
    let mut blocks = Vec::new();
    for segment in segments {
        if let Segment::Block {
            kind,
            title,
            cards,
            line,
            children,
            ..
        } = segment
        {
            if *kind == BlockKind::Cards {
                blocks.push(CardBlock {
                    title: title.clone(),
                    options: *cards,
                    line: *line,
                    cards: children.iter().flat_map(cards_of).collect(),
                });
            } else {
                blocks.extend(card_blocks(children));
            }
        }
    }
    blocks
}

/// The cards a piece of a block's text holds: its top-level list items, or its table's rows.
fn cards_of(segment: &Segment) -> Vec<Card> {
    let Segment::Text { text, first_line } = segment else {
        return Vec::new();
    };
    let line_of = |offset: usize| first_line + text[..offset].matches('\n').count();
    let source = |range: &Range<usize>| text[range.clone()].trim().to_owned();
    let mut cards = Vec::new();
    let (mut depth, mut in_head) = (0, false);
    let mut row: Vec<(String, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 1 => cards.push(Card {
                front: item_text(&source(&range)),
                back: None,
                line: line_of(range.start),
            }),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) if !in_head => {
                row.push((source(&range), line_of(range.start)));
            }
            Event::End(TagEnd::TableRow) if !in_head => {
                let mut cells = std::mem::take(&mut row).into_iter();
                if let Some((front, line)) = cells.next() {
                    let back: Vec<String> =
                        cells.map(|(c, _)| c).filter(|c| !c.is_empty()).collect();
                    cards.push(Card {
                        front,
                        back: (!back.is_empty()).then(|| back.join("\n\n")),
                        line,
                    });
                }
            }
            _ => {}
        }
    }
    cards
}

/// A list item's text without its marker (`- `, `* `, `+ `, `1. `).
fn item_text(item: &str) -> String {
    let rest = item.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let rest = if digits > 0 {
        rest[digits..].trim_start_matches(['.', ')'])
    } else {
        rest.trim_start_matches(['-', '*', '+'])
    };
    rest.trim().to_owned()
}

/// The main file of the `n`-th card sheet of `lesson` in `job`'s language (a sheet without cards
/// when the lesson has no such block, which the jobs, made from the same bodies, never ask for).
pub(super) fn main_file(writer: &Writer, job: &Job, lesson: &Lesson, n: usize) -> MainFile {
    let (language, program) = (job.language, job.program);
    let lang = language.code.as_str();
    let resolved = lesson.docs.resolve(lang);
    let doc = &resolved.item.doc;
    let segments = writer.bodies.get(&doc.path).map_or(&[][..], Vec::as_slice);
    let block = card_blocks(segments)
        .into_iter()
        .nth(n.saturating_sub(1))
        .unwrap_or(CardBlock {
            title: None,
            options: CardOptions::default(),
            line: 0,
            cards: Vec::new(),
        });
    let targets = writer.targets(lang, program, doc, Vec::new());
    let words = writer.words(lang);
    let mut converter = Converter::new(&targets, &words);
    let mut markup = |text: &str| format!("[{}]", converter.inline(text));
    let cards = block.cards.iter().map(|card| {
        let back = card.back.as_deref().map_or("none".to_owned(), &mut markup);
        dict(&[("front", markup(&card.front)), ("back", back)])
    });
    let cards = array(cards.collect::<Vec<_>>());
    let site = &writer.project.site;
    let heading = block_heading(&words, BlockKind::Cards, block.title.as_deref());
    let source = site.language(&doc.lang).unwrap_or(language);
    let (columns, rows) = block.options.grid();
    let footer = format!(
        "{} · {} {}: {} · {}",
        program.title(lang),
        writer.text(lang, "lesson.lesson"),
        lesson.number,
        resolved.item.text.title,
        site.licence.name
    );
    let meta = dict(&[
        ("title", string(&heading)),
        ("lang", string(&iso_639(&source.code))),
        ("dir", source.direction.as_str().to_owned()),
        ("paper", string(site.paper.typst_name())),
        ("columns", columns.to_string()),
        ("rows", rows.to_string()),
        ("large", block.options.large.to_string()),
        ("two-sided", block.options.two_sided.to_string()),
        ("footer", string(&footer)),
    ]);
    MainFile {
        text: format!(
            "#import \"/digifam.typ\": *\n#import \"/cards.typ\": card-sheet\n#card-sheet({meta}, {cards})\n"
        ),
        media: targets.media.into_inner(),
        reported_on: doc.path.clone(),
        card_lines: block.cards.iter().map(|c| c.line).collect(),
    }
}

/// The card a Typst error says is too long (`digifam-card-too-long:3`, counted from 1).
pub(super) fn too_long(message: &str) -> Option<usize> {
    let rest = &message[message.find("digifam-card-too-long:")? + "digifam-card-too-long:".len()..];
    rest.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// How many `cards` blocks the body of `lesson` has in `lang`.
pub(super) fn count(bodies: &Bodies, lesson: &Lesson, lang: &str) -> usize {
    let doc = &lesson.docs.resolve(lang).item.doc;
    bodies
        .get(&doc.path)
        .map_or(0, |segments| card_blocks(segments).len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_blocks;
    use std::path::Path;

    fn blocks(body: &str) -> Vec<CardBlock> {
        card_blocks(&parse_blocks(Path::new("a.md"), body, body, 10).unwrap())
    }

    #[test]
    fn list_items_are_cards_and_table_rows_have_backs() {
        let found = blocks(
            "::: cards Words\n- Maus\n- **Taste**\n  more\n\n  - nested\n:::\n\n::: trainer\n::: cards [4] Pairs\n| Question | Answer |\n| --- | --- |\n| Who? | Me |\n| Why? |  |\n:::\n:::\n",
        );
        assert_eq!(found.len(), 2);
        let fronts: Vec<&str> = found[0].cards.iter().map(|c| c.front.as_str()).collect();
        assert_eq!(fronts, ["Maus", "**Taste**\n  more\n\n  - nested"]);
        assert_eq!(found[0].cards[1].line, 12);
        assert_eq!(found[1].options.per_sheet, 4);
        let pairs: Vec<(&str, Option<&str>)> = found[1]
            .cards
            .iter()
            .map(|c| (c.front.as_str(), c.back.as_deref()))
            .collect();
        assert_eq!(pairs, [("Who?", Some("Me")), ("Why?", None)]);
        assert_eq!(found[1].cards[0].line, 22);
    }
}
