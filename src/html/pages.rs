//! Every page of the site and the data its template gets.

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use super::Inputs;
use crate::config::Language;
use crate::content::Bodies;
use crate::content::model::{Document, Lesson, Program, Project, resolve};
use crate::diagnostic::Diagnostic;
use crate::digcomp::Framework;
use crate::locale::Catalog;
use crate::markdown::{self, TocEntry, View, render_inline};
use crate::plan;
use crate::site::links::PageLinks;
use crate::site::{
    self, Downloads, Page, depth, home_path, lesson_path, overview_path, participant_path,
    program_path, relative, to_root,
};
use crate::translation::{self, Counts, State};
use crate::view::{self, LangView, LessonView, Notice, NoticeKind, ProgramCard, Words};

/// The lesson filters offer "up to" each of these durations, in minutes, and "more than" the last.
const DURATION_STEPS: [u32; 5] = [60, 90, 120, 180, 240];

/// The DigComp areas a lesson's competences belong to.
fn lesson_areas(lesson: &Lesson) -> Vec<&'static str> {
    let framework = Framework::digcomp();
    let mut codes: Vec<&str> = lesson
        .structure
        .digcomp
        .iter()
        .filter_map(|code| framework.area_of(code))
        .map(|area| area.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The areas as the filters match them: `"1 5"`.
fn areas(lesson: &Lesson) -> String {
    lesson_areas(lesson).join(" ")
}

/// The deepest folder a page lies in: `<lang>/<program>/<page>.html`.
const MAX_DEPTH: usize = 2;

pub struct RenderedPage {
    pub html: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Renderer<'a> {
    project: &'a Project,
    assets: &'a crate::theme::Assets,
    catalog: &'a Catalog,
    bodies: &'a Bodies,
    tera: &'a tera::Tera,
    /// What every page of a language at a folder depth shares, made once: cloning a context is
    /// much cheaper than serializing the UI strings into it again for every page.
    bases: std::collections::HashMap<(&'a str, usize), Context>,
    downloads: &'a Downloads,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct Switch {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    translated: bool,
    current: bool,
}

fn json_ld(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

impl<'a> Renderer<'a> {
    pub fn new(inputs: Inputs<'a>) -> Self {
        let Inputs {
            project,
            assets,
            catalog,
            bodies,
            tera,
            downloads,
        } = inputs;
        let mut renderer = Renderer {
            project,
            assets,
            catalog,
            bodies,
            tera,
            bases: Default::default(),
            downloads,
        };
        let mut bases = std::collections::HashMap::new();
        for language in &project.site.languages {
            for depth in 0..=MAX_DEPTH {
                bases.insert(
                    (language.code.as_str(), depth),
                    renderer.base_context(&language.code, depth),
                );
            }
        }
        renderer.bases = bases;
        renderer
    }

    fn default_lang(&self) -> &'a str {
        &self.project.site.default_language
    }

    fn words(&self, lang: &'a str) -> Words<'a> {
        Words::new(self.catalog, lang)
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
        ctx.insert("licence", &site.licence);
        let lang_value = json!({"code": language.code, "name": language.name, "dir": language.direction.as_str()});
        ctx.insert("lang", &lang_value);
        ctx.insert("content_lang", &lang_value);
        ctx.insert("t", &self.catalog.tree(lang));
        ctx.insert("root", &up);
        ctx.insert("home_url", &url(&home_path(lang)));
        ctx.insert("matrix_url", &url(&Page::Matrix { lang }.path()));
        ctx.insert("chooser_url", &url("index.html"));
        ctx.insert("status_url", &url(&Page::Status { lang }.path()));
        ctx.insert("lessons_url", &url(&Page::Lessons { lang }.path()));
        ctx.insert("search_url", &url(&Page::Search { lang }.path()));
        ctx.insert(
            "downloads_url",
            &(!self.downloads.is_empty()).then(|| url(&Page::Downloads { lang }.path())),
        );
        let nav: Vec<Link> = self
            .project
            .programs
            .iter()
            .map(|p| Link {
                title: resolve(&p.docs, lang, self.default_lang())
                    .item
                    .text
                    .title
                    .clone(),
                url: url(&program_path(lang, &p.slug)),
            })
            .collect();
        ctx.insert("programs_nav", &nav);
        ctx.insert("toc", &Vec::<TocEntry>::new());
        ctx.insert("breadcrumbs", &Vec::<Link>::new());
        ctx.insert("prev", &None::<Link>);
        ctx.insert("next", &None::<Link>);
        ctx.insert("json_ld", &None::<String>);
        ctx.insert("notice", &None::<String>);
        ctx
    }

    fn common(&self, page: &Page, title: &str) -> Context {
        let site = &self.project.site;
        let path = page.path();
        let lang = page.lang().unwrap_or(self.default_lang());
        let depth = depth(&path);
        let mut ctx = match self.bases.get(&(lang, depth)) {
            Some(base) => base.clone(),
            None => self.base_context(lang, depth),
        };
        ctx.insert("page_path", &path);
        ctx.insert("page_title", title);
        let switch: Vec<Switch> = site
            .languages
            .iter()
            .map(|l| Switch {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.direction.as_str(),
                url: relative(&path, &page.in_language(&l.code).path()),
                translated: self.is_translated(page, &l.code),
                current: l.code == lang,
            })
            .collect();
        ctx.insert("languages", &switch);
        ctx
    }

    fn is_translated(&self, page: &Page, lang: &str) -> bool {
        match page {
            Page::Program { program, .. } | Page::Overview { program, .. } => {
                program.docs.contains_key(lang)
            }
            Page::Lesson { program, index, .. } => program.lessons[*index].docs.contains_key(lang),
            _ => true,
        }
    }

    /// Sets the notice and the content's language of a page.
    fn content_language(ctx: &mut Context, language: &Language, notice: Option<Notice>) {
        ctx.insert("content_lang", &LangView::of(language));
        let kind = notice.as_ref().map_or(NoticeKind::Draft, |n| n.kind);
        ctx.insert("notice", &notice.map(|n| n.text));
        ctx.insert("notice_kind", &kind);
    }

    fn body(
        &self,
        page_path: &str,
        lang: &'a str,
        program: &'a Program,
        doc: &Document,
        view: View,
    ) -> markdown::Rendered {
        let Some(segments) = self.bodies.get(&doc.path) else {
            return markdown::Rendered {
                html: String::new(),
                toc: Vec::new(),
                diagnostics: Vec::new(),
            };
        };
        let resolver = PageLinks {
            project: self.project,
            program,
            doc,
            page_path,
            lang,
        };
        markdown::render(
            &doc.path,
            &doc.text,
            segments,
            view,
            &self.words(lang),
            &resolver,
        )
    }

    pub fn render(&self, page: &Page) -> RenderedPage {
        let mut diagnostics = Vec::new();
        let (template, ctx) = match page {
            Page::Chooser => ("chooser.html", self.chooser(page)),
            Page::NotFound => (
                "404.html",
                self.common(
                    page,
                    &self.catalog.text(self.default_lang(), "notfound.title"),
                ),
            ),
            Page::Home { lang } => ("home.html", self.home(page, lang)),
            Page::Matrix { lang } => ("matrix.html", self.matrix(page, lang)),
            Page::Status { lang } => ("status.html", self.status(page, lang)),
            Page::Lessons { lang } => ("lessons.html", self.lessons(page, lang)),
            Page::Downloads { lang } => ("downloads.html", self.downloads_page(page, lang)),
            Page::Search { lang } => ("search.html", self.search(page, lang)),
            Page::Program { lang, program } => (
                "program.html",
                self.program(page, lang, program, &mut diagnostics),
            ),
            Page::Overview { lang, program } => {
                ("overview.html", self.overview(page, lang, program))
            }
            Page::Lesson {
                lang,
                program,
                index,
                view,
            } => {
                let template = if *view == View::Trainer {
                    "lesson.html"
                } else {
                    "participant.html"
                };
                (
                    template,
                    self.lesson(page, lang, program, *index, *view, &mut diagnostics),
                )
            }
        };
        match self.tera.render(template, &ctx) {
            Ok(html) => RenderedPage {
                html: Some(html),
                diagnostics,
            },
            Err(err) => {
                diagnostics.push(
                    Diagnostic::error(
                        self.assets
                            .shown(&format!("{}templates/{template}", crate::theme::THEME_DIR)),
                        format!(
                            "the template failed on page {}: {}",
                            page.path(),
                            crate::diagnostic::error_chain(&err)
                        ),
                    )
                    .hint("fix the template, or the templates of the project's theme it uses (themes/default/templates/); delete an override to use the built-in one"),
                );
                RenderedPage {
                    html: None,
                    diagnostics,
                }
            }
        }
    }

    fn chooser(&self, page: &Page) -> Context {
        let mut ctx = self.common(page, self.project.site.title_in(self.default_lang()));
        let choices: Vec<Value> = self
            .project
            .site
            .languages
            .iter()
            .map(|l| {
                json!({
                    "code": l.code, "name": l.name, "dir": l.direction.as_str(),
                    "title": self.project.site.title_in(&l.code),
                    "url": home_path(&l.code),
                    "enter": self.catalog.text(&l.code, "chooser.enter"),
                })
            })
            .collect();
        ctx.insert("choices", &choices);
        ctx
    }

    fn program_card(
        &self,
        page_path: &str,
        lang: &'a str,
        program: &'a Program,
    ) -> ProgramCard<'a> {
        ProgramCard::new(&self.project.site, self.words(lang), program, page_path)
    }

    fn home(&self, page: &Page, lang: &'a str) -> Context {
        let mut ctx = self.common(page, self.project.site.title_in(lang));
        let path = page.path();
        let cards: Vec<ProgramCard> = self
            .project
            .programs
            .iter()
            .map(|p| self.program_card(&path, lang, p))
            .collect();
        ctx.insert("programs", &cards);
        ctx.insert("kit", &self.kit_link(&path, lang));
        ctx
    }

    fn program_title(&self, lang: &str, program: &'a Program) -> &'a str {
        program.title(lang, self.default_lang())
    }

    fn home_crumb(&self, path: &str, lang: &str) -> Link {
        Link {
            title: self.project.site.title_in(lang).to_owned(),
            url: relative(path, &Page::Home { lang }.path()),
        }
    }

    /// The choices of the lesson filters. Only values some lesson has are offered, and no duration
    /// that every lesson fits, so that no choice shows nothing or everything.
    fn filters(&self, lang: &str, lessons: &[(&Program, &Lesson)]) -> Value {
        let mut programs: Vec<&Program> = lessons.iter().map(|(p, _)| *p).collect();
        programs.dedup_by_key(|p| &p.slug);
        let programs: Vec<Value> = if programs.len() > 1 {
            programs
                .iter()
                .map(|p| json!({"value": p.slug, "label": self.program_title(lang, p)}))
                .collect()
        } else {
            Vec::new()
        };
        let minutes: Vec<u32> = lessons.iter().map(|(_, l)| l.structure.duration).collect();
        let label = |key: &str, step: u32| {
            self.catalog
                .text(lang, key)
                .replace("{duration}", &self.words(lang).duration(step))
        };
        let mut durations = Vec::new();
        let mut below = 0;
        for step in DURATION_STEPS {
            let count = minutes.iter().filter(|&&m| m <= step).count();
            if count > below && count < minutes.len() {
                durations.push(
                    json!({"value": format!("0-{step}"), "label": label("filters.up_to", step)}),
                );
            }
            below = count;
        }
        let longest = DURATION_STEPS[DURATION_STEPS.len() - 1];
        if below > 0 && below < minutes.len() {
            durations.push(json!({"value": format!("{}-", longest + 1), "label": label("filters.more_than", longest)}));
        }
        let framework = Framework::digcomp();
        let areas: Vec<Value> = framework
            .areas
            .iter()
            .filter(|a| lessons.iter().any(|(_, l)| lesson_areas(l).contains(&a.code.as_str())))
            .map(|a| json!({"value": a.code, "label": format!("{}. {}", a.code, self.words(lang).area_title(a))}))
            .collect();
        let levels: std::collections::BTreeSet<u8> = lessons
            .iter()
            .filter_map(|(_, l)| l.structure.level)
            .collect();
        let levels: Vec<Value> = levels
            .into_iter()
            .filter_map(|n| framework.level(n))
            .map(|l| json!({"value": l.level, "label": format!("{} · {}", l.level, self.words(lang).band(l))}))
            .collect();
        json!({"programs": programs, "durations": durations, "areas": areas, "levels": levels})
    }

    /// A link to a PDF of the site with its size, if the build made it.
    fn pdf_link(&self, page_path: &str, pdf: &str) -> Option<Value> {
        let bytes = self.downloads.get(pdf)?;
        Some(json!({"url": relative(page_path, pdf), "size": bytes.map(human_size)}))
    }

    /// The link to the language's whole kit, with how many PDFs it holds, if the build made it.
    fn kit_link(&self, page_path: &str, lang: &str) -> Option<Value> {
        let mut link = self.pdf_link(page_path, &site::kit_path(self.project, lang))?;
        let pdfs = site::of_language(self.downloads, lang)
            .filter(|(path, _)| path.ends_with(".pdf"))
            .count();
        link["files"] = self
            .catalog
            .plural(lang, "downloads.files", pdfs as u64)
            .into();
        Some(link)
    }

    fn downloads_page(&self, page: &Page, lang: &'a str) -> Context {
        let path = page.path();
        let mut ctx = self.common(page, &self.catalog.text(lang, "downloads.title"));
        ctx.insert("breadcrumbs", &[self.home_crumb(&path, lang)]);
        let units: Vec<Value> = self
            .project
            .programs
            .iter()
            .map(|program| {
                let lessons: Vec<Value> = program
                    .lessons
                    .iter()
                    .map(|lesson| {
                        json!({
                            "number": lesson.number,
                            "title": self.lesson_title(lang, lesson),
                            "plan": self.pdf_link(&path, &site::lesson_plan_path(lang, &program.slug, &lesson.slug)),
                            "handout": self.pdf_link(&path, &site::handout_path(lang, &program.slug, &lesson.slug)),
                        })
                    })
                    .collect();
                json!({
                    "card": self.program_card(&path, lang, program),
                    "book": self.pdf_link(&path, &site::book_path(lang, &program.slug)),
                    "lessons": lessons,
                })
            })
            .collect();
        ctx.insert("units", &units);
        ctx.insert("kit", &self.kit_link(&path, lang));
        ctx
    }

    /// Every lesson with a lesson plan, from every unit, and the filters over them.
    fn lessons(&self, page: &Page, lang: &str) -> Context {
        let path = page.path();
        let mut ctx = self.common(page, &self.catalog.text(lang, "filters.all_lessons"));
        ctx.insert("breadcrumbs", &[self.home_crumb(&path, lang)]);
        let taught: Vec<(&Program, &Lesson)> = self
            .project
            .programs
            .iter()
            .filter(|p| p.kind.has_lesson_plans())
            .flat_map(|p| p.lessons.iter().map(move |l| (p, l)))
            .collect();
        let rows: Vec<Value> = taught
            .iter()
            .map(|(program, lesson)| {
                json!({
                    "program": program.slug,
                    "program_title": self.program_title(lang, program),
                    "number": lesson.number,
                    "title": self.lesson_title(lang, lesson),
                    "url": relative(&path, &lesson_path(lang, &program.slug, &lesson.slug)),
                    "duration": self.words(lang).duration(lesson.structure.duration),
                    "minutes": lesson.structure.duration,
                    "level": lesson.structure.level,
                    "digcomp": lesson.structure.digcomp,
                    "areas": areas(lesson),
                })
            })
            .collect();
        ctx.insert("lessons", &rows);
        ctx.insert("filters", &self.filters(lang, &taught));
        ctx
    }

    fn search(&self, page: &Page, lang: &str) -> Context {
        let path = page.path();
        let mut ctx = self.common(page, &self.catalog.text(lang, "search.title"));
        ctx.insert("breadcrumbs", &[self.home_crumb(&path, lang)]);
        ctx.insert(
            "search_index_url",
            &relative(&path, &site::index_path(lang)),
        );
        ctx
    }

    fn lesson_title(&self, lang: &str, lesson: &'a Lesson) -> &'a str {
        lesson.title(lang, self.default_lang())
    }

    fn program(
        &self,
        page: &Page,
        lang: &'a str,
        program: &'a Program,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Context {
        let path = page.path();
        let resolved = resolve(&program.docs, lang, self.default_lang());
        let text = &resolved.item.text;
        let mut ctx = self.common(page, &text.title);
        let (language, notice) = view::content_language(
            &self.project.site,
            self.words(lang),
            &resolved.item.doc,
            resolved.translated,
            false,
        );
        Self::content_language(&mut ctx, language, notice);
        let body = self.body(&path, lang, program, &resolved.item.doc, View::Trainer);
        diagnostics.extend(body.diagnostics);
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.toc);
        ctx.insert("program", &self.program_card(&path, lang, program));
        ctx.insert(
            "breadcrumbs",
            &[Link {
                title: self.project.site.title_in(lang).to_owned(),
                url: relative(&path, &home_path(lang)),
            }],
        );
        let mut running = 0;
        let lessons: Vec<Value> = program
            .lessons
            .iter()
            .map(|lesson| {
                let start = running;
                running += lesson.structure.duration;
                let resolved = resolve(&lesson.docs, lang, self.default_lang());
                json!({
                    "number": lesson.number,
                    "title": resolved.item.text.title,
                    "summary": resolved.item.text.summary,
                    "url": relative(&path, &lesson_path(lang, &program.slug, &lesson.slug)),
                    "participant_url": relative(&path, &participant_path(lang, &program.slug, &lesson.slug)),
                    "duration": self.words(lang).duration(lesson.structure.duration),
                    "sessions": lesson.structure.sessions,
                    "start": plan::clock(start),
                    "end": plan::clock(running),
                    "level": lesson.structure.level,
                    "digcomp": lesson.structure.digcomp,
                    "translated": resolved.translated,
                    "minutes": lesson.structure.duration,
                    "areas": areas(lesson),
                })
            })
            .collect();
        ctx.insert("lessons", &lessons);
        let taught: Vec<(&Program, &Lesson)> =
            program.lessons.iter().map(|l| (program, l)).collect();
        ctx.insert(
            "filters",
            &program
                .kind
                .has_lesson_plans()
                .then(|| self.filters(lang, &taught)),
        );
        ctx.insert("total", &self.words(lang).duration(program.total_minutes()));
        ctx.insert("has_plans", &program.kind.has_lesson_plans());
        ctx.insert(
            "overview_url",
            &relative(&path, &overview_path(lang, &program.slug)),
        );
        ctx.insert(
            "pdf",
            &self.pdf_link(&path, &site::book_path(lang, &program.slug)),
        );
        let weeks: Option<Vec<Value>> = program.rhythm.map(|rhythm| {
            plan::week_plan(&program.lessons, rhythm)
                .into_iter()
                .map(|week| {
                    let sessions: Vec<Value> = week
                        .sessions
                        .iter()
                        .map(|s| {
                            let lesson = &program.lessons[s.lesson];
                            json!({
                                "number": s.number, "part": s.part, "parts": s.parts,
                                "part_text": self.catalog.text(lang, "program.part").replace("{part}", &s.part.to_string()).replace("{parts}", &s.parts.to_string()),
                                "title": self.lesson_title(lang, lesson),
                                "lesson_number": lesson.number,
                                "url": relative(&path, &lesson_path(lang, &program.slug, &lesson.slug)),
                            })
                        })
                        .collect();
                    json!({"number": week.number, "sessions": sessions})
                })
                .collect()
        });
        ctx.insert("weeks", &weeks);
        ctx.insert("rhythm", &program.rhythm);
        let pos = self
            .project
            .programs
            .iter()
            .position(|p| p.slug == program.slug)
            .unwrap_or(0);
        let neighbour = |p: Option<&Program>| {
            p.map(|p| Link {
                title: resolve(&p.docs, lang, self.default_lang())
                    .item
                    .text
                    .title
                    .clone(),
                url: relative(&path, &program_path(lang, &p.slug)),
            })
        };
        ctx.insert(
            "prev",
            &neighbour(
                pos.checked_sub(1)
                    .and_then(|i| self.project.programs.get(i)),
            ),
        );
        ctx.insert("next", &neighbour(self.project.programs.get(pos + 1)));
        let total = format!("PT{}M", program.total_minutes());
        ctx.insert(
            "json_ld",
            &Some(json_ld(&json!({
                "@context": "https://schema.org",
                "@type": "Course",
                "name": text.title,
                "description": text.summary,
                "inLanguage": resolved.item.doc.lang,
                "timeRequired": total,
                "license": self.project.site.licence.url,
                "provider": {"@type": "Organization", "name": self.project.site.licence.holder},
                "audience": {"@type": "EducationalAudience", "audienceType": text.audience},
                "teaches": self.teaches(lang, program.lessons.iter().flat_map(|l| l.structure.digcomp.iter())),
            }))),
        );
        ctx
    }

    fn teaches<'c>(&self, lang: &str, codes: impl Iterator<Item = &'c String>) -> Vec<Value> {
        let codes: std::collections::BTreeSet<&String> = codes.collect();
        codes
            .into_iter()
            .map(|code| {
                json!({"@type": "DefinedTerm", "termCode": code, "name": self.catalog.digcomp_title(lang, code), "inDefinedTermSet": Framework::digcomp().name()})
            })
            .collect()
    }

    fn lesson(
        &self,
        page: &Page,
        lang: &'a str,
        program: &'a Program,
        index: usize,
        view: View,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Context {
        let path = page.path();
        let lesson = &program.lessons[index];
        let shown = LessonView::new(&self.project.site, self.words(lang), program, lesson);
        let mut ctx = self.common(page, shown.title);
        Self::content_language(&mut ctx, shown.content_language, shown.notice.clone());
        let body = self.body(&path, lang, program, shown.doc, view);
        // Links are checked once, on the trainer view, which holds every link of the file.
        if view == View::Trainer {
            diagnostics.extend(body.diagnostics);
        }
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.toc);
        let program_url = relative(&path, &program_path(lang, &program.slug));
        ctx.insert(
            "program",
            &json!({"title": shown.program_title, "kind": program.kind.as_str(), "url": program_url}),
        );
        ctx.insert(
            "breadcrumbs",
            &[
                self.home_crumb(&path, lang),
                Link {
                    title: shown.program_title.to_owned(),
                    url: program_url,
                },
            ],
        );
        ctx.insert(
            "trainer_url",
            &relative(&path, &lesson_path(lang, &program.slug, &lesson.slug)),
        );
        let pdf = match view {
            View::Trainer => site::lesson_plan_path(lang, &program.slug, &lesson.slug),
            View::Participant => site::handout_path(lang, &program.slug, &lesson.slug),
        };
        ctx.insert("pdf", &self.pdf_link(&path, &pdf));
        ctx.insert(
            "participant_url",
            &relative(&path, &participant_path(lang, &program.slug, &lesson.slug)),
        );
        let neighbour = |l: &Lesson| Link {
            title: self.lesson_title(lang, l).to_owned(),
            url: relative(
                &path,
                &match view {
                    View::Trainer => lesson_path(lang, &program.slug, &l.slug),
                    View::Participant => participant_path(lang, &program.slug, &l.slug),
                },
            ),
        };
        ctx.insert(
            "prev",
            &index.checked_sub(1).map(|i| neighbour(&program.lessons[i])),
        );
        ctx.insert("next", &program.lessons.get(index + 1).map(neighbour));
        if view == View::Trainer {
            ctx.insert(
                "json_ld",
                &Some(self.lesson_json_ld(lang, program, lesson, &shown)),
            );
        }
        ctx.insert("lesson", &shown);
        ctx
    }

    /// The schema.org data of a lesson plan, for search engines and learning-resource catalogues.
    fn lesson_json_ld(
        &self,
        lang: &str,
        program: &Program,
        lesson: &Lesson,
        shown: &LessonView,
    ) -> String {
        let framework = Framework::digcomp();
        let structure = &lesson.structure;
        json_ld(&json!({
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "learningResourceType": if shown.has_plan { "lesson plan" } else { "guide chapter" },
            "name": shown.title,
            "description": shown.summary,
            "inLanguage": shown.doc.lang,
            "timeRequired": format!("PT{}M", shown.duration_minutes),
            "educationalLevel": structure.level.and_then(|l| framework.level(l)).map(|l| format!("{} {} ({})", framework.name(), l.level, l.band)),
            "teaches": self.teaches(lang, structure.digcomp.iter()),
            "license": self.project.site.licence.url,
            "audience": {"@type": "EducationalAudience", "audienceType": resolve(&program.docs, lang, self.default_lang()).item.text.audience},
            "isPartOf": {"@type": "Course", "name": shown.program_title},
        }))
    }

    fn overview(&self, page: &Page, lang: &'a str, program: &'a Program) -> Context {
        let path = page.path();
        let program_title = self.program_title(lang, program).to_owned();
        let mut ctx = self.common(
            page,
            &format!(
                "{} — {}",
                self.catalog.text(lang, "overview.title"),
                program_title
            ),
        );
        ctx.insert("program", &self.program_card(&path, lang, program));
        ctx.insert(
            "breadcrumbs",
            &[
                Link {
                    title: self.project.site.title_in(lang).to_owned(),
                    url: relative(&path, &home_path(lang)),
                },
                Link {
                    title: program_title,
                    url: relative(&path, &program_path(lang, &program.slug)),
                },
            ],
        );
        let mut materials: Vec<(String, Vec<Value>)> = Vec::new();
        let mut glossary: Vec<Value> = Vec::new();
        let mut lessons = Vec::new();
        for lesson in &program.lessons {
            let resolved = resolve(&lesson.docs, lang, self.default_lang());
            let text = &resolved.item.text;
            let url = relative(&path, &lesson_path(lang, &program.slug, &lesson.slug));
            let reference = json!({"number": lesson.number, "url": url});
            for item in &text.materials {
                match materials
                    .iter_mut()
                    .find(|(m, _)| m.eq_ignore_ascii_case(item))
                {
                    Some((_, refs)) => refs.push(reference.clone()),
                    None => materials.push((item.clone(), vec![reference.clone()])),
                }
            }
            for keyword in &text.keywords {
                glossary.push(json!({"term": keyword.term(), "definition": keyword.definition(), "number": lesson.number, "url": url}));
            }
            lessons.push(json!({
                "number": lesson.number, "title": text.title, "url": url,
                "objectives": text.objectives.iter().map(|o| render_inline(o)).collect::<Vec<_>>(),
                "preparation": render_inline(&text.preparation),
            }));
        }
        glossary.sort_by_key(|entry| entry["term"].as_str().unwrap_or("").to_lowercase());
        ctx.insert("lessons", &lessons);
        ctx.insert(
            "materials",
            &materials
                .into_iter()
                .map(|(item, refs)| json!({"item": render_inline(&item), "lessons": refs}))
                .collect::<Vec<_>>(),
        );
        ctx.insert("glossary", &glossary);
        ctx
    }

    fn matrix(&self, page: &Page, lang: &str) -> Context {
        let path = page.path();
        let mut ctx = self.common(page, &self.catalog.text(lang, "matrix.title"));
        ctx.insert(
            "breadcrumbs",
            &[Link {
                title: self.project.site.title_in(lang).to_owned(),
                url: relative(&path, &home_path(lang)),
            }],
        );
        let framework = Framework::digcomp();
        let competences: Vec<(&str, &str)> = framework
            .competences()
            .map(|(a, c)| (a.code.as_str(), c.code.as_str()))
            .collect();
        ctx.insert(
            "competences",
            &competences.iter().map(|(area, code)| json!({"code": code, "area": area, "title": self.catalog.digcomp_title(lang, code)})).collect::<Vec<_>>(),
        );
        ctx.insert(
            "areas",
            &framework
                .areas
                .iter()
                .map(|a| json!({"code": a.code, "span": a.competences.len(), "title": self.words(lang).area_title(a)}))
                .collect::<Vec<_>>(),
        );
        let mut totals = vec![0usize; competences.len()];
        let programs: Vec<Value> = self
            .project
            .programs
            .iter()
            .filter(|p| p.lessons.iter().any(|l| !l.structure.digcomp.is_empty()))
            .map(|program| {
                let mut coverage = vec![0usize; competences.len()];
                let rows: Vec<Value> = program
                    .lessons
                    .iter()
                    .map(|lesson| {
                        let cells: Vec<bool> = competences.iter().map(|(_, code)| lesson.structure.digcomp.iter().any(|c| c == code)).collect();
                        for (i, hit) in cells.iter().enumerate() {
                            if *hit {
                                coverage[i] += 1;
                                totals[i] += 1;
                            }
                        }
                        json!({"number": lesson.number, "title": self.lesson_title(lang, lesson), "cells": cells,
                               "url": relative(&path, &lesson_path(lang, &program.slug, &lesson.slug))})
                    })
                    .collect();
                let max = coverage.iter().copied().max().unwrap_or(0).max(1);
                let heat: Vec<Value> = coverage.iter().map(|&n| json!({"count": n, "heat": if n == 0 { 0 } else { 1 + (n * 3).div_ceil(max).min(3) }})).collect();
                json!({
                    "title": resolve(&program.docs, lang, self.default_lang()).item.text.title,
                    "url": relative(&path, &program_path(lang, &program.slug)),
                    "rows": rows, "coverage": heat,
                    "covered_text": self.catalog.plural(lang, "matrix.covered", coverage.iter().filter(|&&n| n > 0).count() as u64).replace("{total}", &competences.len().to_string()),
                })
            })
            .collect();
        ctx.insert("programs", &programs);
        let uncovered: Vec<Value> = competences
            .iter()
            .zip(&totals)
            .filter(|(_, n)| **n == 0)
            .map(|((_, code), _)| json!({"code": code, "title": self.catalog.digcomp_title(lang, code)}))
            .collect();
        ctx.insert("uncovered", &uncovered);
        ctx.insert("framework", &json!({"name": framework.name(), "citation": framework.citation, "licence": framework.licence, "url": framework.url}));
        ctx
    }

    fn status(&self, page: &Page, lang: &str) -> Context {
        let path = page.path();
        let mut ctx = self.common(page, &self.catalog.text(lang, "status.title"));
        ctx.insert(
            "breadcrumbs",
            &[Link {
                title: self.project.site.title_in(lang).to_owned(),
                url: relative(&path, &home_path(lang)),
            }],
        );
        let site = &self.project.site;
        let codes: Vec<&str> = translation::translation_languages(site).collect();
        let label = |state: State| {
            self.catalog
                .text(lang, &format!("status.{}", state.as_str()))
        };
        let mut all_rows = Vec::new();
        let programs: Vec<Value> = self
            .project
            .programs
            .iter()
            .map(|program| {
                let rows = translation::program_rows(self.project, program);
                let shown: Vec<Value> = rows
                    .iter()
                    .map(|row| {
                        let (title, url) = match row.lesson.as_deref().and_then(|slug| program.lesson(slug)) {
                            Some(lesson) => (
                                format!("{}. {}", lesson.number, self.lesson_title(lang, lesson)),
                                lesson_path(lang, &program.slug, &lesson.slug),
                            ),
                            None => (
                                resolve(&program.docs, lang, self.default_lang()).item.text.title.clone(),
                                program_path(lang, &program.slug),
                            ),
                        };
                        let cells: Vec<Value> = row
                            .cells
                            .iter()
                            .map(|cell| json!({
                                "lang": cell.lang, "state": cell.state.as_str(), "label": label(cell.state),
                                "file": cell.file.as_ref().map(|f| f.display().to_string()),
                            }))
                            .collect();
                        json!({"title": title, "url": relative(&path, &url), "source": row.source.display().to_string(), "cells": cells})
                    })
                    .collect();
                all_rows.extend(rows);
                json!({
                    "title": resolve(&program.docs, lang, self.default_lang()).item.text.title,
                    "url": relative(&path, &program_path(lang, &program.slug)),
                    "rows": shown,
                })
            })
            .collect();
        let languages: Vec<Value> = codes
            .iter()
            .filter_map(|code| site.language(code))
            .map(|l| {
                let counts = Counts::of(&all_rows, &l.code);
                json!({
                    "code": l.code, "name": l.name, "dir": l.direction.as_str(),
                    "counts": State::ALL.iter().map(|s| counts.get(*s)).collect::<Vec<_>>(),
                    "total": counts.total(),
                })
            })
            .collect();
        let states: Vec<Value> = State::ALL
            .iter()
            .map(|s| json!({"state": s.as_str(), "label": label(*s), "help": render_inline(&self.catalog.text(lang, &format!("status.{}_help", s.as_str())))}))
            .collect();
        ctx.insert(
            "status",
            &json!({"languages": languages, "programs": programs, "states": states}),
        );
        ctx
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
    for page in pages.iter().filter(|p| !matches!(p, Page::NotFound)) {
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

/// A file size as people read it: "84 KB", "1.2 MB".
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{} KB", bytes.div_ceil(1000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}
