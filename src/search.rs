//! Offline search: one index per language, written as a script (`{lang}/search-index.js`) that the
//! search page loads with a `<script>` tag, because browsers refuse to `fetch` a file from `file://`.
//!
//! The index holds each lesson's text once, as plain text for the result snippets, and an inverted
//! index of folded words for finding them. Folding happens here; `search.js` folds the query and
//! the snippets with the same table, which the index carries, so the two can never disagree.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::cache::{Key, KeyHasher};
use crate::content::Bodies;
use crate::content::model::Project;
use crate::locale::Catalog;
use crate::markdown::{self, Segment, View};
use crate::site::{OutputFile, index_path, lesson_path};
use crate::view::{LessonView, Words};

/// Where a word stands in a lesson; the higher, the better the hit. `search.js` weighs the ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Body = 0,
    Program = 1,
    Objective = 2,
    Keyword = 3,
    Title = 4,
}

/// Postings pack the rank into the low bits of each number.
const RANK_BITS: u32 = 3;

/// Longer "words" are URLs, codes or noise nobody types.
const MAX_TERM_CHARS: usize = 40;

/// Letters written in several ways that readers expect to find each other, after lower-casing.
const FOLDS: &[(char, &str)] = &[
    // Latin letters with diacritics: German umlauts, Turkish ç ğ ı ö ş ü, French, Polish, Czech…
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('ć', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ð', "d"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ē', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ğ', "g"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ī', "i"),
    ('į', "i"),
    // Turkish dotless ı; dotted İ lower-cases to i and a combining dot, dropped below.
    ('ı', "i"),
    ('ł', "l"),
    ('ľ', "l"),
    ('ñ', "n"),
    ('ń', "n"),
    ('ň', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ō', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ř', "r"),
    ('ś', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ș', "s"),
    ('ß', "ss"),
    ('ť', "t"),
    ('ţ', "t"),
    ('ț', "t"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ū', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ý', "y"),
    ('ÿ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
    // Cyrillic: ё is mostly written е; ґ is often typed as г.
    ('ё', "е"),
    ('ґ', "г"),
    // Arabic: hamza and madda forms of alif, tā' marbūṭa, alif maqṣūra, hamza seats, and the
    // Persian forms of yā' and kāf that Persian keyboards type.
    ('آ', "ا"),
    ('أ', "ا"),
    ('إ', "ا"),
    ('ٱ', "ا"),
    ('ة', "ه"),
    ('ى', "ي"),
    ('ئ', "ي"),
    ('ی', "ي"),
    ('ؤ', "و"),
    ('ک', "ك"),
];

/// Marks that fold to nothing: combining diacritics, Arabic tashkeel and tatweel, apostrophes
/// (`пам’ять`, `İstanbul'da`), the soft hyphen and the zero-width (non-)joiners of Persian.
const DROPPED: &[(char, char)] = &[
    ('\u{0300}', '\u{036F}'),
    ('\u{064B}', '\u{065F}'),
    ('\u{0670}', '\u{0670}'),
    ('\u{0640}', '\u{0640}'),
    ('\'', '\''),
    ('\u{2019}', '\u{2019}'),
    ('\u{02BC}', '\u{02BC}'),
    ('\u{00AD}', '\u{00AD}'),
    ('\u{200C}', '\u{200D}'),
];

/// Arabic-Indic and Persian digits, folded to 0–9.
const DIGITS: &[char] = &['\u{0660}', '\u{06F0}'];

/// Characters that join the parts of a word (`E-Mail`): the parts are words, and so is the whole.
const HYPHENS: &[char] = &['-', '\u{2010}', '\u{2011}'];

/// The folding table, after lower-casing: every character that changes, and what it becomes.
pub fn fold_table() -> &'static BTreeMap<char, String> {
    static TABLE: OnceLock<BTreeMap<char, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: BTreeMap<char, String> = FOLDS
            .iter()
            .map(|(from, to)| (*from, (*to).to_owned()))
            .collect();
        for (first, last) in DROPPED {
            table.extend((*first..=*last).map(|c| (c, String::new())));
        }
        for zero in DIGITS {
            table.extend(
                ('0'..='9')
                    .zip(*zero..)
                    .map(|(ascii, c)| (c, ascii.to_string())),
            );
        }
        table
    })
}

/// Letters after which German writes `e` for an umlaut where the keyboard has none: "Uebung",
/// "Maenner". Dropping that `e` on both sides lets "Ubung", "Übung" and "Uebung" meet.
fn e_after(lang: &str) -> &'static str {
    if lang == "de" { "aou" } else { "" }
}

/// Arabic writes the article, and the conjunctions and prepositions before it, together with the
/// word: a word is also a term without them, so that "سر" finds "السر" and "اطفال" finds "للأطفال".
/// Longest first, as they are tried in order.
fn prefixes(lang: &str) -> &'static [&'static str] {
    if lang == "ar" {
        &["وال", "بال", "فال", "كال", "لل", "ال"]
    } else {
        &[]
    }
}

