//! What each page of a build was made from, kept in the output folder as `.digifam-pages`: the
//! next build renders only the pages whose inputs changed, and links the others to their copy in
//! the previous build. A page's inputs are summed up in a [`Key`], a 128-bit hash of its template,
//! of the parts every page of its language shares, of its view and of the source of its body;
//! the headings of the lessons it links to are hashed apart, because which lessons those are is
//! known only once the page is made.
//!
//! A cache is trusted only when it was written by the same binary with the same theme, UI
//! strings and `site.yaml` (its fingerprint); one that cannot be read is ignored with a warning.
//!
//! A previous page is taken over only if its file is still as the build left it. Reading every
//! file back to check would cost a tenth of a rebuild, so, as `git status` does with its index, a
//! file of the recorded size last modified before the cache was written is trusted as it is; one
//! modified since, or in the same tick of the file system's clock, is read and checked against
//! the hash of its bytes.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

mod sources;
pub use sources::{Sources, structure};

use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;
use crate::site::links::Linked;

/// The cache's file in the output folder.
pub const FILE: &str = ".digifam-pages";

/// Names the layout of the file: a file of another layout is an earlier digifam's, or someone
/// else's.
const FORMAT: &str = "digifam page cache 2";
const FORMAT_NAME: &str = "digifam page cache ";

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

    /// Adds `value` as serialized data: views need not implement `Hash`. CBOR rather than the
    /// JSON a template sees, since its strings are written with their length as they are, where
    /// JSON scans every byte of them for characters to escape.
    pub fn add_data(&mut self, value: &impl Serialize) -> &mut Self {
        // Writing into a hasher cannot fail, and the views are plain data that always serialize.
        let _ = ciborium::into_writer(value, &mut *self);
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

/// What a page was made from: the sum of the sources of its unit or site ([`Sources::page`]),
/// the key of its view, template and body, and the headings of the lessons it links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    pub sources: Key,
    pub key: Key,
    pub links: Key,
}

/// One page as the build that made it left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The sum of the sources of its unit or site: the same sum, the same page.
    #[serde(with = "hex_key")]
    pub sources: Key,
    /// What the page was made from.
    #[serde(with = "hex_key")]
    pub key: Key,
    /// The lessons its body links to, and a hash of their headings at the time.
    pub linked: Linked,
    #[serde(with = "hex_key")]
    pub links: Key,
    /// The file's size, the hash of its bytes the offline list gives, and a fast one to check a
    /// previous copy modified since against: a page edited by hand in the output is made again.
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

/// The start of any version's file.
#[derive(Deserialize)]
struct Header {
    format: String,
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
    /// When the cache file was last modified: every file the build wrote is older.
    written: Option<SystemTime>,
}

impl PageCache {
    /// The cache the build in `folder` left, if it was made with `fingerprint`: empty when there
    /// is none or it is another binary's, theme's or configuration's, and empty with a warning
    /// when it cannot be read.
    pub fn read(folder: &Path, fingerprint: Key) -> (PageCache, Option<Diagnostic>) {
        let empty = PageCache {
            folder: folder.to_path_buf(),
            pages: HashMap::new(),
            written: None,
        };
        let (bytes, written) = match read_with_time(&folder.join(FILE)) {
            Ok(read) => read,
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
                    written,
                    ..empty
                },
                None,
            ),
            Err(err) => match serde_json::from_slice::<Header>(&bytes) {
                Ok(header) if header.format != FORMAT && header.format.starts_with(FORMAT_NAME) => {
                    (empty, None)
                }
                _ => (empty, Some(unusable(folder, &err.to_string()))),
            },
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
        (same && self.kept(path, entry)).then_some(entry)
    }

    /// The previous build's copy of the page at `path`, when it was made from sources of the same
    /// `sum` ([`Sources::page`]) and its file is still there as it was written: what
    /// [`PageCache::unchanged`] finds, known before the page's view is made.
    pub fn untouched(&self, path: &str, sum: Key) -> Option<&Entry> {
        let entry = self.pages.get(path)?;
        (entry.sources == sum && self.kept(path, entry)).then_some(entry)
    }

    /// Whether the file at `path` is as the build that wrote `entry` left it: its size, and its
    /// bytes unless it was last modified before the cache was written.
    fn kept(&self, path: &str, entry: &Entry) -> bool {
        let file = self.folder.join(path);
        let Ok(meta) = fs::symlink_metadata(&file) else {
            return false;
        };
        let older = meta.modified().ok().zip(self.written);
        meta.is_file()
            && meta.len() == entry.size
            && (older.is_some_and(|(modified, written)| modified < written)
                || fs::read(&file).is_ok_and(|bytes| sum(&bytes) == entry.sum))
    }

    /// Where the previous build's copy of `path` is.
    pub fn previous(&self, path: &str) -> PathBuf {
        self.folder.join(path)
    }
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

