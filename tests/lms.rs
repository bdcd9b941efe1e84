//! The course packages for learning platforms: every Common Cartridge and SCORM package of the
//! golden fixture is unpacked and checked the way Moodle reads it, and against what the
//! Common Cartridge 1.1 schemas require that a schema validator does not check.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

use common::{Project, files, select};

const CC_NAMESPACE: &str = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1";
const SCORM_NAMESPACE: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const BASE_URL: &str = "https://example.org/golden/";

/// A package's files by name.
fn unpack(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

fn packages(out: &Path, extension: &str) -> Vec<String> {
    let found: Vec<String> = files(out)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(extension))
        .collect();
    assert!(!found.is_empty(), "no {extension} in {}", out.display());
    found
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

/// An `xs:ID`: an XML name without a colon (NCName) — here the ASCII subset digifam writes.
fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &'a str) -> roxmltree::Node<'a, 'i> {
    children(node, name)
        .next()
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn first_element<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element())
}

/// What every package must hold together: unique valid IDs, references that resolve, and every
/// file listed exactly where it is. Returns the resources by ID.
fn check_structure(
    name: &str,
    doc: &roxmltree::Document,
    files: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, (String, Option<String>, Vec<String>)> {
    let mut ids = BTreeSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(id) = node.attribute("identifier") {
            assert!(is_xml_id(id), "{name}: `{id}` is not a valid XML ID");
            assert!(ids.insert(id.to_owned()), "{name}: `{id}` is used twice");
        }
    }
    let root = doc.root_element();
    let resources: BTreeMap<String, (String, Option<String>, Vec<String>)> =
        children(child(root, "resources"), "resource")
            .map(|r| {
                let files = children(r, "file")
                    .map(|f| f.attribute("href").unwrap().to_owned())
                    .collect();
                (
                    r.attribute("identifier").unwrap().to_owned(),
                    (
                        r.attribute("type").unwrap().to_owned(),
                        r.attribute("href").map(str::to_owned),
                        files,
                    ),
                )
            })
            .collect();
    let mut listed = BTreeSet::new();
    for (id, (_, href, listed_files)) in &resources {
        if let Some(href) = href {
            assert!(
                listed_files.contains(href),
                "{name}: {id} opens {href}, which it does not list"
            );
        }
        for file in listed_files {
            assert!(
                files.contains_key(file),
                "{name}: {id} lists {file}, which is not in the package"
            );
            listed.insert(file.clone());
        }
    }
    for file in files.keys().filter(|f| *f != "imsmanifest.xml") {
        assert!(
            listed.contains(file),
            "{name}: {file} is in the package but in no resource"
        );
    }
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        if let Some(target) = item.attribute("identifierref") {
            assert!(
                resources.contains_key(target),
                "{name}: item points at the missing resource {target}"
            );
        }
    }
    resources
}

#[test]
fn every_cartridge_is_what_moodle_imports() {
    let project = common::built_golden();
    let out = project.path("public");
    for name in packages(&out, ".imscc") {
        let files = unpack(&out.join(&name));
        let manifest = text(&files, "imsmanifest.xml");
        let head: String = manifest.chars().take(500).collect();
        assert!(
            head.contains(&format!("xmlns=\"{CC_NAMESPACE}\"")),
            "{name}: Moodle looks for the CC 1.1 namespace in the first 500 bytes"
        );
        let doc = roxmltree::Document::parse(&manifest).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(CC_NAMESPACE));
        let metadata = first_element(root).unwrap();
        assert_eq!(
            metadata.tag_name().name(),
            "metadata",
            "{name}: metadata first"
        );
        assert_eq!(
            child(metadata, "schema").text(),
            Some("IMS Common Cartridge")
        );
        assert_eq!(child(metadata, "schemaversion").text(), Some("1.1.0"));
        let lom = child(metadata, "lom");
        let title = child(child(child(lom, "general"), "title"), "string");
        assert!(
            !title.text().unwrap_or_default().is_empty(),
            "{name}: no title"
        );

        let organizations = child(root, "organizations");
        let organization: Vec<_> = children(organizations, "organization").collect();
        assert_eq!(organization.len(), 1, "{name}: one organization");
        assert_eq!(
            organization[0].attribute("structure"),
            Some("rooted-hierarchy")
        );
        let roots: Vec<_> = children(organization[0], "item").collect();
        assert_eq!(roots.len(), 1, "{name}: one root item");
        assert!(
            children(roots[0], "title").next().is_none(),
            "{name}: the root item has no title"
        );
        for item in roots[0]
            .descendants()
            .filter(|n| n.has_tag_name("item") && *n != roots[0])
        {
            let first = first_element(item).unwrap();
            assert_eq!(
                first.tag_name().name(),
                "title",
                "{name}: every item starts with its title"
            );
        }

        let resources = check_structure(&name, &doc, &files);
        for (id, (kind, href, listed)) in &resources {
            match kind.as_str() {
                "webcontent" => assert!(href.is_some(), "{name}: {id} has no href"),
                "imswl_xmlv1p1" => {
                    assert_eq!(href, &None, "{name}: a web link has no href");
                    assert_eq!(listed.len(), 1, "{name}: a web link has exactly one file");
                    let link = text(&files, &listed[0]);
                    let link = roxmltree::Document::parse(&link).unwrap();
                    let url = child(link.root_element(), "url").attribute("href").unwrap();
                    assert!(url.starts_with(BASE_URL), "{name}: web link to {url}");
                }
                other => panic!("{name}: unexpected resource type {other}"),
            }
        }
        for (page, bytes) in files.iter().filter(|(f, _)| f.ends_with(".html")) {
            check_page(&name, page, bytes, &files);
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("<script"), "{name}: {page} has a script");
        }
    }
}

