//! What each page of a build was made from, kept in the output folder as `.digifam-pages`: the
//! next build renders only the pages whose inputs changed, and links the others to their copy in
//! the previous build. A page's inputs are summed up in a [`Key`], a 128-bit hash of its template,
//! of the parts every page of its language shares, of its view and of the source of its body;
//! the headings of the lessons it links to are hashed apart, because which lessons those are is
//! known only once the page is made.
//!
//! A cache is trusted only when it was written by the same binary with the same theme, UI
//! strings and `site.yaml` (its fingerprint); one that cannot be read is ignored with a warning.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::content::model::Project;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;
use crate::site::links::Linked;

/// The cache's file in the output folder.
pub const FILE: &str = ".digifam-pages";

/// Names the layout of the file: a file of another layout is someone else's.
const FORMAT: &str = "digifam page cache 1";

/// The binary's identity: a hash of the sources it was compiled from (see `build.rs`).
pub const BUILD_ID: &str = env!("DIGIFAM_BUILD_ID");

/// A 128-bit hash of what something was made from.
pub type Key = u128;

/// A hash being summed up; `std::hash::Hash` values and raw bytes go in, a [`Key`] comes out.
#[derive(Default)]
pub struct KeyHasher(Xxh3);

impl KeyHasher {
    pub fn new() -> Self {
        KeyHasher(Xxh3::new())
    }

    /// Adds `value` as `Hash` feeds it: lengths and separators included, so that `("ab", "c")`
    /// and `("a", "bc")` differ.
    pub fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds `value` as the JSON a template would see: views need not implement `Hash`.
    pub fn add_json(&mut self, value: &impl Serialize) -> &mut Self {
        // Writing into a hasher cannot fail, and the views are plain data that always serialize.
        let _ = serde_json::to_writer(&mut *self, value);
        self.0.write_u8(0xff);
        self
    }

    pub fn key(&self) -> Key {
        self.0.digest128()
    }
}

