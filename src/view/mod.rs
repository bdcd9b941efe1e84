//! What each page shows, in one language, made once and rendered by every output: the web page
//! through its Tera template, the PDF through its Typst template, the search index from its text.
//! A view holds no markup of any output: Markdown stays Markdown ([`Inline`]) until a renderer
//! turns it into its own.

mod attendance;
mod certificate;
mod course;
mod jsonld;
mod lesson;
mod lists;
mod matrix;
mod page;
mod program;
mod status;

pub use attendance::{AttendanceView, SessionColumn, WeekSheet};
pub use certificate::{CertificateText, CertificateView, Issuer, TaughtCompetence, date};
pub use course::{CourseLesson, CoursePackages, CourseSection, CourseView};
pub use lesson::{
    Competence, KeywordView, LessonPage, LessonView, LevelView, PhaseView, shown_elsewhere,
};
pub use lists::{DownloadsView, Filters, LessonsView};
pub use matrix::MatrixView;
pub use page::{Content, PageView, Switch};
pub use program::{OverviewView, ProgramCard, ProgramPage};
pub use status::StatusView;

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use crate::config::{Language, SiteConfig};
use crate::content::model::{Document, Program, Project, Status};
use crate::digcomp::{Area, Level};
use crate::locale::Catalog;
use crate::markdown::{Labels, render_inline};
use crate::site::{self, Downloads, program_path, relative};

/// Everything views are made from.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub project: &'a Project,
    pub catalog: &'a Catalog,
    /// The PDFs and kits pages link to; empty when none are made.
    pub downloads: &'a Downloads,
}

impl<'a> Views<'a> {
    pub fn default_lang(&self) -> &'a str {
        &self.project.site.default_language
    }

    pub fn words(&self, lang: &'a str) -> Words<'a> {
        Words::new(self.catalog, lang)
    }

    /// The card of a program on the page at `path`.
    pub fn card(&self, path: &str, lang: &'a str, program: &'a Program) -> ProgramCard<'a> {
        ProgramCard::new(self.words(lang), program, path)
    }

    /// A link from the page at `path` to a program's page, with its title.
    pub fn program_link(&self, path: &str, lang: &str, program: &Program) -> Link {
        Link {
            title: program.title(lang).to_owned(),
            url: relative(path, &program_path(lang, &program.slug)),
        }
    }

    /// A link to a PDF of the site with its size, if the build made it.
    pub fn pdf_link(&self, path: &str, pdf: &str) -> Option<PdfLink> {
        let bytes = self.downloads.get(pdf)?;
        Some(PdfLink {
            url: relative(path, pdf),
            size: bytes.map(human_size),
        })
    }

    /// The link to the language's whole kit, with how many PDFs it holds, if the build made it.
    pub fn kit_link(&self, path: &str, lang: &'a str) -> Option<KitLink> {
        let link = self.pdf_link(path, &site::kit_path(self.project, lang))?;
        let pdfs = site::of_language(self.downloads, lang)
            .filter(|(path, _)| path.ends_with(".pdf"))
            .count();
        Some(KitLink {
            link,
            files: self.words(lang).plural("downloads.files", pdfs as u64),
        })
    }
}

/// A link with the title it shows.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A link to a download, with its size once it is made ("84 KB").
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    pub url: String,
    pub size: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KitLink {
    #[serde(flatten)]
    pub link: PdfLink,
    /// "122 PDF files".
    pub files: String,
}

/// A file size as people read it: "84 KB", "1.2 MB".
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{} KB", bytes.div_ceil(1000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

/// The site's words in one language: UI strings, plurals, durations, DigComp titles.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub catalog: &'a Catalog,
    pub lang: &'a str,
}

impl Labels for Words<'_> {
    fn label(&self, key: &str) -> String {
        self.text(key)
    }
}

impl<'a> Words<'a> {
    pub fn new(catalog: &'a Catalog, lang: &'a str) -> Self {
        Words { catalog, lang }
    }

    pub fn text(&self, key: &str) -> String {
        self.catalog.text(self.lang, key)
    }

    pub fn plural(&self, key: &str, n: u64) -> String {
        self.catalog.plural(self.lang, key, n)
    }

    /// "2 hours 30 min", with the language's plural forms.
    pub fn duration(&self, minutes: u32) -> String {
        let (hours, rest) = (minutes / 60, minutes % 60);
        match (hours, rest) {
            (0, m) => self.plural("units.minutes", m.into()),
            (h, 0) => self.plural("units.hours", h.into()),
            (h, m) => format!(
                "{} {}",
                self.plural("units.hours", h.into()),
                self.plural("units.minutes", m.into())
            ),
        }
    }

    /// The name of a proficiency level's band ("Foundation").
    pub fn band(&self, level: &Level) -> String {
        let key = level.band.to_lowercase().replace(' ', "_");
        self.text(&format!("band.{key}"))
    }

    /// A DigComp area's title, translated where the locale has it.
    pub fn area_title(&self, area: &Area) -> String {
        let key = format!("digcomp.area{}", area.code);
        let text = self.text(&key);
        if text == key {
            area.title.clone()
        } else {
            text
        }
    }

    pub fn digcomp_title(&self, code: &str) -> String {
        self.catalog.digcomp_title(self.lang, code)
    }
}

/// A short Markdown text (an objective, a phase's activity). Templates get it as HTML; other
/// renderers read [`Inline::markdown`] and make their own markup of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline<'a>(Cow<'a, str>);

impl Inline<'_> {
    pub fn markdown(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl<'a> Inline<'a> {
    /// Each text of a front-matter list (objectives, materials) as inline Markdown.
    pub fn list(texts: &'a [String]) -> Vec<Inline<'a>> {
        texts.iter().map(|t| Inline::from(t.as_str())).collect()
    }
}

impl<'a> From<&'a str> for Inline<'a> {
    fn from(markdown: &'a str) -> Self {
        Inline(Cow::Borrowed(markdown))
    }
}

impl From<String> for Inline<'_> {
    fn from(markdown: String) -> Self {
        Inline(Cow::Owned(markdown))
    }
}

impl Serialize for Inline<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&render_inline(&self.0))
    }
}

/// A language as pages name it: code, own name and writing direction.
#[derive(Debug, Clone, Serialize)]
pub struct LangView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
}

impl<'a> LangView<'a> {
    pub fn of(language: &'a Language) -> Self {
        LangView {
            code: &language.code,
            name: &language.name,
            dir: language.direction.as_str(),
        }
    }
}

/// Why a page's content is not what its language promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    /// The page falls back to the default language.
    Untranslated,
    /// The translation is not reviewed yet.
    Draft,
}

#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

/// What a page made from `doc` in `words.lang` says about its content's language: the content's
/// own language, and a notice when it is a fallback or a draft.
pub fn content_language<'a>(
    site: &'a SiteConfig,
    words: Words,
    doc: &Document,
    translated: bool,
    is_lesson: bool,
) -> (&'a Language, Option<Notice>) {
    let source = site.language(&doc.lang).unwrap_or(&site.languages[0]);
    let notice = if !translated {
        let key = if is_lesson {
            "notice.untranslated_lesson"
        } else {
            "notice.untranslated_page"
        };
        Some(Notice {
            kind: NoticeKind::Untranslated,
            text: words.text(key).replace("{language}", &source.name),
        })
    } else if doc.status == Status::Draft && words.lang != site.default_language {
        Some(Notice {
            kind: NoticeKind::Draft,
            text: words.text("notice.draft"),
        })
    } else {
        None
    };
    (source, notice)
}
