//! Code examples coloured at build time. syntect finds the tokens; each token gets one short class
//! naming its kind (`hl-k` keyword, `hl-s` string, …) instead of syntect's nested span per scope,
//! so an example weighs little more than its text, and the theme's `highlight.css` decides the
//! colours. Finding tokens is the costly part (a quarter of a code-heavy build), and code repeats:
//! an example reads the same in every language and view, and its lines recur across lessons. So
//! each example is highlighted once per build, and each line is parsed once per grammar state.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
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

/// What is kept for reuse, by grammar or language and text; emptied when it holds more than
/// [`MEMO_BYTES`], so that a long `serve` session does not grow without end.
struct Memo<V> {
    map: HashMap<(String, String), V>,
    bytes: usize,
}

const MEMO_BYTES: usize = 64 << 20;

impl<V: Default> Memo<V> {
    fn new() -> Mutex<Memo<V>> {
        Mutex::new(Memo {
            map: HashMap::new(),
            bytes: 0,
        })
    }

    /// The entry of `key`, which adds `bytes` to what the memo holds.
    fn entry(&mut self, key: (String, String), bytes: usize) -> &mut V {
        if self.bytes > MEMO_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.map.entry(key).or_default()
    }
}

/// The scope operations of a line and the grammar's state after it, for a state before it.
type Parsed = Vec<(ParseState, Vec<(usize, ScopeStackOp)>, ParseState)>;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The `<pre>` block of a fenced code example in language `lang` (a fence's info word).
pub(super) fn highlight(code: &str, lang: &str) -> String {
    static BLOCKS: OnceLock<Mutex<Memo<Option<Arc<str>>>>> = OnceLock::new();
    let blocks = BLOCKS.get_or_init(Memo::new);
    let key = (lang.to_owned(), code.to_owned());
    if let Some(html) = blocks
        .lock()
        .ok()
        .and_then(|m| m.map.get(&key).cloned().flatten())
    {
        return html.to_string();
    }
    let html: Arc<str> = block(code, lang).into();
    if let Ok(mut blocks) = blocks.lock() {
        *blocks.entry(key, code.len() + html.len()) = Some(html.clone());
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
    let mut html = Spans::default();
    for line in LinesWithEndings::from(code) {
        let mut start = 0;
        for (at, op) in parse_line(&mut state, &syntax.name, line, set)? {
            html.push(&line[start..at], kind(&stack));
            start = at;
            stack.apply(&op).ok()?;
        }
        html.push(&line[start..], kind(&stack));
    }
    Some(html.finish())
}

/// `ParseState::parse_line`, answered from an earlier line with the same text, grammar and state
/// when there is one: the operations depend on nothing else.
fn parse_line(
    state: &mut ParseState,
    grammar: &str,
    line: &str,
    set: &SyntaxSet,
) -> Option<Vec<(usize, ScopeStackOp)>> {
    static LINES: OnceLock<Mutex<Memo<Parsed>>> = OnceLock::new();
    let lines = LINES.get_or_init(Memo::new);
    let key = (grammar.to_owned(), line.to_owned());
    let known = lines.lock().ok().and_then(|lines| {
        let parsed = lines.map.get(&key)?;
        let (_, ops, after) = parsed.iter().find(|(before, ..)| before == state)?;
        Some((ops.clone(), after.clone()))
    });
    if let Some((ops, after)) = known {
        *state = after;
        return Some(ops);
    }
    let before = state.clone();
    let ops = state.parse_line(line, set).ok()?;
    if let Ok(mut lines) = lines.lock() {
        let bytes = line.len() + ops.len() * std::mem::size_of::<(usize, ScopeStackOp)>();
        (lines.entry(key, bytes)).push((before, ops.clone(), state.clone()));
    }
    Some(ops)
}

/// The kind of the innermost scope on the stack that has one.
fn kind(stack: &ScopeStack) -> Option<&'static str> {
    // A scope's kind is found from its name, which syntect builds anew on every call: kept per
    // thread, it is found once per build rather than once per example.
    thread_local! {
        static KNOWN: RefCell<HashMap<Scope, Option<&'static str>>> = RefCell::default();
    }
    KNOWN.with_borrow_mut(|known| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_seen_before_is_reused_only_in_the_same_grammar_state() {
        // The same line outside, inside and again outside a Python string.
        let code = "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\n";
        let html = highlight(code, "python");
        let assignment = "x <span class=\"hl-k\">= </span><span class=\"hl-n\">1\n</span>";
        assert_eq!(
            html,
            format!(
                "<pre class=\"code\"><code class=\"language-python\">{assignment}\
                 <span class=\"hl-c\">&quot;&quot;&quot;\nx = 1\n&quot;&quot;&quot;\n</span>\
                 {assignment}</code></pre>\n"
            )
        );
        // The same example again comes from the memo, unchanged.
        assert_eq!(highlight(code, "python"), html);
    }
}
