//! The main Typst file of every PDF: the curriculum's data as Typst values (every text a string
//! literal, every Markdown text converted by [`super::markup`]) handed to the template's functions.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Language;
use crate::content::Bodies;
use crate::content::model::{Document, Kind, Lesson, Program, Project};
use crate::locale::Catalog;
use crate::markdown::{Resolver, View};
use crate::site::links::{PageLinks, has_scheme};
use crate::site::{self, lesson_path};
use crate::view::{Inline, LessonView, ProgramCard, Words};

use super::markup::{Converter, LinkTarget, Targets};
use super::values::{array, dict, optional, string};
use crate::config::iso_639;

/// Which PDF a job makes.
#[derive(Debug, Clone, Copy)]
pub enum What<'a> {
    LessonPlan(&'a Lesson),
    Handout(&'a Lesson),
    Book,
    /// The `n`-th (from 1) card sheet of a lesson.
    Cards(&'a Lesson, usize),
}

/// One PDF to make: what, in which language, of which program.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub language: &'a Language,
    pub program: &'a Program,
    pub what: What<'a>,
}

impl Job<'_> {
    pub fn path(&self) -> String {
        let (lang, program) = (self.language.code.as_str(), self.program.slug.as_str());
        match self.what {
            What::LessonPlan(lesson) => site::lesson_plan_path(lang, program, &lesson.slug),
            What::Handout(lesson) => site::handout_path(lang, program, &lesson.slug),
            What::Book => site::book_path(lang, program),
            What::Cards(lesson, n) => site::card_sheet_path(lang, program, &lesson.slug, n),
        }
    }
}

/// A generated main file and the images it uses (their bytes are part of the cache key).
pub struct MainFile {
    pub text: String,
    pub media: BTreeSet<String>,
    /// The source file that problems with this PDF are reported on.
    pub reported_on: std::path::PathBuf,
    /// For a card sheet: each card's line in that file, for a card too long for its box.
    pub card_lines: Vec<usize>,
}

pub struct Writer<'a> {
    pub project: &'a Project,
    pub catalog: &'a Catalog,
    pub bodies: &'a Bodies,
}

/// Links and images of one document, as one PDF can show them.
pub(super) struct DocTargets<'a> {
    links: PageLinks<'a>,
    /// The lessons this PDF contains, by slug: links to them jump inside the PDF.
    contained: Vec<&'a str>,
    pub(super) media: RefCell<BTreeSet<String>>,
}

/// The label a lesson's title carries inside a PDF.
fn anchor(slug: &str) -> String {
    format!("lesson-{slug}")
}

impl Targets for DocTargets<'_> {
    fn link(&self, dest: &str) -> LinkTarget {
        // The website's resolver, seen from the output root, names the page a link leads to.
        let Some(url) = self.links.link(dest).url() else {
            return LinkTarget::None;
        };
        if has_scheme(&url) {
            return LinkTarget::Web(url);
        }
        let page = url.split('#').next().unwrap_or("");
        let lesson = self
            .contained
            .iter()
            .find(|slug| page == lesson_path(self.links.lang, &self.links.program.slug, slug));
        match lesson {
            Some(slug) => LinkTarget::Label(anchor(slug)),
            None => LinkTarget::None,
        }
    }

    fn image(&self, dest: &str) -> Option<String> {
        let url = self.links.image(dest).url()?;
        let path = format!("/{url}");
        self.media.borrow_mut().insert(path.clone());
        Some(path)
    }
}

