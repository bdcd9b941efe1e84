//! A lesson's files, one per language, to a [`Lesson`]: the source decides the structure
//! (duration, phases' minutes, DigComp), each translation its texts.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::discover::{SourceFile, Sources};
use super::document::{HasMeta, contradiction, missing, parse_doc};
use crate::content::memo::Memo;
use crate::content::model::{
    Document, Keyword, Kind, Lesson, LessonDoc, LessonStructure, LessonText, PhaseText, Program,
    Status, Translations,
};
use crate::diagnostic::{Diagnostic, Diagnostics};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    minutes: Option<u32>,
    phase: Option<String>,
    activity: Option<String>,
    method: Option<String>,
    materials: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    title: Option<String>,
    summary: Option<String>,
    duration: Option<u32>,
    sessions: Option<u32>,
    level: Option<u8>,
    digcomp: Option<Vec<String>>,
    objectives: Option<Vec<String>>,
    materials: Option<Vec<String>>,
    preparation: Option<String>,
    keywords: Option<Vec<Keyword>>,
    phases: Option<Vec<RawPhase>>,
    status: Option<Status>,
    source_version: Option<String>,
}

impl HasMeta for RawLesson {
    fn status(&self) -> Option<Status> {
        self.status
    }
    fn source_version(&self) -> Option<String> {
        self.source_version.clone()
    }
}

/// Loads every lesson of `sources` into `program`, in the order of their numbers.
pub(super) fn add_lessons(
    program: &mut Program,
    default: &str,
    sources: &Sources,
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) {
    let mut numbers: BTreeMap<u32, String> = BTreeMap::new();
    let mut wanted = Vec::new();
    for ((number, slug), by_lang) in sources.lessons() {
        if !by_lang.contains_key(default) && sources.unreadable_lessons.contains(&slug) {
            program.unreadable.insert(slug);
            continue;
        }
        if let Some(other) = numbers.get(&number) {
            let file = by_lang
                .values()
                .next()
                .map(|f| f.doc_path.clone())
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("lesson number {number:02} is used twice (also by `{other}`)"),
                )
                .hint("give each lesson its own number: rename one of the files"),
            );
            continue;
        }
        numbers.insert(number, slug.clone());
        wanted.push((number, slug, by_lang));
    }
    // Parsing front matter is most of loading: the lessons are parsed in parallel, and taken in
    // their order afterwards, so the result is the same as one after the other.
    let kind = program.kind;
    let loaded: Vec<_> = wanted
        .into_par_iter()
        .map(|(number, slug, by_lang)| {
            let mut found = Diagnostics::default();
            let lesson = load_lesson(kind, &slug, number, default, &by_lang, memo, &mut found);
            let unreadable = lesson.is_none() && by_lang.contains_key(default);
            (slug, lesson, unreadable, found)
        })
        .collect();
    for (slug, lesson, unreadable, found) in loaded {
        diagnostics.extend(found.iter().cloned());
        match lesson {
            Some(lesson) => program.lessons.push(lesson),
            None if unreadable => {
                program.unreadable.insert(slug);
            }
            None => {}
        }
    }
}

/// One lesson from its files by language. `None` when it has no source in the `default` language
/// or the source's front matter is broken; the problems are in `diagnostics`.
pub(super) fn load_lesson(
    kind: Kind,
    slug: &str,
    number: u32,
    default: &str,
    by_lang: &BTreeMap<String, &SourceFile>,
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) -> Option<Lesson> {
    let Some(source_file) = by_lang.get(default) else {
        for file in by_lang.values() {
            diagnostics.push(
                Diagnostic::error(&file.doc_path, "this translation has no source file")
                    .hint(format!(
                        "create `{slug}.{default}.md` in the default language first, or rename this file if its name is misspelt"
                    )),
            );
        }
        return None;
    };
    let (raw, doc) = parse_doc::<RawLesson>(source_file, memo, diagnostics)?;
    check_required(kind, &raw, &doc, diagnostics);
    check_phase_minutes(&raw, &doc, diagnostics);
    let structure = structure(&raw);
    let source = LessonDoc {
        doc,
        text: lesson_text(&raw, None),
    };
    let translated: Vec<LessonDoc> = by_lang
        .iter()
        .filter(|(lang, _)| *lang != default)
        .filter_map(|(_, file)| {
            let (raw_t, doc_t) = parse_doc::<RawLesson>(file, memo, diagnostics)?;
            check_translation(
                &raw_t,
                &doc_t,
                &structure,
                &raw,
                &source.doc.path,
                diagnostics,
            );
            let text = lesson_text(&raw_t, Some(&source.text));
            Some(LessonDoc { doc: doc_t, text })
        })
        .collect();
    Some(Lesson {
        slug: slug.to_owned(),
        number,
        structure,
        docs: Translations::new(
            &source.doc.lang.clone(),
            source,
            translated.into_iter().map(|d| (d.doc.lang.clone(), d)),
        ),
    })
}

