//! Reading `curriculum/` from disk into a [`Project`], collecting every problem on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::frontmatter::{self, Split};
use super::model::*;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::markdown;

pub const CONTENT_DIR: &str = "curriculum";
pub const MEDIA_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "svg", "gif", "webp"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    title: Option<String>,
    kind: Option<Kind>,
    summary: Option<String>,
    audience: Option<String>,
    duration: Option<String>,
    rhythm: Option<Rhythm>,
    status: Option<Status>,
    source_version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    minutes: Option<u32>,
    phase: Option<String>,
    activity: Option<String>,
    method: Option<String>,
    materials: Option<String>,
}

#[derive(Debug, Deserialize)]
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

/// The name of a Markdown file, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileName {
    Program {
        lang: String,
    },
    Lesson {
        slug: String,
        number: u32,
        lang: String,
    },
}

fn parse_file_name(name: &str) -> Result<FileName, String> {
    let stem = name.strip_suffix(".md").ok_or("not a Markdown file")?;
    let (base, lang) = stem
        .rsplit_once('.')
        .ok_or("the file name has no language code (write `NN-slug.en.md`)")?;
    if base == "_program" {
        return Ok(FileName::Program {
            lang: lang.to_owned(),
        });
    }
    let (number, rest) = base
        .split_once('-')
        .ok_or("a lesson file is named `NN-slug.<lang>.md`, e.g. `01-switching-on.en.md`")?;
    let valid_slug = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    match number.parse::<u32>() {
        Ok(n) if number.len() >= 2 && valid_slug => Ok(FileName::Lesson {
            slug: base.to_owned(),
            number: n,
            lang: lang.to_owned(),
        }),
        _ => Err(
            "a lesson file is named `NN-slug.<lang>.md`: a two-digit number, then lower-case \
             letters, digits and hyphens, e.g. `01-switching-on.en.md`"
                .to_owned(),
        ),
    }
}

/// Loads the project at `root`. Returns `None` only when nothing can be built at all (no
/// `site.yaml`); every other problem is a diagnostic and the rest of the content still loads.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Project> {
    let site_path = root.join(CONTENT_DIR).join("site.yaml");
    let shown = display_path(root, &site_path);
    let text = match fs::read_to_string(&site_path) {
        Ok(text) => text,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(&shown, format!("cannot read the site settings: {err}")).hint(
                    "digifam expects `curriculum/site.yaml` in the project folder; pass the \
                     folder with --root, or run `digifam new site` to start one",
                ),
            );
            return None;
        }
    };
    let whole = Split {
        yaml: &text,
        yaml_line: 1,
        body: "",
        body_line: 0,
    };
    let site: SiteConfig = match frontmatter::parse(&shown, &text, &whole) {
        Ok(site) => site,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    if !check_site(&site, &shown, &text, diagnostics) {
        return None;
    }

    let content = root.join(CONTENT_DIR);
    warn_unlisted_folders(root, &content, &site, diagnostics);
    let programs = site
        .programs
        .iter()
        .filter_map(|slug| {
            let dir = content.join(slug);
            if !dir.is_dir() {
                let line = key_line_in(&text, slug);
                diagnostics.push(
                    Diagnostic::error(&shown, format!("program folder `curriculum/{slug}` does not exist"))
                        .at(line, 0)
                        .hint(format!("create the folder with a `_program.{}.md`, or remove `{slug}` from `programs`", site.default_language))
                        .with_source(&text),
                );
                return None;
            }
            load_program(root, &site, slug, &dir, diagnostics)
        })
        .collect();

    Some(Project {
        root: root.to_path_buf(),
        site,
        programs,
    })
}

