//! The pipeline every command shares: load → validate → render → write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use crate::content::{self, model::Project};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Catalog;
use crate::output;
use rayon::prelude::*;

use crate::content::Bodies;
use crate::html;
use crate::search;
use crate::site::{self, Downloads, OutputFile};
use crate::theme::Assets;
use crate::validate;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Build only these languages (all when empty).
    pub languages: Vec<String>,
    /// Make the PDFs too (`--no-pdf` turns this off).
    pub pdf: bool,
}

/// What a build is doing, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading and checking the content.
    Content,
    /// Making (or copying) the PDFs: `done` of `total`.
    Pdfs { done: usize, total: usize },
    /// Rendering and writing the pages.
    Pages,
}

/// The outcome of a run: what was found wrong, and what was made.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    pub pages_per_language: BTreeMap<String, usize>,
    pub elapsed: Duration,
    pub written: bool,
}

/// Everything up to the rendered site, shared by `build` and `check`.
pub struct Checked {
    pub project: Project,
    pub catalog: Catalog,
    pub bodies: Bodies,
}

/// The loaded and validated project with everything rendering needs.
pub struct Prepared {
    pub project: Project,
    pub assets: Assets,
    pub catalog: Catalog,
    pub bodies: Bodies,
}

impl Prepared {
    /// What rendering reads, with the compiled templates and the PDFs pages link to.
    pub fn inputs<'a>(
        &'a self,
        tera: &'a tera::Tera,
        downloads: &'a Downloads,
    ) -> html::Inputs<'a> {
        html::Inputs {
            project: &self.project,
            assets: &self.assets,
            catalog: &self.catalog,
            bodies: &self.bodies,
            tera,
            downloads,
        }
    }
}

/// Loads, validates and renders the project in memory.
pub fn check(root: &Path, languages: &[String], diagnostics: &mut Diagnostics) -> Option<Checked> {
    let prepared = prepare(root, languages, diagnostics)?;
    // The PDFs are not made here, but what would spoil them is reported.
    crate::pdf::check_fonts(&prepared.project, diagnostics);
    // Every page is rendered, for what only rendering finds (links, templates), and dropped.
    if let Some(tera) = html::build_tera(&prepared.assets, diagnostics) {
        let inputs = prepared.inputs(&tera, &site::NO_DOWNLOADS);
        diagnostics.extend(render(inputs, &|_| {}).diagnostics);
    }
    Some(Checked {
        project: prepared.project,
        catalog: prepared.catalog,
        bodies: prepared.bodies,
    })
}

/// Everything [`check`] does before rendering: load, validate, parse the bodies.
pub fn prepare(
    root: &Path,
    languages: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<Prepared> {
    let mut project = content::load(root, diagnostics)?;
    if !languages.is_empty() {
        for code in languages {
            if project.site.language(code).is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        "curriculum/site.yaml",
                        format!("--lang {code}: the site has no language `{code}`"),
                    )
                    .hint(format!(
                        "the site's languages are: {}",
                        project
                            .site
                            .languages
                            .iter()
                            .map(|l| l.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        let keep = |code: &str| {
            code == project.site.default_language || languages.iter().any(|l| l == code)
        };
        project.site.languages.retain(|l| keep(&l.code));
    }
    let assets = Assets::new(root);
    diagnostics.extend(assets.problems());
    let codes: Vec<String> = project
        .site
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let catalog = Catalog::load(&assets, &codes, &project.site.default_language, diagnostics);
    validate::validate(&project, &catalog, diagnostics);
    let bodies = content::parse_bodies(&project, diagnostics);
    Some(Prepared {
        project,
        assets,
        catalog,
        bodies,
    })
}

/// Builds the site into `options.out`; nothing is written when there are errors. `progress`
/// hears of each stage as it starts, and of every PDF made.
pub fn build(options: &BuildOptions, progress: &(dyn Fn(Stage) + Sync)) -> Report {
    let start = Instant::now();
    let mut report = Report::default();
    let target = match output::check_target(&options.root, &options.out) {
        Ok(target) => target,
        Err(err) => {
            report
                .diagnostics
                .push(Diagnostic::error(&options.out, err.to_string()).hint(err.hint()));
            report.elapsed = start.elapsed();
            return report;
        }
    };
    match write_site(options, &target, progress, &mut report.diagnostics) {
        Ok(Some(pages_per_language)) => {
            report.written = true;
            report.pages_per_language = pages_per_language;
        }
        Ok(None) => {}
        Err(err) => report
            .diagnostics
            .push(Diagnostic::error(&options.out, err.to_string()).hint(err.hint())),
    }
    report.elapsed = start.elapsed();
    report
}

/// Every file of the site but the PDFs, each handed to `emit` as soon as it is made: the pages
/// and, made alongside them since they are as much work as many pages, the files beside them.
pub fn render(inputs: html::Inputs, emit: &(dyn Fn(OutputFile) + Sync)) -> html::Rendered {
    let (rendered, ()) = rayon::join(
        || html::render_into(inputs, emit),
        || support_files(inputs).into_iter().for_each(emit),
    );
    rendered
}

/// The files beside the pages: the theme's, the media, the sitemap and the search indexes.
pub fn support_files(inputs: html::Inputs) -> Vec<OutputFile> {
    let mut files = html::support_files(inputs);
    files.extend(search::index_files(
        inputs.project,
        inputs.catalog,
        inputs.bodies,
    ));
    files
}

/// Renders the site, PDFs included, straight into a staging folder that replaces `target` only
/// when there are no errors; `Ok(None)` when there were. PDFs are slow to make, so they are made
/// only for content that will be written.
fn write_site(
    options: &BuildOptions,
    target: &Path,
    progress: &(dyn Fn(Stage) + Sync),
    diagnostics: &mut Diagnostics,
) -> Result<Option<BTreeMap<String, usize>>, output::OutputError> {
    progress(Stage::Content);
    let Some(prepared) = prepare(&options.root, &options.languages, diagnostics) else {
        return Ok(None);
    };
    let Some(tera) = html::build_tera(&prepared.assets, diagnostics) else {
        return Ok(None);
    };
    if diagnostics.has_errors() {
        return Ok(None);
    }
    let staging = output::Staging::create(target)?;
    let pdfs = if options.pdf {
        crate::pdf::check_fonts(&prepared.project, diagnostics);
        crate::pdf::render_pdfs(
            &prepared.project,
            &prepared.catalog,
            &prepared.bodies,
            &prepared.assets,
            Some(target),
            &|done, total| progress(Stage::Pdfs { done, total }),
            diagnostics,
        )
    } else {
        Vec::new()
    };
    let downloads: Downloads = pdfs
        .iter()
        .filter(|file| file.path() != crate::pdf::MANIFEST)
        .map(|file| (file.path().to_owned(), Some(file.size())))
        .collect();
    pdfs.par_iter().for_each(|file| staging.write(file));
    drop(pdfs);
    progress(Stage::Pages);
    let rendered = render(prepared.inputs(&tera, &downloads), &|file| {
        staging.write(&file)
    });
    diagnostics.extend(rendered.diagnostics);
    if diagnostics.has_errors() {
        return Ok(None);
    }
    staging.commit()?;
    Ok(Some(rendered.pages_per_language))
}