/// Reports the keys a lesson of this kind of program must have and the source lacks.
fn check_required(kind: Kind, raw: &RawLesson, doc: &Document, diagnostics: &mut Diagnostics) {
    let plans = kind.has_lesson_plans();
    let required: &[(&str, bool, &str)] = &[
        ("title", raw.title.is_some(), "title: Switching on"),
        ("duration", !plans || raw.duration.is_some(), "duration: 90"),
        (
            "objectives",
            !plans || raw.objectives.is_some(),
            "objectives: [Switch a computer on]",
        ),
        (
            "phases",
            !plans || raw.phases.is_some(),
            "phases: [{minutes: 90, phase: Practice, activity: …, method: Pair work, materials: Laptops}]",
        ),
        (
            "digcomp",
            kind != Kind::Course || raw.digcomp.is_some(),
            "digcomp: [\"1.1\"]",
        ),
        (
            "level",
            kind != Kind::Course || raw.level.is_some(),
            "level: 1",
        ),
    ];
    for (key, present, example) in required {
        if !present {
            diagnostics.push(missing(doc, key, example));
        }
    }
}

fn check_phase_minutes(raw: &RawLesson, doc: &Document, diagnostics: &mut Diagnostics) {
    let phases = raw.phases.as_deref().unwrap_or_default();
    for (index, phase) in phases.iter().enumerate() {
        if phase.minutes.is_none() {
            diagnostics.push(
                Diagnostic::error(&doc.path, format!("phase {} has no `minutes`", index + 1))
                    .at(doc.nth_key_line("phase", index), 1)
                    .hint("add `minutes: 15` (a whole number) to the phase")
                    .with_source(&doc.text),
            );
        }
    }
}

fn structure(raw: &RawLesson) -> LessonStructure {
    let phases = raw.phases.as_deref().unwrap_or_default();
    LessonStructure {
        duration: raw.duration.unwrap_or(0),
        sessions: raw.sessions.unwrap_or(1),
        level: raw.level,
        digcomp: raw.digcomp.clone().unwrap_or_default(),
        phase_minutes: phases.iter().map(|p| p.minutes.unwrap_or(0)).collect(),
    }
}

/// A translation may leave out what its source decides, but not contradict it; what it does not
/// translate is shown in the source's words, with a warning.
fn check_translation(
    raw: &RawLesson,
    doc: &Document,
    structure: &LessonStructure,
    source: &RawLesson,
    source_path: &Path,
    diagnostics: &mut Diagnostics,
) {
    check_contradictions(raw, doc, structure, source_path, diagnostics);
    if let Some(phases) = &raw.phases {
        check_translated_phases(phases, doc, structure, source_path, diagnostics);
    }
    let untranslated: Vec<&str> = [
        ("title", raw.title.is_none()),
        (
            "objectives",
            raw.objectives.is_none() && source.objectives.is_some(),
        ),
        ("phases", raw.phases.is_none() && source.phases.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, absent)| absent.then_some(key))
    .collect();
    if !untranslated.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                &doc.path,
                format!(
                    "this translation has no {}; the page shows the source's text",
                    untranslated.join(", ")
                ),
            )
            .at(doc.front_matter.line, 1)
            .hint("translate the missing keys from the source file"),
        );
    }
}

