//! Rendering: the loaded project becomes pages (HTML through the theme's Tera templates) and the
//! files that go with them. Nothing here touches the disk; [`crate::output`] writes the result.

mod app;
pub mod offline;
mod pages;
mod share;

pub use pages::Made;

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;

use crate::cache::{Key, KeyHasher, Keys, PageCache};
use crate::content::Bodies;
use crate::content::model::Project;
use crate::diagnostic::{Diagnostic, Diagnostics, error_chain};
use crate::locale::Catalog;
use crate::markdown;
use crate::site::links::Linked;
use crate::site::{self, Downloads, OutputFile, Page};
use crate::theme::Assets;

pub fn build_tera(assets: &Assets, diagnostics: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    // Tera's default also escapes `/`, which garbles every relative URL without making it safer.
    tera.set_escape_fn(markdown::escape_html);
    let templates = assets.templates();
    if let Err(err) =
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diagnostics.push(
            Diagnostic::error(
                Path::new(crate::theme::THEME_DIR).join("templates"),
                format!("a template does not compile: {}", error_chain(&err)),
            )
            .hint("fix the template named in the message, or delete the override to use the built-in one"),
        );
        return None;
    }
    Some(tera)
}

/// Everything the pages and the files beside them are rendered from.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub project: &'a Project,
    pub assets: &'a Assets,
    pub catalog: &'a Catalog,
    pub bodies: &'a Bodies,
    pub tera: &'a tera::Tera,
    pub downloads: &'a Downloads,
}

/// One rendered page and the problems found while rendering it.
#[derive(Debug)]
pub struct PageOutput {
    pub path: String,
    pub lang: Option<String>,
    pub made: Made,
    pub diagnostics: Vec<Diagnostic>,
    /// The lessons the page links to, whose headings it depends on.
    pub linked: Linked,
    /// What the page was made from, when the build keeps a page cache.
    pub keys: Option<Keys>,
}

/// Renders the pages `select` keeps, in parallel, handing each to `sink` as soon as it is made:
/// a build writes it at once instead of holding a hundred thousand pages in memory, and the dev
/// server renders only the pages an edit touches. With the page cache of the `previous` build,
/// a page made from the same inputs is not rendered again but handed on as [`Made::Unchanged`].
pub fn render(
    inputs: Inputs,
    previous: Option<&PageCache>,
    select: &(dyn Fn(&Page) -> bool + Sync),
    sink: &(dyn Fn(PageOutput) + Sync),
) {
    let renderer = pages::Renderer::new(inputs, previous);
    let list = site::pages(inputs.project, site::has_pdfs(inputs.downloads));
    list.par_iter().filter(|page| select(page)).for_each_init(
        pages::Contexts::default,
        |contexts, page| {
            let result = renderer.render(page, contexts);
            sink(PageOutput {
                path: page.path(),
                lang: page.lang().map(str::to_owned),
                made: result.made,
                diagnostics: result.diagnostics,
                linked: result.linked,
                keys: result.keys,
            })
        },
    );
}

/// What a build's page cache is valid for: this binary, the theme's templates, every UI string
/// and the site's settings. A page's own key covers the rest.
pub fn fingerprint(inputs: Inputs) -> Key {
    let mut hash = KeyHasher::new();
    hash.add(crate::cache::BUILD_ID)
        .add(inputs.assets.templates())
        .add(inputs.catalog)
        .add_data(&inputs.project.site);
    hash.key()
}

/// The files beside the pages: the theme's static files, the media and the sitemap.
pub fn support_files(inputs: Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let Inputs {
        project, assets, ..
    } = inputs;
    let mut files = app::app_files(inputs, diagnostics);
    files.extend(share::share_images(inputs, diagnostics));
    for (name, bytes) in assets.static_files() {
        files.push(OutputFile::Bytes {
            path: format!("assets/{name}"),
            bytes: Cow::into_owned(bytes),
        });
    }
    for program in &project.programs {
        for media in &program.media {
            files.push(OutputFile::Copy {
                path: site::media_path(&program.slug, media),
                from: project.media_file(&program.slug, media),
            });
        }
    }
    files.push(OutputFile::Bytes {
        path: "sitemap.xml".to_owned(),
        // The sitemap lists pages only, so it does not depend on the PDFs.
        bytes: pages::sitemap(project, &site::pages(project, false)).into_bytes(),
    });
    files
}

/// `<lang>/<template>` rendered from a theme template with `ctx`: a file beside the pages (the
/// app manifest, the offline worker). A template that fails is an error naming it.
fn language_file(
    tera: &tera::Tera,
    template: &str,
    lang: &str,
    ctx: &tera::Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<OutputFile> {
    match tera.render(template, ctx) {
        Ok(text) => Some(OutputFile::Bytes {
            path: format!("{lang}/{template}"),
            bytes: text.into_bytes(),
        }),
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(
                    format!("{}templates/{template}", crate::theme::THEME_DIR),
                    format!("the template failed: {}", error_chain(&err)),
                )
                .hint("fix the template, or delete the project's override to use the built-in one"),
            );
            None
        }
    }
}
