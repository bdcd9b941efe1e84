//! Card blocks: a grid on the trainer's page, a cut-out sheet PDF per block and language, listed
//! with the lesson, in the kit and the downloads page; a card too long for its box is an error at
//! its line.

mod common;

use std::fs;

use common::{Project, select};

fn pages(project: &Project, pdf: &str) -> Vec<String> {
    let bytes = fs::read(project.path(pdf)).unwrap_or_else(|e| panic!("{pdf}: {e}"));
    pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap()
}

#[test]
fn cards_are_a_grid_for_trainers_and_for_participants_only_when_the_block_says_so() {
    let project = common::built_golden();
    let trainer = project.html("public/en/course/02-keyboard.html");
    let cards: Vec<String> = select(&trainer, ".block-cards > ul > li")
        .iter()
        .map(|li| li.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(cards, ["Enter", "Space", "Shift", "Backspace", "Tab"]);
    assert_eq!(select(&trainer, ".block-cards").len(), 2);
    let participant = project.html("public/en/course/02-keyboard.participant.html");
    let labels: Vec<String> = select(&participant, ".block-cards .block-label")
        .iter()
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(labels, ["Cards: What does the key do?"]);
}

#[test]
fn every_card_block_is_a_sheet_to_cut_with_its_cards_and_backs() {
    let project = common::built_golden();
    let words = pages(project, "public/en/course/02-keyboard.cards-1.pdf");
    assert_eq!(words.len(), 1, "five cards on one sheet of twelve");
    for card in [
        "Enter",
        "Space",
        "Shift",
        "Backspace",
        "Tab",
        "Key cards",
        "Lesson 2: The keyboard",
        "CC BY 4.0",
    ] {
        assert!(words[0].contains(card), "{card:?} missing in\n{}", words[0]);
    }
    let pairs = pages(project, "public/en/course/02-keyboard.cards-2.pdf");
    assert_eq!(
        pairs.len(),
        2,
        "three cards of four a sheet, two-sided: fronts, then backs"
    );
    assert!(
        pairs[0].contains("Enter") && !pairs[0].contains("new line"),
        "{}",
        pairs[0]
    );
    assert!(pairs[1].contains("Starts a new line"), "{}", pairs[1]);
    // The sheets are in every language's kit, the lesson's header and the downloads page.
    let kit = fs::read(project.path("public/de/golden-families-de.zip")).unwrap();
    let kit = String::from_utf8_lossy(&kit);
    assert!(kit.contains("course/02-keyboard.cards-2.pdf"));
    let page = project.html("public/de/course/02-keyboard.html");
    let links: Vec<&str> = select(&page, ".card-sheets a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        links,
        ["02-keyboard.cards-1.pdf", "02-keyboard.cards-2.pdf"]
    );
    let plan = pages(project, "public/en/course/02-keyboard.pdf").concat();
    assert!(
        plan.contains("Card sheet 1: Key cards (02-keyboard.cards-1.pdf)"),
        "the lesson plan names its sheets: {plan}"
    );
    let downloads = project.read("public/de/downloads.html");
    assert!(
        downloads.contains("02-keyboard.cards-1.pdf"),
        "the downloads page lists the sheets"
    );
}

#[test]
fn a_card_too_long_for_its_box_is_an_error_at_its_line() {
    let project = Project::fixture("golden");
    let lesson = "curriculum/course/02-keyboard.en.md";
    let long = "A very long text that does not fit on a word card ".repeat(12);
    project.edit(lesson, "- Tab\n", &format!("- Tab\n- {long}\n"));
    let line = project
        .read(lesson)
        .lines()
        .position(|l| l.starts_with("- A very long"))
        .unwrap()
        + 1;
    let run = project.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("error: card 6 of this card sheet is too long for its card"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> curriculum/course/02-keyboard.en.md:{line}:1")),
        "{err}"
    );
    assert_eq!(
        err.matches("too long").count(),
        1,
        "once, not once per language: {err}"
    );
}

#[test]
fn unchanged_card_sheets_are_copied_on_a_rebuild() {
    let project = Project::fixture("golden");
    project.build().assert_ok();
    let sheet = project.path("public/en/course/02-keyboard.cards-1.pdf");
    let before = fs::read(&sheet).unwrap();
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(&sheet).unwrap().ino()
    };
    project.build().assert_ok();
    assert_eq!(fs::read(&sheet).unwrap(), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            fs::metadata(&sheet).unwrap().ino(),
            inode,
            "kept, not made again"
        );
    }
}