fn key_line_in(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

fn check_site(site: &SiteConfig, shown: &Path, text: &str, diagnostics: &mut Diagnostics) -> bool {
    let mut ok = true;
    let mut seen = std::collections::BTreeSet::new();
    for language in &site.languages {
        let code = &language.code;
        let valid = !code.is_empty()
            && code.len() <= 8
            && code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && code.parse::<unic_langid::LanguageIdentifier>().is_ok();
        if !valid {
            ok = false;
            diagnostics.push(
                Diagnostic::error(shown, format!("`{code}` is not a language code"))
                    .at(key_line_in(text, &format!("code: {code}")), 0)
                    .hint("use a lower-case ISO 639 code such as `en`, `de`, `ar`, `uk`")
                    .with_source(text),
            );
        }
        if !seen.insert(code.clone()) {
            ok = false;
            diagnostics.push(
                Diagnostic::error(shown, format!("language `{code}` is listed twice"))
                    .hint("list each language once under `languages`"),
            );
        }
    }
    if site.language(&site.default_language).is_none() {
        ok = false;
        diagnostics.push(
            Diagnostic::error(
                shown,
                format!(
                    "the default language `{}` is not in `languages`",
                    site.default_language
                ),
            )
            .at(key_line_in(text, "default_language"), 0)
            .hint("add it to `languages`, or choose one of the listed codes")
            .with_source(text),
        );
    }
    ok
}

fn warn_unlisted_folders(
    root: &Path,
    content: &Path,
    site: &SiteConfig,
    diagnostics: &mut Diagnostics,
) {
    let Ok(entries) = fs::read_dir(content) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        if !site.programs.contains(&name) {
            diagnostics.push(
                Diagnostic::warning(
                    display_path(root, &content.join(&name)),
                    format!("folder `{name}` is not listed in site.yaml, so it is not built"),
                )
                .hint(format!(
                    "add `{name}` to `programs` in curriculum/site.yaml"
                )),
            );
        }
    }
}

/// A Markdown file read from disk and cut into front matter and body.
struct SourceFile {
    name: FileName,
    doc_path: PathBuf,
    text: String,
}

fn load_program(
    root: &Path,
    site: &SiteConfig,
    slug: &str,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
    let mut files = Vec::new();
    let mut media = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    display_path(root, dir),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let shown = display_path(root, path);
        let name = entry.file_name().to_string_lossy().into_owned();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if extension == "md" {
            if entry.depth() > 1 {
                diagnostics.push(
                    Diagnostic::warning(&shown, "Markdown files in sub-folders are not built")
                        .hint("move the file next to `_program.*.md`"),
                );
                continue;
            }
            match parse_file_name(&name) {
                Ok(file_name) => files.push((file_name, path.to_path_buf(), shown)),
                Err(hint) => diagnostics.push(
                    Diagnostic::error(&shown, format!("`{name}` is not a valid content file name"))
                        .hint(hint),
                ),
            }
        } else if MEDIA_EXTENSIONS.contains(&extension.as_str())
            && let Ok(relative) = path.strip_prefix(dir)
        {
            media.push(relative.to_path_buf());
        }
    }

    let read: Vec<Result<SourceFile, (FileName, Box<Diagnostic>)>> = files
        .into_par_iter()
        .map(|(name, path, shown)| match read_source(&path, &shown) {
            Ok(text) => Ok(SourceFile {
                name,
                doc_path: shown,
                text,
            }),
            Err(d) => Err((name, Box::new(d))),
        })
        .collect();
    let default = site.default_language.as_str();
    // Sources that exist but cannot be read: their error is the one to report, not "no source"
    // for each of their translations.
    let mut unreadable_sources = BTreeSet::new();
    let mut sources = Vec::new();
    for result in read {
        match result {
            Ok(file) => {
                let lang = match &file.name {
                    FileName::Program { lang } | FileName::Lesson { lang, .. } => lang,
                };
                if site.language(lang).is_none() {
                    let codes: Vec<&str> = site.languages.iter().map(|l| l.code.as_str()).collect();
                    let mut d = Diagnostic::error(
                        &file.doc_path,
                        format!(
                            "`{lang}` is not one of the site's languages ({})",
                            codes.join(", ")
                        ),
                    );
                    d = match did_you_mean(lang, codes.iter().copied()) {
                        Some(best) => d.hint(format!("did you mean `{best}`? Otherwise add `{lang}` to `languages` in site.yaml")),
                        None => d.hint(format!("add `{lang}` to `languages` in curriculum/site.yaml")),
                    };
                    diagnostics.push(d);
                } else {
                    sources.push(file);
                }
            }
            Err((name, d)) => {
                diagnostics.push(*d);
                match name {
                    FileName::Program { lang } if lang == default => {
                        unreadable_sources.insert(None);
                    }
                    FileName::Lesson { slug, lang, .. } if lang == default => {
                        unreadable_sources.insert(Some(slug));
                    }
                    _ => {}
                }
            }
        }
    }
    let program_sources: BTreeMap<String, &SourceFile> = sources
        .iter()
        .filter_map(|f| match &f.name {
            FileName::Program { lang } => Some((lang.clone(), f)),
            FileName::Lesson { .. } => None,
        })
        .collect();
    let Some(program_source) = program_sources.get(default) else {
        if unreadable_sources.contains(&None) {
            return None;
        }
        diagnostics.push(
            Diagnostic::error(
                display_path(root, dir),
                format!("program `{slug}` has no `_program.{default}.md`"),
            )
            .hint(format!(
                "every program folder needs its page in the default language: create `curriculum/{slug}/_program.{default}.md`"
            )),
        );
        return None;
    };
    let (source_raw, source_doc) = parse_doc::<RawProgram>(program_source, diagnostics)?;
    let kind = match source_raw.kind {
        Some(kind) => kind,
        None => {
            diagnostics.push(
                Diagnostic::error(&source_doc.path, "the program has no `kind`")
                    .at(2, 1)
                    .hint(
                        "add `kind: course` (or seminar, guide, certificate) to the front matter",
                    ),
            );
            Kind::Course
        }
    };
    let mut program = Program {
        slug: slug.to_owned(),
        kind,
        rhythm: source_raw.rhythm,
        docs: BTreeMap::new(),
        lessons: Vec::new(),
        media,
        unreadable: Default::default(),
    };
    let source_text = program_text(&source_raw, &source_doc, None, diagnostics);
    for (lang, file) in &program_sources {
        if lang == default {
            continue;
        }
        let Some((raw, doc)) = parse_doc::<RawProgram>(file, diagnostics) else {
            continue;
        };
        if raw.kind.is_some_and(|k| k != kind) {
            diagnostics.push(contradiction(&doc, "kind", kind.as_str(), &source_doc.path));
        }
        if raw.rhythm.is_some_and(|r| Some(r) != program.rhythm) {
            diagnostics.push(contradiction(
                &doc,
                "rhythm",
                "the source's value",
                &source_doc.path,
            ));
        }
        let text = program_text(&raw, &doc, Some(&source_text), diagnostics);
        program.docs.insert(lang.clone(), ProgramDoc { doc, text });
    }
    program.docs.insert(
        default.to_owned(),
        ProgramDoc {
            doc: source_doc,
            text: source_text,
        },
    );

    let mut lesson_files: BTreeMap<(u32, String), BTreeMap<String, &SourceFile>> = BTreeMap::new();
    for file in &sources {
        if let FileName::Lesson { slug, number, lang } = &file.name {
            lesson_files
                .entry((*number, slug.clone()))
                .or_default()
                .insert(lang.clone(), file);
        }
    }
    let mut numbers: BTreeMap<u32, String> = BTreeMap::new();
    for ((number, lesson_slug), by_lang) in lesson_files {
        if !by_lang.contains_key(default) && unreadable_sources.contains(&Some(lesson_slug.clone()))
        {
            program.unreadable.insert(lesson_slug);
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
        numbers.insert(number, lesson_slug.clone());
        match load_lesson(kind, &lesson_slug, number, default, &by_lang, diagnostics) {
            Some(lesson) => program.lessons.push(lesson),
            None if by_lang.contains_key(default) => {
                program.unreadable.insert(lesson_slug);
            }
            None => {}
        }
    }
    Some(program)
}

