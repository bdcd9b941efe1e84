//! A unit as a course in a learning platform (Moodle, ILIAS, Canvas): its introduction, then one
//! section per week where the unit has a rhythm, or else one per lesson. Each lesson brings its
//! participant page and, where they were made, its handout and its lesson plan.

use serde::Serialize;

use super::{LangView, LessonView, PdfLink, ProgramCard, Views, content_language};
use crate::content::model::{Document, Program, Rhythm};
use crate::plan;
use crate::site::{self, program_path};

#[derive(Debug, Serialize)]
pub struct CourseView<'a> {
    pub card: ProgramCard<'a>,
    /// The language the course is for: its title and every label are in it.
    pub language: LangView<'a>,
    /// The language the introduction's text is in: the course's, or the one it falls back to.
    pub intro_language: LangView<'a>,
    pub intro_title: String,
    /// The unit as one book, when it was made: its site path.
    pub book: Option<String>,
    pub sections: Vec<CourseSection<'a>>,
    /// The unit's own page, rendered by each output in its own way.
    #[serde(skip)]
    pub doc: &'a Document,
}

#[derive(Debug, Serialize)]
pub struct CourseSection<'a> {
    pub title: String,
    pub lessons: Vec<CourseLesson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CourseLesson<'a> {
    pub lesson: LessonView<'a>,
    /// "Lesson 3: Using the mouse".
    pub heading: String,
    /// The participant handout and the trainer's lesson plan, when they were made: site paths.
    pub handout: Option<String>,
    pub plan: Option<String>,
    /// Its card sheets, when they were made: site paths.
    pub card_sheets: Vec<String>,
}

impl<'a> Views<'a> {
    /// The course of `program` in `lang`.
    pub fn course(&self, lang: &'a str, program: &'a Program) -> CourseView<'a> {
        let site = &self.project.site;
        let words = self.words(lang);
        let path = program_path(lang, &program.slug);
        let resolved = program.docs.resolve(lang);
        let (intro_language, _) =
            content_language(site, words, &resolved.item.doc, resolved.translated, false);
        let language = site.language(lang).unwrap_or(&site.languages[0]);
        let made = |pdf: String| self.downloads.contains_key(&pdf).then_some(pdf);
        let lessons: Vec<CourseLesson<'a>> = program
            .lessons
            .iter()
            .map(|lesson| {
                let shown = LessonView::new(site, words, program, lesson);
                CourseLesson {
                    heading: format!("{} {}: {}", shown.part_label, shown.number, shown.title),
                    handout: made(site::handout_path(lang, &program.slug, &lesson.slug)),
                    plan: made(site::lesson_plan_path(lang, &program.slug, &lesson.slug)),
                    card_sheets: site::card_sheets(
                        self.downloads,
                        lang,
                        &program.slug,
                        &lesson.slug,
                    )
                    .cloned()
                    .collect(),
                    lesson: shown,
                }
            })
            .collect();
        CourseView {
            card: self.card(&path, lang, program),
            language: LangView::of(language),
            intro_language: LangView::of(intro_language),
            intro_title: words.text("lms.intro"),
            book: made(site::book_path(lang, &program.slug)),
            sections: match program.rhythm {
                Some(rhythm) => self.weekly(lang, program, rhythm, lessons),
                None => lessons
                    .into_iter()
                    .map(|lesson| CourseSection {
                        title: lesson.heading.clone(),
                        lessons: vec![lesson],
                    })
                    .collect(),
            },
            doc: &resolved.item.doc,
        }
    }

    /// One section per week in which a lesson starts, as Moodle's weekly course format shows them.
    /// A lesson longer than a week stays whole, in the week it starts in.
    fn weekly(
        &self,
        lang: &'a str,
        program: &Program,
        rhythm: Rhythm,
        lessons: Vec<CourseLesson<'a>>,
    ) -> Vec<CourseSection<'a>> {
        let words = self.words(lang);
        let weeks = plan::week_plan(&plan::sessions(&program.lessons), rhythm);
        let mut lessons: Vec<Option<CourseLesson>> = lessons.into_iter().map(Some).collect();
        weeks
            .iter()
            .filter_map(|week| {
                let starting: Vec<CourseLesson> = week
                    .sessions
                    .iter()
                    .filter(|session| session.part == 1)
                    .filter_map(|session| lessons.get_mut(session.lesson)?.take())
                    .collect();
                (!starting.is_empty()).then(|| CourseSection {
                    title: words
                        .text("lms.week")
                        .replace("{number}", &week.number.to_string()),
                    lessons: starting,
                })
            })
            .collect()
    }
}

/// A unit's two course packages, as the downloads page and the unit's page link them.
#[derive(Debug, Serialize)]
pub struct CoursePackages {
    pub cartridge: PdfLink,
    pub scorm: PdfLink,
}

impl Views<'_> {
    /// The packages of `program` in `lang` for the page at `path`, when the build made them.
    pub fn course_packages(
        &self,
        path: &str,
        lang: &str,
        program: &Program,
    ) -> Option<CoursePackages> {
        Some(CoursePackages {
            cartridge: self.pdf_link(path, &site::cartridge_path(lang, &program.slug))?,
            scorm: self.pdf_link(path, &site::scorm_path(lang, &program.slug))?,
        })
    }
}
