//! One unit in one language as a package: its pages, its files, and the course outline a
//! learning platform reads from the manifest. The same outline becomes a Common Cartridge or a
//! SCORM package; [`Flavour`] says what differs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tera::Context;

use super::links::{self, PackageLinks};
use super::{Flavour, Sources};
use crate::content::model::{Document, Program};
use crate::markdown::{self, View};
use crate::site::{self, relative};
use crate::view::{CourseLesson, CourseView, KeywordView, LangView, Views};

/// A file of the package, by where its bytes come from.
pub enum Member {
    Bytes(Vec<u8>),
    /// A file of the site (a PDF, an image), by its site path.
    Site(String),
}

/// An entry of the course outline; the top-level ones are the course's sections.
#[derive(Debug, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub resource: Option<String>,
    pub children: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Resource {
    pub id: String,
    /// `webcontent`, or the web-link type of Common Cartridge 1.1.
    pub kind: &'static str,
    /// The file a platform opens; a web link has none.
    pub href: Option<String>,
    /// Every file the resource uses, `href` included.
    pub files: Vec<String>,
    /// SCORM's `sco` (talks to the platform) or `asset`.
    pub scorm_type: Option<&'static str>,
}

/// What the manifest template gets.
#[derive(Debug, Serialize)]
pub struct Outline<'a> {
    pub id: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub language: &'a LangView<'a>,
    pub organization: String,
    pub root: String,
    pub sections: Vec<Item>,
    pub resources: Vec<Resource>,
}

/// A page of the package as its template shows it.
#[derive(Debug, Serialize)]
struct PageData<'a> {
    title: &'a str,
    eyebrow: String,
    summary: &'a str,
    language: &'a LangView<'a>,
    facts: Vec<(String, String)>,
    body: String,
    keywords: &'a [KeywordView<'a>],
    /// The handout's place in the package, for SCORM pages, which are the whole lesson there.
    handout: Option<String>,
    /// The script that reports to the platform, for SCORM pages.
    script: Option<String>,
}

/// XML IDs (`xs:ID`): unique in the manifest, a letter first, no colon.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn make(&mut self, prefix: &str, name: &str) -> String {
        let clean: String = name
            .chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
                _ => '_',
            })
            .collect();
        let mut id = format!("{prefix}_{clean}");
        let mut n = 1;
        while self.0.contains(&id) {
            n += 1;
            id = format!("{prefix}_{clean}_{n}");
        }
        self.0.insert(id.clone());
        id
    }
}

/// The package being put together.
pub struct Package<'a> {
    views: Views<'a>,
    sources: &'a Sources<'a>,
    flavour: Flavour,
    lang: &'a str,
    program: &'a Program,
    ids: Ids,
    /// What every page of the package shares: made once, since the UI strings are many.
    base: Context,
    pub files: BTreeMap<String, Member>,
    pub resources: Vec<Resource>,
    pub errors: Vec<String>,
}