impl<'a> Writer<'a> {
    pub(super) fn words(&self, lang: &'a str) -> Words<'a> {
        Words::new(self.catalog, lang)
    }

    pub(super) fn text(&self, lang: &str, key: &str) -> String {
        self.catalog.text(lang, key)
    }

    pub(super) fn program_title(&self, lang: &str, program: &'a Program) -> &'a str {
        program.title(lang)
    }

    fn language_of(&self, doc: &Document) -> &'a Language {
        let site = &self.project.site;
        site.language(&doc.lang).unwrap_or(&site.languages[0])
    }

    /// The UI words the template prints, as `t`.
    fn labels(&self, lang: &str) -> String {
        let keys = [
            ("digcomp", "lesson.digcomp"),
            ("objectives", "lesson.objectives"),
            ("materials", "lesson.materials"),
            ("preparation", "lesson.preparation"),
            ("phase-plan", "lesson.phase_plan"),
            ("time", "lesson.time"),
            ("phase", "lesson.phase"),
            ("activity", "lesson.activity"),
            ("method", "lesson.method"),
            ("phase-materials", "lesson.phase_materials"),
            ("keywords", "lesson.keywords"),
            ("words", "participant.keywords"),
            ("name", "pdf.name"),
            ("date", "pdf.date"),
        ];
        let pairs: Vec<(&str, String)> = keys
            .iter()
            .map(|(name, key)| (*name, string(&self.text(lang, key))))
            .collect();
        format!("#let t = {}\n", dict(&pairs))
    }

    pub(super) fn targets(
        &self,
        lang: &'a str,
        program: &'a Program,
        doc: &'a Document,
        contained: Vec<&'a str>,
    ) -> DocTargets<'a> {
        DocTargets {
            links: PageLinks::new(self.project, program, doc, "index.html", lang),
            contained,
            media: RefCell::new(BTreeSet::new()),
        }
    }

    /// The Typst content of one view of a document's body.
    fn body(&self, targets: &DocTargets, lang: &'a str, doc: &Document, view: View) -> String {
        let words = self.words(lang);
        let mut converter = Converter::new(targets, &words);
        match self.bodies.get(&doc.path) {
            Some(segments) => {
                converter.collect_footnotes(segments, &doc.body);
                converter.body(segments, view, &doc.body)
            }
            None => String::new(),
        }
    }

    /// The lesson's data for the template: titles, card, phase plan and key words.
    fn lesson_data(&self, shown: &LessonView, words: Words, targets: &DocTargets) -> String {
        let mut inline = Converter::new(targets, &words);
        let mut markup = |text: &Inline| format!("[{}]", inline.inline(text.markdown()));
        let notices = shown.notice.iter().map(|n| string(&n.text));
        let mut facts = Vec::new();
        if shown.has_plan {
            let mut duration = shown.duration.clone();
            if shown.sessions > 1 {
                duration = format!("{duration} · {}", shown.sessions_text);
            }
            facts.push(array([
                string(&words.text("lesson.duration")),
                string(&duration),
            ]));
        }
        if let Some(level) = &shown.level {
            facts.push(array([
                string(&words.text("lesson.level")),
                string(&format!("{} · {}", level.level, level.band)),
            ]));
        }
        if let Some(sheets) = self.card_sheets(shown, words) {
            facts.push(array([string(&words.text("block.cards")), string(&sheets)]));
        }
        let competences = shown
            .digcomp
            .iter()
            .map(|c| array([string(c.code), string(&c.title)]));
        let phases: Vec<String> = shown
            .phases
            .iter()
            .map(|phase| {
                dict(&[
                    ("start", string(&phase.start)),
                    ("end", string(&phase.end)),
                    ("minutes", phase.minutes.max(1).to_string()),
                    ("duration", string(&phase.duration)),
                    ("phase", string(phase.phase)),
                    ("activity", markup(&phase.activity)),
                    ("method", string(phase.method)),
                    ("materials", string(phase.materials)),
                ])
            })
            .collect();
        let keywords = shown.keywords.iter().map(|k| {
            dict(&[
                ("term", string(k.term)),
                ("definition", k.definition.map_or("none".to_owned(), string)),
            ])
        });
        let part = format!("{} {}", shown.part_label, shown.number);
        let eyebrow = format!("{} · {part}", shown.program_title);
        let preparation = if shown.preparation.is_empty() {
            "none".to_owned()
        } else {
            markup(&shown.preparation)
        };
        let objectives: Vec<String> = shown.objectives.iter().map(&mut markup).collect();
        let materials: Vec<String> = shown.materials.iter().map(&mut markup).collect();
        let source = shown.content_language;
        dict(&[
            ("lang", string(&iso_639(&source.code))),
            ("dir", source.direction.as_str().to_owned()),
            ("anchor", string(&anchor(shown.slug))),
            ("part", string(&part)),
            ("eyebrow", string(&eyebrow)),
            ("title", string(shown.title)),
            ("summary", optional(shown.summary)),
            ("notices", array(notices)),
            ("facts", array(facts)),
            ("competences", array(competences)),
            ("objectives", array(objectives)),
            ("materials", array(materials)),
            ("preparation", preparation),
            ("phases", array(phases)),
            ("keywords", array(keywords)),
        ])
    }

