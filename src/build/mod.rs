//! `digifam build`: the pipeline's files, with the PDFs, written into a staging folder that
//! replaces the output folder only when nothing went wrong.

mod pipeline;
mod reuse;

pub use pipeline::{
    Checked, Prepared, Revalidated, check, lms_packages, prepare, render, support_files,
};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{self, PageCache};
use crate::content::Memo;
use crate::content::memo::Unusable;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::{self, offline::Saved};
use crate::output;
use crate::site::{Downloads, OutputFile};

/// The record of the front matter a build parsed, which the next build takes over.
pub const MEMO: &str = ".digifam-sources";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Build only these languages (all when empty).
    pub languages: Vec<String>,
    /// Make the PDFs too (`--no-pdf` turns this off).
    pub pdf: bool,
    /// Make the course packages for learning platforms (`--no-lms` turns this off).
    pub lms: bool,
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
    /// How many pages were made, and how many are the previous build's since their inputs did
    /// not change.
    pub pages_made: usize,
    pub pages_unchanged: usize,
    pub elapsed: Duration,
    pub written: bool,
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
        Ok(Some(rendered)) => {
            report.written = true;
            report.pages_per_language = rendered.pages_per_language;
            report.pages_made = rendered.made;
            report.pages_unchanged = rendered.unchanged;
        }
        Ok(None) => {}
        Err(err) => report
            .diagnostics
            .push(Diagnostic::error(&options.out, err.to_string()).hint(err.hint())),
    }
    report.elapsed = start.elapsed();
    report
}

/// Renders the site, PDFs included, straight into a staging folder that replaces `target` only
/// when there are no errors; `Ok(None)` when there were. PDFs are slow to make, so they are made
/// only for content that will be written.
fn write_site(
    options: &BuildOptions,
    target: &Path,
    progress: &(dyn Fn(Stage) + Sync),
    diagnostics: &mut Diagnostics,
) -> Result<Option<pipeline::Rendered>, output::OutputError> {
    progress(Stage::Content);
    let memo = read_memo(target, diagnostics);
    let Some(prepared) = prepare(&options.root, &options.languages, &memo, diagnostics) else {
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
        crate::pdf::Pdfs::default()
    };
    // What each language may save for offline use, noted as the files are written.
    let saved = Mutex::new(Vec::new());
    let write = |file: &OutputFile, known: Option<Saved>| {
        staging.write(file);
        if let Some(entry) = known.or_else(|| html::offline::saved(file)) {
            saved.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
        }
    };
    let mut downloads = made(&pdfs.files);
    if options.lms {
        let (packages, problems) = lms_packages(&prepared, &tera, &pdfs, &downloads, Some(target));
        diagnostics.extend(problems);
        downloads.extend(made(&packages));
        packages.par_iter().for_each(|file| write(file, None));
    }
    pdfs.files.par_iter().for_each(|file| write(file, None));
    drop(pdfs);
    progress(Stage::Pages);
    let inputs = prepared.inputs(&tera, &downloads);
    let fingerprint = html::fingerprint(inputs);
    let (previous, problem) = PageCache::read(target, fingerprint);
    diagnostics.extend(problem);
    let mut rendered = render(inputs, Some(&previous), &|file, known| write(&file, known));
    diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
    staging.write(&cache::file(
        fingerprint,
        std::mem::take(&mut rendered.pages),
    ));
    staging.write(&OutputFile::Bytes {
        path: MEMO.to_owned(),
        bytes: memo.to_bytes(cache::BUILD_ID),
    });
    let languages: Vec<&str> = (prepared.project.site.languages.iter())
        .map(|l| l.code.as_str())
        .collect();
    let saved = saved.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut problems = Vec::new();
    for file in html::offline::offline_files(&tera, &languages, &saved, &mut problems) {
        staging.write(&file);
    }
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        return Ok(None);
    }
    staging.commit()?;
    Ok(Some(rendered))
}

/// The front matter the build in `target` parsed, from its record [`MEMO`]: empty when there is
/// none or it is another binary's, and with a warning when it is damaged.
fn read_memo(target: &Path, diagnostics: &mut Diagnostics) -> Memo {
    let path = target.join(MEMO);
    let unusable = |why: String| {
        Diagnostic::warning(
            &path,
            format!("the record of the previous build's sources cannot be used ({why}), so every source is parsed again"),
        )
        .hint("nothing to do: this build writes a new one")
    };
    match std::fs::read(&path) {
        Ok(bytes) => match Memo::from_bytes(&bytes, cache::BUILD_ID) {
            Ok(memo) => memo,
            Err(Unusable::Foreign) => Memo::default(),
            Err(Unusable::Damaged) => {
                diagnostics.push(unusable("it is cut short".to_owned()));
                Memo::default()
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Memo::default(),
        Err(err) => {
            diagnostics.push(unusable(err.to_string()));
            Memo::default()
        }
    }
}

/// The downloads among `files` (all but the files of input hashes), with their sizes.
fn made(files: &[OutputFile]) -> Downloads {
    files
        .iter()
        .filter(|file| ![crate::pdf::MANIFEST, crate::lms::MANIFEST].contains(&file.path()))
        .map(|file| (file.path().to_owned(), Some(file.size())))
        .collect()
}
