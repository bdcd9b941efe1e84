//! The whole kit of a language as one ZIP file: what a new sponsor institution downloads once
//! and copies to the course room's computers or a USB stick.
//!
//! PDFs are compressed already, so the files are stored, not deflated: the kit costs next to no
//! CPU to make or to open. Every entry has the same fixed date, so the same PDFs give the same
//! bytes.

use std::borrow::Cow;
use std::io::{self, Cursor, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::content::model::Project;
use crate::site;

/// One PDF that goes into a kit: its site path and its input hash.
pub struct Member<'a> {
    pub path: &'a str,
    pub hash: &'a str,
}

/// The input hash of a kit: its name and its PDFs. Equal hashes mean equal ZIP bytes.
pub fn kit_hash(project: &Project, lang: &str, members: &[Member]) -> String {
    let mut hash = Sha256::new();
    hash.update(site::kit_name(project, lang));
    for member in members {
        hash.update([0]);
        hash.update(member.path);
        hash.update([0]);
        hash.update(member.hash);
    }
    super::hex(hash.finalize())
}

/// The ZIP bytes of the kit of `lang`. `read` gives a member's bytes; a member it cannot read
/// is an error naming that member.
pub fn zip_kit<'a>(
    project: &Project,
    lang: &str,
    members: &[Member],
    read: impl Fn(&str) -> io::Result<Cow<'a, [u8]>>,
) -> Result<Vec<u8>, String> {
    let name = site::kit_name(project, lang);
    let prefix = format!("{lang}/");
    // Fixed date and mode: a kit is a pure function of its PDFs.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for member in members {
        let inside = member.path.strip_prefix(&prefix).unwrap_or(member.path);
        let bytes =
            read(member.path).map_err(|err| format!("cannot read {}: {err}", member.path))?;
        zip.start_file(format!("{name}/{inside}"), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|err| format!("cannot add {} to the kit: {err}", member.path))?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|err| format!("cannot finish the kit: {err}"))
}
