//! The search index: folding per language, terms, what the index holds and how it ranks, its size.
//! What the search page does with it is tested in a real browser (tests/browser/).

use std::path::Path;

use digifam::build::{self, Prepared};
use digifam::diagnostic::Diagnostics;
use digifam::search::{fold, fold_table, index_files, terms};
use digifam::site::OutputFile;
use serde_json::Value;

fn same(lang: &str, spellings: &[&str]) {
    let folded: Vec<String> = spellings.iter().map(|s| fold(lang, s)).collect();
    assert!(
        folded.windows(2).all(|w| w[0] == w[1]),
        "{lang}: {spellings:?} fold to {folded:?}"
    );
}

#[test]
fn german_folds_umlauts_sharp_s_and_their_spellings_without_umlauts() {
    same("de", &["Straße", "STRASSE", "strasse"]);
    same("de", &["Übung", "Uebung", "ubung"]);
    same("de", &["Männer", "Maenner", "manner"]);
    same("de", &["Größe", "Groesse", "grosse"]);
    assert_eq!(fold("de", "Bewerbung"), "bewerbung");
    // The spelled-out umlaut is German: English keeps its e.
    assert_eq!(fold("en", "blue"), "blue");
    assert_eq!(fold("de", "blue"), "blu");
}

#[test]
fn the_folding_table_leaves_ascii_letters_digits_and_spaces_alone() {
    // `fold` does not look them up, for speed.
    let changed: Vec<&char> = (fold_table().keys())
        .filter(|c| c.is_ascii_alphanumeric() || **c == ' ')
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
}

#[test]
fn arabic_drops_diacritics_and_tatweel_and_unifies_letter_forms() {
    same("ar", &["كَلِمَة", "كلمة", "كلمه"]);
    same("ar", &["إسلام", "أسلام", "آسلام", "اسلام"]);
    same("ar", &["مستشفى", "مستشفي"]);
    same("ar", &["الـعـربـيـة", "العربية"]);
    same("ar", &["سُؤَال", "سوال"]);
    same("ar", &["٢٠٢٤", "۲۰۲۴", "2024"]);
}

#[test]
fn turkish_dotted_and_dotless_i_meet() {
    same("tr", &["İstanbul", "ISTANBUL", "istanbul", "ıstanbul"]);
    same("tr", &["Işık", "ışık", "isik"]);
    same("tr", &["Çocuğun", "cocugun"]);
}

#[test]
fn cyrillic_folds_case_yo_and_apostrophes() {
    same("uk", &["ПАРОЛЬ", "Пароль", "пароль"]);
    same("uk", &["пам’ять", "пам'ять", "памʼять", "память"]);
    same("uk", &["Ґанок", "ганок"]);
    same("uk", &["ёлка", "елка"]);
}

#[test]
fn terms_split_words_and_keep_hyphenated_words_whole_too() {
    let found = terms("en", "Write an E-Mail, then (re)send it!");
    for term in ["write", "an", "e", "mail", "email", "re", "send", "it"] {
        assert!(
            found.iter().any(|t| t == term),
            "{term} missing in {found:?}"
        );
    }
    assert!(!found.iter().any(|t| t.contains(['-', ',', '!', '('])));
}

#[test]
fn arabic_words_are_also_terms_without_their_article() {
    let found = terms("ar", "والأطفال للأطفال السر بيت");
    for term in ["والاطفال", "اطفال", "للاطفال", "السر", "سر", "بيت"] {
        assert!(
            found.iter().any(|t| t == term),
            "{term} missing in {found:?}"
        );
    }
    // Too short to be a word without the article, and not Arabic rules elsewhere.
    assert!(!terms("ar", "الى").iter().any(|t| t == "ى" || t == "ي"));
    assert_eq!(terms("fa", "السر"), ["السر"]);
}

/// The index scripts of a project, by path.
fn scripts(root: &Path) -> Vec<(String, String)> {
    let mut diagnostics = Diagnostics::default();
    let Prepared {
        project,
        catalog,
        bodies,
        ..
    } = build::prepare(
        root,
        &[],
        &digifam::content::Memo::default(),
        &mut diagnostics,
    )
    .expect("the project loads");
    assert!(!diagnostics.has_errors());
    index_files(&project, &catalog, &bodies)
        .into_iter()
        .map(|file| {
            let OutputFile::Bytes { path, bytes } = file else {
                panic!("the index is written, not copied")
            };
            (path, String::from_utf8(bytes).unwrap())
        })
        .collect()
}

/// The indexes of a project as `search.js` reads them, with the size of each script.
fn indexes(root: &Path) -> Vec<(String, Value, usize)> {
    scripts(root)
        .into_iter()
        .map(|(path, text)| {
            let json = text
                .strip_prefix("window.digifamSearchIndex = ")
                .and_then(|t| t.strip_suffix(";\n"))
                .unwrap_or_else(|| panic!("{path} is a script setting the index"));
            (path, serde_json::from_str(json).unwrap(), text.len())
        })
        .collect()
}

fn mini_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

fn mini() -> Vec<(String, Value, usize)> {
    indexes(&mini_root())
}

fn index_of<'a>(indexes: &'a [(String, Value, usize)], lang: &str) -> &'a Value {
    &indexes
        .iter()
        .find(|(path, ..)| *path == format!("{lang}/search-index.js"))
        .unwrap_or_else(|| panic!("no index for {lang}"))
        .1
}

