//! The web page of every view: its Tera template gets the page's view, the parts every page of its
//! language shares, and the body rendered as HTML.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tera::Context;

use super::Inputs;
use crate::cache::{Entry, Key, KeyHasher, Keys, PageCache, Sources};
use crate::content::Bodies;
use crate::content::model::{Document, Program, Project};
use crate::diagnostic::{Diagnostic, error_chain};
use crate::markdown::{self, TocEntry, View};
use crate::site::links::{Linked, PageLinks};
use crate::site::{Page, home_path, program_path, to_root};
use crate::theme::{Assets, THEME_DIR};
use crate::view::{Content, LangView, Link, PageView, Views};

/// The deepest folder a page lies in: `<lang>/<program>/<page>.html`.
const MAX_DEPTH: usize = 2;

/// What making a page gave.
#[derive(Debug)]
pub enum Made {
    Html(String),
    /// The previous build's copy is right as it is.
    Unchanged(Entry),
    /// The template failed.
    Failed,
}

pub struct RenderedPage {
    pub made: Made,
    pub diagnostics: Vec<Diagnostic>,
    /// The lessons the page's body links to.
    pub linked: Linked,
    /// What the page was made from; only when the build keeps a page cache.
    pub keys: Option<Keys>,
}

/// The document a page shows as its body, the program it belongs to, and for whom.
type Shown<'a> = (&'a Program, &'a Document, View);

/// The language and folder depth whose base a page's context starts from, and what the page
/// shows as its body.
type Parts<'a> = ((&'a str, usize), Option<Shown<'a>>);

/// The contexts a rendering thread keeps from page to page, one per language and folder depth.
/// Each holds the base of the pages there (every UI string, a link to every unit), takes a page's
/// own data for one rendering and gives it back afterwards: copying the base for every page cost
/// a tenth of a build of 500 units.
#[derive(Default)]
pub struct Contexts<'a>(HashMap<(&'a str, usize), Context>);

pub struct Renderer<'a> {
    project: &'a Project,
    assets: &'a Assets,
    bodies: &'a Bodies,
    tera: &'a tera::Tera,
    views: Views<'a>,
    /// What every page of a language at a folder depth shares, made once: cloning a context is
    /// much cheaper than serializing the UI strings into it again for every page.
    bases: HashMap<(&'a str, usize), Context>,
    /// The previous build's pages, with the hash of each base and of what every body's links
    /// may lead to, when the build keeps a page cache.
    previous: Option<Previous<'a>>,
}

struct Previous<'a> {
    cache: &'a PageCache,
    sources: Sources,
    bases: HashMap<(&'a str, usize), Key>,
    structure: Key,
}

/// The template of each kind of page.
fn template(page: &Page) -> &'static str {
    match page {
        Page::Chooser => "chooser.html",
        Page::NotFound => "404.html",
        Page::Home { .. } => "home.html",
        Page::Matrix { .. } => "matrix.html",
        Page::Status { .. } => "status.html",
        Page::Lessons { .. } => "lessons.html",
        Page::Downloads { .. } => "downloads.html",
        Page::Search { .. } => "search.html",
        Page::Offline { .. } => "offline.html",
        Page::Program { .. } => "program.html",
        Page::Overview { .. } => "overview.html",
        Page::Lesson {
            view: View::Trainer,
            ..
        } => "lesson.html",
        Page::Lesson {
            view: View::Participant,
            ..
        } => "participant.html",
    }
}

/// The unit whose pages a page is one of, if it is one of a unit's.
fn unit<'a>(page: &Page<'a>) -> Option<&'a str> {
    match page {
        Page::Program { program, .. }
        | Page::Overview { program, .. }
        | Page::Lesson { program, .. } => Some(&program.slug),
        _ => None,
    }
}

/// The previous build's copy of a page, which is right as it is.
fn reused(entry: &Entry, key: Key, sources: Key) -> RenderedPage {
    RenderedPage {
        diagnostics: entry.diagnostics.clone(),
        linked: entry.linked.clone(),
        keys: Some(Keys {
            sources,
            key,
            links: entry.links,
        }),
        made: Made::Unchanged(entry.clone()),
    }
}

/// The document a page shows as its body, if it shows one.
fn shown<'a>(page: &Page<'a>, content: &Content<'a>, lang: &str) -> Option<Shown<'a>> {
    match (page, content) {
        (Page::Program { program, .. }, Content::Program(_)) => {
            let doc = &program.docs.resolve(lang).item.doc;
            Some((*program, doc, View::Trainer))
        }
        (Page::Lesson { program, view, .. }, Content::Lesson(shown)) => {
            Some((*program, shown.lesson.doc, *view))
        }
        _ => None,
    }
}

