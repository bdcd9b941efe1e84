//! `digifam serve`: the real binary on a free port in a temporary curriculum, asked over HTTP and
//! its live-reload event stream, while the test edits the files as an author would.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Project;

/// Long enough for a debug build on a busy machine; a passing test never waits this long.
const PATIENCE: Duration = Duration::from_secs(30);

struct Serve {
    child: Child,
    addr: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(project: &Project) -> Serve {
        Serve::start_with(project, &[])
    }

    fn start_with(project: &Project, options: &[&str]) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_digifam"));
        command
            .args(["serve", "--root", ".", "--port", "0"])
            .args(options);
        Serve::spawn(project, command)
    }

    /// `serve` allowed only `files` open files (sockets included), as on a system with a low limit.
    fn start_with_open_files(project: &Project, files: u32) -> Serve {
        let mut command = Command::new("sh");
        command.args(["-c", "ulimit -n \"$0\" && exec \"$@\""]);
        command
            .arg(files.to_string())
            .arg(env!("CARGO_BIN_EXE_digifam"));
        command.args(["serve", "--root", ".", "--port", "0", "--no-pdf"]);
        Serve::spawn(project, command)
    }

    fn spawn(project: &Project, mut command: Command) -> Serve {
        let mut child = command
            .current_dir(project.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut serve = Serve {
            child,
            addr: String::new(),
        };
        let line = receiver
            .recv_timeout(PATIENCE)
            .expect("serve prints its address");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        serve.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        assert!(serve.addr.starts_with("127.0.0.1:"), "{line}");
        serve
    }

    /// A raw GET request for `target` exactly as given (nothing is normalised).
    fn get(&self, target: &str) -> Response {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |at| at + 4);
        let bytes = raw[split..].to_vec();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
            bytes,
        }
    }

    /// The event stream a page opens, as the reload script does.
    fn events(&self, page: &str) -> Events {
        let since = self.generation(page);
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__digifam/events?path={page}&since={since}&lang=en HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // The first event tells the state at once: no reload, no problems.
        let first = events.next_where(|_| true);
        assert_eq!(first["reload"], false, "{first}");
        events
    }

    /// The generation the page was served in, from the script tag the server adds.
    fn generation(&self, page: &str) -> u64 {
        let body = self.get(page).body;
        let (_, rest) = body
            .split_once("data-generation=\"")
            .unwrap_or_else(|| panic!("no live-reload script in {page}"));
        rest.split('"').next().unwrap().parse().unwrap()
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
    bytes: Vec<u8>,
}

impl Response {
    fn content_type(&self) -> &str {
        self.head
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or("")
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next `state` event that satisfies `wanted`; the test fails after [`PATIENCE`].
    fn next_where(&mut self, wanted: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        let mut line = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no such event within {PATIENCE:?}");
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            line.clear();
            let read = self.reader.read_line(&mut line).expect("an event in time");
            assert!(read > 0, "the server closed the event stream");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let state: serde_json::Value = serde_json::from_str(data).unwrap();
                if wanted(&state) {
                    return state;
                }
            }
        }
    }
}

const LESSON: &str = "curriculum/course/01-mouse.en.md";
const PAGE: &str = "/en/course/01-mouse.html";

#[test]
fn serves_the_site_with_content_types_and_the_reload_script() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);

    let page = serve.get(PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type(), "text/html; charset=utf-8");
    assert!(page.body.contains("Holding the mouse"), "{}", page.body);
    assert!(page.body.contains("/__digifam/livereload.js"));
    assert!(page.head.contains("cache-control: no-store"));

    let home = serve.get("/en/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Computer basics"));
    let redirect = serve.get("/en");
    assert_eq!(redirect.status, 301);
    assert!(
        redirect.head.contains("location: /en/"),
        "{}",
        redirect.head
    );

    for (path, kind) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/media/course/mouse.svg", "image/svg+xml"),
        ("/__digifam/livereload.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let response = serve.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.content_type(), kind, "{path}");
    }
    assert_eq!(
        serve.get("/media/course/mouse.svg").body,
        project.read("curriculum/course/mouse.svg")
    );

    let missing = serve.get("/en/course/99-nothing.html");
    assert_eq!(missing.status, 404);
    let built_404 = {
        project.build().assert_ok();
        project.read("public/404.html")
    };
    let title = built_404
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(
        missing.body.contains(title),
        "the site's 404 page: {}",
        missing.body
    );
    // The 404 page is served at any depth; its links are relative to the site's root.
    assert!(missing.body.contains("<base href=\"/\">"));
}