impl io::Write for KeyHasher {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One page as the build that made it left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What the page was made from.
    #[serde(with = "hex_key")]
    pub key: Key,
    /// The lessons its body links to, and a hash of their headings at the time.
    pub linked: Linked,
    #[serde(with = "hex_key")]
    pub links: Key,
    /// The file's size, the hash of its bytes the offline list gives, and a fast one to check the
    /// previous copy against: a page edited by hand in the output is made again.
    pub size: u64,
    pub hash: String,
    #[serde(with = "hex_key")]
    pub sum: Key,
    /// The problems found making it, reported again on every build that reuses it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Keys as hexadecimal strings: JSON numbers lose the low digits of 128-bit integers in most
/// readers.
mod hex_key {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(key: &u128, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{key:032x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
        let text = <&str>::deserialize(deserializer)?;
        u128::from_str_radix(text, 16).map_err(D::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    #[serde(with = "hex_key")]
    fingerprint: Key,
    pages: BTreeMap<String, Entry>,
}

/// The pages of the previous build in an output folder.
#[derive(Debug, Default)]
pub struct PageCache {
    folder: PathBuf,
    pages: HashMap<String, Entry>,
}

impl PageCache {
    /// The cache the build in `folder` left, if it was made with `fingerprint`: empty when there
    /// is none or it is another binary's, theme's or configuration's, and empty with a warning
    /// when it cannot be read.
    pub fn read(folder: &Path, fingerprint: Key) -> (PageCache, Option<Diagnostic>) {
        let empty = PageCache {
            folder: folder.to_path_buf(),
            pages: HashMap::new(),
        };
        let bytes = match fs::read(folder.join(FILE)) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return (empty, None),
            Err(err) => return (empty, Some(unusable(folder, &err.to_string()))),
        };
        match serde_json::from_slice::<Stored>(&bytes) {
            Ok(stored) if stored.format != FORMAT => {
                (empty, Some(unusable(folder, "it is not digifam's")))
            }
            Ok(stored) if stored.fingerprint != fingerprint => (empty, None),
            Ok(stored) => (
                PageCache {
                    pages: stored.pages.into_iter().collect(),
                    ..empty
                },
                None,
            ),
            Err(err) => (empty, Some(unusable(folder, &err.to_string()))),
        }
    }

    /// The previous build's copy of the page at `path`, when it was made from the same `key`, the
    /// lessons it links to still have the headings `links` hashes, and its file is still there as
    /// it was written.
    pub fn unchanged(
        &self,
        path: &str,
        key: Key,
        links: impl FnOnce(&Linked) -> Key,
    ) -> Option<&Entry> {
        let entry = self.pages.get(path)?;
        let same = entry.key == key && links(&entry.linked) == entry.links;
        let file = self.folder.join(path);
        let kept = || {
            fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() == entry.size)
                && fs::read(&file).is_ok_and(|bytes| sum(&bytes) == entry.sum)
        };
        (same && kept()).then_some(entry)
    }

    /// Where the previous build's copy of `path` is.
    pub fn previous(&self, path: &str) -> PathBuf {
        self.folder.join(path)
    }
}

/// What the links of any body may lead to, but the headings of lessons: the languages, and each
/// program's lessons, their translations, its pictures and the words on them, and the headings of
/// its program page. Headings of lessons are hashed per page, for the lessons it links to only.
pub fn structure(project: &Project) -> Key {
    let mut hash = KeyHasher::new();
    hash.add(&project.site.default_language);
    for language in &project.site.languages {
        hash.add(&language.code);
    }
    for program in &project.programs {
        hash.add(&program.slug)
            .add(&program.media)
            .add(&program.labels)
            .add(&program.unreadable);
        for (lang, doc) in program.docs.iter() {
            hash.add(lang).add(&doc.doc.anchors);
        }
        for lesson in &program.lessons {
            hash.add(&lesson.slug);
            hash.add(lesson.docs.iter().map(|(lang, _)| lang).collect::<Vec<_>>());
        }
    }
    hash.key()
}

/// The fast hash of a file's bytes an [`Entry`] keeps.
pub fn sum(bytes: &[u8]) -> Key {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The cache file of a build made with `fingerprint`, listing `pages`.
pub fn file(fingerprint: Key, pages: BTreeMap<String, Entry>) -> OutputFile {
    let stored = Stored {
        format: FORMAT.to_owned(),
        fingerprint,
        pages,
    };
    OutputFile::Bytes {
        path: FILE.to_owned(),
        bytes: serde_json::to_vec(&stored).unwrap_or_default(),
    }
}

fn unusable(folder: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(
        folder.join(FILE),
        format!(
            "the record of the previous build cannot be used ({why}), so every page is made again"
        ),
    )
    .hint("nothing to do: this build writes a new one")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(size: u64) -> Entry {
        Entry {
            key: 7,
            linked: Linked::from([("basic".to_owned(), "01-a".to_owned())]),
            links: 9,
            size,
            hash: "ab".to_owned(),
            sum: sum(&b"12345"[..size as usize]),
            diagnostics: vec![Diagnostic::warning("curriculum/basic/01-a.de.md", "w")],
        }
    }

    fn written(folder: &Path, fingerprint: Key, pages: BTreeMap<String, Entry>) {
        let OutputFile::Bytes { bytes, .. } = file(fingerprint, pages) else {
            unreachable!("the cache is made in memory")
        };
        fs::write(folder.join(FILE), bytes).unwrap();
    }

    #[test]
    fn a_page_is_reused_only_with_the_same_inputs_headings_and_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.html"), "12345").unwrap();
        written(
            dir.path(),
            1,
            BTreeMap::from([("page.html".to_owned(), entry(5))]),
        );
        let (cache, problem) = PageCache::read(dir.path(), 1);
        assert!(problem.is_none());
        assert_eq!(cache.unchanged("page.html", 7, |_| 9), Some(&entry(5)));
        assert!(cache.unchanged("page.html", 8, |_| 9).is_none());
        assert!(cache.unchanged("page.html", 7, |_| 10).is_none());
        assert!(cache.unchanged("other.html", 7, |_| 9).is_none());
        for edited in ["123456", "12346"] {
            fs::write(dir.path().join("page.html"), edited).unwrap();
            assert!(cache.unchanged("page.html", 7, |_| 9).is_none(), "{edited}");
        }
    }

    #[test]
    fn another_builds_cache_is_empty_and_a_damaged_one_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.html"), "12345").unwrap();
        written(
            dir.path(),
            1,
            BTreeMap::from([("page.html".to_owned(), entry(5))]),
        );
        let (cache, problem) = PageCache::read(dir.path(), 2);
        assert!(problem.is_none());
        assert!(cache.unchanged("page.html", 7, |_| 9).is_none());
        for damaged in [
            &b"{\"format\":"[..],
            b"[1,2]",
            b"{\"format\":\"x\",\"fingerprint\":\"1\",\"pages\":{}}",
        ] {
            fs::write(dir.path().join(FILE), damaged).unwrap();
            let (cache, problem) = PageCache::read(dir.path(), 1);
            assert!(cache.unchanged("page.html", 7, |_| 9).is_none());
            let problem = problem.expect("a warning");
            assert!(
                problem.message.contains("previous build"),
                "{}",
                problem.message
            );
        }
    }
}
