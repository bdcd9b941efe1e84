//! The shipped Digital Families curriculum: complete, translated as promised, and free of problems.

mod common;

use std::path::Path;

use digifam::build;
use digifam::content::model::Kind;
use digifam::diagnostic::Diagnostics;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every page of the shipped site, in every language, links only to pages, files and anchors
/// that exist.
#[test]
fn every_link_of_the_shipped_site_resolves() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    common::run_in(
        root(),
        &[
            "build",
            "--no-pdf",
            "--no-lms",
            "--out",
            site.to_str().unwrap(),
        ],
    )
    .assert_ok();
    let checked = common::assert_links_resolve(&site);
    assert!(checked > 20_000, "only {checked} links checked");
}

#[test]
fn shipped_curriculum_checks_with_zero_errors_and_zero_warnings() {
    let run = common::run_in(root(), &["check"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains("0 warnings, 0 errors"),
        "{}",
        run.stderr()
    );
}

#[test]
fn six_units_with_the_minimum_number_of_lessons() {
    let mut diagnostics = Diagnostics::default();
    let checked = build::check(root(), &[], &mut diagnostics).expect("the curriculum loads");
    let project = &checked.project;
    let expected = [
        ("basic", Kind::Course, 16),
        ("advanced", Kind::Course, 12),
        ("family", Kind::Course, 10),
        ("sponsor-seminar", Kind::Seminar, 6),
        ("implementation-guide", Kind::Guide, 10),
        ("little-mentor", Kind::Certificate, 8),
    ];
    assert_eq!(project.programs.len(), expected.len());
    for (slug, kind, minimum) in expected {
        let program = project
            .program(slug)
            .unwrap_or_else(|| panic!("{slug} missing"));
        assert_eq!(program.kind, kind, "{slug}");
        assert!(
            program.lessons.len() >= minimum,
            "{slug}: {} lessons",
            program.lessons.len()
        );
        for lesson in &program.lessons {
            if kind.has_lesson_plans() {
                assert!(
                    !lesson.structure.phase_minutes.is_empty(),
                    "{slug}/{} has no phases",
                    lesson.slug
                );
            }
            if kind == Kind::Course {
                assert!(
                    !lesson.structure.digcomp.is_empty() && lesson.structure.level.is_some(),
                    "{slug}/{}",
                    lesson.slug
                );
            }
        }
    }
}

#[test]
fn languages_are_covered_as_promised() {
    let mut diagnostics = Diagnostics::default();
    let checked = build::check(root(), &[], &mut diagnostics).expect("the curriculum loads");
    for program in &checked.project.programs {
        for lang in ["en", "de", "ar", "uk"] {
            assert!(
                program.docs.contains_key(lang),
                "{} has no {lang} program page",
                program.slug
            );
        }
        let everything: &[&str] = match program.slug.as_str() {
            "basic" | "family" => &["en", "de", "ar", "uk"],
            _ => &["en", "de"],
        };
        for lesson in &program.lessons {
            for lang in everything {
                assert!(
                    lesson.docs.contains_key(lang),
                    "{}/{} has no {lang} translation",
                    program.slug,
                    lesson.slug
                );
            }
        }
    }
    for locale in ["en", "de", "ar", "uk", "tr", "fa"] {
        assert!(
            root()
                .join("locales")
                .join(format!("{locale}.yaml"))
                .is_file(),
            "UI strings for {locale}"
        );
    }
}
