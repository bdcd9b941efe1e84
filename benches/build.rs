//! Build speed and memory. The shipped curriculum, HTML only and with its PDFs, fresh into an
//! empty folder and again over its own output, plus card sheets and a course office's run
//! (certificates for a 500-person roster), and PDF pages per second beside headless Chromium
//! printing the same build's lesson pages. Then generated curricula of 1,000 and 10,000 lessons in
//! 5 languages, in units of 20 lessons (a real curriculum's shape) and in six large units, built
//! HTML only by the release binary three ways: fresh, again unchanged, and after one lesson was
//! edited (what an author's next `digifam build` does). When Hugo is installed it builds the same
//! lessons the same three ways with comparable templates (`benches/hugo`), in the same run; the
//! table gives median CPU and wall time, peak memory, pages and bytes written, and Hugo's CPU time
//! divided by digifam's.
//!
//! Run: `cargo bench --bench build` (sizes: `DIGIFAM_BENCH_LESSONS=1000,10000`, default both;
//! `DIGIFAM_BENCH_SHIPPED=0` leaves out the shipped curriculum's rows). Nothing the run writes is
//! deleted before its end, which needs about 12 GB of disk with the 10,000-lesson corpora.

use std::io::Seek;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LANGUAGES: &[&str] = &["en", "de", "ar", "uk", "tr"];

/// One kind of run measured several times: the median wall and CPU time (user + system), and the
/// highest peak memory.
struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_mib: f64,
}

impl Measured {
    fn secs(&self) -> f64 {
        self.wall.as_secs_f64()
    }

    fn cpu_secs(&self) -> f64 {
        self.cpu.as_secs_f64()
    }
}

/// Runs the command and returns its wall time, its CPU time and its peak resident memory in MiB.
#[allow(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, and only it reports the child's own peak memory"
)]
fn run_once(mut command: Command) -> Measured {
    let mut errors = tempfile::tempfile().unwrap();
    let start = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(errors.try_clone().unwrap())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 reaps the child we spawned and fills in the rusage it is given.
    let usage = unsafe {
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let wall = start.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        errors.seek(std::io::SeekFrom::Start(0)).unwrap();
        panic!(
            "{command:?} failed: {}",
            std::io::read_to_string(errors).unwrap_or_default()
        );
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}

/// Measures `runs` runs; `before` prepares each one and is not timed.
fn measure(runs: usize, mut before: impl FnMut(), make: impl Fn() -> Command) -> Measured {
    let mut samples: Vec<Measured> = (0..runs)
        .map(|_| {
            before();
            run_once(make())
        })
        .collect();
    let peak_mib = samples.iter().map(|m| m.peak_mib).fold(0.0, f64::max);
    samples.sort_by_key(|m| m.wall);
    let wall = samples[samples.len() / 2].wall;
    samples.sort_by_key(|m| m.cpu);
    Measured {
        wall,
        cpu: samples[samples.len() / 2].cpu,
        peak_mib,
    }
}

/// Moves a build's output aside instead of deleting it: it stays in the benchmark's folder, which
/// is deleted only when the whole run is over. ext4 without a journal, like this machine's disk,
/// does not reuse an inode freed in the last 60 seconds (`RECENTCY_MIN` in `fs/ext4/ialloc.c`),
/// 300 while its block is not written back, and passes over every such inode each time it creates
/// a file: a build started within minutes of deleting 10,000 files spends more of its time in the
/// kernel than in the tool, whichever tool it is.
fn set_aside(out: &Path) {
    static ASIDE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = ASIDE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let _ = std::fs::rename(out, out.with_extension(format!("aside-{n}")));
}

/// A fresh build into an empty folder, and a rebuild over the previous output of the same input.
fn fresh_and_rebuild(runs: usize, out: &Path, make: impl Fn() -> Command) -> (Measured, Measured) {
    let fresh = measure(runs, || set_aside(out), &make);
    let rebuild = measure(runs, || {}, &make);
    (fresh, rebuild)
}

/// Fresh, unchanged and one-lesson-edited builds: `edit` changes one lesson before each run of
/// the last kind.
fn three_builds(
    runs: usize,
    out: &Path,
    mut edit: impl FnMut(),
    make: impl Fn() -> Command,
) -> [Measured; 3] {
    let (fresh, unchanged) = fresh_and_rebuild(runs, out, &make);
    let edited = measure(runs, &mut edit, &make);
    [fresh, unchanged, edited]
}

fn digifam_build(root: &Path, out: &Path, pdf: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_digifam"));
    command.arg("build");
    // Hugo makes neither PDFs nor course packages: the HTML rows leave both out.
    if !pdf {
        command.args(["--no-pdf", "--no-lms"]);
    }
    command.arg("--root").arg(root).arg("--out").arg(out);
    command
}

/// The same generated lessons as a Hugo site with the templates of `benches/hugo`: each lesson
/// and unit page in its language (`name.<lang>.md`), ordered by the number its file name starts
/// with, code highlighted at build time.
fn write_hugo_site(from: &Path, to: &Path) {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hugo");
    let mut config = String::from(
        "baseURL = \"https://bench.example.org/\"\ntitle = \"bench\"\ndefaultContentLanguage = \"en\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n\
         [markup.highlight]\ncodeFences = true\nnoClasses = true\n[languages]\n",
    );
    for (weight, lang) in LANGUAGES.iter().enumerate() {
        let direction = if *lang == "ar" {
            "languageDirection = \"rtl\"\n"
        } else {
            ""
        };
        config.push_str(&format!(
            "[languages.{lang}]\nweight = {}\n{direction}",
            weight + 1
        ));
        let i18n = to.join("i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::copy(
            templates.join("i18n.toml"),
            i18n.join(format!("{lang}.toml")),
        )
        .unwrap();
        let home = to.join("content");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(
            home.join(format!("_index.{lang}.md")),
            "---\ntitle: Bench\n---\n",
        )
        .unwrap();
    }
    std::fs::write(to.join("config.toml"), config).unwrap();
    let layouts = to.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    for name in ["baseof.html", "single.html", "list.html"] {
        std::fs::copy(
            templates.join("layouts/_default").join(name),
            layouts.join(name),
        )
        .unwrap();
    }
    for entry in walkdir::WalkDir::new(from.join("curriculum"))
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let unit = entry.path().parent().unwrap().file_name().unwrap();
        let dir = to.join("content").join(unit);
        std::fs::create_dir_all(&dir).unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let (target, text) = match name.strip_prefix("_program") {
            Some(lang) => (format!("_index{lang}"), text),
            None => {
                let weight: usize = name[..2].parse().unwrap_or(1);
                (
                    name,
                    text.replacen("---\n", &format!("---\nweight: {weight}\n"), 1),
                )
            }
        };
        std::fs::write(dir.join(target), text).unwrap();
    }
}

