//! Splitting a Markdown file into YAML front matter and body, and turning YAML errors into
//! diagnostics that point at the author's file and line.

use std::cell::Cell;
use std::path::Path;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use crate::diagnostic::{Diagnostic, did_you_mean};

/// A Markdown file cut in two. Line numbers are 1-based and refer to the whole file.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(path, "the file does not start with front matter")
            .at(1, 1)
            .hint("start the file with a line `---`, the YAML keys (title: …), and another line `---`")
            .with_source(text)
    };
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(missing)?;
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[body_start..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "the front matter is never closed")
        .at(1, 1)
        .hint("add a line `---` after the last front-matter key")
        .with_source(text))
}

/// Parses front matter into `T`, mapping every YAML or schema error onto the file's own lines.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, split: &Split) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(split.yaml).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|l| (l.line() + split.yaml_line - 1, l.column()))
            .unwrap_or((split.yaml_line, 0));
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        let mut diagnostic = Diagnostic::error(path, message.clone()).at(line, column);
        if let Some(field) = unknown_field(&message) {
            diagnostic.message = format!("unknown key `{field}`");
            let candidates = expected_fields(&message);
            let candidates: Vec<&str> = if candidates.is_empty() {
                known_keys::<T>().to_vec()
            } else {
                candidates.iter().map(String::as_str).collect()
            };
            diagnostic = match did_you_mean(field, candidates.iter().copied()) {
                Some(best) => diagnostic.hint(format!("did you mean `{best}`?")),
                None => diagnostic.hint(format!("allowed keys here: {}", candidates.join(", "))),
            };
        } else if message.contains("invalid type") || message.contains("invalid value") {
            diagnostic = diagnostic.hint(type_hint(&message));
        } else {
            diagnostic = diagnostic.hint(
                "check the YAML syntax: `key: value`, lists as lines starting with `- `, and quotes \
                 around text that contains `: ` or starts with a special character",
            );
        }
        diagnostic.with_source(text)
    })
}

/// The keys the struct `T` accepts, asked of its `Deserialize` implementation so that no list of
/// them has to be kept by hand: serde passes a struct's field names to `deserialize_struct`, and
/// this deserializer keeps them and stops there. Empty when `T` is not a struct.
pub fn known_keys<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Keys<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> Deserializer<'de> for Keys<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("only the field names were wanted"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    let keys = Cell::new(&[][..]);
    let _ = T::deserialize(Keys(&keys));
    keys.get()
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

fn expected_fields(message: &str) -> Vec<String> {
    message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map(|(_, list)| {
            list.split(", ")
                .filter_map(|item| item.trim().strip_prefix('`')?.split('`').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn type_hint(message: &str) -> String {
    if message.contains("expected u32") || message.contains("expected u8") {
        "write a whole number here, without units (minutes are implied)".to_owned()
    } else if message.contains("expected a sequence") {
        "write a list here: one item per line, each starting with `- `".to_owned()
    } else if message.contains("expected a string") {
        "write plain text here (put quotes around it if it contains `: `)".to_owned()
    } else {
        "compare the value with the example in docs/content-format.md".to_owned()
    }
}

/// A file's front matter as written, kept beside the values parsed from it so that messages can
/// point at the line of a key.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub yaml: String,
    /// The file line (1-based) the YAML starts on.
    pub line: usize,
}

impl FrontMatter {
    pub fn new(split: &Split) -> FrontMatter {
        FrontMatter {
            yaml: split.yaml.to_owned(),
            line: split.yaml_line,
        }
    }

    /// The line (1-based, whole file) of the first front-matter line that sets `key`, if any.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.nth_key_line(key, 0)
    }

    /// The line of the `n`-th (0-based) occurrence of `key`, also as an item of a list
    /// (`- minutes: 10`).
    pub fn nth_key_line(&self, key: &str, n: usize) -> Option<usize> {
        self.yaml
            .lines()
            .enumerate()
            .filter(|(_, line)| {
                let rest = line.trim_start().trim_start_matches("- ");
                rest.strip_prefix(key)
                    .is_some_and(|after| after.trim_start().starts_with(':'))
            })
            .nth(n)
            .map(|(index, _)| index + self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_reports_body_line() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn key_lines_count_from_the_file_start() {
        let text = "---\ntitle: A\nphases:\n  - minutes: 5\n  - minutes: 10\n---\n";
        let front = FrontMatter::new(&split(Path::new("a.md"), text).unwrap());
        assert_eq!(front.key_line("phases"), Some(3));
        assert_eq!(front.nth_key_line("minutes", 1), Some(5));
        assert_eq!(front.key_line("summary"), None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split(Path::new("a.md"), "---\ntitle: A\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn unknown_key_gets_a_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            duration: u32,
        }
        let text = "---\ndurration: 5\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let err = parse::<T>(Path::new("a.md"), text, &s).unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.hint.as_deref(), Some("did you mean `duration`?"));
    }

    #[test]
    fn known_keys_are_the_struct_fields() {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            title: String,
            #[serde(default, rename = "source_version")]
            version: Option<String>,
        }
        assert_eq!(known_keys::<T>(), ["title", "source_version"]);
        assert!(known_keys::<String>().is_empty());
    }
}
