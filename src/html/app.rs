//! The site as an app on a phone: a web app manifest per language, so that each language installs
//! on its own with its name and direction, and the icons it names, drawn at build time from the
//! theme's `favicon.svg`.

use tera::Context;

use super::Inputs;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;
use crate::view::LangView;

/// The sizes of the PNG icons Chromium's installability check asks for.
const ICON_SIZES: &[u32] = &[192, 512];
const ICON_SOURCE: &str = "favicon.svg";
pub const MANIFEST_TEMPLATE: &str = "manifest.webmanifest";

/// `<lang>/manifest.webmanifest` for every language, and the icons.
pub fn app_files(inputs: Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let site = &inputs.project.site;
    let mut files = Vec::new();
    for language in &site.languages {
        let lang = language.code.as_str();
        let mut ctx = Context::new();
        ctx.insert("name", site.title_in(lang));
        ctx.insert("short_name", site.short_title_in(lang));
        ctx.insert("description", &inputs.catalog.text(lang, "home.intro"));
        ctx.insert("lang", &LangView::of(language));
        files.extend(super::language_file(
            inputs.tera,
            MANIFEST_TEMPLATE,
            lang,
            &ctx,
            diagnostics,
        ));
    }
    match icons(inputs) {
        Ok(icons) => files.extend(icons),
        Err(message) => diagnostics.push(
            Diagnostic::error(
                format!("{}static/{ICON_SOURCE}", crate::theme::THEME_DIR),
                message,
            )
            .hint("the app's icons are drawn from this SVG: make it a valid SVG, square"),
        ),
    }
    files
}

/// `assets/icon-<size>.png` drawn from the theme's icon.
fn icons(inputs: Inputs) -> Result<Vec<OutputFile>, String> {
    let source = inputs
        .assets
        .static_files()
        .into_iter()
        .find(|(name, _)| name == ICON_SOURCE)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| format!("the theme has no `{ICON_SOURCE}`"))?;
    let tree = resvg::usvg::Tree::from_data(&source, &resvg::usvg::Options::default())
        .map_err(|err| format!("`{ICON_SOURCE}` cannot be read: {err}"))?;
    ICON_SIZES
        .iter()
        .map(|&size| {
            let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size)
                .ok_or_else(|| format!("no {size} px canvas"))?;
            let scale = size as f32 / tree.size().width().max(tree.size().height());
            let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
            resvg::render(&tree, transform, &mut pixmap.as_mut());
            let bytes = pixmap
                .encode_png()
                .map_err(|err| format!("the {size} px icon cannot be written: {err}"))?;
            Ok(OutputFile::Bytes {
                path: format!("assets/icon-{size}.png"),
                bytes,
            })
        })
        .collect()
}
