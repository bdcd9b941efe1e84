//! A `labels` block: a picture with numbered markers drawn on it, and its key.
//!
//! The numbers are drawn by digifam, not written into the picture, so one picture serves every
//! language and the words of the key are translated with the page. With the `write` option the
//! participants write the key themselves: their page and handout show numbered lines, the
//! trainer's show the words.
//!
//! ```markdown
//! ::: labels [write] Parts of a computer
//! ![A computer with a screen, a keyboard and a mouse](computer.svg)
//!
//! 1. [50, 30] Screen
//! 2. [45, 85] Keyboard
//! :::
//! ```

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Segment, options};

/// A labelled picture, as its block's text describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The image's Markdown line, as written.
    pub image: String,
    /// The image's address and its alt text as plain text.
    pub dest: String,
    pub alt: String,
    pub line: usize,
    pub markers: Vec<Marker>,
    /// Participants write the key on lines of their own.
    pub write: bool,
}

/// A numbered marker: where it sits (percent of the picture's width from the left and of its
/// height from the top) and the words of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub x: u8,
    pub y: u8,
    pub text: String,
    pub line: usize,
}

/// A mistake in a `labels` block, for the block parser to report.
pub struct Problem {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub hint: String,
}

const KEY_HINT: &str = "write one line per label: its number, where it sits (across and down, in percent of the picture) and its words, e.g. `1. [40, 25] Screen`";

