//! Certificates and attendance lists from a participant list: read from CSV (`;` and `,`, with
//! and without a byte order mark), .xlsx and .ods; written only into a folder of their own; no
//! name ever in a message.

mod common;

use std::fs;
use std::path::Path;

use common::{Project, Run};

/// Every name the test rosters hold: none may appear in what digifam prints.
const NAMES: &[&str] = &[
    "Sara Beispiel",
    "أمل المثال",
    "Olena Prykladna",
    "Maria Muster",
    "Helga Schmidt",
];

/// The golden fixture, whose course (3 sessions, 3 hours) asks for 60 % attendance.
fn course() -> Project {
    let project = Project::fixture("golden");
    project.edit(
        "curriculum/course/_program.en.md",
        "  sessions_per_week: 1\n",
        "  sessions_per_week: 1\ncertificate:\n  attendance: 60\n",
    );
    project
}

fn run(project: &Project, args: &[&str]) -> Run {
    let run = project.run(args);
    let printed = format!("{}{}", run.stdout(), run.stderr());
    for name in NAMES {
        assert!(!printed.contains(name), "a name was printed:\n{printed}");
    }
    run
}

/// `certificates` for the course from `office/kurs.csv` into `out`, with `extra` arguments.
fn certificates(project: &Project, out: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "certificates",
        "--program",
        "course",
        "--roster",
        "office/kurs.csv",
        "--out",
        out,
    ];
    args.extend(extra);
    run(project, &args)
}

fn pdf_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_extract::extract_text_from_mem(&bytes).unwrap()
}

fn pages(path: &Path) -> usize {
    let bytes = fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap()
        .len()
}

/// pdf-extract gives right-to-left text in visual order: a word is found either way round.
fn contains_rtl(text: &str, word: &str) -> bool {
    let reversed: String = word.chars().rev().collect();
    text.contains(word) || text.contains(&reversed)
}

const SEMICOLON_ROSTER: &str = "\u{feff}Name;Sprache;Beginn;Ende;anwesend;Einrichtung;Ort\n\
    Sara Beispiel;de;01.02.2027;15.02.2027;3;VHS Dortmund;Dortmund\n\
    أمل المثال;ar;01.02.2027;15.02.2027;2;VHS Dortmund;Dortmund\n\
    Olena Prykladna;uk;01.02.2027;15.02.2027;1;VHS Dortmund;Dortmund\n";

