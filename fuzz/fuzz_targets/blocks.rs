//! The `:::` block pre-parser, then Markdown rendering (with raw HTML cleaning) in both views.
#![no_main]

use std::path::Path;

use digifam::markdown::{AllowedHtml, AsWritten, KeyLabels, View, parse_blocks, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("lesson.md");
    if let Ok(segments) = parse_blocks(path, text, text, 1) {
        for view in [View::Trainer, View::Participant] {
            render(path, text, &segments, view, &KeyLabels, &AsWritten, &AllowedHtml::new());
        }
    }
});
