//! Link and image rewriting: a lesson body's links resolved against a real project (the test
//! fixture `mini`) from a lesson page, in both views.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use digifam::build::{Prepared, prepare};
use digifam::diagnostic::Diagnostics;
use digifam::markdown::{AllowedHtml, KeyLabels, View, parse_blocks, render};
use digifam::site::links::PageLinks;
use libfuzzer_sys::fuzz_target;

fn prepared() -> &'static Prepared {
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
        prepare(&fixture, &[], &mut Diagnostics::default()).expect("the fixture loads")
    })
}

fuzz_target!(|text: &str| {
    let project = &prepared().project;
    let program = project.program("course").expect("the fixture has a course");
    let lesson = &program.lessons[0];
    let doc = &lesson.docs.resolve("de").item.doc;
    let links = PageLinks::new(project, program, doc, "de/course/01-mouse.html", "de");
    let path = Path::new("01-mouse.de.md");
    if let Ok(segments) = parse_blocks(path, text, text, 1) {
        for view in [View::Trainer, View::Participant] {
            render(path, text, &segments, view, &KeyLabels, &links, &AllowedHtml::new());
        }
    }
});
