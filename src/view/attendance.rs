//! An attendance list of a course: one sheet per week of the unit's rhythm, each session with its
//! date, lesson and duration, a line per participant to sign on, and the trainer's signature.

use serde::Serialize;

use super::{Views, Words, date};
use crate::config::Language;
use crate::content::model::{Program, Rhythm};
use crate::date::Date;
use crate::plan;

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SessionColumn {
    pub number: u32,
    /// "Session 3".
    pub heading: String,
    pub date: Option<String>,
    /// The ISO date, for the CSV.
    pub iso_date: Option<String>,
    pub lesson: String,
    /// "part 1 of 2", for a lesson of several sessions.
    pub part: Option<String>,
    pub duration: String,
    pub minutes: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct WeekSheet {
    pub heading: String,
    pub sessions: Vec<SessionColumn>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AttendanceView<'p> {
    pub title: String,
    pub unit: String,
    pub paper: &'static str,
    pub lang: String,
    pub dir: &'static str,
    pub number: String,
    pub name: String,
    pub signature: String,
    pub trainer: String,
    pub date_label: String,
    pub lesson_label: String,
    pub duration_label: String,
    pub partnership: String,
    pub weeks: Vec<WeekSheet>,
    /// The participants' names; empty for a list to fill in by hand.
    pub names: Vec<&'p str>,
    /// How many numbered lines a sheet has.
    pub lines: usize,
}

impl Views<'_> {
    /// The attendance list of `program` in `language`; `dates` are the sessions' dates, when the
    /// course's start is known.
    pub fn attendance<'p>(
        &self,
        program: &Program,
        language: &Language,
        dates: &[Date],
        (names, lines): (Vec<&'p str>, usize),
    ) -> AttendanceView<'p> {
        let lang = language.code.as_str();
        let words = self.words(lang);
        let text = |key: &str| words.text(&format!("attendance.{key}"));
        let sessions = plan::sessions(&program.lessons);
        // A unit without a rhythm meets once a week.
        let rhythm = program.rhythm.unwrap_or(Rhythm {
            weeks: sessions.len() as u32,
            sessions_per_week: 1,
        });
        let weeks = plan::week_plan(&sessions, rhythm)
            .into_iter()
            .map(|week| WeekSheet {
                heading: text("week").replace("{number}", &week.number.to_string()),
                sessions: week
                    .sessions
                    .iter()
                    .map(|session| session_column(words, program, session, dates))
                    .collect(),
            })
            .collect();
        let site = &self.project.site;
        AttendanceView {
            title: format!("{} — {}", text("title"), program.title(lang)),
            unit: program.title(lang).to_owned(),
            paper: site.paper.typst_name(),
            lang: crate::config::iso_639(lang),
            dir: language.direction.as_str(),
            number: text("number"),
            name: text("name"),
            signature: text("signature"),
            trainer: text("trainer"),
            date_label: text("date"),
            lesson_label: text("lesson"),
            duration_label: text("duration"),
            partnership: words
                .text("certificate.partnership")
                .replace("{site}", site.title_in(lang)),
            lines: lines.max(names.len()),
            names,
            weeks,
        }
    }
}

/// One session of the list: its number, date, lesson and length.
fn session_column(
    words: Words,
    program: &Program,
    session: &plan::Session,
    dates: &[Date],
) -> SessionColumn {
    let lesson = &program.lessons[session.lesson];
    let minutes = lesson.structure.duration / session.parts.max(1);
    // Sessions are numbered from 1.
    let day = dates
        .get((session.number as usize).saturating_sub(1))
        .copied();
    SessionColumn {
        number: session.number,
        heading: words
            .text("attendance.session")
            .replace("{number}", &session.number.to_string()),
        date: day.map(|d| date(words, d)),
        iso_date: day.map(|d| d.to_string()),
        lesson: lesson.title(words.lang).to_owned(),
        part: (session.parts > 1).then(|| {
            words
                .text("program.part")
                .replace("{part}", &session.part.to_string())
                .replace("{parts}", &session.parts.to_string())
        }),
        duration: words.duration(minutes),
        minutes,
    }
}
