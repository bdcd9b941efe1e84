//! Printable PDFs, made in-process with Typst: per language, a trainer's lesson plan and a
//! participant handout for every lesson, and every program as one book.
//!
//! [`document`] writes a small Typst main file per PDF from the curriculum (author text only ever
//! as string literals, see [`markup`]); [`typeset`] compiles it against the theme's template
//! (`themes/default/pdf/`) and the fonts the theme ships. PDFs whose inputs did not change since
//! the last build are copied from it instead of being made again.

mod document;
mod fonts;
mod markup;
mod typeset;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::content::CONTENT_DIR;
use crate::content::model::Project;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Catalog;
use crate::markdown::View;
use crate::render::{self, OutputFile, links};
use crate::theme::Assets;

use document::{Job, MainFile, What, Writer};
pub use fonts::check_fonts;
use typeset::{Problem, Typesetter};

/// The file in the output root that remembers each PDF's input hash, for the next build.
pub const MANIFEST: &str = ".digifam-pdf.json";

/// The trainer's lesson plan of a lesson.
pub fn lesson_plan_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.pdf")
}

/// The participant handout of a lesson.
pub fn handout_path(lang: &str, program: &str, slug: &str) -> String {
    format!("{lang}/{program}/{slug}.handout.pdf")
}

/// A whole program as one book.
pub fn book_path(lang: &str, program: &str) -> String {
    format!("{lang}/{program}/{program}.{lang}.pdf")
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// PDF path → hash of everything it was made from.
    files: BTreeMap<String, String>,
}

impl Manifest {
    fn read(folder: &Path) -> Manifest {
        fs::read(folder.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }
}

/// Every PDF of the site, in the order of the site's languages and programs.
fn jobs(project: &Project) -> Vec<Job<'_>> {
    let mut jobs = Vec::new();
    for language in &project.site.languages {
        for program in &project.programs {
            if program.kind.has_lesson_plans() {
                for index in 0..program.lessons.len() {
                    for what in [What::LessonPlan(index), What::Handout(index)] {
                        jobs.push(Job {
                            language,
                            program,
                            what,
                        });
                    }
                }
            }
            // A program whose page is unreadable has no title to print on a cover.
            if program.docs.contains_key(&project.site.default_language) {
                jobs.push(Job {
                    language,
                    program,
                    what: What::Book,
                });
            }
        }
    }
    jobs
}

