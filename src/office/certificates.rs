//! `digifam certificates`: a certificate for every person of the roster who meets the unit's
//! attendance rule, one PDF each and one to print them all; the others are listed with the
//! reason, by row.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Course, Made, OfficeOptions, Report, flag_date, language, person_file};
use crate::config::Language;
use crate::content::model::Program;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pdf::{Forms, logo_file};
use crate::plan;
use crate::roster::{Person, Roster};
use crate::view::{Issuer, Views};

#[derive(Debug, Clone)]
pub struct CertificateOptions {
    pub office: OfficeOptions,
    /// A second language beside the first (`--second-lang ar`); otherwise each person's
    /// `language` column, when it names another language of the site.
    pub second_lang: Option<String>,
    pub institution: Option<String>,
    pub place: Option<String>,
    /// The date of issue, as written on the command line; each person's end date otherwise.
    pub date: Option<String>,
    pub logo: Option<PathBuf>,
}

/// Why a person gets no certificate, in words without her name.
fn not_earned(program: &Program, person: &Person) -> Option<String> {
    let rule = program.certificate?;
    let sessions = plan::session_count(&program.lessons);
    let Some(attended) = person.attended.count() else {
        return Some("the list does not say how many sessions she attended".to_owned());
    };
    let needed = (u64::from(rule.attendance) * u64::from(sessions)).div_ceil(100);
    (u64::from(attended) < needed).then(|| {
        format!(
            "attended {attended} of {sessions} sessions; the certificate needs {needed} ({} %)",
            rule.attendance
        )
    })
}

/// Makes the certificates into the office's folder; nothing is written when anything is wrong.
pub fn certificates(
    options: &CertificateOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    let mut report = Report::default();
    let Some(course) = Course::load(&options.office, "certificates", &mut report.diagnostics)
    else {
        return report;
    };
    let Some(roster) = &course.roster else {
        report.diagnostics.push(
            Diagnostic::error(
                &options.office.root,
                "certificates need the participant list",
            )
            .hint("add `--roster people.csv` (CSV, .xlsx or .ods with at least a `name` column)"),
        );
        return report;
    };
    let issuer = issuer(options, &mut report.diagnostics);
    let second = options.second_lang.as_deref().and_then(|code| {
        let project = &course.prepared.project;
        language(
            project,
            Some(code),
            "--second-lang",
            &mut report.diagnostics,
        )
    });
    let program = course.program();
    check_counts(program, roster, &mut report.diagnostics);
    let (Some((issuer, logo)), false) = (issuer, report.diagnostics.has_errors()) else {
        return report;
    };
    let earned: Vec<&Person> = roster
        .people
        .iter()
        .filter(|person| match not_earned(program, person) {
            Some(reason) => {
                let line = format!("no certificate for row {}: {reason}", person.row);
                report.summary.push(line);
                false
            }
            None => true,
        })
        .collect();
    let forms = Forms::new(&course.prepared.assets, logo.as_deref());
    let issuer = Issuer {
        logo: forms.logo.clone(),
        ..issuer
    };
    let mut files = Vec::new();
    for result in typeset(
        &forms,
        &course,
        (&earned, second.as_ref()),
        &issuer,
        progress,
    ) {
        match result {
            Ok(file) => files.push(file),
            Err(problems) => report.diagnostics.extend(problems),
        }
    }
    files.push((
        format!("summary-{}.csv", program.slug),
        summary_csv(program, &roster.people),
    ));
    if report.diagnostics.has_errors() {
        return report;
    }
    let count = format!(
        "{} of {} people on the list get a certificate ({}, {})",
        earned.len(),
        roster.people.len(),
        program.slug,
        course.language.code
    );
    report.summary.insert(0, count);
    course.write(&files, &mut report);
    report
}

/// An attendance count above the unit's sessions is a mistake in the list.
fn check_counts(program: &Program, roster: &Roster, diagnostics: &mut Diagnostics) {
    let sessions = plan::session_count(&program.lessons);
    for person in &roster.people {
        if person.attended.count().is_some_and(|n| n > sessions) {
            diagnostics.push(
                Diagnostic::error(
                    &roster.file,
                    format!(
                        "row {}, column `attended`: more sessions than the unit has ({sessions})",
                        person.row
                    ),
                )
                .at(person.row, 0)
                .hint("count the sessions the person attended; the unit has no more"),
            );
        }
    }
}

