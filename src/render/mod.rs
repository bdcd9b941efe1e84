//! Rendering: the loaded project becomes pages (HTML through the theme's Tera templates) and the
//! files that go with them. Nothing here touches the disk; [`crate::output`] writes the result.

pub mod links;
mod pages;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::model::Project;
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
}

/// What a render produced, with the counts for the summary line.
#[derive(Debug, Default)]
pub struct Site {
    pub files: Vec<OutputFile>,
    pub pages_per_language: BTreeMap<String, usize>,
}

/// Lesson bodies split into blocks, by document path; a body with block errors is missing.
pub type Bodies = BTreeMap<PathBuf, Vec<Segment>>;

pub fn parse_bodies(project: &Project, diagnostics: &mut Diagnostics) -> Bodies {
    let docs: Vec<_> = project
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
    let parsed: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            (
                doc.path.clone(),
                markdown::parse_blocks(&doc.path, &doc.text, &doc.body, doc.body_line),
            )
        })
        .collect();
    let mut bodies = BTreeMap::new();
    for (path, result) in parsed {
        match result {
            Ok(segments) => {
                bodies.insert(path, segments);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    bodies
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

/// Renders the whole site.
pub fn render(
    project: &Project,
    assets: &Assets,
    catalog: &Catalog,
    bodies: &Bodies,
    tera: &tera::Tera,
    diagnostics: &mut Diagnostics,
) -> Site {
    let renderer = pages::Renderer::new(project, catalog, bodies, tera);
    let list = renderer.pages();
    let results: Vec<_> = list.par_iter().map(|page| renderer.render(page)).collect();
    let mut site = Site::default();
    for (page, result) in list.iter().zip(results) {
        diagnostics.extend(result.diagnostics);
        if let Some(html) = result.html {
            if let Some(lang) = page.lang() {
                *site.pages_per_language.entry(lang.to_owned()).or_default() += 1;
            }
            site.files.push(OutputFile::Bytes {
                path: page.path(),
                bytes: html.into_bytes(),
            });
        }
    }
    for (name, bytes) in assets.static_files() {
        site.files.push(OutputFile::Bytes {
            path: format!("assets/{name}"),
            bytes: Cow::into_owned(bytes),
        });
    }
    site.files.push(OutputFile::Bytes {
        path: "assets/highlight.css".to_owned(),
        bytes: highlight_css().into_bytes(),
    });
    for program in &project.programs {
        for media in &program.media {
            site.files.push(OutputFile::Copy {
                path: links::media_path(&program.slug, media),
                from: project
                    .root
                    .join(crate::content::CONTENT_DIR)
                    .join(&program.slug)
                    .join(media),
            });
        }
    }
    site.files.push(OutputFile::Bytes {
        path: "sitemap.xml".to_owned(),
        bytes: renderer.sitemap(&list).into_bytes(),
    });
    site.files.sort_by(|a, b| a.path().cmp(b.path()));
    site
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
