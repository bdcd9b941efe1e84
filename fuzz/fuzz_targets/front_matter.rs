//! A lesson file as an author saves it — front matter and body — loaded and validated with the
//! rest of a small project (the test fixture `mini`), as `check` and `build` do.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use digifam::build::prepare;
use digifam::diagnostic::Diagnostics;
use libfuzzer_sys::fuzz_target;

/// A copy of the fixture for this process: every input replaces one lesson file in it.
fn project() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("digifam-fuzz-{}", std::process::id()));
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
        copy(&fixture, &root);
        root
    })
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fuzz_target!(|text: &[u8]| {
    let root = project();
    std::fs::write(root.join("curriculum/course/02-keyboard.en.md"), text).unwrap();
    let mut diagnostics = Diagnostics::default();
    prepare(root, &[], &mut diagnostics);
});
