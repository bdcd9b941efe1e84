//! The Typst markup writer: whatever the Markdown, the markup it writes parses without error.
#![no_main]

use std::path::Path;

use digifam::markdown::{KeyLabels, View, parse_blocks};
use digifam::pdf::markup::{Converter, LinkTarget, Targets};
use libfuzzer_sys::fuzz_target;

struct Web;
impl Targets for Web {
    fn link(&self, dest: &str) -> LinkTarget {
        LinkTarget::Web(dest.to_owned())
    }
    fn image(&self, _dest: &str) -> Option<String> {
        None
    }
}

fuzz_target!(|text: &str| {
    let Ok(segments) = parse_blocks(Path::new("lesson.md"), text, text, 1) else {
        return;
    };
    for view in [View::Trainer, View::Participant] {
        let mut converter = Converter::new(&Web, &KeyLabels);
        converter.collect_footnotes(&segments, text);
        let body = converter.body(&segments, view, text);
        // The document writer places a body in a content block: `#lesson(t, data)[…]`.
        let source = format!("#lesson(t, (:))[\n{body}]\n");
        let (errors, _) = typst::syntax::parse(&source).errors_and_warnings();
        assert!(errors.is_empty(), "{errors:?} in\n{source}");
    }
});
