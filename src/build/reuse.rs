//! What a build takes over from the previous one: a page or search index whose inputs did not
//! change is linked from the previous site instead of being made again, and what the page cache
//! keeps of every file is noted for the next build.

use rayon::prelude::*;

use super::pipeline::Emit;
use crate::cache::{self, Entry, Key, Keys, PageCache};
use crate::diagnostic::Diagnostic;
use crate::html::offline::{self, Saved};
use crate::html::{self, Made};
use crate::search;
use crate::site::links::Linked;
use crate::site::{self, OutputFile};

/// What the page cache keeps of a written file.
pub(super) struct Known {
    size: u64,
    hash: String,
    sum: Key,
}

impl Known {
    fn of(bytes: &[u8]) -> Known {
        Known {
            size: bytes.len() as u64,
            hash: offline::hash(bytes),
            sum: cache::sum(bytes),
        }
    }

    fn kept(entry: &Entry) -> Known {
        Known {
            size: entry.size,
            hash: entry.hash.clone(),
            sum: entry.sum,
        }
    }

    /// The cache's entry for the file, made from what `keys` sum up.
    pub(super) fn entry(self, keys: Keys, linked: Linked, diagnostics: Vec<Diagnostic>) -> Entry {
        Entry {
            sources: keys.sources,
            key: keys.key,
            linked,
            links: keys.links,
            size: self.size,
            hash: self.hash,
            sum: self.sum,
            diagnostics,
        }
    }
}

/// Hands `file` to `emit`, with what offline use needs to know of it when that is known.
pub(super) fn hand_on(file: OutputFile, known: Option<Known>, emit: &Emit) -> Option<Known> {
    let saved = (known.as_ref())
        .filter(|_| offline::saves(file.path()))
        .map(|known| Saved {
            path: file.path().to_owned(),
            size: known.size,
            hash: known.hash.clone(),
        });
    emit(file, saved);
    known
}

/// The file of a made page: its new bytes, or its copy in the previous build, with what the page
/// cache keeps of it when the build keeps one; `None` when its template failed.
pub(super) fn page_file(
    made: Made,
    path: &str,
    previous: Option<&PageCache>,
) -> Option<(OutputFile, Option<Known>)> {
    let path = path.to_owned();
    match made {
        Made::Html(html) => {
            let known = previous.map(|_| Known::of(html.as_bytes()));
            let bytes = html.into_bytes();
            Some((OutputFile::Bytes { path, bytes }, known))
        }
        Made::Unchanged(entry) => {
            let from = previous?.previous(&path);
            let known = Known::kept(&entry);
            Some((OutputFile::Copy { path, from }, Some(known)))
        }
        Made::Failed => None,
    }
}

/// The search index of every language, handed to `emit`: the previous build's copy when what it
/// indexes did not change. Returns the cache's entries for them when the build keeps one.
pub(super) fn search_indexes(
    inputs: html::Inputs,
    previous: Option<&PageCache>,
    emit: &Emit,
) -> Vec<(String, Entry)> {
    let html::Inputs {
        project,
        catalog,
        bodies,
        ..
    } = inputs;
    let index = |lang: &str| search::index_file(project, catalog, bodies, lang);
    let languages = &project.site.languages;
    languages
        .par_iter()
        .filter_map(|language| {
            let lang = language.code.as_str();
            let Some(previous) = previous else {
                emit(index(lang), None);
                return None;
            };
            let path = site::index_path(lang);
            let key = search::index_key(project, lang);
            let (file, known) = match previous.unchanged(&path, key, |_| 0) {
                Some(entry) => {
                    let from = previous.previous(&path);
                    let copy = OutputFile::Copy {
                        path: path.clone(),
                        from,
                    };
                    (copy, Known::kept(entry))
                }
                None => {
                    let file = index(lang);
                    // The index is made in memory: reading it cannot fail.
                    let known = Known::of(&file.read().unwrap_or_default());
                    (file, known)
                }
            };
            let known = hand_on(file, Some(known), emit)?;
            // An index is looked up by its key alone, which sums up its sources.
            let keys = Keys {
                sources: key,
                key,
                links: 0,
            };
            Some((path, known.entry(keys, Linked::new(), Vec::new())))
        })
        .collect()
}
