//! UI strings per language (`locales/<code>.yaml`), with fallback to the default language and CLDR
//! plural rules.

use std::collections::BTreeMap;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde_json::Value;
use serde_yaml::Value as Yaml;
use unic_langid::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::theme::Assets;

const PLURAL_FORMS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Message {
    Text(String),
    /// Forms by CLDR plural category; `other` is always there.
    Plural(BTreeMap<String, String>),
}

/// Every UI string of every language, flattened to dotted keys (`nav.home`).
#[derive(Debug, Clone, Default, Hash)]
pub struct Catalog {
    default: String,
    messages: BTreeMap<String, BTreeMap<String, Message>>,
    rules: Rules,
}

/// Each language's CLDR plural rules, made once: making them parses the language tag, and views
/// ask for a plural form many times a page.
#[derive(Clone, Default)]
struct Rules(BTreeMap<String, PluralRules>);

impl Rules {
    fn of<'a>(codes: impl IntoIterator<Item = &'a String>) -> Rules {
        let rules = codes.into_iter().filter_map(|code| {
            let id = code.parse::<LanguageIdentifier>().ok()?;
            let rules = PluralRules::create(id, PluralRuleType::CARDINAL).ok()?;
            Some((code.clone(), rules))
        });
        Rules(rules.collect())
    }
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// The rules follow from the language codes, which the messages hash already.
impl std::hash::Hash for Rules {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

fn flatten(prefix: &str, yaml: &Yaml, out: &mut BTreeMap<String, Message>) {
    let Yaml::Mapping(map) = yaml else {
        if let Some(text) = scalar(yaml) {
            out.insert(prefix.to_owned(), Message::Text(text));
        }
        return;
    };
    let keys: Vec<String> = map.keys().filter_map(scalar).collect();
    let is_plural = keys.iter().any(|k| k == "other")
        && keys.iter().all(|k| PLURAL_FORMS.contains(&k.as_str()));
    if is_plural {
        let forms = map
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
            .collect();
        out.insert(prefix.to_owned(), Message::Plural(forms));
        return;
    }
    for (key, value) in map {
        let Some(key) = scalar(key) else { continue };
        let full = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        flatten(&full, value, out);
    }
}

fn scalar(yaml: &Yaml) -> Option<String> {
    match yaml {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

impl Catalog {
    /// Loads the embedded locales, then the project's `locales/` over them, for every site language.
    pub fn load(
        assets: &Assets,
        languages: &[String],
        default: &str,
        diagnostics: &mut Diagnostics,
    ) -> Catalog {
        let mut messages = BTreeMap::new();
        for code in languages {
            let mut flat = BTreeMap::new();
            let layers = assets.locale_layers(&format!("{code}.yaml"));
            for (shown, text) in &layers {
                match serde_yaml::from_str::<Yaml>(text) {
                    Ok(yaml) => flatten("", &yaml, &mut flat),
                    Err(err) => {
                        let (line, column) =
                            err.location().map_or((0, 0), |l| (l.line(), l.column()));
                        diagnostics.push(
                            Diagnostic::error(shown, format!("cannot read the UI strings: {err}"))
                                .at(line, column)
                                .hint("each line is `key: text`; put quotes around text that contains `: `")
                                .with_source(text),
                        );
                    }
                }
            }
            if !layers.is_empty() {
                messages.insert(code.clone(), flat);
            }
        }
        Catalog::new(default, messages, languages)
    }

    fn new(
        default: &str,
        messages: BTreeMap<String, BTreeMap<String, Message>>,
        languages: &[String],
    ) -> Catalog {
        Catalog {
            default: default.to_owned(),
            messages,
            rules: Rules::of(languages),
        }
    }

    /// Keys the default language has and `lang` lacks.
    pub fn missing_keys(&self, lang: &str) -> Vec<String> {
        let Some(reference) = self.messages.get(&self.default) else {
            return Vec::new();
        };
        let own = self.messages.get(lang);
        reference
            .keys()
            .filter(|k| own.is_none_or(|m| !m.contains_key(*k)))
            .cloned()
            .collect()
    }

    pub fn has_language(&self, lang: &str) -> bool {
        self.messages.contains_key(lang)
    }

    fn message(&self, lang: &str, key: &str) -> Option<&Message> {
        self.messages
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.messages.get(&self.default).and_then(|m| m.get(key)))
    }

    /// The title of a DigComp competence in `lang`, or the framework's English title when the
    /// locale has none.
    pub fn digcomp_title(&self, lang: &str, code: &str) -> String {
        let key = format!("digcomp.{code}");
        match self.text(lang, &key) {
            text if text != key => text,
            _ => crate::digcomp::Framework::digcomp()
                .competence(code)
                .map(|c| c.title.clone())
                .unwrap_or_default(),
        }
    }

    /// The string for `key`; the key itself when no language has it (a theme bug `check` reports).
    pub fn text(&self, lang: &str, key: &str) -> String {
        match self.message(lang, key) {
            Some(Message::Text(text)) => text.clone(),
            Some(Message::Plural(forms)) => forms.get("other").cloned().unwrap_or_default(),
            None => key.to_owned(),
        }
    }

    /// The plural form of `key` for `count` in `lang`, with `{count}` filled in.
    pub fn plural(&self, lang: &str, key: &str, count: u64) -> String {
        let form = match self.message(lang, key) {
            Some(Message::Plural(forms)) => {
                let category = (self.rules.0.get(lang))
                    .and_then(|rules| rules.select(count).ok())
                    .map_or("other", category_name);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .unwrap_or_default()
            }
            Some(Message::Text(text)) => text.clone(),
            None => key.to_owned(),
        };
        form.replace("{count}", &count.to_string())
    }

    /// All strings of one language, nested again, with the default language filling the gaps:
    /// templates read them as `t.nav.home`.
    pub fn tree(&self, lang: &str) -> Value {
        let mut root = serde_json::Map::new();
        let keys: std::collections::BTreeSet<&String> = self
            .messages
            .get(&self.default)
            .into_iter()
            .chain(self.messages.get(lang))
            .flat_map(|m| m.keys())
            // Keys like `digcomp.1.1` are looked up one by one, not through the tree.
            .filter(|k| {
                !k.split('.')
                    .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
            })
            .collect();
        for key in keys {
            let mut node = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    node.insert(part.to_owned(), Value::String(self.text(lang, key)));
                } else {
                    let entry = node
                        .entry(part.to_owned())
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    if !entry.is_object() {
                        *entry = Value::Object(serde_json::Map::new());
                    }
                    let Value::Object(next) = entry else {
                        unreachable!("made an object above")
                    };
                    node = next;
                }
            }
        }
        Value::Object(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let mut messages = BTreeMap::new();
        for (code, text) in [
            (
                "en",
                "nav:\n  home: Home\nlessons:\n  one: \"{count} lesson\"\n  other: \"{count} lessons\"\n",
            ),
            (
                "ar",
                "lessons:\n  zero: \"لا دروس\"\n  one: \"درس واحد\"\n  two: \"درسان\"\n  few: \"{count} دروس\"\n  many: \"{count} درسًا\"\n  other: \"{count} درس\"\n",
            ),
        ] {
            let mut flat = BTreeMap::new();
            flatten("", &serde_yaml::from_str(text).unwrap(), &mut flat);
            messages.insert(code.to_owned(), flat);
        }
        let languages: Vec<String> = messages.keys().cloned().collect();
        Catalog::new("en", messages, &languages)
    }

    #[test]
    fn arabic_uses_six_plural_forms() {
        let c = catalog();
        assert_eq!(c.plural("ar", "lessons", 0), "لا دروس");
        assert_eq!(c.plural("ar", "lessons", 1), "درس واحد");
        assert_eq!(c.plural("ar", "lessons", 2), "درسان");
        assert_eq!(c.plural("ar", "lessons", 3), "3 دروس");
        assert_eq!(c.plural("ar", "lessons", 11), "11 درسًا");
        assert_eq!(c.plural("ar", "lessons", 100), "100 درس");
        assert_eq!(c.plural("en", "lessons", 1), "1 lesson");
    }

    #[test]
    fn missing_keys_fall_back_to_default_language() {
        let c = catalog();
        assert_eq!(c.text("ar", "nav.home"), "Home");
        assert_eq!(c.missing_keys("ar"), vec!["nav.home".to_owned()]);
        assert_eq!(c.tree("ar")["nav"]["home"], "Home");
    }
}