#[test]
fn certificates_go_to_those_who_attended_enough_and_the_others_are_listed_by_row() {
    let project = course();
    project.write("office/kurs.csv", SEMICOLON_ROSTER);
    let run = certificates(&project, "office/out", &["--lang", "de"]);
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("2 of 3 people on the list get a certificate"),
        "{err}"
    );
    assert!(
        err.contains(
            "no certificate for row 4: attended 1 of 3 sessions; the certificate needs 2 (60 %)"
        ),
        "{err}"
    );
    let out = project.path("office/out");
    let mut made: Vec<String> = fs::read_dir(out.join("certificates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    made.sort();
    // File names carry the row and an ASCII form of the name; an Arabic name has none.
    assert_eq!(made, ["0002-sara-beispiel.pdf", "0003-person.pdf"]);
    let german = pdf_text(&out.join("certificates/0002-sara-beispiel.pdf"));
    for expected in [
        "Zertifikat",
        "Sara Beispiel",
        "Erste Schritte",
        "3 Stunden",
        "anwesend in 3 von 3",
        "01.02.2027",
        "VHS Dortmund",
        "5.1",
        "Niveau 1",
    ] {
        assert!(
            german.contains(expected),
            "{expected:?} missing in\n{german}"
        );
    }
    assert_eq!(pages(&out.join("certificates/0002-sara-beispiel.pdf")), 1);
    // Her own language beside German: an Arabic-script name in a German certificate.
    let arabic = pdf_text(&out.join("certificates/0003-person.pdf"));
    assert!(arabic.contains("Zertifikat"), "{arabic}");
    assert!(contains_rtl(&arabic, "شهادة"), "{arabic}");
    assert!(contains_rtl(&arabic, "المثال"), "{arabic}");
    let all = out.join("certificates-course-de.pdf");
    assert_eq!(
        pages(&all),
        2,
        "one page per certificate in the file to print"
    );
    let summary = fs::read_to_string(out.join("summary-course.csv")).unwrap();
    assert!(summary.contains("4;Olena Prykladna;no;"), "{summary}");
}

#[test]
fn a_comma_roster_with_a_column_per_session_and_no_byte_order_mark() {
    let project = course();
    project.write(
        "office/kurs.csv",
        "name,language,1,2,3\nHelga Schmidt,de,x,x,\nMaria Muster,en,x,,\n",
    );
    let run = certificates(
        &project,
        "office/out",
        &[
            "--date",
            "2027-03-01",
            "--institution",
            "Stadtteilzentrum",
            "--place",
            "Köln",
        ],
    );
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("no certificate for row 3: attended 1 of 3"),
        "{}",
        run.stderr()
    );
    let text = pdf_text(&project.path("office/out/certificates/0002-helga-schmidt.pdf"));
    for expected in [
        "Certificate",
        "Helga Schmidt",
        "attending 2 of 3 sessions",
        "Stadtteilzentrum",
        "Köln, 01/03/2027",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in\n{text}");
    }
}

#[test]
fn rosters_from_excel_and_libreoffice_are_read_directly() {
    for file in ["roster.xlsx", "roster.ods"] {
        let project = course();
        let roster = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rosters")
            .join(file);
        let run = run(
            &project,
            &[
                "certificates",
                "--program",
                "course",
                "--roster",
                roster.to_str().unwrap(),
                "--out",
                "office/out",
            ],
        );
        run.assert_ok();
        assert!(
            run.stderr().contains("these columns are not used: Telefon"),
            "{file}: {}",
            run.stderr()
        );
        let text = pdf_text(&project.path("office/out/certificates-course-en.pdf"));
        assert!(text.contains("Sara Beispiel"), "{file}: {text}");
        assert!(
            text.contains("from 01/03/2027 to 19/04/2027"),
            "{file}: dates from the sheet: {text}"
        );
    }
}

#[test]
fn personal_data_is_never_written_into_the_website_or_the_curriculum() {
    let project = course();
    project.write("office/kurs.csv", SEMICOLON_ROSTER);
    project
        .run(&[
            "build", "--root", ".", "--out", "public", "--no-pdf", "--no-lms",
        ])
        .assert_ok();
    for out in [
        "public",
        "public/certificates",
        "curriculum/course/certs",
        "site-copy",
    ] {
        if out == "site-copy" {
            // Any folder digifam built is a site, wherever it lies.
            project
                .run(&[
                    "build",
                    "--root",
                    ".",
                    "--out",
                    "site-copy",
                    "--no-pdf",
                    "--no-lms",
                ])
                .assert_ok();
        }
        let run = certificates(&project, out, &[]);
        assert_eq!(run.code(), 1, "{out}: {}", run.stderr());
        assert!(
            run.stderr().contains("refusing to write personal data"),
            "{}",
            run.stderr()
        );
    }
    assert!(!project.path("public/certificates").exists());
    assert!(!project.path("curriculum/course/certs").exists());
    for file in common::files(&project.path("public")) {
        let bytes = fs::read(project.path("public").join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Beispiel"),
            "a name in public/{}",
            file.display()
        );
    }
}