#[test]
fn the_reload_script_is_never_in_built_output() {
    let project = Project::fixture("mini");
    project.build().assert_ok();
    for file in common::files(&project.path("public")) {
        let bytes = fs::read(project.path("public").join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__digifam"),
            "{} mentions the dev server",
            file.display()
        );
    }
}

#[test]
fn editing_a_lesson_changes_the_page_and_sends_a_reload_event() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events(PAGE);
    project.edit(
        LESSON,
        "Show how to hold the mouse.",
        "Hold the mouse lightly.",
    );
    let state = events.next_where(|s| s["reload"] == true);
    assert_eq!(state["errors"], serde_json::json!([]));
    let page = serve.get(PAGE);
    assert!(
        page.body.contains("Hold the mouse lightly."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Show how to hold the mouse."));
    // The Arabic page has no translation and shows the source, so it changes too.
    assert!(
        serve
            .get("/ar/course/01-mouse.html")
            .body
            .contains("Hold the mouse lightly.")
    );
}

#[test]
fn an_edit_reloads_only_the_pages_that_show_what_changed() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut lesson = serve.events(PAGE);
    let mut unit = serve.events("/en/course/index.html");

    // The body is only on the lesson's own pages.
    project.edit(LESSON, "Show how to hold the mouse.", "Hold it lightly.");
    lesson.next_where(|s| s["reload"] == true);
    let state = unit.next_where(|_| true);
    assert_eq!(state["reload"], false, "the unit page did not change");

    // So is the phase plan.
    let mut lesson = serve.events(PAGE);
    project.edit(
        LESSON,
        "Welcome and name round.",
        "Welcome, tea and name round.",
    );
    lesson.next_where(|s| s["reload"] == true);
    let state = unit.next_where(|_| true);
    assert_eq!(state["reload"], false, "the unit page did not change");

    // The title is also on the unit's page, which lists the lesson.
    let mut lesson = serve.events(PAGE);
    project.edit(LESSON, "title: Using the mouse", "title: Using a mouse");
    lesson.next_where(|s| s["reload"] == true);
    unit.next_where(|s| s["reload"] == true);
    assert!(
        serve
            .get("/en/course/index.html")
            .body
            .contains("Using a mouse")
    );
}

#[test]
fn renaming_a_heading_checks_the_links_to_it_from_other_lessons() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events(PAGE);
    // 01-mouse links to `02-keyboard.md#typing-letters`.
    project.edit(
        "curriculum/course/02-keyboard.en.md",
        "## Typing letters",
        "## Typing words",
    );
    let state = events.next_where(|s| s["errors"].as_array().is_some_and(|e| !e.is_empty()));
    let error = &state["errors"][0];
    assert_eq!(error["file"], LESSON, "{state}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("typing-letters"),
        "{error}"
    );
    project.edit(
        LESSON,
        "02-keyboard.md#typing-letters",
        "02-keyboard.md#typing-words",
    );
    let state = events.next_where(|s| s["reload"] == true);
    assert_eq!(state["errors"], serde_json::json!([]));
    assert!(
        serve
            .get(PAGE)
            .body
            .contains("02-keyboard.html#typing-words")
    );
}