/// A page of a package: its language and direction, and links only inside the package or to
/// the published site.
fn check_page(package: &str, page: &str, bytes: &[u8], files: &BTreeMap<String, Vec<u8>>) {
    let html = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
    let root = select(&html, "html")[0];
    let lang = root.attr("lang").unwrap();
    let dir = root.attr("dir").unwrap();
    assert_eq!(
        dir == "rtl",
        lang == "ar",
        "{package}: {page} is lang={lang} dir={dir}"
    );
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    for element in select(&html, "[href], [src]") {
        let url = element.attr("href").or(element.attr("src")).unwrap();
        if url.starts_with('#')
            || url.starts_with(BASE_URL)
            || url.starts_with("https://example.org/help/")
        {
            continue;
        }
        assert!(
            !url.contains("://"),
            "{package}: {page} links out of the package: {url}"
        );
        let path = url.split('#').next().unwrap();
        let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                ".." => assert!(parts.pop().is_some(), "{package}: {page}: {url} climbs out"),
                part => parts.push(part),
            }
        }
        let target = parts.join("/");
        assert!(
            files.contains_key(&target),
            "{package}: {page} links {url}, which is not in it"
        );
    }
}

#[test]
fn every_scorm_package_has_one_sco_per_page() {
    let project = common::built_golden();
    let out = project.path("public");
    for name in packages(&out, ".scorm.zip") {
        let files = unpack(&out.join(&name));
        let manifest = text(&files, "imsmanifest.xml");
        let doc = roxmltree::Document::parse(&manifest).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(SCORM_NAMESPACE));
        let metadata = child(root, "metadata");
        assert_eq!(child(metadata, "schema").text(), Some("ADL SCORM"));
        assert_eq!(child(metadata, "schemaversion").text(), Some("1.2"));
        let organizations = child(root, "organizations");
        let default = organizations.attribute("default").unwrap();
        assert_eq!(
            child(organizations, "organization").attribute("identifier"),
            Some(default)
        );
        check_structure(&name, &doc, &files);
        let pages: BTreeSet<&String> = files.keys().filter(|f| f.ends_with(".html")).collect();
        let mut scos = BTreeSet::new();
        for resource in doc.descendants().filter(|n| n.has_tag_name("resource")) {
            let kind = resource.attribute((ADLCP, "scormtype")).unwrap();
            let href = resource.attribute("href").unwrap();
            assert_eq!(
                kind == "sco",
                href.ends_with(".html"),
                "{name}: {href} is a {kind}"
            );
            if kind == "sco" {
                scos.insert(href.to_owned());
                let html = text(&files, href);
                assert_eq!(
                    html.matches("<script").count(),
                    1,
                    "{name}: {href}: one script"
                );
                assert!(
                    html.contains("scorm.js\"></script>"),
                    "{name}: {href} loads scorm.js"
                );
            }
        }
        assert_eq!(
            scos.iter().collect::<BTreeSet<_>>(),
            pages,
            "{name}: one SCO per page"
        );
        let script = text(&files, "scorm.js");
        for call in ["LMSInitialize", "cmi.core.lesson_status", "LMSFinish"] {
            assert!(script.contains(call), "{name}: scorm.js never calls {call}");
        }
        for (page, bytes) in files.iter().filter(|(f, _)| f.ends_with(".html")) {
            check_page(&name, page, bytes, &files);
        }
    }
}

