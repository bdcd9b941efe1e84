//! The PDFs: lesson plans, participant handouts and books, read back with a PDF parser.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use digifam::diagnostic::{Diagnostic, Diagnostics, Severity};
use digifam::site::{self, OutputFile};
use digifam::theme::Assets;
use digifam::{build, pdf};
use pdf_extract::{Document, Object};

use common::Project;

/// The PDFs of one render, by path, with what the render reported.
struct Rendered {
    files: BTreeMap<String, OutputFile>,
    diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    fn bytes(&self, path: &str) -> Vec<u8> {
        match self.files.get(path) {
            Some(OutputFile::Bytes { bytes, .. }) => bytes.clone(),
            Some(OutputFile::Copy { from, .. }) => fs::read(from).unwrap(),
            None => panic!("no {path} among {:?}", self.files.keys()),
        }
    }

    fn pages(&self, path: &str) -> Vec<String> {
        pdf_extract::extract_text_from_mem_by_pages(&self.bytes(path)).unwrap()
    }

    fn text(&self, path: &str) -> String {
        self.pages(path).concat()
    }

    fn pdf(&self, path: &str) -> Document {
        Document::load_mem(&self.bytes(path)).unwrap()
    }

    /// The title in the PDF's metadata.
    fn title(&self, path: &str) -> String {
        info(&self.pdf(path), b"Title")
    }

    /// Paths the render made anew (not copied from the previous build).
    fn made(&self) -> Vec<&str> {
        self.files
            .values()
            .filter(|f| matches!(f, OutputFile::Bytes { .. }))
            .map(OutputFile::path)
            .filter(|p| p.ends_with(".pdf"))
            .collect()
    }

    /// Writes the files as the build would, for a later render to reuse.
    fn write(&self, out: &Path) {
        for file in self.files.values() {
            let target = out.join(file.path());
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            match file {
                OutputFile::Bytes { bytes, .. } => fs::write(target, bytes).unwrap(),
                // A copy of the file itself: copying it would truncate it.
                OutputFile::Copy { from, .. } if *from == target => {}
                OutputFile::Copy { from, .. } => {
                    fs::copy(from, target).unwrap();
                }
            }
        }
    }
}

fn render(root: &Path, previous: Option<&Path>) -> Rendered {
    let mut diagnostics = Diagnostics::default();
    let checked = build::check(root, &[], &mut diagnostics).expect("the fixture loads");
    assert!(
        !diagnostics.has_errors(),
        "{:?}",
        diagnostics.clone().sorted()
    );
    let files = pdf::render_pdfs(
        &checked.project,
        &checked.catalog,
        &checked.bodies,
        &Assets::new(root),
        previous,
        &|_, _| {},
        &mut diagnostics,
    );
    Rendered {
        files: files
            .files
            .into_iter()
            .map(|f| (f.path().to_owned(), f))
            .collect(),
        diagnostics: diagnostics.sorted(),
    }
}

fn fixture_root(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The PDF fixture (English, Arabic, Ukrainian; a course of three lessons and a guide), rendered
/// once for all tests that only read it.
fn fixture() -> &'static Rendered {
    static RENDERED: OnceLock<Rendered> = OnceLock::new();
    RENDERED.get_or_init(|| render(&fixture_root("pdf"), None))
}

fn info(document: &Document, key: &[u8]) -> String {
    let info = document
        .trailer
        .get_deref(b"Info", document)
        .and_then(Object::as_dict)
        .unwrap();
    pdf_extract::decode_text_string(info.get(key).unwrap()).unwrap()
}

fn catalog_entry(document: &Document, key: &[u8]) -> Object {
    document.catalog().unwrap().get(key).unwrap().clone()
}

fn assert_has(text: &str, expected: &[&str]) {
    for part in expected {
        assert!(text.contains(part), "{part:?} missing in\n{text}");
    }
}

/// pdf-extract gives right-to-left text in visual order: a word is found either way round.
fn contains_rtl(text: &str, word: &str) -> bool {
    let reversed: String = word.chars().rev().collect();
    text.contains(word) || text.contains(&reversed)
}

