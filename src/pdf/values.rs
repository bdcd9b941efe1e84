//! Typst values written as Typst code: every text a string literal, so that nothing an author
//! wrote can be read as markup or code.

use std::fmt::Write as _;

/// A Typst string literal holding `text` exactly.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Control characters never reach Typst raw: the footnote placeholders below use them.
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `(a, b, )`: a Typst array of items that are Typst code already; the trailing comma keeps a
/// single item an array rather than a parenthesised value.
pub fn array(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(item.as_ref());
        out.push_str(", ");
    }
    out.push(')');
    out
}

/// Typst content of markup that is Typst code already.
pub fn content(markup: &str) -> String {
    format!("[{markup}]")
}

/// A Typst `(key: value, …)` dictionary from pairs whose values are already Typst code.
pub fn dict(pairs: &[(&str, String)]) -> String {
    let mut out = String::from("(");
    for (key, value) in pairs {
        let _ = write!(out, "{key}: {value}, ");
    }
    out.push(')');
    out
}

/// A string literal, or `none` for an empty text.
pub fn optional(text: &str) -> String {
    if text.trim().is_empty() {
        "none".to_owned()
    } else {
        string(text)
    }
}

/// The ISO 639 code Typst accepts (`pt` of `pt-BR`); English when the code is not one.
pub fn typst_lang(code: &str) -> String {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        primary.to_ascii_lowercase()
    } else {
        "en".to_owned()
    }
}
