//! Printable PDFs, made in-process with Typst: per language, a trainer's lesson plan and a
//! participant handout for every lesson, and every program as one book.
//!
//! [`document`] writes a small Typst main file per PDF from the curriculum (author text only ever
//! as string literals, see [`markup`]); [`typeset`] compiles it against the theme's template
//! (`themes/default/pdf/`) and the fonts the theme ships. PDFs whose inputs did not change since
//! the last build are copied from it instead of being made again.

mod cards;
mod document;
mod fonts;
mod forms;
mod html;
mod kit;
pub mod markup;
mod typeset;
mod values;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::content::Bodies;
use crate::content::model::Project;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Catalog;
use crate::markdown::View;
use crate::output::{self, InputHashes};
use crate::site::{self, OutputFile};
use crate::theme::Assets;

use document::{Job, MainFile, What, Writer};
pub use fonts::{FontCheck, check_fonts};
pub use forms::{Forms, logo_file};
use typeset::{Problem, Typesetter};

/// The file in the output root that remembers each PDF's input hash, for the next build.
pub const MANIFEST: &str = ".digifam-pdf.json";

/// Every PDF of the site, in the order of the site's languages and programs: a lesson's plan,
/// handout and card sheets (one per `cards` block of its text in that language), then the book.
fn jobs<'a>(project: &'a Project, bodies: &Bodies) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for language in &project.site.languages {
        for program in &project.programs {
            if program.kind.has_lesson_plans() {
                for lesson in &program.lessons {
                    let sheets = cards::count(bodies, lesson, &language.code);
                    let sheets = (1..=sheets).map(|n| What::Cards(lesson, n));
                    for what in [What::LessonPlan(lesson), What::Handout(lesson)]
                        .into_iter()
                        .chain(sheets)
                    {
                        jobs.push(Job {
                            language,
                            program,
                            what,
                        });
                    }
                }
            }
            jobs.push(Job {
                language,
                program,
                what: What::Book,
            });
        }
    }
    jobs
}

/// Every image of the curriculum, by the virtual path the PDFs name it with.
fn media(project: &Project) -> BTreeMap<String, PathBuf> {
    project
        .programs
        .iter()
        .flat_map(|program| {
            program.media.iter().map(|file| {
                let name = format!("/{}", site::media_path(&program.slug, file));
                (name, project.media_file(&program.slug, file))
            })
        })
        .collect()
}