/// Text as the search compares it: lower case, without diacritics, with letter variants unified.
/// `search.js` mirrors this character by character.
pub fn fold(lang: &str, text: &str) -> String {
    let table = fold_table();
    let e_after = e_after(lang);
    let mut out = String::with_capacity(text.len());
    let mut push = |f: char| {
        if !(f == 'e' && out.ends_with(|last| e_after.contains(last))) {
            out.push(f);
        }
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        // Most of a text is ASCII letters, which no entry of the table changes: the search index
        // folds every word of every lesson in every language.
        let plain = c.is_ascii_alphanumeric() || c == ' ';
        match (!plain).then(|| table.get(&c)).flatten() {
            Some(folded) => folded.chars().for_each(&mut push),
            None => push(c),
        }
    }
    out
}

/// The search terms of a text: folded words, hyphenated words also as one (`e-mail` gives `e`,
/// `mail` and `email`), and Arabic words also without their [`prefixes`].
pub fn terms(lang: &str, text: &str) -> Vec<String> {
    let folded = fold(lang, text);
    let mut terms = Vec::new();
    for chunk in folded.split(|c: char| !c.is_alphanumeric() && !HYPHENS.contains(&c)) {
        let parts: Vec<&str> = chunk.split(HYPHENS).filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 {
            terms.push(parts.concat());
        }
        for part in parts {
            let bare = prefixes(lang)
                .iter()
                .find_map(|prefix| part.strip_prefix(prefix))
                .filter(|rest| rest.chars().count() >= 2);
            terms.extend(bare.map(str::to_owned));
            terms.push(part.to_owned());
        }
    }
    terms.retain(|t| t.chars().count() <= MAX_TERM_CHARS);
    terms
}

/// A lesson body as plain text, one paragraph (heading, list item, table row) per entry. Trainer
/// notes and solutions are in: trainers are the ones searching.
fn plain_text(segments: &[Segment]) -> Vec<String> {
    let mut blocks = Vec::new();
    collect_text(segments, &mut blocks, true);
    blocks
}

/// The text of a lesson's trainer page, which shows every part of it.
fn collect_text(segments: &[Segment], blocks: &mut Vec<String>, top_level: bool) {
    for segment in segments
        .iter()
        .filter(|s| View::Trainer.shows(s, top_level))
    {
        match segment {
            Segment::Text { text, .. } => markdown_text(text, blocks),
            Segment::Picture(picture) => {
                for marker in &picture.markers {
                    markdown_text(&marker.text, blocks);
                }
            }
            Segment::Block {
                title, children, ..
            } => {
                blocks.extend(title.iter().cloned());
                collect_text(children, blocks, false);
            }
        }
    }
}

fn markdown_text(markdown: &str, blocks: &mut Vec<String>) {
    let mut current = String::new();
    let mut finish = |current: &mut String| {
        let block = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !block.is_empty() {
            blocks.push(block);
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, markdown::options()) {
        match event {
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::TableCell) => {
                current.push(' ')
            }
            // A list item's own paragraph ends inside it; a tight item has none.
            Event::Start(Tag::Item) | Event::Start(Tag::Paragraph) => finish(&mut current),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock,
            ) => finish(&mut current),
            _ => {}
        }
    }
    finish(&mut current);
}

/// Hands every text of a lesson to `add` with its rank, and returns the text its snippets are
/// taken from.
fn lesson_entry(shown: &LessonView, bodies: &Bodies, add: &mut impl FnMut(&str, Rank)) -> String {
    let keywords: Vec<String> = shown
        .keywords
        .iter()
        .map(|k| match k.definition {
            Some(definition) => format!("{}: {definition}", k.term),
            None => k.term.to_owned(),
        })
        .collect();
    let body = bodies
        .get(&shown.doc.path)
        .map(|segments| plain_text(segments))
        .unwrap_or_default();
    let objectives: Vec<&str> = shown.objectives.iter().map(|o| o.markdown()).collect();
    add(shown.title, Rank::Title);
    for keyword in &shown.keywords {
        add(keyword.term, Rank::Keyword);
    }
    for line in std::iter::once(shown.summary).chain(objectives.iter().copied()) {
        add(line, Rank::Objective);
    }
    add(shown.program_title, Rank::Program);
    for line in keywords.iter().chain(&body) {
        add(line, Rank::Body);
    }
    std::iter::once(shown.summary)
        .chain(objectives)
        .chain(keywords.iter().map(String::as_str))
        .chain(body.iter().map(String::as_str))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One lesson in the index: program, number, page, title, its text for snippets, and whether the
/// text is in the index's language (else in the default language, which the page falls back to).
#[derive(Serialize)]
struct Entry(usize, u32, String, String, String, bool);

/// The index of one language, as `search.js` reads it.
#[derive(Serialize)]
struct Index {
    lang: String,
    fold: BTreeMap<char, String>,
    /// Letters after which an `e` is dropped (see [`e_after`]).
    e_after: &'static str,
    /// What may stand before a word written together with it (see [`prefixes`]).
    prefixes: &'static [&'static str],
    programs: Vec<serde_json::Value>,
    /// The default language, which untranslated lessons are shown in.
    fallback: serde_json::Value,
    docs: Vec<Entry>,
    /// Sorted as JavaScript compares strings (by UTF-16 code units), for its binary search.
    terms: String,
    /// Per term, the lessons that have it: the gap to the previous lesson's number in the list,
    /// shifted left by [`RANK_BITS`], plus the best [`Rank`] of the term in that lesson.
    postings: Vec<Vec<u64>>,
}

