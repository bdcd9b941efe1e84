//! Runs the browser suite (`tests/browser/`, Node + playwright-core driving Debian's Chromium) as part
//! of `cargo test`, against the binary this test run built.

use std::path::Path;
use std::process::Command;

fn require(ok: bool, message: &str) {
    assert!(ok, "{message}");
}

#[test]
fn browser_suite_passes_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    require(
        Path::new(&chromium).is_file(),
        "the browser tests need Chromium: run ./scripts/test, which installs it (or apt-get install -y chromium)",
    );
    require(
        Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "the browser tests need Node.js 20 or newer: run ./scripts/test, which installs it (or apt-get install -y nodejs npm)",
    );
    require(
        root.join("node_modules/playwright-core/package.json")
            .is_file()
            && root.join("node_modules/axe-core/axe.min.js").is_file(),
        "the browser tests need their npm packages: run ./scripts/test, which installs them (or npm ci)",
    );
    let output = Command::new("node")
        .args(["--test", "tests/browser/"])
        .current_dir(root)
        .env("DIGIFAM_BIN", env!("CARGO_BIN_EXE_digifam"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node starts");
    assert!(
        output.status.success(),
        "browser tests failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
