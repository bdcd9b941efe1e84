//! A lesson (or a guide's chapter) in one language: its card, phase plan and key words, with the
//! language's fallback resolved and every label in the reader's language.

use serde::Serialize;

use super::page::{Content, Parts, lesson_view_path};
use super::{Inline, Link, Notice, PdfLink, Views, Words, content_language, jsonld};
use crate::config::{Language, SiteConfig};
use crate::content::model::{Document, Keyword, Lesson, PhaseText, Program};
use crate::digcomp::Framework;
use crate::locale::Catalog;
use crate::markdown::View;
use crate::plan;
use crate::site::{self, lesson_path, participant_path, program_path, relative};

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub level: u8,
    /// The band's name in the reader's language ("Foundation").
    pub band: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Competence<'a> {
    pub code: &'a str,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeywordView<'a> {
    pub term: &'a str,
    pub definition: Option<&'a str>,
}

/// One phase of the phase plan, on the running clock.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView<'a> {
    /// Which of the six phase colours it gets.
    pub index: usize,
    pub start: String,
    pub end: String,
    pub minutes: u32,
    /// The minutes as words ("1 hour 15 min").
    pub duration: String,
    pub phase: &'a str,
    pub activity: Inline<'a>,
    pub method: &'a str,
    pub materials: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonView<'a> {
    pub number: u32,
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// The title of the program it belongs to.
    pub program_title: &'a str,
    /// "Lesson" for programs with lesson plans, "Chapter" for guides, in the reader's language.
    pub part_label: String,
    pub duration: String,
    pub duration_minutes: u32,
    pub sessions: u32,
    pub sessions_text: String,
    pub level: Option<LevelView>,
    pub digcomp: Vec<Competence<'a>>,
    pub objectives: Vec<Inline<'a>>,
    pub materials: Vec<Inline<'a>>,
    pub preparation: Inline<'a>,
    pub keywords: Vec<KeywordView<'a>>,
    pub phases: Vec<PhaseView<'a>>,
    pub has_plan: bool,
    /// Whether the lesson has its own text in the reader's language.
    #[serde(skip)]
    pub translated: bool,
    #[serde(skip)]
    pub notice: Option<Notice>,
    /// The language the content is in: the reader's, or the default one it falls back to.
    #[serde(skip)]
    pub content_language: &'a Language,
    /// The file the text comes from; its body is rendered by each output in its own way.
    #[serde(skip)]
    pub doc: &'a Document,
}

impl<'a> LessonView<'a> {
    pub fn new(
        site: &'a SiteConfig,
        words: Words,
        program: &'a Program,
        lesson: &'a Lesson,
    ) -> Self {
        let resolved = lesson.docs.resolve(words.lang);
        let (doc, text) = (&resolved.item.doc, &resolved.item.text);
        let (content_language, notice) =
            content_language(site, words, doc, resolved.translated, true);
        let structure = &lesson.structure;
        let has_plan = program.kind.has_lesson_plans();
        let part_key = if has_plan {
            "lesson.lesson"
        } else {
            "lesson.chapter"
        };
        LessonView {
            number: lesson.number,
            slug: &lesson.slug,
            title: &text.title,
            summary: &text.summary,
            program_title: program.title(words.lang),
            part_label: words.text(part_key),
            duration: words.duration(structure.duration),
            duration_minutes: structure.duration,
            sessions: structure.sessions,
            sessions_text: words.plural("units.sessions", structure.sessions.into()),
            level: structure
                .level
                .and_then(|l| Framework::digcomp().level(l))
                .map(|l| LevelView {
                    level: l.level,
                    band: words.band(l),
                }),
            digcomp: structure
                .digcomp
                .iter()
                .map(|code| Competence {
                    code,
                    title: words.digcomp_title(code),
                })
                .collect(),
            objectives: Inline::list(&text.objectives),
            materials: Inline::list(&text.materials),
            preparation: Inline::from(text.preparation.as_str()),
            keywords: text.keywords.iter().map(keyword).collect(),
            phases: phases(words, &structure.phase_minutes, &text.phases),
            has_plan,
            translated: resolved.translated,
            notice,
            content_language,
            doc,
        }
    }
}

fn keyword(keyword: &Keyword) -> KeywordView<'_> {
    KeywordView {
        term: keyword.term(),
        definition: keyword.definition(),
    }
}

