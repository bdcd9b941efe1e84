//! The authors' commands: translation versions (`translated`, `status`, outdated warnings in
//! `check`, the status page) and `new lesson` / `new translation`, which never overwrite a file.

mod common;

use std::process::Command;

use common::{Project, Run, select, text_of};
use digifam::translation::source_hash;

const SOURCE: &str = "curriculum/course/01-mouse.en.md";
const GERMAN: &str = "curriculum/course/01-mouse.de.md";

/// Asserts that `text` holds each of `parts`, and shows the text when it does not.
fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} is not in:\n{text}");
    }
}

/// Asserts that the command failed with exit code 1 and said each of `messages`.
fn assert_fails(run: &Run, messages: &[&str]) {
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_contains(&run.stderr(), messages);
}

fn status_json(project: &Project) -> serde_json::Value {
    let run = project.run(&["status", "--format", "json"]);
    run.assert_ok();
    serde_json::from_str(&run.stdout()).unwrap()
}

/// The state of `file` in `digifam status --format json`.
fn state_of(project: &Project, source: &str, lang: &str) -> String {
    let status = status_json(project);
    let row = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == source)
        .unwrap_or_else(|| panic!("no row for {source}"));
    let cell = row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["lang"] == lang)
        .unwrap();
    cell["state"].as_str().unwrap().to_owned()
}

#[test]
fn translated_records_the_source_version_and_touches_nothing_else() {
    let project = Project::fixture("mini");
    let before = project.read(GERMAN);
    assert_eq!(state_of(&project, SOURCE, "de"), "unknown");

    let run = project.run(&["translated", GERMAN]);
    run.assert_ok();
    let version = source_hash(&project.read(SOURCE));
    assert!(run.stdout().contains(&version), "{}", run.stdout());
    let after = project.read(GERMAN);
    assert_eq!(
        after,
        before.replacen(
            "status: draft\n",
            &format!("status: draft\nsource_version: {version}\n"),
            1
        )
    );
    assert_eq!(state_of(&project, SOURCE, "de"), "translated");

    let again = project.run(&["translated", GERMAN]);
    again.assert_ok();
    assert_contains(&again.stdout(), &["already up to date"]);
    assert_eq!(project.read(GERMAN), after);
}

#[test]
fn translated_keeps_crlf_line_endings_and_comments() {
    let project = Project::fixture("mini");
    let crlf = project
        .read(GERMAN)
        .replace(
            "status: draft\n",
            "status: draft # check with Ayşe\nsource_version: 000000000000   # old\n",
        )
        .replace('\n', "\r\n");
    project.write(GERMAN, &crlf);
    project.run(&["translated", GERMAN]).assert_ok();
    let version = source_hash(&project.read(SOURCE));
    assert_eq!(
        project.read(GERMAN),
        crlf.replace(
            "source_version: 000000000000   # old",
            &format!("source_version: {version}   # old")
        )
    );
    // CRLF in the source gives the same version as LF.
    let source = project.read(SOURCE);
    project.write(SOURCE, &source.replace('\n', "\r\n"));
    assert_eq!(state_of(&project, SOURCE, "de"), "translated");
}

#[test]
fn translated_refuses_a_source_file_and_a_file_without_a_source() {
    let project = Project::fixture("mini");
    let run = project.run(&["translated", SOURCE]);
    assert_fails(&run, &["this is the source file"]);

    project.write("curriculum/course/07-nothing.de.md", "---\ntitle: X\n---\n");
    let run = project.run(&["translated", "curriculum/course/07-nothing.de.md"]);
    assert_fails(&run, &["has no source file"]);
    assert_eq!(
        project.read("curriculum/course/07-nothing.de.md"),
        "---\ntitle: X\n---\n"
    );
}

#[test]
fn check_warns_about_an_outdated_translation_with_its_line_and_the_fix() {
    let project = Project::fixture("mini");
    project.run(&["translated", GERMAN]).assert_ok();
    let clean = project.run(&["check"]);
    clean.assert_ok();
    assert!(!clean.stderr().contains("outdated"), "{}", clean.stderr());

    project.edit(
        SOURCE,
        "Show how to hold the mouse.",
        "Show how to hold the mouse gently.",
    );
    let run = project.run(&["check"]);
    assert_eq!(
        run.code(),
        0,
        "an outdated translation is a warning, not an error"
    );
    let err = run.stderr();
    assert!(
        err.contains(&format!(
            "warning: this translation is outdated: {SOURCE} has changed since it was translated"
        )),
        "{err}"
    );
    let line = project
        .read(GERMAN)
        .lines()
        .position(|l| l.starts_with("source_version:"))
        .unwrap()
        + 1;
    assert_contains(
        &err,
        &[
            &format!("--> {GERMAN}:{line}:1"),
            &format!("run `digifam translated {GERMAN}`"),
            &source_hash(&project.read(SOURCE)),
        ],
    );
    assert_eq!(state_of(&project, SOURCE, "de"), "outdated");
    let status = project.run(&["status"]);
    assert!(status.stdout().contains(GERMAN), "{}", status.stdout());

    let json = project.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "warning" && d["file"] == GERMAN && d["line"] == line),
        "{json}"
    );
}

