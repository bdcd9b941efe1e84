//! Rewriting links between source files into relative links between pages.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{lesson_path, media_path, program_path, relative};
use crate::content::model::{Document, Program, Project, curriculum_parts, picture_variant};
use crate::markdown::{Resolver, Target};

/// The lessons a page links to, as (program slug, lesson slug): the page must be rendered again
/// when one of their headings changes.
pub type Linked = BTreeSet<(String, String)>;

/// Resolves the links of one document rendered into one page.
pub struct PageLinks<'a> {
    pub project: &'a Project,
    pub program: &'a Program,
    pub doc: &'a Document,
    pub page_path: &'a str,
    pub lang: &'a str,
    /// The lessons the links resolved so far lead to.
    pub linked: RefCell<Linked>,
}

impl<'a> PageLinks<'a> {
    pub fn new(
        project: &'a Project,
        program: &'a Program,
        doc: &'a Document,
        page_path: &'a str,
        lang: &'a str,
    ) -> Self {
        PageLinks {
            project,
            program,
            doc,
            page_path,
            lang,
            linked: RefCell::new(Linked::new()),
        }
    }
}

/// Whether a link names its own scheme (`https:`, `mailto:`): it leads out of the site.
pub fn has_scheme(dest: &str) -> bool {
    dest.split(['/', '#', '?'])
        .next()
        .is_some_and(|first| first.contains(':'))
}

fn encode_fragment(fragment: &str) -> String {
    fragment.replace(' ', "%20").replace('"', "%22")
}

impl<'a> PageLinks<'a> {
    /// The target's path inside `curriculum/`, as components, with `..` and `.` applied.
    fn normalise(&self, path: &str) -> Option<Vec<String>> {
        curriculum_parts(&self.program.slug, path)
    }

    fn broken(&self, message: String, hint: String) -> Target {
        Target::Broken { message, hint }
    }

    fn check_anchor(&self, doc: &Document, fragment: Option<&str>, shown: &str) -> Option<Target> {
        let fragment = fragment?;
        let decoded = fragment.replace("%20", " ");
        if doc.anchors.contains(&decoded) {
            return None;
        }
        let known: Vec<&str> = doc.anchors.iter().map(String::as_str).collect();
        let hint = match crate::diagnostic::did_you_mean(&decoded, known.iter().copied()) {
            Some(best) => format!("did you mean `#{best}`?"),
            None if known.is_empty() => format!("{shown} has no headings to link to"),
            None => format!(
                "headings in {shown}: {}",
                known
                    .iter()
                    .map(|a| format!("#{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Some(self.broken(
            format!("the heading `#{fragment}` does not exist in {shown}"),
            hint,
        ))
    }

    fn markdown_target(&self, parts: &'a [String], fragment: Option<&str>, dest: &str) -> Target {
        let site = &self.project.site;
        let [program_slug, file] = parts else {
            return self.broken(
                format!("`{dest}` does not lead to a lesson"),
                "link to a lesson by its file, e.g. `02-mouse.md` or `../family/03-circuit.md`"
                    .to_owned(),
            );
        };
        let Some(program) = self.project.program(program_slug) else {
            return self.broken(
                format!("`{dest}` points into `{program_slug}`, which is not a program"),
                format!("programs are: {}", site.programs.join(", ")),
            );
        };
        let stem = file.trim_end_matches(".md");
        let (base, explicit) = match stem.rsplit_once('.') {
            Some((base, code)) if site.language(code).is_some() => (base, Some(code)),
            // A file in a language this build leaves out (`--lang`): the page in the reader's.
            Some((base, _)) if base == "_program" || program.lesson(base).is_some() => (base, None),
            _ => (stem, None),
        };
        // Content shown as a fallback names the headings of its own language: when the reader's
        // language titles them differently, the anchor leads to the page in the content's language.
        let choose = |doc_in: &dyn Fn(&str) -> &'a Document| -> &str {
            match (explicit, fragment) {
                (Some(code), _) => code,
                (None, Some(fragment))
                    if self.doc.lang != self.lang
                        && !doc_in(self.lang).anchors.contains(fragment) =>
                {
                    &self.doc.lang
                }
                _ => self.lang,
            }
        };
        if base == "_program" {
            let lang = choose(&|l| &program.docs.resolve(l).item.doc);
            let doc = &program.docs.resolve(lang).item.doc;
            if let Some(broken) = self.check_anchor(doc, fragment, dest) {
                return broken;
            }
            return self.url(&program_path(lang, &program.slug), fragment);
        }
        if program.unreadable.contains(base) {
            return self.url(
                &lesson_path(explicit.unwrap_or(self.lang), &program.slug, base),
                fragment,
            );
        }
        let Some(lesson) = program.lesson(base) else {
            let slugs: Vec<&str> = program.lessons.iter().map(|l| l.slug.as_str()).collect();
            let hint = match crate::diagnostic::did_you_mean(base, slugs.iter().copied()) {
                Some(best) => format!("did you mean `{best}.md`?"),
                None => format!("check the file name in curriculum/{}/", program.slug),
            };
            return self.broken(format!("the link target `{dest}` does not exist"), hint);
        };
        self.linked
            .borrow_mut()
            .insert((program.slug.clone(), lesson.slug.clone()));
        let lang = choose(&|l| &lesson.docs.resolve(l).item.doc);
        let doc = &lesson.docs.resolve(lang).item.doc;
        if let Some(broken) = self.check_anchor(doc, fragment, dest) {
            return broken;
        }
        self.url(&lesson_path(lang, &program.slug, &lesson.slug), fragment)
    }

    fn url(&self, target: &str, fragment: Option<&str>) -> Target {
        let mut url = relative(self.page_path, target);
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(&encode_fragment(fragment));
        }
        Target::Url(url)
    }

