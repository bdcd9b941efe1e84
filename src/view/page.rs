//! The view of one page of the site: what every page has (title, language switcher, crumbs,
//! neighbours, notice) and what its kind of page shows.

use serde::Serialize;

use super::lists::{DownloadsView, LessonsView};
use super::matrix::MatrixView;
use super::program::{OverviewView, ProgramPage};
use super::status::StatusView;
use super::{LangView, LessonPage, Link, Notice, NoticeKind, Views};
use crate::config::Language;
use crate::markdown::View;
use crate::site::{Page, home_path, index_path, relative, share_image_path};

/// A page as every output sees it. `content` is flattened into the same level, so templates read
/// `lessons`, `programs`, … beside `page_title`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub page_path: String,
    pub page_title: String,
    pub languages: Vec<Switch<'a>>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The page's schema.org data, as JSON.
    pub json_ld: Option<String>,
    /// What a search result or a shared link shows under the title: the summary of a lesson or
    /// unit, else what the site is.
    pub description: String,
    /// Open Graph's kind of page: `article` for lessons, `website` for the rest.
    pub og_type: &'static str,
    /// The page's absolute address, when `base_url` is set.
    pub canonical: Option<String>,
    /// The absolute address of the picture a shared link shows, when `base_url` is set: the
    /// unit's for its pages and lessons, else the app icon.
    pub og_image: Option<String>,
    /// The language the page's content is in: the page's own, or the default it falls back to.
    pub content_lang: LangView<'a>,
    pub notice: Option<String>,
    pub notice_kind: Option<NoticeKind>,
    #[serde(flatten)]
    pub content: Content<'a>,
}

/// One language in the language switcher: the same page in that language.
#[derive(Debug, Serialize)]
pub struct Switch<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    pub url: String,
    /// Whether the page has its own text in that language.
    pub translated: bool,
    pub current: bool,
}

