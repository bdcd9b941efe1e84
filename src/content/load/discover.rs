//! Which files a program folder holds, what their names say, and their text: the one way
//! [`super::load`] and [`super::reload_lesson`] find and read content files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::MEDIA_EXTENSIONS;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, display_path};

/// The name of a Markdown file, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileName {
    Program {
        lang: String,
    },
    Lesson {
        slug: String,
        number: u32,
        lang: String,
    },
}

impl FileName {
    /// The file's name: the inverse of [`parse_file_name`].
    pub(super) fn file_name(&self) -> String {
        match self {
            FileName::Program { lang } => format!("_program.{lang}.md"),
            FileName::Lesson { slug, lang, .. } => format!("{slug}.{lang}.md"),
        }
    }

    pub(super) fn lang(&self) -> &str {
        match self {
            FileName::Program { lang } | FileName::Lesson { lang, .. } => lang,
        }
    }
}

pub(super) fn parse_file_name(name: &str) -> Result<FileName, String> {
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

/// A content file found in a program folder, not read yet.
pub(super) struct Found {
    pub name: FileName,
    pub path: PathBuf,
    /// The path relative to the project root, as messages show it.
    pub shown: PathBuf,
}

/// What a program folder holds.
pub(super) struct Listing {
    pub files: Vec<Found>,
    /// Image files next to the Markdown, relative to the program folder.
    pub media: Vec<PathBuf>,
}

/// The content files and images in the program folder `dir`, in file-name order. Files digifam
/// does not build (Markdown in sub-folders, misnamed files) are reported in `diagnostics`.
pub(super) fn list(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Listing {
    let mut listing = Listing {
        files: Vec::new(),
        media: Vec::new(),
    };
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
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if extension == "md" {
            listing
                .files
                .extend(content_file(root, &entry, diagnostics));
        } else if MEDIA_EXTENSIONS.contains(&extension.as_str())
            && let Ok(relative) = path.strip_prefix(dir)
        {
            listing.media.push(relative.to_path_buf());
        }
    }
    listing
}

/// A Markdown file of a program folder, if digifam builds it.
fn content_file(
    root: &Path,
    entry: &walkdir::DirEntry,
    diagnostics: &mut Diagnostics,
) -> Option<Found> {
    let shown = display_path(root, entry.path());
    if entry.depth() > 1 {
        diagnostics.push(
            Diagnostic::warning(&shown, "Markdown files in sub-folders are not built")
                .hint("move the file next to `_program.*.md`"),
        );
        return None;
    }
    let name = entry.file_name().to_string_lossy();
    match parse_file_name(&name) {
        Ok(file_name) => Some(Found {
            name: file_name,
            path: entry.path().to_path_buf(),
            shown,
        }),
        Err(hint) => {
            diagnostics.push(
                Diagnostic::error(&shown, format!("`{name}` is not a valid content file name"))
                    .hint(hint),
            );
            None
        }
    }
}

/// A content file read from disk.
pub(super) struct SourceFile {
    pub name: FileName,
    /// The path relative to the project root, as messages show it.
    pub doc_path: PathBuf,
    pub text: String,
}

/// The content files of a program folder that could be read and are in one of the site's
/// languages.
pub(super) struct Sources {
    pub files: Vec<SourceFile>,
    /// The program page's source (in the default language) exists but could not be read.
    pub unreadable_program: bool,
    /// Lessons whose source exists but could not be read: their error is the one to report, not
    /// "no source" for each of their translations.
    pub unreadable_lessons: BTreeSet<String>,
}

impl Sources {
    /// The program page's files, by language.
    pub(super) fn program(&self) -> BTreeMap<String, &SourceFile> {
        self.files
            .iter()
            .filter(|f| matches!(f.name, FileName::Program { .. }))
            .map(|f| (f.name.lang().to_owned(), f))
            .collect()
    }

    /// The lessons' files by language, by lesson number and slug.
    pub(super) fn lessons(&self) -> BTreeMap<(u32, String), BTreeMap<String, &SourceFile>> {
        let mut lessons: BTreeMap<_, BTreeMap<_, _>> = BTreeMap::new();
        for file in &self.files {
            if let FileName::Lesson { slug, number, lang } = &file.name {
                lessons
                    .entry((*number, slug.clone()))
                    .or_default()
                    .insert(lang.clone(), file);
            }
        }
        lessons
    }
}

/// Reads `files` (in parallel), keeping those in one of the site's languages; every problem is
/// reported in `diagnostics`.
pub(super) fn read(files: Vec<Found>, site: &SiteConfig, diagnostics: &mut Diagnostics) -> Sources {
    let read: Vec<Result<SourceFile, (FileName, Box<Diagnostic>)>> = files
        .into_par_iter()
        .map(|found| match read_source(&found.path, &found.shown) {
            Ok(text) => Ok(SourceFile {
                name: found.name,
                doc_path: found.shown,
                text,
            }),
            Err(d) => Err((found.name, Box::new(d))),
        })
        .collect();
    let mut sources = Sources {
        files: Vec::new(),
        unreadable_program: false,
        unreadable_lessons: BTreeSet::new(),
    };
    for result in read {
        match result {
            Ok(file) => match unknown_language(site, &file) {
                Some(d) => diagnostics.push(d),
                None => sources.files.push(file),
            },
            Err((name, d)) => {
                diagnostics.push(*d);
                match name {
                    FileName::Program { lang } if lang == site.default_language => {
                        sources.unreadable_program = true;
                    }
                    FileName::Lesson { slug, lang, .. } if lang == site.default_language => {
                        sources.unreadable_lessons.insert(slug);
                    }
                    _ => {}
                }
            }
        }
    }
    sources
}

/// The error for a file whose language code is not one of the site's, if it is not.
fn unknown_language(site: &SiteConfig, file: &SourceFile) -> Option<Diagnostic> {
    let lang = file.name.lang();
    if site.language(lang).is_some() {
        return None;
    }
    let codes: Vec<&str> = site.languages.iter().map(|l| l.code.as_str()).collect();
    let d = Diagnostic::error(
        &file.doc_path,
        format!(
            "`{lang}` is not one of the site's languages ({})",
            codes.join(", ")
        ),
    );
    Some(match did_you_mean(lang, codes.iter().copied()) {
        Some(best) => d.hint(format!(
            "did you mean `{best}`? Otherwise add `{lang}` to `languages` in site.yaml"
        )),
        None => d.hint(format!(
            "add `{lang}` to `languages` in curriculum/site.yaml"
        )),
    })
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