#[test]
fn the_fixture_renders_without_problems() {
    let rendered = fixture();
    let problems: Vec<&Diagnostic> = rendered
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error || d.message.contains(".pdf"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn every_lesson_gets_a_plan_and_a_handout_and_every_program_a_book_in_every_language() {
    let rendered = fixture();
    for lang in ["en", "ar", "uk"] {
        for slug in ["01-mouse", "02-keyboard", "03-table"] {
            assert!(
                rendered
                    .files
                    .contains_key(&site::lesson_plan_path(lang, "course", slug))
            );
            assert!(
                rendered
                    .files
                    .contains_key(&site::handout_path(lang, "course", slug))
            );
        }
        assert!(
            rendered
                .files
                .contains_key(&site::book_path(lang, "course"))
        );
        assert!(rendered.files.contains_key(&site::book_path(lang, "guide")));
        // A guide is read, not taught: only its book.
        assert!(
            !rendered
                .files
                .contains_key(&site::lesson_plan_path(lang, "guide", "01-start"))
        );
        assert!(
            !rendered
                .files
                .contains_key(&site::handout_path(lang, "guide", "01-start"))
        );
    }
    assert_eq!(site::book_path("en", "course"), "en/course/course.en.pdf");
    // Per language: plans, handouts, books and the kit; and the manifest.
    assert_eq!(rendered.files.len(), 3 * (3 * 2 + 2 + 1) + 1);
}

#[test]
fn each_language_has_its_whole_kit_as_one_zip_of_its_pdfs() {
    let rendered = fixture();
    for lang in ["en", "ar", "uk"] {
        let kit = format!("{lang}/digital-families-{lang}.zip");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(rendered.bytes(&kit))).unwrap();
        let pdfs: Vec<&String> = rendered
            .files
            .keys()
            .filter(|path| path.starts_with(&format!("{lang}/")) && path.ends_with(".pdf"))
            .collect();
        assert_eq!(zip.len(), pdfs.len(), "{kit}");
        for path in pdfs {
            // It unpacks into one folder named like the file, holding the site's layout.
            let inside = format!(
                "digital-families-{lang}/{}",
                path.strip_prefix(&format!("{lang}/")).unwrap()
            );
            let mut entry = zip.by_name(&inside).unwrap();
            assert_eq!(entry.compression(), zip::CompressionMethod::Stored);
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            assert!(
                bytes == rendered.bytes(path),
                "{inside} differs from {path}"
            );
        }
    }
}

#[test]
fn lesson_plan_has_title_card_phase_clock_and_trainer_material() {
    let rendered = fixture();
    let path = "en/course/01-mouse.pdf";
    assert_eq!(rendered.title(path), "Using the mouse — Lesson plan");
    assert_eq!(
        info(&rendered.pdf(path), b"Author"),
        "Digital Families partnership"
    );
    assert_has(
        &rendered.text(path),
        &[
            "Using the mouse",
            "Duration",
            "1 hour 30 min",
            "1 · Foundation",
            "5.1 Solving technical problems",
            "Objectives",
            "Phase plan",
            "0:00–0:10",
            "0:10–0:35",
            "0:35–1:30",
            "Welcome and name round.",
            "TRAINERNOTE",
            "SOLUTIONTEXT",
            "Key words",
            // The footnote, the alert, the quote and the task list.
            "Thumb on the left side",
            "Do not pull the cable.",
            "Slow is fast, said a participant.",
            "Laptop on",
        ],
    );
}

#[test]
fn participant_handout_holds_no_trainer_note_and_no_solution() {
    let rendered = fixture();
    let path = "en/course/01-mouse.handout.pdf";
    assert_eq!(
        rendered.title(path),
        "Using the mouse — Participant handout"
    );
    let text = rendered.text(path);
    assert_has(
        &text,
        &[
            "Using the mouse",
            "Put your hand on the mouse",
            "Find the bin",
            "Write the word",
            "Words to know",
        ],
    );
    for hidden in [
        "TRAINERNOTE",
        "SOLUTIONTEXT",
        "Show how to hold the mouse",
        "Phase plan",
        "0:00",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} leaked into\n{text}");
    }
}

