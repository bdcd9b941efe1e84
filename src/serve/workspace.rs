//! The site as the dev server holds it: the loaded project, the latest rendering of every file, and
//! the problems found, kept up to date edit by edit. An edit to a lesson re-renders that lesson's
//! pages and what shows it; anything else rebuilds the whole site through the same pipeline as
//! `digifam build`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;
use serde_json::Value;

use super::Shared;
use super::plan::Plan;
use crate::build::{self, Prepared, Revalidated};
use crate::content::{CONTENT_DIR, Memo, load};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::html::{self, Made, PageOutput};
use crate::pdf::{self, FontCheck};
use crate::site::links::Linked;
use crate::site::{Downloads, OutputFile, Page};

/// The body of one served file.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Arc<[u8]>),
    /// A media file, read from the curriculum when asked for; `modified` tells an edited image.
    File {
        path: PathBuf,
        modified: Option<SystemTime>,
    },
}

impl Body {
    fn same(&self, other: &Body) -> bool {
        match (self, other) {
            (Body::Bytes(a), Body::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            (
                Body::File { path, modified },
                Body::File {
                    path: other_path,
                    modified: other_modified,
                },
            ) => path == other_path && modified == other_modified,
            _ => false,
        }
    }
}

/// What the server shows: the last good site, and the problems of the latest rebuild.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Counts the rebuilds that changed a served file.
    pub generation: u64,
    pub files: Arc<HashMap<String, Body>>,
    /// The generation in which each file last changed, so a page knows whether to reload.
    pub changed_at: Arc<HashMap<String, u64>>,
    /// The last generation that changed a file every page uses (a style sheet, an image).
    pub everything_changed_at: u64,
    pub errors: Arc<Vec<Diagnostic>>,
    /// The overlay's UI strings, by language.
    pub labels: Arc<HashMap<String, Value>>,
}

impl Snapshot {
    /// Whether the page at `path`, served in generation `since`, has changed after it.
    pub fn changed_since(&self, path: &str, since: u64) -> bool {
        self.everything_changed_at > since || self.changed_at.get(path).is_some_and(|g| *g > since)
    }
}

/// What one rebuild did, for the terminal.
#[derive(Debug)]
pub struct Outcome {
    /// Whether the whole site was rebuilt.
    pub full: bool,
    pub rendered: usize,
    /// Served files that changed.
    pub changed: Vec<String>,
    pub errors: Vec<Diagnostic>,
    pub warnings: usize,
    pub elapsed: Duration,
}

struct Loaded {
    prepared: Prepared,
    tera: tera::Tera,
}

impl Loaded {
    fn inputs<'a>(&'a self, downloads: &'a Downloads) -> html::Inputs<'a> {
        self.prepared.inputs(&self.tera, downloads)
    }
}

pub struct Workspace {
    root: PathBuf,
    loaded: Option<Loaded>,
    /// The latest rendering, published when it has no errors.
    candidate: HashMap<String, Body>,
    /// Problems found loading, validating and parsing, by the file they are in.
    file_diagnostics: Vec<Diagnostic>,
    /// Problems found rendering, by page.
    page_diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Pages rendered since the candidate was last served.
    pending: BTreeSet<String>,
    shared: Arc<Shared>,
    /// `None` with `--no-pdf`.
    pdfs: Option<pdf::OnRequest>,
    /// Every PDF the pages link to; none is made before it is asked for.
    downloads: Downloads,
    /// The lessons each page links to, by page path, from its last rendering.
    links: HashMap<String, Linked>,
    /// The PDF fonts, loaded on the last full rebuild, for checking edited files as `check` does.
    fonts: Option<FontCheck>,
    /// The front matter the last full rebuild parsed, which the next one takes over.
    memo: Memo,
}

/// What an edit touches.
enum Change {
    /// Lessons (program slug, lesson slug) whose files changed; nothing else.
    Lessons(BTreeSet<(String, String)>),
    Everything,
    Nothing,
}

/// Files editors write beside the real one while saving (vim's `4913` and `~`, swap files).
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether a file in `curriculum/` is content: Markdown, settings or an image. Editors and tools
/// also write temporary files there (`sed -i` writes `sedXXXXXX`) and rename them.
fn is_content(name: &str) -> bool {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    extension == "md"
        || extension == "yaml"
        || load::MEDIA_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
}