/// Turns the children of a `labels` block (opened on `line`) into its text, with the picture
/// and its key in the place of the image line.
pub fn labelled(
    children: Vec<Segment>,
    line: usize,
    write: bool,
) -> Result<Vec<Segment>, Vec<Problem>> {
    let mut picture: Option<(usize, Picture)> = None;
    let mut markers = Vec::new();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for child in children {
        let Segment::Text { text, first_line } = child else {
            out.push(child);
            continue;
        };
        let mut rest = String::new();
        let mut rest_line = first_line;
        let flush = |rest: &mut String, rest_line: usize, out: &mut Vec<Segment>| {
            if !rest.trim().is_empty() {
                out.push(Segment::Text {
                    text: std::mem::take(rest),
                    first_line: rest_line,
                });
            }
            rest.clear();
        };
        for (index, source) in text.split_inclusive('\n').enumerate() {
            let number = first_line + index;
            if let Some(key) = key_line(source, number) {
                match key {
                    Ok(marker) => markers.push(marker),
                    Err((column, message)) => problems.push(Problem {
                        message,
                        line: number,
                        column,
                        hint: KEY_HINT.to_owned(),
                    }),
                }
            } else if let Some((dest, alt)) = picture.is_none().then(|| image(source)).flatten() {
                flush(&mut rest, rest_line, &mut out);
                let found = Picture {
                    image: source.trim().to_owned(),
                    dest,
                    alt,
                    line: number,
                    markers: Vec::new(),
                    write,
                };
                picture = Some((out.len(), found));
            } else {
                if rest.is_empty() {
                    rest_line = number;
                }
                rest.push_str(source);
            }
        }
        flush(&mut rest, rest_line, &mut out);
    }
    let problem = |message: &str, hint: &str| Problem {
        message: message.to_owned(),
        line,
        column: 1,
        hint: hint.to_owned(),
    };
    if markers.is_empty() && problems.is_empty() {
        problems.push(problem("this `labels` block has no labels", KEY_HINT));
    }
    let Some((at, mut picture)) = picture else {
        problems.push(problem(
            "this `labels` block has no picture",
            "put the picture on a line of its own: `![what the picture shows](picture.svg)`",
        ));
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    picture.markers = markers;
    out.insert(at, Segment::Picture(picture));
    Ok(out)
}

/// A key line's position and words: `1. [40, 25] Screen` or `- [40, 25] Screen`; `None` for any
/// other line, an error (column, message) for a key line whose position is wrong.
fn key_line(source: &str, line: usize) -> Option<Result<Marker, (usize, String)>> {
    let trimmed = source.trim_start();
    let after_marker = trimmed
        .strip_prefix(['-', '*'])
        .or_else(|| {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            (digits > 0)
                .then(|| trimmed[digits..].strip_prefix(['.', ')']))
                .flatten()
        })?
        .trim_start();
    let inside = after_marker.strip_prefix('[')?;
    let column = source.len() - after_marker.len() + 1;
    let Some((position, words)) = inside.split_once(']') else {
        return Some(Err((
            column,
            "the label's position is not closed with `]`".to_owned(),
        )));
    };
    let numbers: Vec<Option<u8>> = position
        .split(',')
        .map(|n| n.trim().parse::<u8>().ok().filter(|n| *n <= 100))
        .collect();
    let words = words.trim().to_owned();
    Some(match numbers.as_slice() {
        [Some(x), Some(y)] if !words.is_empty() => Ok(Marker {
            x: *x,
            y: *y,
            text: words,
            line,
        }),
        [Some(_), Some(_)] => Err((
            column,
            "this label has no words after its position".to_owned(),
        )),
        _ => Err((
            column,
            format!("`[{position}]` is not a position: two whole numbers from 0 to 100"),
        )),
    })
}

/// The address and plain alt text of a line that holds nothing but one image.
fn image(source: &str) -> Option<(String, String)> {
    let line = source.trim();
    if !line.starts_with("![") {
        return None;
    }
    let mut dest = None;
    let mut alt = String::new();
    let mut in_image = false;
    for event in Parser::new_ext(line, options()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if dest.is_none() => {
                dest = Some(dest_url.to_string());
                in_image = true;
            }
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(text) | Event::Code(text) if in_image => alt.push_str(&text),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            _ if in_image => {}
            _ => return None,
        }
    }
    Some((dest?, alt))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Segment {
        Segment::Text {
            text: text.to_owned(),
            first_line: 10,
        }
    }

    #[test]
    fn the_image_line_becomes_the_picture_and_the_key_its_markers() {
        let body = "Look at the picture.\n![A *computer*](pc.svg)\n\n1. [50, 30] Screen\n2) [45, 85] **Keyboard**\n- [0, 100] Mouse\n";
        let segments = labelled(vec![text(body)], 9, true).unwrap_or_else(|_| panic!());
        assert_eq!(segments.len(), 2);
        assert!(
            matches!(&segments[0], Segment::Text { text, first_line: 10 } if text == "Look at the picture.\n")
        );
        let Segment::Picture(picture) = &segments[1] else {
            panic!("{segments:?}")
        };
        assert_eq!(
            (picture.dest.as_str(), picture.alt.as_str()),
            ("pc.svg", "A computer")
        );
        assert_eq!(picture.line, 11);
        assert!(picture.write);
        let key: Vec<_> = picture
            .markers
            .iter()
            .map(|m| (m.x, m.y, m.text.as_str(), m.line))
            .collect();
        assert_eq!(
            key,
            [
                (50, 30, "Screen", 13),
                (45, 85, "**Keyboard**", 14),
                (0, 100, "Mouse", 15)
            ]
        );
    }

    #[test]
    fn a_wrong_position_or_a_missing_picture_is_reported_at_its_line() {
        let problems = labelled(vec![text("![A](a.svg)\n1. [50, 130] Screen\n")], 9, false)
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (11, 4));
        assert!(
            problems[0].message.contains("`[50, 130]`"),
            "{}",
            problems[0].message
        );
        let problems = labelled(vec![text("1. [5, 5] Screen\n")], 9, false)
            .err()
            .unwrap_or_default();
        assert_eq!(problems[0].line, 9);
        assert!(problems[0].message.contains("no picture"));
        let problems = labelled(vec![text("![A](a.svg) and text\n")], 9, false)
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 2, "neither a picture nor labels");
    }
}
