//! The picture a shared link shows (Open Graph's `og:image`): one per unit and language, with the
//! site's and the unit's names, drawn from the theme's `share.svg` template with the theme's fonts.
//! Only when `site.yaml` sets `base_url`, since a shared picture needs an absolute address.

use std::sync::Arc;

use tera::Context;

use super::Inputs;
use crate::config::Direction;
use crate::diagnostic::Diagnostic;
use crate::site::{self, OutputFile};
use crate::view::{LangView, Views};

pub const SHARE_TEMPLATE: &str = "share.svg";
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
/// Characters on one line of the unit's name, and lines at most.
const LINE: usize = 24;
const LINES: usize = 3;

/// `<lang>/<unit>/share.png` for every unit and language.
pub fn share_images(inputs: Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let site = &inputs.project.site;
    if site.base_url.is_none() {
        return Vec::new();
    }
    let mut options = resvg::usvg::Options::default();
    let fontdb = Arc::make_mut(&mut options.fontdb);
    for (name, bytes) in inputs.assets.pdf_files() {
        if name.ends_with(".ttf") {
            fontdb.load_font_data(bytes.into_owned());
        }
    }
    let views = Views {
        project: inputs.project,
        catalog: inputs.catalog,
        downloads: inputs.downloads,
    };
    let mut files = Vec::new();
    for language in &site.languages {
        let lang = language.code.as_str();
        let rtl = language.direction == Direction::Rtl;
        for program in &inputs.project.programs {
            let path = site::share_image_path(lang, &program.slug);
            let card = views.card(&path, lang, program);
            let mut ctx = Context::new();
            ctx.insert("site_title", site.title_in(lang));
            ctx.insert("lines", &lines(card.title));
            ctx.insert("card", &card);
            ctx.insert("lang", &LangView::of(language));
            ctx.insert("x", &if rtl { WIDTH - 80 } else { 80 });
            ctx.insert("anchor", if rtl { "end" } else { "start" });
            match draw(inputs.tera, &ctx, &options) {
                Ok(bytes) => files.push(OutputFile::Bytes { path, bytes }),
                Err(message) => diagnostics.push(
                    Diagnostic::error(
                        format!("{}templates/{SHARE_TEMPLATE}", crate::theme::THEME_DIR),
                        message,
                    )
                    .hint("fix the template, or delete the project's override to use the built-in one"),
                ),
            }
        }
    }
    files
}

fn draw(
    tera: &tera::Tera,
    ctx: &Context,
    options: &resvg::usvg::Options,
) -> Result<Vec<u8>, String> {
    let svg = tera.render(SHARE_TEMPLATE, ctx).map_err(|err| {
        format!(
            "the template failed: {}",
            crate::diagnostic::error_chain(&err)
        )
    })?;
    let tree = resvg::usvg::Tree::from_str(&svg, options)
        .map_err(|err| format!("the template does not give an SVG: {err}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no canvas")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|err| format!("the picture cannot be written: {err}"))
}

/// A unit's name in lines of about [`LINE`] characters, broken between words, at most [`LINES`].
fn lines(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= LINE => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > LINES {
        lines.truncate(LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn long_names_break_between_words() {
        assert_eq!(
            lines("Berufliche Computernutzung – Grundlagen"),
            ["Berufliche", "Computernutzung –", "Grundlagen"]
        );
        assert_eq!(lines("Erste Schritte"), ["Erste Schritte"]);
    }
}
