//! What a course office makes from its participant list (a roster): certificates and attendance
//! lists. They hold personal data of refugee women and their children, so they are made only
//! into a folder of their own, never into the website, a kit or the curriculum, and no message
//! names a person: rows are named by number, columns by name.

mod attendance;
mod certificates;

pub use attendance::{AttendanceOptions, attendance};
pub use certificates::{CertificateOptions, certificates};

use std::fs;
use std::path::{Path, PathBuf};

use crate::build::{self, Prepared};
use crate::config::Language;
use crate::content::Memo;
use crate::content::model::Program;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::output;
use crate::roster::{self, Roster};

/// Marks a folder as made by `certificates` or `attendance`: only such a folder (or an empty
/// one) is written into again.
pub const MARKER: &str = ".digifam-office";

/// A file of the office's folder (its name there and its bytes), or why it cannot be made.
type Made = Result<(String, Vec<u8>), Vec<Diagnostic>>;

/// What both commands are given.
#[derive(Debug, Clone)]
pub struct OfficeOptions {
    pub root: PathBuf,
    pub program: String,
    pub roster: Option<PathBuf>,
    /// The language of the documents; the site's default language when not given.
    pub lang: Option<String>,
    /// Where to write; a new folder named after the program, the kind and `today` otherwise.
    pub out: Option<PathBuf>,
    /// Today's date, for the default folder's name.
    pub today: String,
}

/// What a run made, and why not when it did not.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The folder written, when something was.
    pub out: Option<PathBuf>,
    /// The files written, relative to `out`.
    pub written: Vec<String>,
    /// Lines for the terminal: counts, and who got nothing and why, by row number only.
    pub summary: Vec<String>,
}

/// The loaded project, the unit, the language and the roster a command works on.
struct Course {
    prepared: Prepared,
    program: usize,
    language: Language,
    roster: Option<Roster>,
    out: PathBuf,
}

impl Course {
    fn program(&self) -> &Program {
        &self.prepared.project.programs[self.program]
    }

    /// Loads everything, or reports why not. `kind` names the default output folder.
    fn load(options: &OfficeOptions, kind: &str, diagnostics: &mut Diagnostics) -> Option<Course> {
        let out = out_folder(options, kind)
            .map_err(|d| diagnostics.push(d))
            .ok()?;
        let mut loaded = Diagnostics::default();
        let prepared = build::prepare(&options.root, &[], &Memo::default(), &mut loaded);
        // The content's warnings are for its authors; only what stops the documents counts here.
        diagnostics.extend(
            loaded
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned(),
        );
        let prepared = prepared.filter(|_| !loaded.has_errors())?;
        let project = &prepared.project;
        let Some(program) = project
            .programs
            .iter()
            .position(|p| p.slug == options.program)
        else {
            let slugs: Vec<&str> = project.programs.iter().map(|p| p.slug.as_str()).collect();
            diagnostics.push(
                Diagnostic::error(
                    "curriculum/site.yaml",
                    format!("there is no program `{}`", options.program),
                )
                .hint(
                    match crate::diagnostic::did_you_mean(&options.program, slugs.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("the programs are: {}", slugs.join(", ")),
                    },
                ),
            );
            return None;
        };
        let language = language(project, options.lang.as_deref(), "--lang", diagnostics)?;
        let roster = match &options.roster {
            Some(path) => Some(roster::read(&options.root, path, diagnostics)?),
            None => None,
        };
        Some(Course {
            prepared,
            program,
            language,
            roster,
            out,
        })
    }

    /// Writes `files` (name in the folder, bytes) into the output folder, with its marker.
    fn write(&self, files: &[(String, Vec<u8>)], report: &mut Report) {
        let written = fs::create_dir_all(&self.out)
            .and_then(|()| {
                fs::write(
                    self.out.join(MARKER),
                    b"made by digifam: certificates and attendance lists\n",
                )
            })
            .and_then(|()| {
                for (name, bytes) in files {
                    let path = self.out.join(name);
                    if let Some(folder) = path.parent() {
                        fs::create_dir_all(folder)?;
                    }
                    fs::write(&path, bytes)?;
                    report.written.push(name.clone());
                }
                Ok(())
            });
        match written {
            Ok(()) => report.out = Some(self.out.clone()),
            Err(err) => report.diagnostics.push(
                Diagnostic::error(&self.out, format!("cannot write the documents: {err}"))
                    .hint("check that the folder is writable and the disk is not full"),
            ),
        }
    }
}

/// The site language `code` names (the default language when `None`).
fn language(
    project: &crate::content::model::Project,
    code: Option<&str>,
    flag: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Language> {
    let site = &project.site;
    let code = code.unwrap_or(&site.default_language);
    let found = site.language(code).cloned();
    if found.is_none() {
        let codes: Vec<&str> = site.languages.iter().map(|l| l.code.as_str()).collect();
        diagnostics.push(
            Diagnostic::error(
                "curriculum/site.yaml",
                format!("{flag} {code}: the site has no language `{code}`"),
            )
            .hint(format!("the site's languages are: {}", codes.join(", "))),
        );
    }
    found
}

/// The folder to write into: `--out`, or a new folder named after the program and the date in
/// the current folder. Refused inside a published site, the curriculum or the theme, and when it
/// holds files digifam did not put there.
fn out_folder(options: &OfficeOptions, kind: &str) -> Result<PathBuf, Diagnostic> {
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-{kind}-{}", options.program, options.today)));
    let refuse = |reason: &str| {
        Diagnostic::error(&out, format!("refusing to write personal data into {}: {reason}", out.display()))
            .hint("choose a folder of its own outside the project's curriculum/ and outside any published site, e.g. `--out ~/course-office/2027-spring`")
    };
    let absolute = |path: &Path| output::absolute(path).map_err(|err| refuse(&err.to_string()));
    let (out_abs, root) = (absolute(&out)?, absolute(&options.root)?);
    for ancestor in out_abs.ancestors() {
        if ancestor.join(output::MARKER).is_file() {
            return Err(refuse(
                "it lies inside a site digifam built, which is published",
            ));
        }
    }
    for (folder, what) in [
        (crate::content::CONTENT_DIR, "the curriculum"),
        ("public", "the website's output folder"),
        ("themes", "the theme"),
        ("locales", "the UI strings"),
    ] {
        if out_abs.starts_with(root.join(folder)) {
            return Err(refuse(&format!("it lies inside {what} ({folder}/)")));
        }
    }
    if root.starts_with(&out_abs) {
        return Err(refuse("it contains the project"));
    }
    if out_abs.exists() {
        let empty = fs::read_dir(&out_abs).map(|mut entries| entries.next().is_none());
        match empty {
            Err(_) => return Err(refuse("it is not a folder digifam can read")),
            Ok(false) if !out_abs.join(MARKER).is_file() => {
                return Err(refuse(
                    "the folder is not empty and was not made by digifam",
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(out)
}

/// A date given on the command line (`--start 2027-02-01`), or the message saying it is not one.
fn flag_date(root: &Path, flag: &str, text: &str) -> Result<crate::date::Date, Diagnostic> {
    crate::date::Date::parse(text).ok_or_else(|| {
        Diagnostic::error(root, format!("{flag} {text}: this is not a date"))
            .hint("write dates as 2027-02-01 or 01.02.2027")
    })
}

/// A file name for a person's document: the row number and an ASCII form of the name, with no
/// path separator and no `..`, so that no name can lead out of the folder.
fn person_file(row: usize, name: &str) -> String {
    format!("{row:04}-{}", crate::site::file_slug(name, "person"))
}
