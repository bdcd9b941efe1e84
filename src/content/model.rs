//! The curriculum as digifam understands it: programs, their lessons, and each text in each language.

use std::collections::{BTreeMap, BTreeSet, btree_map};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::frontmatter::FrontMatter;
use crate::config::SiteConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Course,
    Seminar,
    Guide,
    Certificate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::Seminar => "seminar",
            Kind::Guide => "guide",
            Kind::Certificate => "certificate",
        }
    }

    /// Guides are read, not taught: their chapters carry no phase plan.
    pub fn has_lesson_plans(self) -> bool {
        self != Kind::Guide
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rhythm {
    pub weeks: u32,
    pub sessions_per_week: u32,
}

/// Who earns a program's certificate (`certificate:` in its front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateRule {
    /// The share of the program's sessions a person must have attended, in percent.
    pub attendance: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    #[default]
    Reviewed,
}

/// A key word with an optional plain-language definition, for the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Keyword {
    Term(String),
    Defined {
        term: String,
        #[serde(default)]
        definition: Option<String>,
    },
}

impl Keyword {
    pub fn term(&self) -> &str {
        match self {
            Keyword::Term(term) | Keyword::Defined { term, .. } => term,
        }
    }

    pub fn definition(&self) -> Option<&str> {
        match self {
            Keyword::Term(_) => None,
            Keyword::Defined { definition, .. } => definition.as_deref(),
        }
    }
}

/// One file on disk in one language: what every page is made from.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the project root, as shown in messages.
    pub path: PathBuf,
    pub lang: String,
    /// The whole file, for source snippets in messages and for the translation hash.
    pub text: String,
    /// The front matter as written, split from the body once when the file is loaded.
    pub front_matter: FrontMatter,
    pub body: String,
    pub body_line: usize,
    pub status: Status,
    pub source_version: Option<String>,
    /// Heading anchors of the body, for checking links like `02-mouse.md#practice`.
    pub anchors: BTreeSet<String>,
}

impl Document {
    /// The line a message about `key` points at: where the front matter sets it, or else the
    /// front matter's first line.
    pub fn key_line(&self, key: &str) -> usize {
        self.nth_key_line(key, 0)
    }

    /// Like [`Document::key_line`], for the `n`-th (0-based) time `key` is set, as in a list of
    /// phases.
    pub fn nth_key_line(&self, key: &str, n: usize) -> usize {
        self.front_matter
            .nth_key_line(key, n)
            .unwrap_or(self.front_matter.line)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProgramText {
    pub title: String,
    pub summary: String,
    pub audience: String,
    pub duration: String,
}

#[derive(Debug, Clone)]
pub struct ProgramDoc {
    pub doc: Document,
    pub text: ProgramText,
}

/// One phase of the phase plan in one language; the minutes live in [`LessonStructure`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseText {
    pub phase: String,
    pub activity: String,
    pub method: String,
    pub materials: String,
}

/// The language-independent values of a lesson, written once in the source file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LessonStructure {
    pub duration: u32,
    pub sessions: u32,
    pub level: Option<u8>,
    pub digcomp: Vec<String>,
    pub phase_minutes: Vec<u32>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LessonText {
    pub title: String,
    pub summary: String,
    pub objectives: Vec<String>,
    pub materials: Vec<String>,
    pub preparation: String,
    pub keywords: Vec<Keyword>,
    pub phases: Vec<PhaseText>,
}

#[derive(Debug, Clone)]
pub struct LessonDoc {
    pub doc: Document,
    pub text: LessonText,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    /// File name without language and extension, e.g. `01-switching-on`: also the page name.
    pub slug: String,
    pub number: u32,
    pub structure: LessonStructure,
    /// Every language that has a file; the default language is always there.
    pub docs: Translations<LessonDoc>,
}

#[derive(Debug, Clone)]
pub struct Program {
    pub slug: String,
    pub kind: Kind,
    pub rhythm: Option<Rhythm>,
    /// Who earns its certificate; `None` when the program issues none.
    pub certificate: Option<CertificateRule>,
    pub docs: Translations<ProgramDoc>,
    pub lessons: Vec<Lesson>,
    /// Image files next to the Markdown, relative to the program folder.
    pub media: Vec<PathBuf>,
    /// The words written on each SVG image that has any (not numbers alone): a page in a
    /// language without its own variant of the image shows them untranslated.
    pub labels: BTreeMap<PathBuf, Vec<String>>,
    /// Lessons whose source file exists but could not be read; their error is already reported,
    /// so links to them and sums over them are not reported again.
    pub unreadable: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub site: SiteConfig,
    pub programs: Vec<Program>,
}

/// A relative path written in a file of program `program`, as the program and the parts below
/// the curriculum folder it leads to: `../family/x.svg` → `["family", "x.svg"]`; `None` for a
/// path that leaves the curriculum.
pub fn curriculum_parts(program: &str, path: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = vec![program.to_owned()];
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts)
}

