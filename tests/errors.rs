//! Broken input: every mistake gets file:line:column, the problem and a fix, and a non-zero exit.
//! Dangerous output folders are refused, and a failed build leaves the previous site alone.

mod common;

use std::fs;

use common::{Project, run_in};

fn check(project: &Project) -> (i32, String) {
    let run = project.run(&["check"]);
    (run.code(), run.stderr())
}

#[test]
fn unknown_front_matter_key_names_line_and_suggests_the_key() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "duration: 90",
        "durration: 90",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(err.contains("error: unknown key `durration`"), "{err}");
    assert!(
        err.contains("--> curriculum/course/01-mouse.en.md:4:1"),
        "{err}"
    );
    assert!(err.contains("4 | durration: 90"), "{err}");
    assert!(err.contains("hint: did you mean `duration`?"), "{err}");
}

#[test]
fn yaml_syntax_error_points_into_the_file() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "level: 1",
        "level: [1",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("curriculum/course/02-keyboard.en.md:4:"),
        "{err}"
    );
}

#[test]
fn wrong_type_gets_a_plain_hint() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "duration: 60",
        "duration: one hour",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(err.contains("02-keyboard.en.md:3:11"), "{err}");
    assert!(err.contains("hint: write a whole number here"), "{err}");
}

#[test]
fn broken_lesson_link_names_file_line_and_column() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "(02-keyboard.md#typing-letters)",
        "(02-keybord.md)",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("the link target `02-keybord.md` does not exist"),
        "{err}"
    );
    assert!(err.contains("01-mouse.en.md:68:7"), "{err}");
    assert!(err.contains("did you mean `02-keyboard.md`?"), "{err}");
}

#[test]
fn broken_anchor_is_reported_with_the_headings_that_exist() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "#typing-letters",
        "#typing-leters",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("the heading `#typing-leters` does not exist in 02-keyboard.md"),
        "{err}"
    );
    assert!(err.contains("did you mean `#typing-letters`?"), "{err}");
}

#[test]
fn missing_image_and_missing_alt_text_are_errors() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "![A mouse with two buttons](mouse.svg)",
        "![](mouse.svg) ![A cat](cat.png)",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(err.contains("this image has no alt text"), "{err}");
    assert!(err.contains("the file `cat.png` does not exist"), "{err}");
}

#[test]
fn translation_without_source_and_contradicting_translation_are_errors() {
    let project = Project::fixture("mini");
    project.write(
        "curriculum/course/03-typing.de.md",
        "---\ntitle: Tippen\n---\n",
    );
    project.edit(
        "curriculum/course/01-mouse.de.md",
        "status: draft",
        "status: draft\nduration: 45",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("03-typing.de.md\n") && err.contains("this translation has no source file"),
        "{err}"
    );
    assert!(
        err.contains("`duration` contradicts the source curriculum/course/01-mouse.en.md (90)"),
        "{err}"
    );
    assert!(err.contains("01-mouse.de.md:5:1"), "{err}");
    assert!(
        err.contains("remove `duration` from this translation"),
        "{err}"
    );
}

#[test]
fn translation_with_other_phase_count_is_an_error() {
    let project = Project::fixture("mini");
    project.edit("curriculum/course/01-mouse.de.md", "  - phase: Üben\n    activity: Paare üben.\n    method: Partnerarbeit\n    materials: Laptops\n", "");
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(err.contains("this translation has 2 phases"), "{err}");
}

#[test]
fn unknown_language_and_bad_file_names_are_errors() {
    let project = Project::fixture("mini");
    project.write(
        "curriculum/course/01-mouse.fr.md",
        "---\ntitle: La souris\n---\n",
    );
    project.write(
        "curriculum/course/3-typing.en.md",
        "---\ntitle: Typing\n---\n",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("`fr` is not one of the site's languages (en, de, ar)"),
        "{err}"
    );
    assert!(
        err.contains("`3-typing.en.md` is not a valid content file name"),
        "{err}"
    );
}

#[test]
fn unknown_block_and_unclosed_block_are_errors() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "Type your name.",
        "::: handot\nType your name.\n:::\n\n::: trainer\nnever closed",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown block type `handot`") && err.contains("did you mean `handout`?"),
        "{err}"
    );
    assert!(err.contains("the `trainer` block is never closed"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "duration: 90",
        "durration: 90",
    );
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "(01-mouse.md)",
        "(01-mice.md)",
    );
    project.edit(
        "curriculum/guide/01-start.en.md",
        "title: Getting started",
        "titel: Getting started",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1);
    assert_eq!(err.matches("error:").count(), 3, "{err}");
    assert!(err.lines().last().unwrap().contains("3 errors"), "{err}");
}