/// The page as `digifam build` writes it: without the live-reload script.
fn without_reload_script(html: &str) -> String {
    let start = html.find("<script src=\"/__digifam/").unwrap();
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn after_edits_the_served_site_is_the_built_site() {
    let project = Project::fixture("mini");
    // PDFs made on request are not made by a build, and course packages not by serve: both
    // leave them out.
    let serve = Serve::start_with(&project, &["--no-pdf"]);
    let mut events = serve.events("/de/course/01-mouse.html");
    project.edit(LESSON, "title: Using the mouse", "title: Using a mouse");
    project.edit(LESSON, "duration: 90", "duration: 100");
    project.edit(LESSON, "  - minutes: 55", "  - minutes: 65");
    project.edit(LESSON, "digcomp: [\"5.1\", \"1.1\"]", "digcomp: [\"5.2\"]");
    project.edit(
        "curriculum/course/01-mouse.de.md",
        "Zeigen Sie, wie man die Maus hält.",
        "Zeigen Sie, wie man die Maus richtig hält.",
    );
    project.write(
        "curriculum/course/02-keyboard.ar.md",
        "---\ntitle: لوحة المفاتيح\nstatus: draft\n---\n\n## Typing letters\n\nاكتب اسمك.\n",
    );
    events.next_where(|s| s["reload"] == true && s["errors"] == serde_json::json!([]));
    // The search indexes are made just after the pages.
    let deadline = Instant::now() + PATIENCE;
    while !serve.get("/ar/search-index.js").body.contains("لوحة") {
        assert!(Instant::now() < deadline, "the Arabic index is updated");
        std::thread::sleep(Duration::from_millis(20));
    }

    project
        .run(&["build", "--no-pdf", "--no-lms", "--out", "public"])
        .assert_ok();
    let public = project.path("public");
    let mut compared = 0;
    for file in common::files(&public) {
        let name = file.to_string_lossy().replace('\\', "/");
        // The build's own records are not part of the site.
        let records = [
            ".digifam-output",
            digifam::cache::FILE,
            digifam::build::MEMO,
        ];
        if name.ends_with(".pdf") || records.contains(&name.as_str()) {
            continue;
        }
        let served = serve.get(&format!("/{name}"));
        // The preview has no offline worker: its live reload would fight it.
        if name.ends_with("/sw.js") || name.ends_with("/offline.json") {
            assert_eq!(served.status, 404, "{name}");
            continue;
        }
        assert_eq!(served.status, 200, "{name}");
        if name.ends_with(".png") {
            let built = fs::read(public.join(&file)).unwrap();
            assert!(served.bytes == built, "{name} differs from the build");
            compared += 1;
            continue;
        }
        let built = fs::read_to_string(public.join(&file)).unwrap_or_default();
        let served = if name.ends_with(".html") {
            // The 404 page is served at every depth, so it gets a base address too.
            without_reload_script(&served.body).replacen("<base href=\"/\">", "", 1)
        } else {
            served.body
        };
        assert!(served == built, "{name} differs from the build");
        compared += 1;
    }
    assert!(compared > 40, "{compared} files compared");
}

#[test]
fn a_save_through_a_temporary_file_and_rename_is_seen() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events(PAGE);
    let text = project
        .read(LESSON)
        .replace("Show how to hold the mouse.", "Saved the way editors save.");
    // What vim and VS Code do: write a scratch file beside the real one, then rename it.
    let scratch = project.path("curriculum/course/.01-mouse.en.md.swp");
    fs::write(&scratch, text).unwrap();
    fs::rename(&scratch, project.path(LESSON)).unwrap();
    events.next_where(|s| s["reload"] == true);
    assert!(serve.get(PAGE).body.contains("Saved the way editors save."));
}

