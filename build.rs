//! Gives the binary an identity that changes with its code: `DIGIFAM_BUILD_ID`, a hash of the
//! sources it is compiled from. A build's page cache names the binary that wrote it, so that a
//! binary that renders differently never reuses another's pages.

use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// What the binary is made from: its code and the theme and UI strings it embeds.
const SOURCES: &[&str] = &["src", "themes", "locales", "Cargo.toml", "Cargo.lock"];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    match fs::read_dir(path) {
        Ok(entries) => {
            let mut children: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            children.sort();
            for child in children {
                files(&child, out);
            }
        }
        Err(_) => out.push(path.to_path_buf()),
    }
}

fn main() {
    let mut all = Vec::new();
    for source in SOURCES {
        println!("cargo::rerun-if-changed={source}");
        files(Path::new(source), &mut all);
    }
    let mut hash = DefaultHasher::new();
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    for file in all {
        hash.write(file.to_string_lossy().as_bytes());
        hash.write(&fs::read(&file).unwrap_or_default());
    }
    println!("cargo::rustc-env=DIGIFAM_BUILD_ID={:016x}", hash.finish());
}
