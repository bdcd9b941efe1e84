//! The multilingual website: structure, right-to-left, fallback, switcher, links, determinism.

mod common;

use std::fs;
use std::path::Path;

use common::{Project, assert_links_resolve, files, select, text_of};

fn built() -> Project {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    project
}

#[test]
fn every_page_declares_language_and_direction() {
    let project = built();
    for (page, lang, dir) in [
        ("public/en/course/01-mouse.html", "en", "ltr"),
        ("public/de/course/01-mouse.html", "de", "ltr"),
        ("public/ar/course/01-mouse.html", "ar", "rtl"),
        ("public/ar/index.html", "ar", "rtl"),
    ] {
        let html = project.html(page);
        let root = select(&html, "html")[0];
        assert_eq!(root.attr("lang"), Some(lang), "{page}");
        assert_eq!(root.attr("dir"), Some(dir), "{page}");
    }
}

#[test]
fn language_chooser_shows_each_language_in_its_own_script() {
    let project = built();
    let html = project.html("public/index.html");
    let names = text_of(&html, ".chooser .chooser-name");
    assert!(names.contains("English") && names.contains("Deutsch") && names.contains("العربية"));
    let arabic = select(&html, ".chooser li[lang=ar]")[0];
    assert_eq!(arabic.attr("dir"), Some("rtl"));
    assert!(arabic.text().collect::<String>().contains("دورة صغيرة"));
}

#[test]
fn missing_translation_falls_back_with_a_notice_in_the_readers_language() {
    let project = built();
    let html = project.html("public/ar/course/01-mouse.html");
    let article = select(&html, "article")[0];
    assert_eq!(article.attr("lang"), Some("en"));
    assert_eq!(article.attr("dir"), Some("ltr"));
    assert!(text_of(&html, "h1").contains("Using the mouse"));
    let notice = text_of(&html, ".notice-untranslated");
    assert!(notice.contains("English"), "notice: {notice}");
    let html = project.html("public/de/course/01-mouse.html");
    assert_eq!(select(&html, "article")[0].attr("lang"), Some("de"));
    assert!(
        text_of(&html, ".notice-draft").contains("Entwurf der Übersetzung"),
        "the German file is a draft, and the notice is in German"
    );
}

#[test]
fn switcher_links_to_the_same_page_and_marks_real_translations() {
    let project = built();
    let html = project.html("public/en/course/01-mouse.html");
    let links = select(&html, ".language-switcher a");
    let targets: Vec<_> = links
        .iter()
        .map(|a| (a.attr("hreflang").unwrap(), a.attr("href").unwrap()))
        .collect();
    assert_eq!(
        targets,
        [
            ("de", "../../de/course/01-mouse.html"),
            ("ar", "../../ar/course/01-mouse.html")
        ]
    );
    assert_eq!(links[0].attr("class"), None, "German is a real translation");
    assert_eq!(
        links[1].attr("class"),
        Some("untranslated"),
        "Arabic falls back"
    );
}