/// The name of a picture's version in `lang`: `keyboard.svg` → `keyboard.de.svg`.
pub fn picture_variant(file: &Path, lang: &str) -> PathBuf {
    match (file.file_stem(), file.extension()) {
        (Some(stem), Some(extension)) => file.with_file_name(format!(
            "{}.{lang}.{}",
            stem.to_string_lossy(),
            extension.to_string_lossy()
        )),
        _ => file.to_path_buf(),
    }
}

impl Program {
    /// The words a page in `lang` shows untranslated on the picture `file` (relative to the
    /// program folder): its labels, when it has some and no version in `lang`.
    pub fn untranslated_words(&self, file: &Path, lang: &str) -> Option<&[String]> {
        let labels = self.labels.get(file)?;
        (!self.media.contains(&picture_variant(file, lang))).then_some(labels.as_slice())
    }

    /// The title a page in `lang` shows: the translation's, or the source's.
    pub fn title(&self, lang: &str) -> &str {
        &self.docs.resolve(lang).item.text.title
    }

    pub fn lesson(&self, slug: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.slug == slug)
    }

    pub fn total_minutes(&self) -> u32 {
        self.lessons.iter().map(|l| l.structure.duration).sum()
    }
}

impl Lesson {
    /// The title a page in `lang` shows: the translation's, or the source's.
    pub fn title(&self, lang: &str) -> &str {
        &self.docs.resolve(lang).item.text.title
    }
}

impl Project {
    pub fn program(&self, slug: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.slug == slug)
    }

    pub fn lesson_count(&self) -> usize {
        self.programs.iter().map(|p| p.lessons.len()).sum()
    }

    /// Where an image of a program lies on disk; `file` is relative to the program's folder.
    pub fn media_file(&self, program: &str, file: &Path) -> PathBuf {
        self.root.join(super::CONTENT_DIR).join(program).join(file)
    }
}

/// What a page in `lang` shows of a set of per-language docs: the translation, or the source.
pub struct Resolved<'a, T> {
    pub item: &'a T,
    /// False when the page falls back to the default language.
    pub translated: bool,
}

/// The files of a program page or a lesson, by language. The source, in the default language, is
/// always among them: it is given when the set is made, and nothing takes it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Translations<T> {
    source_lang: String,
    by_lang: BTreeMap<String, T>,
}

impl<T> Translations<T> {
    pub fn new(
        source_lang: &str,
        source: T,
        translations: impl IntoIterator<Item = (String, T)>,
    ) -> Self {
        let mut by_lang: BTreeMap<String, T> = translations.into_iter().collect();
        by_lang.insert(source_lang.to_owned(), source);
        Translations {
            source_lang: source_lang.to_owned(),
            by_lang,
        }
    }

    /// The file in the default language.
    pub fn source(&self) -> &T {
        // Present by construction: `new` puts it in and nothing removes it.
        &self.by_lang[&self.source_lang]
    }

    /// What a page in `lang` shows: the translation, or the source it falls back to.
    pub fn resolve(&self, lang: &str) -> Resolved<'_, T> {
        match self.by_lang.get(lang) {
            Some(item) => Resolved {
                item,
                translated: true,
            },
            None => Resolved {
                item: self.source(),
                translated: false,
            },
        }
    }

    pub fn get(&self, lang: &str) -> Option<&T> {
        self.by_lang.get(lang)
    }

    pub fn contains_key(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }

    /// Every file with its language, in the order of the language codes.
    pub fn iter(&self) -> btree_map::Iter<'_, String, T> {
        self.by_lang.iter()
    }

    pub fn values(&self) -> btree_map::Values<'_, String, T> {
        self.by_lang.values()
    }
}
