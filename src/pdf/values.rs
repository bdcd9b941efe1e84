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

/// Data a view serialised to JSON, as a Typst value: strings as string literals, objects as
/// dictionaries with string keys, `null` as `none`.
pub fn json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "none".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => string(text),
        Value::Array(items) => array(items.iter().map(json)),
        Value::Object(fields) if fields.is_empty() => "(:)".to_owned(),
        Value::Object(fields) => {
            let mut out = String::from("(");
            for (key, value) in fields {
                let _ = write!(out, "{}: {}, ", string(key), json(value));
            }
            out.push(')');
            out
        }
    }
}
