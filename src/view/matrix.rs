//! The DigComp matrix: which lesson teaches which competence, unit by unit, and what no lesson
//! covers.

use serde::Serialize;

use super::{Competence, Views};
use crate::content::model::{Lesson, Program};
use crate::digcomp::Framework;
use crate::site::{lesson_path, program_path, relative};

#[derive(Debug, Serialize)]
pub struct MatrixCompetence {
    pub code: &'static str,
    pub area: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct MatrixArea {
    pub code: &'static str,
    /// How many competence columns the area spans.
    pub span: usize,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct MatrixRow<'a> {
    pub number: u32,
    pub title: &'a str,
    /// One cell per competence: whether the lesson teaches it.
    pub cells: Vec<bool>,
    pub url: String,
}

/// How many of a unit's lessons teach a competence, and the shade (0–4) it gets.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub count: usize,
    pub heat: usize,
}

#[derive(Debug, Serialize)]
pub struct MatrixUnit<'a> {
    pub title: &'a str,
    pub url: String,
    pub rows: Vec<MatrixRow<'a>>,
    pub coverage: Vec<Coverage>,
    pub covered_text: String,
}

#[derive(Debug, Serialize)]
pub struct FrameworkView {
    pub name: String,
    pub citation: &'static str,
    pub licence: &'static str,
    pub url: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MatrixView<'a> {
    pub competences: Vec<MatrixCompetence>,
    pub areas: Vec<MatrixArea>,
    pub programs: Vec<MatrixUnit<'a>>,
    pub uncovered: Vec<Competence<'static>>,
    pub framework: FrameworkView,
}

impl<'a> Views<'a> {
    pub fn matrix(&self, path: &str, lang: &'a str) -> MatrixView<'a> {
        let words = self.words(lang);
        let framework = Framework::digcomp();
        let competences: Vec<(&'static str, &'static str)> = framework
            .competences()
            .map(|(a, c)| (a.code.as_str(), c.code.as_str()))
            .collect();
        let programs: Vec<MatrixUnit> = self
            .project
            .programs
            .iter()
            .filter(|p| p.lessons.iter().any(|l| !l.structure.digcomp.is_empty()))
            .map(|program| self.matrix_unit(path, lang, program, &competences))
            .collect();
        let uncovered = competences
            .iter()
            .enumerate()
            .filter(|(i, _)| programs.iter().all(|p| p.coverage[*i].count == 0))
            .map(|(_, (_, code))| Competence {
                code,
                title: words.digcomp_title(code),
            })
            .collect();
        MatrixView {
            competences: competences
                .iter()
                .map(|(area, code)| MatrixCompetence {
                    code,
                    area,
                    title: words.digcomp_title(code),
                })
                .collect(),
            areas: framework
                .areas
                .iter()
                .map(|a| MatrixArea {
                    code: &a.code,
                    span: a.competences.len(),
                    title: words.area_title(a),
                })
                .collect(),
            programs,
            uncovered,
            framework: FrameworkView {
                name: framework.name(),
                citation: &framework.citation,
                licence: &framework.licence,
                url: &framework.url,
            },
        }
    }

    fn matrix_unit(
        &self,
        path: &str,
        lang: &'a str,
        program: &'a Program,
        competences: &[(&str, &str)],
    ) -> MatrixUnit<'a> {
        let mut coverage = vec![0usize; competences.len()];
        let rows: Vec<MatrixRow> = program
            .lessons
            .iter()
            .map(|lesson| {
                let cells = cells(lesson, competences);
                for (count, hit) in coverage.iter_mut().zip(&cells) {
                    *count += usize::from(*hit);
                }
                MatrixRow {
                    number: lesson.number,
                    title: lesson.title(lang),
                    cells,
                    url: relative(path, &lesson_path(lang, &program.slug, &lesson.slug)),
                }
            })
            .collect();
        let max = coverage.iter().copied().max().unwrap_or(0).max(1);
        let covered = coverage.iter().filter(|&&n| n > 0).count();
        MatrixUnit {
            title: &program.docs.resolve(lang).item.text.title,
            url: relative(path, &program_path(lang, &program.slug)),
            rows,
            coverage: coverage
                .iter()
                .map(|&count| Coverage {
                    count,
                    heat: if count == 0 {
                        0
                    } else {
                        1 + (count * 3).div_ceil(max).min(3)
                    },
                })
                .collect(),
            covered_text: self
                .words(lang)
                .plural("matrix.covered", covered as u64)
                .replace("{total}", &competences.len().to_string()),
        }
    }
}

/// Whether the lesson teaches each competence, in the matrix's column order.
fn cells(lesson: &Lesson, competences: &[(&str, &str)]) -> Vec<bool> {
    competences
        .iter()
        .map(|(_, code)| lesson.structure.digcomp.iter().any(|c| c == code))
        .collect()
}