#[test]
fn a_translation_without_a_version_is_not_a_warning() {
    let project = Project::fixture("mini");
    let run = project.run(&["check"]);
    run.assert_ok();
    assert!(!run.stderr().contains("outdated"), "{}", run.stderr());
    assert!(!run.stderr().contains(GERMAN), "{}", run.stderr());
}

#[test]
fn a_source_version_in_a_source_file_is_a_warning() {
    let project = Project::fixture("mini");
    project.edit(
        SOURCE,
        "title: Using the mouse\n",
        "title: Using the mouse\nsource_version: 123456abcdef\n",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code(), 0);
    assert!(
        run.stderr()
            .contains("`source_version` in a source file has no meaning"),
        "{}",
        run.stderr()
    );
    assert_contains(&run.stderr(), &[&format!("--> {SOURCE}:3:1")]);
}

fn git(project: &Project, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(project.root())
        .output()
        .expect("git is installed");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn check_shows_what_changed_in_the_source_since_the_translation() {
    let project = Project::fixture("mini");
    git(&project, &["init", "-q"]);
    project.run(&["translated", GERMAN]).assert_ok();
    git(&project, &["add", "."]);
    git(&project, &["commit", "-q", "-m", "translated"]);
    project.edit(
        SOURCE,
        "Show how to hold the mouse.",
        "Show how to hold the mouse gently.",
    );
    git(&project, &["commit", "-q", "-am", "source changed"]);
    project.edit(SOURCE, "Secret trainer note", "Private trainer note");

    let run = project.run(&["check", "--show-changes"]);
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains(&format!(
            "What changed in {SOURCE} since {GERMAN} was translated"
        )),
        "{err}"
    );
    assert_contains(
        &err,
        &[
            "-Show how to hold the mouse. ![A mouse",
            "+Show how to hold the mouse gently. ![A mouse",
            "+Private trainer note",
        ],
    );

    let json = project.run(&["check", "--format", "json", "--show-changes"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(json["outdated"][0]["translation"], GERMAN);
    assert!(
        json["outdated"][0]["changes"]
            .as_str()
            .unwrap()
            .contains("+Private trainer note")
    );
}

#[test]
fn status_counts_every_state_per_unit_and_language() {
    let project = Project::fixture("mini");
    project.run(&["translated", GERMAN]).assert_ok();
    let status = status_json(&project);
    let counts = |program: &str, lang: &str| {
        status["programs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program"] == program && p["lang"] == lang)
            .map(|p| p["counts"].clone())
            .unwrap()
    };
    // course: the program page (de, no version), 01 (de, versioned), 02 (no translation).
    assert_eq!(
        counts("course", "de"),
        serde_json::json!({"translated": 1, "outdated": 0, "unknown": 1, "missing": 1})
    );
    assert_eq!(
        counts("course", "ar"),
        serde_json::json!({"translated": 0, "outdated": 0, "unknown": 0, "missing": 3})
    );
    assert_eq!(
        counts("guide", "de"),
        serde_json::json!({"translated": 0, "outdated": 0, "unknown": 0, "missing": 2})
    );
    let table = project.run(&["status"]).stdout();
    let course_de = table
        .lines()
        .find(|l| l.starts_with("course") && l.contains(" de "))
        .unwrap();
    assert_eq!(
        course_de.split_whitespace().collect::<Vec<_>>(),
        ["course", "de", "1", "0", "1", "1", "0"]
    );
}

#[test]
fn the_site_has_a_translation_status_page() {
    let project = Project::fixture("mini");
    project.run(&["translated", GERMAN]).assert_ok();
    project.edit(
        SOURCE,
        "Show how to hold the mouse.",
        "Show how to hold the mouse gently.",
    );
    project.build().assert_ok();
    let html = project.html("public/en/status.html");
    let headers = text_of(&html, ".status-table thead th");
    assert_contains(&headers, &["Deutsch", "العربية"]);
    let rows = select(&html, ".status-table tbody tr");
    let mouse = rows
        .iter()
        .find(|r| r.text().collect::<String>().contains("Using the mouse"))
        .unwrap();
    let cells: Vec<String> = mouse
        .select(&scraper::Selector::parse("td").unwrap())
        .map(|c| {
            format!(
                "{}={}",
                c.value().attr("class").unwrap(),
                c.text().collect::<String>()
            )
        })
        .collect();
    assert_eq!(cells, ["s-o=outdated", "s-m=missing"]);
    let summary = text_of(&html, ".status-summary tbody");
    assert_contains(&summary, &["Deutsch"]);
}

#[test]
fn new_lesson_writes_the_next_number_with_a_complete_template() {
    let project = Project::fixture("mini");
    let run = project.run(&["new", "lesson", "course", "Drag & drop: Übung"]);
    run.assert_ok();
    let path = "curriculum/course/03-drag-drop-uebung.en.md";
    assert!(run.stdout().contains(path), "{}", run.stdout());
    let text = project.read(path);
    assert_contains(
        &text,
        &[
            "title: \"Drag & drop: Übung\"",
            "duration: 90",
            "level: 1",
            "digcomp: [\"1.1\"]",
            "objectives:",
            "phases:",
            "- minutes: 15",
            "# DigComp proficiency level",
        ],
    );
    // The lesson itself is valid; only the unit's rhythm (2 sessions) no longer fits.
    let check = project.run(&["check"]);
    assert!(!check.stderr().contains(path), "{}", check.stderr());
    assert_contains(&check.stderr(), &["the lessons fill 3 sessions"]);

    let guide = project.run(&["new", "lesson", "guide", "Next steps"]);
    guide.assert_ok();
    let chapter = project.read("curriculum/guide/02-next-steps.en.md");
    assert!(
        !chapter.contains("\nphases:"),
        "a guide chapter has no phase plan: {chapter}"
    );
    std::fs::remove_file(project.path(path)).unwrap();
    project.run(&["check"]).assert_ok();
    project.build().assert_ok();
    assert!(
        project
            .read("public/en/guide/02-next-steps.html")
            .contains("Next steps")
    );
}

#[test]
fn new_lesson_refuses_an_unknown_program() {
    let project = Project::fixture("mini");
    let run = project.run(&["new", "lesson", "corse", "Title"]);
    assert_fails(
        &run,
        &["there is no program `corse`", "did you mean `course`?"],
    );
}

#[test]
fn new_translation_writes_a_stub_that_records_the_source_version() {
    let project = Project::fixture("mini");
    let run = project.run(&[
        "new",
        "translation",
        "curriculum/course/02-keyboard.en.md",
        "ar",
    ]);
    run.assert_ok();
    let stub = project.read("curriculum/course/02-keyboard.ar.md");
    let version = source_hash(&project.read("curriculum/course/02-keyboard.en.md"));
    assert_contains(
        &stub,
        &[
            &format!("source_version: {version}"),
            "status: draft",
            "title: The keyboard",
            "- phase: Demonstration",
            "Type your name. Back to [the mouse](01-mouse.md).",
        ],
    );
    for structural in ["duration:", "level:", "digcomp:", "minutes:"] {
        assert!(
            !stub.contains(structural),
            "{structural} is inherited: {stub}"
        );
    }
    assert_eq!(
        state_of(&project, "curriculum/course/02-keyboard.en.md", "ar"),
        "translated"
    );
    let check = project.run(&["check"]);
    check.assert_ok();
    assert!(
        !check.stderr().contains("02-keyboard.ar.md"),
        "{}",
        check.stderr()
    );

    let program = project.run(&[
        "new",
        "translation",
        "curriculum/course/_program.en.md",
        "ar",
    ]);
    program.assert_ok();
    let page = project.read("curriculum/course/_program.ar.md");
    assert!(
        !page.contains("kind:") && !page.contains("rhythm:"),
        "{page}"
    );
    // A program's duration is text to translate, not structure.
    assert_contains(&page, &["duration: 2 weeks, 1 session a week"]);
    project.run(&["check"]).assert_ok();
}

#[test]
fn new_never_overwrites_a_file() {
    let project = Project::fixture("mini");
    let german = project.read(GERMAN);
    let run = project.run(&["new", "translation", SOURCE, "de"]);
    assert_fails(&run, &["already exists; digifam never overwrites a file"]);
    assert_eq!(project.read(GERMAN), german);

    project
        .run(&[
            "new",
            "translation",
            "curriculum/guide/01-start.en.md",
            "de",
        ])
        .assert_ok();
    let first = project.read("curriculum/guide/01-start.de.md");
    project.edit(
        "curriculum/guide/01-start.de.md",
        "\nstatus: draft\n",
        "\nstatus: reviewed\n",
    );
    let again = project.run(&[
        "new",
        "translation",
        "curriculum/guide/01-start.en.md",
        "de",
    ]);
    assert_fails(&again, &["already exists"]);
    assert_eq!(
        project.read("curriculum/guide/01-start.de.md"),
        first.replace("\nstatus: draft\n", "\nstatus: reviewed\n")
    );
}

#[test]
fn new_translation_needs_a_source_and_a_site_language() {
    let project = Project::fixture("mini");
    let run = project.run(&["new", "translation", GERMAN, "ar"]);
    assert_fails(&run, &["start from the source file"]);
    let run = project.run(&["new", "translation", SOURCE, "fr"]);
    assert_fails(&run, &["the site's other languages are: de, ar"]);
    let run = project.run(&["new", "translation", SOURCE, "en"]);
    assert_fails(
        &run,
        &["`en` is not a language this file can be translated into"],
    );
}