/// Pages and bytes a build wrote.
fn written(out: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(pages, bytes), e| {
            let page = e.path().extension().is_some_and(|x| x == "html");
            (
                pages + usize::from(page),
                bytes + e.metadata().map_or(0, |m| m.len()),
            )
        })
}

/// Appends a new sentence to one lesson: what an author's save does.
fn editor(file: std::path::PathBuf) -> impl FnMut() {
    let mut edits = 0;
    move || {
        edits += 1;
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(&format!("\nEdit number {edits}.\n"));
        std::fs::write(&file, text).unwrap();
    }
}

/// The rows of one generated corpus: digifam and, when installed, Hugo, each fresh, unchanged
/// and after one lesson was edited.
fn generated_rows(lessons: usize, per_unit: usize, hugo: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    digifam::synthetic::write_synthetic_curriculum(dir.path(), lessons, per_unit, LANGUAGES)
        .unwrap();
    let runs = if lessons > 5000 { 3 } else { 5 };
    let out = dir.path().join("public");
    let lesson = dir.path().join("curriculum/unit-001/01-lesson-0.en.md");
    let ours = three_builds(runs, &out, editor(lesson), || {
        digifam_build(dir.path(), &out, false)
    });
    let (pages, bytes) = written(&out);
    let theirs = hugo.then(|| {
        let site = dir.path().join("hugo");
        write_hugo_site(dir.path(), &site);
        let public = site.join("public");
        let lesson = site.join("content/unit-001/01-lesson-0.en.md");
        let measured = three_builds(runs, &public, editor(lesson), || {
            let mut command = Command::new("hugo");
            command.arg("--quiet").arg("--source").arg(&site);
            command.arg("--destination").arg(&public);
            command
        });
        (measured, written(&public))
    });
    let corpus = format!("{lessons} lessons, units of {per_unit}");
    for (n, kind) in ["fresh", "unchanged", "one lesson edited"]
        .iter()
        .enumerate()
    {
        let us = &ours[n];
        let them =
            theirs
                .as_ref()
                .map_or("– | – | – | – | –".to_owned(), |(m, (p, b))| {
                    let h = &m[n];
                    format!(
                        "{:.2} s | {:.2} s | {:.0} MiB | {p} / {:.0} MB | **{:.2}**",
                        h.cpu_secs(),
                        h.secs(),
                        h.peak_mib,
                        *b as f64 / 1e6,
                        h.cpu_secs() / us.cpu_secs()
                    )
                });
        println!(
            "| {corpus} | {kind} | {:.2} s | {:.2} s | {:.0} MiB | {pages} / {:.0} MB | {them} |",
            us.cpu_secs(),
            us.secs(),
            us.peak_mib,
            bytes as f64 / 1e6
        );
    }
    dir
}