#[test]
fn check_json_lists_diagnostics_for_tools() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "duration: 90",
        "durration: 90",
    );
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["errors"], 1);
    let first = &json["diagnostics"][0];
    assert_eq!(first["file"], "curriculum/course/01-mouse.en.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["severity"], "error");
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["build"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("cannot read the site settings"),
        "{}",
        run.stderr()
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let project = Project::fixture("mini");
    assert_eq!(project.run(&["build", "--no-such-flag"]).code(), 2);
    assert_eq!(project.run(&["frobnicate"]).code(), 2);
    let help = project.run(&["build", "--help"]);
    assert_eq!(help.code(), 0);
    assert!(help.stdout().contains("Examples:"));
}

#[test]
fn dangerous_output_folders_are_refused_and_left_untouched() {
    let project = Project::fixture("mini");
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("letter.txt"), "keep me").unwrap();
    fs::write(project.path("notes.txt"), "keep me too").unwrap();
    for (out, reason) in [
        (".", "it is the project folder itself"),
        ("curriculum", "it contains the project's sources"),
        ("curriculum/course/site", "it lies inside curriculum/"),
        ("..", "it contains the project's sources"),
        ("/", "root of the file system"),
    ] {
        let run = project.run(&["build", "--out", out]);
        assert_eq!(run.code(), 1, "--out {out}");
        assert!(
            run.stderr().contains(reason),
            "--out {out}: {}",
            run.stderr()
        );
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_digifam"))
        .args(["build", "--out"])
        .arg(home.path())
        .current_dir(project.root())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("home folder"));
    assert_eq!(
        fs::read_to_string(home.path().join("letter.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(
        fs::read_to_string(project.path("notes.txt")).unwrap(),
        "keep me too"
    );
    assert!(project.path("curriculum/course/01-mouse.en.md").is_file());
}

#[test]
fn a_folder_digifam_did_not_make_is_not_replaced() {
    let project = Project::fixture("mini");
    project.write("site/index.html", "my own page");
    let run = project.run(&["build", "--out", "site"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("not empty and was not made by digifam"),
        "{}",
        run.stderr()
    );
    assert_eq!(project.read("site/index.html"), "my own page");
    project.write("empty/.keep-nothing", "");
    fs::remove_file(project.path("empty/.keep-nothing")).unwrap();
    project.run(&["build", "--out", "empty"]).assert_ok();
    project.run(&["build", "--out", "empty"]).assert_ok();
    assert!(project.path("empty/.digifam-output").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let before = project.read("public/en/course/01-mouse.html");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "title: Using the mouse",
        "title: The new mouse\ndurration: 3",
    );
    let run = project.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("the previous site in public is unchanged")
    );
    assert_eq!(project.read("public/en/course/01-mouse.html"), before);
    assert!(!project.path(".public.digifam-new").exists());
}

#[test]
fn a_rebuild_drops_pages_whose_sources_were_deleted() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    assert!(project.path("public/en/guide/01-start.html").is_file());
    fs::remove_file(project.path("curriculum/guide/01-start.en.md")).unwrap();
    project.build().assert_ok();
    assert!(!project.path("public/en/guide/01-start.html").exists());
}

#[test]
fn a_template_failing_while_pages_are_written_leaves_the_previous_site_intact() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let before = project.read("public/en/index.html");
    let not_found = project.read("public/404.html");
    // Compiles, but fails on the first page that renders it: the staging folder exists by then.
    project.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.title }}{% endblock content %}",
    );
    let run = project.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("404.html"), "{}", run.stderr());
    assert_eq!(project.read("public/en/index.html"), before);
    assert_eq!(project.read("public/404.html"), not_found);
    assert!(!project.path(".public.digifam-new").exists());
    assert!(!project.path(".public.digifam-old").exists());
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let inode = |path: &str| fs::metadata(project.path(path)).unwrap().ino();
    let unchanged = inode("public/de/guide/01-start.html");
    let tampered = "public/en/guide/01-start.html";
    let expected = project.read(tampered);
    fs::write(project.path(tampered), "edited by hand").unwrap();
    // A link planted in the output must not be carried into the new site.
    let outside = project.path("outside.html");
    fs::write(&outside, project.read("public/en/index.html")).unwrap();
    fs::remove_file(project.path("public/en/index.html")).unwrap();
    std::os::unix::fs::symlink(&outside, project.path("public/en/index.html")).unwrap();
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "title: Using the mouse",
        "title: Holding the mouse",
    );

    project.build().assert_ok();
    assert_eq!(inode("public/de/guide/01-start.html"), unchanged);
    assert_eq!(project.read(tampered), expected);
    assert!(
        project
            .read("public/en/course/01-mouse.html")
            .contains("Holding the mouse")
    );
    let index = fs::symlink_metadata(project.path("public/en/index.html")).unwrap();
    assert!(index.is_file(), "the planted link was replaced by a file");
    assert!(fs::read_to_string(&outside).unwrap().contains("<html"));
    assert!(!project.path(".public.digifam-old").exists());
}

