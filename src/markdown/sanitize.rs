//! Raw HTML in lessons, kept to what is harmless.
//!
//! Lessons are written by many hands, so HTML an author writes must not run code in a reader's
//! browser. One allow-list (an `ammonia` builder) decides: [`removed`] names what it would drop
//! from one fragment as the author wrote it, for a warning at its line; [`clean`] drops it from a
//! rendered body. Only bodies with raw HTML of their author's are cleaned: digifam's own markup
//! passes the same list unchanged, and a body without raw HTML is left byte for byte as it was.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// Elements a project adds to the list, with the attributes each may carry (`site.yaml`:
/// `allow_html: {iframe: [src, width, height, title]}`).
pub type AllowedHtml = BTreeMap<String, Vec<String>>;

/// Elements of digifam's own markup that the default list of `ammonia` leaves out.
const OWN_TAGS: &[&str] = &["input", "section"];
/// Attributes any element may carry: digifam's own (classes, anchors, roles) and the author's
/// language and direction.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "lang",
    "dir",
    "title",
    "class",
    "id",
    "role",
    "tabindex",
    "aria-hidden",
    "aria-label",
    "style",
];
/// What a `style` attribute may set: table alignment and the place of a picture's markers. Not
/// `position`, so nothing can be laid over the page.
const STYLE_PROPERTIES: &[&str] = &["text-align", "left", "top"];
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];
/// Attributes whose value is an address, as `ammonia` checks them.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "action", "formaction", "poster"];

fn builder(allowed: &AllowedHtml) -> ammonia::Builder<'_> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(OWN_TAGS)
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("details", ["open"])
        .link_rel(None)
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .attribute_filter(|element, attribute, value| {
            allowed_address(element, attribute, value).then_some(Cow::Borrowed(value))
        });
    for (tag, attributes) in allowed {
        builder
            .add_tags([tag.as_str()])
            .add_tag_attributes(tag.as_str(), attributes.iter().map(String::as_str));
    }
    builder
}

/// `data:` addresses only for pictures: `<a href="data:text/html,…">` would open a page of the
/// author's making.
fn allowed_address(element: &str, attribute: &str, value: &str) -> bool {
    let is_data = value
        .trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
    !is_data || (element == "img" && attribute == "src")
}

/// A rendered body without what the list does not allow.
pub fn clean(html: &str, allowed: &AllowedHtml) -> String {
    builder(allowed).clean(html).to_string()
}

/// What the list drops from a fragment of raw HTML, each with its byte offset in the fragment:
/// "`<iframe>` and what it holds", "`onerror` of `<img>`".
pub fn removed(fragment: &str, allowed: &AllowedHtml) -> Vec<(usize, String)> {
    let builder = builder(allowed);
    let tags = builder.clone_tags();
    let content_tags = builder.clone_clean_content_tags();
    let generic = builder.clone_generic_attributes();
    let by_tag = builder.clone_tag_attributes();
    let schemes = builder.clone_url_schemes();
    let mut out = Vec::new();
    for tag in start_tags(fragment) {
        let name = tag.name.as_str();
        if !tags.contains(name) {
            let what = if content_tags.contains(name) {
                format!("`<{name}>` and what it holds")
            } else {
                format!("`<{name}>` (its text stays)")
            };
            out.push((tag.offset, what));
            continue;
        }
        let own: HashSet<&str> = by_tag.get(name).cloned().unwrap_or_default();
        for (offset, attribute, value) in &tag.attributes {
            let attribute = attribute.as_str();
            let what = if !generic.contains(attribute) && !own.contains(attribute) {
                Some(format!("`{attribute}` of `<{name}>`"))
            } else if URL_ATTRIBUTES.contains(&attribute)
                && (!scheme_allowed(value, &schemes) || !allowed_address(name, attribute, value))
            {
                Some(format!("the address `{value}` of `<{name}>`"))
            } else if attribute == "style" {
                style_removed(value).map(|p| format!("`{p}` in the style of `<{name}>`"))
            } else {
                None
            };
            out.extend(what.map(|what| (*offset, what)));
        }
    }
    out
}

/// Whether an address is relative or uses an allowed scheme.
fn scheme_allowed(value: &str, schemes: &HashSet<&str>) -> bool {
    let value = value.trim();
    let end = value.find(['/', '?', '#']).unwrap_or(value.len());
    match value[..end].split_once(':') {
        Some((scheme, _)) => schemes.contains(scheme.to_ascii_lowercase().as_str()),
        None => true,
    }
}

/// The style properties a `style` attribute sets that are not allowed, joined.
fn style_removed(style: &str) -> Option<String> {
    let removed: Vec<&str> = style
        .split(';')
        .filter_map(|declaration| declaration.split_once(':').map(|(p, _)| p.trim()))
        .filter(|property| !STYLE_PROPERTIES.contains(&property.to_ascii_lowercase().as_str()))
        .collect();
    (!removed.is_empty()).then(|| removed.join("`, `"))
}