fn main() {
    let sizes: Vec<usize> = std::env::var("DIGIFAM_BENCH_LESSONS")
        .unwrap_or_else(|_| "1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    // Every folder the run writes is kept until its end: see `set_aside`.
    let mut folders = Vec::new();
    if std::env::var("DIGIFAM_BENCH_SHIPPED").as_deref() != Ok("0") {
        folders.push(shipped_rows());
    }
    println!(
        "\n| corpus (5 languages) | build | digifam CPU | digifam wall | digifam peak | digifam pages / bytes | Hugo CPU | Hugo wall | Hugo peak | Hugo pages / bytes | Hugo ÷ digifam CPU |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for lessons in sizes {
        // A real curriculum's units of about 20 lessons, and six large units.
        for per_unit in [20, lessons.div_ceil(6)] {
            folders.push(generated_rows(lessons, per_unit, hugo));
        }
    }
}

/// The shipped curriculum: HTML only, with PDFs, with card sheets, and a course office's run.
fn shipped_rows() -> tempfile::TempDir {
    println!(
        "| shipped curriculum | made | fresh (wall) | rebuild (wall) | made per second | peak RSS |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("shipped");
    let (fresh, rebuild) = fresh_and_rebuild(11, &out, || digifam_build(shipped, &out, false));
    let pages = count_files(&out, "html");
    println!(
        "| HTML | {pages} pages | {} |",
        digifam_columns(&fresh, &rebuild, pages, "")
    );
    // With PDFs, which take most of a full build; a rebuild copies them all.
    let html = fresh;
    let (fresh, rebuild) = fresh_and_rebuild(3, &out, || digifam_build(shipped, &out, true));
    let pdfs = count_files(&out, "pdf");
    println!(
        "| with PDFs | {pages} pages + {pdfs} PDFs | {} |",
        digifam_columns(&fresh, &rebuild, pdfs, " PDFs/s")
    );

    card_sheets_row(shipped, scratch.path(), &fresh);
    certificates_row(shipped, scratch.path());
    pdf_rows(&out, &html, &fresh, scratch.path());
    scratch
}

/// PDF pages per second: the shipped curriculum's PDFs as digifam makes them (its build with PDFs
/// and course packages less the one with neither; the packages take a small part), beside headless Chromium printing the trainer's lesson pages of the same
/// build (`benches/print.mjs`), what a trainer would otherwise do. Chromium's row needs what the
/// browser tests need, and says so when it is missing.
fn pdf_rows(out: &Path, html: &Measured, with_pdfs: &Measured, scratch: &Path) {
    println!(
        "\n| PDFs | documents | pages | CPU | wall | pages per CPU second | pages per second |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let row = |who: &str, folder: &Path, cpu: f64, wall: f64| {
        let (documents, pages) = pdf_pages(folder);
        println!(
            "| {who} | {documents} | {pages} | {cpu:.1} s | {wall:.1} s | {:.1} | {:.1} |",
            pages as f64 / cpu,
            pages as f64 / wall
        );
    };
    let cpu = with_pdfs.cpu_secs() - html.cpu_secs();
    row("digifam (Typst)", out, cpu, with_pdfs.secs() - html.secs());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).is_file()
        || !root
            .join("node_modules/playwright-core/package.json")
            .is_file()
    {
        println!("| headless Chromium | not measured: run `scripts/test` once to install it |");
        return;
    }
    let lessons: Vec<_> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|path| is_trainer_lesson(out, path))
        .collect();
    let printed = scratch.join("chromium");
    std::fs::create_dir_all(&printed).unwrap();
    let mut command = Command::new("node");
    command
        .arg(root.join("benches/print.mjs"))
        .arg(&printed)
        .args(&lessons)
        .env("CHROMIUM", &chromium);
    let run = run_once(command);
    row("headless Chromium", &printed, run.cpu_secs(), run.secs());
}