#[test]
fn arabic_pdf_is_arabic_right_to_left_with_arabic_labels() {
    let rendered = fixture();
    let path = "ar/course/01-mouse.pdf";
    let document = rendered.pdf(path);
    assert_eq!(catalog_entry(&document, b"Lang").as_str().unwrap(), b"ar");
    let text = rendered.text(path);
    for word in ["استخدام", "الفأرة", "الأهداف", "ملاحظة"] {
        assert!(contains_rtl(&text, word), "{word} missing in\n{text}");
    }
    assert!(text.contains("0:10"));
    let handout = rendered.text("ar/course/01-mouse.handout.pdf");
    assert!(contains_rtl(&handout, "نقراتك"));
    assert!(
        !contains_rtl(&handout, "للمدرّب"),
        "trainer note in\n{handout}"
    );
    // A German letter in the Arabic handout (`<div dir="ltr" lang="de">`) is kept; that it runs
    // left to right is the markup's unit test (text extraction reorders it either way).
    let words = handout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Liebe Frau Beispiel"), "{words}");
}

#[test]
fn missing_translation_falls_back_to_the_source_with_a_notice() {
    let rendered = fixture();
    let text = rendered.text("ar/course/03-table.pdf");
    assert!(text.contains("A long table"));
    assert!(contains_rtl(&text, "المعروضة"), "no notice in\n{text}");
}

#[test]
fn book_has_cover_contents_and_every_lesson_on_pages_of_its_own() {
    let rendered = fixture();
    let path = "en/course/course.en.pdf";
    assert_eq!(rendered.title(path), "First steps with the computer");
    let pages = rendered.pages(path);
    assert_has(
        &pages[0],
        &[
            "First steps with the computer",
            "Digital Families",
            "English",
            "CC BY",
            "3 lessons",
        ],
    );
    assert!(pages[1].contains("Contents"));
    assert!(pages[2].contains("Introduction"));
    // Each lesson opens a page and runs as long as its own lesson plan.
    let mut next = 3;
    for (slug, title) in [
        ("01-mouse", "Using the mouse"),
        ("02-keyboard", "The keyboard"),
        ("03-table", "A long table"),
    ] {
        assert!(pages[next].contains(title), "page {next}: {}", pages[next]);
        next += rendered
            .pages(&site::lesson_plan_path("en", "course", slug))
            .len();
    }
    assert_eq!(pages.len(), next);
    assert!(pages.len() >= 8, "{} pages", pages.len());
    let footer = pages[next - 1].trim_end();
    assert!(
        footer.ends_with(&format!("{} / {}", next - 1, next - 1)),
        "{footer}"
    );
}

#[test]
fn guide_book_has_chapters_with_their_sections_in_the_contents() {
    let rendered = fixture();
    let pages = rendered.pages("en/guide/guide.en.pdf");
    assert!(pages[0].contains("The implementation guide"));
    assert_has(
        &pages[1],
        &[
            "Getting started",
            "Checklist",
            "Partners",
            "Money and rooms",
            "Budget",
        ],
    );
}

#[test]
fn long_tables_break_across_pages_and_repeat_their_header() {
    let rendered = fixture();
    let pages = rendered.pages("en/course/03-table.handout.pdf");
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for page in &pages {
        assert!(page.contains("Number"), "header missing on\n{page}");
    }
    assert!(pages.concat().contains("word number 90"));
}

#[test]
fn author_text_is_never_read_as_typst() {
    let rendered = fixture();
    let path = "en/course/02-keyboard.pdf";
    assert_has(
        &rendered.text(path),
        &[
            "The keyboard: #set page(width: 1cm)",
            "Literal text: #set page(width: 1cm) and $x$ and <label> and @ref and [brackets]",
            "{braces}",
            "#set text(red)",
            "#strong[not bold]",
            "Handout: #set page(height: 1cm)",
            "hello #world",
        ],
    );
    let document = rendered.pdf(path);
    for page in document.get_pages().values() {
        let page = document.get_dictionary(*page).unwrap();
        let media_box = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let width = media_box[2].as_float().unwrap();
        assert!((width - 595.28).abs() < 0.5, "page width {width}");
    }
}