/// A start tag in raw HTML: its name (lower case), where it begins, and its attributes with
/// where each begins.
struct StartTag {
    name: String,
    offset: usize,
    attributes: Vec<(usize, String, String)>,
}

/// The start tags of a fragment. A small scanner that only names things for warnings: what is
/// written out is decided by `ammonia`'s HTML5 parser.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = start + 1;
            continue;
        }
        let (attributes, end) = attributes(html, start + 1 + name_len);
        tags.push(StartTag {
            name: rest[..name_len].to_ascii_lowercase(),
            offset: start,
            attributes,
        });
        at = end;
    }
    tags
}

/// The attributes of a tag from `at` to its `>`, and the offset after it.
fn attributes(html: &str, mut at: usize) -> (Vec<(usize, String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            return (found, (at + 1).min(html.len()));
        }
        let start = at;
        while at < bytes.len()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
            && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        let name = html[start..at].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            let (text, next) = attribute_value(html, at);
            value = text;
            at = next;
        }
        found.push((start, name, value));
    }
}

/// A quoted or bare attribute value starting at `at`, and the offset after it.
fn attribute_value(html: &str, at: usize) -> (String, usize) {
    let rest = &html[at..];
    match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let end = rest[1..].find(quote).map_or(rest.len(), |i| i + 1);
            (rest[1..end].to_owned(), at + (end + 1).min(rest.len()))
        }
        _ => {
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            (rest[..end].to_owned(), at + end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fragment: &str) -> Vec<String> {
        removed(fragment, &AllowedHtml::new())
            .into_iter()
            .map(|(_, what)| what)
            .collect()
    }

    #[test]
    fn harmless_html_stays_and_the_rest_is_named() {
        assert!(names("<kbd>Ctrl</kbd> <abbr title=\"x\">PC</abbr><br><details open><summary>a</summary></details>").is_empty());
        assert_eq!(
            names("<img src=x onerror=\"alert(1)\">"),
            ["`onerror` of `<img>`"]
        );
        assert_eq!(
            names("<iframe src=\"javascript:alert(1)\"></iframe>"),
            ["`<iframe>` (its text stays)"]
        );
        assert_eq!(
            names("<script>alert(1)</script>"),
            ["`<script>` and what it holds"]
        );
        assert_eq!(
            names("<a href=\"JavaScript:alert(1)\">x</a>"),
            ["the address `JavaScript:alert(1)` of `<a>`"]
        );
        assert_eq!(
            names("<a href='data:text/html,x'>x</a><img src=\"data:image/png;base64,AA\" alt=a>"),
            ["the address `data:text/html,x` of `<a>`"]
        );
        assert_eq!(
            names("<span style=\"position: fixed; top: 0\">x</span>"),
            ["`position` in the style of `<span>`"]
        );
        assert_eq!(names("<!-- <script> --> <b>x</b>"), Vec::<String>::new());
    }

    #[test]
    fn cleaning_drops_what_is_named_and_keeps_the_rest() {
        let dirty = "<p><img src=\"x.png\" alt=\"a\" onerror=\"alert(1)\"><kbd>Enter</kbd><script>alert(2)</script><a href=\"javascript:alert(3)\">link</a><span style=\"position:fixed;top:0\">s</span></p>";
        assert_eq!(
            clean(dirty, &AllowedHtml::new()),
            "<p><img src=\"x.png\" alt=\"a\"><kbd>Enter</kbd><a>link</a><span style=\"top:0\">s</span></p>"
        );
        let allowed = AllowedHtml::from([(
            "iframe".to_owned(),
            vec!["src".to_owned(), "title".to_owned()],
        )]);
        let video =
            "<iframe src=\"https://example.org/v\" title=\"Video\" onload=\"x()\"></iframe>";
        assert_eq!(
            clean(video, &allowed),
            "<iframe src=\"https://example.org/v\" title=\"Video\"></iframe>"
        );
        assert_eq!(
            removed(video, &allowed)
                .into_iter()
                .map(|(_, w)| w)
                .collect::<Vec<_>>(),
            ["`onload` of `<iframe>`"]
        );
    }

    #[test]
    fn digifams_own_markup_passes_unchanged() {
        let own = "<div class=\"block block-trainer\" role=\"note\">\n<p class=\"block-label\">Trainer note</p>\n<h2 id=\"a\">A <a class=\"anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<table><thead><tr><th style=\"text-align: center\">B</th></tr></thead></table>\n<input type=\"checkbox\" disabled=\"\" aria-hidden=\"true\"><span class=\"label-marker\" style=\"left:50%;top:20%\">1</span></div>";
        // Style declarations are written out again without the space after the colon.
        assert_eq!(
            clean(own, &AllowedHtml::new()),
            own.replace("text-align: center", "text-align:center")
        );
    }
}
