//! Lesson plans trainers teach from: phase plans, participant view, schedules, DigComp matrix.

mod common;

use common::{Project, select, text_of};

fn built() -> Project {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    project
}

#[test]
fn phase_table_shows_a_running_clock() {
    let project = built();
    let html = project.html("public/en/course/01-mouse.html");
    let clocks: Vec<String> = select(&html, "table.phases td.clock")
        .iter()
        .map(|td| td.text().next().unwrap().to_owned())
        .collect();
    assert_eq!(clocks, ["0:00–0:10", "0:10–0:35", "0:35–1:30"]);
    let phases = text_of(&html, "table.phases th[scope=row]");
    assert_eq!(phases, "Arrival\nDemonstration\nPractice");
    assert_eq!(select(&html, ".phase-bar > span").len(), 3);
    assert!(text_of(&html, "table.phases").contains("The trainer shows clicking"));
}

#[test]
fn header_card_names_competences_level_objectives_materials() {
    let project = built();
    let html = project.html("public/en/course/01-mouse.html");
    let card = text_of(&html, ".lesson-card");
    for needle in [
        "1 hour 30 min",
        "1 · Foundation",
        "5.1",
        "Solving technical problems",
        "Hold the mouse and click",
        "Picture cards",
        "Switch the laptops on.",
    ] {
        assert!(card.contains(needle), "{needle} missing from {card}");
    }
}

#[test]
fn translation_shows_translated_phases_with_inherited_minutes() {
    let project = built();
    let html = project.html("public/de/course/01-mouse.html");
    assert_eq!(
        text_of(&html, "table.phases th[scope=row]"),
        "Ankommen\nVorführen\nÜben"
    );
    assert!(text_of(&html, "table.phases").contains("0:35–1:30"));
}

#[test]
fn phases_that_do_not_add_up_are_an_error_naming_sum_and_duration() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "  - minutes: 55",
        "  - minutes: 50",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("the phases add up to 85 minutes, but `duration` is 90"),
        "{err}"
    );
    assert!(err.contains("01-mouse.en.md:4:1"), "{err}");
    assert!(err.contains("10 + 25 + 50"), "{err}");
    assert_eq!(project.build().code(), 1, "build reports it too");
}

#[test]
fn all_lesson_plan_problems_come_in_one_report() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "  - minutes: 55",
        "  - minutes: 50",
    );
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "digcomp: [\"5.1\", \"1.1\"]",
        "digcomp: [\"5.1\", \"6.2\", \"1.9\"]",
    );
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "level: 1",
        "level: 9",
    );
    let run = project.run(&["check"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1);
    assert!(
        err.contains("`6.2` is not a DigComp 2.2 competence"),
        "{err}"
    );
    assert!(
        err.contains("`1.9` is not a DigComp 2.2 competence"),
        "{err}"
    );
    assert!(
        err.contains("level 9 is not a DigComp 2.2 proficiency level"),
        "{err}"
    );
    assert!(err.contains("the phases add up to 85"), "{err}");
    assert!(
        err.contains("01-mouse.en.md:6:1"),
        "the code is found on its line: {err}"
    );
}

#[test]
fn participant_view_holds_no_trainer_material() {
    let project = built();
    for lang in ["en", "de", "ar"] {
        let page = format!("public/{lang}/course/01-mouse.participant.html");
        let html = project.read(&page);
        for secret in [
            "Secret trainer note",
            "Geheime Notiz",
            "Bottom left of the screen",
            "Show how to hold the mouse",
            "block-trainer",
            "block-solution",
            "table class=\"phases\"",
        ] {
            assert!(!html.contains(secret), "{page} leaks {secret}");
        }
    }
    let html = project.html("public/en/course/01-mouse.participant.html");
    let text = text_of(&html, "article");
    for visible in [
        "Put your hand on the mouse",
        "Where is the recycle bin?",
        "Write the word",
        "A small device you move with your hand",
    ] {
        assert!(text.contains(visible), "{visible} missing: {text}");
    }
    let trainer_link = select(&html, ".view-switch a")[0];
    assert_eq!(trainer_link.attr("href"), Some("01-mouse.html"));
    let trainer = project.html("public/en/course/01-mouse.html");
    assert_eq!(
        select(&trainer, ".view-switch a")[0].attr("href"),
        Some("01-mouse.participant.html")
    );
}