#[test]
fn images_of_every_kind_are_embedded() {
    let rendered = fixture();
    let images = |path: &str| -> Vec<(i64, String)> {
        let document = rendered.pdf(path);
        document
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
            .map(|s| {
                let filter = s
                    .dict
                    .get(b"Filter")
                    .and_then(Object::as_name)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                (
                    s.dict.get(b"Width").and_then(Object::as_i64).unwrap(),
                    filter,
                )
            })
            .collect()
    };
    // hand.jpg sits in a handout block: the handout shows it, as JPEG data.
    assert!(
        images("en/course/01-mouse.handout.pdf").contains(&(34, "DCTDecode".to_owned())),
        "{:?}",
        images("en/course/01-mouse.handout.pdf")
    );
    assert!(
        images("en/course/02-keyboard.pdf")
            .iter()
            .any(|(w, _)| *w == 48)
    );
}

#[test]
fn only_shipped_fonts_are_used_and_all_are_embedded() {
    let rendered = fixture();
    for path in [
        "en/course/01-mouse.pdf",
        "ar/course/01-mouse.pdf",
        "uk/course/course.uk.pdf",
    ] {
        let document = rendered.pdf(path);
        let descriptors: Vec<_> = document
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor"))
            .collect();
        assert!(!descriptors.is_empty(), "{path} has no fonts");
        for descriptor in descriptors {
            let name =
                String::from_utf8_lossy(descriptor.get(b"FontName").unwrap().as_name().unwrap())
                    .into_owned();
            let family = name.split_once('+').map_or(name.as_str(), |(_, f)| f);
            assert!(
                family.starts_with("NotoSans-") || family.starts_with("NotoNaskhArabic-"),
                "{path} uses {name}"
            );
            assert!(
                descriptor.has(b"FontFile2") || descriptor.has(b"FontFile3"),
                "{name} is not embedded in {path}"
            );
        }
    }
}

#[test]
fn pdfs_are_tagged_and_claim_pdf_ua() {
    let rendered = fixture();
    let document = rendered.pdf("en/course/01-mouse.pdf");
    let marked = catalog_entry(&document, b"MarkInfo");
    let marked = document.dereference(&marked).unwrap().1.as_dict().unwrap();
    assert!(marked.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(document.catalog().unwrap().has(b"StructTreeRoot"));
    let metadata = catalog_entry(&document, b"Metadata");
    let xmp = document
        .dereference(&metadata)
        .unwrap()
        .1
        .as_stream()
        .unwrap()
        .get_plain_content()
        .unwrap();
    let xmp = String::from_utf8_lossy(&xmp);
    assert!(xmp.contains("pdfuaid:part"), "{xmp}");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let root = fixture_root("mini");
    let first = render(&root, None);
    let second = render(&root, None);
    assert_eq!(first.files.len(), second.files.len());
    for path in first.files.keys() {
        assert!(first.bytes(path) == second.bytes(path), "{path} differs");
    }
}

#[test]
fn a_second_build_copies_pdfs_whose_inputs_did_not_change() {
    let project = Project::fixture("mini");
    let out = tempfile::tempdir().unwrap();
    let first = render(project.root(), None);
    assert_eq!(first.made().len(), 18);
    first.write(out.path());
    let again = render(project.root(), Some(out.path()));
    assert!(again.made().is_empty(), "made again: {:?}", again.made());
    for (path, file) in &again.files {
        if path.ends_with(".pdf") || path.ends_with(".zip") {
            assert!(matches!(file, OutputFile::Copy { .. }), "{path}");
            assert!(first.bytes(path) == again.bytes(path), "{path}");
        }
    }

    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "Type your name.",
        "Type your name twice.",
    );
    again.write(out.path());
    let edited = render(project.root(), Some(out.path()));
    // The lesson falls back to English in every language, and the books contain it; the changed
    // sentence is for the trainer only, so the participant handouts stay as they were.
    let mut expected = Vec::new();
    for lang in ["ar", "de", "en"] {
        expected.push(format!("{lang}/course/02-keyboard.pdf"));
        expected.push(format!("{lang}/course/course.{lang}.pdf"));
    }
    assert_eq!(edited.made(), expected);
    // Every language's kit holds a changed PDF, so every kit is zipped again.
    for lang in ["ar", "de", "en"] {
        let kit = format!("{lang}/mini-course-{lang}.zip");
        assert!(
            matches!(edited.files[&kit], OutputFile::Bytes { .. }),
            "{kit}"
        );
        assert!(edited.bytes(&kit) != again.bytes(&kit), "{kit}");
    }
    assert!(
        edited
            .text("de/course/02-keyboard.pdf")
            .contains("Type your name twice.")
    );
}

