//! Code examples coloured by syntect, with CSS classes rather than inline colours so that the
//! theme's style sheet decides the colours.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub const HIGHLIGHT_PREFIX: &str = "hl-";

pub(super) fn highlight(code: &str, lang: &str) -> String {
    let set = syntaxes();
    // Plain text has nothing to colour: no spans, and the page needs no code colours.
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten()
        .filter(|syntax| syntax.name != set.find_syntax_plain_text().name);
    let class = escape_html(lang);
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{class}\">{}</code></pre>\n",
            escape_html(code)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                escape_html(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"><code class=\"language-{class}\">{}</code></pre>\n",
        generator.finalize()
    )
}
