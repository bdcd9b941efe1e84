//! The fonts of the PDFs: only those the theme ships (`themes/default/fonts/`), never the machine's,
//! so a PDF looks the same wherever it is built.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use typst::foundations::Bytes;
use typst::text::Font;

use crate::config::Language;
use crate::content::model::{Document, Project};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::theme::Assets;

const FONT_EXTENSIONS: &[&str] = &[".ttf", ".otf", ".ttc", ".otc"];

/// The fonts among the theme's PDF files.
pub fn load(files: &[(String, Cow<'static, [u8]>)]) -> Vec<Font> {
    files
        .iter()
        .filter(|(path, _)| {
            path.starts_with("fonts/")
                && FONT_EXTENSIONS
                    .iter()
                    .any(|ext| path.to_ascii_lowercase().ends_with(ext))
        })
        .flat_map(|(_, bytes)| Font::iter(Bytes::new(bytes.clone())))
        .collect()
}

/// Characters no font needs to draw: spaces, controls, joiners, direction marks, variation selectors.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0xAD | 0x034F | 0x061C | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE0FFF)
}

/// Finds characters that no shipped font can draw: the PDFs would show an empty box in their place.
/// The fonts are loaded once, so the dev server can check each edited file on its own.
pub struct FontCheck {
    fonts: Vec<Font>,
    assets: Assets,
}

impl FontCheck {
    pub fn new(project: &Project) -> Self {
        let assets = Assets::new(&project.root);
        FontCheck {
            fonts: load(&assets.pdf_files()),
            assets,
        }
    }

    /// The first character of `text` no font has, with its line and column.
    fn first_gap(&self, text: &str, covered: &mut BTreeSet<char>) -> Option<(usize, usize, char)> {
        text.lines().enumerate().find_map(|(line, content)| {
            content.chars().enumerate().find_map(|(column, c)| {
                if invisible(c) || covered.contains(&c) {
                    None
                } else if self
                    .fonts
                    .iter()
                    .any(|f| f.info().coverage.contains(c as u32))
                {
                    covered.insert(c);
                    None
                } else {
                    Some((line + 1, column + 1, c))
                }
            })
        })
    }

    /// A warning for the first character of `text` that no font has; `positioned` when line and
    /// column in `text` are those of `path`.
    fn check(
        &self,
        (path, text, positioned): (&Path, &str, bool),
        language: &Language,
        covered: &mut BTreeSet<char>,
    ) -> Option<Diagnostic> {
        let (line, column, c) = self.first_gap(text, covered)?;
        let (line, column) = if positioned { (line, column) } else { (0, 0) };
        Some(
            Diagnostic::warning(
                path,
                format!(
                    "no font shipped for the PDFs has the character `{c}` (U+{:04X}): the {} PDFs show an empty box in its place",
                    c as u32, language.name
                ),
            )
            .at(line, column)
            .hint("add an open-licence font that covers it to themes/default/fonts/, or write the text without it")
            .with_source(text),
        )
    }

    /// Warns about every file whose text has a character no font has, naming the first.
    pub fn project(&self, project: &Project, diagnostics: &mut Diagnostics) {
        let site_file = Path::new(crate::content::CONTENT_DIR).join("site.yaml");
        let mut covered = BTreeSet::new();
        for language in &project.site.languages {
            let code = &language.code;
            let site_text = format!(
                "{}\n{}",
                project.site.title.get(code).map_or("", String::as_str),
                language.name
            );
            let locales = self.assets.locale_layers(&format!("{code}.yaml"));
            let docs = project.programs.iter().flat_map(|program| {
                let page = program.docs.get(code).map(|p| &p.doc);
                let lessons = program.lessons.iter().filter_map(|l| l.docs.get(code));
                page.into_iter().chain(lessons.map(|l| &l.doc))
            });
            // The site's title and language name are not lines of site.yaml: no position for them.
            let texts = std::iter::once((site_file.as_path(), site_text.as_str(), false))
                .chain(
                    locales
                        .iter()
                        .map(|(p, text)| (p.as_path(), text.as_str(), true)),
                )
                .chain(docs.map(|doc| (doc.path.as_path(), doc.text.as_str(), true)));
            for text in texts {
                diagnostics.extend(self.check(text, language, &mut covered));
            }
        }
    }

    /// The same warnings for some documents alone.
    pub fn documents<'d>(
        &self,
        project: &Project,
        docs: impl IntoIterator<Item = &'d Document>,
        diagnostics: &mut Diagnostics,
    ) {
        let mut covered = BTreeSet::new();
        for doc in docs {
            if let Some(language) = project.site.language(&doc.lang) {
                let text = (doc.path.as_path(), doc.text.as_str(), true);
                diagnostics.extend(self.check(text, language, &mut covered));
            }
        }
    }
}

/// Warns about every file whose text has a character that no shipped font can draw.
pub fn check_fonts(project: &Project, diagnostics: &mut Diagnostics) {
    FontCheck::new(project).project(project, diagnostics);
}