    /// The lesson's card sheets by number, title and file, which lie beside the plan in the kit:
    /// "Card sheet 1: Key cards (02-keyboard.cards-1.pdf)".
    fn card_sheets(&self, shown: &LessonView, words: Words) -> Option<String> {
        let blocks = super::cards::card_blocks(self.bodies.get(&shown.doc.path)?);
        let sheets: Vec<String> = blocks
            .iter()
            .enumerate()
            .map(|(i, block)| {
                let n = i + 1;
                let file = format!("{}.cards-{n}.pdf", shown.slug);
                match &block.title {
                    Some(title) => {
                        format!("{} {n}: {title} ({file})", words.text("lesson.card_sheet"))
                    }
                    None => format!("{} {n} ({file})", words.text("lesson.card_sheet")),
                }
            })
            .collect();
        (!sheets.is_empty()).then(|| sheets.join(" · "))
    }

    /// `#show: setup.with(…)`: page furniture and document metadata.
    pub(super) fn setup(
        &self,
        language: &Language,
        title: &str,
        size: &str,
        extra: &[(&str, String)],
    ) -> String {
        let site = &self.project.site;
        let lang = language.code.as_str();
        let paper = site.paper.typst_name();
        let mut pairs = vec![
            ("title", string(title)),
            ("author", string(&site.licence.holder)),
            ("keywords", array([string(site.title_in(lang))])),
            ("lang", string(&iso_639(lang))),
            ("dir", language.direction.as_str().to_owned()),
            ("paper", string(paper)),
            ("size", size.to_owned()),
            (
                "footer",
                string(&format!("{} · {}", site.title_in(lang), site.licence.name)),
            ),
        ];
        pairs.extend(extra.iter().cloned());
        format!(
            "#import \"/digifam.typ\": *\n{}#show: setup.with({})\n",
            self.labels(lang),
            dict(&pairs)
        )
    }

    /// A lesson plan or a participant handout of one lesson.
    pub fn lesson(&self, job: &Job<'a>, lesson: &'a Lesson, view: View) -> MainFile {
        let (language, program) = (job.language, job.program);
        let lang = language.code.as_str();
        let resolved = lesson.docs.resolve(lang);
        let doc = &resolved.item.doc;
        let targets = self.targets(lang, program, doc, Vec::new());
        let (document_kind, function, size) = match view {
            View::Trainer => ("pdf.lesson_plan", "lesson-plan", "10.5pt"),
            View::Participant => ("pdf.handout", "handout", "13pt"),
        };
        let title = &resolved.item.text.title;
        let header_end = format!(
            "{} {}: {title}",
            self.text(lang, "lesson.lesson"),
            lesson.number
        );
        let mut text = self.setup(
            language,
            &format!("{title} — {}", self.text(lang, document_kind)),
            size,
            &[
                ("justify", "false".to_owned()),
                ("running-chapters", "false".to_owned()),
                (
                    "header-start",
                    string(&format!(
                        "{} · {}",
                        self.project.site.title_in(lang),
                        self.program_title(lang, program)
                    )),
                ),
                ("header-end", string(&header_end)),
            ],
        );
        let shown = LessonView::new(&self.project.site, self.words(lang), program, lesson);
        let data = self.lesson_data(&shown, self.words(lang), &targets);
        let body = self.body(&targets, lang, doc, view);
        let _ = writeln!(text, "#{function}(t, {data})[\n{body}]");
        MainFile {
            text,
            media: targets.media.into_inner(),
            reported_on: doc.path.clone(),
            card_lines: Vec::new(),
        }
    }

