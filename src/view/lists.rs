//! Pages that list lessons across units: every lesson with its filters, and every download.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{CoursePackages, KitLink, PdfLink, ProgramCard, Views, Words};
use crate::content::model::{Lesson, Program};
use crate::digcomp::Framework;
use crate::site::{self, lesson_path, relative};

/// The lesson filters offer "up to" each of these durations, in minutes, and "more than" the last.
const DURATION_STEPS: [u32; 5] = [60, 90, 120, 180, 240];

/// One choice of a filter: the value the rows carry, and what the reader sees.
#[derive(Debug, Serialize)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

/// The choices of the lesson filters. Only values some lesson has are offered, and no duration
/// that every lesson fits, so that no choice shows nothing or everything.
#[derive(Debug, Serialize)]
pub struct Filters<'a> {
    pub programs: Vec<Choice<&'a str>>,
    pub durations: Vec<Choice<String>>,
    pub areas: Vec<Choice<&'static str>>,
    pub levels: Vec<Choice<u8>>,
}

/// A lesson as a row of a list, with what the filters match.
#[derive(Debug, Serialize)]
pub struct LessonRow<'a> {
    pub program: &'a str,
    pub program_title: &'a str,
    pub number: u32,
    pub title: &'a str,
    pub url: String,
    pub duration: String,
    pub minutes: u32,
    pub level: Option<u8>,
    pub digcomp: &'a [String],
    /// The DigComp areas as the filters match them: `"1 5"`.
    pub areas: String,
}

#[derive(Debug, Serialize)]
pub struct LessonsView<'a> {
    pub lessons: Vec<LessonRow<'a>>,
    pub filters: Filters<'a>,
}

#[derive(Debug, Serialize)]
pub struct DownloadLesson<'a> {
    pub number: u32,
    pub title: &'a str,
    pub plan: Option<PdfLink>,
    pub handout: Option<PdfLink>,
    /// Its card sheets, in order.
    pub cards: Vec<PdfLink>,
}

#[derive(Debug, Serialize)]
pub struct DownloadUnit<'a> {
    pub card: ProgramCard<'a>,
    pub book: Option<PdfLink>,
    pub lms: Option<CoursePackages>,
    pub lessons: Vec<DownloadLesson<'a>>,
    /// Whether a lesson of the unit has card sheets: the table gets a column for them.
    pub has_cards: bool,
}

#[derive(Debug, Serialize)]
pub struct DownloadsView<'a> {
    pub units: Vec<DownloadUnit<'a>>,
    pub kit: Option<KitLink>,
}

