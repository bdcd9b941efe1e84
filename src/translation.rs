//! Which translations are up to date. A translation records the version of its source it was made
//! from (`source_version:`, a hash of the source file's text); `check`, `status` and the site's
//! status page compare it with the source as it is now.

mod pictures;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::SiteConfig;
use crate::content::model::{Document, Program, Project};
use crate::diagnostic::{Diagnostic, Diagnostics};

pub use pictures::{UntranslatedPicture, untranslated_pictures};

/// Hex digits kept of the SHA-256: enough to tell versions of one file apart, short enough to read.
const HASH_DIGITS: usize = 12;
const KEY: &str = "source_version";

/// The version of a source file: the first 12 hex digits of the SHA-256 of its text with LF line
/// endings, so that a checkout with CRLF endings does not make every translation outdated.
pub fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest
        .iter()
        .take(HASH_DIGITS / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Made from the source as it is now.
    Translated,
    /// Made from an older version of the source.
    Outdated,
    /// There is a translation, but it does not say which version of the source it was made from.
    Unknown,
    Missing,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Translated,
        State::Outdated,
        State::Unknown,
        State::Missing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Translated => "translated",
            State::Outdated => "outdated",
            State::Unknown => "unknown",
            State::Missing => "missing",
        }
    }
}

pub fn state(source_hash: &str, translation: Option<&Document>) -> State {
    match translation.map(|doc| doc.source_version.as_deref()) {
        None => State::Missing,
        Some(None) => State::Unknown,
        Some(Some(recorded)) if recorded.trim().eq_ignore_ascii_case(source_hash) => {
            State::Translated
        }
        Some(Some(_)) => State::Outdated,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub lang: String,
    pub state: State,
    /// The translation's file, when there is one.
    pub file: Option<PathBuf>,
}

/// One source file (a program page or a lesson) and the state of its translation in every other
/// language, in the order of `site.yaml`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub program: String,
    /// The lesson's slug; `None` for the program page.
    pub lesson: Option<String>,
    pub title: String,
    pub source: PathBuf,
    pub version: String,
    pub cells: Vec<Cell>,
}

fn row<'a>(
    project: &Project,
    program: &Program,
    lesson: Option<&str>,
    title: &str,
    docs: impl Fn(&str) -> Option<&'a Document>,
) -> Option<Row> {
    let source = docs(&project.site.default_language)?;
    let version = source_hash(&source.text);
    let cells = translation_languages(&project.site)
        .map(|lang| {
            let doc = docs(lang);
            Cell {
                lang: lang.to_owned(),
                state: state(&version, doc),
                file: doc.map(|d| d.path.clone()),
            }
        })
        .collect();
    Some(Row {
        program: program.slug.clone(),
        lesson: lesson.map(str::to_owned),
        title: title.to_owned(),
        source: source.path.clone(),
        version,
        cells,
    })
}

/// The languages a source is translated into: all but the default, in the order of `site.yaml`.
pub fn translation_languages(site: &SiteConfig) -> impl Iterator<Item = &str> {
    site.languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(move |code| *code != site.default_language)
}

/// The rows of one program: its page first, then its lessons in order.
pub fn program_rows(project: &Project, program: &Program) -> Vec<Row> {
    let default = &project.site.default_language;
    let page = program.docs.get(default).and_then(|source| {
        row(project, program, None, &source.text.title, |lang| {
            program.docs.get(lang).map(|d| &d.doc)
        })
    });
    page.into_iter()
        .chain(program.lessons.iter().filter_map(|lesson| {
            let title = &lesson.docs.get(default)?.text.title;
            row(project, program, Some(&lesson.slug), title, |lang| {
                lesson.docs.get(lang).map(|d| &d.doc)
            })
        }))
        .collect()
}

pub fn rows(project: &Project) -> Vec<Row> {
    project
        .programs
        .iter()
        .flat_map(|program| program_rows(project, program))
        .collect()
}