#[test]
fn letter_paper_is_chosen_in_site_yaml() {
    let project = Project::fixture("mini");
    let site = project.read("curriculum/site.yaml");
    project.write("curriculum/site.yaml", &format!("{site}paper: letter\n"));
    let rendered = render(project.root(), None);
    let document = rendered.pdf("en/course/01-mouse.pdf");
    let page = document.get_pages()[&1];
    let media_box = document
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let size: Vec<f32> = media_box.iter().map(|v| v.as_float().unwrap()).collect();
    assert_eq!(size, [0.0, 0.0, 612.0, 792.0]);
}

#[test]
fn check_fonts_names_the_file_and_the_first_character_no_font_has() {
    let project = Project::fixture("mini");
    project.edit(
        "curriculum/course/01-mouse.de.md",
        "Legen Sie die Hand",
        "Legen Sie 漢字 die Hand",
    );
    let mut diagnostics = Diagnostics::default();
    let checked = build::check(project.root(), &[], &mut diagnostics).unwrap();
    let mut fonts = Diagnostics::default();
    pdf::check_fonts(&checked.project, &mut fonts);
    let found = fonts.sorted();
    assert_eq!(found.len(), 1, "{found:?}");
    let warning = &found[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.file, Path::new("curriculum/course/01-mouse.de.md"));
    assert!(
        warning.message.contains("`漢` (U+6F22)"),
        "{}",
        warning.message
    );
    assert!(warning.message.contains("Deutsch"), "{}", warning.message);
    assert_eq!(
        warning.snippet.as_deref(),
        Some("Legen Sie 漢字 die Hand auf die Maus.")
    );
    assert_eq!(warning.column, 11);

    // The PDFs are still made, tagged but without the PDF/UA-1 claim, and say why.
    let rendered = render(project.root(), None);
    assert!(
        rendered
            .files
            .contains_key("de/course/01-mouse.handout.pdf")
    );
    let accessibility: Vec<&Diagnostic> = rendered
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("01-mouse.handout.pdf"))
        .collect();
    assert_eq!(accessibility.len(), 1, "{accessibility:?}");
    assert_eq!(accessibility[0].severity, Severity::Warning);
    assert!(
        accessibility[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("PDF/UA-1")
    );
    let xmp_claims_ua =
        |path: &str| String::from_utf8_lossy(&rendered.bytes(path)).contains("pdfuaid");
    assert!(!xmp_claims_ua("de/course/01-mouse.handout.pdf"));
    assert!(xmp_claims_ua("en/course/01-mouse.handout.pdf"));

    let mut clean = Diagnostics::default();
    pdf::check_fonts(&fixture_checked_project(), &mut clean);
    assert!(clean.is_empty(), "{:?}", clean.sorted());
}

fn fixture_checked_project() -> digifam::content::model::Project {
    let mut diagnostics = Diagnostics::default();
    build::check(&fixture_root("pdf"), &[], &mut diagnostics)
        .unwrap()
        .project
}

#[test]
fn markdown_nested_too_deep_for_typst_still_makes_its_pdfs_and_is_a_warning_at_its_line() {
    let project = Project::fixture("mini");
    let file = "curriculum/course/01-mouse.en.md";
    let text = project.read(file);
    let line = text.lines().count() + 3;
    let mut list = String::new();
    for depth in 0..60 {
        list.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
    }
    project.write(
        file,
        &format!(
            "{text}\n::: handout\n{} deep quote\n\n{list}:::\n",
            ">".repeat(20_000)
        ),
    );
    let run = project.build();
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("warning: quotes and lists are nested more than 12 levels deep here"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {file}:{line}:")), "{err}");
    let handout = fs::read(project.path("public/en/course/01-mouse.handout.pdf")).unwrap();
    let words = pdf_extract::extract_text_from_mem(&handout).unwrap();
    assert!(words.contains("deep quote"), "{words}");
    assert!(
        words.contains("level 59"),
        "the deepest level keeps its text"
    );
    let page = project.read("public/en/course/01-mouse.participant.html");
    assert!(page.contains("level 59"));
}