/// The items of a cartridge's sections: (section title, [item titles]).
fn outline(package: &Path) -> Vec<(String, Vec<String>)> {
    let files = unpack(package);
    let manifest = text(&files, "imsmanifest.xml");
    let doc = roxmltree::Document::parse(&manifest).unwrap();
    let organization = child(child(doc.root_element(), "organizations"), "organization");
    let title = |item: roxmltree::Node| child(item, "title").text().unwrap_or_default().to_owned();
    children(child(organization, "item"), "item")
        .map(|section| {
            (
                title(section),
                children(section, "item").map(title).collect(),
            )
        })
        .collect()
}

#[test]
fn a_course_has_its_introduction_then_a_section_per_week_with_pages_and_pdfs() {
    let project = common::built_golden();
    let sections = outline(&project.path("public/de/course/course-de.imscc"));
    let titles: Vec<&str> = sections.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles[0], "Über diese Einheit");
    assert!(
        titles[1..].iter().all(|t| t.starts_with("Woche ")),
        "{titles:?}"
    );
    let intro = &sections[0].1;
    assert!(intro.iter().any(|t| t.contains("als Buch")), "{intro:?}");
    assert!(
        intro.iter().any(|t| t == "Diese Einheit im Web"),
        "{intro:?}"
    );
    let first = &sections[1].1;
    assert!(first[0].starts_with("Lektion 1: "), "{first:?}");
    assert!(
        first
            .iter()
            .any(|t| t.ends_with("Handout für Teilnehmerinnen (PDF)")),
        "{first:?}"
    );
    assert!(
        first
            .iter()
            .any(|t| t.ends_with("nur für Trainerinnen und Trainer (PDF)")),
        "the lesson plan is named as the trainers': {first:?}"
    );
    // A unit without a rhythm has a section per lesson.
    let guide = outline(&project.path("public/en/guide/guide-en.imscc"));
    assert_eq!(guide[1].0, "Chapter 1: Getting started", "{guide:?}");
}

/// The golden fixture with a handout that links another lesson, the unit's page and another
/// unit, built without PDFs; `base_url` decides whether the site has a public address.
fn with_links(base_url: bool) -> Project {
    let project = Project::fixture("golden");
    if !base_url {
        project.edit(
            "curriculum/site.yaml",
            "base_url: https://example.org/golden/",
            "",
        );
    }
    let path = "curriculum/course/01-mouse.en.md";
    let source = project.read(path);
    project.write(
        path,
        &format!(
            "{source}\n::: handout Links\nNext: [the keyboard](02-keyboard.md), \
             [the course](_program.md#about), [the roles](../seminar/01-roles.md#who-does-what).\n:::\n"
        ),
    );
    project
        .run(&["build", "--root", ".", "--out", "public", "--no-pdf"])
        .assert_ok();
    project
}

fn lesson_page(project: &Project, package: &str, page: &str) -> scraper::Html {
    let files = unpack(&project.path(package));
    scraper::Html::parse_document(&text(&files, page))
}

#[test]
fn lesson_pages_keep_links_inside_the_package_or_lead_to_the_published_site() {
    let project = with_links(true);
    let html = lesson_page(
        &project,
        "public/en/course/course-en.imscc",
        "lessons/01-mouse.html",
    );
    let hrefs: Vec<&str> = select(&html, "a[href]")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(hrefs.contains(&"02-keyboard.html"), "{hrefs:?}");
    assert!(hrefs.contains(&"../intro.html#about"), "{hrefs:?}");
    assert!(
        hrefs.contains(&"https://example.org/golden/en/seminar/01-roles.html#who-does-what"),
        "a link to another unit leads to the published site: {hrefs:?}"
    );
    let images: Vec<&str> = select(&html, "img")
        .iter()
        .filter_map(|i| i.attr("src"))
        .collect();
    assert_eq!(images, ["../media/course/keys.png"]);
    // No site navigation, search or scripts: a page for a platform's frame.
    assert!(select(&html, "nav, form, script, link[rel=stylesheet]").is_empty());
    let arabic = lesson_page(
        &project,
        "public/ar/course/course-ar.imscc",
        "lessons/01-mouse.html",
    );
    let root = select(&arabic, "html")[0];
    assert_eq!(
        (root.attr("lang"), root.attr("dir")),
        (Some("ar"), Some("rtl"))
    );
}

#[test]
fn without_a_site_address_links_to_other_units_are_plain_text() {
    let project = with_links(false);
    let package = "public/en/course/course-en.imscc";
    let html = lesson_page(&project, package, "lessons/01-mouse.html");
    assert!(common::text_of(&html, "main").contains("the roles."));
    let hrefs: Vec<&str> = select(&html, "a[href]")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(hrefs, ["02-keyboard.html", "../intro.html#about"]);
    let files = unpack(&project.path(package));
    assert!(
        !files
            .keys()
            .any(|f| f.starts_with("pdf/") || f.starts_with("weblinks/"))
    );
    let sections = outline(&project.path(package));
    assert_eq!(
        sections[0].1,
        ["About this unit"],
        "no book, no web link: {sections:?}"
    );
}

