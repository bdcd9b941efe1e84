//! A program (a unit of the curriculum): its card on the home and downloads pages and on the cover
//! of its book, its own page with the lesson list and week plan, and its overview.

use serde::Serialize;

use super::page::{Content, Parts};
use super::{CoursePackages, Filters, Inline, PdfLink, Views, Words, content_language, jsonld};
use crate::content::model::{Kind, Lesson, Program, Rhythm};
use crate::plan;
use crate::site::{
    self, OverviewPart, lesson_path, overview_path, participant_path, program_path, relative,
};

#[derive(Debug, Clone, Serialize)]
pub struct ProgramCard<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub audience: &'a str,
    pub duration: &'a str,
    pub kind: &'static str,
    pub kind_label: String,
    /// The unit page, relative to the page the card is on.
    pub url: String,
    /// "16 lessons" or "9 chapters".
    pub count: String,
    /// The lesson plans' total time, for programs that have lesson plans.
    pub hours: Option<String>,
    pub translated: bool,
}

impl<'a> ProgramCard<'a> {
    /// The card of `program` on the page at `page_path`.
    pub fn new(words: Words, program: &'a Program, page_path: &str) -> Self {
        let resolved = program.docs.resolve(words.lang);
        let text = &resolved.item.text;
        let count_key = if program.kind == Kind::Guide {
            "units.chapters"
        } else {
            "units.lessons"
        };
        ProgramCard {
            slug: &program.slug,
            title: &text.title,
            summary: &text.summary,
            audience: &text.audience,
            duration: &text.duration,
            kind: program.kind.as_str(),
            kind_label: words.text(&format!("kind.{}", program.kind.as_str())),
            url: relative(page_path, &program_path(words.lang, &program.slug)),
            count: words.plural(count_key, program.lessons.len() as u64),
            hours: program
                .kind
                .has_lesson_plans()
                .then(|| words.duration(program.total_minutes())),
            translated: resolved.translated,
        }
    }
}

/// A lesson in its unit's list, on the running clock of the unit.
#[derive(Debug, Serialize)]
pub struct UnitLesson<'a> {
    pub number: u32,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub participant_url: String,
    pub duration: String,
    pub sessions: u32,
    pub start: String,
    pub end: String,
    pub level: Option<u8>,
    pub digcomp: &'a [String],
    pub translated: bool,
    pub minutes: u32,
    pub areas: String,
}

/// One course session in the week plan.
/// The sessions of a week that teach one lesson: "Sessions 1–2 · 1. Switching on".
#[derive(Debug, Serialize)]
pub struct PlannedSession<'a> {
    pub number: u32,
    /// "Session 3", or "Sessions 1–2" when the lesson fills more than one session of the week.
    pub sessions_text: String,
    /// "Part 1 of 2", when the lesson goes on in another week.
    pub part_text: Option<String>,
    pub title: &'a str,
    pub lesson_number: u32,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PlannedWeek<'a> {
    pub number: u32,
    pub sessions: Vec<PlannedSession<'a>>,
}

/// A unit's own page, besides its introduction (which each output renders from the document).
#[derive(Debug, Serialize)]
pub struct ProgramPage<'a> {
    pub program: ProgramCard<'a>,
    pub lessons: Vec<UnitLesson<'a>>,
    pub filters: Option<Filters<'a>>,
    /// The lesson plans' total time.
    pub total: String,
    pub has_plans: bool,
    pub overview_url: String,
    pub pdf: Option<PdfLink>,
    pub lms: Option<CoursePackages>,
    pub weeks: Option<Vec<PlannedWeek<'a>>>,
    pub rhythm: Option<Rhythm>,
}

#[derive(Debug, Serialize)]
pub struct OverviewLesson<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: String,
    pub objectives: Vec<Inline<'a>>,
    pub preparation: Inline<'a>,
}

/// A lesson that names a material or a key word.
#[derive(Debug, Clone, Serialize)]
pub struct LessonRef {
    pub number: u32,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct Material<'a> {
    pub item: Inline<'a>,
    pub lessons: Vec<LessonRef>,
}

