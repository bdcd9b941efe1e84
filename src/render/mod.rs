//! Rendering: the loaded project becomes pages (HTML through the theme's Tera templates) and the
//! files that go with them. Nothing here touches the disk; [`crate::output`] writes the result.

pub mod links;
mod pages;

pub use pages::Page;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::model::{Document, Project};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Catalog;
use crate::markdown::{self, Segment};
use crate::theme::Assets;

/// One file of the finished site, by its path inside the output folder.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Bytes { path: String, bytes: Vec<u8> },
    Copy { path: String, from: PathBuf },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Bytes { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }

    /// Size in bytes; 0 for a copy whose source cannot be read (writing it reports the error).
    pub fn size(&self) -> u64 {
        match self {
            OutputFile::Bytes { bytes, .. } => bytes.len() as u64,
            OutputFile::Copy { from, .. } => std::fs::metadata(from).map_or(0, |m| m.len()),
        }
    }
}

/// The whole site in memory, as `check` renders it, with the counts for the summary line.
#[derive(Debug, Default)]
pub struct Site {
    pub files: Vec<OutputFile>,
    pub pages_per_language: BTreeMap<String, usize>,
}

/// The PDFs that go with the pages, by output path, with their sizes in bytes when they are
/// already made (the dev server makes them only when asked). Empty when no PDFs are made
/// (`check`, `--no-pdf`): then pages link to none.
pub type Downloads = BTreeMap<String, Option<u64>>;

pub static NO_DOWNLOADS: Downloads = BTreeMap::new();

/// Lesson bodies split into blocks, by document path; a body with block errors is missing.
pub type Bodies = BTreeMap<PathBuf, Vec<Segment>>;

pub fn parse_bodies(project: &Project, diagnostics: &mut Diagnostics) -> Bodies {
    let docs: Vec<&Document> = project
        .programs
        .iter()
        .flat_map(|p| {
            p.docs.values().map(|d| &d.doc).chain(
                p.lessons
                    .iter()
                    .flat_map(|l| l.docs.values().map(|d| &d.doc)),
            )
        })
        .collect();
    let mut bodies = BTreeMap::new();
    parse_documents(&docs, &mut bodies, diagnostics);
    bodies
}

/// Parses the bodies of `docs` into `bodies`, replacing what was there for them.
pub fn parse_documents(docs: &[&Document], bodies: &mut Bodies, diagnostics: &mut Diagnostics) {
    let parsed: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            (
                doc.path.clone(),
                markdown::parse_blocks(&doc.path, &doc.text, &doc.body, doc.body_line),
            )
        })
        .collect();
    for (path, result) in parsed {
        match result {
            Ok(segments) => {
                bodies.insert(path, segments);
            }
            Err(errors) => {
                bodies.remove(&path);
                diagnostics.extend(errors);
            }
        }
    }
}

pub fn build_tera(assets: &Assets, diagnostics: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    // Tera's default also escapes `/`, which garbles every relative URL without making it safer.
    tera.set_escape_fn(markdown::escape_html);
    let templates = assets.templates();
    if let Err(err) =
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diagnostics.push(
            Diagnostic::error(Path::new("themes/default/templates"), format!("a template does not compile: {}", error_chain(&err)))
                .hint("fix the template named in the message, or delete the override to use the built-in one"),
        );
        return None;
    }
    Some(tera)
}

pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
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

/// What [`render_into`] found: the pages made per language, and the problems.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages_per_language: BTreeMap<String, usize>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders the whole site, handing each file to `emit` as soon as it is made: a build writes it
/// straight away instead of holding a hundred thousand pages in memory.
pub fn render_into(inputs: Inputs, emit: &(dyn Fn(OutputFile) + Sync)) -> Rendered {
    let renderer = pages::Renderer::new(inputs);
    let list = renderer.pages();
    // The search indexes are as much work as many pages: they are made alongside them.
    let (problems, ()) = rayon::join(
        || {
            list.par_iter()
                .map(|page| {
                    let result = renderer.render(page);
                    let made = result.html.map(|html| {
                        emit(OutputFile::Bytes {
                            path: page.path(),
                            bytes: html.into_bytes(),
                        });
                        page.lang()
                    });
                    (made, result.diagnostics)
                })
                .collect::<Vec<_>>()
        },
        || {
            support_files(inputs).into_iter().for_each(emit);
        },
    );
    let mut rendered = Rendered::default();
    for (made, problems) in problems {
        rendered.diagnostics.extend(problems);
        if let Some(Some(lang)) = made {
            *rendered
                .pages_per_language
                .entry(lang.to_owned())
                .or_default() += 1;
        }
    }
    rendered
}

/// One rendered page and the problems found while rendering it.
#[derive(Debug)]
pub struct PageOutput {
    pub path: String,
    pub lang: Option<String>,
    /// `None` when the template failed.
    pub html: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders the pages `keep` selects: all of them for a build, the ones an edit touches for the
/// dev server.
pub fn render_pages(inputs: Inputs, keep: &(dyn Fn(&Page) -> bool + Sync)) -> Vec<PageOutput> {
    let renderer = pages::Renderer::new(inputs);
    let list: Vec<Page> = renderer.pages().into_iter().filter(|p| keep(p)).collect();
    list.par_iter()
        .map(|page| {
            let result = renderer.render(page);
            PageOutput {
                path: page.path(),
                lang: page.lang().map(str::to_owned),
                html: result.html,
                diagnostics: result.diagnostics,
            }
        })
        .collect()
}

/// The files beside the pages: the theme's static files, the highlighting styles, the media, the
/// search indexes and the sitemap.
pub fn support_files(inputs: Inputs) -> Vec<OutputFile> {
    let Inputs {
        project,
        assets,
        catalog,
        bodies,
        ..
    } = inputs;
    // The sitemap lists pages only, so it does not depend on the PDFs.
    let renderer = pages::Renderer::new(Inputs {
        downloads: &NO_DOWNLOADS,
        ..inputs
    });
    let mut files = Vec::new();
    for (name, bytes) in assets.static_files() {
        files.push(OutputFile::Bytes {
            path: format!("assets/{name}"),
            bytes: Cow::into_owned(bytes),
        });
    }
    files.push(OutputFile::Bytes {
        path: "assets/highlight.css".to_owned(),
        bytes: highlight_css().into_bytes(),
    });
    for program in &project.programs {
        for media in &program.media {
            files.push(OutputFile::Copy {
                path: links::media_path(&program.slug, media),
                from: project
                    .root
                    .join(crate::content::CONTENT_DIR)
                    .join(&program.slug)
                    .join(media),
            });
        }
    }
    files.extend(crate::search::index_files(project, catalog, bodies));
    files.push(OutputFile::Bytes {
        path: "sitemap.xml".to_owned(),
        bytes: renderer.sitemap(&renderer.pages()).into_bytes(),
    });
    files
}

fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    themes
        .themes
        .get("InspiredGitHub")
        .and_then(|theme| {
            syntect::html::css_for_theme_with_class_style(
                theme,
                syntect::html::ClassStyle::SpacedPrefixed {
                    prefix: markdown::HIGHLIGHT_PREFIX,
                },
            )
            .ok()
        })
        .unwrap_or_default()
}
