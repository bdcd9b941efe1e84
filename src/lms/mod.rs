//! Every unit as a course for learning platforms, per language: an IMS Common Cartridge 1.1
//! package, which Moodle imports as a course (pages, files and sections), and a SCORM 1.2
//! package, which Moodle, ILIAS and others play, marking each lesson completed once opened.
//!
//! A package is made from the same views as the site: the course outline from
//! [`crate::view::CourseView`], each lesson's participant page rendered again as plain,
//! self-contained HTML for a platform's frame (no site navigation, no scripts but SCORM's), and
//! the PDFs the build made. The theme's templates write the pages and the manifests, so that
//! their markup is the theme's, and packages are deterministic: fixed dates, identifiers made
//! from the unit and lesson names.

mod links;
mod package;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::{fs, io};

use rayon::prelude::*;
use tera::Context;

use crate::cache::{self, Key, KeyHasher};
use crate::content::Bodies;
use crate::content::model::Program;
use crate::diagnostic::Diagnostic;
use crate::output::{self, InputHashes};
use crate::site::{self, OutputFile};
use crate::theme::THEME_DIR;
use crate::view::Views;

use package::{Member, Package};

pub const PAGE_TEMPLATE: &str = "lms-page.html";
pub const WEB_LINK_TEMPLATE: &str = "lms-weblink.xml";
const CARTRIDGE_TEMPLATE: &str = "lms-cartridge.xml";
const SCORM_TEMPLATE: &str = "lms-scorm.xml";
const SCORM_SCRIPT_TEMPLATE: &str = "lms-scorm.js";

/// Where the SCORM script lies in a SCORM package.
pub const SCORM_SCRIPT: &str = "scorm.js";
/// The resource type of a web link in Common Cartridge 1.1 (`imswl_xmlv1p0` is 1.0's, which a
/// 1.1 manifest must not use).
pub const WEB_LINK_TYPE: &str = "imswl_xmlv1p1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// IMS Common Cartridge 1.1: pages, files and web links in sections.
    Cartridge,
    /// SCORM 1.2: one SCO per page.
    Scorm,
}

/// The file in the output root that remembers each package's input hash, for the next build.
pub const MANIFEST: &str = ".digifam-lms.json";

/// A package to make: its language, unit and kind.
type Job<'a> = (&'a str, &'a Program, Flavour);

/// What packages are made from: the views, the parsed bodies, the templates, and the files of
/// the site they take in (the PDFs the build made, by site path, with their input hashes).
/// `previous` is the output folder of the last build: packages whose inputs did not change are
/// copied from there instead of being zipped again.
pub struct Sources<'a> {
    pub views: Views<'a>,
    pub bodies: &'a Bodies,
    pub tera: &'a tera::Tera,
    pub pdfs: BTreeMap<&'a str, &'a OutputFile>,
    pub pdf_hashes: &'a InputHashes,
    pub previous: Option<&'a Path>,
    /// What every file of the build is made with: the binary, templates, UI strings, settings.
    pub fingerprint: Key,
}

/// Both packages of every unit in every language, the file of their input hashes, and the
/// problems met making them.
pub fn packages(sources: &Sources) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let project = sources.views.project;
    let mut work = Vec::new();
    for language in &project.site.languages {
        for program in &project.programs {
            for flavour in [Flavour::Cartridge, Flavour::Scorm] {
                work.push((language.code.as_str(), program, flavour));
            }
        }
    }
    let old = sources
        .previous
        .map(|folder| InputHashes::read(folder, MANIFEST))
        .unwrap_or_default();
    let shared = shared_key(sources);
    let made: Vec<Result<(OutputFile, String), Diagnostic>> = work
        .par_iter()
        .map(|&(lang, program, flavour)| {
            let path = match flavour {
                Flavour::Cartridge => site::cartridge_path(lang, &program.slug),
                Flavour::Scorm => site::scorm_path(lang, &program.slug),
            };
            let hash = input_key(sources, shared, (lang, program, flavour));
            let made = match old.reusable(sources.previous, &path, &hash) {
                Some(from) => Ok(OutputFile::Copy {
                    path: path.clone(),
                    from,
                }),
                None => entries(sources, flavour, lang, program).and_then(|entries| {
                    let bytes = zip(sources, &entries)?;
                    Ok(OutputFile::Bytes {
                        path: path.clone(),
                        bytes,
                    })
                }),
            };
            let made = made.map(|file| (file, hash));
            made.map_err(|(file, message)| {
                Diagnostic::error(file, format!("cannot make {path}: {message}"))
                    .hint("fix the template named, or delete your override to use the built-in one")
            })
        })
        .collect();
    let mut hashes = InputHashes::default();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for result in made {
        match result {
            Ok((file, hash)) => {
                hashes.files.insert(file.path().to_owned(), hash);
                files.push(file);
            }
            Err(problem) => problems.push(problem),
        }
    }
    files.push(hashes.file(MANIFEST));
    (files, problems)
}