/// How many of a set of rows are in each state, in one language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub translated: usize,
    pub outdated: usize,
    pub unknown: usize,
    pub missing: usize,
}

impl Counts {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Row>, lang: &str) -> Counts {
        let mut counts = Counts::default();
        for cell in rows
            .into_iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.lang == lang)
        {
            *counts.get_mut(cell.state) += 1;
        }
        counts
    }

    pub fn get(&self, state: State) -> usize {
        *Counts::clone(self).get_mut(state)
    }

    fn get_mut(&mut self, state: State) -> &mut usize {
        match state {
            State::Translated => &mut self.translated,
            State::Outdated => &mut self.outdated,
            State::Unknown => &mut self.unknown,
            State::Missing => &mut self.missing,
        }
    }

    pub fn total(&self) -> usize {
        State::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// A translation made from an older version of its source.
#[derive(Debug, Clone, Serialize)]
pub struct Outdated {
    pub translation: PathBuf,
    pub source: PathBuf,
    pub recorded: String,
    pub current: String,
}

pub fn outdated(project: &Project) -> Vec<Outdated> {
    let mut list = Vec::new();
    for program in &project.programs {
        list.extend(outdated_in(
            &project.site.default_language,
            program.docs.iter().map(|(lang, d)| (lang.as_str(), &d.doc)),
        ));
        for lesson in &program.lessons {
            list.extend(outdated_in(
                &project.site.default_language,
                lesson.docs.iter().map(|(lang, d)| (lang.as_str(), &d.doc)),
            ));
        }
    }
    list
}

/// The outdated translations among one source's documents (by language).
fn outdated_in<'a>(
    default: &str,
    docs: impl Iterator<Item = (&'a str, &'a Document)> + Clone,
) -> Vec<Outdated> {
    let Some((_, source)) = docs.clone().find(|(lang, _)| *lang == default) else {
        return Vec::new();
    };
    let current = source_hash(&source.text);
    docs.filter(|(lang, _)| *lang != default)
        .filter(|(_, doc)| state(&current, Some(doc)) == State::Outdated)
        .map(|(_, doc)| Outdated {
            translation: doc.path.clone(),
            source: source.path.clone(),
            recorded: doc.source_version.clone().unwrap_or_default(),
            current: current.clone(),
        })
        .collect()
}

/// Warns about outdated translations, and about a `source_version` in a source file (it means
/// nothing there; usually a translation was renamed into the source's name).
pub fn check(project: &Project, diagnostics: &mut Diagnostics) {
    for program in &project.programs {
        check_docs(
            &project.site.default_language,
            program.docs.iter().map(|(lang, d)| (lang.as_str(), &d.doc)),
            diagnostics,
        );
        for lesson in &program.lessons {
            check_docs(
                &project.site.default_language,
                lesson.docs.iter().map(|(lang, d)| (lang.as_str(), &d.doc)),
                diagnostics,
            );
        }
    }
}

/// The checks of [`check`] for one source and its translations, by language.
pub fn check_docs<'a>(
    default: &str,
    docs: impl Iterator<Item = (&'a str, &'a Document)> + Clone,
    diagnostics: &mut Diagnostics,
) {
    for outdated in outdated_in(default, docs.clone()) {
        let Some((_, doc)) = docs.clone().find(|(_, d)| d.path == outdated.translation) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::warning(
                &doc.path,
                format!(
                    "this translation is outdated: {} has changed since it was translated",
                    outdated.source.display()
                ),
            )
            .at(doc.key_line(KEY), 1)
            .hint(format!(
                "the translation was made from version {}, the source is now at {}; bring the \
                 translation up to date (`digifam check --show-changes` shows what changed), then \
                 run `digifam translated {}`",
                outdated.recorded,
                outdated.current,
                doc.path.display()
            ))
            .with_source(&doc.text),
        );
    }
    if let Some((_, source)) = docs.clone().find(|(lang, _)| *lang == default)
        && source.source_version.is_some()
    {
        diagnostics.push(
            Diagnostic::warning(
                &source.path,
                format!("`{KEY}` in a source file has no meaning"),
            )
            .at(source.key_line(KEY), 1)
            .hint(
                "only translations record the version of their source; remove the line \
                 (or, if this file is a translation, give it its language's code)",
            )
            .with_source(&source.text),
        );
    }
}