/// The DigComp areas a lesson's competences belong to.
pub fn lesson_areas(lesson: &Lesson) -> Vec<&'static str> {
    let framework = Framework::digcomp();
    let mut codes: Vec<&str> = lesson
        .structure
        .digcomp
        .iter()
        .filter_map(|code| framework.area_of(code))
        .map(|area| area.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

impl<'a> Views<'a> {
    /// A lesson as a row of the lists, linking to its trainer page.
    pub fn lesson_row(
        &self,
        path: &str,
        lang: &'a str,
        program: &'a Program,
        lesson: &'a Lesson,
    ) -> LessonRow<'a> {
        LessonRow {
            program: &program.slug,
            program_title: program.title(lang),
            number: lesson.number,
            title: lesson.title(lang),
            url: relative(path, &lesson_path(lang, &program.slug, &lesson.slug)),
            duration: self.words(lang).duration(lesson.structure.duration),
            minutes: lesson.structure.duration,
            level: lesson.structure.level,
            digcomp: &lesson.structure.digcomp,
            areas: lesson_areas(lesson).join(" "),
        }
    }

    /// Every lesson with a lesson plan, from every unit, and the filters over them.
    pub fn lessons(&self, path: &str, lang: &'a str) -> LessonsView<'a> {
        let taught: Vec<(&'a Program, &'a Lesson)> = self
            .project
            .programs
            .iter()
            .filter(|p| p.kind.has_lesson_plans())
            .flat_map(|p| p.lessons.iter().map(move |l| (p, l)))
            .collect();
        LessonsView {
            lessons: taught
                .iter()
                .map(|(program, lesson)| self.lesson_row(path, lang, program, lesson))
                .collect(),
            filters: self.filters(lang, &taught),
        }
    }

    pub fn filters(&self, lang: &'a str, lessons: &[(&'a Program, &'a Lesson)]) -> Filters<'a> {
        let words = self.words(lang);
        let mut programs: Vec<&Program> = lessons.iter().map(|(p, _)| *p).collect();
        programs.dedup_by_key(|p| &p.slug);
        let programs = if programs.len() > 1 {
            programs
                .iter()
                .map(|p| Choice {
                    value: p.slug.as_str(),
                    label: p.title(lang).to_owned(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let minutes: Vec<u32> = lessons.iter().map(|(_, l)| l.structure.duration).collect();
        let framework = Framework::digcomp();
        let areas = framework
            .areas
            .iter()
            .filter(|a| {
                lessons
                    .iter()
                    .any(|(_, l)| lesson_areas(l).contains(&a.code.as_str()))
            })
            .map(|a| Choice {
                value: a.code.as_str(),
                label: format!("{}. {}", a.code, words.area_title(a)),
            })
            .collect();
        let levels: BTreeSet<u8> = lessons
            .iter()
            .filter_map(|(_, l)| l.structure.level)
            .collect();
        let levels = levels
            .into_iter()
            .filter_map(|n| framework.level(n))
            .map(|l| Choice {
                value: l.level,
                label: format!("{} · {}", l.level, words.band(l)),
            })
            .collect();
        Filters {
            programs,
            durations: durations(words, &minutes),
            areas,
            levels,
        }
    }

    pub fn downloads_view(&self, path: &str, lang: &'a str) -> DownloadsView<'a> {
        let units = self
            .project
            .programs
            .iter()
            .map(|program| {
                let lessons: Vec<DownloadLesson> = program
                    .lessons
                    .iter()
                    .map(|lesson| DownloadLesson {
                        number: lesson.number,
                        title: lesson.title(lang),
                        plan: self.pdf_link(
                            path,
                            &site::lesson_plan_path(lang, &program.slug, &lesson.slug),
                        ),
                        handout: self
                            .pdf_link(path, &site::handout_path(lang, &program.slug, &lesson.slug)),
                        cards: self.card_sheet_links(path, lang, program, lesson),
                    })
                    .collect();
                DownloadUnit {
                    card: self.card(path, lang, program),
                    book: self.pdf_link(path, &site::book_path(lang, &program.slug)),
                    lms: self.course_packages(path, lang, program),
                    has_cards: lessons.iter().any(|l| !l.cards.is_empty()),
                    lessons,
                }
            })
            .collect();
        DownloadsView {
            units,
            kit: self.kit_link(path, lang),
        }
    }
}

/// The duration choices for lessons of these lengths, in minutes.
fn durations(words: Words, minutes: &[u32]) -> Vec<Choice<String>> {
    let label = |key: &str, step: u32| words.text(key).replace("{duration}", &words.duration(step));
    let mut durations = Vec::new();
    let mut below = 0;
    for step in DURATION_STEPS {
        let count = minutes.iter().filter(|&&m| m <= step).count();
        if count > below && count < minutes.len() {
            durations.push(Choice {
                value: format!("0-{step}"),
                label: label("filters.up_to", step),
            });
        }
        below = count;
    }
    let longest = DURATION_STEPS[DURATION_STEPS.len() - 1];
    if below > 0 && below < minutes.len() {
        durations.push(Choice {
            value: format!("{}-", longest + 1),
            label: label("filters.more_than", longest),
        });
    }
    durations
}
