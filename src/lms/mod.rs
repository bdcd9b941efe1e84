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

use crate::content::Bodies;
use crate::content::model::Program;
use crate::diagnostic::Diagnostic;
use crate::output;
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

/// What packages are made from: the views, the parsed bodies, the templates, and the files of
/// the site they take in (the PDFs the build made, by site path).
pub struct Sources<'a> {
    pub views: Views<'a>,
    pub bodies: &'a Bodies,
    pub tera: &'a tera::Tera,
    pub pdfs: BTreeMap<&'a str, &'a OutputFile>,
}

/// Both packages of every unit in every language, and the problems met making them.
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
    let made: Vec<Result<OutputFile, Diagnostic>> = work
        .par_iter()
        .map(|&(lang, program, flavour)| {
            let path = match flavour {
                Flavour::Cartridge => site::cartridge_path(lang, &program.slug),
                Flavour::Scorm => site::scorm_path(lang, &program.slug),
            };
            package_bytes(sources, flavour, lang, program)
                .map(|bytes| OutputFile::Bytes {
                    path: path.clone(),
                    bytes,
                })
                .map_err(|(file, message)| {
                    Diagnostic::error(file, format!("cannot make {path}: {message}")).hint(
                        "fix the template named, or delete your override to use the built-in one",
                    )
                })
        })
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for result in made {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems)
}

/// The ZIP bytes of one package, or the file to blame and what went wrong.
fn package_bytes(
    sources: &Sources,
    flavour: Flavour,
    lang: &str,
    program: &Program,
) -> Result<Vec<u8>, (PathBuf, String)> {
    let views = sources.views;
    let course = views.course(lang, program);
    let mut package = Package::new(sources, flavour, lang, program);
    let outline = package.outline(&course);
    let template = |name: &str| Path::new(THEME_DIR).join("templates").join(name);
    if let Some(error) = package.errors.first() {
        return Err((template(PAGE_TEMPLATE), error.clone()));
    }
    let manifest_template = match flavour {
        Flavour::Cartridge => CARTRIDGE_TEMPLATE,
        Flavour::Scorm => SCORM_TEMPLATE,
    };
    let mut ctx = Context::new();
    ctx.insert("course", &outline);
    let manifest = sources
        .tera
        .render(manifest_template, &ctx)
        .map_err(|err| {
            (
                template(manifest_template),
                crate::diagnostic::error_chain(&err),
            )
        })?;
    let mut files = std::mem::take(&mut package.files);
    if flavour == Flavour::Scorm {
        let script = sources
            .tera
            .render(SCORM_SCRIPT_TEMPLATE, &Context::new())
            .map_err(|err| {
                (
                    template(SCORM_SCRIPT_TEMPLATE),
                    crate::diagnostic::error_chain(&err),
                )
            })?;
        files.insert(SCORM_SCRIPT.to_owned(), Member::Bytes(script.into_bytes()));
    }
    // The manifest first: a platform finds it without reading the whole archive.
    let entries = std::iter::once((
        "imsmanifest.xml".to_owned(),
        Ok(Cow::Owned(manifest.into_bytes())),
    ))
    .chain(
        files
            .iter()
            .map(|(name, member)| (name.clone(), read(sources, member))),
    );
    output::zip_stored(entries).map_err(|message| (views.project.root.clone(), message))
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
