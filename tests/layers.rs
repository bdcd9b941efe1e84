//! The library's modules form layers, and data flows one way: a module may use the modules of
//! lower layers, never those of its own layer or above. This reads every `crate::` path in
//! `src/` and fails on the first that points up or sideways.

use std::fs;
use std::path::Path;

/// Lowest first. A module not listed here fails the test: a new module must be given its place.
const LAYERS: &[&[&str]] = &[
    &["diagnostic"],
    &["config", "date", "digcomp", "theme", "markdown"],
    &["locale", "content", "roster"],
    &["plan", "translation"],
    &["validate"],
    &["site"],
    &["output", "cache"],
    &["view"],
    &["html", "pdf", "search", "lms"],
    &["build"],
    &["scaffold", "synthetic", "office"],
    &["serve"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file in `src/` belongs to: `src/pdf/kit.rs` → `pdf`.
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

/// Every `crate::name` in the text, and the module names of `use crate::{a, b}`.
fn used_modules(text: &str) -> Vec<(usize, String)> {
    let mut used = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name = item.trim().split("::").next().unwrap_or("").trim();
                    if !name.is_empty() {
                        used.push((number + 1, name.to_owned()));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                used.push((number + 1, name));
            }
        }
    }
    used
}

#[test]
fn no_module_uses_one_of_its_own_layer_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        if module == "lib" || module == "main" {
            continue;
        }
        seen += 1;
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "src/{}: module `{module}` has no layer in LAYERS",
                relative.display()
            ));
            continue;
        };
        for (line, used) in used_modules(&fs::read_to_string(path).unwrap()) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                Some(_) => wrong.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, which is not in a lower layer",
                    relative.display()
                )),
                None => wrong.push(format!(
                    "src/{}:{line}: `{used}` is not a module with a layer",
                    relative.display()
                )),
            }
        }
    }
    assert!(seen > 20, "only {seen} source files found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_finds_an_upward_use() {
    let used =
        used_modules("use crate::{content::model::Project, html};\nfn f() { crate::serve::x(); }");
    assert_eq!(
        used,
        vec![
            (1, "content".to_owned()),
            (1, "html".to_owned()),
            (2, "serve".to_owned())
        ]
    );
}
