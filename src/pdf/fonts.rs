//! The fonts of the PDFs: only those the theme ships (`themes/default/fonts/`), never the machine's,
//! so a PDF looks the same wherever it is built.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use typst::foundations::Bytes;
use typst::text::Font;

use crate::content::model::Project;
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

/// Warns about every language whose text has a character that no shipped font can draw: the PDFs
/// would show an empty box in its place. Names the first such character of each language.
pub fn check_fonts(project: &Project, diagnostics: &mut Diagnostics) {
    let assets = Assets::new(&project.root);
    let fonts = load(&assets.pdf_files());
    let mut covered = BTreeSet::new();
    let mut first_gap = |text: &str| {
        text.lines().enumerate().find_map(|(line, content)| {
            content.chars().enumerate().find_map(|(column, c)| {
                if invisible(c) || covered.contains(&c) {
                    None
                } else if fonts.iter().any(|f| f.info().coverage.contains(c as u32)) {
                    covered.insert(c);
                    None
                } else {
                    Some((line + 1, column + 1, c))
                }
            })
        })
    };
    let site_file = Path::new(crate::content::CONTENT_DIR).join("site.yaml");
    for language in &project.site.languages {
        let code = &language.code;
        let site_text = format!(
            "{}\n{}",
            project.site.title.get(code).map_or("", String::as_str),
            language.name
        );
        let locales = assets.locale_layers(&format!("{code}.yaml"));
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
                    .map(|(path, text)| (path.as_path(), text.as_str(), true)),
            )
            .chain(docs.map(|doc| (doc.path.as_path(), doc.text.as_str(), true)));
        for (path, text, positioned) in texts {
            if let Some((line, column, c)) = first_gap(text) {
                let (line, column) = if positioned { (line, column) } else { (0, 0) };
                diagnostics.push(
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
                );
                break;
            }
        }
    }
}