/// Whether `path` is a trainer's lesson page: `<lang>/<unit>/<NN-slug>.html`.
fn is_trainer_lesson(out: &Path, path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let depth = path.strip_prefix(out).map_or(0, |p| p.components().count());
    depth == 3
        && name.starts_with(|c: char| c.is_ascii_digit())
        && name.ends_with(".html")
        && !name.ends_with(".participant.html")
}

/// The PDF files under `folder` and their pages in all.
fn pdf_pages(folder: &Path) -> (usize, usize) {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| pdf_extract::Document::load(e.path()).map_or(0, |d| d.get_pages().len()))
        .fold((0, 0), |(documents, pages), more| {
            (documents + 1, pages + more)
        })
}

/// Card sheets: the shipped curriculum with a twelve-card block added to every lesson in every
/// language, built with its PDFs. The shipped lessons have no card blocks yet, so the rate is what
/// the sheets add to the build with PDFs measured just before (`without`).
fn card_sheets_row(shipped: &Path, scratch: &Path, without: &Measured) {
    const CARDS: &str = "\n::: cards [12] Word cards\n- Maus\n- Taste\n- Bildschirm\n- Drucker\n- Passwort\n- E-Mail\n- Internet\n- Datei\n- Ordner\n- Kamera\n- WLAN\n- App\n:::\n";
    let root = scratch.join("cards");
    for entry in walkdir::WalkDir::new(shipped.join("curriculum"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let relative = entry.path().strip_prefix(shipped).unwrap();
        let to = root.join(relative);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".md") && !name.starts_with('_') {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(&to, text + CARDS).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let out = root.join("public");
    let (fresh, rebuild) = fresh_and_rebuild(3, &out, || digifam_build(&root, &out, true));
    let sheets = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".cards-"))
        .count();
    let added = (fresh.secs() - without.secs()).max(f64::EPSILON);
    println!(
        "| with PDFs and a card block per lesson | {sheets} card sheets + {} PDFs | {:.3} s | {:.3} s | {:.1} card sheets/s (the {:.2} s they add) | {:.0} MiB |",
        count_files(&out, "pdf") - sheets,
        fresh.secs(),
        rebuild.secs(),
        sheets as f64 / added,
        added,
        fresh.peak_mib.max(rebuild.peak_mib)
    );
}

/// A course office's run: certificates for a 500-person roster of the shipped Little Mentor unit,
/// one PDF each and one with all of them.
fn certificates_row(shipped: &Path, scratch: &Path) {
    const PEOPLE: usize = 500;
    let roster = scratch.join("roster.csv");
    let mut text = String::from("name;language;attended\n");
    for n in 0..PEOPLE {
        let language = ["de", "ar", "uk", "en"][n % 4];
        text.push_str(&format!("Person {n};{language};8\n"));
    }
    std::fs::write(&roster, text).unwrap();
    let out = scratch.join("certificates");
    let made = measure(
        3,
        || {
            set_aside(&out);
        },
        || {
            let mut command = Command::new(env!("CARGO_BIN_EXE_digifam"));
            command
                .args(["certificates", "--program", "little-mentor", "--lang", "de"])
                .arg("--root")
                .arg(shipped)
                .arg("--roster")
                .arg(&roster)
                .arg("--out")
                .arg(&out);
            command
        },
    );
    println!(
        "| certificates, {PEOPLE}-person roster (3 of 4 bilingual) | {PEOPLE} + 1 PDFs | {:.3} s | – | {:.1} certificates/s | {:.0} MiB |",
        made.secs(),
        PEOPLE as f64 / made.secs(),
        made.peak_mib
    );
}

/// digifam's columns of a row: fresh and rebuild time, what a fresh build made per second (with
/// `unit`), and the higher peak memory of the two.
fn digifam_columns(fresh: &Measured, rebuild: &Measured, made: usize, unit: &str) -> String {
    format!(
        "{:.3} s | {:.3} s | {:.1}{unit} | {:.0} MiB",
        fresh.secs(),
        rebuild.secs(),
        made as f64 / fresh.secs(),
        fresh.peak_mib.max(rebuild.peak_mib)
    )
}

fn count_files(out: &Path, extension: &str) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == extension))
        .count()
}
