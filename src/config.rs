//! `curriculum/site.yaml`: languages, licence, program order, paper, base address.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub direction: Direction,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: String,
    #[serde(default = "default_holder")]
    pub holder: String,
}

fn default_holder() -> String {
    "Digital Families partnership".to_owned()
}

impl Default for Licence {
    /// Erasmus+ results must be open educational resources.
    fn default() -> Self {
        Licence {
            name: "CC BY-SA 4.0".to_owned(),
            url: "https://creativecommons.org/licenses/by-sa/4.0/".to_owned(),
            holder: default_holder(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// The ISO 639 code of a language code (`pt` of `pt-BR`), as Typst and PDF metadata take it;
/// English when the code is not one.
pub fn iso_639(code: &str) -> String {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        primary.to_ascii_lowercase()
    } else {
        "en".to_owned()
    }
}

impl Paper {
    /// The paper's name in Typst.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: BTreeMap<String, String>,
    /// The name under an installed app's icon, per language; the title where it has none.
    #[serde(default)]
    pub short_title: BTreeMap<String, String>,
    pub default_language: String,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub licence: Licence,
    pub programs: Vec<String>,
    #[serde(default)]
    pub paper: Paper,
    /// Only used for the absolute addresses in `sitemap.xml`; every link in the pages stays relative.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Raw HTML elements lessons may use beyond the safe default list, with the attributes each
    /// may carry: `allow_html: {iframe: [src, width, height, title]}`.
    #[serde(default)]
    pub allow_html: BTreeMap<String, Vec<String>>,
}

impl SiteConfig {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .map(String::as_str)
            .unwrap_or("Digital Families")
    }

    pub fn short_title_in(&self, lang: &str) -> &str {
        self.short_title
            .get(lang)
            .map_or_else(|| self.title_in(lang), String::as_str)
    }
}
