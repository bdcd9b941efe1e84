//! Writing the site: only into a folder that is digifam's own, built beside it and swapped in at the
//! end, so that a failed or killed build leaves the previous site as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// Marks a folder as digifam's output: only such a folder (or an empty one) is ever replaced.
pub const MARKER: &str = ".digifam-output";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {path}: {reason}")]
    Refused {
        path: PathBuf,
        reason: String,
        hint: String,
    },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl OutputError {
    pub fn hint(&self) -> &str {
        match self {
            OutputError::Refused { hint, .. } => hint,
            OutputError::Io { .. } => "check that the folder is writable and the disk is not full",
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An absolute, normalised form of `path` that works for folders that do not exist yet.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in tail.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Decides whether `out` may be replaced by a build of the project at `root`.
pub fn check_target(root: &Path, out: &Path) -> Result<PathBuf, OutputError> {
    let refuse = |reason: &str, hint: &str| OutputError::Refused {
        path: out.to_path_buf(),
        reason: reason.to_owned(),
        hint: hint.to_owned(),
    };
    let out_abs = absolute(out).map_err(io_error(out))?;
    let root_abs = absolute(root).map_err(io_error(root))?;
    let content = root_abs.join(crate::content::CONTENT_DIR);
    let choose = "choose a new folder such as `public/`, or one digifam built before";
    if out_abs.parent().is_none() {
        return Err(refuse("it is the root of the file system", choose));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).is_ok_and(|home| home == out_abs) {
            return Err(refuse("it is your home folder", choose));
        }
    }
    if out_abs == root_abs {
        return Err(refuse("it is the project folder itself", choose));
    }
    if root_abs.starts_with(&out_abs) || content.starts_with(&out_abs) {
        return Err(refuse("it contains the project's sources", choose));
    }
    if out_abs.starts_with(&content) {
        return Err(refuse(
            "it lies inside curriculum/, among the sources",
            choose,
        ));
    }
    for source in ["themes", "locales"] {
        if out_abs == root_abs.join(source) {
            return Err(refuse(
                &format!("it is the project's {source}/ folder"),
                choose,
            ));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(refuse("it is a file, not a folder", choose));
        }
        let empty = fs::read_dir(&out_abs)
            .map_err(io_error(&out_abs))?
            .next()
            .is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(refuse(
                "the folder is not empty and was not made by digifam",
                "digifam only replaces folders it made itself (they hold a `.digifam-output` file); \
                 move the folder's contents away or choose another --out",
            ));
        }
    }
    Ok(out_abs)
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Removes a leftover working folder, but only one that carries digifam's marker.
fn remove_own(dir: &Path) -> Result<(), OutputError> {
    if dir.exists() {
        if !dir.join(MARKER).is_file() {
            return Err(OutputError::Refused {
                path: dir.to_path_buf(),
                reason: "a folder with digifam's working name exists but was not made by digifam"
                    .to_owned(),
                hint: "move it away and build again".to_owned(),
            });
        }
        fs::remove_dir_all(dir).map_err(io_error(dir))?;
    }
    Ok(())
}

/// Writes `files` into a fresh folder beside `out` and swaps it in place of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let staging = sibling(out, "digifam-new");
    let previous = sibling(out, "digifam-old");
    remove_own(&staging)?;
    remove_own(&previous)?;
    fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    fs::write(
        staging.join(MARKER),
        "This folder is written by digifam and replaced on every build.\n",
    )
    .map_err(io_error(&staging))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(f.path()).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    files.par_iter().try_for_each(|file| {
        let target = staging.join(file.path());
        match file {
            OutputFile::Bytes { bytes, .. } => fs::write(&target, bytes).map_err(io_error(&target)),
            OutputFile::Copy { from, .. } => {
                fs::copy(from, &target).map(|_| ()).map_err(io_error(from))
            }
        }
    })?;
    if out.exists() {
        fs::rename(out, &previous).map_err(io_error(out))?;
    }
    fs::rename(&staging, out).map_err(io_error(out))?;
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(io_error(&previous))?;
    }
    Ok(())
}