    /// The data of a book's cover: the unit's card and the licence.
    fn cover(&self, language: &'a Language, program: &'a Program) -> String {
        let site = &self.project.site;
        let lang = language.code.as_str();
        let card = ProgramCard::new(self.words(lang), program, "index.html");
        let mut facts = vec![
            ("program.audience", card.audience.to_owned()),
            ("program.duration", card.duration.to_owned()),
            ("program.size", card.count),
        ];
        facts.extend(card.hours.map(|hours| ("program.total", hours)));
        facts.push(("pdf.language", language.name.clone()));
        let facts = facts
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(label, value)| array([string(&self.text(lang, label)), string(&value)]));
        let licence = &site.licence;
        dict(&[
            ("site", string(site.title_in(lang))),
            ("kind", string(&card.kind_label)),
            ("title", string(card.title)),
            ("summary", optional(card.summary)),
            ("facts", array(facts)),
            (
                "licence",
                string(&format!(
                    "{} {} · {}",
                    self.text(lang, "footer.licence"),
                    licence.name,
                    licence.holder
                )),
            ),
            ("licence-url", string(&licence.url)),
        ])
    }

    /// A whole program as one book: cover, contents, introduction, every lesson or chapter.
    pub fn book(&self, job: &Job<'a>) -> MainFile {
        let (language, program) = (job.language, job.program);
        let lang = language.code.as_str();
        let site = &self.project.site;
        let resolved = program.docs.resolve(lang);
        let program_doc = &resolved.item.doc;
        let program_text = &resolved.item.text;
        let guide = program.kind == Kind::Guide;
        let contained: Vec<&str> = program.lessons.iter().map(|l| l.slug.as_str()).collect();
        let mut media = BTreeSet::new();
        let mut text = self.setup(
            language,
            &program_text.title,
            "10.5pt",
            &[
                ("justify", guide.to_string()),
                ("running-chapters", "true".to_owned()),
                ("header-start", string(&program_text.title)),
                ("header-end", "none".to_owned()),
                ("first-numbered", "2".to_owned()),
            ],
        );
        let cover = self.cover(language, program);
        let depth = if guide { 2 } else { 1 };
        let _ = writeln!(
            text,
            "#cover({cover})\n#counter(page).update(1)\n#contents({}, {depth})",
            string(&self.text(lang, "pdf.contents"))
        );
        let targets = self.targets(lang, program, program_doc, contained.clone());
        let intro = self.body(&targets, lang, program_doc, View::Trainer);
        media.extend(targets.media.into_inner());
        if !intro.trim().is_empty() {
            let source = self.language_of(program_doc);
            let _ = writeln!(
                text,
                "#new-chapter()\n#introduction({}, {}, {})[\n{intro}]",
                string(&self.text(lang, "pdf.introduction")),
                string(&iso_639(&source.code)),
                source.direction.as_str(),
            );
        }
        for lesson in &program.lessons {
            let doc = &lesson.docs.resolve(lang).item.doc;
            let targets = self.targets(lang, program, doc, contained.clone());
            let shown = LessonView::new(site, self.words(lang), program, lesson);
            let data = self.lesson_data(&shown, self.words(lang), &targets);
            let body = self.body(&targets, lang, doc, View::Trainer);
            media.extend(targets.media.into_inner());
            let call = if guide { "chapter(" } else { "lesson-plan(t, " };
            let _ = writeln!(text, "#new-chapter()\n#{call}{data})[\n{body}]");
        }
        MainFile {
            text,
            media,
            reported_on: program_doc.path.clone(),
            card_lines: Vec::new(),
        }
    }
}
