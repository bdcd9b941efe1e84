//! A generated curriculum of any size, for benchmarks: valid content (phases that add up, real
//! DigComp codes, links between lessons with anchors, an image, translations that record their
//! source's version) so that a build of it does the same work as a real one.

use std::fs;
use std::io;
use std::path::Path;

use crate::digcomp::Framework;
use crate::translation::source_hash;

const PHASE_MINUTES: [u32; 4] = [10, 25, 40, 15];

const PICTURE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#3a6\"/></svg>\n";

fn language_line(code: &str) -> String {
    let (name, rtl) = match code {
        "en" => ("English", false),
        "de" => ("Deutsch", false),
        "ar" => ("العربية", true),
        "fa" => ("فارسی", true),
        "uk" => ("Українська", false),
        "tr" => ("Türkçe", false),
        other => (other, false),
    };
    let direction = if rtl { "\n    direction: rtl" } else { "" };
    format!("  - code: {code}\n    name: {name}{direction}\n")
}

fn program_page(number: usize, sessions: usize, lang: &str, source: Option<&str>) -> String {
    let kind = if source.is_none() {
        "kind: course\n"
    } else {
        ""
    };
    let version = source.map_or(String::new(), |s| {
        format!("source_version: {}\n", source_hash(s))
    });
    format!(
        "---\ntitle: \"[{lang}] Unit {number}\"\n{kind}{version}summary: A generated unit for measuring digifam.\n\
         audience: Benchmarks\nduration: {sessions} sessions\n---\n\n\
         [{lang}] Work through the lessons in order.\n"
    )
}

fn lesson(index: usize, number: usize, lang: &str, source: Option<&str>) -> String {
    let codes: Vec<&str> = Framework::digcomp()
        .competences()
        .map(|(_, c)| c.code.as_str())
        .collect();
    let first = codes[index % codes.len()];
    let second = codes[(index * 7 + 3) % codes.len()];
    let structural = match source {
        None => format!(
            "duration: {}\nlevel: {}\ndigcomp: [\"{first}\", \"{second}\"]\n",
            PHASE_MINUTES.iter().sum::<u32>(),
            index % 8 + 1
        ),
        Some(source) => format!(
            "status: reviewed\nsource_version: {}\n",
            source_hash(source)
        ),
    };
    let phases: String = PHASE_MINUTES
        .iter()
        .enumerate()
        .map(|(p, minutes)| {
            let minutes = if source.is_none() {
                format!("minutes: {minutes}\n    ")
            } else {
                String::new()
            };
            format!(
                "  - {minutes}phase: \"[{lang}] Phase {p}\"\n    activity: \"[{lang}] Work on step {p} of lesson {index}.\"\n    \
                 method: Pair work\n    materials: Laptops\n"
            )
        })
        .collect();
    let previous = if number > 1 {
        format!(
            "Go back to [the previous lesson]({:02}-lesson-{}.md#practice) when needed.",
            number - 1,
            index - 1
        )
    } else {
        "This is the first lesson of the unit.".to_owned()
    };
    format!(
        "---\ntitle: \"[{lang}] Lesson {index}\"\nsummary: \"[{lang}] What lesson {index} is about.\"\n{structural}\
         objectives:\n  - \"[{lang}] Reach goal one of lesson {index}\"\n  - \"[{lang}] Reach goal two\"\n\
         materials:\n  - Laptops\n  - \"Worksheet {index}\"\npreparation: \"[{lang}] Charge the laptops.\"\n\
         keywords:\n  - term: \"word{index}\"\n    definition: \"[{lang}] A word used in lesson {index}.\"\n\
         phases:\n{phases}---\n\n\
         ## Introduction\n\n[{lang}] The trainer introduces lesson {index}. {previous}\n\n\
         ![A green box]({picture})\n\n\
         ::: trainer\n[{lang}] Note for the trainer of lesson {index}: keep the pace slow.\n:::\n\n\
         ::: handout Steps\n1. [{lang}] Open the program.\n2. [{lang}] Do step two.\n3. [{lang}] Save the result.\n:::\n\n\
         ## Practice\n\n\
         :::: activity Try it\n[{lang}] Find the button on the screen.\n\n::: solution\n[{lang}] Top right.\n:::\n::::\n\n\
         ::: discussion\n[{lang}] Where do you use this at home?\n:::\n\n\
         | Step | What |\n|------|------|\n| 1 | [{lang}] Click |\n| 2 | [{lang}] Type |\n\n\
         ## Example\n\n[{lang}] A small program shows the idea.\n\n{code}\n\
         > **[{lang}] Tip:** {tip}\n\n## Notes\n\n{notes}\n",
        picture = "picture.svg",
        code = code(index, lang),
        tip = prose(index, lang, 1),
        notes = prose(index + 1, lang, 8),
    )
}