#[test]
fn program_page_has_schedule_total_and_week_plan() {
    let project = built();
    let html = project.html("public/en/course/index.html");
    let running: Vec<String> = select(&html, "table.schedule tbody .clock")
        .iter()
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(running, ["0:00–1:30", "1:30–2:30"]);
    assert!(text_of(&html, "table.schedule tfoot").contains("2 hours 30 min"));
    let weeks = select(&html, ".weeks > li");
    assert_eq!(weeks.len(), 2);
    assert!(
        weeks[0]
            .text()
            .collect::<String>()
            .contains("Using the mouse")
    );
    assert!(weeks[1].text().collect::<String>().contains("The keyboard"));
}

#[test]
fn overview_gathers_objectives_materials_and_glossary() {
    let project = built();
    let html = project.html("public/en/course/overview.html");
    assert!(text_of(&html, "section").contains("Type your name"));
    assert!(
        select(&html, ".checklist, .glossary").is_empty(),
        "one part per page"
    );
    let parts: Vec<String> = select(&html, ".view-switch a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(parts, ["materials.html", "glossary.html"]);
    let materials = text_of(
        &project.html("public/en/course/materials.html"),
        ".checklist li",
    );
    assert!(materials.contains("Laptops") && materials.contains("Picture cards"));
    let glossary = project.html("public/en/course/glossary.html");
    assert_eq!(
        text_of(&glossary, ".glossary dt"),
        "click\nmouse",
        "sorted glossary"
    );
    assert!(text_of(&glossary, "h1").ends_with("Glossary"));
    let german = project.html("public/de/course/glossary.html");
    assert!(text_of(&german, ".glossary dt").contains("Maus"));
    let guide = project.html("public/en/guide/materials.html");
    assert_eq!(
        text_of(&guide, "#materials + p"),
        "No page of this unit lists materials."
    );
}

#[test]
fn competence_matrix_shows_coverage_and_gaps() {
    let project = built();
    let html = project.html("public/en/digcomp.html");
    let header: Vec<String> = select(&html, "table.matrix thead tr + tr th")
        .iter()
        .skip(1)
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(header.len(), 21);
    assert_eq!((header[0].as_str(), header[20].as_str()), ("1.1", "5.4"));
    let rows = select(&html, "table.matrix tbody tr");
    assert_eq!(rows.len(), 2, "only the course has competences");
    let hits: Vec<usize> = rows
        .iter()
        .map(|row| {
            row.select(&scraper::Selector::parse("td").unwrap())
                .position(|td| td.value().attr("class") == Some("hit"))
                .unwrap()
        })
        .collect();
    assert_eq!(hits, [0, 9], "1.1 is the first column, 3.1 the tenth");
    let uncovered = text_of(&html, "#uncovered + ul");
    assert!(
        uncovered.contains("2.1") && !uncovered.contains("5.1"),
        "{uncovered}"
    );
    assert!(text_of(&html, "main").contains("3 of 21 competences covered"));
    assert!(text_of(&html, ".source").contains("JRC128415"));
}

#[test]
fn guides_have_chapters_without_lesson_plans() {
    let project = built();
    let html = project.html("public/en/guide/index.html");
    assert_eq!(select(&html, "ol.chapters li").len(), 1);
    assert!(select(&html, "table.schedule").is_empty());
    let chapter = project.html("public/en/guide/01-start.html");
    assert!(select(&chapter, "table.phases").is_empty());
    assert!(
        !project
            .path("public/en/guide/01-start.participant.html")
            .exists()
    );
}

#[test]
fn rhythm_mismatch_is_an_error() {
    let project = Project::fixture("mini");
    project.edit("curriculum/course/_program.en.md", "weeks: 2", "weeks: 4");
    let run = project.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("the lessons fill 2 sessions, but the rhythm plans 4"),
        "{}",
        run.stderr()
    );
}
