//! The site map: where every output file lies, and the relative URL from one to another. Pages,
//! PDFs, kits, search indexes and media all get their paths here and nowhere else, so that a
//! renderer never spells out a path of its own.

pub mod links;
mod page;

pub use page::{OverviewPart, Page, pages};

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::model::Project;

/// A language's start page.
pub fn home_path(lang: &str) -> String {
    format!("{lang}/index.html")
}

/// A part of a program's overview: the objectives, the materials or the glossary.
pub fn overview_path(lang: &str, program: &str, part: OverviewPart) -> String {
    format!("{lang}/{program}/{}.html", part.name())
}

/// One file of the finished site, by its path inside the output folder.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Bytes { path: String, bytes: Vec<u8> },
    Copy { path: String, from: PathBuf },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Bytes { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }

    /// The file's bytes: borrowed when they are in memory, read from its source otherwise.
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            OutputFile::Bytes { bytes, .. } => Ok(Cow::Borrowed(bytes)),
            OutputFile::Copy { from, .. } => std::fs::read(from).map(Cow::Owned),
        }
    }

    /// Size in bytes; 0 for a copy whose source cannot be read (writing it reports the error).
    pub fn size(&self) -> u64 {
        match self {
            OutputFile::Bytes { bytes, .. } => bytes.len() as u64,
            OutputFile::Copy { from, .. } => std::fs::metadata(from).map_or(0, |m| m.len()),
        }
    }
}

/// The PDFs that go with the pages, by output path, with their sizes in bytes when they are
/// already made (the dev server makes them only when asked). Empty when no PDFs are made
/// (`check`, `--no-pdf`): then pages link to none.
pub type Downloads = BTreeMap<String, Option<u64>>;

pub static NO_DOWNLOADS: Downloads = BTreeMap::new();

/// Whether the site has PDFs, and with them its downloads pages (course packages alone, as in a
/// `--no-pdf` build, are linked from their units' pages).
pub fn has_pdfs(downloads: &Downloads) -> bool {
    downloads.keys().any(|path| path.ends_with(".pdf"))
}

/// Lower-case ASCII letters, digits and hyphens, as file names need them to survive every
/// file system and ZIP tool; `fallback` when `title` has none of them (a title in Arabic script).
pub fn file_slug(title: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let ascii = match c {
            'ä' | 'æ' => "ae",
            'ö' | 'ø' | 'œ' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ş' => "s",
            'ğ' => "g",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c);
                continue;
            }
            _ => "-",
        };
        slug.push_str(ascii);
    }
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut short = String::new();
    for word in words {
        if !short.is_empty() && short.len() + word.len() >= 40 {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        fallback.to_owned()
    } else {
        short
    }
}

/// The trainer's lesson plan of a lesson.
pub fn lesson_plan_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.pdf")
}

/// The participant handout of a lesson.
pub fn handout_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.handout.pdf")
}

/// The `n`-th (from 1) card sheet of a lesson: cards to print and cut.
pub fn card_sheet_path(lang: &str, program: &str, slug: &str, n: usize) -> String {
    format!("{lang}/{program}/{slug}.cards-{n}.pdf")
}

/// The card sheets among `downloads` of a lesson, in order.
pub fn card_sheets<'d>(
    downloads: &'d Downloads,
    lang: &str,
    program: &str,
    slug: &str,
) -> impl Iterator<Item = &'d String> {
    (1..)
        .map(move |n| card_sheet_path(lang, program, slug, n))
        .map_while(move |path| downloads.get_key_value(&path).map(|(path, _)| path))
}

/// A whole program as one book.
pub fn book_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/{program}.{lang}.pdf")
}

/// A unit as an IMS Common Cartridge 1.1 package, which Moodle imports as a course.
pub fn cartridge_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/{program}-{lang}.imscc")
}

/// A unit as a SCORM 1.2 package, which learning platforms play and track lesson by lesson.
pub fn scorm_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/{program}-{lang}.scorm.zip")
}

/// The entries of `files`, keyed by site path, that lie in the folder of the language `lang`.
pub fn of_language<'f, V>(
    files: &'f BTreeMap<String, V>,
    lang: &str,
) -> impl Iterator<Item = (&'f String, &'f V)> {
    let prefix = format!("{lang}/");
    files
        .range(prefix.clone()..)
        .take_while(move |(path, _)| path.starts_with(&prefix))
}

/// The kit of `lang`, e.g. `de/digital-families-de.zip`. The name carries the site and the
/// language because it is what the file is called in the downloads folder.
pub fn kit_path(project: &Project, lang: &str) -> String {
    format!("{lang}/{}.zip", kit_name(project, lang))
}

/// The folder the kit unpacks into, so unpacking it never scatters files.
pub fn kit_name(project: &Project, lang: &str) -> String {
    let site = &project.site;
    let title = site.title_in(&site.default_language);
    format!("{}-{lang}", file_slug(title, "curriculum"))
}

/// Where the index of a language is, in the site.
pub fn index_path(lang: &str) -> String {
    format!("{lang}/search-index.js")
}

/// The shortest relative URL from the page at `from` (a path in the output,
/// `en/basic/01-x.html`) to the output path `to`: only the folders the two do not share are
/// climbed, so a link to the next lesson is just its file name.
pub fn relative(from: &str, to: &str) -> String {
    let folders: Vec<&str> = from.split('/').collect();
    let folders = &folders[..folders.len() - 1];
    let target: Vec<&str> = to.split('/').collect();
    let shared = folders
        .iter()
        .zip(&target[..target.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let url = format!(
        "{}{}",
        to_root(folders.len() - shared),
        target[shared..].join("/")
    );
    if url.is_empty() { "./".to_owned() } else { url }
}

/// How many folders deep the output path `path` lies.
pub fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// The relative URL of the site's root from a page `depth` folders deep.
pub fn to_root(depth: usize) -> String {
    "../".repeat(depth)
}

pub fn lesson_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.html")
}

pub fn participant_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.participant.html")
}

/// The picture a shared link to a unit or its lessons shows (when `base_url` is set).
pub fn share_image_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/share.png")
}

pub fn program_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/index.html")
}

pub fn media_path(program: &str, file: &Path) -> String {
    let file = file.to_string_lossy().replace('\\', "/");
    format!("media/{program}/{file}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_short() {
        assert_eq!(file_slug("Using the mouse!", "lesson"), "using-the-mouse");
        assert_eq!(file_slug("Grüße aus Köln", "lesson"), "gruesse-aus-koeln");
        assert_eq!(file_slug("العربية", "lesson"), "lesson");
        assert_eq!(
            file_slug(
                "A very long title that goes on and on and on for ever",
                "lesson"
            ),
            "a-very-long-title-that-goes-on-and-on"
        );
    }
}
