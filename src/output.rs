//! Writing the site: only into a folder that is digifam's own. What changed is written beside it
//! and moved in at the end, so that a failed or killed build leaves the previous site as it was,
//! and what did not change is not touched at all.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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

/// A site being written: the files that differ from the previous site's go into a fresh folder
/// beside the output folder, and move into it only on [`Staging::commit`], which also removes the
/// files the new site no longer has. Dropped without a commit, it removes what it wrote and leaves
/// the previous site as it was.
///
/// A file the previous site already has, byte for byte, is left where it is: on a large site
/// making and deleting a hundred thousand files and their folders costs more than rendering the
/// few pages an edit changes (and, on ext4 without a journal, slows down the files the next build
/// creates), and unchanged files keep their date for tools that upload only changes.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The path of every file of the new site, changed or not.
    paths: Mutex<HashSet<String>>,
    /// Folders of the previous site known to be real folders (true) or not (false): a file seen
    /// through a link is not the previous site's and is written anew.
    folders: Mutex<HashMap<PathBuf, bool>>,
    /// The first file that could not be written; files are written from many threads.
    failure: Mutex<Option<OutputError>>,
}

impl Staging {
    /// Starts writing a site that will replace `out` (a folder [`check_target`] accepted).
    pub fn create(out: &Path) -> Result<Staging, OutputError> {
        let dir = sibling(out, "digifam-new");
        remove_own(&dir)?;
        // Earlier versions moved the previous site there, and a killed build could leave it.
        remove_own(&sibling(out, "digifam-old"))?;
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let marker = "This folder is written by digifam and replaced on every build.\n";
        fs::write(dir.join(MARKER), marker).map_err(io_error(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            paths: Mutex::new(HashSet::from([MARKER.to_owned()])),
            folders: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
        })
    }

    /// Writes one file, creating its folder on first use, unless the previous site has it as it
    /// is. A failure is kept for [`Staging::commit`] to report, so that rendering threads need not
    /// stop for it.
    pub fn write(&self, file: &OutputFile) {
        let previous = self.out.join(file.path());
        let kept = self.real_folder(previous.parent())
            && match file {
                OutputFile::Bytes { bytes, .. } => holds(&previous, bytes),
                OutputFile::Copy { from, .. } if *from == previous => is_plain_file(&previous),
                OutputFile::Copy { from, .. } => fs::read(from).is_ok_and(|b| holds(&previous, &b)),
            };
        let path = file.path().to_owned();
        lock(&self.paths).insert(path);
        if kept {
            return;
        }
        let target = self.dir.join(file.path());
        let put = || match file {
            OutputFile::Bytes { bytes, .. } => fs::write(&target, bytes),
            OutputFile::Copy { from, .. } => fs::copy(from, &target).map(|_| ()),
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
            lock(&self.failure).get_or_insert(OutputError::Io { path, source });
        }
    }

    /// Moves the written files into the output folder and removes the files of the previous site
    /// the new one does not have.
    pub fn commit(self) -> Result<(), OutputError> {
        if let Some(failure) = lock(&self.failure).take() {
            return Err(failure);
        }
        if !self.out.exists() {
            return fs::rename(&self.dir, &self.out).map_err(io_error(&self.out));
        }
        let paths = std::mem::take(&mut *lock(&self.paths));
        merge(&self.dir, &self.out, &paths)?;
        remove_tree(&self.dir)
    }
}

impl Staging {
    /// Whether `folder` of the previous site, and every folder between it and the output folder,
    /// is a real folder and not a link.
    fn real_folder(&self, folder: Option<&Path>) -> bool {
        let Some(folder) = folder else { return false };
        if folder == self.out {
            return true;
        }
        if let Some(&known) = lock(&self.folders).get(folder) {
            return known;
        }
        let real = fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir())
            && self.real_folder(folder.parent());
        lock(&self.folders).insert(folder.to_path_buf(), real);
        real
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Moves the files of `new` into `out` and removes those of `out` that `paths` does not list.
/// The build's records (`.digifam-pages` and the like, which say what each file was made from)
/// leave first and arrive last: a merge cut short leaves none, and the next build makes every
/// file again instead of trusting a record that does not match the files.
fn merge(new: &Path, out: &Path, paths: &HashSet<String>) -> Result<(), OutputError> {
    let is_record = |name: &str| name.starts_with(".digifam-") && name != MARKER;
    let (records, files): (Vec<PathBuf>, Vec<PathBuf>) = walkdir::WalkDir::new(new)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| entry.into_path())
        .partition(|path| {
            path.parent() == Some(new)
                && path
                    .file_name()
                    .is_some_and(|n| is_record(&n.to_string_lossy()))
        });
    for record in &records {
        let name = record.strip_prefix(new).unwrap_or(record);
        remove_entry(&out.join(name))?;
    }
    let relative = |path: &Path| path.strip_prefix(new).unwrap_or(path).to_path_buf();
    let folders: BTreeSet<PathBuf> = (files.iter())
        .filter_map(|file| relative(file).parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        make_folder(out, folder)?;
    }
    files
        .par_iter()
        .try_for_each(|file| move_file(file, &out.join(relative(file))))?;
    remove_stale(out, paths)?;
    for record in &records {
        move_file(record, &out.join(relative(record)))?;
    }
    Ok(())
}

/// Makes `folder` (relative to `out`) a real folder inside `out`: anything else in the way, a
/// file or a link that could lead outside, is removed first.
fn make_folder(out: &Path, folder: &Path) -> Result<(), OutputError> {
    let mut path = out.to_path_buf();
    for part in folder.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => remove_entry(&path)?,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(OutputError::Io { path, source }),
        }
        fs::create_dir(&path).map_err(io_error(&path))?;
    }
    Ok(())
}

/// Moves `file` to `target`, in place of a file, a link or a folder of the previous site.
fn move_file(file: &Path, target: &Path) -> Result<(), OutputError> {
    if fs::rename(file, target).is_ok() {
        return Ok(());
    }
    remove_entry(target)?;
    fs::rename(file, target).map_err(io_error(target))
}

/// Removes a file, a link (not what it leads to) or a folder digifam wrote, if there is one.
fn remove_entry(path: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => remove_tree(path),
        Ok(_) => fs::remove_file(path).map_err(io_error(path)),
        Err(_) => Ok(()),
    }
}

/// Removes the files of `out` that `paths` does not list, then the folders left empty.
fn remove_stale(out: &Path, paths: &HashSet<String>) -> Result<(), OutputError> {
    let entries = walkdir::WalkDir::new(out).min_depth(1).contents_first(true);
    for entry in entries.into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if entry.file_type().is_dir() {
            // A folder that still holds files of the new site stays.
            let _ = fs::remove_dir(path);
            continue;
        }
        let relative = path.strip_prefix(out).unwrap_or(path).to_string_lossy();
        if !paths.contains(relative.as_ref()) {
            fs::remove_file(path).map_err(io_error(path))?;
        }
    }
    Ok(())
}

/// Whether `path` is a plain file (not a link to somewhere else) holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

fn is_plain_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the folder is gone; otherwise the build failed, and the next build
        // would remove the leftover anyway.
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
