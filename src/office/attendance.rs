//! `digifam attendance`: the attendance list of a course, one sheet per week with the sessions'
//! dates, lessons and durations and a line per participant (or numbered empty lines), as a PDF to
//! print and a CSV of the same table for the funder's report.

use super::{Course, OfficeOptions, Report, flag_date};
use crate::date::{Date, Weekday};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pdf::Forms;
use crate::plan;
use crate::roster::{Attended, Person};
use crate::view::{AttendanceView, Views};

#[derive(Debug, Clone)]
pub struct AttendanceOptions {
    pub office: OfficeOptions,
    /// The first session's date, as written on the command line; no dates without it.
    pub start: Option<String>,
    /// The course days of a week (`mon`, `thu`); the start's weekday when none are given.
    pub weekdays: Vec<String>,
    /// Days without a session (holidays), as written on the command line.
    pub skip: Vec<String>,
    /// Numbered lines per sheet when there is no roster.
    pub lines: usize,
}

/// The course's days from the command line, or the reasons they cannot be read.
fn schedule(
    options: &AttendanceOptions,
    sessions: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Date>> {
    let root = &options.office.root;
    let mut ok = true;
    let mut date = |flag: &str, text: &str| {
        flag_date(root, flag, text)
            .map_err(|problem| {
                ok = false;
                diagnostics.push(problem);
            })
            .ok()
    };
    let start = options
        .start
        .as_deref()
        .and_then(|text| date("--start", text));
    let skip: Vec<Date> = options
        .skip
        .iter()
        .filter_map(|text| date("--skip", text))
        .collect();
    let mut weekdays = Vec::new();
    for name in &options.weekdays {
        for part in name.split(',').filter(|p| !p.trim().is_empty()) {
            match Weekday::from_short(part) {
                Some(day) => weekdays.push(day),
                None => {
                    ok = false;
                    diagnostics.push(
                        Diagnostic::error(root, format!("--weekdays {part}: this is not a day of the week"))
                            .hint("name the course days by their first three letters in English: mon,tue,wed,thu,fri,sat,sun"),
                    );
                }
            }
        }
    }
    if !ok {
        return None;
    }
    if !options.skip.is_empty() && start.is_none() {
        diagnostics.push(
            Diagnostic::error(
                root,
                "--skip needs --start: without the first date there are no dates to skip",
            )
            .hint("add --start with the date of the first session"),
        );
        return None;
    }
    Some(start.map_or_else(Vec::new, |start| {
        plan::session_dates(sessions, start, &weekdays, &skip)
    }))
}

/// Makes the attendance list into the office's folder; nothing is written when anything is wrong.
pub fn attendance(options: &AttendanceOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Report {
    let mut report = Report::default();
    let Some(course) = Course::load(&options.office, "attendance", &mut report.diagnostics) else {
        return report;
    };
    let program = course.program();
    let sessions = plan::session_count(&program.lessons) as usize;
    let Some(dates) = schedule(options, sessions, &mut report.diagnostics) else {
        return report;
    };
    let people: &[Person] = course.roster.as_ref().map_or(&[], |r| r.people.as_slice());
    let views = Views {
        project: &course.prepared.project,
        catalog: &course.prepared.catalog,
        downloads: &crate::site::NO_DOWNLOADS,
    };
    let names = people.iter().map(|p| p.name.as_str()).collect();
    let view = views.attendance(program, &course.language, &dates, (names, options.lines));
    progress(0, 1);
    let forms = Forms::new(&course.prepared.assets, None);
    let data = serde_json::to_value(&view).unwrap_or_default();
    let source = course
        .roster
        .as_ref()
        .map_or(options.office.root.clone(), |r| r.file.clone());
    let ident = format!("attendance-{}", program.slug);
    let pdf = forms.make(("attendance.typ", "attendance"), &data, &ident, &source);
    progress(1, 1);
    let pdf = match pdf {
        Ok((bytes, _)) => bytes,
        Err(problems) => {
            report.diagnostics.extend(problems);
            return report;
        }
    };
    let stem = format!("attendance-{}-{}", program.slug, course.language.code);
    let files = vec![
        (format!("{stem}.pdf"), pdf),
        (format!("{stem}.csv"), table(&view, people)),
    ];
    report.summary.push(format!(
        "{} sessions in {} weeks, {} ({}, {})",
        sessions,
        view.weeks.len(),
        if people.is_empty() {
            format!("{} empty lines per sheet", view.lines)
        } else {
            format!("{} people", people.len())
        },
        program.slug,
        course.language.code
    ));
    course.write(&files, &mut report);
    report
}

/// The attendance as a table, one row per session: its number, date, lesson and minutes, then a
/// column per person holding `x` where the roster marks the session attended. UTF-8 with a byte
/// order mark and `;` between cells, as Excel opens it in German-speaking countries.
fn table(view: &AttendanceView, people: &[Person]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = vec![
        "session".to_owned(),
        "date".to_owned(),
        "lesson".to_owned(),
        "minutes".to_owned(),
    ];
    header.extend(people.iter().map(|p| p.name.clone()));
    let _ = writer.write_record(&header);
    for session in view.weeks.iter().flat_map(|w| &w.sessions) {
        let mut row = vec![
            session.number.to_string(),
            session.iso_date.clone().unwrap_or_default(),
            match &session.part {
                Some(part) => format!("{} ({part})", session.lesson),
                None => session.lesson.clone(),
            },
            session.minutes.to_string(),
        ];
        row.extend(people.iter().map(|person| match &person.attended {
            Attended::Sessions(marks) => {
                let attended = marks
                    .get((session.number as usize).saturating_sub(1))
                    .copied()
                    .unwrap_or(false);
                if attended { "x" } else { "" }.to_owned()
            }
            _ => String::new(),
        }));
        let _ = writer.write_record(&row);
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(writer.into_inner().unwrap_or_default());
    bytes
}
