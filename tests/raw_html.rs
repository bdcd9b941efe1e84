//! Raw HTML in lessons: what an author may write stays, what could run code in a reader's browser
//! is dropped from every output (web pages, course packages, PDFs), each with a warning at its
//! line and column; `site.yaml` may allow more.

mod common;

use std::fs;
use std::io::{Cursor, Read};

use common::{Project, files, select};

const FILE: &str = "curriculum/course/01-mouse.en.md";

/// The mini fixture with a handout of hostile raw HTML (a paragraph, a script block, a line of
/// HTML) and harmless markup appended to the English mouse lesson; returns the file line of the
/// handout's first line of text.
fn with_raw_html(project: &Project) -> usize {
    let text = project.read(FILE);
    let first = text.lines().count() + 3;
    project.write(
        FILE,
        &format!(
            "{text}\n::: handout\nPress <kbd>Ctrl</kbd> and <img src=\"mouse.svg\" alt=\"a mouse\" onerror=\"alert(1)\">.\n\n<script>alert(2)</script>\n\n<iframe src=\"javascript:alert(3)\"></iframe> <a href=\"javascript:alert(4)\">Click</a> <span style=\"position: fixed; top: 0\">Over</span>\n:::\n"
        ),
    );
    first
}

fn package_pages(project: &Project, extension: &str) -> String {
    let mut all = String::new();
    for path in files(&project.path("public")) {
        if !path.to_string_lossy().ends_with(extension) {
            continue;
        }
        let bytes = fs::read(project.path("public").join(&path)).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if entry.name().unwrap().ends_with(".html") {
                entry.read_to_string(&mut all).unwrap();
            }
        }
    }
    all
}

#[test]
fn hostile_html_is_dropped_from_every_output_with_a_warning_at_its_place() {
    let project = Project::fixture("mini");
    let first = with_raw_html(&project);
    let run = project.build();
    run.assert_ok();
    let err = run.stderr();
    for (what, line, column) in [
        ("`onerror` of `<img>`", first, 62),
        ("`<script>` and what it holds", first + 2, 1),
        ("`<iframe>` (its text stays)", first + 4, 1),
        ("the address `javascript:alert(4)` of `<a>`", first + 4, 48),
        ("`position` in the style of `<span>`", first + 4, 91),
    ] {
        assert!(
            err.contains(&format!("warning: {what} removed from the raw HTML")),
            "{what}: {err}"
        );
        assert!(
            err.contains(&format!("--> {FILE}:{line}:{column}")),
            "{what} at {line}:{column}: {err}"
        );
    }
    for page in ["01-mouse.html", "01-mouse.participant.html"] {
        let html = project.read(&format!("public/en/course/{page}"));
        let document = scraper::Html::parse_document(&html);
        assert_eq!(select(&document, "article kbd").len(), 1, "{page}");
        let img = select(&document, "img[alt='a mouse']");
        assert_eq!(img.len(), 1, "{page}: the picture stays");
        assert_eq!(img[0].attr("onerror"), None);
        assert_eq!(select(&document, "iframe").len(), 0);
        let link = select(&document, "article a")
            .into_iter()
            .find(|a| a.text().collect::<String>() == "Click")
            .unwrap();
        assert_eq!(
            link.attr("href"),
            None,
            "{page}: the text stays, not the address"
        );
        for gone in ["alert(", "javascript:", "position: fixed", "onerror"] {
            assert!(!html.contains(gone), "{page} still holds {gone:?}");
        }
    }
    let packages = package_pages(&project, ".imscc") + &package_pages(&project, ".scorm.zip");
    assert!(packages.contains("<kbd>Ctrl</kbd>"));
    for gone in ["alert(", "javascript:", "onerror"] {
        assert!(!packages.contains(gone), "a package still holds {gone:?}");
    }
    let pdf = fs::read(project.path("public/en/course/01-mouse.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(text.contains("Ctrl"), "{text}");
    assert!(
        !text.contains("alert(2)"),
        "the script's text is not printed"
    );
}

#[test]
fn a_project_may_allow_an_element_in_site_yaml() {
    let project = Project::fixture("mini");
    let site = project.read("curriculum/site.yaml");
    project.write(
        "curriculum/site.yaml",
        &format!("{site}allow_html:\n  iframe: [src, title]\n"),
    );
    let text = project.read(FILE);
    project.write(
        FILE,
        &format!("{text}\n<iframe src=\"https://example.org/video\" title=\"A video\" onload=\"x()\"></iframe>\n"),
    );
    let run = project.run(&["build", "--no-pdf", "--no-lms"]);
    run.assert_ok();
    assert!(
        run.stderr().contains("`onload` of `<iframe>` removed"),
        "{}",
        run.stderr()
    );
    let page = project.html("public/en/course/01-mouse.html");
    let frames = select(&page, "iframe");
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].attr("src"), Some("https://example.org/video"));
    assert_eq!(frames[0].attr("onload"), None);
}
