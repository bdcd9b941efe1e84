//! Pictures per language: `keys.de.svg` stands in for `keys.svg` on German pages and in German
//! PDFs; a picture with words on it and no version in the page's language is a warning naming
//! the words.

mod common;

use common::{Project, select};

const LABELLED: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"><title>Keys</title><rect width="200" height="60" fill="#eee"/><text x="10" y="35">Enter</text><text x="120" y="35"><tspan>Shift</tspan> key</text><text x="180" y="55">1</text></svg>"##;

#[test]
fn a_page_shows_its_languages_picture_or_warns_about_the_words_it_cannot_translate() {
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
}