/// What changed in `source` since the version `recorded`, as a `git diff` from the last commit that
/// held that version to the file on disk. `None` when git is not there or its history does not
/// hold that version.
pub fn changes(root: &Path, source: &Path, recorded: &str) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let path = source.to_string_lossy().replace('\\', "/");
    let commits = git(&["log", "--format=%H", "-n", "200", "--", &path])?;
    let commit = commits.lines().find(|commit| {
        git(&["show", &format!("{commit}:./{path}")])
            .is_some_and(|text| source_hash(&text).eq_ignore_ascii_case(recorded.trim()))
    })?;
    git(&["diff", "--no-color", commit, "--", &path])
}

/// The outcome of `digifam translated` for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub source: PathBuf,
    pub previous: Option<String>,
    pub version: String,
}

/// `NN-slug.de.md` → (`NN-slug`, `de`).
fn split_name(path: &Path) -> Option<(&str, &str)> {
    path.file_name()?
        .to_str()?
        .strip_suffix(".md")?
        .rsplit_once('.')
}

/// The source file of a translation, found through `site.yaml` two folders up.
pub fn source_of(translation: &Path) -> Result<PathBuf, Diagnostic> {
    let (base, lang) = split_name(translation).ok_or_else(|| {
        Diagnostic::error(translation, "this is not a content file")
            .hint("name a translation such as `curriculum/basic/01-switching-on.de.md`")
    })?;
    let folder = translation.parent().unwrap_or(Path::new(""));
    let site_path = folder.join("..").join("site.yaml");
    let site: SiteConfig = fs::read_to_string(&site_path)
        .ok()
        .and_then(|text| serde_yaml::from_str(&text).ok())
        .ok_or_else(|| {
            Diagnostic::error(
                translation,
                format!(
                    "cannot read the site settings {} for this file",
                    site_path.display()
                ),
            )
            .hint("the file must lie in a program folder inside curriculum/, next to site.yaml's folder; run `digifam check` for details")
        })?;
    let default = &site.default_language;
    if lang == default {
        return Err(Diagnostic::error(
            translation,
            format!(
                "this is the source file (`{default}` is the default language), not a translation"
            ),
        )
        .hint(format!(
            "name the translation instead, such as `{base}.{}.md`",
            translation_languages(&site).next().unwrap_or("de")
        )));
    }
    if site.language(lang).is_none() {
        return Err(Diagnostic::error(
            translation,
            format!("`{lang}` is not one of the site's languages"),
        )
        .hint("check the language code in the file name against `languages` in site.yaml"));
    }
    let source = folder.join(format!("{base}.{default}.md"));
    if !source.is_file() {
        return Err(
            Diagnostic::error(translation, "this translation has no source file")
                .hint(format!("expected its source at {}", source.display())),
        );
    }
    Ok(source)
}

/// Records in `translation`'s front matter that it is made from its source as it is now. Only the
/// `source_version:` line is written: comments, key order and line endings stay as they were.
pub fn mark_translated(translation: &Path) -> Result<Stamp, Diagnostic> {
    let source = source_of(translation)?;
    let read = |path: &Path| {
        fs::read_to_string(path).map_err(|err| {
            Diagnostic::error(path, format!("cannot read the file: {err}"))
                .hint("check that the file exists and is readable")
        })
    };
    let version = source_hash(&read(&source)?);
    let text = read(translation)?;
    let (updated, previous) = set_version(&text, &version).map_err(|message| {
        Diagnostic::error(translation, message)
            .at(1, 1)
            .hint("start the file with a line `---`, the YAML keys, and another line `---`")
    })?;
    if updated != text {
        fs::write(translation, updated).map_err(|err| {
            Diagnostic::error(translation, format!("cannot write the file: {err}"))
                .hint("check that the file is writable")
        })?;
    }
    Ok(Stamp {
        source,
        previous,
        version,
    })
}

