//! Raw HTML blocks in a PDF: their text is kept and their tags dropped, except that a `<div>`
//! with `dir` or `lang` keeps its meaning. A German letter inside an Arabic handout
//! (`<div dir="ltr" lang="de">`) must run left to right on paper as on the page.

use crate::markdown;

/// A piece of an HTML block, in order.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    /// An opening `<div>`: the Typst markup that opens a block with its direction and language,
    /// or `None` for a div that sets neither.
    Open(Option<String>),
    Close,
}

/// The pieces of a raw HTML block. The div tags are read from the raw text, since the allow-list's
/// HTML parser would close a div at the end of the block that opens it; the text between them
/// goes through the same allow-list as the web pages, so a script's text never reaches paper.
pub(super) fn pieces(html: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name.eq_ignore_ascii_case("div") {
            flush(&mut text, &mut pieces);
            pieces.push(if tag.starts_with('/') {
                Piece::Close
            } else {
                Piece::Open(direction(tag))
            });
        } else {
            text.push('<');
            text.push_str(tag);
            text.push('>');
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut pieces);
    pieces
}

fn flush(text: &mut String, pieces: &mut Vec<Piece>) {
    let kept = markdown::clean_html(text, &markdown::AllowedHtml::new());
    let line = strip_tags(&kept);
    if !line.trim().is_empty() {
        pieces.push(Piece::Text(unescape(&line)));
    }
    text.clear();
}

/// `#block(width: 100%)[#set text(dir: ltr, lang: "de")`, and the alignment that goes with the direction, for
/// a tag with a valid `dir` or `lang`; Typst takes only two or three letters as a language, so
/// anything else is left out rather than breaking the PDF.
fn direction(tag: &str) -> Option<String> {
    let dir = attribute(tag, "dir").filter(|d| *d == "ltr" || *d == "rtl");
    let lang = attribute(tag, "lang")
        .map(|l| l.split(['-', '_']).next().unwrap_or_default())
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    if dir.is_none() && lang.is_none() {
        return None;
    }
    let mut settings = Vec::new();
    settings.extend(dir.map(|d| format!("dir: {d}")));
    settings.extend(lang.map(|l| format!("lang: \"{}\"", l.to_ascii_lowercase())));
    let align = match dir {
        Some("ltr") => "#set align(left)\n",
        Some(_) => "#set align(right)\n",
        None => "",
    };
    Some(format!(
        "#block(width: 100%)[#set text({})\n{align}",
        settings.join(", ")
    ))
}

/// The value of attribute `name` in a tag, quoted or not.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or_default(),
            _ => value.split([' ', '/']).next().unwrap_or_default(),
        });
    }
    None
}

/// The text of HTML without its tags, on one line.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '\n' | '\r' if !in_tag => text.push(' '),
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Text as written before the cleaner escaped it for HTML.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_div_with_a_direction_opens_a_block_and_other_tags_leave_their_text() {
        assert_eq!(
            pieces("<div dir=\"ltr\" lang=\"de-DE\">\nLiebe <b>Eltern</b>,\n</div>"),
            [
                Piece::Open(Some(
                    "#block(width: 100%)[#set text(dir: ltr, lang: \"de\")\n#set align(left)\n"
                        .to_owned()
                )),
                Piece::Text(" Liebe Eltern, ".to_owned()),
                Piece::Close,
            ]
        );
        assert_eq!(pieces("<div class='x'>"), [Piece::Open(None)]);
        assert_eq!(
            pieces("<div dir=sideways lang=\"x)\">"),
            [Piece::Open(None)]
        );
        assert_eq!(
            pieces("a &lt; b <br> c"),
            [Piece::Text("a < b  c".to_owned())]
        );
    }
}
