//! A body's `:::` lesson-plan blocks, parsed into a tree of [`Segment`]s before any Markdown is.

use std::path::Path;

use super::picture::labelled;
use super::{BlockKind, CardOptions, Segment};
use crate::diagnostic::{Diagnostic, did_you_mean};

fn fence_len(line: &str) -> usize {
    line.trim_start().chars().take_while(|&c| c == ':').count()
}

fn is_code_fence(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("```") || trimmed.starts_with("~~~")
}

/// Splits a body into segments. `first_line` is the file line the body starts on.
pub fn parse_blocks(
    path: &Path,
    file_text: &str,
    body: &str,
    first_line: usize,
) -> Result<Vec<Segment>, Vec<Diagnostic>> {
    let mut parser = BlockParser {
        path,
        file_text,
        errors: Vec::new(),
        stack: Vec::new(),
        top: Vec::new(),
        text: String::new(),
        text_line: first_line,
    };
    // `:::` inside a code example is code, not a block.
    let mut in_code = false;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let number = first_line + index;
        if is_code_fence(line) {
            in_code = !in_code;
        }
        if in_code || fence_len(line) < 3 {
            parser.text(line, number);
            continue;
        }
        parser.flush_text();
        let rest = line.trim().trim_start_matches(':').trim();
        if rest.is_empty() {
            parser.close(number);
        } else {
            parser.open(line, rest, number);
        }
    }
    parser.finish()
}

/// A block whose closing `:::` has not come yet.
struct Open {
    kind: BlockKind,
    title: Option<String>,
    lines: u32,
    cards: CardOptions,
    /// A `labels` block whose key the participants write.
    write_key: bool,
    line: usize,
    children: Vec<Segment>,
}

struct BlockParser<'a> {
    path: &'a Path,
    file_text: &'a str,
    errors: Vec<Diagnostic>,
    /// The open blocks, innermost last.
    stack: Vec<Open>,
    top: Vec<Segment>,
    /// Text lines since the last fence, and the file line of the first.
    text: String,
    text_line: usize,
}