/// `text` with its front matter's `source_version` set to `version`, and the value it had before.
fn set_version(text: &str, version: &str) -> Result<(String, Option<String>), &'static str> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Err("the file does not start with front matter");
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|i| i + 1)
        .ok_or("the front matter is never closed")?;
    let top_key = |line: &str, key: &str| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    };
    let new_line = format!("{KEY}: {version}{newline}");
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    if let Some(index) = (1..close).find(|&i| top_key(lines[i], KEY)) {
        let line = lines[index].trim_end_matches(['\r', '\n']);
        let rest = line.split_once(':').map_or("", |(_, v)| v);
        // A comment after the value stays, with its spacing.
        let (value, comment) = match rest.find(" #") {
            Some(at) => {
                let start = rest[..at].trim_end().len();
                (&rest[..start], &rest[start..])
            }
            None => (rest, ""),
        };
        out[index] = format!("{KEY}: {version}{comment}{newline}");
        let value = value.trim().trim_matches(['"', '\'']);
        let previous = (!value.is_empty()).then(|| value.to_owned());
        return Ok((out.concat(), previous));
    }
    // Beside `status` or `title` reads best; a key's value may go on over indented lines.
    let after = ["status", "title"]
        .iter()
        .find_map(|key| (1..close).find(|&i| top_key(lines[i], key)));
    let at = match after {
        Some(start) => (start + 1..close)
            .find(|&i| {
                let line = lines[i];
                !line.trim().is_empty() && !line.starts_with([' ', '\t', '-'])
            })
            .unwrap_or(close),
        None => close,
    };
    out.insert(at, new_line);
    Ok((out.concat(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_line_endings() {
        let lf = source_hash("---\ntitle: A\n---\nText\n");
        assert_eq!(lf.len(), 12);
        assert!(lf.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(lf, source_hash("---\r\ntitle: A\r\n---\r\nText\r\n"));
        assert_ne!(lf, source_hash("---\ntitle: B\n---\nText\n"));
    }

    #[test]
    fn only_the_version_line_is_written() {
        // (file, its version afterwards, the version it had before)
        let cases = [
            (
                "---\ntitle: >\n  Long\n  title\nstatus: draft # not reviewed\nphases:\n- phase: A\n---\nBody\n",
                "---\ntitle: >\n  Long\n  title\nstatus: draft # not reviewed\nsource_version: v\nphases:\n- phase: A\n---\nBody\n",
                None,
            ),
            (
                "---\ntitle: >\n  Long\n  title\n# a comment\nsummary: S\n---\n",
                "---\ntitle: >\n  Long\n  title\nsource_version: v\n# a comment\nsummary: S\n---\n",
                None,
            ),
            (
                "---\r\ntitle: A\r\nsource_version: 000000000000  # old\r\n---\r\nBody\r\n",
                "---\r\ntitle: A\r\nsource_version: v  # old\r\n---\r\nBody\r\n",
                Some("000000000000"),
            ),
            (
                "---\ntitle: A\nphases:\n  - source_version: x\n---\n",
                "---\ntitle: A\nsource_version: v\nphases:\n  - source_version: x\n---\n",
                None,
            ),
            (
                "---\nsummary: S\n---\n",
                "---\nsummary: S\nsource_version: v\n---\n",
                None,
            ),
        ];
        for (text, expected, previous) in cases {
            let (out, before) = set_version(text, "v").unwrap();
            assert_eq!(out, expected);
            assert_eq!(before.as_deref(), previous);
        }
    }

    #[test]
    fn no_front_matter_is_refused() {
        assert!(set_version("Body only\n", "v").is_err());
        assert!(set_version("---\ntitle: A\n", "v").is_err());
    }
}
