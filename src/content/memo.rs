//! Front matter parsed by the previous build, by the hash of its file: a rebuild takes the parsed
//! values (and the body's heading anchors) of every unchanged file over instead of parsing its
//! YAML and Markdown again, which was a third of a rebuild where nothing changed.
//!
//! The memo is a plain file of records: a header naming the layout and the binary that wrote it,
//! then for each file a 128-bit hash of its kind and text, a length, and the values as CBOR. A memo
//! of another binary is ignored, since the values it holds may have another shape; a damaged one
//! is ignored with a message. Only what a load used is written back, so the memo never grows with
//! files deleted long ago.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::Xxh3;

/// Names the layout of the file.
const FORMAT: &str = "digifam parsed sources 1";

/// A file's kind and text, hashed.
type Key = u128;

/// The front matter of every file one load parsed or took over, and what the previous load left.
#[derive(Default)]
pub struct Memo {
    previous: HashMap<Key, Vec<u8>>,
    /// The files of this load: the values it parsed, or `None` for those it took over from
    /// `previous`, which are not copied.
    now: Mutex<BTreeMap<Key, Option<Vec<u8>>>>,
}

/// Why a memo's bytes could not be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// Another digifam's, or another layout: nothing is wrong, it is only of no use.
    Foreign,
    /// It ends in the middle of a record.
    Damaged,
}

impl Memo {
    /// The memo written by [`Memo::to_bytes`] of the binary `build_id`.
    pub fn from_bytes(bytes: &[u8], build_id: &str) -> Result<Memo, Unusable> {
        let header = format!("{FORMAT}\n{build_id}\n");
        let mut rest = bytes
            .strip_prefix(header.as_bytes())
            .ok_or(Unusable::Foreign)?;
        let mut previous = HashMap::new();
        while !rest.is_empty() {
            let (key, tail) = rest.split_first_chunk::<16>().ok_or(Unusable::Damaged)?;
            let (len, tail) = tail.split_first_chunk::<4>().ok_or(Unusable::Damaged)?;
            let len = u32::from_le_bytes(*len) as usize;
            let value = tail.get(..len).ok_or(Unusable::Damaged)?;
            previous.insert(u128::from_le_bytes(*key), value.to_vec());
            rest = &tail[len..];
        }
        Ok(Memo {
            previous,
            now: Mutex::default(),
        })
    }

    /// What this load parsed or took over, for the next one, in the order of the keys so that the
    /// same sources give the same bytes.
    pub fn to_bytes(&self, build_id: &str) -> Vec<u8> {
        let now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        let mut bytes = format!("{FORMAT}\n{build_id}\n").into_bytes();
        for (key, made) in now.iter() {
            let Some(value) = made.as_ref().or_else(|| self.previous.get(key)) else {
                continue;
            };
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&(value.len() as u32).to_le_bytes());
            bytes.extend_from_slice(value);
        }
        bytes
    }

    /// A memo for the next load in this process, holding what this one parsed or took over.
    pub fn into_next(mut self) -> Memo {
        let now = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        let previous = (now.into_iter())
            .filter_map(|(key, made)| Some((key, made.or_else(|| self.previous.remove(&key))?)))
            .collect();
        Memo {
            previous,
            now: Mutex::default(),
        }
    }

    /// The values of `text` as `T` with its anchors: the previous load's when it parsed the same
    /// text into the same kind of values, else what `parse` makes of it (kept when it is `Some`).
    pub(super) fn parsed<T: Serialize + DeserializeOwned>(
        &self,
        text: &str,
        parse: impl FnOnce() -> Option<(T, BTreeSet<String>)>,
    ) -> Option<(T, BTreeSet<String>)> {
        let mut hasher = Xxh3::new();
        hasher.update(std::any::type_name::<T>().as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        let key = hasher.digest128();
        let kept = (self.previous.get(&key))
            .and_then(|bytes| ciborium::from_reader(bytes.as_slice()).ok());
        let (values, made) = match kept {
            Some(values) => (values, None),
            None => {
                let values = parse()?;
                let mut bytes = Vec::new();
                // Writing into memory fails only for values CBOR cannot hold, which front matter
                // never has; such a file is simply not remembered.
                if ciborium::into_writer(&values, &mut bytes).is_err() {
                    return Some(values);
                }
                (values, Some(bytes))
            }
        };
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        now.insert(key, made);
        Some(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_text_parsed_before_is_not_parsed_again_and_another_is() {
        let first = Memo::default();
        let parsed = first.parsed("title: A", || Some((1u32, anchors(&["a"]))));
        assert_eq!(parsed, Some((1, anchors(&["a"]))));
        let bytes = first.to_bytes("id");
        let second = Memo::from_bytes(&bytes, "id").unwrap();
        let kept = second.parsed::<u32>("title: A", || panic!("parsed again"));
        assert_eq!(kept, Some((1, anchors(&["a"]))));
        let other = second.parsed("title: B", || Some((2u32, anchors(&[]))));
        assert_eq!(other, Some((2, anchors(&[]))));
        // The same text read as another kind of values is parsed for that kind.
        let as_text = second.parsed("title: A", || Some(("A".to_owned(), anchors(&[]))));
        assert_eq!(as_text, Some(("A".to_owned(), anchors(&[]))));
    }

    #[test]
    fn only_what_a_load_used_is_kept_and_a_failed_parse_is_not() {
        let first = Memo::default();
        first.parsed("old", || Some((1u32, anchors(&[]))));
        let second = Memo::from_bytes(&first.to_bytes("id"), "id").unwrap();
        assert_eq!(second.parsed::<u32>("broken", || None), None);
        let third = Memo::from_bytes(&second.to_bytes("id"), "id").unwrap();
        assert!(third.previous.is_empty());
    }

    #[test]
    fn another_binarys_memo_is_foreign_and_a_cut_one_is_damaged() {
        let memo = Memo::default();
        memo.parsed("title: A", || Some((1u32, anchors(&["a"]))));
        let bytes = memo.to_bytes("id");
        assert!(matches!(
            Memo::from_bytes(&bytes, "other"),
            Err(Unusable::Foreign)
        ));
        assert!(matches!(
            Memo::from_bytes(&bytes[..bytes.len() - 1], "id"),
            Err(Unusable::Damaged)
        ));
        assert!(matches!(
            Memo::from_bytes(b"{\"format\"", "id"),
            Err(Unusable::Foreign)
        ));
    }
}