impl BlockParser<'_> {
    fn error(&mut self, message: String, line: usize, column: usize, hint: String) {
        self.errors.push(
            Diagnostic::error(self.path, message)
                .at(line, column)
                .hint(hint)
                .with_source(self.file_text),
        );
    }

    /// Where a finished segment goes: into the innermost open block, or the top level.
    fn children(&mut self) -> &mut Vec<Segment> {
        match self.stack.last_mut() {
            Some(open) => &mut open.children,
            None => &mut self.top,
        }
    }

    fn text(&mut self, line: &str, number: usize) {
        if self.text.is_empty() {
            self.text_line = number;
        }
        self.text.push_str(line);
    }

    fn flush_text(&mut self) {
        let text = std::mem::take(&mut self.text);
        if !text.trim().is_empty() {
            let first_line = self.text_line;
            self.children().push(Segment::Text { text, first_line });
        }
    }

    fn close(&mut self, number: usize) {
        let Some(open) = self.stack.pop() else {
            self.error(
                "this `:::` closes a block that was never opened".to_owned(),
                number,
                1,
                "remove the line, or open a block above it with `::: handout` (or another block type)"
                    .to_owned(),
            );
            return;
        };
        let children = if open.kind == BlockKind::Labels {
            match labelled(open.children, open.line, open.write_key) {
                Ok(children) => children,
                Err(problems) => {
                    for problem in problems {
                        self.error(problem.message, problem.line, problem.column, problem.hint);
                    }
                    Vec::new()
                }
            }
        } else {
            open.children
        };
        let block = Segment::Block {
            kind: open.kind,
            title: open.title,
            lines: open.lines,
            cards: open.cards,
            line: open.line,
            children,
        };
        self.children().push(block);
    }

    /// Opens the block of the fence `line`, whose text after the colons is `rest`: a block type,
    /// maybe in braces (`{.handout}`), then an optional title.
    fn open(&mut self, line: &str, rest: &str, number: usize) {
        let rest = rest.trim_start_matches('{').trim_start_matches('.');
        let (name, title) = match rest.split_once(char::is_whitespace) {
            Some((name, title)) => (name.trim_end_matches('}'), Some(title.trim().to_owned())),
            None => (rest.trim_end_matches('}'), None),
        };
        let Some(kind) = BlockKind::from_name(name) else {
            let names: Vec<&str> = BlockKind::ALL.iter().map(|k| k.name()).collect();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("block types are: {}", names.join(", ")),
            };
            let column = line.find(name).map_or(1, |i| i + 1);
            self.error(format!("unknown block type `{name}`"), number, column, hint);
            // Still a block, so that its closing `:::` does not close the one around it.
            self.push_open(BlockKind::Trainer, None, 0, number);
            return;
        };
        let (title, lines) = if kind == BlockKind::Write {
            write_space(title)
        } else {
            (title, 0)
        };
        let parsed = match kind {
            BlockKind::Cards => card_options(title),
            BlockKind::Labels => label_options(title),
            _ => Ok((title, CardOptions::default(), false)),
        };
        let (title, cards, write_key) = parsed.unwrap_or_else(|(message, hint)| {
            let column = line.find('[').map_or(1, |i| i + 1);
            self.error(message, number, column, hint);
            (None, CardOptions::default(), false)
        });
        self.push_open(kind, title.filter(|t| !t.is_empty()), lines, number);
        if let Some(open) = self.stack.last_mut() {
            open.cards = cards;
            open.write_key = write_key;
        }
    }

    fn push_open(&mut self, kind: BlockKind, title: Option<String>, lines: u32, line: usize) {
        self.stack.push(Open {
            kind,
            title,
            lines,
            cards: CardOptions::default(),
            write_key: false,
            line,
            children: Vec::new(),
        });
    }

    fn finish(mut self) -> Result<Vec<Segment>, Vec<Diagnostic>> {
        self.flush_text();
        for open in std::mem::take(&mut self.stack) {
            self.error(
                format!("the `{}` block is never closed", open.kind.name()),
                open.line,
                1,
                "add a line `:::` where the block ends".to_owned(),
            );
        }
        if self.errors.is_empty() {
            Ok(self.top)
        } else {
            Err(self.errors)
        }
    }
}

/// A `write` block's title and lines of space: `::: write 3 Your name` has 3 lines (at most 40),
/// one without a number 4.
fn write_space(title: Option<String>) -> (Option<String>, u32) {
    let mut words = title.as_deref().unwrap_or("").splitn(2, ' ');
    let first = words.next().unwrap_or("");
    match first.parse::<u32>() {
        Ok(n) => (
            words.next().map(str::to_owned).filter(|t| !t.is_empty()),
            n.min(40),
        ),
        Err(_) => (title, 4),
    }
}

/// A block's title and its options: `[12, large] Word cards`; what the block type allows is
/// decided by its own function.
type Options = (Option<String>, CardOptions, bool);
type Mistake = (String, String);

/// The options in brackets before a title, and the title after them.
fn bracketed(
    title: Option<String>,
    example: &str,
) -> Result<(Option<String>, Vec<String>), Mistake> {
    let Some(rest) = title.as_deref().and_then(|t| t.strip_prefix('[')) else {
        return Ok((title, Vec::new()));
    };
    let Some((list, title)) = rest.split_once(']') else {
        return Err((
            "the block's options are not closed with `]`".to_owned(),
            format!("write the options in brackets before the title: `{example}`"),
        ));
    };
    let options = list
        .split(',')
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .collect();
    Ok((
        Some(title.trim().to_owned()).filter(|t| !t.is_empty()),
        options,
    ))
}

fn unknown_option(option: &str, known: &[&str], all: &str) -> Mistake {
    let hint = match did_you_mean(option, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => all.to_owned(),
    };
    (format!("unknown option `{option}`"), hint)
}