impl<'a> Renderer<'a> {
    /// A renderer of `inputs`' pages that reuses the pages of the build `previous` left where
    /// their inputs did not change.
    pub fn new(inputs: Inputs<'a>, previous: Option<&'a PageCache>) -> Self {
        let views = Views {
            project: inputs.project,
            catalog: inputs.catalog,
            downloads: inputs.downloads,
        };
        let mut renderer = Renderer {
            project: inputs.project,
            assets: inputs.assets,
            bodies: inputs.bodies,
            tera: inputs.tera,
            views,
            bases: HashMap::new(),
            previous: None,
        };
        let mut bases = HashMap::new();
        for language in &inputs.project.site.languages {
            for depth in 0..=MAX_DEPTH {
                bases.insert(
                    (language.code.as_str(), depth),
                    renderer.base_context(&language.code, depth),
                );
            }
        }
        renderer.previous = previous.map(|cache| Previous {
            cache,
            sources: Sources::of(inputs.project, inputs.downloads),
            bases: (bases.iter())
                .map(|(at, base)| {
                    let json = base.clone().into_json();
                    (*at, KeyHasher::new().add_data(&json).key())
                })
                .collect(),
            structure: crate::cache::structure(inputs.project),
        });
        renderer.bases = bases;
        renderer
    }

    /// What a page is made from: its template, base, view and the source of its body.
    fn key(
        previous: &Previous,
        page: &Page,
        view: &PageView,
        base: (&str, usize),
        shown: Option<Shown>,
    ) -> Key {
        let mut hash = KeyHasher::new();
        hash.add(template(page)).add_data(view);
        hash.add(previous.bases.get(&base)).add(previous.structure);
        if let Some((program, doc, audience)) = shown {
            let trainer = audience == View::Trainer;
            hash.add(&program.slug)
                .add(&doc.path)
                .add(&doc.text)
                .add(trainer);
        }
        hash.key()
    }

    /// The headings of the lessons in `linked`, which the links of a body to them were checked
    /// against.
    fn links_key(&self, linked: &Linked) -> Key {
        let mut hash = KeyHasher::new();
        for (program, slug) in linked {
            hash.add((program, slug));
            let lesson = self.project.program(program).and_then(|p| p.lesson(slug));
            for (lang, doc) in lesson.iter().flat_map(|lesson| lesson.docs.iter()) {
                hash.add(lang).add(&doc.doc.anchors);
            }
        }
        hash.key()
    }

    /// The part of a page's context that depends only on its language and on how deep in the
    /// site it lies (every link in it is relative).
    fn base_context(&self, lang: &str, depth: usize) -> Context {
        let site = &self.project.site;
        let language = site.language(lang).unwrap_or(&site.languages[0]);
        let up = to_root(depth);
        let url = |to: &str| format!("{up}{to}");
        let mut ctx = Context::new();
        ctx.insert("site_title", site.title_in(lang));
        ctx.insert("frames", &site.allow_html.contains_key("iframe"));
        ctx.insert("code", &false);
        ctx.insert("licence", &site.licence);
        ctx.insert("lang", &LangView::of(language));
        ctx.insert("t", &self.views.catalog.tree(lang));
        ctx.insert("root", &up);
        ctx.insert("home_url", &url(&home_path(lang)));
        ctx.insert("matrix_url", &url(&Page::Matrix { lang }.path()));
        ctx.insert("chooser_url", &url("index.html"));
        ctx.insert("status_url", &url(&Page::Status { lang }.path()));
        ctx.insert("lessons_url", &url(&Page::Lessons { lang }.path()));
        ctx.insert("search_url", &url(&Page::Search { lang }.path()));
        ctx.insert(
            "downloads_url",
            &crate::site::has_pdfs(self.views.downloads)
                .then(|| url(&Page::Downloads { lang }.path())),
        );
        let nav: Vec<Link> = self
            .project
            .programs
            .iter()
            .map(|p| Link {
                title: p.title(lang).to_owned(),
                url: url(&program_path(lang, &p.slug)),
            })
            .collect();
        ctx.insert("programs_nav", &nav);
        ctx.insert("toc", &Vec::<TocEntry>::new());
        ctx
    }

    fn body(
        &self,
        page_path: &str,
        lang: &'a str,
        program: &'a Program,
        doc: &Document,
        view: View,
    ) -> (markdown::Rendered, Linked) {
        let Some(segments) = self.bodies.get(&doc.path) else {
            let empty = markdown::Rendered {
                html: String::new(),
                toc: Vec::new(),
                diagnostics: Vec::new(),
            };
            return (empty, Linked::new());
        };
        let resolver = PageLinks::new(self.project, program, doc, page_path, lang);
        let rendered = markdown::render(
            &doc.path,
            &doc.text,
            segments,
            view,
            &self.views.words(lang),
            &resolver,
            &self.project.site.allow_html,
        );
        (rendered, resolver.linked.into_inner())
    }

