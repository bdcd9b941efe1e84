//! A program folder to a [`Program`]: its page in every language, then its lessons.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::discover::{self, SourceFile};
use super::document::{HasMeta, contradiction, missing, parse_doc};
use super::lesson;
use crate::config::SiteConfig;
use crate::content::memo::Memo;
use crate::content::model::{
    CertificateRule, Document, Kind, Program, ProgramDoc, ProgramText, Rhythm, Status, Translations,
};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    title: Option<String>,
    kind: Option<Kind>,
    summary: Option<String>,
    audience: Option<String>,
    duration: Option<String>,
    rhythm: Option<Rhythm>,
    certificate: Option<CertificateRule>,
    status: Option<Status>,
    source_version: Option<String>,
}

impl HasMeta for RawProgram {
    fn status(&self) -> Option<Status> {
        self.status
    }
    fn source_version(&self) -> Option<String> {
        self.source_version.clone()
    }
}

/// Loads the program `slug` from its folder `dir`. `None` when its page in the default language
/// is missing or broken; the problems are in `diagnostics`.
pub(super) fn load_program(
    root: &Path,
    site: &SiteConfig,
    slug: &str,
    dir: &Path,
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
    let listing = discover::list(root, dir, diagnostics);
    let sources = discover::read(listing.files, site, diagnostics);
    let default = site.default_language.as_str();
    let by_lang = sources.program();
    let Some(source) = by_lang.get(default) else {
        // An unreadable page has its error already.
        if !sources.unreadable_program {
            diagnostics.push(
                Diagnostic::error(
                    display_path(root, dir),
                    format!("program `{slug}` has no `_program.{default}.md`"),
                )
                .hint(format!(
                    "every program folder needs its page in the default language: create `curriculum/{slug}/_program.{default}.md`"
                )),
            );
        }
        return None;
    };
    let translations = by_lang.values().filter(|file| file.name.lang() != default);
    let mut program = program_page(slug, source, translations, memo, diagnostics)?;
    program.labels = svg_labels(root, dir, &listing.media);
    program.media = listing.media;
    lesson::add_lessons(&mut program, default, &sources, memo, diagnostics);
    Some(program)
}

/// The program with its page in every language and no lessons yet; `None` when the source's
/// front matter is broken.
fn program_page<'a>(
    slug: &str,
    source_file: &SourceFile,
    translations: impl Iterator<Item = &'a &'a SourceFile>,
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
    let (raw, doc) = parse_doc::<RawProgram>(source_file, memo, diagnostics)?;
    let kind = kind(&raw, &doc, diagnostics);
    let certificate = certificate(&raw, &doc, diagnostics);
    let text = program_text(&raw, &doc, None, diagnostics);
    let source = ProgramDoc { doc, text };
    let translated: Vec<ProgramDoc> = translations
        .filter_map(|file| {
            let rules = (raw.rhythm, certificate);
            translation(file, kind, rules, &source, memo, diagnostics)
        })
        .collect();
    let docs = Translations::new(
        &source.doc.lang.clone(),
        source,
        translated.into_iter().map(|d| (d.doc.lang.clone(), d)),
    );
    Some(Program {
        slug: slug.to_owned(),
        kind,
        rhythm: raw.rhythm,
        certificate,
        docs,
        lessons: Vec::new(),
        media: Vec::new(),
        labels: Default::default(),
        unreadable: Default::default(),
    })
}

/// The words on the SVG images of a program, by file (see [`Program::labels`]).
fn svg_labels(root: &Path, dir: &Path, media: &[PathBuf]) -> BTreeMap<PathBuf, Vec<String>> {
    media
        .iter()
        .filter(|file| file.extension().is_some_and(|e| e == "svg"))
        .filter_map(|file| {
            let text = std::fs::read_to_string(root.join(dir).join(file)).ok()?;
            let labels = text_labels(&text);
            (!labels.is_empty()).then(|| (file.clone(), labels))
        })
        .collect()
}

/// The texts of an SVG's `<text>` elements (their `<tspan>`s joined), leaving out those that are
/// only numbers or punctuation, which read the same in every language.
fn text_labels(svg: &str) -> Vec<String> {
    let mut labels = Vec::new();
    for element in svg.split("<text").skip(1) {
        let Some(body) = element.split_once('>').map(|(_, body)| body) else {
            continue;
        };
        let inner = body.split("</text>").next().unwrap_or_default();
        let mut words = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => words.push(c),
                _ => {}
            }
        }
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.chars().any(char::is_alphabetic) {
            labels.push(words);
        }
    }
    labels
}

/// The source's `kind`; a course, with an error, when it has none.
fn kind(raw: &RawProgram, doc: &Document, diagnostics: &mut Diagnostics) -> Kind {
    raw.kind.unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::error(&doc.path, "the program has no `kind`")
                .at(doc.front_matter.line, 1)
                .hint("add `kind: course` (or seminar, guide, certificate) to the front matter"),
        );
        Kind::Course
    })
}

/// The source's certificate rule, if it has a valid one.
fn certificate(
    raw: &RawProgram,
    doc: &Document,
    diagnostics: &mut Diagnostics,
) -> Option<CertificateRule> {
    let rule = raw.certificate?;
    if (1..=100).contains(&rule.attendance) {
        return Some(rule);
    }
    diagnostics.push(
        Diagnostic::error(
            &doc.path,
            format!(
                "`certificate: attendance: {}` is not a share of the sessions",
                rule.attendance
            ),
        )
        .at(doc.key_line("attendance"), 1)
        .hint("write the percentage of sessions a person must attend, from 1 to 100, e.g. `attendance: 80`"),
    );
    None
}

/// A translation of the program page, which may only repeat the source's kind, rhythm and
/// certificate rule, and shows the source's texts where it has none of its own.
fn translation(
    file: &SourceFile,
    kind: Kind,
    (rhythm, certificate): (Option<Rhythm>, Option<CertificateRule>),
    source: &ProgramDoc,
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) -> Option<ProgramDoc> {
    let (raw, doc) = parse_doc::<RawProgram>(file, memo, diagnostics)?;
    let source_path = &source.doc.path;
    if raw.kind.is_some_and(|k| k != kind) {
        diagnostics.push(contradiction(&doc, "kind", kind.as_str(), source_path));
    }
    if raw.rhythm.is_some_and(|r| Some(r) != rhythm) {
        diagnostics.push(contradiction(
            &doc,
            "rhythm",
            "the source's value",
            source_path,
        ));
    }
    if raw.certificate.is_some_and(|c| Some(c) != certificate) {
        diagnostics.push(contradiction(
            &doc,
            "certificate",
            "the source's value",
            source_path,
        ));
    }
    let text = program_text(&raw, &doc, Some(&source.text), diagnostics);
    Some(ProgramDoc { doc, text })
}

fn program_text(
    raw: &RawProgram,
    doc: &Document,
    source: Option<&ProgramText>,
    diagnostics: &mut Diagnostics,
) -> ProgramText {
    let inherit = |own: &Option<String>, pick: fn(&ProgramText) -> &String| {
        own.clone()
            .or_else(|| source.map(|s| pick(s).clone()))
            .unwrap_or_default()
    };
    if raw.title.is_none() {
        diagnostics.push(missing(doc, "title", "title: Everyday computer use"));
    }
    ProgramText {
        title: inherit(&raw.title, |s| &s.title),
        summary: inherit(&raw.summary, |s| &s.summary),
        audience: inherit(&raw.audience, |s| &s.audience),
        duration: inherit(&raw.duration, |s| &s.duration),
    }
}
