//! Invariants that must hold for any lesson body, checked on generated ones (proptest): the
//! participant view never shows what is for trainers (notes, solutions, text outside blocks),
//! the same body always renders to the same HTML, and no input makes the block parser or the
//! renderer panic.

use std::path::Path;

use digifam::markdown::{AllowedHtml, AsWritten, KeyLabels, Segment, View, parse_blocks, render};
use proptest::prelude::*;

/// Words only trainers may see, one for each way a text is kept from participants.
const TRAINER_NOTE: &str = "Trainernotiz";
const SOLUTION: &str = "Loesungswort";
const OUTSIDE: &str = "Ablaufschritt";

/// Markdown any view may show: words, emphasis, lists, quotes, tables, code, links.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Maus".to_owned()),
        Just("**klicken**".to_owned()),
        Just("`Strg`".to_owned()),
        Just("[die Tastatur](02-keyboard.md)".to_owned()),
        Just("\n- eins\n- zwei\n".to_owned()),
        Just("\n> zitiert\n".to_owned()),
        Just("\n| a | b |\n| --- | --- |\n| 1 | |\n".to_owned()),
        Just("\n```\ncode\n```\n".to_owned()),
        Just("\n## Abschnitt\n".to_owned()),
        Just("\n1. [40, 20] Bildschirm\n".to_owned()),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|p| p.join(" ") + "\n")
}

/// A body of text and blocks, nested up to three deep; what only trainers see carries one of
/// the words above.
fn body() -> impl Strategy<Value = String> {
    let leaf = markdown();
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| format!("::: handout Blatt\n{t}:::\n")),
            inner
                .clone()
                .prop_map(|t| format!("::: activity\n{t}::: solution\n{SOLUTION}\n{t}:::\n:::\n")),
            inner
                .clone()
                .prop_map(|t| format!("::: trainer\n{TRAINER_NOTE}\n{t}:::\n")),
            inner
                .clone()
                .prop_map(|t| format!("::: worksheet\n{t}:::\n")),
            inner.clone().prop_map(|t| format!("::: write 2\n{t}:::\n")),
            markdown().prop_map(|t| format!("::: cards\n- {t}:::\n")),
            prop::collection::vec(inner, 1..4).prop_map(|parts| parts.join("\n")),
        ]
    })
    .prop_map(|blocks| format!("{OUTSIDE} Maus\n\n{blocks}"))
}

fn segments(text: &str) -> Option<Vec<Segment>> {
    parse_blocks(Path::new("a.md"), text, text, 1).ok()
}

fn html(segments: &[Segment], text: &str, view: View) -> String {
    render(
        Path::new("a.md"),
        text,
        segments,
        view,
        &KeyLabels,
        &AsWritten,
        &AllowedHtml::new(),
    )
    .html
}

proptest! {
    // Failures are shown with their smallest input; none is written next to the tests.
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn participants_never_see_what_is_for_trainers(text in body()) {
        let parsed = segments(&text).expect("generated bodies are well formed");
        let participant = html(&parsed, &text, View::Participant);
        for word in [TRAINER_NOTE, SOLUTION, OUTSIDE] {
            prop_assert!(!participant.contains(word), "{word} in\n{participant}\nfrom\n{text}");
        }
        let trainer = html(&parsed, &text, View::Trainer);
        prop_assert!(trainer.contains(OUTSIDE));
    }

    #[test]
    fn the_same_body_renders_to_the_same_html(text in body()) {
        let parsed = segments(&text).expect("generated bodies are well formed");
        for view in [View::Trainer, View::Participant] {
            prop_assert_eq!(html(&parsed, &text, view), html(&segments(&text).unwrap(), &text, view));
        }
    }

    #[test]
    fn no_input_makes_the_parser_or_the_renderer_panic(
        text in "(:{2,5}[ a-z\\[\\],0-9]{0,14}\n|[ a-z>*#|`!\\[\\]()0-9.,-]{0,24}\n){0,24}"
    ) {
        if let Some(parsed) = segments(&text) {
            html(&parsed, &text, View::Trainer);
            html(&parsed, &text, View::Participant);
        }
    }
}
