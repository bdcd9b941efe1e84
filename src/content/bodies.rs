//! The Markdown stage: every document's body split into its `:::` blocks once, for every
//! renderer to walk.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::model::{Document, Project};
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, Segment};

/// Lesson bodies split into blocks, by document path; a body with block errors is missing.
pub type Bodies = BTreeMap<PathBuf, Vec<Segment>>;

pub fn parse_bodies(project: &Project, diagnostics: &mut Diagnostics) -> Bodies {
    let docs: Vec<&Document> = project
        .programs
        .iter()
        .flat_map(|p| {
            p.docs.values().map(|d| &d.doc).chain(
                p.lessons
                    .iter()
                    .flat_map(|l| l.docs.values().map(|d| &d.doc)),
            )
        })
        .collect();
    let mut bodies = BTreeMap::new();
    parse_documents(&docs, &mut bodies, diagnostics);
    bodies
}

/// Parses the bodies of `docs` into `bodies`, replacing what was there for them.
pub fn parse_documents(docs: &[&Document], bodies: &mut Bodies, diagnostics: &mut Diagnostics) {
    let parsed: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            (
                doc.path.clone(),
                markdown::parse_blocks(&doc.path, &doc.text, &doc.body, doc.body_line),
            )
        })
        .collect();
    for (path, result) in parsed {
        match result {
            Ok(segments) => {
                bodies.insert(path, segments);
            }
            Err(errors) => {
                bodies.remove(&path);
                diagnostics.extend(errors);
            }
        }
    }
}