fn language_index(project: &Project, catalog: &Catalog, bodies: &Bodies, lang: &str) -> Index {
    let default = project.site.default_language.as_str();
    let words = Words::new(catalog, lang);
    let mut programs = Vec::new();
    let mut docs = Vec::new();
    // Each term's documents, in the order they are added, which is their order in the index;
    // the terms are sorted once at the end.
    let mut ranks: HashMap<String, Vec<(usize, Rank)>> = HashMap::new();
    for (p, program) in project.programs.iter().enumerate() {
        let label = words.text(if program.kind.has_lesson_plans() {
            "lesson.lesson"
        } else {
            "lesson.chapter"
        });
        programs.push(json!({"title": program.title(lang), "label": label}));
        for lesson in &program.lessons {
            let shown = LessonView::new(&project.site, words, program, lesson);
            let doc = docs.len();
            let mut add = |field: &str, rank: Rank| {
                for term in terms(lang, field) {
                    let postings = ranks.entry(term).or_default();
                    match postings.last_mut() {
                        Some((last, best)) if *last == doc => *best = (*best).max(rank),
                        _ => postings.push((doc, rank)),
                    }
                }
            };
            let entry = lesson_entry(&shown, bodies, &mut add);
            docs.push(Entry(
                p,
                lesson.number,
                lesson_path(lang, &program.slug, &lesson.slug),
                shown.title.to_owned(),
                entry,
                shown.translated,
            ));
        }
    }
    let mut sorted: Vec<(String, Vec<(usize, Rank)>)> = ranks.into_iter().collect();
    sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    let postings = sorted
        .iter()
        .map(|(_, docs)| {
            let mut previous = 0;
            docs.iter()
                .map(|&(doc, rank)| {
                    let gap = (doc - previous) as u64;
                    previous = doc;
                    (gap << RANK_BITS) | rank as u64
                })
                .collect()
        })
        .collect();
    let terms: Vec<&str> = sorted.iter().map(|(t, _)| t.as_str()).collect();
    let fallback = project.site.language(default).map(|l| l.direction.as_str());
    Index {
        lang: lang.to_owned(),
        fallback: json!({"lang": default, "dir": fallback}),
        fold: fold_table().clone(),
        e_after: e_after(lang),
        prefixes: prefixes(lang),
        programs,
        docs,
        terms: terms.join(" "),
        postings,
    }
}

/// What the index of `lang` is made from, beside the build's fingerprint: every unit's files and
/// every lesson as the language shows it, with its number and whether it is translated. The
/// source's text itself is left out, so that editing a lesson in one language makes only the
/// indexes that show that text again.
pub fn index_key(project: &Project, lang: &str) -> Key {
    let mut hash = KeyHasher::new();
    hash.add(lang);
    for program in &project.programs {
        hash.add(&program.slug);
        for doc in program.docs.values() {
            hash.add(&doc.doc.path).add(&doc.doc.text);
        }
        for lesson in &program.lessons {
            let shown = lesson.docs.resolve(lang);
            hash.add(&lesson.slug)
                .add(lesson.number)
                .add(shown.translated);
            hash.add(&shown.item.doc.path).add(&shown.item.doc.text);
        }
    }
    hash.key()
}

/// The name of the global the index script assigns, which `search.js` reads.
const GLOBAL: &str = "digifamSearchIndex";

/// `{lang}/search-index.js` for every language of the site.
pub fn index_files(project: &Project, catalog: &Catalog, bodies: &Bodies) -> Vec<OutputFile> {
    project
        .site
        .languages
        .par_iter()
        .map(|language| index_file(project, catalog, bodies, &language.code))
        .collect()
}

/// The index of one language, as a script that sets `window.digifamSearchIndex`.
pub fn index_file(project: &Project, catalog: &Catalog, bodies: &Bodies, lang: &str) -> OutputFile {
    let index = language_index(project, catalog, bodies, lang);
    let json = serde_json::to_string(&index).unwrap_or_default();
    OutputFile::Bytes {
        path: index_path(lang),
        bytes: format!("window.{GLOBAL} = {json};\n").into_bytes(),
    }
}
