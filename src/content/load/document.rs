//! A read content file to a [`Document`] and the raw values of its front matter, and the
//! messages every kind of front matter shares.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::discover::SourceFile;
use crate::content::frontmatter::{self, FrontMatter};
use crate::content::memo::Memo;
use crate::content::model::{Document, Status};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;

/// The keys every kind of front matter has, whatever else it holds.
pub(super) trait HasMeta {
    fn status(&self) -> Option<Status>;
    fn source_version(&self) -> Option<String>;
}

/// Splits `file` into front matter and body and parses the front matter into `T`, or takes both
/// over from `memo` when the previous build parsed the same text; `None` when either fails, with
/// the problem in `diagnostics`.
pub(super) fn parse_doc<T: Serialize + DeserializeOwned + HasMeta>(
    file: &SourceFile,
    memo: &Memo,
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
    let mut problem = None;
    let parsed = memo.parsed(&file.text, || {
        match frontmatter::parse::<T>(path, &file.text, &split) {
            Ok(raw) => Some((raw, markdown::anchors(split.body))),
            Err(d) => {
                problem = Some(d);
                None
            }
        }
    });
    let Some((raw, anchors)) = parsed else {
        diagnostics.extend(problem);
        return None;
    };
    let doc = Document {
        path: path.clone(),
        lang: file.name.lang().to_owned(),
        text: file.text.clone(),
        front_matter: FrontMatter::new(&split),
        body: split.body.to_owned(),
        body_line: split.body_line,
        status: raw.status().unwrap_or_default(),
        source_version: raw.source_version(),
        anchors,
    };
    Some((raw, doc))
}

pub(super) fn missing(doc: &Document, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(
        &doc.path,
        format!("`{key}` is missing from the front matter"),
    )
    .at(doc.front_matter.line, 1)
    .hint(format!("add it, for example `{example}`"))
}

/// A translation sets `key`, which only its source may set, to another value than the source.
pub(super) fn contradiction(
    doc: &Document,
    key: &str,
    source_value: &str,
    source: &Path,
) -> Diagnostic {
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
