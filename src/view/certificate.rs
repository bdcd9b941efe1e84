//! What a certificate says about one person, in one or two languages: the unit, its hours, its
//! lessons and the DigComp competences it teaches, the dates and the issuer. Made for a course
//! office's own folder only: it holds a person's name.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Views, Words};
use crate::config::Language;
use crate::content::model::Program;
use crate::date::Date;
use crate::digcomp::Framework;
use crate::plan;
use crate::roster::Person;

/// The issuing institution, as the command line or the roster gives it.
#[derive(Debug, Clone, Default)]
pub struct Issuer {
    pub institution: Option<String>,
    pub place: Option<String>,
    /// The date of issue; left to fill in by hand when unknown.
    pub date: Option<Date>,
    /// The logo's path for the templates.
    pub logo: Option<String>,
}

/// A text with the language it is in: a lesson title may fall back to the source language.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Phrase {
    pub text: String,
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct TaughtCompetence {
    pub code: String,
    pub title: String,
    pub level: Option<String>,
}

/// Everything a certificate says in one language.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct CertificateText {
    pub lang: String,
    pub dir: &'static str,
    pub heading: String,
    pub confirms: String,
    pub completed: String,
    pub kind: String,
    pub unit: String,
    pub period: Option<String>,
    pub scope: String,
    pub attendance: Option<String>,
    pub contents: String,
    pub lessons: Vec<Phrase>,
    pub competences_label: String,
    pub competences: Vec<TaughtCompetence>,
    pub issued_by: String,
    pub place_date: String,
    pub signature: String,
    pub partnership: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct CertificateView<'p> {
    /// The document's title, which is all its metadata says: no name.
    pub title: String,
    pub name: &'p str,
    pub paper: &'static str,
    pub text: CertificateText,
    /// The same in a second language, beside the first.
    pub second: Option<CertificateText>,
    pub institution: Option<String>,
    pub place: Option<String>,
    /// The date of issue, written as the first language writes dates.
    pub issued: Option<String>,
    pub logo: Option<String>,
}

impl Views<'_> {
    /// The certificate of `person` for `program`, in `language` and, if given, `second` beside it.
    pub fn certificate<'p>(
        &self,
        program: &Program,
        person: &'p Person,
        (language, second): (&Language, Option<&Language>),
        issuer: &Issuer,
    ) -> CertificateView<'p> {
        let words = self.words(&language.code);
        let text = self.certificate_text(program, person, language);
        CertificateView {
            title: format!("{} — {}", text.heading, text.unit),
            name: &person.name,
            paper: self.project.site.paper.typst_name(),
            second: second
                .filter(|s| s.code != language.code)
                .map(|second| self.certificate_text(program, person, second)),
            text,
            institution: person.institution.clone().or(issuer.institution.clone()),
            place: person.place.clone().or(issuer.place.clone()),
            issued: issuer.date.or(person.end).map(|d| date(words, d)),
            logo: issuer.logo.clone(),
        }
    }

    fn certificate_text(
        &self,
        program: &Program,
        person: &Person,
        language: &Language,
    ) -> CertificateText {
        let lang = language.code.as_str();
        let words = self.words(lang);
        let text = |key: &str| words.text(&format!("certificate.{key}"));
        let (period, scope, attendance) = facts(words, program, person);
        let site = &self.project.site;
        CertificateText {
            lang: crate::config::iso_639(lang),
            dir: language.direction.as_str(),
            heading: text("title"),
            confirms: text("confirms"),
            completed: text("completed"),
            kind: words.text(&format!("kind.{}", program.kind.as_str())),
            unit: program.title(lang).to_owned(),
            period,
            scope,
            attendance,
            contents: text("contents"),
            lessons: program
                .lessons
                .iter()
                .map(|lesson| {
                    let doc = &lesson.docs.resolve(lang).item;
                    let language = site.language(&doc.doc.lang).unwrap_or(language);
                    Phrase {
                        text: doc.text.title.clone(),
                        lang: crate::config::iso_639(&language.code),
                        dir: language.direction.as_str(),
                    }
                })
                .collect(),
            competences_label: text("competences"),
            competences: competences(words, program),
            issued_by: text("issued_by"),
            place_date: text("place_date"),
            signature: text("signature"),
            partnership: text("partnership").replace("{site}", site.title_in(lang)),
        }
    }
}

/// When the person took part, how much the unit teaches, and how much of it she attended.
fn facts(
    words: Words,
    program: &Program,
    person: &Person,
) -> (Option<String>, String, Option<String>) {
    let text = |key: &str| words.text(&format!("certificate.{key}"));
    let period = match (person.start, person.end) {
        (Some(start), Some(end)) => Some(
            text("period")
                .replace("{start}", &date(words, start))
                .replace("{end}", &date(words, end)),
        ),
        _ => None,
    };
    let count_key = if program.kind.has_lesson_plans() {
        "units.lessons"
    } else {
        "units.chapters"
    };
    let scope = text("scope")
        .replace("{hours}", &words.duration(program.total_minutes()))
        .replace(
            "{lessons}",
            &words.plural(count_key, program.lessons.len() as u64),
        );
    let sessions = plan::session_count(&program.lessons);
    let attendance = person.attended.count().map(|attended| {
        text("attendance")
            .replace("{attended}", &attended.to_string())
            .replace("{sessions}", &sessions.to_string())
    });
    (period, scope, attendance)
}

/// A date as `lang` writes it.
pub fn date(words: Words, date: Date) -> String {
    date.format(&words.text("certificate.date_format"))
}

/// The competences the program's lessons teach, each at the highest level a lesson reaches.
fn competences(words: Words, program: &Program) -> Vec<TaughtCompetence> {
    let mut levels: BTreeMap<&str, Option<u8>> = BTreeMap::new();
    for lesson in &program.lessons {
        for code in &lesson.structure.digcomp {
            let level = levels.entry(code).or_default();
            *level = (*level).max(lesson.structure.level);
        }
    }
    let framework = Framework::digcomp();
    levels
        .into_iter()
        .map(|(code, level)| TaughtCompetence {
            code: code.to_owned(),
            title: words.digcomp_title(code),
            level: level.and_then(|l| framework.level(l)).map(|l| {
                words
                    .text("certificate.level")
                    .replace("{level}", &l.level.to_string())
            }),
        })
        .collect()
}