/// The pages `select` keeps, rendered and held for serving.
fn render_pages(inputs: html::Inputs, select: &(dyn Fn(&Page) -> bool + Sync)) -> Vec<PageOutput> {
    let pages = Mutex::new(Vec::new());
    html::render(inputs, None, select, &|page| {
        pages.lock().unwrap_or_else(|e| e.into_inner()).push(page)
    });
    pages.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Replaces the problems of `files` in `all` with `new`.
fn replace_diagnostics(all: &mut Vec<Diagnostic>, files: &BTreeSet<PathBuf>, new: Diagnostics) {
    all.retain(|d| !files.contains(&d.file));
    all.extend(new.sorted());
}

impl Workspace {
    pub fn new(root: &Path, shared: Arc<Shared>, pdf: bool) -> Workspace {
        Workspace {
            pdfs: pdf.then(pdf::OnRequest::default),
            downloads: Downloads::new(),
            root: root.to_path_buf(),
            loaded: None,
            candidate: HashMap::new(),
            file_diagnostics: Vec::new(),
            page_diagnostics: BTreeMap::new(),
            pending: BTreeSet::new(),
            shared,
            links: HashMap::new(),
            fonts: None,
            memo: Memo::default(),
        }
    }

    /// Rebuilds what the changed `paths` (absolute) touch; `None` when none of them matters.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        match self.classify(paths) {
            Change::Nothing => None,
            Change::Everything => Some(self.rebuild()),
            Change::Lessons(lessons) => Some(self.update_lessons(&lessons)),
        }
    }

    fn classify(&self, paths: &[PathBuf]) -> Change {
        let mut lessons = BTreeSet::new();
        let mut everything = false;
        for path in paths {
            let Ok(relative) = path.strip_prefix(&self.root) else {
                continue;
            };
            let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
            let name = parts.last().copied().unwrap_or("");
            if is_scratch(name) {
                continue;
            }
            match parts.as_slice() {
                // A folder made, removed or renamed.
                [CONTENT_DIR] | [CONTENT_DIR, _] if path.extension().is_none() => everything = true,
                [CONTENT_DIR, ..] if !is_content(name) => {}
                [CONTENT_DIR, program, file] => match self.lesson_of(program, file) {
                    Some(lesson) => {
                        lessons.insert(lesson);
                    }
                    None => everything = true,
                },
                [CONTENT_DIR, ..] | ["themes", ..] | ["locales", ..] => everything = true,
                _ => {}
            }
        }
        if everything || (self.loaded.is_none() && !lessons.is_empty()) {
            Change::Everything
        } else if lessons.is_empty() {
            Change::Nothing
        } else {
            Change::Lessons(lessons)
        }
    }

    /// The lesson a changed file belongs to, when the edit can be applied to that lesson alone:
    /// the lesson exists, the file is one of its languages, and its source is still there.
    fn lesson_of(&self, program: &str, file: &str) -> Option<(String, String)> {
        let project = &self.loaded.as_ref()?.prepared.project;
        let (slug, lang) = file.strip_suffix(".md")?.rsplit_once('.')?;
        project.site.language(lang)?;
        let program = project.program(program)?;
        program.lesson(slug)?;
        let source = load::lesson_file(&program.slug, slug, &project.site.default_language);
        self.root
            .join(source)
            .is_file()
            .then(|| (program.slug.clone(), slug.to_owned()))
    }

    /// Loads, validates and renders everything again.
    pub fn rebuild(&mut self) -> Outcome {
        let start = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let memo = std::mem::take(&mut self.memo).into_next();
        let prepared = build::prepare(&self.root, &[], &memo, &mut diagnostics);
        self.memo = memo;
        self.fonts = prepared.as_ref().map(|p| {
            let fonts = FontCheck::new(&p.project);
            fonts.project(&p.project, &mut diagnostics);
            fonts
        });
        let loaded = prepared.and_then(|prepared| {
            let tera = html::build_tera(&prepared.assets, &mut diagnostics)?;
            Some(Loaded { prepared, tera })
        });
        self.file_diagnostics = diagnostics.sorted();
        self.page_diagnostics.clear();
        let mut rendered = 0;
        if let Some(loaded) = &loaded {
            self.candidate.clear();
            if let Some(pdfs) = &mut self.pdfs {
                // The theme or an image may have changed.
                pdfs.reset();
                self.downloads = pdf::paths(&loaded.prepared.project, &loaded.prepared.bodies)
                    .into_iter()
                    .map(|p| (p, None))
                    .collect();
            }
            let inputs = loaded.inputs(&self.downloads);
            let pages = render_pages(inputs, &|_| true);
            // A failing app-manifest template is reported by `check` and `build`; the preview goes on.
            let files = build::support_files(inputs, &mut Vec::new());
            rendered = pages.len();
            self.store(pages);
            self.store_files(files);
        }
        let labels = loaded.as_ref().map(|l| {
            let catalog = &l.prepared.catalog;
            l.prepared
                .project
                .site
                .languages
                .iter()
                .map(|lang| (lang.code.clone(), catalog.tree(&lang.code)["serve"].clone()))
                .collect()
        });
        self.loaded = loaded;
        let changed = self.publish(true, labels);
        self.outcome(true, rendered, changed, start)
    }

    /// Re-reads the given lessons and re-renders what shows them.
    fn update_lessons(&mut self, lessons: &BTreeSet<(String, String)>) -> Outcome {
        let start = Instant::now();
        if self.loaded.is_none() {
            return self.rebuild();
        }
        // The edited lessons' own pages are served first, so that the page the author looks at
        // reloads at once; then the pages of their units, then the pages listing every lesson,
        // then the search indexes.
        let mut plan = Plan::default();
        for (program_slug, slug) in lessons {
            let Some(loaded) = self.loaded.as_mut() else {
                break;
            };
            let files = loaded.prepared.lesson_files(program_slug, slug);
            let revalidated =
                loaded
                    .prepared
                    .revalidate_lesson(program_slug, slug, self.fonts.as_ref());
            let (old, pi, li, diagnostics) = match revalidated {
                None => continue,
                Some(Revalidated::Unloadable(diagnostics)) => {
                    // The last good version stays in the project and on the server.
                    replace_diagnostics(&mut self.file_diagnostics, &files, diagnostics);
                    continue;
                }
                Some(Revalidated::Replaced {
                    old,
                    program,
                    index,
                    diagnostics,
                }) => (old, program, index, diagnostics),
            };
            replace_diagnostics(&mut self.file_diagnostics, &files, diagnostics);
            let prepared = &loaded.prepared;
            let program = &prepared.project.programs[pi];
            if program.lessons[li].structure.sessions != old.structure.sessions {
                // The program's week plan and rhythm check depend on every lesson's sessions.
                return self.rebuild();
            }
            plan.add(prepared, pi, li, &old, &self.links);
        }
        let mut rendered = 0;
        let mut changed = Vec::new();
        let Plan {
            own,
            units,
            catalogues,
            indexes,
        } = plan;
        for selection in [own, units, catalogues] {
            let pages = match &self.loaded {
                Some(loaded) => render_pages(loaded.inputs(&self.downloads), &|page| {
                    selection.keeps(page)
                }),
                None => Vec::new(),
            };
            rendered += pages.len();
            self.pending.extend(pages.iter().map(|p| p.path.clone()));
            self.store(pages);
            changed.extend(self.publish(false, None));
        }
        if let Some(loaded) = &self.loaded {
            // An index holds every lesson of its language: only the languages that show the edit
            // are made again.
            let Prepared {
                project,
                catalog,
                bodies,
                ..
            } = &loaded.prepared;
            let indexes: Vec<OutputFile> = indexes
                .par_iter()
                .map(|lang| crate::search::index_file(project, catalog, bodies, lang))
                .collect();
            self.pending
                .extend(indexes.iter().map(|f| f.path().to_owned()));
            self.store_files(indexes);
            changed.extend(self.publish(false, None));
        }
        self.outcome(false, rendered, changed, start)
    }

    /// The PDF at `path`, made from the last good content; `None` when there is no such PDF (or
    /// PDFs are off).
    pub fn pdf(&mut self, path: &str) -> Option<Result<Arc<[u8]>, Vec<Diagnostic>>> {
        let prepared = &self.loaded.as_ref()?.prepared;
        self.pdfs.as_mut()?.pdf(
            &prepared.project,
            &prepared.catalog,
            &prepared.bodies,
            &prepared.assets,
            path,
        )
    }

    fn store_files(&mut self, files: Vec<OutputFile>) {
        for file in files {
            let (path, body) = match file {
                OutputFile::Bytes { path, bytes } => (path, Body::Bytes(Arc::from(bytes))),
                OutputFile::Copy { path, from } => {
                    let modified = fs::metadata(&from).and_then(|m| m.modified()).ok();
                    (
                        path,
                        Body::File {
                            path: from,
                            modified,
                        },
                    )
                }
            };
            self.candidate.insert(path, body);
        }
    }

    fn store(&mut self, pages: Vec<PageOutput>) {
        for page in pages {
            match page.made {
                Made::Html(html) => {
                    self.candidate
                        .insert(page.path.clone(), Body::Bytes(Arc::from(html.into_bytes())));
                }
                // Without a page cache every page is made.
                Made::Unchanged(_) | Made::Failed => {
                    self.candidate.remove(&page.path);
                }
            }
            self.links.insert(page.path.clone(), page.linked);
            self.page_diagnostics.insert(page.path, page.diagnostics);
        }
    }

    fn diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        all.extend(self.file_diagnostics.iter().cloned());
        all.extend(self.page_diagnostics.values().flatten().cloned());
        all
    }

    /// Serves the candidate when it has no errors (or nothing was ever served) and tells the
    /// browsers. Unless `everything` changed, only the pages rendered since the last time the
    /// candidate was served are compared. Returns the served files that changed.
    fn publish(&mut self, everything: bool, labels: Option<HashMap<String, Value>>) -> Vec<String> {
        let errors: Vec<Diagnostic> = self
            .diagnostics()
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let mut snapshot = Snapshot::clone(&self.shared.snapshot());
        let never_served = snapshot.files.is_empty();
        let mut changed = Vec::new();
        if errors.is_empty() || never_served {
            let served = &snapshot.files;
            let differs = |path: &String| match (self.candidate.get(path), served.get(path)) {
                (Some(new), Some(old)) => !new.same(old),
                (None, None) => false,
                _ => true,
            };
            changed = if everything {
                self.candidate
                    .keys()
                    .chain(served.keys())
                    .filter(|p| differs(p))
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect()
            } else {
                self.pending
                    .iter()
                    .filter(|p| differs(p))
                    .cloned()
                    .collect()
            };
            self.pending.clear();
            if !changed.is_empty() {
                snapshot.generation += 1;
                let generation = snapshot.generation;
                let mut changed_at = HashMap::clone(&snapshot.changed_at);
                for path in &changed {
                    changed_at.insert(path.clone(), generation);
                    // Styles, scripts and images are used by many pages.
                    if path.starts_with("assets/") || path.starts_with("media/") {
                        snapshot.everything_changed_at = generation;
                    }
                }
                snapshot.changed_at = Arc::new(changed_at);
                snapshot.files = Arc::new(if everything {
                    self.candidate.clone()
                } else {
                    let mut files = HashMap::clone(&snapshot.files);
                    for path in &changed {
                        match self.candidate.get(path) {
                            Some(body) => files.insert(path.clone(), body.clone()),
                            None => files.remove(path),
                        };
                    }
                    files
                });
            }
        }
        if let Some(labels) = labels {
            snapshot.labels = Arc::new(labels);
        }
        let errors_changed = *snapshot.errors != errors;
        snapshot.errors = Arc::new(errors);
        if errors_changed || !changed.is_empty() {
            self.shared.publish(snapshot);
        }
        changed
    }

    fn outcome(
        &self,
        full: bool,
        rendered: usize,
        changed: Vec<String>,
        start: Instant,
    ) -> Outcome {
        let diagnostics = self.diagnostics();
        Outcome {
            full,
            rendered,
            changed,
            errors: self.shared.snapshot().errors.to_vec(),
            warnings: diagnostics.warnings(),
            elapsed: start.elapsed(),
        }
    }
}
