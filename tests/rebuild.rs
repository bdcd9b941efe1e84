//! A rebuild makes again only the pages whose inputs changed: the page cache in the output folder
//! (`.digifam-pages`) records what each page was made from, and the summary line says how many
//! pages were made and how many are the previous build's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use common::{Project, Run, files};

/// The pages made and kept unchanged, from the summary line; all made when it names none kept.
fn made_and_unchanged(run: &Run) -> (usize, usize) {
    let stderr = run.stderr();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stderr}"));
    let Some((_, counts)) = line.split_once(" (") else {
        return (usize::MAX, 0);
    };
    let numbers: Vec<usize> = counts
        .split([' ', ','])
        .filter_map(|word| word.parse().ok())
        .take(2)
        .collect();
    (numbers[0], numbers[1])
}

/// The files of a build in `folder`, without the records of what they were made from.
fn site_in(project: &Project, folder: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = project.path(folder);
    let records = |file: &PathBuf| file.to_string_lossy().starts_with(".digifam-");
    files(&out)
        .into_iter()
        .filter(|file| !records(file))
        .map(|file| {
            let bytes = fs::read(out.join(&file)).unwrap();
            (file, bytes)
        })
        .collect()
}

/// The files whose bytes differ between two builds, or that only one has.
fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .map(|path| path.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_unchanged_rebuild_makes_no_page_and_writes_the_same_bytes() {
    let project = Project::fixture("mini");
    let first = project.build();
    first.assert_ok();
    assert_eq!(made_and_unchanged(&first).1, 0, "{}", first.stderr());
    let before = site_in(&project, "public");
    let again = project.build();
    again.assert_ok();
    let (made, unchanged) = made_and_unchanged(&again);
    assert_eq!(made, 0, "{}", again.stderr());
    assert!(unchanged > 30, "{}", again.stderr());
    assert_eq!(
        changed(&before, &site_in(&project, "public")),
        Vec::<String>::new()
    );
}

#[test]
fn an_edited_lesson_makes_again_only_the_pages_that_show_it() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let before = site_in(&project, "public");
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "Type your name.",
        "Type your name and your city.",
    );
    let run = project.build();
    run.assert_ok();
    let (made, unchanged) = made_and_unchanged(&run);
    // The lesson's trainer and participant pages in English and in the two languages that show
    // it untranslated, and nothing else; the sentence is not for participants, so only the
    // trainer pages differ.
    assert_eq!(made, 6, "{}", run.stderr());
    assert!(unchanged > 30, "{}", run.stderr());
    let pages: Vec<String> = changed(&before, &site_in(&project, "public"))
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .collect();
    assert_eq!(
        pages,
        [
            "ar/course/02-keyboard.html",
            "de/course/02-keyboard.html",
            "en/course/02-keyboard.html"
        ]
    );
    for lang in ["en", "de", "ar"] {
        let page = project.read(&format!("public/{lang}/course/02-keyboard.html"));
        assert!(page.contains("your city"), "{lang}");
        let index = project.read(&format!("public/{lang}/search-index.js"));
        assert!(index.contains("your city"), "{lang}");
    }
}

#[test]
fn after_each_edit_a_rebuild_writes_what_a_fresh_build_writes() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    // Each kind of source another page may read: a lesson's body, which only its unit's pages
    // may show, a lesson's front matter, which the unit page, neighbours and lists show, the
    // unit page's body and front matter, and a lesson of the other unit.
    let edits = [
        (
            "course/02-keyboard.en.md",
            "Type your name.",
            "Type your name and city.",
        ),
        (
            "course/01-mouse.en.md",
            "title: Using the mouse",
            "title: The mouse",
        ),
        (
            "course/_program.en.md",
            "Welcome to the course.",
            "Welcome!",
        ),
        (
            "course/_program.en.md",
            "title: Computer basics",
            "title: Computers",
        ),
        (
            "guide/01-start.en.md",
            "- [ ] Find a room",
            "- [ ] Find a bright room",
        ),
        (
            "guide/01-start.en.md",
            "title: Getting started",
            "title: Start here",
        ),
    ];
    for (file, from, to) in edits {
        project.edit(&format!("curriculum/{file}"), from, to);
        let rebuilt = project.build();
        rebuilt.assert_ok();
        assert!(made_and_unchanged(&rebuilt).1 > 0, "{}", rebuilt.stderr());
        fs::remove_dir_all(project.path("fresh")).ok();
        project
            .run(&["build", "--root", ".", "--out", "fresh"])
            .assert_ok();
        let (rebuilt, fresh) = (site_in(&project, "public"), site_in(&project, "fresh"));
        assert_eq!(
            changed(&fresh, &rebuilt),
            Vec::<String>::new(),
            "{file}: {to}"
        );
    }
}

