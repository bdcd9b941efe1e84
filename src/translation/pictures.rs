//! Pictures with words that a translated page shows untranslated: the same rule as the site's
//! (`keyboard.svg` has words and there is no `keyboard.de.svg`), counted without rendering, for
//! `digifam status`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::content::model::{Document, Program, Project, curriculum_parts, picture_variant};
use crate::markdown::image_destinations;

use super::translation_languages;

/// A picture shown untranslated on the translated pages of one language of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UntranslatedPicture {
    /// The unit whose pages show it.
    pub program: String,
    pub lang: String,
    /// The picture, relative to the curriculum folder, and the version to make.
    pub picture: PathBuf,
    pub variant: PathBuf,
    pub words: Vec<String>,
    /// The translations that show it.
    pub pages: Vec<PathBuf>,
}

/// Every picture with words that a translation shows without a version in its language.
pub fn untranslated_pictures(project: &Project) -> Vec<UntranslatedPicture> {
    let mut found: BTreeMap<(String, String, PathBuf), UntranslatedPicture> = BTreeMap::new();
    for program in &project.programs {
        for lang in translation_languages(&project.site) {
            let docs = program_docs(program, lang);
            for doc in docs {
                for (owner, file) in pictures_of(program, doc) {
                    let Some(owner) = project.program(&owner) else {
                        continue;
                    };
                    let Some(words) = owner.untranslated_words(&file, lang) else {
                        continue;
                    };
                    let picture = PathBuf::from(&owner.slug).join(&file);
                    let key = (program.slug.clone(), lang.to_owned(), picture.clone());
                    let entry = found.entry(key).or_insert_with(|| UntranslatedPicture {
                        program: program.slug.clone(),
                        lang: lang.to_owned(),
                        variant: picture_variant(&picture, lang),
                        picture,
                        words: words.to_vec(),
                        pages: Vec::new(),
                    });
                    if !entry.pages.contains(&doc.path) {
                        entry.pages.push(doc.path.clone());
                    }
                }
            }
        }
    }
    found.into_values().collect()
}

/// The translations in `lang` of a unit's program page and lessons.
fn program_docs<'a>(program: &'a Program, lang: &str) -> Vec<&'a Document> {
    let page = program.docs.get(lang).map(|p| &p.doc);
    let lessons = program.lessons.iter().filter_map(|l| l.docs.get(lang));
    page.into_iter().chain(lessons.map(|l| &l.doc)).collect()
}

/// The pictures a document shows, as the program that holds each and its file in there.
fn pictures_of(program: &Program, doc: &Document) -> Vec<(String, PathBuf)> {
    image_destinations(&doc.body)
        .iter()
        .filter_map(|dest| curriculum_parts(&program.slug, dest))
        .filter_map(|parts| {
            let (owner, rest) = parts.split_first()?;
            Some((owner.clone(), rest.iter().collect()))
        })
        .collect()
}