/// Every file in `dir` with its bytes.
fn contents(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let read = |file: std::path::PathBuf| {
        let bytes = fs::read(dir.join(&file)).unwrap();
        (file, bytes)
    };
    common::files(dir).into_iter().map(read).collect()
}

/// A rebuild changes only what differs, so whatever was put into the output in the meantime must
/// not survive it or lead it outside: a folder replaced by a link, a file where a folder was, a
/// folder where a file was, and a file of no build.
#[cfg(unix)]
#[test]
fn a_rebuild_puts_right_what_was_changed_in_the_output() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    let before = contents(&project.path("public"));
    // The German folder moves outside, and a link takes its place.
    let outside = project.path("elsewhere");
    fs::rename(project.path("public/de"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, project.path("public/de")).unwrap();
    let outside_files = common::files(&outside);
    fs::remove_dir_all(project.path("public/ar/course")).unwrap();
    project.write("public/ar/course", "a file where a folder was");
    fs::remove_file(project.path("public/en/index.html")).unwrap();
    project.write(
        "public/en/index.html/stray.txt",
        "a folder where a file was",
    );
    project.write("public/en/course/notes.html", "no build made this");

    project.build().assert_ok();
    let after = contents(&project.path("public"));
    assert!(
        after == before,
        "the rebuilt output differs from the first build"
    );
    let de = fs::symlink_metadata(project.path("public/de")).unwrap();
    assert!(de.is_dir(), "the link was replaced by a folder");
    assert_eq!(
        common::files(&outside),
        outside_files,
        "nothing was written outside"
    );
    assert!(!project.path(".public.digifam-new").exists());
}

/// A reader that stops reading (`digifam check --format json | head -1`) is a normal end.
#[test]
fn a_closed_output_pipe_ends_check_quietly() {
    let project = Project::fixture("mini");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_digifam"))
        .args(["check", "--format", "json"])
        .current_dir(project.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the reading end before digifam writes makes its first write fail with EPIPE.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_theme_override_that_cannot_be_read_is_an_error_naming_it() {
    let project = Project::fixture("mini");
    // A folder where the template should be: it exists, but cannot be read as a file.
    fs::create_dir_all(project.path("themes/default/templates/lesson.html")).unwrap();
    project.write("themes/default/templates/home.html", "");
    fs::write(
        project.path("themes/default/templates/home.html"),
        b"\xff\xfe{{ x }}",
    )
    .unwrap();
    let (code, err) = check(&project);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("themes/default/templates/lesson.html")
            && err.contains("cannot read the theme file"),
        "{err}"
    );
    assert!(
        err.contains("themes/default/templates/home.html") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_failing_template_is_named_where_it_is() {
    let project = Project::fixture("mini");
    // The project overrides the base template; the built-in page templates extend it and fail.
    project.write(
        "themes/default/templates/base.html",
        "{% block content %}{% endblock %}{{ no_such_value.field }}",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1, "{err}");
    // The home page's template is the built-in one: no project file of that name exists.
    assert!(err.contains("built-in theme"), "{err}");
    assert!(
        !err.contains("--> themes/default/templates/home.html"),
        "{err}"
    );
    project.write(
        "themes/default/templates/base.html",
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/base.html"
        ))
        .unwrap(),
    );
    project.write(
        "themes/default/templates/home.html",
        "{{ no_such_value.field }}",
    );
    let (code, err) = check(&project);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--> themes/default/templates/home.html"),
        "{err}"
    );
}

#[test]
fn a_source_that_is_not_utf8_is_the_one_error_reported() {
    let project = Project::fixture("mini");
    let mut bytes = project
        .read("curriculum/course/01-mouse.en.md")
        .into_bytes();
    bytes.extend_from_slice(b"\nStra\xdfe\n");
    fs::write(project.path("curriculum/course/01-mouse.en.md"), bytes).unwrap();
    let (code, err) = check(&project);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("curriculum/course/01-mouse.en.md") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!err.contains("has no source file"), "{err}");
}