#[test]
fn no_lms_leaves_the_packages_and_their_links_out() {
    let project = Project::fixture("golden");
    project
        .run(&[
            "build", "--root", ".", "--out", "public", "--no-pdf", "--no-lms",
        ])
        .assert_ok();
    let out = project.path("public");
    assert!(!files(&out).iter().any(|f| {
        let f = f.to_string_lossy();
        f.ends_with(".imscc") || f.ends_with(".scorm.zip")
    }));
    assert!(
        !project
            .read("public/en/course/index.html")
            .contains("course-packages")
    );
}

#[test]
fn titles_with_markup_characters_and_arabic_are_escaped_in_the_manifest() {
    let project = Project::fixture("golden");
    let title = r#"Tom & Jerry <say> "hello" — مرحبا"#;
    project.edit(
        "curriculum/seminar/01-roles.en.md",
        "title: Roles in the course",
        &format!("title: '{title}'"),
    );
    project
        .run(&["build", "--root", ".", "--out", "public", "--no-pdf"])
        .assert_ok();
    for package in [
        "public/en/seminar/seminar-en.imscc",
        "public/en/seminar/seminar-en.scorm.zip",
    ] {
        let files = unpack(&project.path(package));
        let manifest = text(&files, "imsmanifest.xml");
        let doc = roxmltree::Document::parse(&manifest).unwrap();
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            titles.iter().any(|t| t.ends_with(title)),
            "{package}: {titles:?}"
        );
    }
}

#[test]
fn a_unit_without_participant_content_still_makes_valid_packages() {
    let project = Project::fixture("golden");
    // The certificate unit's only lesson loses every block participants would see.
    let path = "curriculum/certificate/01-listening.en.md";
    let source = project.read(path);
    let (front, _) = source.rsplit_once("\n---\n").unwrap();
    project.write(path, &format!("{front}\n---\n\nOnly the trainer's text.\n"));
    project
        .run(&["build", "--root", ".", "--out", "public", "--no-pdf"])
        .assert_ok();
    let files = unpack(&project.path("public/en/certificate/certificate-en.imscc"));
    let page = text(&files, "lessons/01-listening.html");
    assert!(
        !page.contains("Only the trainer"),
        "trainer text stays out of the package"
    );
    let doc = roxmltree::Document::parse(std::str::from_utf8(&files["imsmanifest.xml"]).unwrap())
        .unwrap();
    check_structure("certificate-en.imscc", &doc, &files);
}

#[test]
fn a_link_to_a_missing_file_in_another_unit_stops_the_build_at_its_line() {
    let project = Project::fixture("golden");
    project.edit(
        "curriculum/course/01-mouse.en.md",
        "(../seminar/01-roles.md#who-does-what)",
        "(../seminar/09-missing.md)",
    );
    let run = project.run(&["build", "--root", ".", "--out", "public", "--no-pdf"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("curriculum/course/01-mouse.en.md:109:"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("09-missing.md"), "{}", run.stderr());
    assert!(!project.path("public").exists());
}

#[test]
fn packages_are_the_same_bytes_on_every_build_and_reused_when_unchanged() {
    let project = common::built_golden();
    let again = Project::fixture("golden");
    again.build().assert_ok();
    for name in packages(&project.path("public"), ".imscc")
        .into_iter()
        .chain(packages(&project.path("public"), ".scorm.zip"))
    {
        let first = fs::read(project.path("public").join(&name)).unwrap();
        let second = fs::read(again.path("public").join(&name)).unwrap();
        assert!(first == second, "{name} differs between two builds");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let package = again.path("public/de/course/course-de.imscc");
        let before = fs::metadata(&package).unwrap().ino();
        again.build().assert_ok();
        let after = fs::metadata(&package).unwrap().ino();
        assert_eq!(
            before, after,
            "an unchanged package is kept, not written again"
        );
        // A changed lesson makes its unit's packages again, and only those.
        let seminar = again.path("public/de/seminar/seminar-de.imscc");
        let course = fs::read(&package).unwrap();
        let seminar_before = fs::metadata(&seminar).unwrap().ino();
        again.edit(
            "curriculum/course/01-mouse.de.md",
            "title: Die Maus",
            "title: Die neue Maus",
        );
        again.build().assert_ok();
        assert_ne!(
            fs::read(&package).unwrap(),
            course,
            "the course package changed"
        );
        assert_eq!(fs::metadata(&seminar).unwrap().ino(), seminar_before);
    }
}