/// A content file's text with Windows line ends made plain; a file that is not UTF-8 is an error
/// at the line where the first stray byte stands.
fn read_source(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|err| Diagnostic::error(shown, format!("cannot read the file: {err}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.replace("\r\n", "\n")),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(Diagnostic::error(shown, "the file is not UTF-8 text")
                .at(line, column)
                .hint("save it with the encoding UTF-8 (in most editors: Save as… → Encoding: UTF-8; in Word: Plain text, Unicode UTF-8)"))
        }
    }
}

/// Reads one lesson again, in every language, as [`load`] would: the dev server's incremental
/// rebuild after an edit. `None` when its source cannot be read; the problems are in `diagnostics`.
pub fn reload_lesson(
    project: &Project,
    program: &Program,
    slug: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Lesson> {
    let number = program.lesson(slug)?.number;
    let folder = project.root.join(CONTENT_DIR).join(&program.slug);
    let mut files = Vec::new();
    for language in &project.site.languages {
        let path = folder.join(format!("{slug}.{}.md", language.code));
        let shown = display_path(&project.root, &path);
        if !path.exists() {
            continue;
        }
        match read_source(&path, &shown) {
            Ok(text) => files.push(SourceFile {
                name: FileName::Lesson {
                    slug: slug.to_owned(),
                    number,
                    lang: language.code.clone(),
                },
                doc_path: shown,
                text,
            }),
            Err(d) => {
                diagnostics.push(d);
                if language.code == project.site.default_language {
                    return None;
                }
            }
        }
    }
    let by_lang: BTreeMap<String, &SourceFile> = files
        .iter()
        .filter_map(|f| match &f.name {
            FileName::Lesson { lang, .. } => Some((lang.clone(), f)),
            FileName::Program { .. } => None,
        })
        .collect();
    let default = &project.site.default_language;
    load_lesson(program.kind, slug, number, default, &by_lang, diagnostics)
}

fn parse_doc<T: serde::de::DeserializeOwned + HasMeta>(
    file: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Option<(T, Document)> {
    let path = &file.doc_path;
    let split = match frontmatter::split(path, &file.text) {
        Ok(split) => split,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let raw: T = match frontmatter::parse(path, &file.text, &split) {
        Ok(raw) => raw,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let lang = match &file.name {
        FileName::Program { lang } | FileName::Lesson { lang, .. } => lang.clone(),
    };
    let doc = Document {
        path: path.clone(),
        lang,
        text: file.text.clone(),
        front_matter: frontmatter::FrontMatter::new(&split),
        body: split.body.to_owned(),
        body_line: split.body_line,
        status: raw.status().unwrap_or_default(),
        source_version: raw.source_version(),
        anchors: markdown::anchors(split.body),
    };
    Some((raw, doc))
}

trait HasMeta {
    fn status(&self) -> Option<Status>;
    fn source_version(&self) -> Option<String>;
}

impl HasMeta for RawProgram {
    fn status(&self) -> Option<Status> {
        self.status
    }
    fn source_version(&self) -> Option<String> {
        self.source_version.clone()
    }
}

impl HasMeta for RawLesson {
    fn status(&self) -> Option<Status> {
        self.status
    }
    fn source_version(&self) -> Option<String> {
        self.source_version.clone()
    }
}

fn missing(doc: &Document, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(
        &doc.path,
        format!("`{key}` is missing from the front matter"),
    )
    .at(2, 1)
    .hint(format!("add it, for example `{example}`"))
}

fn contradiction(doc: &Document, key: &str, source_value: &str, source: &Path) -> Diagnostic {
    Diagnostic::error(
        &doc.path,
        format!(
            "`{key}` contradicts the source {} ({source_value})",
            source.display()
        ),
    )
    .at(doc.key_line(key), 1)
    .hint(format!(
        "remove `{key}` from this translation: it is inherited from the source file"
    ))
    .with_source(&doc.text)
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

fn load_lesson(
    kind: Kind,
    slug: &str,
    number: u32,
    default: &str,
    by_lang: &BTreeMap<String, &SourceFile>,
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
    let (raw, doc) = parse_doc::<RawLesson>(source_file, diagnostics)?;
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
            diagnostics.push(missing(&doc, key, example));
        }
    }
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
    let structure = LessonStructure {
        duration: raw.duration.unwrap_or(0),
        sessions: raw.sessions.unwrap_or(1),
        level: raw.level,
        digcomp: raw.digcomp.clone().unwrap_or_default(),
        phase_minutes: phases.iter().map(|p| p.minutes.unwrap_or(0)).collect(),
    };
    let source_text = lesson_text(&raw, None);
    let mut docs = BTreeMap::new();
    for (lang, file) in by_lang {
        if lang == default {
            continue;
        }
        let Some((raw_t, doc_t)) = parse_doc::<RawLesson>(file, diagnostics) else {
            continue;
        };
        check_translation(&raw_t, &doc_t, &structure, &raw, &doc.path, diagnostics);
        let text = lesson_text(&raw_t, Some(&source_text));
        docs.insert(lang.clone(), LessonDoc { doc: doc_t, text });
    }
    docs.insert(
        default.to_owned(),
        LessonDoc {
            doc,
            text: source_text,
        },
    );
    Some(Lesson {
        slug: slug.to_owned(),
        number,
        structure,
        docs,
    })
}

fn check_translation(
    raw: &RawLesson,
    doc: &Document,
    structure: &LessonStructure,
    source: &RawLesson,
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
    if let Some(phases) = &raw.phases {
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
            .at(2, 1)
            .hint("translate the missing keys from the source file"),
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            parse_file_name("01-switching-on.en.md"),
            Ok(FileName::Lesson {
                slug: "01-switching-on".into(),
                number: 1,
                lang: "en".into()
            })
        );
        assert_eq!(
            parse_file_name("_program.ar.md"),
            Ok(FileName::Program { lang: "ar".into() })
        );
        assert!(parse_file_name("1-x.en.md").is_err());
        assert!(parse_file_name("01-Mouse.en.md").is_err());
        assert!(parse_file_name("01-mouse.md").is_err());
    }
}
