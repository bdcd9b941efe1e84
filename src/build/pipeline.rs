//! The pipeline every command shares: `prepare` loads, checks and parses the content once;
//! `revalidate_lesson` does the same again for one edited lesson; `render` turns the views into
//! files and hands each to a sink. `build` writes them, `check` keeps only the problems, and
//! `serve` keeps them in memory and reloads the browser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::reuse;
use crate::cache::{self, PageCache};
use crate::content::model::{Document, Lesson, Project};
use crate::content::{self, Bodies, Memo};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::offline::Saved;
use crate::html::{self, Made};
use crate::lms;
use crate::locale::Catalog;
use crate::pdf::FontCheck;
use crate::search;
use crate::site::{self, Downloads, OutputFile};
use crate::theme::Assets;
use crate::translation;
use crate::validate;
use crate::view::Views;

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
    let prepared = prepare(root, languages, &Memo::default(), diagnostics)?;
    // The PDFs are not made here, but what would spoil them is reported.
    crate::pdf::check_fonts(&prepared.project, diagnostics);
    // Every page is rendered, for what only rendering finds (links, templates), and dropped.
    if let Some(tera) = html::build_tera(&prepared.assets, diagnostics) {
        let inputs = prepared.inputs(&tera, &site::NO_DOWNLOADS);
        diagnostics.extend(render(inputs, None, &|_, _| {}).diagnostics);
        let no_pdfs = crate::pdf::Pdfs::default();
        let lms = lms_packages(&prepared, &tera, &no_pdfs, &site::NO_DOWNLOADS, None);
        diagnostics.extend(lms.1);
    }
    Some(Checked {
        project: prepared.project,
        catalog: prepared.catalog,
        bodies: prepared.bodies,
    })
}

/// Everything [`check`] does before rendering: load, validate, parse the bodies. Front matter
/// the previous build parsed is taken over from `memo`, which keeps what this load parsed.
pub fn prepare(
    root: &Path,
    languages: &[String],
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) -> Option<Prepared> {
    let mut project = content::load(root, memo, diagnostics)?;
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

/// What rendering found: the pages made per language, the problems, and what each page was
/// made from when the build keeps a page cache.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages_per_language: BTreeMap<String, usize>,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: BTreeMap<String, cache::Entry>,
    /// How many pages were made, and how many are their previous build's copy.
    pub made: usize,
    pub unchanged: usize,
}

/// Hands on a made file, with what offline use needs to know of it when that is known already.
pub type Emit<'e> = dyn Fn(OutputFile, Option<Saved>) + Sync + 'e;