    /// Makes the page, or finds that the previous build's copy is right as it is: at once when
    /// its sources did not change, else when its view and body turn out the same.
    pub fn render(&self, page: &Page<'a>, contexts: &mut Contexts<'a>) -> RenderedPage {
        let Some(previous) = &self.previous else {
            let view = self.views.page(page);
            let parts = self.parts(page, &view);
            return self.make(page, &view, parts, contexts);
        };
        let path = page.path();
        let sources = previous.sources.page(unit(page));
        if let Some(entry) = previous.cache.untouched(&path, sources) {
            return reused(entry, entry.key, sources);
        }
        let view = self.views.page(page);
        let (base, shown) = self.parts(page, &view);
        let key = Self::key(previous, page, &view, base, shown);
        let links_key = |linked: &Linked| self.links_key(linked);
        if let Some(entry) = previous.cache.unchanged(&path, key, links_key) {
            return reused(entry, key, sources);
        }
        let made = self.make(page, &view, (base, shown), contexts);
        let links = self.links_key(&made.linked);
        RenderedPage {
            keys: Some(Keys {
                sources,
                key,
                links,
            }),
            ..made
        }
    }

    /// The shared parts a page's context starts from, and what it shows as its body.
    fn parts(&self, page: &Page<'a>, view: &PageView<'a>) -> Parts<'a> {
        let lang = page.lang().unwrap_or(self.views.default_lang());
        let base = (lang, crate::site::depth(&view.page_path));
        (base, shown(page, &view.content, lang))
    }

    /// Renders the page's template with its context.
    fn make(
        &self,
        page: &Page<'a>,
        view: &PageView<'a>,
        (base, shown): Parts<'a>,
        contexts: &mut Contexts<'a>,
    ) -> RenderedPage {
        let mut diagnostics = Vec::new();
        let mut linked = Linked::new();
        let template = template(page);
        let html = self
            .data(view, base.0, shown, &mut diagnostics, &mut linked)
            .and_then(|data| self.render_over(contexts, base, data, template))
            .map_err(|err| error_chain(&err));
        match html {
            Ok(html) => RenderedPage {
                made: Made::Html(html),
                diagnostics,
                linked,
                keys: None,
            },
            Err(err) => {
                diagnostics.push(
                    Diagnostic::error(
                        self.assets
                            .shown(&format!("{THEME_DIR}templates/{template}")),
                        format!("the template failed on page {}: {err}", view.page_path),
                    )
                    .hint("fix the template, or the templates of the project's theme it uses (themes/default/templates/); delete an override to use the built-in one"),
                );
                RenderedPage {
                    made: Made::Failed,
                    diagnostics,
                    linked,
                    keys: None,
                }
            }
        }
    }

    /// The page's own part of the template's data: its view and its body.
    fn data(
        &self,
        view: &PageView<'a>,
        lang: &'a str,
        shown: Option<Shown<'a>>,
        diagnostics: &mut Vec<Diagnostic>,
        linked: &mut Linked,
    ) -> Result<Map<String, Value>, tera::Error> {
        let Value::Object(mut data) = serde_json::to_value(view).map_err(tera::Error::json)? else {
            return Err(tera::Error::msg("a page's view is not a map"));
        };
        if let Some((program, doc, audience)) = shown {
            let (body, links) = self.body(&view.page_path, lang, program, doc, audience);
            *linked = links;
            // Links are checked once, on the view that holds every link of the file.
            if audience == View::Trainer {
                diagnostics.extend(body.diagnostics);
            }
            // The code colours are loaded only by pages that show coloured code.
            let coloured = format!("<span class=\"{}", markdown::HIGHLIGHT_PREFIX);
            let toc = serde_json::to_value(&body.toc).map_err(tera::Error::json)?;
            data.insert("code".into(), body.html.contains(&coloured).into());
            data.insert("body".into(), body.html.into());
            data.insert("toc".into(), toc);
        }
        Ok(data)
    }

    /// Renders `template` with the page's `data` over the base of its language and depth `at`,
    /// which is as it was afterwards, whether the template failed or not.
    fn render_over(
        &self,
        contexts: &mut Contexts<'a>,
        at: (&'a str, usize),
        data: Map<String, Value>,
        template: &str,
    ) -> Result<String, tera::Error> {
        let ctx = contexts
            .0
            .entry(at)
            .or_insert_with(|| match self.bases.get(&at) {
                Some(base) => base.clone(),
                None => self.base_context(at.0, at.1),
            });
        let keys: Vec<String> = data.keys().cloned().collect();
        // What the page sets itself (its table of contents, say) hides the base's value.
        let hidden: Map<String, Value> = (keys.iter())
            .filter_map(|key| Some((key.clone(), ctx.remove(key)?)))
            .collect();
        ctx.extend(Context::from_value(Value::Object(data))?);
        let html = self.tera.render(template, ctx);
        for key in &keys {
            ctx.remove(key);
        }
        ctx.extend(Context::from_value(Value::Object(hidden))?);
        html
    }
}

/// `sitemap.xml`: absolute addresses when `base_url` is set, else paths from the site root.
pub fn sitemap(project: &Project, pages: &[Page]) -> String {
    let base = project
        .site
        .base_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages
        .iter()
        .filter(|p| !matches!(p, Page::NotFound | Page::Offline { .. }))
    {
        let loc = if base.is_empty() {
            page.path()
        } else {
            format!("{base}/{}", page.path())
        };
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::escape_html(&loc)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
