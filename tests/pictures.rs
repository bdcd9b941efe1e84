//! Pictures per language: `keys.de.svg` stands in for `keys.svg` on German pages and in German
//! PDFs; a picture with words on it and no version in the page's language is a warning naming
//! the words.

mod common;

use common::{Project, select};

const LABELLED: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"><title>Keys</title><rect width="200" height="60" fill="#eee"/><text x="10" y="35">Enter</text><text x="120" y="35"><tspan>Shift</tspan> key</text><text x="180" y="55">1</text></svg>"##;

/// The golden fixture with `keys.svg` (words on it), its German version, and every language's
/// mouse lesson showing it.
fn with_labelled_keys() -> Project {
    let project = Project::fixture("golden");
    project.write("curriculum/course/keys.svg", LABELLED);
    project.write(
        "curriculum/course/keys.de.svg",
        &LABELLED.replace(">Enter<", ">Eingabe<"),
    );
    for lang in ["en", "de", "ar"] {
        let file = format!("curriculum/course/01-mouse.{lang}.md");
        let text = project.read(&file);
        project.write(
            &file,
            &format!("{text}\n::: handout\n![The keys](keys.svg)\n:::\n"),
        );
    }
    project
}

#[test]
fn a_page_shows_its_languages_picture_or_warns_about_the_words_it_cannot_translate() {
    let project = with_labelled_keys();
    let run = project.run(&["build", "--no-pdf", "--no-lms"]);
    run.assert_ok();
    let src = |lang: &str| {
        let page = project.html(&format!("public/{lang}/course/01-mouse.participant.html"));
        select(&page, "img[alt='The keys']")[0]
            .attr("src")
            .unwrap()
            .to_owned()
    };
    assert_eq!(src("en"), "../../media/course/keys.svg");
    assert_eq!(src("de"), "../../media/course/keys.de.svg");
    assert_eq!(src("ar"), "../../media/course/keys.svg");
    let err = run.stderr();
    let ar = project.read("curriculum/course/01-mouse.ar.md");
    let line = ar.lines().position(|l| l.contains("keys.svg")).unwrap() + 1;
    assert!(
        err.contains(
            "warning: `keys.svg` has words on it (Enter, Shift key) and no العربية version"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> curriculum/course/01-mouse.ar.md:{line}:")),
        "{err}"
    );
    assert!(
        err.contains("keys.ar.svg"),
        "the hint names the file to make: {err}"
    );
    assert!(
        !err.contains("Deutsch version"),
        "German has its picture: {err}"
    );
    assert!(
        !err.contains("no English version"),
        "the source language needs no other: {err}"
    );
    assert!(
        !err.contains("Українська version"),
        "the Ukrainian page shows the English lesson, untranslated, so the English picture: {err}"
    );
}

#[test]
fn status_counts_the_pictures_a_translation_shows_untranslated() {
    let project = with_labelled_keys();
    let run = project.run(&["status"]);
    run.assert_ok();
    let out = run.stdout();
    let row = |lang: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with("course") && l.split_whitespace().nth(1) == Some(lang))
            .unwrap_or_else(|| panic!("no course {lang} row in\n{out}"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert!(out.lines().next().unwrap().ends_with("pictures"), "{out}");
    assert_eq!(row("ar").last().map(String::as_str), Some("1"), "{out}");
    assert_eq!(row("de").last().map(String::as_str), Some("0"), "{out}");
    assert!(
        out.contains("ar  course/keys.svg (Enter, Shift key) → course/keys.ar.svg · 1 page"),
        "{out}"
    );
    let json = project.run(&["status", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let pictures = value["untranslated_pictures"].as_array().unwrap();
    assert_eq!(pictures.len(), 1, "{value}");
    assert_eq!(pictures[0]["lang"], "ar");
    assert_eq!(pictures[0]["pages"][0], "curriculum/course/01-mouse.ar.md");
}
