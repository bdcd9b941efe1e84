//! Every relative link of a built site resolves, whatever the headings and links authors write
//! (proptest): generated lessons with headings in any script, repeated headings and inline
//! markup, linking to each other, to anchors, to the program page, to another unit and to one
//! language, are built with the real binary, and every `href` and `src` of the output must lead
//! to a file and every fragment to an element with that id.

mod common;

use common::{Project, assert_links_resolve};
use digifam::markdown::anchors;
use proptest::prelude::*;

/// Heading text as authors write it: any script, punctuation, emphasis and code.
fn heading() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zÄÖÜäöüß0-9 ?!&.,:()'-]{1,18}",
        "[ء-ي ]{1,12}",
        "[А-Яа-яЇїЄє ]{1,12}",
        Just("Üben".to_owned()),
        Just("**Wichtig:** `Strg` + C".to_owned()),
        Just("?!".to_owned()),
    ]
}

/// A link from one lesson: which lesson or page it goes to and which anchor of it (by index).
#[derive(Debug, Clone)]
enum Target {
    Lesson {
        lesson: usize,
        anchor: Option<usize>,
    },
    German {
        lesson: usize,
    },
    Program,
    OtherUnit,
    Picture,
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        4 => (0..3usize, prop::option::of(0..8usize))
            .prop_map(|(lesson, anchor)| Target::Lesson { lesson, anchor }),
        1 => (0..3usize).prop_map(|lesson| Target::German { lesson }),
        1 => Just(Target::Program),
        1 => Just(Target::OtherUnit),
        1 => Just(Target::Picture),
    ]
}

#[derive(Debug, Clone)]
struct Lesson {
    headings: Vec<String>,
    links: Vec<Target>,
}

fn lesson() -> impl Strategy<Value = Lesson> {
    (
        prop::collection::vec(heading(), 1..5),
        prop::collection::vec(target(), 0..6),
    )
        .prop_map(|(headings, links)| Lesson { headings, links })
}

fn file(n: usize, lang: &str) -> String {
    format!("course/{:02}-lesson.{lang}.md", n + 1)
}

fn body(lesson: &Lesson) -> String {
    lesson
        .headings
        .iter()
        .map(|h| format!("## {h}\n\nText.\n\n"))
        .collect()
}

/// The Markdown of one link, its anchor chosen among the headings the target really has.
fn link(target: &Target, bodies: &[String]) -> String {
    match target {
        Target::Lesson { lesson, anchor } => {
            let ids: Vec<String> = anchors(&bodies[*lesson]).into_iter().collect();
            let fragment = anchor.map_or(String::new(), |a| format!("#{}", ids[a % ids.len()]));
            format!("[next]({:02}-lesson.md{fragment})", lesson + 1)
        }
        Target::German { lesson } => format!("[Deutsch]({:02}-lesson.de.md)", lesson + 1),
        Target::Program => "[the unit](_program.md)".to_owned(),
        Target::OtherUnit => "[guide](../guide/01-start.md#checklist)".to_owned(),
        Target::Picture => "![A mouse](mouse.svg)".to_owned(),
    }
}

fn page(title: &str, body: &str, links: &[String]) -> String {
    format!(
        "---\ntitle: {title}\nduration: 60\nlevel: 1\ndigcomp: [\"1.1\"]\nobjectives:\n  - Practise\nphases:\n  - minutes: 60\n    phase: Practice\n    \
         activity: Practise.\n    method: Pair work\n    materials: Laptops\n---\n\n{body}\n{}\n",
        links.join("\n\n")
    )
}

/// Replaces the fixture's course by the generated lessons, in English and German.
fn write_course(project: &Project, lessons: &[Lesson]) {
    for old in ["01-mouse.en.md", "01-mouse.de.md", "02-keyboard.en.md"] {
        std::fs::remove_file(project.path(&format!("curriculum/course/{old}"))).unwrap();
    }
    let weeks = lessons.len();
    project.write(
        "curriculum/course/_program.en.md",
        &format!(
            "---\ntitle: Course\nkind: course\nrhythm:\n  weeks: {weeks}\n  sessions_per_week: 1\n---\n\n\
             Start with [the first lesson](01-lesson.md#{}).\n",
            anchors(&body(&lessons[0])).into_iter().next().unwrap_or_default()
        ),
    );
    project.write(
        "curriculum/course/_program.de.md",
        "---\ntitle: Kurs\n---\n\nDer Kurs.\n",
    );
    let bodies: Vec<String> = lessons.iter().map(body).collect();
    for (n, lesson) in lessons.iter().enumerate() {
        let links: Vec<String> = lesson.links.iter().map(|t| link(t, &bodies)).collect();
        let en = page(&format!("Lesson {}", n + 1), &bodies[n], &links);
        project.write(&format!("curriculum/{}", file(n, "en")), &en);
        let de = en.replacen("title: Lesson", "title: Lektion", 1);
        project.write(&format!("curriculum/{}", file(n, "de")), &de);
    }
}

proptest! {
    // Each case builds a site with the binary; failures are shown with their smallest input.
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_link_of_a_built_site_resolves(lessons in prop::collection::vec(lesson(), 3)) {
        let project = Project::fixture("mini");
        write_course(&project, &lessons);
        let run = project.run(&["build", "--root", ".", "--out", "public", "--no-pdf"]);
        prop_assert_eq!(run.code(), 0, "{}", run.stderr());
        let checked = assert_links_resolve(&project.path("public"));
        let written: usize = lessons.iter().map(|l| l.links.len()).sum();
        prop_assert!(checked > written, "{checked} links checked");
    }
}
