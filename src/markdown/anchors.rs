//! Heading anchors: the id each heading gets, the same on the page and in link checks.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::options;

/// The anchor a heading gets: lower-case letters and digits of any script, words joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

pub(super) fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// Heading anchors of a body, as the trainer view renders them.
pub fn anchors(body: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut in_heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    unique(id.unwrap_or_else(|| slugify(&text)), &mut used);
                }
            }
            _ => {}
        }
    }
    used
}