/// A five-line example, its comment in the page's language as authors write it.
fn code(index: usize, lang: &str) -> String {
    format!(
        "```python\n# [{lang}] the files of lesson {index}\nfiles = [\"letter.txt\", \"photo.jpg\"]\n\
         for name in files:\n    print(name, len(name))\nprint(\"done\", {index})\n```\n"
    )
}

/// `sentences` sentences of ordinary words, different for each lesson, so that a body is as
/// long as a real one (1.5–2 KB).
fn prose(seed: usize, lang: &str, sentences: usize) -> String {
    const WORDS: &[&str] = &[
        "the", "computer", "women", "click", "window", "save", "file", "together", "slowly",
        "screen", "learning", "guide", "shows", "again", "button", "letter", "school", "phone",
    ];
    (0..sentences)
        .map(|s| {
            let words: Vec<&str> = (0..9)
                .map(|w| WORDS[(seed * 7 + s * 5 + w * 3) % WORDS.len()])
                .collect();
            format!("[{lang}] {}.", words.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `<dir>/curriculum/` with `lessons` lessons in units of `per_unit` (20 is the shape of
/// a real curriculum; 100 or more is a few large units), each lesson and unit page in every
/// language of `languages` (the first is the default language; the others are translations made
/// from the sources as written).
pub fn write_synthetic_curriculum(
    dir: &Path,
    lessons: usize,
    per_unit: usize,
    languages: &[&str],
) -> io::Result<()> {
    let per_unit = per_unit.max(1);
    let Some((default, translations)) = languages.split_first() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a curriculum needs at least one language",
        ));
    };
    let content = dir.join("curriculum");
    let programs = lessons.div_ceil(per_unit).max(1);
    let slugs: Vec<String> = (1..=programs).map(|p| format!("unit-{p:03}")).collect();
    let titles: String = languages
        .iter()
        .map(|code| format!("  {code}: \"[{code}] Synthetic curriculum\"\n"))
        .collect();
    let language_lines: String = languages.iter().map(|code| language_line(code)).collect();
    fs::create_dir_all(&content)?;
    fs::write(
        content.join("site.yaml"),
        format!(
            "title:\n{titles}default_language: {default}\nlanguages:\n{language_lines}programs: [{}]\n",
            slugs.join(", ")
        ),
    )?;
    for (p, slug) in slugs.iter().enumerate() {
        let folder = content.join(slug);
        fs::create_dir_all(&folder)?;
        fs::write(folder.join("picture.svg"), PICTURE)?;
        let source = program_page(p + 1, per_unit, default, None);
        for lang in translations {
            fs::write(
                folder.join(format!("_program.{lang}.md")),
                program_page(p + 1, per_unit, lang, Some(&source)),
            )?;
        }
        fs::write(folder.join(format!("_program.{default}.md")), source)?;
        let first = p * per_unit;
        for index in first..lessons.min(first + per_unit) {
            let number = index - first + 1;
            let base = format!("{number:02}-lesson-{index}");
            let source = lesson(index, number, default, None);
            for lang in translations {
                fs::write(
                    folder.join(format!("{base}.{lang}.md")),
                    lesson(index, number, lang, Some(&source)),
                )?;
            }
            fs::write(folder.join(format!("{base}.{default}.md")), source)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::translation::{self, State};

    #[test]
    fn the_generated_curriculum_is_valid_and_translated() {
        let dir = tempfile::tempdir().unwrap();
        write_synthetic_curriculum(dir.path(), 150, 100, &["en", "de", "ar"]).unwrap();
        let mut diagnostics = Diagnostics::default();
        let checked = crate::build::check(dir.path(), &[], &mut diagnostics).unwrap();
        let content: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.file.starts_with("curriculum"))
            .collect();
        assert!(content.is_empty(), "{content:#?}");
        assert_eq!(checked.project.lesson_count(), 150);
        assert_eq!(checked.project.programs.len(), 2);
        let rows = translation::rows(&checked.project);
        assert!(
            rows.iter()
                .flat_map(|r| &r.cells)
                .all(|c| c.state == State::Translated)
        );
    }
}