/// The certificate of everyone in `earned`, one PDF each, then all of them in one PDF.
fn typeset(
    forms: &Forms,
    course: &Course,
    (earned, second): (&[&Person], Option<&Language>),
    issuer: &Issuer,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Made> {
    let (program, project) = (course.program(), &course.prepared.project);
    let views = Views {
        project,
        catalog: &course.prepared.catalog,
        downloads: &crate::site::NO_DOWNLOADS,
    };
    let data: Vec<serde_json::Value> = earned
        .iter()
        .map(|person| {
            let own = person
                .language
                .as_deref()
                .and_then(|c| project.site.language(c));
            let languages = (&course.language, second.or(own));
            let view = views.certificate(program, person, languages, issuer);
            serde_json::to_value(view).unwrap_or_default()
        })
        .collect();
    let roster = course
        .roster
        .as_ref()
        .map_or(Path::new(""), |r| r.file.as_path());
    let (done, total) = (AtomicUsize::new(0), data.len() + 1);
    progress(0, total);
    let mut made: Vec<Made> = earned
        .par_iter()
        .zip(&data)
        .map(|(person, data)| {
            let name = format!("certificates/{}.pdf", person_file(person.row, &person.name));
            let ident = format!("certificate-{}-row-{}", program.slug, person.row);
            let result = forms.make(("certificate.typ", "certificate"), data, &ident, roster);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            result.map(|(bytes, _)| (name, bytes))
        })
        .collect();
    made.push(combined(forms, program, course, data, roster));
    progress(total, total);
    made
}

/// Every certificate in one PDF, to print.
fn combined(
    forms: &Forms,
    program: &Program,
    course: &Course,
    items: Vec<serde_json::Value>,
    roster: &Path,
) -> Made {
    let words = crate::view::Words::new(&course.prepared.catalog, &course.language.code);
    let data = serde_json::json!({
        "title": format!("{} — {}", words.text("certificate.title"), program.title(&course.language.code)),
        "paper": course.prepared.project.site.paper.typst_name(),
        "items": items,
    });
    let name = format!("certificates-{}-{}.pdf", program.slug, course.language.code);
    let ident = format!("certificates-{}", program.slug);
    forms
        .make(("certificate.typ", "certificates"), &data, &ident, roster)
        .map(|(bytes, _)| (name, bytes))
}

/// Who got a certificate and who did not, for the office's records (it names people, so it
/// stays in the office's folder).
fn summary_csv(program: &Program, people: &[Person]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = writer.write_record(["row", "name", "certificate", "reason"]);
    for person in people {
        let reason = not_earned(program, person);
        let row = person.row.to_string();
        let earned = if reason.is_none() { "yes" } else { "no" };
        let _ = writer.write_record([
            row.as_str(),
            &person.name,
            earned,
            reason.as_deref().unwrap_or(""),
        ]);
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(writer.into_inner().unwrap_or_default());
    bytes
}

/// The issuer from the command line with the date parsed, and the logo's file, checked.
fn issuer(
    options: &CertificateOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Issuer, Option<PathBuf>)> {
    let root = &options.office.root;
    let mut ok = true;
    let date = options.date.as_deref().and_then(|text| {
        flag_date(root, "--date", text)
            .map_err(|problem| {
                ok = false;
                diagnostics.push(problem);
            })
            .ok()
    });
    let logo = options
        .logo
        .as_deref()
        .and_then(|path| match logo_file(path) {
            Ok(path) => Some(path),
            Err(message) => {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(path, message)
                        .hint("give an image file with --logo, or leave it out"),
                );
                None
            }
        });
    let issuer = Issuer {
        institution: options.institution.clone(),
        place: options.place.clone(),
        date,
        logo: None,
    };
    ok.then_some((issuer, logo))
}