/// Every file of the site but the PDFs, each handed to `emit` as soon as it is made: the pages
/// and, made alongside them since they are as much work as many pages, the files beside them.
/// With the `previous` build's page cache, a page whose inputs did not change is its previous
/// copy, and [`Rendered::pages`] is the cache of this build.
pub fn render(inputs: html::Inputs, previous: Option<&PageCache>, emit: &Emit) -> Rendered {
    let rendered = Mutex::new(Rendered::default());
    let page = |page: html::PageOutput| {
        let unchanged = matches!(page.made, Made::Unchanged(_));
        let file = reuse::page_file(page.made, &page.path, previous);
        let written = file.is_some();
        let known = file.and_then(|(file, known)| reuse::hand_on(file, known, emit));
        let entry = (known.zip(page.keys))
            .map(|(known, keys)| known.entry(keys, page.linked, page.diagnostics.clone()));
        let mut rendered = rendered.lock().unwrap_or_else(|e| e.into_inner());
        rendered.diagnostics.extend(page.diagnostics);
        if written {
            match unchanged {
                true => rendered.unchanged += 1,
                false => rendered.made += 1,
            }
            if let Some(lang) = page.lang {
                *rendered.pages_per_language.entry(lang).or_default() += 1;
            }
        }
        if let Some(entry) = entry {
            rendered.pages.insert(page.path, entry);
        }
    };
    rayon::join(
        || html::render(inputs, previous, &|_| true, &page),
        || {
            let mut problems = Vec::new();
            html::support_files(inputs, &mut problems)
                .into_iter()
                .for_each(|file| emit(file, None));
            let indexes = reuse::search_indexes(inputs, previous, emit);
            let mut rendered = rendered.lock().unwrap_or_else(|e| e.into_inner());
            rendered.diagnostics.extend(problems);
            rendered.pages.extend(indexes);
        },
    );
    rendered.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The files beside the pages: the theme's, the app's, the media, the sitemap and the search
/// indexes; problems (a template of the theme's that fails) go to `diagnostics`.
pub fn support_files(inputs: html::Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut files = html::support_files(inputs, diagnostics);
    files.extend(search::index_files(
        inputs.project,
        inputs.catalog,
        inputs.bodies,
    ));
    files
}

/// The course packages of every unit for learning platforms, with the PDFs in `pdfs` that
/// `downloads` lists, and the problems met making them. Packages that did not change since
/// the build in `previous` are copied from it.
pub fn lms_packages(
    prepared: &Prepared,
    tera: &tera::Tera,
    pdfs: &crate::pdf::Pdfs,
    downloads: &Downloads,
    previous: Option<&Path>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    lms::packages(&lms::Sources {
        views: Views {
            project: &prepared.project,
            catalog: &prepared.catalog,
            downloads,
        },
        bodies: &prepared.bodies,
        tera,
        pdfs: pdfs.files.iter().map(|file| (file.path(), file)).collect(),
        pdf_hashes: &pdfs.hashes,
        previous,
        fingerprint: html::fingerprint(prepared.inputs(tera, downloads)),
    })
}

/// One lesson read again after an edit.
pub enum Revalidated {
    /// It cannot be loaded: the last good version stays. The problems of its files.
    Unloadable(Diagnostics),
    /// It replaced its old version, which is returned with the problems of its files.
    Replaced {
        old: Box<Lesson>,
        program: usize,
        index: usize,
        diagnostics: Diagnostics,
    },
}

impl Prepared {
    /// The files a lesson may have, one per language, as messages name them.
    pub fn lesson_files(&self, program: &str, slug: &str) -> BTreeSet<PathBuf> {
        self.project
            .site
            .languages
            .iter()
            .map(|l| content::load::lesson_file(program, slug, &l.code))
            .collect()
    }

    /// Reads, checks and parses one lesson again as [`prepare`] does, and puts it in place of
    /// the old one: the dev server's step after an edit. `None` when the project has no such
    /// lesson. The problems returned are those of the lesson's files only.
    pub fn revalidate_lesson(
        &mut self,
        program_slug: &str,
        slug: &str,
        fonts: Option<&FontCheck>,
    ) -> Option<Revalidated> {
        let project = &mut self.project;
        let pi = project
            .programs
            .iter()
            .position(|p| p.slug == program_slug)?;
        let li = project.programs[pi]
            .lessons
            .iter()
            .position(|l| l.slug == slug)?;
        let mut diagnostics = Diagnostics::default();
        let Some(lesson) =
            content::load::reload_lesson(project, &project.programs[pi], slug, &mut diagnostics)
        else {
            return Some(Revalidated::Unloadable(diagnostics));
        };
        let old = std::mem::replace(&mut project.programs[pi].lessons[li], lesson);
        for doc in old.docs.values() {
            self.bodies.remove(&doc.doc.path);
        }
        let files = self.lesson_files(program_slug, slug);
        let (project, program) = (&self.project, &self.project.programs[pi]);
        let lesson = &program.lessons[li];
        let default = &project.site.default_language;
        let mut checks = Diagnostics::default();
        validate::check_program(project, program, &mut checks);
        diagnostics.extend(checks.iter().filter(|d| files.contains(&d.file)).cloned());
        let docs = lesson.docs.iter().map(|(l, d)| (l.as_str(), &d.doc));
        translation::check_docs(default, docs, &mut diagnostics);
        let docs: Vec<&Document> = lesson.docs.values().map(|d| &d.doc).collect();
        content::parse_documents(&docs, &mut self.bodies, &mut diagnostics);
        if let Some(fonts) = fonts {
            fonts.documents(project, docs.iter().copied(), &mut diagnostics);
        }
        Some(Revalidated::Replaced {
            old: Box::new(old),
            program: pi,
            index: li,
            diagnostics,
        })
    }
}