impl<'a> Package<'a> {
    pub fn new(
        sources: &'a Sources<'a>,
        flavour: Flavour,
        lang: &'a str,
        program: &'a Program,
    ) -> Self {
        let mut base = Context::new();
        base.insert("t", &sources.views.catalog.tree(lang));
        let frames = sources.views.project.site.allow_html.contains_key("iframe");
        base.insert("frames", &frames);
        Package {
            views: sources.views,
            sources,
            flavour,
            lang,
            program,
            ids: Ids::default(),
            base,
            files: BTreeMap::new(),
            resources: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The whole outline of `course`, with every page rendered and every file listed.
    pub fn outline(&mut self, course: &'a CourseView<'a>) -> Outline<'a> {
        let id = self
            .ids
            .make("course", &format!("{}_{}", self.program.slug, self.lang));
        let organization = self.ids.make("org", &self.program.slug);
        let root = self.ids.make("root", &self.program.slug);
        let mut sections = vec![self.intro(course)];
        for (number, section) in course.sections.iter().enumerate() {
            let id = self.ids.make("section", &(number + 1).to_string());
            let children = section
                .lessons
                .iter()
                .flat_map(|lesson| self.lesson(course, lesson))
                .collect();
            sections.push(Item {
                id,
                title: section.title.clone(),
                resource: None,
                children,
            });
        }
        Outline {
            id,
            title: course.card.title,
            summary: course.card.summary,
            language: &course.language,
            organization,
            root,
            sections,
            resources: std::mem::take(&mut self.resources),
        }
    }

    /// The first section: the unit's own page, its book and, when the site is published, a link
    /// to it.
    fn intro(&mut self, course: &'a CourseView<'a>) -> Item {
        let words = self.views.words(self.lang);
        let card = &course.card;
        let size = match &card.hours {
            Some(hours) => format!("{} · {hours}", card.count),
            None => card.count.clone(),
        };
        let mut facts = vec![
            (words.text("program.audience"), card.audience.to_owned()),
            (words.text("program.duration"), card.duration.to_owned()),
            (words.text("program.size"), size),
        ];
        facts.retain(|(_, value)| !value.is_empty());
        let site_page = site::program_path(self.lang, &self.program.slug);
        let (body, uses) = self.body(course.doc, (&site_page, links::INTRO), View::Trainer);
        let page = PageData {
            title: card.title,
            eyebrow: card.kind_label.clone(),
            summary: card.summary,
            language: &course.intro_language,
            facts,
            body,
            keywords: &[],
            handout: None,
            script: self.script(links::INTRO),
        };
        let mut children = vec![self.page(links::INTRO, &course.intro_title, &page, uses)];
        if self.flavour == Flavour::Cartridge {
            if let Some(book) = &course.book {
                children.push(self.pdf(book, &words.text("lms.book")));
            }
            if let Some(link) = self.web_link(&site_page, &words.text("lms.on_the_web")) {
                children.push(link);
            }
        }
        Item {
            id: self.ids.make("section", "intro"),
            title: course.intro_title.clone(),
            resource: None,
            children,
        }
    }

    /// A lesson's entries: its page, then (in a cartridge) its handout and its lesson plan as
    /// files. A SCORM lesson is its page alone, which offers the handout.
    fn lesson(&mut self, course: &'a CourseView<'a>, entry: &'a CourseLesson<'a>) -> Vec<Item> {
        let words = self.views.words(self.lang);
        let lesson = &entry.lesson;
        let path = links::lesson_page(lesson.slug);
        let site_page = site::participant_path(self.lang, &self.program.slug, lesson.slug);
        let scorm = self.flavour == Flavour::Scorm;
        let handout = entry.handout.as_deref().filter(|_| scorm);
        let (body, mut uses) = self.body(lesson.doc, (&site_page, &path), View::Participant);
        let language = LangView::of(lesson.content_language);
        let page = PageData {
            title: lesson.title,
            eyebrow: format!(
                "{} · {} {}",
                course.card.title, lesson.part_label, lesson.number
            ),
            summary: lesson.summary,
            language: &language,
            facts: vec![(words.text("lesson.duration"), lesson.duration.clone())],
            body,
            keywords: &lesson.keywords,
            handout: handout.map(|pdf| relative(&path, &links::pdf_file(pdf))),
            script: self.script(&path),
        };
        if let Some(pdf) = handout {
            self.files
                .insert(links::pdf_file(pdf), Member::Site(pdf.to_owned()));
            uses.push(links::pdf_file(pdf));
        }
        let mut items = vec![self.page(&path, &entry.heading, &page, uses)];
        if !scorm {
            let pdfs = [(&entry.handout, "lms.handout"), (&entry.plan, "lms.plan")];
            for (pdf, label) in pdfs {
                if let Some(pdf) = pdf {
                    let title = format!("{} — {}", lesson.title, words.text(label));
                    items.push(self.pdf(pdf, &title));
                }
            }
            for (n, sheet) in entry.card_sheets.iter().enumerate() {
                let label = format!("{} {} (PDF)", words.text("lesson.card_sheet"), n + 1);
                items.push(self.pdf(sheet, &format!("{} — {label}", lesson.title)));
            }
        }
        items
    }

    /// The body of `doc` in `view`, its links kept inside the package where it can, and the
    /// files of the site it shows, now in the package too.
    fn body(
        &mut self,
        doc: &'a Document,
        (site_page, page): (&str, &str),
        view: View,
    ) -> (String, Vec<String>) {
        let Some(segments) = self.sources.bodies.get(&doc.path) else {
            return (String::new(), Vec::new());
        };
        let project = self.views.project;
        let resolver = PackageLinks::new(project, self.program, doc, (site_page, page), self.lang);
        // Problems of the text are reported on the site's own pages, which show all of it.
        let rendered = markdown::render(
            &doc.path,
            &doc.text,
            segments,
            view,
            &self.views.words(self.lang),
            &resolver,
            &project.site.allow_html,
        );
        let media: Vec<String> = resolver.media.into_inner().into_iter().collect();
        for file in &media {
            self.files.insert(file.clone(), Member::Site(file.clone()));
        }
        (rendered.html, media)
    }

    fn script(&self, page: &str) -> Option<String> {
        (self.flavour == Flavour::Scorm).then(|| relative(page, super::SCORM_SCRIPT))
    }

    /// A page rendered with its template, with its resource, which lists the page and the files
    /// it `uses`.
    fn page(&mut self, path: &str, title: &str, page: &PageData, uses: Vec<String>) -> Item {
        let mut ctx = self.base.clone();
        ctx.insert("page", page);
        let html = match self.sources.tera.render(super::PAGE_TEMPLATE, &ctx) {
            Ok(html) => html,
            Err(err) => {
                self.errors.push(crate::diagnostic::error_chain(&err));
                String::new()
            }
        };
        self.files
            .insert(path.to_owned(), Member::Bytes(html.into_bytes()));
        let mut files = vec![path.to_owned()];
        files.extend(uses);
        let sco = (self.flavour == Flavour::Scorm).then_some("sco");
        if sco.is_some() {
            files.push(super::SCORM_SCRIPT.to_owned());
        }
        self.item(title, "webcontent", Some(path.to_owned()), files, sco)
    }

    /// A PDF of the site as a file of the course.
    fn pdf(&mut self, site_path: &str, title: &str) -> Item {
        let file = links::pdf_file(site_path);
        self.files
            .insert(file.clone(), Member::Site(site_path.to_owned()));
        let scorm_type = (self.flavour == Flavour::Scorm).then_some("asset");
        self.item(
            title,
            "webcontent",
            Some(file.clone()),
            vec![file],
            scorm_type,
        )
    }

    /// A link to the published page at `site_path`, when the site has an address.
    fn web_link(&mut self, site_path: &str, title: &str) -> Option<Item> {
        let base = self.views.project.site.base_url.as_deref()?;
        let url = format!("{}/{site_path}", base.trim_end_matches('/'));
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert("url", &url);
        let xml = match self.sources.tera.render(super::WEB_LINK_TEMPLATE, &ctx) {
            Ok(xml) => xml,
            Err(err) => {
                self.errors.push(crate::diagnostic::error_chain(&err));
                return None;
            }
        };
        let file = format!("weblinks/{}.xml", self.program.slug);
        self.files
            .insert(file.clone(), Member::Bytes(xml.into_bytes()));
        Some(self.item(title, super::WEB_LINK_TYPE, None, vec![file], None))
    }

    fn item(
        &mut self,
        title: &str,
        kind: &'static str,
        href: Option<String>,
        files: Vec<String>,
        scorm_type: Option<&'static str>,
    ) -> Item {
        let name = files.first().map_or("file", String::as_str);
        let resource = self.ids.make("res", name);
        let id = self.ids.make("item", name);
        self.resources.push(Resource {
            id: resource.clone(),
            kind,
            href,
            files,
            scorm_type,
        });
        Item {
            id,
            title: title.to_owned(),
            resource: Some(resource),
            children: Vec::new(),
        }
    }
}
