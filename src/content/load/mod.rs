//! Reading `curriculum/` from disk into a [`Project`], collecting every problem on the way.
//!
//! `site.yaml` first ([`site`]), then each program folder: its files found and read
//! ([`discover`]), its page ([`program`]), its lessons ([`lesson`]), each file's front matter
//! parsed into a [`Document`](super::model::Document) the same way ([`document`]).

mod discover;
mod document;
mod lesson;
mod program;
mod site;

use std::path::{Path, PathBuf};

use super::memo::Memo;
use super::model::{Lesson, Program, Project};
use crate::diagnostic::Diagnostics;
use discover::FileName;

pub const CONTENT_DIR: &str = "curriculum";
pub const MEDIA_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "svg", "gif", "webp"];

/// Where the file of a lesson in a language lies (or would lie), relative to the project root,
/// as messages name it.
pub fn lesson_file(program: &str, slug: &str, lang: &str) -> PathBuf {
    let name = FileName::Lesson {
        slug: slug.to_owned(),
        number: 0,
        lang: lang.to_owned(),
    };
    Path::new(CONTENT_DIR).join(program).join(name.file_name())
}

/// Loads the project at `root`, taking the front matter of files the previous build parsed over
/// from `memo`. Returns `None` only when nothing can be built at all (no `site.yaml`); every
/// other problem is a diagnostic and the rest of the content still loads.
pub fn load(root: &Path, memo: &Memo, diagnostics: &mut Diagnostics) -> Option<Project> {
    let site = site::read(root, diagnostics)?;
    site::warn_unlisted_folders(root, &site.config, diagnostics);
    let programs = site
        .config
        .programs
        .iter()
        .filter_map(|slug| {
            let dir = site.program_folder(root, slug, diagnostics)?;
            program::load_program(root, &site.config, slug, &dir, memo, diagnostics)
        })
        .collect();
    Some(Project {
        root: root.to_path_buf(),
        site: site.config,
        programs,
    })
}

/// Reads one lesson again, in every language, as [`load`] does: the dev server's incremental
/// rebuild after an edit. `None` when its source cannot be read; the problems are in `diagnostics`.
pub fn reload_lesson(
    project: &Project,
    program: &Program,
    slug: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Lesson> {
    let number = program.lesson(slug)?.number;
    let site = &project.site;
    let dir = project.root.join(CONTENT_DIR).join(&program.slug);
    // The folder's other files, and this lesson's files in languages the site does not have, keep
    // the problems the last full load reported for them.
    let listing = discover::list(&project.root, &dir, &mut Diagnostics::default());
    let files = listing
        .files
        .into_iter()
        .filter(|file| match &file.name {
            FileName::Lesson {
                slug: own, lang, ..
            } => own == slug && site.language(lang).is_some(),
            FileName::Program { .. } => false,
        })
        .collect();
    let sources = discover::read(files, site, diagnostics);
    if sources.unreadable_lessons.contains(slug) {
        return None;
    }
    let by_lang = sources
        .lessons()
        .remove(&(number, slug.to_owned()))
        .unwrap_or_default();
    let default = &site.default_language;
    let memo = Memo::default();
    lesson::load_lesson(
        program.kind,
        slug,
        number,
        default,
        &by_lang,
        &memo,
        diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reloaded_lesson_is_the_loaded_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let project = load(&root, &Memo::default(), &mut Diagnostics::default()).unwrap();
        let files = |lesson: &Lesson| {
            lesson
                .docs
                .iter()
                .map(|(lang, d)| (lang.clone(), d.doc.path.clone(), d.doc.text.clone()))
                .collect::<Vec<_>>()
        };
        for program in &project.programs {
            for lesson in &program.lessons {
                let mut diagnostics = Diagnostics::default();
                let again = reload_lesson(&project, program, &lesson.slug, &mut diagnostics);
                let again = again.unwrap();
                assert_eq!(again.number, lesson.number);
                assert_eq!(again.structure, lesson.structure);
                assert_eq!(files(&again), files(lesson));
            }
        }
        assert!(project.lesson_count() > 2);
    }

    #[test]
    fn a_load_that_takes_the_parsed_front_matter_over_is_a_fresh_load() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let memo = Memo::default();
        let fresh = load(&root, &memo, &mut Diagnostics::default()).unwrap();
        let parsed = memo.to_bytes("id");
        let memo = memo.into_next();
        let again = load(&root, &memo, &mut Diagnostics::default()).unwrap();
        assert_eq!(format!("{again:?}"), format!("{fresh:?}"));
        // Every file was taken over, and is kept for the load after.
        assert_eq!(memo.to_bytes("id"), parsed);
        assert!(parsed.len() > 1000);
    }
}