fn check_contradictions(
    raw: &RawLesson,
    doc: &Document,
    structure: &LessonStructure,
    source_path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let mut contradicts = |key: &str, differs: bool, value: String| {
        if differs {
            diagnostics.push(contradiction(doc, key, &value, source_path));
        }
    };
    contradicts(
        "duration",
        raw.duration.is_some_and(|d| d != structure.duration),
        structure.duration.to_string(),
    );
    contradicts(
        "sessions",
        raw.sessions.is_some_and(|s| s != structure.sessions),
        structure.sessions.to_string(),
    );
    contradicts(
        "level",
        raw.level.is_some() && raw.level != structure.level,
        format!("{:?}", structure.level.unwrap_or(0)),
    );
    contradicts(
        "digcomp",
        raw.digcomp
            .as_ref()
            .is_some_and(|d| *d != structure.digcomp),
        structure.digcomp.join(", "),
    );
}

/// A translation's phases: as many as the source's, and no minutes of their own.
fn check_translated_phases(
    phases: &[RawPhase],
    doc: &Document,
    structure: &LessonStructure,
    source_path: &Path,
    diagnostics: &mut Diagnostics,
) {
    if phases.len() != structure.phase_minutes.len() {
        diagnostics.push(
            Diagnostic::error(
                &doc.path,
                format!(
                    "this translation has {} phases, the source {} has {}",
                    phases.len(),
                    source_path.display(),
                    structure.phase_minutes.len()
                ),
            )
            .at(doc.key_line("phases"), 1)
            .hint("translate every phase of the source, in the same order")
            .with_source(&doc.text),
        );
    }
    for (index, (phase, minutes)) in phases.iter().zip(&structure.phase_minutes).enumerate() {
        if phase.minutes.is_some_and(|m| m != *minutes) {
            diagnostics.push(
                Diagnostic::error(
                    &doc.path,
                    format!("phase {} lasts {} minutes here but {minutes} in the source", index + 1, phase.minutes.unwrap_or(0)),
                )
                .at(doc.nth_key_line("minutes", index), 1)
                .hint("remove `minutes` from the translation's phases: they are inherited from the source")
                .with_source(&doc.text),
            );
        }
    }
}

fn lesson_text(raw: &RawLesson, source: Option<&LessonText>) -> LessonText {
    let phases = match &raw.phases {
        Some(phases) => phases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let fallback = source.and_then(|s| s.phases.get(i));
                let pick = |own: &Option<String>, field: fn(&PhaseText) -> &String| {
                    own.clone()
                        .or_else(|| fallback.map(|f| field(f).clone()))
                        .unwrap_or_default()
                };
                PhaseText {
                    phase: pick(&p.phase, |f| &f.phase),
                    activity: pick(&p.activity, |f| &f.activity),
                    method: pick(&p.method, |f| &f.method),
                    materials: pick(&p.materials, |f| &f.materials),
                }
            })
            .collect(),
        None => source.map(|s| s.phases.clone()).unwrap_or_default(),
    };
    let or_source = |own: &Option<Vec<String>>, pick: fn(&LessonText) -> &Vec<String>| {
        own.clone()
            .or_else(|| source.map(|s| pick(s).clone()))
            .unwrap_or_default()
    };
    let or_source_str = |own: &Option<String>, pick: fn(&LessonText) -> &String| {
        own.clone()
            .or_else(|| source.map(|s| pick(s).clone()))
            .unwrap_or_default()
    };
    LessonText {
        title: or_source_str(&raw.title, |s| &s.title),
        summary: or_source_str(&raw.summary, |s| &s.summary),
        objectives: or_source(&raw.objectives, |s| &s.objectives),
        materials: or_source(&raw.materials, |s| &s.materials),
        preparation: or_source_str(&raw.preparation, |s| &s.preparation),
        keywords: raw
            .keywords
            .clone()
            .or_else(|| source.map(|s| s.keywords.clone()))
            .unwrap_or_default(),
        phases,
    }
}
