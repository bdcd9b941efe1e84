//! `digifam new`: starts a lesson or a translation from the theme's scaffolds
//! (`themes/default/scaffold/`), and never overwrites a file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::config::SiteConfig;
use crate::content::{CONTENT_DIR, frontmatter};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::site::file_slug;
use crate::theme::Assets;
use crate::translation::{self, source_hash};

const LESSON_SCAFFOLD: &str = "themes/default/scaffold/lesson.md";
const TRANSLATION_SCAFFOLD: &str = "themes/default/scaffold/translation.md";
/// Keys a translation inherits from its source, so its stub leaves them out: of a program page,
/// and of a lesson. `status` and `source_version` are the translation's own.
const PROGRAM_STRUCTURE: &[&str] = &["kind", "rhythm", "status", "source_version"];
const LESSON_STRUCTURE: &[&str] = &[
    "duration",
    "sessions",
    "level",
    "digcomp",
    "status",
    "source_version",
];

fn read_site(site_path: &Path) -> Result<SiteConfig, Diagnostic> {
    let text = fs::read_to_string(site_path).map_err(|err| {
        Diagnostic::error(site_path, format!("cannot read the site settings: {err}"))
            .hint("pass the project folder with --root; it holds curriculum/site.yaml")
    })?;
    serde_yaml::from_str(&text).map_err(|err| {
        Diagnostic::error(site_path, format!("cannot read the site settings: {err}"))
            .hint("run `digifam check` to see what is wrong with it")
    })
}

/// Writes `text` to a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| match err.kind() {
            io::ErrorKind::AlreadyExists => Diagnostic::error(
                path,
                "the file already exists; digifam never overwrites a file",
            )
            .hint("edit the existing file, or move it away first"),
            _ => Diagnostic::error(path, format!("cannot create the file: {err}"))
                .hint("check that the folder exists and is writable"),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|err| Diagnostic::error(path, format!("cannot write the file: {err}")))
}

fn render(root: &Path, scaffold: &str, context: &tera::Context) -> Result<String, Diagnostic> {
    let template = Assets::new(root).text(scaffold).unwrap_or_default();
    tera::Tera::one_off(&template, context, false).map_err(|err| {
        Diagnostic::error(
            scaffold,
            format!(
                "the scaffold does not render: {}",
                crate::diagnostic::error_chain(&err)
            ),
        )
        .hint("fix your override of the scaffold, or delete it to use the built-in one")
    })
}

/// The front matter of a file as a YAML mapping, and the body after it.
fn front_matter<'t>(path: &Path, text: &'t str) -> Result<(Mapping, &'t str), Diagnostic> {
    let split = frontmatter::split(path, text)?;
    let value: Value = serde_yaml::from_str(split.yaml).map_err(|err| {
        Diagnostic::error(path, format!("cannot read the front matter: {err}"))
            .hint("run `digifam check` to see what is wrong with it")
    })?;
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        _ => Mapping::new(),
    };
    Ok((mapping, split.body))
}

/// `digifam new lesson`: the next numbered lesson of `program`, in the default language.
pub fn new_lesson(root: &Path, program: &str, title: &str) -> Result<PathBuf, Diagnostic> {
    let content = root.join(CONTENT_DIR);
    let site = read_site(&content.join("site.yaml"))?;
    if !site.programs.iter().any(|p| p == program) {
        let listed = site.programs.iter().map(String::as_str);
        let hint = match did_you_mean(program, listed.clone()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the programs in site.yaml are: {}",
                listed.collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(Diagnostic::error(
            content.join("site.yaml"),
            format!("there is no program `{program}`"),
        )
        .hint(hint));
    }
    let folder = content.join(program);
    let default = &site.default_language;
    let program_page = folder.join(format!("_program.{default}.md"));
    let page_text = fs::read_to_string(&program_page).map_err(|err| {
        Diagnostic::error(
            &program_page,
            format!("cannot read the program page: {err}"),
        )
        .hint("every program folder needs its page in the default language")
    })?;
    let kind = front_matter(&program_page, &page_text)?
        .0
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("course")
        .to_owned();
    let entries = fs::read_dir(&folder).map_err(|err| {
        Diagnostic::error(&folder, format!("cannot read the folder: {err}"))
            .hint("check that the folder exists and is readable")
    })?;
    let last = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".md")?
                .split_once('-')?
                .0
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    let mut context = tera::Context::new();
    // A JSON string is a valid YAML scalar, whatever the title contains.
    context.insert(
        "title",
        &serde_json::to_string(title.trim()).unwrap_or_default(),
    );
    context.insert("plans", &(kind != "guide"));
    context.insert("course", &(kind == "course"));
    let text = render(root, LESSON_SCAFFOLD, &context)?;
    let path = folder.join(format!(
        "{:02}-{}.{default}.md",
        last + 1,
        file_slug(title, "lesson")
    ));
    create_new(&path, &text)?;
    Ok(path)
}

