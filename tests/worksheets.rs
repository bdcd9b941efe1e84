//! Worksheets and labelled pictures: tables with room to write, and a picture with numbered
//! markers whose key the participants write themselves, on the participant page and in the
//! handout PDF; the trainer's page and lesson plan show the words.

mod common;

use std::fs;

use common::{Project, select, text_of};

fn pdf_text(project: &Project, pdf: &str) -> String {
    let bytes = fs::read(project.path(pdf)).unwrap_or_else(|e| panic!("{pdf}: {e}"));
    pdf_extract::extract_text_from_mem(&bytes).unwrap()
}

const KEY: [&str; 3] = ["Return key", "Space bar", "Shift key"];

#[test]
fn a_worksheet_table_reaches_participants_with_empty_cells_to_write_in() {
    let project = common::built_golden();
    let page = project.html("public/en/course/02-keyboard.participant.html");
    assert_eq!(
        text_of(&page, ".block-worksheet .block-label"),
        "Worksheet: How fast do you type?"
    );
    let cells: Vec<String> = select(&page, ".block-worksheet tbody td")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(cells, ["1", "", "", "2", "", "", "3", "", ""]);
    let handout = pdf_text(project, "public/en/course/02-keyboard.handout.pdf");
    for words in [
        "How fast do you type?",
        "My guess (seconds)",
        "Measured (seconds)",
    ] {
        assert!(handout.contains(words), "{words:?} missing in\n{handout}");
    }
}

#[test]
fn a_labelled_picture_has_its_markers_and_the_key_only_trainers_see() {
    let project = common::built_golden();
    let participant = project.html("public/en/course/02-keyboard.participant.html");
    let markers: Vec<(String, String)> = select(&participant, ".block-labels .label-marker")
        .iter()
        .map(|m| {
            let style = m.attr("style").unwrap_or_default().to_owned();
            (m.text().collect(), style)
        })
        .collect();
    assert_eq!(
        markers,
        [
            ("1".to_owned(), "left:89%;top:42%".to_owned()),
            ("2".to_owned(), "left:50%;top:87%".to_owned()),
            ("3".to_owned(), "left:11%;top:67%".to_owned()),
        ]
    );
    let img = select(&participant, ".labelled-picture img");
    assert_eq!(img[0].attr("src"), Some("../../media/course/keyboard.svg"));
    assert_eq!(
        select(&participant, ".block-labels .label-key .write-line").len(),
        3
    );
    let participant_text = project.read("public/en/course/02-keyboard.participant.html");
    let trainer = project.html("public/en/course/02-keyboard.html");
    let key: Vec<String> = select(&trainer, ".block-labels figure ol li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(key, KEY);
    let handout = pdf_text(project, "public/en/course/02-keyboard.handout.pdf");
    let plan = pdf_text(project, "public/en/course/02-keyboard.pdf");
    assert!(handout.contains("Find the keys"), "{handout}");
    for words in KEY {
        assert!(
            !participant_text.contains(words) && !handout.contains(words),
            "participants write {words:?} themselves"
        );
        assert!(plan.contains(words), "{words:?} missing in the lesson plan");
    }
}

#[test]
fn a_label_without_a_position_is_an_error_at_its_line_and_column() {
    let project = Project::fixture("mini");
    let file = "curriculum/course/01-mouse.en.md";
    let text = project.read(file);
    project.write(
        file,
        &format!(
            "{text}\n::: labels [write] Parts\n![A mouse](mouse.svg)\n\n1. [40, 120] Left button\n:::\n\n::: labels [wirte] More\n:::\n"
        ),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    let line = text.lines().count() + 5;
    assert!(
        err.contains("`[40, 120]` is not a position: two whole numbers from 0 to 100"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {file}:{line}:4")), "{err}");
    assert!(err.contains("e.g. `1. [40, 25] Screen`"), "{err}");
    assert!(err.contains("unknown option `wirte`"), "{err}");
    assert!(err.contains("did you mean `write`?"), "{err}");
}
