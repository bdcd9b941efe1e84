//! The whole kit of a language as one ZIP file: what a new sponsor institution downloads once
//! and copies to the course room's computers or a USB stick.
//!
//! PDFs are compressed already, so the files are stored, not deflated ([`output::zip_stored`]):
//! the kit costs next to no CPU to make or to open, and the same PDFs give the same bytes.

use std::borrow::Cow;
use std::io;

use sha2::{Digest, Sha256};

use crate::content::model::Project;
use crate::{output, site};

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
    output::hex(hash.finalize())
}

/// The ZIP bytes of the kit of `lang`, its PDFs in a folder named like the kit. `read` gives a
/// member's bytes; a member it cannot read is an error naming that member.
pub fn zip_kit<'a>(
    project: &Project,
    lang: &str,
    members: &[Member],
    read: impl Fn(&str) -> io::Result<Cow<'a, [u8]>>,
) -> Result<Vec<u8>, String> {
    let name = site::kit_name(project, lang);
    let prefix = format!("{lang}/");
    output::zip_stored(members.iter().map(|member| {
        let inside = member.path.strip_prefix(&prefix).unwrap_or(member.path);
        (format!("{name}/{inside}"), read(member.path))
    }))
}