/// The hash of what every PDF is made with besides its own main file: digifam's version, the
/// templates and the fonts.
fn theme_hash(files: &[(String, Cow<'static, [u8]>)]) -> Vec<u8> {
    let mut theme = Sha256::new();
    theme.update(env!("CARGO_PKG_VERSION"));
    for (path, bytes) in files {
        theme.update(path.as_bytes());
        theme.update((bytes.len() as u64).to_le_bytes());
        theme.update(bytes);
    }
    theme.finalize().to_vec()
}

fn file_hash(path: &Path) -> String {
    output::hex(Sha256::digest(fs::read(path).unwrap_or_default()))
}

/// A PDF about to be made: its path, main file and input hash.
struct Prepared {
    path: String,
    main: MainFile,
    hash: String,
}

impl Prepared {
    /// The main file of `job` and the hash of everything it is made from; `media_hash` gives the
    /// hash of an image by the name the main file uses for it.
    fn new(writer: &Writer, job: &Job, theme: &[u8], media_hash: impl Fn(&str) -> String) -> Self {
        let main = match job.what {
            What::LessonPlan(lesson) => writer.lesson(job, lesson, View::Trainer),
            What::Handout(lesson) => writer.lesson(job, lesson, View::Participant),
            What::Book => writer.book(job),
            What::Cards(lesson, n) => cards::main_file(writer, job, lesson, n),
        };
        let mut hash = Sha256::new();
        hash.update(theme);
        hash.update(main.text.as_bytes());
        for name in &main.media {
            hash.update(name.as_bytes());
            hash.update(media_hash(name));
        }
        Prepared {
            path: job.path(),
            main,
            hash: output::hex(hash.finalize()),
        }
    }

    /// Typesets the PDF: its bytes, unless it failed, and the problems on the way.
    fn typeset(
        &self,
        typesetter: &Typesetter,
        assets: &Assets,
    ) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
        let (bytes, problems) = match typesetter.pdf(&self.main.text, &self.path) {
            Ok((bytes, problems)) => (Some(bytes), problems),
            Err(problems) => (None, problems),
        };
        let mut reported = reported(problems, &self.main.reported_on, &self.path, assets);
        for problem in &mut reported {
            if let Some(n) = cards::too_long(&problem.message) {
                let line = self.main.card_lines.get(n - 1).copied().unwrap_or(0);
                *problem = Diagnostic::error(
                    &self.main.reported_on,
                    format!("card {n} of this card sheet is too long for its card"),
                )
                .at(line, 1)
                .hint("shorten the card's text, or give the block fewer cards per sheet, e.g. `::: cards [4]`");
            }
        }
        (bytes, reported)
    }
}

/// The Typst compiler set up with the theme's templates and fonts and the curriculum's images.
fn typesetter(
    files: &[(String, Cow<'static, [u8]>)],
    media: BTreeMap<String, PathBuf>,
) -> Typesetter {
    let templates: Vec<(String, String)> = files
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("pdf/")?;
            Some((name.to_owned(), String::from_utf8_lossy(bytes).into_owned()))
        })
        .collect();
    Typesetter::new(&templates, fonts::load(files), media)
}

/// The PDFs and kits of a build, the file of their input hashes among them, and those hashes.
#[derive(Default)]
pub struct Pdfs {
    pub files: Vec<OutputFile>,
    pub hashes: InputHashes,
}

/// Every PDF of the site. `previous` is the output folder of the last build, if any: a PDF whose
/// input hash matches the manifest stored there is copied, not made again. `progress` is told
/// `(done, total)` at the start and after each PDF.
pub fn render_pdfs(
    project: &Project,
    catalog: &Catalog,
    bodies: &Bodies,
    assets: &Assets,
    previous: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
    diagnostics: &mut Diagnostics,
) -> Pdfs {
    let files = assets.pdf_files();
    let media = media(project);
    let writer = Writer {
        project,
        catalog,
        bodies,
    };
    let prepared = prepare_all(&writer, &files, &media);
    let old = previous
        .map(|folder| InputHashes::read(folder, MANIFEST))
        .unwrap_or_default();
    // Made on first need: a build that copies every PDF starts no Typst at all.
    let typesetter_once = OnceLock::new();
    let typesetter = || typesetter_once.get_or_init(|| typesetter(&files, media.clone()));
    let total = prepared.len();
    let done = AtomicUsize::new(0);
    progress(0, total);
    let results = typeset_each(prepared, |pdf| {
        let path = pdf.path.clone();
        let (file, problems) = match old.reusable(previous, &pdf.path, &pdf.hash) {
            Some(from) => (Some(OutputFile::Copy { path, from }), Vec::new()),
            None => {
                let (bytes, problems) = pdf.typeset(typesetter(), assets);
                (
                    bytes.map(|bytes| OutputFile::Bytes { path, bytes }),
                    problems,
                )
            }
        };
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        // Typst memoises across documents. Keeping only what the last dozen documents used
        // bounds the memory of a large build (several GB without it) and is no slower: the cache
        // hits that matter are within one document. Each eviction walks every cache, so it runs
        // after every few documents, not after each.
        if finished.is_multiple_of(TYPST_EVICT_EVERY) {
            typst::comemo::evict(TYPST_CACHE_AGE);
        }
        progress(finished, total);
        (pdf, file, problems)
    });
    // Typst memoises across documents; nothing of that is needed once the PDFs are made.
    typst::comemo::evict(0);

    let mut manifest = InputHashes::default();
    let mut out = Vec::new();
    for (pdf, file, problems) in results {
        diagnostics.extend(problems);
        if let Some(file) = file {
            manifest.files.insert(pdf.path, pdf.hash);
            out.push(file);
        }
    }
    for (path, hash, kit) in kits(project, &manifest, &out, &old, previous) {
        match kit {
            Ok(file) => {
                manifest.files.insert(path, hash);
                out.push(file);
            }
            Err(message) => diagnostics.push(
                Diagnostic::error(&path, message)
                    .hint("check that the output folder is readable and the disk is not full"),
            ),
        }
    }
    out.push(manifest.file(MANIFEST));
    Pdfs {
        files: out,
        hashes: manifest,
    }
}

/// Every PDF's main file and input hash.
fn prepare_all(
    writer: &Writer,
    files: &[(String, Cow<'static, [u8]>)],
    media: &BTreeMap<String, PathBuf>,
) -> Vec<Prepared> {
    let theme = theme_hash(files);
    let media_hashes: BTreeMap<&str, String> = media
        .par_iter()
        .map(|(name, path)| (name.as_str(), file_hash(path)))
        .collect();
    jobs(writer.project, writer.bodies)
        .par_iter()
        .map(|job| {
            Prepared::new(writer, job, &theme, |name| {
                media_hashes.get(name).cloned().unwrap_or_default()
            })
        })
        .collect()
}

/// The kit of every language that has PDFs, each with its path and input hash: copied from
/// `previous` when its PDFs are the same as there, zipped from `made` otherwise.
fn kits(
    project: &Project,
    manifest: &InputHashes,
    made: &[OutputFile],
    old: &InputHashes,
    previous: Option<&Path>,
) -> Vec<(String, String, Result<OutputFile, String>)> {
    let by_path: BTreeMap<&str, &OutputFile> = made.iter().map(|f| (f.path(), f)).collect();
    let read = |path: &str| match by_path.get(path) {
        Some(file) => file.read(),
        None => Err(std::io::ErrorKind::NotFound.into()),
    };
    project
        .site
        .languages
        .par_iter()
        .filter_map(|language| {
            let members: Vec<kit::Member> = site::of_language(&manifest.files, &language.code)
                .map(|(path, hash)| kit::Member { path, hash })
                .collect();
            if members.is_empty() {
                return None;
            }
            let path = site::kit_path(project, &language.code);
            let hash = kit::kit_hash(project, &language.code, &members);
            let kit = match old.reusable(previous, &path, &hash) {
                Some(from) => Ok(OutputFile::Copy {
                    path: path.clone(),
                    from,
                }),
                None => kit::zip_kit(project, &language.code, &members, read).map(|bytes| {
                    OutputFile::Bytes {
                        path: path.clone(),
                        bytes,
                    }
                }),
            };
            Some((path, hash, kit))
        })
        .collect()
}

/// Every PDF path of the site, for pages to link to before the PDFs are made.
pub fn paths(project: &Project, bodies: &Bodies) -> Vec<String> {
    jobs(project, bodies).iter().map(Job::path).collect()
}

/// The dev server's PDFs: each is made when its link is opened, and again only after what it is
/// made from has changed, so that saving a lesson never waits for Typst.
#[derive(Default)]
pub struct OnRequest {
    /// Loading the fonts takes a moment: the typesetter is kept until [`OnRequest::reset`].
    typesetter: Option<Typesetter>,
    /// The PDFs made so far, by path, with their input hash.
    made: BTreeMap<String, (String, Arc<[u8]>)>,
}

impl OnRequest {
    /// Drops the typesetter, after the theme or an image changed.
    pub fn reset(&mut self) {
        self.typesetter = None;
    }

    /// The PDF at `path` as the content is now: `None` when the site has no such PDF, the
    /// problems when it cannot be made.
    pub fn pdf(
        &mut self,
        project: &Project,
        catalog: &Catalog,
        bodies: &Bodies,
        assets: &Assets,
        path: &str,
    ) -> Option<Result<Arc<[u8]>, Vec<Diagnostic>>> {
        let jobs = jobs(project, bodies);
        let job = jobs.iter().find(|job| job.path() == path)?;
        let files = assets.pdf_files();
        let media = media(project);
        let writer = Writer {
            project,
            catalog,
            bodies,
        };
        let pdf = Prepared::new(&writer, job, &theme_hash(&files), |name| {
            media
                .get(name)
                .map(|path| file_hash(path))
                .unwrap_or_default()
        });
        if let Some((hash, bytes)) = self.made.get(path)
            && *hash == pdf.hash
        {
            return Some(Ok(Arc::clone(bytes)));
        }
        let typesetter = self
            .typesetter
            .get_or_insert_with(|| typesetter(&files, media));
        let (bytes, problems) = pool().install(|| pdf.typeset(typesetter, assets));
        typst::comemo::evict(0);
        match bytes {
            Some(bytes) => {
                let bytes: Arc<[u8]> = Arc::from(bytes);
                self.made.insert(pdf.path, (pdf.hash, Arc::clone(&bytes)));
                Some(Ok(bytes))
            }
            None => Some(Err(problems)),
        }
    }
}

/// `make` applied to every document of `work`, in order, on one thread per core that makes one
/// document at a time; Typst's own parallel layout runs on [`pool`].
///
/// The documents must not be tasks of the pool Typst lays out on: a pool thread waiting inside one
/// document would start the next, and the next, and memory grew with every document in flight.
/// The shipped curriculum's 488 PDFs peaked at 1.7 GB that way, and at 0.4 GB this way.
fn typeset_each<T: Send, R: Send>(work: Vec<T>, make: impl Fn(T) -> R + Sync) -> Vec<R> {
    // A slot is poisoned only when `make` panicked, and that panic ends the scope below anyway.
    fn lock<X>(slot: &Mutex<X>) -> std::sync::MutexGuard<'_, X> {
        slot.lock().unwrap_or_else(|e| e.into_inner())
    }
    let pool = pool();
    let slots: Vec<Mutex<(Option<T>, Option<R>)>> = work
        .into_iter()
        .map(|item| Mutex::new((Some(item), None)))
        .collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..pool.current_num_threads() {
            scope.spawn(|| {
                while let Some(slot) = slots.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let item = lock(slot).0.take();
                    if let Some(item) = item {
                        let result = pool.install(|| make(item));
                        lock(slot).1 = Some(result);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner()).1)
        .collect()
}

/// Threads for Typst, which recurses deeply on long documents: more stack than rayon's default.
/// Made once per process: the dev server asks for one PDF at a time, and each new pool of
/// 64 MiB stacks would start its threads again.
fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(TYPST_STACK)
            .build()
            .unwrap_or_else(|_| {
                rayon::ThreadPoolBuilder::new()
                    .build()
                    .expect("a thread pool")
            })
    })
}

const TYPST_STACK: usize = 64 << 20;

/// After how many documents Typst's caches are trimmed, and how many trims an entry survives
/// unused: about twelve documents (see [`render_pdfs`]).
const TYPST_EVICT_EVERY: usize = 4;
const TYPST_CACHE_AGE: usize = 3;

/// Typst's problems with one PDF, on the template line they point at or else on the source file
/// the PDF is made from.
fn reported(problems: Vec<Problem>, source: &Path, pdf: &str, assets: &Assets) -> Vec<Diagnostic> {
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
                    assets.shown(&format!("{}pdf/{name}", crate::theme::THEME_DIR)),
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_typst_pool_is_made_once_per_process() {
        let first = super::pool();
        assert!(std::ptr::eq(first, super::pool()));
    }
}
