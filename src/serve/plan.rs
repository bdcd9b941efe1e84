//! What an edit of lessons makes the dev server render again: the edited lessons' own pages, the
//! pages that link to their headings, and the pages that show them (their unit, neighbours, the
//! lists of every lesson) only when what those show of them changed.

use std::collections::{BTreeSet, HashMap};

use crate::build::Prepared;
use crate::config::Language;
use crate::content::model::Lesson;
use crate::site::Page;
use crate::site::links::Linked;
use crate::translation::{self, State};
use crate::view::shown_elsewhere;

/// Pages to re-render after lesson edits.
#[derive(Default)]
pub(super) struct Selection {
    /// Lesson indices, by program slug.
    lessons: HashMap<String, BTreeSet<usize>>,
    /// Programs whose page and overview are re-rendered.
    programs: BTreeSet<String>,
    home: bool,
    /// The pages that list every lesson of the site: the DigComp matrix, the lesson list and the
    /// translation status. They take longest.
    catalogues: bool,
    /// Pages chosen by their path: those that link to a lesson whose headings changed.
    paths: BTreeSet<String>,
}

impl Selection {
    pub(super) fn keeps(&self, page: &Page) -> bool {
        if !self.paths.is_empty() && self.paths.contains(&page.path()) {
            return true;
        }
        match page {
            Page::Lesson { program, index, .. } => self
                .lessons
                .get(program.slug.as_str())
                .is_some_and(|set| set.contains(index)),
            Page::Program { program, .. } | Page::Overview { program, .. } => {
                self.programs.contains(&program.slug)
            }
            Page::Home { .. } => self.home,
            Page::Matrix { .. }
            | Page::Lessons { .. }
            | Page::Status { .. }
            | Page::Downloads { .. } => self.catalogues,
            // The search page loads its index, which is rebuilt on its own.
            Page::Chooser | Page::NotFound | Page::Search { .. } | Page::Offline { .. } => false,
        }
    }
}

/// What to render again after lesson edits, in the order it is served.
#[derive(Default)]
pub(super) struct Plan {
    /// The edited lessons' own pages, and the pages that link to their headings.
    pub own: Selection,
    /// The pages of their units and their neighbours, when what those show of them changed.
    pub units: Selection,
    /// The pages listing every lesson.
    pub catalogues: Selection,
    /// The languages whose search index must be made again.
    pub indexes: BTreeSet<String>,
}

impl Plan {
    /// Adds what the edit of lesson `li` of program `pi` (formerly `old`) touches. `links` has
    /// the lessons each page links to.
    pub(super) fn add(
        &mut self,
        prepared: &Prepared,
        pi: usize,
        li: usize,
        old: &Lesson,
        links: &HashMap<String, Linked>,
    ) {
        let Prepared {
            project, catalog, ..
        } = prepared;
        let default = project.site.default_language.as_str();
        let program = &project.programs[pi];
        let new = &program.lessons[li];
        let listing_changed = shown_elsewhere(&project.site, catalog, program, old)
            != shown_elsewhere(&project.site, catalog, program, new);
        let status_changed = translation_states(default, old) != translation_states(default, new);
        self.indexes.extend(indexed_languages(
            &project.site.languages,
            default,
            old,
            new,
        ));
        self.own
            .lessons
            .entry(program.slug.clone())
            .or_default()
            .insert(li);
        if listing_changed {
            let neighbours = self.units.lessons.entry(program.slug.clone()).or_default();
            neighbours.extend(li.checked_sub(1));
            neighbours.extend((li + 1 < program.lessons.len()).then_some(li + 1));
            self.units.programs.insert(program.slug.clone());
            self.units.home = true;
        }
        self.catalogues.catalogues |= listing_changed || status_changed;
        if anchors(old) != anchors(new) {
            // Pages that link to the lesson check its headings.
            let target = (program.slug.clone(), new.slug.clone());
            self.own.paths.extend(
                links
                    .iter()
                    .filter(|(_, linked)| linked.contains(&target))
                    .map(|(path, _)| path.clone()),
            );
        }
    }
}

fn translation_states(default: &str, lesson: &Lesson) -> Vec<(String, State)> {
    let Some(source) = lesson.docs.get(default) else {
        return Vec::new();
    };
    let version = translation::source_hash(&source.doc.text);
    lesson
        .docs
        .iter()
        .map(|(lang, d)| (lang.clone(), translation::state(&version, Some(&d.doc))))
        .collect()
}

/// The languages whose search index shows something else of the lesson after an edit: the
/// language of each edited file, and every language that falls back to an edited source.
fn indexed_languages(
    languages: &[Language],
    default: &str,
    old: &Lesson,
    new: &Lesson,
) -> Vec<String> {
    fn shown<'a>(lesson: &'a Lesson, lang: &str, default: &str) -> Option<&'a str> {
        lesson
            .docs
            .get(lang)
            .or_else(|| lesson.docs.get(default))
            .map(|d| d.doc.text.as_str())
    }
    languages
        .iter()
        .filter(|l| {
            old.structure != new.structure
                || shown(old, &l.code, default) != shown(new, &l.code, default)
        })
        .map(|l| l.code.clone())
        .collect()
}

fn anchors(lesson: &Lesson) -> Vec<(&String, &BTreeSet<String>)> {
    lesson
        .docs
        .iter()
        .map(|(lang, d)| (lang, &d.doc.anchors))
        .collect()
}