/// What a page shows besides what every page has.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Content<'a> {
    Nothing {},
    Chooser { choices: Vec<Choice<'a>> },
    Home(HomeView<'a>),
    Matrix(MatrixView<'a>),
    Status { status: StatusView<'a> },
    Lessons(LessonsView<'a>),
    Downloads(DownloadsView<'a>),
    Search { search_index_url: String },
    Program(Box<ProgramPage<'a>>),
    Overview(OverviewView<'a>),
    Lesson(Box<LessonPage<'a>>),
}

/// A language on the chooser page, in its own words.
#[derive(Debug, Serialize)]
pub struct Choice<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    pub title: &'a str,
    pub url: String,
    pub enter: String,
}

#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    pub programs: Vec<super::ProgramCard<'a>>,
    pub kit: Option<super::KitLink>,
}

/// What a kind of page contributes to its view; the rest is the same for every page.
pub(super) struct Parts<'a> {
    pub title: String,
    pub content: Content<'a>,
    /// The language the content is in, when it may fall back to the default one.
    pub language: Option<&'a Language>,
    pub notice: Option<Notice>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub json_ld: Option<String>,
    /// The summary of a lesson or unit page.
    pub description: Option<String>,
}

impl<'a> Parts<'a> {
    fn plain(title: String, content: Content<'a>) -> Self {
        Parts {
            title,
            content,
            language: None,
            notice: None,
            prev: None,
            next: None,
            json_ld: None,
            description: None,
        }
    }
}

impl<'a> Views<'a> {
    /// The view of `page`.
    pub fn page(&self, page: &Page<'a>) -> PageView<'a> {
        let lang = page.lang().unwrap_or(self.default_lang());
        let path = page.path();
        let parts = self.parts(page, &path, lang);
        let site = &self.project.site;
        let language = parts
            .language
            .or_else(|| site.language(lang))
            .unwrap_or(&site.languages[0]);
        let og_type = match page {
            Page::Lesson { .. } => "article",
            _ => "website",
        };
        let absolute = |to: &str| {
            (site.base_url.as_deref()).map(|base| format!("{}/{to}", base.trim_end_matches('/')))
        };
        let canonical = absolute(&path);
        let og_image = match page {
            Page::Program { program, .. }
            | Page::Overview { program, .. }
            | Page::Lesson { program, .. } => absolute(&share_image_path(lang, &program.slug)),
            _ => absolute("assets/icon-512.png"),
        };
        PageView {
            description: (parts.description.clone())
                .unwrap_or_else(|| self.words(lang).text("home.intro")),
            og_type,
            canonical,
            og_image,
            languages: self.switch(page, &path, lang),
            breadcrumbs: self.breadcrumbs(page, &path),
            page_path: path,
            page_title: parts.title,
            prev: parts.prev,
            next: parts.next,
            json_ld: parts.json_ld,
            content_lang: LangView::of(language),
            notice_kind: parts.notice.as_ref().map(|n| n.kind),
            notice: parts.notice.map(|n| n.text),
            content: parts.content,
        }
    }

    fn parts(&self, page: &Page<'a>, path: &str, lang: &'a str) -> Parts<'a> {
        let words = self.words(lang);
        let plain = Parts::plain;
        match page {
            Page::Chooser => plain(
                self.project.site.title_in(lang).to_owned(),
                Content::Chooser {
                    choices: self.choices(),
                },
            ),
            Page::NotFound => plain(words.text("notfound.title"), Content::Nothing {}),
            Page::Offline { .. } => plain(words.text("offline.title"), Content::Nothing {}),
            Page::Home { .. } => plain(
                self.project.site.title_in(lang).to_owned(),
                Content::Home(self.home(path, lang)),
            ),
            Page::Matrix { .. } => plain(
                words.text("matrix.title"),
                Content::Matrix(self.matrix(path, lang)),
            ),
            Page::Status { .. } => plain(
                words.text("status.title"),
                Content::Status {
                    status: self.status(path, lang),
                },
            ),
            Page::Lessons { .. } => plain(
                words.text("filters.all_lessons"),
                Content::Lessons(self.lessons(path, lang)),
            ),
            Page::Downloads { .. } => plain(
                words.text("downloads.title"),
                Content::Downloads(self.downloads_view(path, lang)),
            ),
            Page::Search { .. } => plain(
                words.text("search.title"),
                Content::Search {
                    search_index_url: relative(path, &index_path(lang)),
                },
            ),
            Page::Program { program, .. } => self.program_page(path, lang, program),
            Page::Overview { program, part, .. } => {
                let shown = self.overview(path, lang, program, *part);
                plain(shown.title.clone(), Content::Overview(shown))
            }
            Page::Lesson {
                program,
                lesson,
                index,
                view,
                ..
            } => self.lesson_page(path, lang, (program, lesson, *index), *view),
        }
    }

    /// The same page in every language of the site.
    fn switch(&self, page: &Page<'a>, path: &str, lang: &str) -> Vec<Switch<'a>> {
        self.project
            .site
            .languages
            .iter()
            .map(|l| Switch {
                code: &l.code,
                name: &l.name,
                dir: l.direction.as_str(),
                url: relative(path, &page.in_language(&l.code).path()),
                translated: is_translated(page, &l.code),
                current: l.code == lang,
            })
            .collect()
    }

    /// The way back up: the language's start page, then the unit for its lessons.
    fn breadcrumbs(&self, page: &Page<'a>, path: &str) -> Vec<Link> {
        let home = |lang: &str| Link {
            title: self.project.site.title_in(lang).to_owned(),
            url: relative(path, &home_path(lang)),
        };
        match page {
            Page::Chooser | Page::NotFound | Page::Home { .. } => Vec::new(),
            Page::Program { lang, .. } | Page::Offline { lang } => vec![home(lang)],
            Page::Overview { lang, program, .. } | Page::Lesson { lang, program, .. } => {
                vec![home(lang), self.program_link(path, lang, program)]
            }
            Page::Matrix { lang }
            | Page::Status { lang }
            | Page::Lessons { lang }
            | Page::Downloads { lang }
            | Page::Search { lang } => vec![home(lang)],
        }
    }

    fn choices(&self) -> Vec<Choice<'a>> {
        let site = &self.project.site;
        site.languages
            .iter()
            .map(|l| Choice {
                code: &l.code,
                name: &l.name,
                dir: l.direction.as_str(),
                title: site.title_in(&l.code),
                url: home_path(&l.code),
                enter: self.words(&l.code).text("chooser.enter"),
            })
            .collect()
    }

    fn home(&self, path: &str, lang: &'a str) -> HomeView<'a> {
        HomeView {
            programs: self
                .project
                .programs
                .iter()
                .map(|p| self.card(path, lang, p))
                .collect(),
            kit: self.kit_link(path, lang),
        }
    }
}

/// Whether `page` has its own text in `lang`; pages made of UI strings always have.
fn is_translated(page: &Page, lang: &str) -> bool {
    match page {
        Page::Program { program, .. } | Page::Overview { program, .. } => {
            program.docs.contains_key(lang)
        }
        Page::Lesson { lesson, .. } => lesson.docs.contains_key(lang),
        _ => true,
    }
}

/// The page a lesson view links its neighbours to.
pub fn lesson_view_path(view: View, lang: &str, program: &str, slug: &str) -> String {
    match view {
        View::Trainer => crate::site::lesson_path(lang, program, slug),
        View::Participant => crate::site::participant_path(lang, program, slug),
    }
}
