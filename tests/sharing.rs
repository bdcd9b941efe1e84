//! What a shared link and a search engine see of a page: its description, Open Graph data, and —
//! when `site.yaml` sets `base_url` — its absolute address; a favicon; the code colours only on
//! pages with code.

mod common;

use common::{Project, select};

fn meta(page: &scraper::Html, css: &str) -> Option<String> {
    select(page, css)
        .first()
        .and_then(|m| m.attr("content").or_else(|| m.attr("href")))
        .map(str::to_owned)
}

#[test]
fn a_lesson_page_tells_a_shared_link_its_title_summary_and_address() {
    let project = common::built_golden();
    let page = project.html("public/de/course/01-mouse.html");
    let lesson = project.html("public/en/course/01-mouse.html");
    assert_eq!(
        meta(&lesson, "meta[name=description]").as_deref(),
        Some("Point, click and drag.")
    );
    assert_eq!(
        meta(&lesson, "meta[property='og:title']").as_deref(),
        Some("Using the mouse")
    );
    assert_eq!(
        meta(&lesson, "meta[property='og:type']").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta(&page, "meta[property='og:locale']").as_deref(),
        Some("de_DE")
    );
    let address = "https://example.org/golden/en/course/01-mouse.html";
    assert_eq!(
        meta(&lesson, "meta[property='og:url']").as_deref(),
        Some(address)
    );
    assert_eq!(
        meta(&lesson, "link[rel=canonical]").as_deref(),
        Some(address)
    );
    assert_eq!(
        meta(&lesson, "link[rel=icon]").as_deref(),
        Some("../../assets/favicon.svg")
    );
    assert!(project.path("public/assets/favicon.svg").is_file());
    assert_eq!(
        meta(&page, "meta[property='og:image']").as_deref(),
        Some("https://example.org/golden/de/course/share.png")
    );
    let picture = std::fs::read(project.path("public/de/course/share.png")).unwrap();
    assert_eq!(&picture[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(picture[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1200, 630), "Open Graph's size");
    let home = project.html("public/en/index.html");
    assert_eq!(
        meta(&home, "meta[property='og:type']").as_deref(),
        Some("website")
    );
    assert_eq!(
        meta(&home, "meta[property='og:image']").as_deref(),
        Some("https://example.org/golden/assets/icon-512.png")
    );
    assert!(
        meta(&home, "meta[name=description]").is_some_and(|d| d.len() > 20),
        "every page has a description"
    );
}

#[test]
fn without_base_url_a_page_has_no_absolute_address() {
    let project = Project::fixture("mini");
    project.run(&["build", "--no-pdf", "--no-lms"]).assert_ok();
    let lesson = project.html("public/en/course/01-mouse.html");
    assert!(meta(&lesson, "meta[name=description]").is_some());
    assert_eq!(meta(&lesson, "meta[property='og:url']"), None);
    assert_eq!(meta(&lesson, "link[rel=canonical]"), None);
    assert_eq!(meta(&lesson, "meta[property='og:image']"), None);
    assert!(!project.path("public/en/course/share.png").exists());
}

#[test]
fn only_pages_with_code_load_the_code_colours() {
    let project = common::built_golden();
    let styles = |file: &str| -> Vec<String> {
        select(&project.html(file), "link[rel=stylesheet]")
            .iter()
            .filter_map(|l| l.attr("href").map(str::to_owned))
            .collect()
    };
    assert!(
        styles("public/en/course/01-mouse.html").contains(&"../../assets/highlight.css".to_owned()),
        "the mouse lesson shows a Python example"
    );
    assert_eq!(
        styles("public/en/course/02-keyboard.html"),
        ["../../assets/style.css", "../../assets/lesson.css"]
    );
}