/// The lessons having `term`, with the rank of its best place in each, decoded as `search.js`
/// does.
fn postings(index: &Value, term: &str) -> Vec<(String, u64)> {
    let terms: Vec<&str> = index["terms"].as_str().unwrap().split(' ').collect();
    let Some(at) = terms.iter().position(|t| *t == term) else {
        return Vec::new();
    };
    let mut doc = 0;
    index["postings"][at]
        .as_array()
        .unwrap()
        .iter()
        .map(|packed| {
            let packed = packed.as_u64().unwrap();
            doc += (packed >> 3) as usize;
            (
                index["docs"][doc][3].as_str().unwrap().to_owned(),
                packed & 7,
            )
        })
        .collect()
}

#[test]
fn one_index_per_language_with_every_lesson_in_the_language_its_page_shows() {
    let all = mini();
    let paths: Vec<&str> = all.iter().map(|(p, ..)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "en/search-index.js",
            "de/search-index.js",
            "ar/search-index.js"
        ]
    );
    let de = index_of(&all, "de");
    let docs: Vec<(&str, &str, bool)> = de["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d[2].as_str().unwrap(),
                d[3].as_str().unwrap(),
                d[5].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            ("de/course/01-mouse.html", "Die Maus benutzen", true),
            ("de/course/02-keyboard.html", "The keyboard", false),
            ("de/guide/01-start.html", "Getting started", false),
        ]
    );
    assert_eq!(
        de["fallback"],
        serde_json::json!({"lang": "en", "dir": "ltr"})
    );
    assert_eq!(de["programs"][0]["title"], "Computer-Grundlagen");
    assert_eq!(de["programs"][0]["label"], "Lektion");
}

#[test]
fn titles_rank_above_key_words_objectives_and_body_text() {
    let de = index_of(&mini(), "de").clone();
    // Rank 4 title, 3 key word, 2 summary or objective, 1 program, 0 body.
    assert_eq!(postings(&de, "maus"), [("Die Maus benutzen".to_owned(), 4)]);
    assert_eq!(
        postings(&de, "doppelklick"),
        [("Die Maus benutzen".to_owned(), 2)]
    );
    assert_eq!(
        postings(&de, "geheime"),
        [("Die Maus benutzen".to_owned(), 0)]
    );
    let en = index_of(&mini(), "en").clone();
    let keyboard = postings(&en, "keyboard");
    assert!(
        keyboard.contains(&("The keyboard".to_owned(), 4)),
        "{keyboard:?}"
    );
}

#[test]
fn the_index_holds_plain_text_and_the_folding_table_of_this_build() {
    let all = mini();
    let de = index_of(&all, "de");
    let mouse = de["docs"][0][4].as_str().unwrap();
    // Summary, objectives, key words, then the body, trainer notes included; no markup.
    assert!(mouse.starts_with("Zeigen, klicken und ziehen.\nDie Maus halten und klicken\n"));
    assert!(mouse.contains("Maus: Ein kleines Gerät für die Hand."));
    assert!(mouse.contains("Geheime Notiz für Trainerinnen."));
    assert!(mouse.contains("Weiter: die Tastatur."));
    for markup in ["<", ":::", "](", "##", ".svg"] {
        assert!(!mouse.contains(markup), "{markup} in {mouse}");
    }
    let table: serde_json::Map<String, Value> = fold_table()
        .iter()
        .map(|(from, to)| (from.to_string(), Value::from(to.as_str())))
        .collect();
    assert_eq!(de["fold"], Value::Object(table));
    assert_eq!(de["e_after"], "aou");
    assert_eq!(index_of(&all, "ar")["e_after"], "");
    assert_eq!(index_of(&all, "ar")["prefixes"][0], "وال");
}

#[test]
fn terms_are_sorted_as_javascript_compares_strings() {
    let all = mini();
    for (path, index, _) in &all {
        let terms: Vec<Vec<u16>> = index["terms"]
            .as_str()
            .unwrap()
            .split(' ')
            .map(|t| t.encode_utf16().collect())
            .collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]), "{path}");
        assert_eq!(terms.len(), index["postings"].as_array().unwrap().len());
    }
}

#[test]
fn the_index_is_the_same_for_the_same_input() {
    assert_eq!(scripts(&mini_root()), scripts(&mini_root()));
}

/// The index of 1,000 lessons stays small: about the lessons' plain text, not their HTML. Run with
/// `--nocapture` for the sizes.
#[test]
fn a_thousand_lessons_make_a_small_index() {
    let dir = tempfile::tempdir().unwrap();
    digifam::synthetic::write_synthetic_curriculum(dir.path(), 1000, 100, &["en", "de", "ar"])
        .unwrap();
    for (path, index, bytes) in indexes(dir.path()) {
        let docs = index["docs"].as_array().unwrap();
        assert_eq!(docs.len(), 1000);
        let text: usize = docs.iter().map(|d| d[4].as_str().unwrap().len()).sum();
        println!(
            "{path}: {} KiB for 1,000 lessons ({} bytes a lesson; their text is {} KiB)",
            bytes / 1024,
            bytes / 1000,
            text / 1024
        );
        assert!(
            bytes < text * 2,
            "{path}: {bytes} bytes for {text} bytes of text"
        );
    }
}