fn hex(digest: impl AsRef<[u8]>) -> String {
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Every image of the curriculum, by the virtual path the PDFs name it with.
fn media(project: &Project) -> BTreeMap<String, PathBuf> {
    let content = project.root.join(CONTENT_DIR);
    project
        .programs
        .iter()
        .flat_map(|program| {
            program.media.iter().map(|file| {
                let name = format!("/{}", links::media_path(&program.slug, file));
                (name, content.join(&program.slug).join(file))
            })
        })
        .collect()
}

/// The hash of what every PDF is made with besides its own main file: digifam's version, the
/// templates and the fonts.
fn theme_hash(files: &[(String, Cow<'static, [u8]>)]) -> impl AsRef<[u8]> + Sync {
    let mut theme = Sha256::new();
    theme.update(env!("CARGO_PKG_VERSION"));
    for (path, bytes) in files {
        theme.update(path.as_bytes());
        theme.update((bytes.len() as u64).to_le_bytes());
        theme.update(bytes);
    }
    theme.finalize()
}

/// A PDF about to be made: its path, main file and input hash.
struct Prepared {
    path: String,
    main: MainFile,
    hash: String,
}

/// Every PDF of the site. `previous` is the output folder of the last build, if any: a PDF whose
/// input hash matches the manifest stored there is copied, not made again.
pub fn render_pdfs(
    project: &Project,
    catalog: &Catalog,
    bodies: &render::Bodies,
    assets: &Assets,
    previous: Option<&Path>,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let files = assets.pdf_files();
    let theme = theme_hash(&files);
    let media = media(project);
    let media_hashes: BTreeMap<&String, String> = media
        .par_iter()
        .map(|(name, path)| {
            let bytes = fs::read(path).unwrap_or_default();
            (name, hex(Sha256::digest(bytes)))
        })
        .collect();
    let writer = Writer {
        project,
        catalog,
        bodies,
    };
    let prepared: Vec<Prepared> = jobs(project)
        .par_iter()
        .map(|job| {
            let main = match job.what {
                What::LessonPlan(index) => writer.lesson(job, index, View::Trainer),
                What::Handout(index) => writer.lesson(job, index, View::Participant),
                What::Book => writer.book(job),
            };
            let mut hash = Sha256::new();
            hash.update(theme.as_ref());
            hash.update(main.text.as_bytes());
            for name in &main.media {
                hash.update(name.as_bytes());
                hash.update(media_hashes.get(name).map_or("", String::as_str));
            }
            let hash = hex(hash.finalize());
            Prepared {
                path: job.path(),
                main,
                hash,
            }
        })
        .collect();

    let old = previous.map(Manifest::read).unwrap_or_default();
    let reusable = |pdf: &Prepared| {
        let from = previous?.join(&pdf.path);
        let same = old.files.get(&pdf.path) == Some(&pdf.hash);
        (same && from.is_file()).then_some(from)
    };
    // Made on first need: a build that copies every PDF starts no Typst at all.
    let typesetter = OnceLock::new();
    let typesetter = || {
        typesetter.get_or_init(|| {
            let templates: Vec<(String, String)> = files
                .iter()
                .filter_map(|(path, bytes)| {
                    let name = path.strip_prefix("pdf/")?;
                    Some((name.to_owned(), String::from_utf8_lossy(bytes).into_owned()))
                })
                .collect();
            Typesetter::new(&templates, fonts::load(&files), media.clone())
        })
    };
    let results: Vec<(Prepared, Option<OutputFile>, Vec<Diagnostic>)> = pool().install(|| {
        prepared
            .into_par_iter()
            .map(|pdf| {
                if let Some(from) = reusable(&pdf) {
                    let path = pdf.path.clone();
                    return (pdf, Some(OutputFile::Copy { path, from }), Vec::new());
                }
                let (bytes, problems) = match typesetter().pdf(&pdf.main.text, &pdf.path) {
                    Ok((bytes, problems)) => (Some(bytes), problems),
                    Err(problems) => (None, problems),
                };
                let problems = reported(problems, &pdf.main.reported_on, &pdf.path);
                let path = pdf.path.clone();
                let file = bytes.map(|bytes| OutputFile::Bytes { path, bytes });
                (pdf, file, problems)
            })
            .collect()
    });
    // Typst memoises across documents; nothing of that is needed once the PDFs are made.
    typst::comemo::evict(0);

    let mut manifest = Manifest::default();
    let mut out = Vec::new();
    for (pdf, file, problems) in results {
        diagnostics.extend(problems);
        if let Some(file) = file {
            manifest.files.insert(pdf.path, pdf.hash);
            out.push(file);
        }
    }
    out.push(OutputFile::Bytes {
        path: MANIFEST.to_owned(),
        bytes: serde_json::to_vec_pretty(&manifest).unwrap_or_default(),
    });
    out
}

/// Threads for Typst, which recurses deeply on long documents: more stack than rayon's default.
fn pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .stack_size(TYPST_STACK)
        .build()
        .unwrap_or_else(|_| {
            rayon::ThreadPoolBuilder::new()
                .build()
                .expect("a thread pool")
        })
}

const TYPST_STACK: usize = 64 << 20;

/// Typst's problems with one PDF, on the template line they point at or else on the source file
/// the PDF is made from.
fn reported(problems: Vec<Problem>, source: &Path, pdf: &str) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|problem| {
            let (file, line, hint) = match problem.template {
                _ if problem.not_accessible => (
                    source.to_path_buf(),
                    0,
                    "the PDF is tagged but not PDF/UA-1: usually a character no shipped font has (see the font warnings)",
                ),
                Some((name, line)) => (
                    PathBuf::from(format!("themes/default/pdf/{name}")),
                    line,
                    "fix the PDF template, or delete your override to use the built-in one",
                ),
                None => (
                    source.to_path_buf(),
                    0,
                    "this is a bug in digifam: please report it together with this file",
                ),
            };
            let diagnostic = if problem.error {
                Diagnostic::error(file, format!("cannot make {pdf}: {}", problem.message))
            } else {
                Diagnostic::warning(file, format!("{pdf}: {}", problem.message))
            };
            diagnostic.at(line, 0).hint(hint)
        })
        .collect()
}