#[test]
fn broken_front_matter_shows_the_problem_and_keeps_the_last_good_page_until_fixed() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events(PAGE);
    let good = serve.get(PAGE).body;

    project.edit(LESSON, "duration: 90", "duration: [90");
    let state = events.next_where(|s| s["errors"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(state["reload"], false);
    let error = &state["errors"][0];
    assert_eq!(error["file"], LESSON);
    assert_eq!(error["line"], 4);
    assert_eq!(error["snippet"], "duration: [90");
    assert!(
        error["message"].as_str().unwrap().contains("invalid type"),
        "{error}"
    );
    assert!(
        error["hint"].as_str().unwrap().contains("whole number"),
        "{error}"
    );
    assert!(state["labels"]["failed"].as_str().is_some(), "{state}");
    // The last good page is still served, unchanged.
    let during = serve.get(PAGE);
    assert_eq!(during.status, 200);
    assert_eq!(during.body, good);

    // The server survives and recovers: the fix (with a new text) clears the problem and reloads.
    project.edit(LESSON, "duration: [90", "duration: 90");
    project.edit(LESSON, "Show how to hold the mouse.", "Fixed and changed.");
    let state = events.next_where(|s| s["reload"] == true);
    assert_eq!(state["errors"], serde_json::json!([]));
    assert!(serve.get(PAGE).body.contains("Fixed and changed."));
}

#[test]
fn new_and_deleted_lessons_are_picked_up() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events("/en/guide/index.html");
    project.write(
        "curriculum/guide/02-next.en.md",
        "---\ntitle: The next chapter\nsummary: More.\n---\n\nNew text.\n",
    );
    events.next_where(|s| s["reload"] == true);
    assert!(
        serve
            .get("/en/guide/02-next.html")
            .body
            .contains("New text.")
    );
    assert!(
        serve
            .get("/en/guide/index.html")
            .body
            .contains("The next chapter")
    );

    let mut events = serve.events("/en/guide/index.html");
    fs::remove_file(project.path("curriculum/guide/02-next.en.md")).unwrap();
    events.next_where(|s| s["reload"] == true);
    assert_eq!(serve.get("/en/guide/02-next.html").status, 404);
}

#[test]
fn changing_an_image_reloads_the_pages() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let mut events = serve.events(PAGE);
    let picture = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"/>\n";
    project.write("curriculum/course/mouse.svg", picture);
    events.next_where(|s| s["reload"] == true);
    assert_eq!(serve.get("/media/course/mouse.svg").body, picture);
}

#[test]
fn paths_outside_the_site_are_refused() {
    let project = Project::fixture("mini");
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("secret.svg"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        secret.path().join("secret.svg"),
        project.path("curriculum/course/leak.svg"),
    )
    .unwrap();
    project.write("outside.html", "TOP-SECRET");
    let serve = Serve::start(&project);
    for target in [
        "/../outside.html",
        "/../../../../etc/passwd",
        "/%2e%2e/outside.html",
        "/en/%2E%2E/%2e%2e/outside.html",
        "/en/..%2f..%2foutside.html",
        "/..%5c..%5coutside.html",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/curriculum/site.yaml",
        "/curriculum/course/01-mouse.en.md",
        "/media/course/leak.svg",
        "/media/course/../../outside.html",
    ] {
        let response = serve.get(target);
        assert!(
            matches!(response.status, 403 | 404),
            "{target}: {}",
            response.status
        );
        assert!(!response.body.contains("TOP-SECRET"), "{target}");
        assert!(!response.body.contains("root:"), "{target}");
        assert!(!response.body.contains("default_language"), "{target}");
    }
    assert_eq!(serve.get("/%2e%2e/outside.html").status, 403);
}

#[test]
fn a_taken_port_is_reported() {
    let project = Project::fixture("mini");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = project.run(&["serve", "--port", &port]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains(&format!("127.0.0.1:{port} is already in use")),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("--port"), "{}", run.stderr());
}

#[test]
fn pdfs_are_made_when_opened_and_follow_edits() {
    let project = Project::fixture("mini");
    let serve = Serve::start(&project);
    let page = serve.get(PAGE).body;
    assert!(page.contains("href=\"01-mouse.pdf\""), "{page}");
    let downloads = serve.get("/en/downloads.html");
    assert_eq!(downloads.status, 200);
    assert!(downloads.body.contains("01-mouse.handout.pdf"));

    let text = |path: &str| {
        let response = serve.get(path);
        assert_eq!(response.status, 200, "{path}: {}", response.body);
        assert_eq!(response.content_type(), "application/pdf");
        assert!(response.bytes.starts_with(b"%PDF-"));
        pdf_extract::extract_text_from_mem(&response.bytes).unwrap()
    };
    assert!(text("/en/course/01-mouse.pdf").contains("Using the mouse"));

    let mut events = serve.events(PAGE);
    project.edit(LESSON, "title: Using the mouse", "title: Holding the mouse");
    events.next_where(|s| s["reload"] == true);
    assert!(text("/en/course/01-mouse.pdf").contains("Holding the mouse"));
    assert!(text("/de/course/01-mouse.handout.pdf").contains("Maus"));
    assert_eq!(serve.get("/en/course/99-nothing.pdf").status, 404);
}

