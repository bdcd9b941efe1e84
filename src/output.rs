//! Writing the site: only into a folder that is digifam's own, built beside it and swapped in at the
//! end, so that a failed or killed build leaves the previous site as it was.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::site::OutputFile;

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
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
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
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home).is_ok_and(|home| home == out_abs)
    {
        return Err(refuse("it is your home folder", choose));
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
        remove_tree(dir)?;
    }
    Ok(())
}

/// Removes a folder digifam made. The files go first and in parallel: a site has a hundred
/// thousand of them, and one thread deleting them one by one takes longer than building them.
fn remove_tree(dir: &Path) -> Result<(), OutputError> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .par_iter()
        .try_for_each(|file| fs::remove_file(file).map_err(io_error(file)))?;
    fs::remove_dir_all(dir).map_err(io_error(dir))
}

/// A site being written: its files go into a fresh folder beside the output folder, which takes
/// the output folder's place only on [`Staging::commit`]. Dropped without a commit, it removes
/// what it wrote and leaves the previous site as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The first file that could not be written; files are written from many threads.
    failure: Mutex<Option<OutputError>>,
}

impl Staging {
    /// Starts writing a site that will replace `out` (a folder [`check_target`] accepted).
    pub fn create(out: &Path) -> Result<Staging, OutputError> {
        let dir = sibling(out, "digifam-new");
        remove_own(&dir)?;
        remove_own(&sibling(out, "digifam-old"))?;
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        fs::write(
            dir.join(MARKER),
            "This folder is written by digifam and replaced on every build.\n",
        )
        .map_err(io_error(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            failure: Mutex::new(None),
        })
    }

    /// Writes one file, creating its folder on first use. A failure is kept for
    /// [`Staging::commit`] to report, so that rendering threads need not stop for it.
    ///
    /// A file whose bytes the previous site already has is linked to the previous copy instead:
    /// removing the previous site then frees nothing, which on a large site saves more time than
    /// all the writing, and unchanged files keep their date for tools that upload only changes.
    pub fn write(&self, file: &OutputFile) {
        let target = self.dir.join(file.path());
        let previous = self.out.join(file.path());
        let put = || {
            let unchanged = match file {
                OutputFile::Bytes { bytes, .. } => holds(&previous, bytes),
                OutputFile::Copy { from, .. } => {
                    *from == previous || fs::read(from).is_ok_and(|bytes| holds(&previous, &bytes))
                }
            };
            if unchanged && fs::hard_link(&previous, &target).is_ok() {
                return Ok(());
            }
            match file {
                OutputFile::Bytes { bytes, .. } => fs::write(&target, bytes),
                OutputFile::Copy { from, .. } => fs::copy(from, &target).map(|_| ()),
            }
        };
        // Folders are made on first need. Another thread may make the same folder between the
        // failed attempt and this one, so the retry must not depend on the folder still missing.
        let result = put().or_else(|err| match target.parent() {
            Some(parent) if err.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(parent).and_then(|()| put())
            }
            _ => Err(err),
        });
        if let Err(source) = result {
            let path = match file {
                OutputFile::Copy { from, .. } if !from.is_file() => from.clone(),
                _ => target,
            };
            let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
            failure.get_or_insert(OutputError::Io { path, source });
        }
    }

    /// Puts the written site in place of the output folder and removes the previous one.
    pub fn commit(self) -> Result<(), OutputError> {
        let failure = self
            .failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(failure) = failure {
            return Err(failure);
        }
        let previous = sibling(&self.out, "digifam-old");
        if self.out.exists() {
            fs::rename(&self.out, &previous).map_err(io_error(&self.out))?;
        }
        fs::rename(&self.dir, &self.out).map_err(io_error(&self.out))?;
        if previous.exists() {
            remove_tree(&previous)?;
        }
        Ok(())
    }
}

/// Whether `path` is a plain file (not a link to somewhere else) holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the folder has been renamed away; otherwise the build failed, and the
        // next build would remove the leftover anyway.
        if self.dir.is_dir() {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// What each file a build made slowly was made from, kept in the output folder (as
/// `.digifam-pdf.json`, say) so that the next build can copy a file whose inputs did not change
/// instead of making it again.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct InputHashes {
    /// Output path → hash of everything the file was made from.
    pub files: BTreeMap<String, String>,
}

impl InputHashes {
    /// The hashes kept in `folder` under `name`; none when there are none or they are unreadable.
    pub fn read(folder: &Path, name: &str) -> InputHashes {
        fs::read(folder.join(name))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The copy of `path` in `previous`, the build these hashes are from, if it was made from
    /// inputs with this `hash`.
    pub fn reusable(&self, previous: Option<&Path>, path: &str, hash: &str) -> Option<PathBuf> {
        let from = previous?.join(path);
        let same = self.files.get(path).is_some_and(|made| made == hash);
        (same && from.is_file()).then_some(from)
    }

    /// The hashes as the file `name` of the output.
    pub fn file(&self, name: &str) -> OutputFile {
        OutputFile::Bytes {
            path: name.to_owned(),
            bytes: serde_json::to_vec_pretty(self).unwrap_or_default(),
        }
    }
}

/// Lower-case hexadecimal digits of a hash.
pub fn hex(digest: impl AsRef<[u8]>) -> String {
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// A ZIP archive of `entries` (path inside the archive, bytes), in the order given. Entries are
/// stored, not deflated: most are PDFs, which are compressed already. Every entry has the same
/// fixed date and mode, so the same entries always give the same bytes. `Err` names the entry
/// that could not be added.
pub fn zip_stored<'b>(
    entries: impl IntoIterator<Item = (String, io::Result<Cow<'b, [u8]>>)>,
) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let bytes = bytes.map_err(|err| format!("cannot read {name}: {err}"))?;
        zip.start_file(name.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|err| format!("cannot add {name}: {err}"))?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|err| format!("cannot finish the archive: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_racing_to_make_the_same_folder_all_succeed() {
        for round in 0..20 {
            let project = tempfile::tempdir().unwrap();
            let out = project.path().join("public");
            let staging = Staging::create(&out).unwrap();
            (0..256).into_par_iter().for_each(|n| {
                staging.write(&OutputFile::Bytes {
                    path: format!("l{}/f{}/page-{n}.html", n % 4, n % 8),
                    bytes: vec![b'x'; n],
                });
            });
            staging
                .commit()
                .unwrap_or_else(|err| panic!("round {round}: {err}"));
            assert_eq!(
                fs::read(out.join("l3/f7/page-255.html")).unwrap().len(),
                255
            );
        }
    }
}