#[test]
fn a_certificate_says_nothing_about_the_person_in_its_metadata() {
    let project = course();
    project.write("office/kurs.csv", SEMICOLON_ROSTER);
    certificates(&project, "office/out", &[]).assert_ok();
    let bytes = fs::read(project.path("office/out/certificates/0002-sara-beispiel.pdf")).unwrap();
    let document = pdf_extract::Document::load_mem(&bytes).unwrap();
    let info = document
        .trailer
        .get_deref(b"Info", &document)
        .and_then(pdf_extract::Object::as_dict)
        .unwrap();
    let title = pdf_extract::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "Certificate — First steps");
    for key in [&b"Author"[..], b"Subject", b"Keywords"] {
        let value = info
            .get(key)
            .ok()
            .and_then(|v| pdf_extract::decode_text_string(v).ok());
        assert!(
            value.as_deref().is_none_or(str::is_empty),
            "{}: {value:?}",
            String::from_utf8_lossy(key)
        );
    }
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        !raw.contains("Beispiel"),
        "the name is only in the page's text, not in the metadata"
    );
}

/// Runs `certificates` on `roster` and returns its stderr, asserting it failed and wrote nothing.
fn refused(project: &Project, roster: &[u8], args: &[&str]) -> String {
    fs::create_dir_all(project.path("office")).unwrap();
    fs::write(project.path("office/kurs.csv"), roster).unwrap();
    let mut all = vec![
        "certificates",
        "--roster",
        "office/kurs.csv",
        "--out",
        "office/out",
    ];
    all.extend(args);
    if !args.contains(&"--program") {
        all.extend(["--program", "course"]);
    }
    let run = run(project, &all);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("Nothing written"), "{}", run.stderr());
    assert!(
        !project.path("office/out").exists(),
        "something was written"
    );
    run.stderr()
}

#[test]
fn every_mistake_in_a_roster_names_its_row_and_column_and_writes_nothing() {
    let project = course();
    let cases: &[(&str, &str, &str)] = &[
        (
            "Vorname;Ort\nSara;Köln\n",
            "kurs.csv:1:1",
            "the participant list has no `name` column",
        ),
        (
            "Name;Ort\n;Köln\nSara Beispiel;Köln\n",
            "kurs.csv:2:1",
            "row 2, column `name`: the name is empty",
        ),
        (
            "Name;Beginn\nSara Beispiel;31.02.2027\n",
            "kurs.csv:2:2",
            "row 2, column `start`: this is not a date",
        ),
        (
            "Name;Beginn;Ende\nSara Beispiel;01.03.2027;01.02.2027\n",
            "kurs.csv:2:3",
            "row 2, column `end`: the course ends before it starts",
        ),
        (
            "Name;anwesend\nSara Beispiel;9\n",
            "kurs.csv:2",
            "row 2, column `attended`: more sessions than the unit has (3)",
        ),
        (
            "Name;anwesend\nSara Beispiel;viele\n",
            "kurs.csv:2:2",
            "row 2, column `attended`: this is not a number of sessions",
        ),
        (
            "Name;1;2;3\nSara Beispiel;x;?;x\n",
            "kurs.csv:2",
            "row 2, column `attended`: a session column holds something other than a mark",
        ),
        (
            "Name\n",
            "kurs.csv",
            "the participant list has no people, only its header",
        ),
    ];
    for (roster, location, message) in cases {
        let err = refused(&project, roster.as_bytes(), &[]);
        assert!(
            err.contains(&format!("--> office/{location}")),
            "{location} missing in\n{err}"
        );
        assert!(err.contains(message), "{message:?} missing in\n{err}");
    }
    let windows_1252 = b"Name;Ort\nJ\xfcrgen;K\xf6ln\n";
    let err = refused(&project, windows_1252, &[]);
    assert!(err.contains("the file is not UTF-8 text (row 2"), "{err}");
    assert!(err.contains("CSV UTF-8"), "{err}");
    let err = refused(
        &project,
        SEMICOLON_ROSTER.as_bytes(),
        &["--program", "cours"],
    );
    assert!(
        err.contains("there is no program `cours`") && err.contains("did you mean `course`?"),
        "{err}"
    );
}