/// Every file of one package by its name in it, the manifest first (a platform finds it without
/// reading the whole archive); or the file to blame and what went wrong.
fn entries(
    sources: &Sources,
    flavour: Flavour,
    lang: &str,
    program: &Program,
) -> Result<Vec<(String, Member)>, (PathBuf, String)> {
    let course = sources.views.course(lang, program);
    let mut package = Package::new(sources, flavour, lang, program);
    let outline = package.outline(&course);
    let template = |name: &str| Path::new(THEME_DIR).join("templates").join(name);
    if let Some(error) = package.errors.first() {
        return Err((template(PAGE_TEMPLATE), error.clone()));
    }
    let render = |name: &str, ctx: &Context| {
        sources
            .tera
            .render(name, ctx)
            .map(|text| Member::Bytes(text.into_bytes()))
            .map_err(|err| (template(name), crate::diagnostic::error_chain(&err)))
    };
    let mut ctx = Context::new();
    ctx.insert("course", &outline);
    let manifest = match flavour {
        Flavour::Cartridge => render(CARTRIDGE_TEMPLATE, &ctx)?,
        Flavour::Scorm => render(SCORM_TEMPLATE, &ctx)?,
    };
    if flavour == Flavour::Scorm {
        let script = render(SCORM_SCRIPT_TEMPLATE, &Context::new())?;
        package.files.insert(SCORM_SCRIPT.to_owned(), script);
    }
    let mut entries = vec![("imsmanifest.xml".to_owned(), manifest)];
    entries.extend(std::mem::take(&mut package.files));
    Ok(entries)
}

/// What every package depends on beyond its own unit: the build's fingerprint, what links may
/// lead to (every lesson's headings included) and the bytes of every picture.
fn shared_key(sources: &Sources) -> Key {
    let project = sources.views.project;
    let mut hash = KeyHasher::new();
    hash.add(sources.fingerprint).add(cache::structure(project));
    for program in &project.programs {
        for lesson in &program.lessons {
            for (lang, doc) in lesson.docs.iter() {
                hash.add(lang).add(&doc.doc.anchors);
            }
        }
        for media in &program.media {
            let bytes = fs::read(project.media_file(&program.slug, media)).unwrap_or_default();
            hash.add(media).add(bytes);
        }
    }
    hash.key()
}

/// The hash of everything a package is made of, known before it is made: equal hashes mean equal
/// ZIP bytes, so that an unchanged package is copied without rendering its pages again. Beside the
/// [`shared_key`], its unit's files in every language (a page shows a translation's state), and
/// the PDFs and downloads of its unit and language, by their own input hashes and sizes.
fn input_key(sources: &Sources, shared: Key, (lang, program, flavour): Job) -> String {
    let mut hash = KeyHasher::new();
    hash.add(shared)
        .add(lang)
        .add(flavour == Flavour::Scorm)
        .add(&program.slug);
    let docs = (program.docs.values().map(|d| &d.doc)).chain(
        program
            .lessons
            .iter()
            .flat_map(|l| l.docs.values().map(|d| &d.doc)),
    );
    for doc in docs {
        hash.add(&doc.path).add(&doc.text);
    }
    let unit = format!("{lang}/{}/", program.slug);
    let own = |path: &&String| path.starts_with(&unit) || path.matches('/').count() == 1;
    for (path, size) in site::of_language(sources.views.downloads, lang).filter(|(p, _)| own(p)) {
        hash.add(path).add(size);
    }
    for (path, made) in site::of_language(&sources.pdf_hashes.files, lang).filter(|(p, _)| own(p)) {
        hash.add(path).add(made);
    }
    format!("{:032x}", hash.key())
}

/// The ZIP bytes of a package's entries.
fn zip(sources: &Sources, entries: &[(String, Member)]) -> Result<Vec<u8>, (PathBuf, String)> {
    let read = entries
        .iter()
        .map(|(name, member)| (name.clone(), read(sources, member)));
    output::zip_stored(read).map_err(|message| (sources.views.project.root.clone(), message))
}

/// The bytes of a member: made for the package, a PDF of the build, or an image of the
/// curriculum (by its site path `media/<program>/<file>`).
fn read<'m>(sources: &'m Sources, member: &'m Member) -> io::Result<Cow<'m, [u8]>> {
    let path = match member {
        Member::Bytes(bytes) => return Ok(Cow::Borrowed(bytes.as_slice())),
        Member::Site(path) => path,
    };
    if let Some(pdf) = sources.pdfs.get(path.as_str()) {
        return pdf.read();
    }
    let (program, file) = path
        .strip_prefix("media/")
        .and_then(|rest| rest.split_once('/'))
        .ok_or(io::ErrorKind::NotFound)?;
    let project = sources.views.project;
    fs::read(project.media_file(program, Path::new(file))).map(Cow::Owned)
}
