//! Code examples coloured at build time. syntect finds the tokens; each token gets one short class
//! naming its kind (`hl-k` keyword, `hl-s` string, …) instead of syntect's nested span per scope,
//! so an example weighs little more than its text, and the theme's `highlight.css` decides the
//! colours. Code reads the same in every language and view, so each example is highlighted once
//! per build and then reused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape_html;

pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// Token kinds and the scopes they cover. A token takes the kind of its innermost scope that has
/// one, so the quotes of a string are string and a comment's marker is comment.
const KINDS: &[(&str, &str)] = &[
    ("comment", "c"),
    ("string", "s"),
    ("markup.raw", "s"),
    ("entity.name.tag", "t"),
    ("entity.other.attribute-name", "a"),
    ("support.function", "f"),
    ("entity.name", "f"),
    ("variable.parameter", "p"),
    ("markup.list", "p"),
    ("variable.language", "n"),
    ("constant", "n"),
    ("support", "n"),
    ("markup.heading", "h"),
    ("keyword", "k"),
    ("storage", "k"),
    ("invalid", "d"),
    ("markup.deleted", "d"),
    ("markup.inserted", "i"),
    ("markup.bold", "b"),
    ("markup.italic", "e"),
    ("markup.underline.link", "u"),
];

/// Highlighted examples kept for reuse; emptied when it holds more than this many bytes of code,
/// so a long `serve` session does not grow without end.
const MEMO_BYTES: usize = 64 << 20;

type Memo = (HashMap<(String, String), Arc<str>>, usize);

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The `<pre>` block of a fenced code example in language `lang` (a fence's info word).
pub(super) fn highlight(code: &str, lang: &str) -> String {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    let memo = MEMO.get_or_init(Mutex::default);
    let key = (lang.to_owned(), code.to_owned());
    if let Some(html) = memo.lock().ok().and_then(|m| m.0.get(&key).cloned()) {
        return html.to_string();
    }
    let html: Arc<str> = block(code, lang).into();
    if let Ok(mut memo) = memo.lock() {
        if memo.1 > MEMO_BYTES {
            *memo = Memo::default();
        }
        memo.1 += code.len() + html.len();
        memo.0.insert(key, html.clone());
    }
    html.to_string()
}

fn block(code: &str, lang: &str) -> String {
    let set = syntaxes();
    // Plain text has nothing to colour: no spans, and the page needs no code colours.
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten()
        .filter(|syntax| syntax.name != set.find_syntax_plain_text().name);
    let inner = syntax
        .and_then(|syntax| tokens(code, syntax, set))
        .unwrap_or_else(|| escape_html(code));
    format!(
        "<pre class=\"code\"><code class=\"language-{}\">{inner}</code></pre>\n",
        escape_html(lang)
    )
}

/// The code with a span around each run of tokens of one kind; `None` when the grammar fails.
fn tokens(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut kinds = HashMap::new();
    let mut html = Spans::default();
    for line in LinesWithEndings::from(code) {
        let mut start = 0;
        for (at, op) in state.parse_line(line, set).ok()? {
            html.push(&line[start..at], kind(&stack, &mut kinds));
            start = at;
            stack.apply(&op).ok()?;
        }
        html.push(&line[start..], kind(&stack, &mut kinds));
    }
    Some(html.finish())
}

/// The kind of the innermost scope on the stack that has one.
fn kind(
    stack: &ScopeStack,
    known: &mut HashMap<Scope, Option<&'static str>>,
) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|scope| {
        *known.entry(*scope).or_insert_with(|| {
            let name = scope.build_string();
            KINDS
                .iter()
                .find(|(prefix, _)| {
                    name.strip_prefix(prefix)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
                })
                .map(|(_, kind)| *kind)
        })
    })
}

/// Escaped text with spans opened only when the kind changes; white space joins whatever span
/// is open, so `a + b` of one kind stays one span.
#[derive(Default)]
struct Spans {
    html: String,
    open: Option<&'static str>,
}

impl Spans {
    fn push(&mut self, text: &str, kind: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if kind != self.open && !text.trim().is_empty() {
            self.close();
            if let Some(kind) = kind {
                self.html
                    .push_str(&format!("<span class=\"{HIGHLIGHT_PREFIX}{kind}\">"));
            }
            self.open = kind;
        }
        self.html.push_str(&escape_html(text));
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
    }

    fn finish(mut self) -> String {
        self.close();
        self.html
    }
}
