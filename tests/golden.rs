//! The golden build: a fixture curriculum with every page type, every block type, fallback and
//! draft pages, right-to-left text and every kind of PDF is built, and the hash of each output
//! file is compared with the committed list `tests/golden/hashes.txt`.
//!
//! A change of output must be deliberate. After checking that every change it lists is wanted,
//! write the new list with `DIGIFAM_BLESS=1 cargo test --test golden` and commit it with the
//! change that caused it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use common::{Project, files};

const HASHES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/hashes.txt");

/// The build's records of what its pages and packages were made from, and of its parsed sources:
/// they name the binary that made them, so they change with every change of the code.
/// `tests/site.rs` and `tests/rebuild.rs` check that two builds write them byte for byte the same.
const RECORDS: &[&str] = &[
    digifam::cache::FILE,
    digifam::lms::MANIFEST,
    digifam::build::MEMO,
];

/// The hash of every file of the build but its records.
fn hashes(out: &Path) -> BTreeMap<String, String> {
    files(out)
        .into_iter()
        .filter(|relative| !RECORDS.iter().any(|record| relative == Path::new(record)))
        .map(|relative| {
            let bytes = fs::read(out.join(&relative)).unwrap();
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (relative.to_string_lossy().replace('\\', "/"), hash)
        })
        .collect()
}

fn listing(hashes: &BTreeMap<String, String>) -> String {
    hashes
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

fn parse(listing: &str) -> BTreeMap<String, String> {
    listing
        .lines()
        .filter_map(|line| line.split_once("  "))
        .map(|(hash, path)| (path.to_owned(), hash.to_owned()))
        .collect()
}

/// What differs between the committed hashes and the build's, one line a file.
fn differences(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<String> {
    let mut lines = Vec::new();
    for (path, hash) in new {
        match old.get(path) {
            None => lines.push(format!("added:   {path}")),
            Some(before) if before != hash => lines.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        lines.push(format!("removed: {path}"));
    }
    lines
}

#[test]
fn the_fixture_builds_to_the_committed_bytes() {
    let project = Project::fixture("golden");
    project.build().assert_ok();
    let built = hashes(&project.path("public"));
    if std::env::var_os("DIGIFAM_BLESS").is_some() {
        fs::write(HASHES, listing(&built)).unwrap();
        return;
    }
    let committed = parse(&fs::read_to_string(HASHES).unwrap_or_default());
    let diff = differences(&committed, &built);
    assert!(
        diff.is_empty(),
        "the output differs from tests/golden/hashes.txt in {} files:\n{}\n\nIf every change is \
         wanted, write the new hashes with `DIGIFAM_BLESS=1 cargo test --test golden` and commit them.",
        diff.len(),
        diff.join("\n")
    );
}

#[test]
fn the_fixture_covers_what_the_golden_test_is_for() {
    let committed = parse(&fs::read_to_string(HASHES).unwrap());
    let has = |suffix: &str| committed.keys().any(|p| p.ends_with(suffix));
    for kind in [
        "index.html",
        "404.html",
        "digcomp.html",
        "status.html",
        "lessons.html",
        "downloads.html",
        "search.html",
        "overview.html",
        "glossary.html",
        ".participant.html",
        ".handout.pdf",
        "search-index.js",
        "sitemap.xml",
        ".zip",
    ] {
        assert!(has(kind), "no {kind} in the golden output");
    }
    for lang in ["en", "de", "ar", "uk"] {
        assert!(
            committed.keys().any(|p| p.starts_with(&format!("{lang}/"))),
            "no pages in {lang}"
        );
    }
}

#[test]
fn a_difference_is_reported_by_file() {
    let old = parse("aa  en/index.html\nbb  en/gone.html\n");
    let new = parse("ab  en/index.html\ncc  en/new.html\n");
    assert_eq!(
        differences(&old, &new),
        vec![
            "changed: en/index.html",
            "added:   en/new.html",
            "removed: en/gone.html"
        ]
    );
}