fn phases<'a>(words: Words, minutes: &[u32], texts: &'a [PhaseText]) -> Vec<PhaseView<'a>> {
    plan::phase_times(minutes)
        .into_iter()
        .zip(texts)
        .enumerate()
        .map(|(i, ((start, end), phase))| PhaseView {
            index: i % 6,
            start: plan::clock(start),
            end: plan::clock(end),
            minutes: end - start,
            duration: words.duration(end - start),
            phase: &phase.phase,
            activity: Inline::from(phase.activity.as_str()),
            method: &phase.method,
            materials: &phase.materials,
        })
        .collect()
}

/// The unit a lesson page belongs to, as its header names it.
#[derive(Debug, Serialize)]
pub struct UnitRef<'a> {
    pub title: &'a str,
    pub kind: &'static str,
    pub url: String,
}

/// A lesson's page in one of its views, besides its body (which each output renders itself).
#[derive(Debug, Serialize)]
pub struct LessonPage<'a> {
    pub lesson: LessonView<'a>,
    pub program: UnitRef<'a>,
    pub trainer_url: String,
    pub participant_url: String,
    /// The lesson plan for the trainer view, the handout for the participant view.
    pub pdf: Option<PdfLink>,
    /// The lesson's card sheets to print and cut, on the trainer's page.
    pub card_sheets: Vec<PdfLink>,
}

impl<'a> Views<'a> {
    pub(super) fn lesson_page(
        &self,
        path: &str,
        lang: &'a str,
        (program, lesson, index): (&'a Program, &'a Lesson, usize),
        view: View,
    ) -> Parts<'a> {
        let site = &self.project.site;
        let mut shown = LessonView::new(site, self.words(lang), program, lesson);
        let pdf = match view {
            View::Trainer => site::lesson_plan_path(lang, &program.slug, &lesson.slug),
            View::Participant => site::handout_path(lang, &program.slug, &lesson.slug),
        };
        let neighbour = |l: &Lesson| Link {
            title: l.title(lang).to_owned(),
            url: relative(path, &lesson_view_path(view, lang, &program.slug, &l.slug)),
        };
        let json_ld =
            (view == View::Trainer).then(|| jsonld::lesson(self, lang, program, lesson, &shown));
        let (language, notice) = (shown.content_language, shown.notice.take());
        let page = LessonPage {
            program: UnitRef {
                title: shown.program_title,
                kind: program.kind.as_str(),
                url: relative(path, &program_path(lang, &program.slug)),
            },
            trainer_url: relative(path, &lesson_path(lang, &program.slug, &lesson.slug)),
            participant_url: relative(path, &participant_path(lang, &program.slug, &lesson.slug)),
            pdf: self.pdf_link(path, &pdf),
            card_sheets: match view {
                View::Trainer => self.card_sheet_links(path, lang, program, lesson),
                View::Participant => Vec::new(),
            },
            lesson: shown,
        };
        Parts {
            title: page.lesson.title.to_owned(),
            description: Some(page.lesson.summary.to_owned()),
            content: Content::Lesson(Box::new(page)),
            language: Some(language),
            notice,
            prev: index
                .checked_sub(1)
                .and_then(|i| program.lessons.get(i))
                .map(neighbour),
            next: program.lessons.get(index + 1).map(neighbour),
            json_ld,
        }
    }
}

impl Views<'_> {
    /// The card sheets of `lesson` in `lang` the build made, linked from the page at `path`.
    pub fn card_sheet_links(
        &self,
        path: &str,
        lang: &str,
        program: &Program,
        lesson: &Lesson,
    ) -> Vec<PdfLink> {
        site::card_sheets(self.downloads, lang, &program.slug, &lesson.slug)
            .filter_map(|sheet| self.pdf_link(path, sheet))
            .collect()
    }
}

/// What pages other than its own show of a lesson, in every language of the site: its view, and
/// whether it has its own text. When an edit changes this, the pages that list the lesson are
/// rendered again; an edit of its body alone changes only its own pages.
pub fn shown_elsewhere(
    site: &SiteConfig,
    catalog: &Catalog,
    program: &Program,
    lesson: &Lesson,
) -> Vec<(bool, serde_json::Value)> {
    site.languages
        .iter()
        .map(|language| {
            let mut shown =
                LessonView::new(site, Words::new(catalog, &language.code), program, lesson);
            // The phase plan is only on the lesson's own pages.
            shown.phases.clear();
            (
                shown.translated,
                serde_json::to_value(&shown).unwrap_or_default(),
            )
        })
        .collect()
}
