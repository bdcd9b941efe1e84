//! What the pages of a site are made from, summed up from the loaded project before any page's
//! view is made, so that a rebuild can take over a page without making its view.
//!
//! A page's view and body are made from the project, the UI strings and the downloads. The views
//! of a unit's pages (its lessons, its unit page and overviews) read the front matter of every
//! document but the bodies of their own unit only, and a body's links to other units depend on
//! their headings alone. So a unit's pages are summed up from the front matter and headings of
//! every document plus the whole text of the unit's own, and every other page from the whole
//! text of everything: after an edit of one lesson's body, only its unit's pages and the
//! site-wide ones need their views made again, and those whose view turns out the same are still
//! not rendered (their [`super::Entry::key`]).

use std::collections::HashMap;

use super::{Key, KeyHasher};
use crate::content::model::{Document, Lesson, Program, Project};
use crate::site::Downloads;

/// The sums of a project's sources, per unit and for the whole site.
pub struct Sources {
    /// The front matter and headings of every document, the units' files and the downloads.
    outline: Key,
    /// The whole text of each unit's documents, by unit.
    units: HashMap<String, Key>,
    /// Everything: the outline and every unit.
    all: Key,
}

impl Sources {
    pub fn of(project: &Project, downloads: &Downloads) -> Sources {
        // `site.yaml` is in the cache's fingerprint.
        let Project {
            root,
            site: _,
            programs,
        } = project;
        let mut outline = KeyHasher::new();
        outline.add(root).add(downloads);
        let mut units = HashMap::new();
        for program in programs {
            units.insert(program.slug.clone(), unit(program, &mut outline));
        }
        let outline = outline.key();
        let mut all = KeyHasher::new();
        all.add(outline);
        for program in programs {
            all.add(units.get(&program.slug));
        }
        Sources {
            outline,
            units,
            all: all.key(),
        }
    }

    /// The sum of what a page of `unit` is made from; `None` for the pages of the whole site.
    pub fn page(&self, unit: Option<&str>) -> Key {
        match unit.and_then(|unit| self.units.get(unit)) {
            Some(texts) => KeyHasher::new().add(self.outline).add(texts).key(),
            None => self.all,
        }
    }
}

/// The sum of the whole text of a unit's documents; their outline goes into `outline`. Every
/// field is named, so that a field added to the model is not left out unseen.
fn unit(program: &Program, outline: &mut KeyHasher) -> Key {
    // The kind, rhythm and certificate rule are read from the unit page's front matter.
    let Program {
        slug,
        kind: _,
        rhythm: _,
        certificate: _,
        docs,
        lessons,
        media,
        labels,
        unreadable,
    } = program;
    outline.add(slug).add(media).add(labels).add(unreadable);
    let mut texts = KeyHasher::new();
    texts.add(slug);
    let documents = docs.values().map(|d| &d.doc);
    for doc in documents.chain(lessons.iter().flat_map(lesson_documents)) {
        document(doc, outline, &mut texts);
    }
    for lesson in lessons {
        // The structure is read from the front matter.
        let Lesson {
            slug,
            number,
            structure: _,
            docs: _,
        } = lesson;
        outline.add(slug).add(number);
    }
    texts.key()
}

fn lesson_documents(lesson: &Lesson) -> impl Iterator<Item = &Document> {
    lesson.docs.values().map(|d| &d.doc)
}

/// Adds a document's front matter and headings to `outline`, and its whole text to `texts`.
fn document(doc: &Document, outline: &mut KeyHasher, texts: &mut KeyHasher) {
    // The status and source version are read from the front matter, the body from the text.
    let Document {
        path,
        lang,
        text,
        front_matter,
        body: _,
        body_line,
        status: _,
        source_version: _,
        anchors,
    } = doc;
    outline
        .add(path)
        .add(lang)
        .add(&front_matter.yaml)
        .add(front_matter.line)
        .add(body_line)
        .add(anchors);
    texts.add(path).add(text);
}

/// What the links of any body may lead to, but the headings of lessons: the languages, and each
/// program's lessons, their translations, its pictures and the words on them, and the headings of
/// its program page. Headings of lessons are hashed per page, for the lessons it links to only.
pub fn structure(project: &Project) -> Key {
    let mut hash = KeyHasher::new();
    hash.add(&project.site.default_language);
    for language in &project.site.languages {
        hash.add(&language.code);
    }
    for program in &project.programs {
        hash.add(&program.slug)
            .add(&program.media)
            .add(&program.labels)
            .add(&program.unreadable);
        for (lang, doc) in program.docs.iter() {
            hash.add(lang).add(&doc.doc.anchors);
        }
        for lesson in &program.lessons {
            hash.add(&lesson.slug);
            hash.add(lesson.docs.iter().map(|(lang, _)| lang).collect::<Vec<_>>());
        }
    }
    hash.key()
}