#[test]
fn a_removed_heading_is_a_broken_link_in_the_unchanged_lesson_that_links_to_it() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "## Typing letters",
        "## Typing",
    );
    let run = project.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("#typing-letters") && run.stderr().contains("01-mouse.en.md"),
        "{}",
        run.stderr()
    );
}

#[test]
fn warnings_of_unchanged_pages_are_reported_on_every_build() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "Type your name.",
        "Type your <span onclick=\"alert(1)\">name</span>.",
    );
    let first = project.build();
    first.assert_ok();
    let warning = "02-keyboard.en.md";
    assert!(first.stderr().contains(warning), "{}", first.stderr());
    let again = project.build();
    again.assert_ok();
    assert_eq!(made_and_unchanged(&again).0, 0, "{}", again.stderr());
    let count = |run: &Run| run.stderr().matches("onclick").count();
    assert_eq!(count(&again), count(&first), "{}", again.stderr());
    assert!(again.stderr().contains("1 warning"), "{}", again.stderr());
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning_and_replaced() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let before = site_in(&project, "public");
    project.write(
        "public/.digifam-pages",
        "{\"format\": \"digifam page cache 1\", \"pag",
    );
    let run = project.build();
    run.assert_ok();
    assert!(
        run.stderr().contains(".digifam-pages")
            && run.stderr().contains("every page is made again"),
        "{}",
        run.stderr()
    );
    assert_eq!(made_and_unchanged(&run).1, 0, "{}", run.stderr());
    assert_eq!(
        changed(&before, &site_in(&project, "public")),
        Vec::<String>::new()
    );
    let again = project.build();
    assert_eq!(made_and_unchanged(&again).0, 0, "{}", again.stderr());
}

#[test]
fn a_changed_template_or_setting_makes_every_page_again() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let site = project.read("curriculum/site.yaml");
    project.write(
        "curriculum/site.yaml",
        &format!("{site}\nbase_url: https://example.org/\n"),
    );
    let run = project.build();
    run.assert_ok();
    assert_eq!(made_and_unchanged(&run).1, 0, "{}", run.stderr());
    project.build().assert_ok();
    let template = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"),
    )
    .unwrap();
    project.write(
        "themes/default/templates/404.html",
        &format!("{template}\n"),
    );
    let run = project.build();
    run.assert_ok();
    assert_eq!(made_and_unchanged(&run).1, 0, "{}", run.stderr());
}

#[test]
fn a_page_edited_by_hand_in_the_output_is_made_again() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let page = "public/en/course/01-mouse.html";
    let written = project.read(page);
    // The same length, so that only its bytes tell.
    fs::write(project.path(page), written.replacen("mouse", "MOUSE", 1)).unwrap();
    let run = project.build();
    run.assert_ok();
    assert_eq!(made_and_unchanged(&run).0, 1, "{}", run.stderr());
    assert_eq!(project.read(page), written);
}

#[test]
fn the_record_of_parsed_sources_is_the_same_for_the_same_sources_and_a_damaged_one_is_ignored() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let record = fs::read(project.path("public/.digifam-sources")).unwrap();
    assert!(record.starts_with(b"digifam parsed sources"));
    let again = project.build();
    again.assert_ok();
    assert_eq!(
        fs::read(project.path("public/.digifam-sources")).unwrap(),
        record
    );
    let before = site_in(&project, "public");
    fs::write(
        project.path("public/.digifam-sources"),
        &record[..record.len() - 3],
    )
    .unwrap();
    let run = project.build();
    run.assert_ok();
    assert!(
        run.stderr().contains(".digifam-sources")
            && run.stderr().contains("every source is parsed again"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        changed(&before, &site_in(&project, "public")),
        Vec::<String>::new()
    );
    assert_eq!(
        fs::read(project.path("public/.digifam-sources")).unwrap(),
        record
    );
    let quiet = project.build();
    assert!(
        !quiet.stderr().contains(".digifam-sources"),
        "{}",
        quiet.stderr()
    );
}