#[derive(Debug, Serialize)]
pub struct GlossaryEntry<'a> {
    pub term: &'a str,
    pub definition: Option<&'a str>,
    pub number: u32,
    pub url: String,
}

/// A link from one part of a unit's overview to the others.
#[derive(Debug, Serialize)]
pub struct OverviewPartLink {
    pub name: &'static str,
    pub label: String,
    pub url: String,
    pub current: bool,
}

/// One part of a unit's overview: every objective with the preparation, the checklist of
/// materials, or the glossary. The other parts' lists are empty.
#[derive(Debug, Serialize)]
pub struct OverviewView<'a> {
    #[serde(skip)]
    pub title: String,
    pub program: ProgramCard<'a>,
    pub part: &'static str,
    pub parts: Vec<OverviewPartLink>,
    pub lessons: Vec<OverviewLesson<'a>>,
    pub materials: Vec<Material<'a>>,
    pub glossary: Vec<GlossaryEntry<'a>>,
}

impl<'a> Views<'a> {
    pub(super) fn program_page(
        &self,
        path: &str,
        lang: &'a str,
        program: &'a Program,
    ) -> Parts<'a> {
        let site = &self.project.site;
        let words = self.words(lang);
        let resolved = program.docs.resolve(lang);
        let (language, notice) =
            content_language(site, words, &resolved.item.doc, resolved.translated, false);
        let has_plans = program.kind.has_lesson_plans();
        let taught: Vec<(&Program, &Lesson)> =
            program.lessons.iter().map(|l| (program, l)).collect();
        let shown = ProgramPage {
            program: self.card(path, lang, program),
            lessons: self.unit_lessons(path, lang, program),
            filters: has_plans.then(|| self.filters(lang, &taught)),
            total: words.duration(program.total_minutes()),
            has_plans,
            overview_url: relative(
                path,
                &overview_path(lang, &program.slug, OverviewPart::Objectives),
            ),
            pdf: self.pdf_link(path, &site::book_path(lang, &program.slug)),
            lms: self.course_packages(path, lang, program),
            weeks: program
                .rhythm
                .map(|rhythm| self.weeks(path, lang, program, rhythm)),
            rhythm: program.rhythm,
        };
        let position = self
            .project
            .programs
            .iter()
            .position(|p| p.slug == program.slug);
        let neighbour = |p: Option<&Program>| p.map(|p| self.program_link(path, lang, p));
        Parts {
            title: resolved.item.text.title.clone(),
            description: Some(resolved.item.text.summary.clone()),
            content: Content::Program(Box::new(shown)),
            language: Some(language),
            notice,
            prev: neighbour(
                position
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| self.project.programs.get(i)),
            ),
            next: neighbour(position.and_then(|i| self.project.programs.get(i + 1))),
            json_ld: Some(jsonld::course(self, lang, program)),
        }
    }

    fn unit_lessons(&self, path: &str, lang: &'a str, program: &'a Program) -> Vec<UnitLesson<'a>> {
        let words = self.words(lang);
        let mut running = 0;
        program
            .lessons
            .iter()
            .map(|lesson| {
                let start = running;
                running += lesson.structure.duration;
                let resolved = lesson.docs.resolve(lang);
                UnitLesson {
                    number: lesson.number,
                    title: &resolved.item.text.title,
                    summary: &resolved.item.text.summary,
                    url: relative(path, &lesson_path(lang, &program.slug, &lesson.slug)),
                    participant_url: relative(
                        path,
                        &participant_path(lang, &program.slug, &lesson.slug),
                    ),
                    duration: words.duration(lesson.structure.duration),
                    sessions: lesson.structure.sessions,
                    start: plan::clock(start),
                    end: plan::clock(running),
                    level: lesson.structure.level,
                    digcomp: &lesson.structure.digcomp,
                    translated: resolved.translated,
                    minutes: lesson.structure.duration,
                    areas: super::lists::lesson_areas(lesson).join(" "),
                }
            })
            .collect()
    }

    fn weeks(
        &self,
        path: &str,
        lang: &'a str,
        program: &'a Program,
        rhythm: Rhythm,
    ) -> Vec<PlannedWeek<'a>> {
        let words = self.words(lang);
        plan::week_plan(&plan::sessions(&program.lessons), rhythm)
            .into_iter()
            .map(|week| PlannedWeek {
                number: week.number,
                sessions: week
                    .sessions
                    .chunk_by(|a, b| a.lesson == b.lesson)
                    .map(|group| {
                        let (first, last) = (&group[0], &group[group.len() - 1]);
                        let lesson = &program.lessons[first.lesson];
                        let range = |a: u32, b: u32| {
                            if a == b {
                                a.to_string()
                            } else {
                                format!("{a}–{b}")
                            }
                        };
                        let whole = first.part == 1 && last.part == last.parts;
                        PlannedSession {
                            number: first.number,
                            sessions_text: format!(
                                "{} {}",
                                words.text(if group.len() > 1 {
                                    "program.sessions"
                                } else {
                                    "program.session"
                                }),
                                range(first.number, last.number)
                            ),
                            part_text: (!whole).then(|| {
                                words
                                    .text("program.part")
                                    .replace("{part}", &range(first.part, last.part))
                                    .replace("{parts}", &last.parts.to_string())
                            }),
                            title: lesson.title(lang),
                            lesson_number: lesson.number,
                            url: relative(path, &lesson_path(lang, &program.slug, &lesson.slug)),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn overview(
        &self,
        path: &str,
        lang: &'a str,
        program: &'a Program,
        part: OverviewPart,
    ) -> OverviewView<'a> {
        let mut materials: Vec<Material> = Vec::new();
        let mut glossary: Vec<GlossaryEntry> = Vec::new();
        let mut lessons = Vec::new();
        for lesson in &program.lessons {
            let text = &lesson.docs.resolve(lang).item.text;
            let url = relative(path, &lesson_path(lang, &program.slug, &lesson.slug));
            let reference = LessonRef {
                number: lesson.number,
                url: url.clone(),
            };
            // Each part gathers only what it shows: the three are rendered as separate pages.
            match part {
                OverviewPart::Materials => {
                    for item in &text.materials {
                        match materials
                            .iter_mut()
                            .find(|m| m.item.markdown().eq_ignore_ascii_case(item))
                        {
                            Some(material) => material.lessons.push(reference.clone()),
                            None => materials.push(Material {
                                item: Inline::from(item.as_str()),
                                lessons: vec![reference.clone()],
                            }),
                        }
                    }
                }
                OverviewPart::Glossary => {
                    glossary.extend(text.keywords.iter().map(|k| GlossaryEntry {
                        term: k.term(),
                        definition: k.definition(),
                        number: lesson.number,
                        url: url.clone(),
                    }));
                }
                OverviewPart::Objectives => lessons.push(OverviewLesson {
                    number: lesson.number,
                    title: &text.title,
                    url,
                    objectives: Inline::list(&text.objectives),
                    preparation: Inline::from(text.preparation.as_str()),
                }),
            }
        }
        glossary.sort_by_key(|entry| entry.term.to_lowercase());
        let words = self.words(lang);
        let label = |part: OverviewPart| {
            words.text(match part {
                OverviewPart::Objectives => "overview.title",
                OverviewPart::Materials => "overview.materials",
                OverviewPart::Glossary => "overview.glossary",
            })
        };
        let title = format!("{} — {}", label(part), program.title(lang));
        let parts = OverviewPart::ALL
            .into_iter()
            .map(|other| OverviewPartLink {
                name: other.name(),
                label: label(other),
                url: relative(path, &overview_path(lang, &program.slug, other)),
                current: other == part,
            })
            .collect();
        OverviewView {
            title,
            program: self.card(path, lang, program),
            part: part.name(),
            parts,
            lessons,
            materials,
            glossary,
        }
    }
}
