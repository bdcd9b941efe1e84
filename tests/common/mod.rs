//! Shared helpers for the integration tests: a fixture curriculum copied into a temporary folder,
//! and the real `digifam` binary run on it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Project {
    pub dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Project {
    /// A copy of `tests/fixtures/<name>` that a test may change freely.
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            dir.path(),
        );
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Replaces `from` by `to` in a file, failing the test if `from` is not there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// `digifam build` into `<root>/public`.
    pub fn build(&self) -> Run {
        self.run(&["build", "--root", ".", "--out", "public"])
    }

    pub fn html(&self, relative: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(relative))
    }
}

/// The golden fixture built once per test binary, PDFs included, for the tests that only read it.
pub fn built_golden() -> &'static Project {
    static BUILT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let project = Project::fixture("golden");
        project.build().assert_ok();
        project
    })
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code(), 0, "digifam failed:\n{}", self.stderr());
        self
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_digifam"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run { output }
}

pub fn select<'a>(html: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

pub fn text_of(html: &scraper::Html, css: &str) -> String {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// Asserts that every relative `href` and `src` in the HTML pages below `out` leads to a file,
/// and every `#fragment` to an element with that id; returns how many links were checked.
/// Addresses with a scheme (`https:`, `mailto:`) are left out.
pub fn assert_links_resolve(out: &Path) -> usize {
    let mut ids: std::collections::HashMap<PathBuf, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    let mut ids_of = |page: &Path| {
        ids.entry(page.to_path_buf())
            .or_insert_with(|| {
                let html = scraper::Html::parse_document(&fs::read_to_string(page).unwrap());
                select(&html, "[id]")
                    .iter()
                    .filter_map(|e| e.attr("id").map(str::to_owned))
                    .collect()
            })
            .clone()
    };
    let mut checked = 0;
    let pages = files(out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"));
    for file in pages {
        let html = scraper::Html::parse_document(&fs::read_to_string(out.join(&file)).unwrap());
        for element in select(&html, "[href], [src]") {
            let url = element.attr("href").or(element.attr("src")).unwrap();
            let scheme = url.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
            if scheme || url.starts_with('#') {
                continue;
            }
            assert!(
                !url.starts_with('/'),
                "{}: absolute link {url}",
                file.display()
            );
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = out.join(file.parent().unwrap()).join(path);
            assert!(
                target.is_file(),
                "{}: {url} does not resolve",
                file.display()
            );
            if !fragment.is_empty() {
                // Browsers match a percent-encoded fragment (Arabic headings) decoded.
                assert!(
                    ids_of(&target).contains(&percent_decoded(fragment)),
                    "{}: {url} has no anchor",
                    file.display()
                );
            }
            checked += 1;
        }
    }
    checked
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
