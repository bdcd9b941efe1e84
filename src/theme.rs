//! The theme (templates, styles, scripts) and the locales: embedded in the binary as defaults, and
//! overridden file by file from the project's own `themes/default/` and `locales/` folders.

use std::borrow::Cow;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../", $path)) as &[u8])),*]
    };
}

/// Files shipped inside the binary, by their path in the repository.
const EMBEDDED: &[(&str, &[u8])] = embed![
    "themes/default/templates/base.html",
    "themes/default/templates/macros.html",
    "themes/default/templates/chooser.html",
    "themes/default/templates/home.html",
    "themes/default/templates/program.html",
    "themes/default/templates/lesson.html",
    "themes/default/templates/participant.html",
    "themes/default/templates/overview.html",
    "themes/default/templates/matrix.html",
    "themes/default/templates/404.html",
    "themes/default/templates/downloads.html",
    "themes/default/templates/filters.html",
    "themes/default/templates/lessons.html",
    "themes/default/templates/search.html",
    "themes/default/templates/status.html",
    "themes/default/templates/lms-page.html",
    "themes/default/templates/lms-cartridge.xml",
    "themes/default/templates/lms-scorm.xml",
    "themes/default/templates/lms-weblink.xml",
    "themes/default/templates/lms-scorm.js",
    "themes/default/templates/manifest.webmanifest",
    "themes/default/templates/offline.html",
    "themes/default/templates/sw.js",
    "themes/default/templates/share.svg",
    "themes/default/scaffold/lesson.md",
    "themes/default/scaffold/translation.md",
    "themes/default/serve/livereload.js",
    "themes/default/serve/inject.html",
    "themes/default/static/style.css",
    "themes/default/static/highlight.css",
    "themes/default/static/lesson.css",
    "themes/default/static/catalogue.css",
    "themes/default/static/site.js",
    "themes/default/static/search.js",
    "themes/default/static/filter.js",
    "themes/default/static/favicon.svg",
    "themes/default/static/offline.js",
    "themes/default/pdf/digifam.typ",
    "themes/default/pdf/certificate.typ",
    "themes/default/pdf/attendance.typ",
    "themes/default/pdf/cards.typ",
    "themes/default/fonts/NotoSans-Regular.ttf",
    "themes/default/fonts/NotoSans-Bold.ttf",
    "themes/default/fonts/NotoSans-Italic.ttf",
    "themes/default/fonts/NotoSans-BoldItalic.ttf",
    "themes/default/fonts/NotoNaskhArabic-Regular.ttf",
    "themes/default/fonts/NotoNaskhArabic-Bold.ttf",
    "themes/default/fonts/NotoSansSymbols2-Regular.ttf",
    "themes/default/fonts/OFL.txt",
    "locales/en.yaml",
    "locales/de.yaml",
    "locales/ar.yaml",
    "locales/uk.yaml",
    "locales/tr.yaml",
    "locales/fa.yaml",
];

pub const THEME_DIR: &str = "themes/default/";

/// Theme files read as text; the others (fonts, images) are bytes.
const TEXT_EXTENSIONS: &[&str] = &["html", "css", "js", "typ", "yaml", "md", "txt", "xml"];

/// Theme and locale files as one build sees them: the project's file where it has one, else the
/// embedded default.
#[derive(Debug, Clone)]
pub struct Assets {
    root: PathBuf,
}

