//! Typst as a library: a `World` that sees only the theme's PDF templates, the embedded fonts and the
//! images of the curriculum, and turns one generated main file into PDF bytes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// The virtual path of every generated main file; each document has its own `World`, so they share it.
const MAIN: &str = "/main.typ";

fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// What every PDF of a build shares: library, fonts, templates and the images authors may use.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Theme templates by virtual path (`/digifam.typ`).
    templates: HashMap<FileId, Source>,
    /// Images by virtual path (`/media/<program>/<file>`), read when a document first asks.
    media: HashMap<FileId, (PathBuf, OnceLock<FileResult<Bytes>>)>,
    standards: PdfStandards,
}

/// One problem Typst reported, with the template line when it points into one.
pub struct Problem {
    pub error: bool,
    pub template: Option<(String, usize)>,
    pub message: String,
    /// The PDF was made, but without PDF/UA-1 conformance.
    pub not_accessible: bool,
}

impl Typesetter {
    /// `templates` by file name, `media` by virtual path and real path.
    pub fn new(
        templates: &[(String, String)],
        fonts: Vec<Font>,
        media: impl IntoIterator<Item = (String, PathBuf)>,
    ) -> Typesetter {
        let book = FontBook::from_fonts(&fonts);
        let templates = templates
            .iter()
            .filter_map(|(name, text)| {
                let id = file_id(&format!("/{name}"))?;
                Some((id, Source::new(id, text.clone())))
            })
            .collect();
        let media = media
            .into_iter()
            .filter_map(|(virtual_path, real)| {
                Some((file_id(&virtual_path)?, (real, OnceLock::new())))
            })
            .collect();
        Typesetter {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            templates,
            media,
            // PDF/UA-1: tagged, with title, language and alt texts checked by Typst itself.
            standards: PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default(),
        }
    }

    /// Typesets one main file. `ident` names the document stably, so that its PDF ID is the same
    /// in every build.
    pub fn pdf(&self, main: &str, ident: &str) -> Result<(Vec<u8>, Vec<Problem>), Vec<Problem>> {
        let world = DocumentWorld {
            shared: self,
            main: Source::new(file_id(MAIN).expect("a valid path"), main.to_owned()),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let mut problems = world.problems(&warned.warnings);
        let document = warned
            .output
            .map_err(|errors| world.problems(errors.as_slice()))?;
        let options = |standards: &PdfStandards| PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("digifam {}", env!("CARGO_PKG_VERSION")))),
            timestamp: None,
            standards: standards.clone(),
            ..PdfOptions::default()
        };
        let errors = match typst_pdf::pdf(&document, &options(&self.standards)) {
            Ok(bytes) => return Ok((bytes, problems)),
            Err(errors) => errors,
        };
        // What Typst cannot make accessible (a character no font has) still gives a tagged PDF.
        match typst_pdf::pdf(&document, &options(&PdfStandards::default())) {
            Ok(bytes) => {
                // One warning per PDF: the first reason is enough to act on.
                let mut reasons = world.problems(&errors).into_iter();
                if let Some(first) = reasons.next() {
                    let more = reasons.count();
                    problems.push(Problem {
                        error: false,
                        not_accessible: true,
                        message: match more {
                            0 => first.message,
                            n => format!("{} (and {n} more)", first.message),
                        },
                        ..first
                    });
                }
                Ok((bytes, problems))
            }
            Err(errors) => {
                problems.extend(world.problems(&errors));
                Err(problems)
            }
        }
    }
}

struct DocumentWorld<'a> {
    shared: &'a Typesetter,
    main: Source,
}

impl DocumentWorld<'_> {
    fn problems(&self, diagnostics: &[SourceDiagnostic]) -> Vec<Problem> {
        diagnostics
            .iter()
            .map(|d| {
                let template = d.span.id().and_then(|id| {
                    let source = self.shared.templates.get(&id)?;
                    let line = self
                        .range(d.span)
                        .and_then(|r| source.lines().byte_to_line(r.start))
                        .map_or(0, |l| l + 1);
                    let name = id.vpath().get_without_slash().to_owned();
                    Some((name, line))
                });
                let mut message = d.message.to_string();
                for hint in &d.hints {
                    message.push_str("; ");
                    message.push_str(&hint.v);
                }
                Problem {
                    error: d.severity == Severity::Error,
                    template,
                    message,
                    not_accessible: false,
                }
            })
            .collect()
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.shared
            .templates
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Ok(source) = self.source(id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        let (real, bytes) = self.shared.media.get(&id).ok_or_else(|| not_found(id))?;
        bytes
            .get_or_init(|| {
                std::fs::read(real)
                    .map(Bytes::new)
                    .map_err(|err| FileError::from_io(err, real))
            })
            .clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// No dates: the same input must give the same bytes on any day.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_without_slash()))
}
