//! Every HTML page of the site: what it shows, in which language, and where it lies.

use super::{lesson_path, participant_path, program_path};
use crate::content::model::{Lesson, Program, Project};
use crate::markdown::View;

#[derive(Debug, Clone)]
pub enum Page<'a> {
    Chooser,
    NotFound,
    Home {
        lang: &'a str,
    },
    Matrix {
        lang: &'a str,
    },
    /// Which translations are missing or outdated, for authors.
    Status {
        lang: &'a str,
    },
    /// Every lesson of every unit, with filters.
    Lessons {
        lang: &'a str,
    },
    /// Every PDF of the language, with its size; only when PDFs are made.
    Downloads {
        lang: &'a str,
    },
    /// The offline search.
    Search {
        lang: &'a str,
    },
    /// What the offline app shows for a page of the language that was not saved.
    Offline {
        lang: &'a str,
    },
    Program {
        lang: &'a str,
        program: &'a Program,
    },
    /// A unit's reference pages for preparing a course: one page each, so each stays light.
    Overview {
        lang: &'a str,
        program: &'a Program,
        part: OverviewPart,
    },
    Lesson {
        lang: &'a str,
        program: &'a Program,
        lesson: &'a Lesson,
        /// Its place in the program, for its neighbours.
        index: usize,
        view: View,
    },
}

impl<'a> Page<'a> {
    pub fn lang(&self) -> Option<&'a str> {
        match self {
            Page::Chooser | Page::NotFound => None,
            Page::Home { lang }
            | Page::Matrix { lang }
            | Page::Status { lang }
            | Page::Lessons { lang }
            | Page::Downloads { lang }
            | Page::Search { lang }
            | Page::Offline { lang }
            | Page::Program { lang, .. }
            | Page::Overview { lang, .. }
            | Page::Lesson { lang, .. } => Some(*lang),
        }
    }

    pub fn path(&self) -> String {
        match self {
            Page::Chooser => "index.html".to_owned(),
            Page::NotFound => "404.html".to_owned(),
            Page::Home { lang } => super::home_path(lang),
            Page::Matrix { lang } => format!("{lang}/digcomp.html"),
            Page::Status { lang } => format!("{lang}/status.html"),
            Page::Lessons { lang } => format!("{lang}/lessons.html"),
            Page::Downloads { lang } => format!("{lang}/downloads.html"),
            Page::Search { lang } => format!("{lang}/search.html"),
            Page::Offline { lang } => format!("{lang}/offline.html"),
            Page::Program { lang, program } => program_path(lang, &program.slug),
            Page::Overview {
                lang,
                program,
                part,
            } => super::overview_path(lang, &program.slug, *part),
            Page::Lesson {
                lang,
                program,
                lesson,
                view,
                ..
            } => match view {
                View::Trainer => lesson_path(lang, &program.slug, &lesson.slug),
                View::Participant => participant_path(lang, &program.slug, &lesson.slug),
            },
        }
    }

    /// The same page in another language.
    pub fn in_language<'b>(&self, lang: &'b str) -> Page<'b>
    where
        Self: 'b,
    {
        match self.clone() {
            // The language-neutral pages offer each language's start page.
            Page::Chooser | Page::NotFound | Page::Home { .. } => Page::Home { lang },
            Page::Matrix { .. } => Page::Matrix { lang },
            Page::Status { .. } => Page::Status { lang },
            Page::Lessons { .. } => Page::Lessons { lang },
            Page::Downloads { .. } => Page::Downloads { lang },
            Page::Search { .. } => Page::Search { lang },
            Page::Offline { .. } => Page::Offline { lang },
            Page::Program { program, .. } => Page::Program { lang, program },
            Page::Overview { program, part, .. } => Page::Overview {
                lang,
                program,
                part,
            },
            Page::Lesson {
                program,
                lesson,
                index,
                view,
                ..
            } => Page::Lesson {
                lang,
                program,
                lesson,
                index,
                view,
            },
        }
    }
}

/// The parts of a unit's overview: every objective with the preparation, the checklist of
/// materials, and the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewPart {
    Objectives,
    Materials,
    Glossary,
}

impl OverviewPart {
    pub const ALL: [OverviewPart; 3] = [Self::Objectives, Self::Materials, Self::Glossary];

    /// Its file name in the unit's folder, which is also its name in the theme's UI strings.
    pub fn name(self) -> &'static str {
        match self {
            Self::Objectives => "overview",
            Self::Materials => "materials",
            Self::Glossary => "glossary",
        }
    }
}

/// Every page of the site, in the order a build renders them; the downloads pages only when
/// the build makes PDFs.
pub fn pages(project: &Project, downloads: bool) -> Vec<Page<'_>> {
    let mut pages = vec![Page::Chooser, Page::NotFound];
    for language in &project.site.languages {
        let lang = language.code.as_str();
        pages.push(Page::Home { lang });
        pages.push(Page::Matrix { lang });
        pages.push(Page::Status { lang });
        pages.push(Page::Lessons { lang });
        if downloads {
            pages.push(Page::Downloads { lang });
        }
        pages.push(Page::Search { lang });
        pages.push(Page::Offline { lang });
        for program in &project.programs {
            pages.push(Page::Program { lang, program });
            for part in OverviewPart::ALL {
                pages.push(Page::Overview {
                    lang,
                    program,
                    part,
                });
            }
            for (index, lesson) in program.lessons.iter().enumerate() {
                let page = |view| Page::Lesson {
                    lang,
                    program,
                    lesson,
                    index,
                    view,
                };
                pages.push(page(View::Trainer));
                if program.kind.has_lesson_plans() {
                    pages.push(page(View::Participant));
                }
            }
        }
    }
    pages
}
