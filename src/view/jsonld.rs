//! The schema.org data of unit and lesson pages, for search engines and catalogues of open
//! educational resources. It is a JSON document of its own, so it is written as one.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{LessonView, Views};
use crate::content::model::{Lesson, Program};
use crate::digcomp::Framework;

/// The JSON of `value`, safe inside a `<script>` element.
fn script(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

/// The competences taught, each once, as defined terms of DigComp.
fn teaches<'c>(views: &Views, lang: &str, codes: impl Iterator<Item = &'c String>) -> Vec<Value> {
    let codes: BTreeSet<&String> = codes.collect();
    let framework = Framework::digcomp().name();
    codes
        .into_iter()
        .map(|code| {
            json!({"@type": "DefinedTerm", "termCode": code, "name": views.catalog.digcomp_title(lang, code), "inDefinedTermSet": framework})
        })
        .collect()
}

/// A unit as a `Course`.
pub fn course(views: &Views, lang: &str, program: &Program) -> String {
    let site = &views.project.site;
    let resolved = program.docs.resolve(lang);
    let text = &resolved.item.text;
    let codes = program
        .lessons
        .iter()
        .flat_map(|l| l.structure.digcomp.iter());
    script(&json!({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": text.title,
        "description": text.summary,
        "inLanguage": resolved.item.doc.lang,
        "timeRequired": format!("PT{}M", program.total_minutes()),
        "license": site.licence.url,
        "provider": {"@type": "Organization", "name": site.licence.holder},
        "audience": {"@type": "EducationalAudience", "audienceType": text.audience},
        "teaches": teaches(views, lang, codes),
    }))
}

/// A lesson plan or a guide's chapter as a `LearningResource`.
pub fn lesson(
    views: &Views,
    lang: &str,
    program: &Program,
    lesson: &Lesson,
    shown: &LessonView,
) -> String {
    let framework = Framework::digcomp();
    let structure = &lesson.structure;
    let audience = &program.docs.resolve(lang).item.text.audience;
    let level = structure
        .level
        .and_then(|l| framework.level(l))
        .map(|l| format!("{} {} ({})", framework.name(), l.level, l.band));
    script(&json!({
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "learningResourceType": if shown.has_plan { "lesson plan" } else { "guide chapter" },
        "name": shown.title,
        "description": shown.summary,
        "inLanguage": shown.doc.lang,
        "timeRequired": format!("PT{}M", shown.duration_minutes),
        "educationalLevel": level,
        "teaches": teaches(views, lang, structure.digcomp.iter()),
        "license": views.project.site.licence.url,
        "audience": {"@type": "EducationalAudience", "audienceType": audience},
        "isPartOf": {"@type": "Course", "name": shown.program_title},
    }))
}