/// The bytes of a file and when it was last modified, both from one opening of it.
fn read_with_time(path: &Path) -> io::Result<(Vec<u8>, Option<SystemTime>)> {
    let mut file = fs::File::open(path)?;
    let written = file.metadata()?.modified().ok();
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok((bytes, written))
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
            sources: 3,
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

    /// A folder with `page.html` and a cache made with fingerprint 1 that lists it.
    fn cached_page() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.html"), "12345").unwrap();
        written(
            dir.path(),
            1,
            BTreeMap::from([("page.html".to_owned(), entry(5))]),
        );
        dir
    }

    #[test]
    fn a_page_is_reused_only_with_the_same_inputs_headings_and_file() {
        let dir = cached_page();
        let (cache, problem) = PageCache::read(dir.path(), 1);
        assert!(problem.is_none());
        assert_eq!(cache.unchanged("page.html", 7, |_| 9), Some(&entry(5)));
        assert!(cache.unchanged("page.html", 8, |_| 9).is_none());
        assert!(cache.unchanged("page.html", 7, |_| 10).is_none());
        assert!(cache.unchanged("other.html", 7, |_| 9).is_none());
        assert_eq!(cache.untouched("page.html", 3), Some(&entry(5)));
        assert!(cache.untouched("page.html", 4).is_none());
        assert!(cache.untouched("other.html", 3).is_none());
        for edited in ["123456", "12346"] {
            fs::write(dir.path().join("page.html"), edited).unwrap();
            assert!(cache.unchanged("page.html", 7, |_| 9).is_none(), "{edited}");
            assert!(cache.untouched("page.html", 3).is_none(), "{edited}");
        }
    }

    #[test]
    fn a_file_older_than_the_cache_is_trusted_by_its_size_and_a_newer_one_by_its_bytes() {
        let dir = cached_page();
        let page = dir.path().join("page.html");
        let cached = fs::metadata(dir.path().join(FILE)).unwrap();
        let cached = cached.modified().unwrap();
        let modified = |time| {
            let file = fs::File::options().write(true).open(&page).unwrap();
            file.set_modified(time).unwrap();
        };
        let (cache, _) = PageCache::read(dir.path(), 1);
        let second = std::time::Duration::from_secs(1);
        // Other bytes of the same size, with a time from before the cache: not read again (the
        // blind spot `git status` has too).
        fs::write(&page, "54321").unwrap();
        modified(cached - second);
        assert!(cache.unchanged("page.html", 7, |_| 9).is_some());
        // Modified in the same tick as the cache, or later: read, and found changed.
        for time in [cached, cached + second] {
            modified(time);
            assert!(cache.unchanged("page.html", 7, |_| 9).is_none());
        }
        // Written again with the same bytes: read, and found as the build left it.
        fs::write(&page, "12345").unwrap();
        modified(cached + second);
        assert!(cache.unchanged("page.html", 7, |_| 9).is_some());
    }

    #[test]
    fn another_builds_cache_is_empty_and_a_damaged_one_is_a_warning() {
        let dir = cached_page();
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
        // An earlier version's cache, of another layout, is not trusted, and nothing to warn of.
        let earlier = r#"{"format":"digifam page cache 1","fingerprint":"1","pages":{"page.html":{"key":"7"}}}"#;
        fs::write(dir.path().join(FILE), earlier).unwrap();
        let (cache, problem) = PageCache::read(dir.path(), 1);
        assert!(cache.untouched("page.html", 3).is_none());
        assert!(problem.is_none(), "{problem:?}");
    }
}
