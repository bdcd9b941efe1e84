//! Search folding and term splitting, in every language the search knows.
#![no_main]

use digifam::search::{fold, terms};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for lang in ["en", "de", "ar", "uk", "tr", "fa"] {
        let folded = fold(lang, text);
        // Folding twice changes nothing: the index and the query meet in the same form.
        assert_eq!(fold(lang, &folded), folded, "fold is not idempotent for {lang}");
        terms(lang, text);
    }
});
