//! The translation status page, for authors: per unit and language, which translations are up to
//! date, outdated, of unknown version or missing.

use serde::Serialize;

use super::{Inline, Views};
use crate::content::model::Program;
use crate::site::{lesson_path, program_path, relative};
use crate::translation::{self, Counts, Row, State};

#[derive(Debug, Serialize)]
pub struct StatusLanguage<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    /// How many files are in each state, in the order of [`State::ALL`].
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct StatusCell {
    pub lang: String,
    pub state: &'static str,
    pub label: String,
    pub file: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub title: String,
    pub url: String,
    pub source: String,
    pub cells: Vec<StatusCell>,
}

#[derive(Debug, Serialize)]
pub struct StatusUnit<'a> {
    pub title: &'a str,
    pub url: String,
    pub rows: Vec<StatusRow>,
}

#[derive(Debug, Serialize)]
pub struct StateView<'a> {
    pub state: &'static str,
    pub label: String,
    pub help: Inline<'a>,
}

#[derive(Debug, Serialize)]
pub struct StatusView<'a> {
    pub languages: Vec<StatusLanguage<'a>>,
    pub programs: Vec<StatusUnit<'a>>,
    pub states: Vec<StateView<'a>>,
}

impl<'a> Views<'a> {
    pub fn status(&self, path: &str, lang: &'a str) -> StatusView<'a> {
        let words = self.words(lang);
        let site = &self.project.site;
        let mut all_rows = Vec::new();
        let programs = self
            .project
            .programs
            .iter()
            .map(|program| {
                let rows = translation::program_rows(self.project, program);
                let unit = StatusUnit {
                    title: program.title(lang),
                    url: relative(path, &program_path(lang, &program.slug)),
                    rows: rows
                        .iter()
                        .map(|row| self.status_row(path, lang, program, row))
                        .collect(),
                };
                all_rows.extend(rows);
                unit
            })
            .collect();
        let languages = translation::translation_languages(site)
            .filter_map(|code| site.language(code))
            .map(|l| {
                let counts = Counts::of(&all_rows, &l.code);
                StatusLanguage {
                    code: &l.code,
                    name: &l.name,
                    dir: l.direction.as_str(),
                    counts: State::ALL.iter().map(|s| counts.get(*s)).collect(),
                    total: counts.total(),
                }
            })
            .collect();
        let states = State::ALL
            .iter()
            .map(|s| StateView {
                state: s.as_str(),
                label: words.text(&format!("status.{}", s.as_str())),
                help: Inline::from(words.text(&format!("status.{}_help", s.as_str()))),
            })
            .collect();
        StatusView {
            languages,
            programs,
            states,
        }
    }

    fn status_row(&self, path: &str, lang: &'a str, program: &Program, row: &Row) -> StatusRow {
        let words = self.words(lang);
        let lesson = row.lesson.as_deref().and_then(|slug| program.lesson(slug));
        let (title, url) = match lesson {
            Some(lesson) => (
                format!("{}. {}", lesson.number, lesson.title(lang)),
                lesson_path(lang, &program.slug, &lesson.slug),
            ),
            None => (
                program.title(lang).to_owned(),
                program_path(lang, &program.slug),
            ),
        };
        StatusRow {
            title,
            url: relative(path, &url),
            source: row.source.display().to_string(),
            cells: row
                .cells
                .iter()
                .map(|cell| StatusCell {
                    lang: cell.lang.clone(),
                    state: cell.state.as_str(),
                    label: words.text(&format!("status.{}", cell.state.as_str())),
                    file: cell.file.as_ref().map(|f| f.display().to_string()),
                })
                .collect(),
        }
    }
}