/// The front matter of a translation stub: the source's without the keys translations inherit,
/// marked as a draft and with the version of the source it was made from.
fn stub_matter(mut matter: Mapping, program: bool, source_text: &str) -> Mapping {
    let structure = if program {
        PROGRAM_STRUCTURE
    } else {
        LESSON_STRUCTURE
    };
    for key in structure {
        matter.shift_remove(*key);
    }
    if let Some(Value::Sequence(phases)) = matter.get_mut("phases") {
        for phase in phases {
            if let Value::Mapping(phase) = phase {
                phase.shift_remove("minutes");
            }
        }
    }
    let mut stub = Mapping::new();
    if let Some(title) = matter.shift_remove("title") {
        stub.insert("title".into(), title);
    }
    stub.insert("status".into(), "draft".into());
    stub.insert("source_version".into(), source_hash(source_text).into());
    stub.extend(matter);
    stub
}

/// `digifam new translation`: a stub of `source` in `lang` holding the source's text to translate,
/// without the keys it inherits, and recording the source's version.
pub fn new_translation(root: &Path, source: &Path, lang: &str) -> Result<PathBuf, Diagnostic> {
    let folder = source.parent().unwrap_or(Path::new(""));
    let site = read_site(&folder.join("..").join("site.yaml"))?;
    let default = &site.default_language;
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Some(base) = name.strip_suffix(&format!(".{default}.md")) else {
        let hint = match translation::source_of(source) {
            Ok(real) => format!("start from the source file: {}", real.display()),
            Err(_) => {
                format!("name the source file, in the default language: `NN-slug.{default}.md`")
            }
        };
        return Err(Diagnostic::error(
            source,
            format!(
                "a translation is made from the source file in the default language (`{default}`)"
            ),
        )
        .hint(hint));
    };
    let Some(language) = site.language(lang).filter(|l| l.code != *default) else {
        let others: Vec<&str> = translation::translation_languages(&site).collect();
        return Err(Diagnostic::error(
            source,
            format!("`{lang}` is not a language this file can be translated into"),
        )
        .hint(if others.is_empty() {
            "the site has only its default language; add languages to site.yaml first".to_owned()
        } else {
            format!("the site's other languages are: {}", others.join(", "))
        }));
    };
    let text = fs::read_to_string(source).map_err(|err| {
        Diagnostic::error(source, format!("cannot read the file: {err}"))
            .hint("check the path; it is relative to the folder you run digifam in")
    })?;
    let text = text.replace("\r\n", "\n");
    let (matter, body) = front_matter(source, &text)?;
    let stub = stub_matter(matter, base == "_program", &text);
    let mut context = tera::Context::new();
    context.insert("language", &language.name);
    context.insert(
        "source",
        &crate::diagnostic::display_path(root, source)
            .display()
            .to_string(),
    );
    context.insert(
        "front_matter",
        &serde_yaml::to_string(&stub).unwrap_or_default(),
    );
    context.insert("body", &body);
    let stub_text = render(root, TRANSLATION_SCAFFOLD, &context)?;
    let path = folder.join(format!("{base}.{lang}.md"));
    create_new(&path, &stub_text)?;
    Ok(path)
}
