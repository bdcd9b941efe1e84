//! `curriculum/site.yaml`: read, checked, and compared with the program folders beside it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::CONTENT_DIR;
use crate::config::SiteConfig;
use crate::content::frontmatter::{self, Split};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};

/// The site settings, with the file's text and path for messages that point into it.
pub(super) struct SiteFile {
    pub config: SiteConfig,
    pub shown: PathBuf,
    pub text: String,
}

/// Reads and checks `curriculum/site.yaml`; `None` when nothing can be built without it.
pub(super) fn read(root: &Path, diagnostics: &mut Diagnostics) -> Option<SiteFile> {
    let site_path = root.join(CONTENT_DIR).join("site.yaml");
    let shown = display_path(root, &site_path);
    let text = match fs::read_to_string(&site_path) {
        Ok(text) => text,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(&shown, format!("cannot read the site settings: {err}")).hint(
                    "digifam expects `curriculum/site.yaml` in the project folder; pass the \
                     folder with --root, or run `digifam new site` to start one",
                ),
            );
            return None;
        }
    };
    // The whole file is YAML: parsed as front matter that starts on line 1.
    let whole = Split {
        yaml: &text,
        yaml_line: 1,
        body: "",
        body_line: 0,
    };
    let config: SiteConfig = match frontmatter::parse(&shown, &text, &whole) {
        Ok(config) => config,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let site = SiteFile {
        config,
        shown,
        text,
    };
    site.check(diagnostics).then_some(site)
}

impl SiteFile {
    /// The folder of the listed program `slug`; `None`, with an error, when it does not exist.
    pub(super) fn program_folder(
        &self,
        root: &Path,
        slug: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<PathBuf> {
        let dir = root.join(CONTENT_DIR).join(slug);
        if dir.is_dir() {
            return Some(dir);
        }
        diagnostics.push(
            Diagnostic::error(
                &self.shown,
                format!("program folder `curriculum/{slug}` does not exist"),
            )
            .at(self.line_with(slug), 0)
            .hint(format!(
                "create the folder with a `_program.{}.md`, or remove `{slug}` from `programs`",
                self.config.default_language
            ))
            .with_source(&self.text),
        );
        None
    }

    /// The first line that contains `needle`, or 0.
    fn line_with(&self, needle: &str) -> usize {
        self.text
            .lines()
            .position(|l| l.contains(needle))
            .map_or(0, |i| i + 1)
    }

    /// Whether the languages make sense: valid codes, each once, the default among them.
    fn check(&self, diagnostics: &mut Diagnostics) -> bool {
        let site = &self.config;
        let mut ok = true;
        let mut seen = BTreeSet::new();
        for language in &site.languages {
            let code = &language.code;
            if !is_language_code(code) {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(&self.shown, format!("`{code}` is not a language code"))
                        .at(self.line_with(&format!("code: {code}")), 0)
                        .hint("use a lower-case ISO 639 code such as `en`, `de`, `ar`, `uk`")
                        .with_source(&self.text),
                );
            }
            if !seen.insert(code.clone()) {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(&self.shown, format!("language `{code}` is listed twice"))
                        .hint("list each language once under `languages`"),
                );
            }
        }
        if site.language(&site.default_language).is_none() {
            ok = false;
            diagnostics.push(
                Diagnostic::error(
                    &self.shown,
                    format!(
                        "the default language `{}` is not in `languages`",
                        site.default_language
                    ),
                )
                .at(self.line_with("default_language"), 0)
                .hint("add it to `languages`, or choose one of the listed codes")
                .with_source(&self.text),
            );
        }
        ok
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 8
        && code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        && code.parse::<unic_langid::LanguageIdentifier>().is_ok()
}

/// Warns about folders in `curriculum/` that `programs` does not list: they are not built.
pub(super) fn warn_unlisted_folders(root: &Path, site: &SiteConfig, diagnostics: &mut Diagnostics) {
    let content = root.join(CONTENT_DIR);
    let Ok(entries) = fs::read_dir(&content) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        if !site.programs.contains(&name) {
            diagnostics.push(
                Diagnostic::warning(
                    display_path(root, &content.join(&name)),
                    format!("folder `{name}` is not listed in site.yaml, so it is not built"),
                )
                .hint(format!(
                    "add `{name}` to `programs` in curriculum/site.yaml"
                )),
            );
        }
    }
}