    fn media_target(&self, parts: &[String], dest: &str) -> Target {
        let found = parts.split_first().and_then(|(program_slug, rest)| {
            let program = self.project.program(program_slug)?;
            let file: PathBuf = rest.iter().collect();
            program
                .media
                .contains(&file)
                .then(|| media_path(program_slug, &file))
        });
        match found {
            Some(path) => Target::Url(relative(self.page_path, &path)),
            None => self.missing_file(dest),
        }
    }

    /// A picture in the page's language: `keyboard.de.svg` for `keyboard.svg` on a German page,
    /// when it exists; else the picture itself, with a warning when it has words on it that a
    /// reader of another language than the source's cannot read. A page that shows the source
    /// because its language has no translation yet is in the picture's language: no warning.
    fn picture(&self, parts: &[String], dest: &str) -> Target {
        let Some((program_slug, rest)) = parts.split_first() else {
            return self.missing_file(dest);
        };
        let Some(program) = self.project.program(program_slug) else {
            return self.missing_file(dest);
        };
        let file: PathBuf = rest.iter().collect();
        let variant = picture_variant(&file, self.lang);
        if program.media.contains(&variant) {
            return Target::Url(relative(
                self.page_path,
                &media_path(program_slug, &variant),
            ));
        }
        let target = self.media_target(parts, dest);
        let default = &self.project.site.default_language;
        match (target, program.untranslated_words(&file, self.lang)) {
            (Target::Url(url), Some(labels)) if self.doc.lang != *default => {
                let name = self
                    .project
                    .site
                    .language(self.lang)
                    .map_or(self.lang, |l| l.name.as_str());
                Target::Warned {
                    url,
                    message: format!(
                        "`{dest}` has words on it ({}) and no {name} version",
                        labels.join(", ")
                    ),
                    hint: format!(
                        "save a copy with the words translated as `{}` next to it; this page shows the picture as it is",
                        variant.to_string_lossy()
                    ),
                }
            }
            (target, _) => target,
        }
    }

    fn missing_file(&self, dest: &str) -> Target {
        self.broken(
            format!("the file `{dest}` does not exist"),
            "put the file next to the Markdown file and check the spelling (images: png, jpg, svg, gif, webp)".to_owned(),
        )
    }
}

impl Resolver for PageLinks<'_> {
    fn link(&self, dest: &str) -> Target {
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return Target::Url(dest.to_owned());
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        if path.is_empty() {
            return match self.check_anchor(self.doc, fragment, "this page") {
                Some(broken) => broken,
                None => Target::Url(dest.to_owned()),
            };
        }
        let Some(parts) = self.normalise(path) else {
            return self.broken(
                format!("`{dest}` leads outside the curriculum"),
                "link only to files inside curriculum/".to_owned(),
            );
        };
        if path.ends_with(".md") {
            self.markdown_target(&parts, fragment, dest)
        } else {
            self.media_target(&parts, dest)
        }
    }

    fn image(&self, dest: &str) -> Target {
        if has_scheme(dest) {
            return self.broken(
                format!("the image `{dest}` is loaded from the internet"),
                "the site must work offline: save the image next to the Markdown file and link it by name".to_owned(),
            );
        }
        match self.normalise(dest) {
            Some(parts) => self.picture(&parts, dest),
            None => self.broken(
                format!("`{dest}` leads outside the curriculum"),
                "put images next to the Markdown file".to_owned(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_only_what_they_must() {
        assert_eq!(relative("index.html", "en/index.html"), "en/index.html");
        assert_eq!(
            relative("en/basic/01-a.html", "de/basic/01-a.html"),
            "../../de/basic/01-a.html"
        );
        assert_eq!(
            relative("en/basic/01-a.html", "en/basic/02-b.html#x"),
            "02-b.html#x"
        );
        assert_eq!(
            relative("en/basic/01-a.html", "en/index.html"),
            "../index.html"
        );
        assert_eq!(relative("en/basic/01-a.html", "en/basic/"), "./");
        assert_eq!(
            relative("en/basic/01-a.html", "assets/style.css"),
            "../../assets/style.css"
        );
        assert_eq!(relative("en/index.html", "en/index.html"), "index.html");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("02-mouse.md#a:b"));
        assert!(!has_scheme("../family/03.md"));
    }
}