impl Assets {
    pub fn new(root: &Path) -> Assets {
        Assets {
            root: root.to_path_buf(),
        }
    }

    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        // An override that exists but cannot be read is reported by `problems`, which fails the
        // build; the built-in file only stands in for one that is not there.
        if let Ok(bytes) = fs::read(self.root.join(path)) {
            return Some(Cow::Owned(bytes));
        }
        EMBEDDED
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| Cow::Borrowed(*b))
    }

    /// Where a theme or locale file comes from, for messages: the project's own file, or the
    /// built-in one (which the project does not have, so a message must not send authors to it).
    pub fn shown(&self, path: &str) -> PathBuf {
        if self.root.join(path).exists() {
            PathBuf::from(path)
        } else {
            let inner = path.strip_prefix(THEME_DIR).unwrap_or(path);
            PathBuf::from(format!("<built-in theme>/{inner}"))
        }
    }

    /// The project's theme and locale overrides that exist but cannot be used: unreadable, or
    /// text that is not UTF-8. Each is an error, so that no build silently uses the built-in file.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for folder in [THEME_DIR, "locales/"] {
            let dir = self.root.join(folder);
            for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                let shown = path.strip_prefix(&self.root).unwrap_or(path);
                if entry.file_type().is_dir() && !self.is_embedded_file(shown) {
                    continue;
                }
                if let Some(problem) = unusable(path, shown) {
                    problems.push(problem);
                }
            }
        }
        problems
    }

    fn is_embedded_file(&self, shown: &Path) -> bool {
        let shown = shown.to_string_lossy().replace('\\', "/");
        EMBEDDED.iter().any(|(p, _)| *p == shown)
    }

    /// A theme or locale file as text, by its path in the repository.
    pub fn text(&self, path: &str) -> Option<String> {
        self.get(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// The embedded locale file and the project's own, in that order: the project's keys win one by
    /// one, so a project can change a single string without copying the whole file.
    pub fn locale_layers(&self, file: &str) -> Vec<(PathBuf, String)> {
        let path = format!("locales/{file}");
        let embedded = EMBEDDED.iter().find(|(p, _)| *p == path).map(|(_, b)| {
            (
                PathBuf::from(&path),
                String::from_utf8_lossy(b).into_owned(),
            )
        });
        let own = fs::read_to_string(self.root.join(&path))
            .ok()
            .map(|text| (PathBuf::from(&path), text));
        embedded.into_iter().chain(own).collect()
    }

    /// Every template, by name (`lesson.html`).
    pub fn templates(&self) -> Vec<(String, String)> {
        self.names("templates/")
            .into_iter()
            .filter_map(|name| {
                Some((
                    name.clone(),
                    self.text(&format!("{THEME_DIR}templates/{name}"))?,
                ))
            })
            .collect()
    }

    /// Static files copied to `assets/` in the output, by name.
    pub fn static_files(&self) -> Vec<(String, Cow<'static, [u8]>)> {
        self.names("static/")
            .into_iter()
            .filter_map(|name| {
                Some((
                    name.clone(),
                    self.get(&format!("{THEME_DIR}static/{name}"))?,
                ))
            })
            .collect()
    }

    /// The files the PDFs are made with (`pdf/digifam.typ`, `fonts/NotoSans-Regular.ttf`), by
    /// their path below the theme folder.
    pub fn pdf_files(&self) -> Vec<(String, Cow<'static, [u8]>)> {
        ["pdf/", "fonts/"]
            .into_iter()
            .flat_map(|sub| {
                self.names(sub)
                    .into_iter()
                    .map(move |n| format!("{sub}{n}"))
            })
            .filter_map(|path| {
                let bytes = self.get(&format!("{THEME_DIR}{path}"))?;
                Some((path, bytes))
            })
            .collect()
    }

    /// Names under a theme sub-folder: the embedded ones plus any the project adds.
    fn names(&self, sub: &str) -> Vec<String> {
        let prefix = format!("{THEME_DIR}{sub}");
        let mut names: Vec<String> = EMBEDDED
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(&prefix))
            .map(str::to_owned)
            .collect();
        if let Ok(entries) = fs::read_dir(self.root.join(&prefix)) {
            names.extend(
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().into_string().ok()),
            );
        }
        names.sort();
        names.dedup();
        names
    }
}

/// Why the theme file at `path` (shown as `shown`) cannot be used, if it cannot.
fn unusable(path: &Path, shown: &Path) -> Option<Diagnostic> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == ErrorKind::NotFound => return None,
        Err(err) => {
            return Some(
                Diagnostic::error(shown, format!("cannot read the theme file: {err}"))
                    .hint("make it a readable file, or delete it to use the built-in one"),
            );
        }
    };
    let text = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e));
    let error = std::str::from_utf8(&bytes).err().filter(|_| text)?;
    let line = bytes[..error.valid_up_to()]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    Some(
        Diagnostic::error(shown, "the file is not UTF-8 text")
            .at(line, 1)
            .hint("save it with the encoding UTF-8 (in most editors: Save as… → Encoding: UTF-8)"),
    )
}
