//! Offline use of a published site, one language at a time: `<lang>/offline.json` lists the files
//! a language needs (its pages, search index and manifest, the shared assets and pictures) and,
//! apart, its PDFs, each with its size and a hash of its bytes; `<lang>/sw.js`, the service worker
//! the pages register over http(s), saves them when asked and fetches only changed files when a
//! new build is published. The worker carries the build's version, a hash of the list, so an
//! unchanged rebuild leaves it byte for byte as it was and nothing is fetched again.

use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::output::hex;
use crate::site::OutputFile;

pub const WORKER_TEMPLATE: &str = "sw.js";
const LIST: &str = "offline.json";

/// A written file a language may save: its path in the site, its size and the start of the hash
/// of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Saved {
    pub path: String,
    pub size: u64,
    pub hash: String,
}

/// What offline use needs to know of a written file; `None` for files no language saves (course
/// packages, the sitemap, pictures for shared links, digifam's own records).
pub fn saved(file: &OutputFile) -> Option<Saved> {
    let path = file.path();
    if !saves(path) {
        return None;
    }
    let bytes = file.read().ok()?;
    Some(Saved {
        path: path.to_owned(),
        size: bytes.len() as u64,
        hash: hash(&bytes),
    })
}

/// Whether some language saves the file at `path` for offline use.
pub fn saves(path: &str) -> bool {
    let skip = [
        ".imscc",
        ".scorm.zip",
        ".json",
        ".xml",
        "sw.js",
        "share.png",
    ];
    path.contains('/') && !skip.iter().any(|end| path.ends_with(end))
}

/// The hash of a file's bytes the offline list gives: enough of a SHA-256 to tell versions apart.
pub fn hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..8])
}

/// One file of a language's list: its address from the language's folder, hash and size.
#[derive(Debug, Serialize)]
struct Entry<'a>(String, &'a str, u64);

#[derive(Debug, Serialize)]
struct List<'a> {
    version: String,
    files: Vec<Entry<'a>>,
    pdfs: Vec<Entry<'a>>,
}

/// `<lang>/offline.json` and `<lang>/sw.js` for every language, from every file written.
pub fn offline_files(
    tera: &tera::Tera,
    languages: &[&str],
    written: &[Saved],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let mut written = written.to_vec();
    written.sort();
    let mut files = Vec::new();
    for &lang in languages {
        let list = list(lang, languages, &written);
        let Ok(json) = serde_json::to_vec(&list) else {
            continue;
        };
        let mut ctx = Context::new();
        ctx.insert("version", &list.version);
        ctx.insert("lang", lang);
        files.extend(super::language_file(
            tera,
            WORKER_TEMPLATE,
            lang,
            &ctx,
            diagnostics,
        ));
        files.push(OutputFile::Bytes {
            path: format!("{lang}/{LIST}"),
            bytes: json,
        });
    }
    files
}

/// The files a language saves, addressed from its folder: its own, and the shared assets and
/// pictures but other languages' versions of a picture; its PDFs and kit apart.
fn list<'a>(lang: &str, languages: &[&str], written: &'a [Saved]) -> List<'a> {
    let own = format!("{lang}/");
    let other_version = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut parts = name.rsplit('.');
        let (_, code) = (parts.next(), parts.next());
        parts.next().is_some() && code.is_some_and(|c| c != lang && languages.contains(&c))
    };
    let mut files = Vec::new();
    let mut pdfs = Vec::new();
    for file in written {
        let (address, is_pdf) = if let Some(inside) = file.path.strip_prefix(&own) {
            let download = inside.ends_with(".pdf") || inside.ends_with(".zip");
            (inside.to_owned(), download)
        } else if file.path.starts_with("assets/")
            || (file.path.starts_with("media/") && !other_version(&file.path))
        {
            (format!("../{}", file.path), false)
        } else {
            continue;
        };
        let entry = Entry(address, &file.hash, file.size);
        if is_pdf {
            pdfs.push(entry)
        } else {
            files.push(entry)
        }
    }
    let mut version = Sha256::new();
    for Entry(address, hash, _) in files.iter().chain(&pdfs) {
        version.update(address.as_bytes());
        version.update(hash.as_bytes());
    }
    List {
        version: hex(&version.finalize()[..8]),
        files,
        pdfs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(path: &str) -> Saved {
        Saved {
            path: path.to_owned(),
            size: 10,
            hash: "00".to_owned(),
        }
    }

    #[test]
    fn a_language_saves_its_own_files_and_pictures_apart_from_others_versions() {
        let written: Vec<Saved> = [
            "de/index.html",
            "de/course/01-mouse.pdf",
            "de/kit-de.zip",
            "en/index.html",
            "assets/style.css",
            "media/course/keys.svg",
            "media/course/keys.de.svg",
            "media/course/keys.ar.svg",
            "media/course/photo.2024.jpg",
        ]
        .map(saved)
        .to_vec();
        let list = list("de", &["en", "de", "ar"], &written);
        let files: Vec<&str> = list.files.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            files,
            [
                "index.html",
                "../assets/style.css",
                "../media/course/keys.svg",
                "../media/course/keys.de.svg",
                "../media/course/photo.2024.jpg"
            ]
        );
        let pdfs: Vec<&str> = list.pdfs.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(pdfs, ["course/01-mouse.pdf", "kit-de.zip"]);
        assert_eq!(
            list.version,
            super::list("de", &["en", "de", "ar"], &written).version
        );
    }
}