/// A `cards` block's title and options: `[12, large, two-sided, participants] Word cards`.
fn card_options(title: Option<String>) -> Result<Options, Mistake> {
    let mut options = CardOptions::default();
    let (title, list) = bracketed(title, "::: cards [12, large] Word cards")?;
    for option in list {
        match option.as_str() {
            "large" => options.large = true,
            "two-sided" => options.two_sided = true,
            "participants" => options.participants = true,
            number if number.parse::<u32>().is_ok() => {
                let per_sheet = number.parse().unwrap_or_default();
                if !CardOptions::PER_SHEET.contains(&per_sheet) {
                    return Err((
                        format!("{per_sheet} cards do not fit a sheet in rows and columns"),
                        "cards per sheet: 4, 6, 8, 9, 10, 12 or 16".to_owned(),
                    ));
                }
                options.per_sheet = per_sheet;
            }
            other => {
                return Err(unknown_option(
                    other,
                    &["large", "two-sided", "participants"],
                    "card options are: a number of cards per sheet (4, 6, 8, 9, 10, 12, 16), `large`, `two-sided`, `participants`",
                ));
            }
        }
    }
    Ok((title, options, false))
}

/// A `labels` block's title and whether participants write the key: `[write] Parts of a computer`.
fn label_options(title: Option<String>) -> Result<Options, Mistake> {
    let (title, list) = bracketed(title, "::: labels [write] Parts of a computer")?;
    let mut write = false;
    for option in list {
        if option != "write" {
            return Err(unknown_option(
                &option,
                &["write"],
                "the one option of a `labels` block is `write`: participants write the words",
            ));
        }
        write = true;
    }
    Ok((title, CardOptions::default(), write))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_and_unknown_blocks_are_errors() {
        let body = "::: trainr\nx\n";
        let errors = parse_blocks(Path::new("a.md"), body, body, 5).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `trainer`?"));
        assert_eq!(errors[0].line, 5);
    }

    #[test]
    fn blocks_nest_and_code_fences_hide_colons() {
        let body = ":::: activity Find it\nLook.\n\n::: solution\nHere.\n:::\n::::\n\n```\n:::\n```\n\n::: write 3 Your name\n:::\n";
        let segments = parse_blocks(Path::new("a.md"), body, body, 1).unwrap();
        assert_eq!(segments.len(), 3);
        let Segment::Block {
            kind,
            title,
            children,
            ..
        } = &segments[0]
        else {
            panic!("{segments:?}");
        };
        assert_eq!(
            (*kind, title.as_deref()),
            (BlockKind::Activity, Some("Find it"))
        );
        assert!(matches!(
            children[1],
            Segment::Block {
                kind: BlockKind::Solution,
                line: 4,
                ..
            }
        ));
        assert!(
            matches!(&segments[1], Segment::Text { text, first_line: 8 } if text.contains(":::"))
        );
        assert!(matches!(
            &segments[2],
            Segment::Block { kind: BlockKind::Write, lines: 3, title: Some(t), .. } if t == "Your name"
        ));
    }

    #[test]
    fn card_blocks_take_options_before_their_title() {
        let body = "::: cards [12, large, two-sided] Word cards\n- Maus\n:::\n";
        let segments = parse_blocks(Path::new("a.md"), body, body, 1).unwrap();
        let Segment::Block { title, cards, .. } = &segments[0] else {
            panic!("{segments:?}");
        };
        assert_eq!(title.as_deref(), Some("Word cards"));
        assert_eq!(cards.grid(), (3, 4));
        assert!(cards.large && cards.two_sided && !cards.participants);
        let body = "::: cards [7, larg] X\n:::\n";
        let errors = parse_blocks(Path::new("a.md"), body, body, 1).unwrap_err();
        assert!(errors[0].message.contains("7 cards"), "{errors:?}");
        let body = "::: cards [larg] X\n:::\n";
        let errors = parse_blocks(Path::new("a.md"), body, body, 1).unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `large`?"));
    }
}