#[test]
fn every_relative_link_in_the_output_resolves() {
    let project = built();
    let checked = assert_links_resolve(&project.path("public"));
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn lesson_links_and_images_are_rewritten_per_language() {
    let project = built();
    let html = project.html("public/de/course/01-mouse.html");
    let hrefs: Vec<_> = select(&html, ".prose a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .map(str::to_owned)
        .collect();
    assert!(hrefs.contains(&"02-keyboard.html".to_owned()), "{hrefs:?}");
    let img = select(&html, ".prose img")[0];
    assert_eq!(img.attr("src"), Some("../../media/course/mouse.svg"));
    assert_eq!(img.attr("alt"), Some("Eine Maus mit zwei Tasten"));
    assert!(project.path("public/media/course/mouse.svg").is_file());
}

#[test]
fn pages_have_breadcrumbs_pager_anchors_licence_and_json_ld() {
    let project = built();
    let html = project.html("public/en/course/01-mouse.html");
    assert_eq!(text_of(&html, ".breadcrumbs li").lines().count(), 3);
    assert_eq!(
        select(&html, ".pager-next")[0].attr("href"),
        Some("02-keyboard.html")
    );
    assert!(!select(&html, "h2#holding-the-mouse a.anchor").is_empty());
    assert!(text_of(&html, "footer").contains("CC BY-SA 4.0"));
    let json: serde_json::Value =
        serde_json::from_str(&text_of(&html, "script[type='application/ld+json']")).unwrap();
    assert_eq!(json["@type"], "LearningResource");
    assert_eq!(json["timeRequired"], "PT90M");
    assert_eq!(json["teaches"][0]["termCode"], "1.1");
    let program: serde_json::Value = serde_json::from_str(&text_of(
        &project.html("public/en/course/index.html"),
        "script[type='application/ld+json']",
    ))
    .unwrap();
    assert_eq!(program["@type"], "Course");
}

#[test]
fn markdown_features_render() {
    let project = built();
    let html = project.read("public/en/course/01-mouse.html");
    for needle in [
        "class=\"alert alert-tip\"",
        "<table>",
        "class=\"block block-write\"",
        "class=\"write-line\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let keyboard = project.read("public/en/course/02-keyboard.html");
    assert!(
        keyboard.contains("class=\"hl-"),
        "code is highlighted with classes"
    );
    let guide = project.read("public/en/guide/01-start.html");
    assert!(guide.contains("type=\"checkbox\""), "task lists render");
    assert!(project.read("public/assets/highlight.css").contains(".hl-"));
}

#[test]
fn sitemap_and_404_exist() {
    let project = built();
    let sitemap = project.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>ar/course/01-mouse.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    let html = project.html("public/404.html");
    assert_eq!(select(&html, ".chooser-inline a").len(), 3);
}

#[test]
fn same_input_gives_byte_identical_output() {
    let project = Project::fixture("mini");
    project.run(&["build", "--out", "one"]).assert_ok();
    project.run(&["build", "--out", "two"]).assert_ok();
    let (one, two) = (project.path("one"), project.path("two"));
    let list = files(&one);
    assert_eq!(list, files(&two));
    assert!(list.len() > 30);
    for file in list {
        assert!(
            fs::read(one.join(&file)).unwrap() == fs::read(two.join(&file)).unwrap(),
            "{} differs",
            file.display()
        );
    }
}

#[test]
fn only_requested_languages_are_built() {
    let project = Project::fixture("mini");
    project.run(&["build", "--lang", "ar"]).assert_ok();
    assert!(project.path("public/ar/index.html").is_file());
    assert!(
        project.path("public/en/index.html").is_file(),
        "the default language is always built"
    );
    assert!(!Path::new(&project.path("public/de")).exists());
}

#[test]
fn a_link_to_a_file_in_a_language_left_out_leads_to_the_page_in_the_readers() {
    let project = Project::fixture("golden");
    project
        .run(&["build", "--lang", "en", "--no-pdf", "--no-lms"])
        .assert_ok();
    let page = project.html("public/en/course/01-mouse.html");
    let hrefs: Vec<&str> = select(&page, "main a[href]")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(hrefs.contains(&"01-mouse.html"), "{hrefs:?}");
}

#[test]
fn summary_line_counts_pages_per_language() {
    let project = Project::fixture("mini");
    let run = project.build();
    run.assert_ok();
    let last = run.stderr().lines().last().unwrap().to_owned();
    assert!(
        last.starts_with("Built public — pages: ar 20, de 20, en 20 · "),
        "{last}"
    );
    assert!(last.contains("0 errors"), "{last}");
}

#[test]
fn project_without_themes_or_locales_uses_the_embedded_defaults() {
    let project = built();
    assert!(!project.path("themes").exists() && !project.path("locales").exists());
    let html = project.html("public/de/course/01-mouse.html");
    assert!(
        text_of(&html, ".block-label").contains("Hinweis für die Kursleitung"),
        "block labels come from the embedded German locale"
    );
}

#[test]
fn project_templates_and_locales_override_the_defaults() {
    let project = Project::fixture("mini");
    project.write("locales/en.yaml", "nav:\n  skip: Jump to the lesson\n");
    project.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p id=custom>gone</p>{% endblock content %}",
    );
    project.build().assert_ok();
    let html = project.html("public/en/index.html");
    assert_eq!(text_of(&html, ".skip-link"), "Jump to the lesson");
    assert!(
        text_of(&html, "footer").contains("Licensed under"),
        "other keys still come from the defaults"
    );
    assert_eq!(text_of(&project.html("public/404.html"), "#custom"), "gone");
}

#[test]
fn anchor_links_in_fallback_content_follow_the_contents_language() {
    let project = Project::fixture("mini");
    project.write(
        "curriculum/course/02-keyboard.ar.md",
        "---\ntitle: لوحة المفاتيح\nstatus: draft\n---\n\n## كتابة الحروف\n\nاكتبي اسمك.\n",
    );
    project.build().assert_ok();
    let html = project.html("public/ar/course/01-mouse.html");
    let hrefs: Vec<_> = select(&html, ".prose a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"../../en/course/02-keyboard.html#typing-letters"),
        "the English anchor leads to the English page: {hrefs:?}"
    );
    let german = project.html("public/de/course/01-mouse.html");
    let hrefs: Vec<_> = select(&german, ".prose a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(hrefs.contains(&"02-keyboard.html"), "{hrefs:?}");
}

#[test]
fn pdfs_are_linked_from_their_pages_and_listed_with_sizes() {
    let project = built();
    let html = project.html("public/en/course/01-mouse.html");
    let link = select(&html, ".view-switch a.download")[0];
    assert_eq!(link.attr("href"), Some("01-mouse.pdf"));
    assert!(link.text().collect::<String>().contains("KB"));
    let handout = project.html("public/ar/course/01-mouse.participant.html");
    assert_eq!(
        select(&handout, "a.download")[0].attr("href"),
        Some("01-mouse.handout.pdf")
    );
    let program = project.html("public/de/guide/index.html");
    assert_eq!(
        select(&program, "a.download-book")[0].attr("href"),
        Some("guide.de.pdf")
    );
    let downloads = project.html("public/en/downloads.html");
    assert_eq!(
        select(&downloads, "a.download-book").len(),
        2,
        "one book per unit"
    );
    assert_eq!(
        select(&downloads, "table.downloads a").len(),
        4,
        "plan and handout of both lessons"
    );
    for href in select(&downloads, "a[download]")
        .iter()
        .filter_map(|a| a.attr("href"))
    {
        assert!(project.path("public/en").join(href).is_file(), "{href}");
    }
    assert!(!select(&html, "nav.program-nav a[href$='downloads.html']").is_empty());

    // The whole kit, for a new sponsor: on the downloads page and on the home page.
    let kit = select(&downloads, "a.download-kit")[0];
    assert_eq!(kit.attr("href"), Some("mini-course-en.zip"));
    let home = project.html("public/de/index.html");
    let kit = select(&home, "a.download-kit")[0];
    assert_eq!(kit.attr("href"), Some("mini-course-de.zip"));
    let label = kit.text().collect::<String>();
    assert!(label.contains("Das ganze Paket herunterladen"), "{label}");
    assert!(label.contains("(ZIP · 6 PDF-Dateien · "), "{label}");
    assert!(project.path("public/de/mini-course-de.zip").is_file());
}

#[test]
fn without_pdfs_no_page_links_to_one() {
    let project = Project::fixture("mini");
    project.run(&["build", "--no-pdf"]).assert_ok();
    assert!(!project.path("public/en/downloads.html").exists());
    assert!(!project.path("public/en/course/01-mouse.pdf").exists());
    assert!(
        !project
            .read("public/en/course/01-mouse.html")
            .contains(".pdf")
    );
}

#[test]
fn a_header_with_many_units_links_to_the_home_page_instead() {
    let project = Project::fixture("mini");
    let page = "public/en/course/01-mouse.html";
    project.build().assert_ok();
    assert!(text_of(&project.html(page), ".program-nav").contains("The guide"));

    // Thirteen units would fill a phone's screen.
    let mut order = vec!["course".to_owned(), "guide".to_owned()];
    for n in 1..=11 {
        let slug = format!("extra-{n:02}");
        project.write(
            &format!("curriculum/{slug}/_program.en.md"),
            &format!("---\ntitle: Extra unit {n}\nkind: guide\nsummary: One more.\n---\n\nMore.\n"),
        );
        order.push(slug);
    }
    project.edit(
        "curriculum/site.yaml",
        "programs: [course, guide]",
        &format!("programs: [{}]", order.join(", ")),
    );
    project.build().assert_ok();
    let html = project.html(page);
    let nav = text_of(&html, ".program-nav");
    assert!(
        !nav.contains("The guide") && !nav.contains("Extra unit"),
        "{nav}"
    );
    let home = select(&html, ".program-nav a")
        .into_iter()
        .find(|a| a.text().collect::<String>() == "All units")
        .expect("a link to all units");
    assert_eq!(home.value().attr("href"), Some("../../en/index.html"));
    assert!(text_of(&project.html("public/en/index.html"), "main").contains("Extra unit 11"));
}
