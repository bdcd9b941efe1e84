//! Links inside a package: the site's own link resolution decides where a link leads, and the
//! package then keeps it inside itself where it holds the target, points at the published site
//! where it does not, or leaves plain text when the site has no public address.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::content::model::{Document, Program, Project};
use crate::markdown::{Resolver, Target};
use crate::site::links::{PageLinks, has_scheme};
use crate::site::{self, program_path, relative};

/// Where the package keeps its pages and files.
pub const INTRO: &str = "intro.html";

pub fn lesson_page(slug: &str) -> String {
    format!("lessons/{slug}.html")
}

/// A PDF's place in the package, by its file name in the site.
pub fn pdf_file(site_path: &str) -> String {
    let name = site_path.rsplit('/').next().unwrap_or(site_path);
    format!("pdf/{name}")
}

/// Resolves the links of one page of a package.
pub struct PackageLinks<'a> {
    site: PageLinks<'a>,
    lang: &'a str,
    program: &'a Program,
    /// The page's path inside the package.
    page: &'a str,
    base_url: Option<&'a str>,
    /// The images and other files of the site the page uses, by site path: they go into the
    /// package beside it.
    pub media: RefCell<BTreeSet<String>>,
}

impl<'a> PackageLinks<'a> {
    /// `site_page` is where the page lies on the site, `page` where it lies in the package.
    pub fn new(
        project: &'a Project,
        program: &'a Program,
        doc: &'a Document,
        (site_page, page): (&'a str, &'a str),
        lang: &'a str,
    ) -> Self {
        PackageLinks {
            site: PageLinks::new(project, program, doc, site_page, lang),
            lang,
            program,
            page,
            base_url: project.site.base_url.as_deref(),
            media: RefCell::new(BTreeSet::new()),
        }
    }

    /// The package's own copy of the site file at `path`, if it has one or takes one.
    fn inside(&self, path: &str) -> Option<String> {
        if path.starts_with("media/") {
            self.media.borrow_mut().insert(path.to_owned());
            return Some(path.to_owned());
        }
        if path == program_path(self.lang, &self.program.slug) {
            return Some(INTRO.to_owned());
        }
        self.program.lessons.iter().find_map(|lesson| {
            let own = [
                site::lesson_path(self.lang, &self.program.slug, &lesson.slug),
                site::participant_path(self.lang, &self.program.slug, &lesson.slug),
            ];
            own.contains(&path.to_owned())
                .then(|| lesson_page(&lesson.slug))
        })
    }

    /// Where a site-relative URL the site resolved leads from this page of the package.
    fn rewrite(&self, url: String) -> Target {
        if url.starts_with('#') || has_scheme(&url) || url.starts_with("//") {
            return Target::Url(url);
        }
        let (path, fragment) = match url.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (url.as_str(), None),
        };
        let Some(path) = site_path(self.site.page_path, path) else {
            return Target::Text;
        };
        let with_fragment = |mut url: String| {
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        };
        match (self.inside(&path), self.base_url) {
            (Some(inside), _) => Target::Url(with_fragment(relative(self.page, &inside))),
            (None, Some(base)) => Target::Url(with_fragment(format!(
                "{}/{path}",
                base.trim_end_matches('/')
            ))),
            (None, None) => Target::Text,
        }
    }
}

/// The site path a relative URL on the page at `page` leads to; `None` above the site's root.
fn site_path(page: &str, url: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in url.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

impl Resolver for PackageLinks<'_> {
    fn link(&self, dest: &str) -> Target {
        // The site reports broken links on its own pages; a package leaves their text.
        match self.site.link(dest).url() {
            Some(url) => self.rewrite(url),
            None => Target::Text,
        }
    }

    fn image(&self, dest: &str) -> Target {
        match self.site.image(dest) {
            Target::Url(url) | Target::Warned { url, .. } => self.rewrite(url),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn relative_urls_lead_to_site_paths() {
        assert_eq!(
            site_path("en/basic/01-a.html", "../../media/basic/x.svg").as_deref(),
            Some("media/basic/x.svg")
        );
        assert_eq!(
            site_path("en/basic/01-a.html", "02-b.html").as_deref(),
            Some("en/basic/02-b.html")
        );
        assert_eq!(site_path("en/index.html", "../../x.html"), None);
    }
}