/// serve finds what `check` finds, after the first build and after each edit: here a character
/// that no PDF font has.
#[test]
fn serve_reports_what_check_reports() {
    let project = Project::fixture("mini");
    let mut child = Command::new(env!("CARGO_BIN_EXE_digifam"))
        .args(["serve", "--root", ".", "--port", "0", "--no-pdf"])
        .current_dir(project.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let next_summary = || loop {
        let line = receiver
            .recv_timeout(PATIENCE)
            .expect("serve reports each rebuild");
        if line.contains(" ms") {
            return line;
        }
    };
    let first = next_summary();
    assert!(
        first.contains("rebuilt the whole site") && !first.contains("warning"),
        "{first}"
    );
    project.edit(
        LESSON,
        "Show how to hold the mouse.",
        "Show how to hold the mouse 漢.",
    );
    let updated = next_summary();
    let check = project.run(&["check"]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        check.stderr().contains("1 warning, 0 errors"),
        "{}",
        check.stderr()
    );
    assert!(
        updated.contains("updated") && updated.contains("1 warning"),
        "{updated}"
    );
}

/// Opens `count` connections that each send half a request head and then wait, as a slow or
/// hostile client does; the ones the system refused are left out.
fn idle_connections(serve: &Serve, count: usize) -> Vec<TcpStream> {
    (0..count)
        .filter_map(|_| TcpStream::connect(&serve.addr).ok())
        .filter_map(|mut stream| {
            stream
                .write_all(b"GET / HTTP/1.1\r\n")
                .ok()
                .map(|()| stream)
        })
        .collect()
}

/// How many threads the `serve` process runs (Linux).
fn threads(serve: &Serve) -> usize {
    let status = fs::read_to_string(format!("/proc/{}/status", serve.child.id())).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
#[cfg(target_os = "linux")]
fn idle_connections_neither_block_the_preview_nor_exhaust_its_threads() {
    let project = Project::fixture("mini");
    let serve = Serve::start_with(&project, &["--no-pdf"]);
    let slow = idle_connections(&serve, 300);
    assert_eq!(slow.len(), 300);
    assert_eq!(
        serve.get(PAGE).status,
        200,
        "a page while 300 clients dawdle"
    );

    // Beyond the cap, a connection is told to come back later instead of getting a thread.
    let more = idle_connections(&serve, 400);
    let mut late = TcpStream::connect(&serve.addr).unwrap();
    late.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut answer = String::new();
    let _ = late.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    let running = threads(&serve);
    assert!(running <= 512 + 16, "{running} threads for 701 connections");

    drop((slow, more));
    let page = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            serve.get(PAGE).status
        })
        .find(|&status| status == 200);
    assert_eq!(
        page,
        Some(200),
        "the preview answers again once the clients are gone"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn running_out_of_open_files_does_not_end_the_preview() {
    let project = Project::fixture("mini");
    let serve = Serve::start_with_open_files(&project, 128);
    assert_eq!(serve.get(PAGE).status, 200);
    // More connections than the process may have files: accepting fails for a while.
    let flood = idle_connections(&serve, 200);
    assert!(flood.len() > 128, "only {} connections", flood.len());
    drop(flood);
    let page = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            TcpStream::connect(&serve.addr)
                .ok()
                .map(|_| serve.get(PAGE).status)
        })
        .find(|status| *status == Some(200));
    assert_eq!(page, Some(Some(200)), "serve accepts again after the flood");
}
