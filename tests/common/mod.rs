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
