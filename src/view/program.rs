//! A program (a unit of the curriculum) as its cards show it: on the home page, the downloads page,
//! the unit page and the cover of its book.

use serde::Serialize;

use super::Words;
use crate::config::SiteConfig;
use crate::content::model::{Kind, Program, resolve};
use crate::site::{program_path, relative};

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
    pub fn new(site: &SiteConfig, words: Words, program: &'a Program, page_path: &str) -> Self {
        let resolved = resolve(&program.docs, words.lang, &site.default_language);
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