#[test]
fn people_of_the_same_name_are_both_kept_with_a_warning() {
    let project = course();
    project.write(
        "office/kurs.csv",
        "Name;anwesend\nSara Beispiel;3\nsara beispiel;3\n",
    );
    let run = certificates(&project, "office/out", &[]);
    run.assert_ok();
    assert!(
        run.stderr().contains("rows 2 and 3 have the same name"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("2 of 2 people on the list get a certificate"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_roster_of_two_thousand_people_is_read() {
    let project = course();
    let mut roster = String::from("Name;anwesend\n");
    for n in 0..2000 {
        // Only the first two attended enough: the test is about reading, not typesetting.
        roster.push_str(&format!("Person {n};{}\n", if n < 2 { 3 } else { 1 }));
    }
    project.write("office/kurs.csv", &roster);
    let run = certificates(&project, "office/out", &[]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("2 of 2000 people on the list get a certificate"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("no certificate for row 2001:"),
        "{}",
        run.stderr()
    );
    let summary = fs::read_to_string(project.path("office/out/summary-course.csv")).unwrap();
    assert_eq!(summary.lines().count(), 2001);
}

#[test]
fn an_attendance_list_has_a_sheet_per_week_with_dates_and_numbered_lines() {
    let project = course();
    let run = run(
        &project,
        &[
            "attendance",
            "--program",
            "course",
            "--start",
            "2027-02-01",
            "--skip",
            "2027-02-08",
            "--lang",
            "de",
            "--out",
            "office/list",
        ],
    );
    run.assert_ok();
    let pdf = project.path("office/list/attendance-course-de.pdf");
    assert_eq!(pages(&pdf), 3, "three weeks, one session a week");
    let text = pdf_text(&pdf);
    for expected in [
        "Anwesenheitsliste",
        "Woche 1",
        "Termin 1",
        "01.02.2027",
        "Die Maus benutzen",
        "Teil 1 von 2",
        "15",
        "Unterschrift der Trainerin",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in\n{text}");
    }
    let csv = fs::read_to_string(project.path("office/list/attendance-course-de.csv")).unwrap();
    let dates: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(';').nth(1).unwrap())
        .collect();
    // Mondays from 1 February, without the skipped 8 February.
    assert_eq!(dates, ["2027-02-01", "2027-02-15", "2027-02-22"]);
}

#[test]
fn an_attendance_list_with_a_roster_names_the_people_and_marks_the_sessions() {
    let project = course();
    project.write(
        "office/kurs.csv",
        "Name;1;2;3\nSara Beispiel;x;;x\nأمل المثال;x;x;x\n",
    );
    let run = run(
        &project,
        &[
            "attendance",
            "--program",
            "course",
            "--roster",
            "office/kurs.csv",
            "--out",
            "office/list",
        ],
    );
    run.assert_ok();
    let text = pdf_text(&project.path("office/list/attendance-course-en.pdf"));
    assert!(text.contains("Sara Beispiel"), "{text}");
    let csv = fs::read_to_string(project.path("office/list/attendance-course-en.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}session;date;lesson;minutes;Sara Beispiel;أمل المثال"
    );
    assert!(lines[2].ends_with(";60;;x"), "{}", lines[2]);
}

#[test]
fn the_same_roster_gives_the_same_bytes() {
    let project = course();
    project.write("office/kurs.csv", SEMICOLON_ROSTER);
    for out in ["office/a", "office/b"] {
        certificates(&project, out, &[]).assert_ok();
    }
    for file in [
        "certificates/0002-sara-beispiel.pdf",
        "certificates-course-en.pdf",
        "summary-course.csv",
    ] {
        let a = fs::read(project.path("office/a").join(file)).unwrap();
        let b = fs::read(project.path("office/b").join(file)).unwrap();
        assert!(a == b, "{file} differs");
    }
}
