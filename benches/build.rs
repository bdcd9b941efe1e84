//! Build speed and memory: the shipped curriculum, and generated curricula of 1,000 and 10,000
//! lessons in 5 languages, each built by the release binary twice: fresh into an empty folder, and
//! again over its own output (what an author's next `digifam build` does). Hugo builds the same
//! pages both ways for comparison when it is installed. The shipped curriculum is also built with
//! its PDFs; the generated ones without. A course office's run (certificates for a 500-person
//! roster) has a row of its own.
//!
//! Run: `cargo bench --bench build` (sizes: `DIGIFAM_BENCH_LESSONS=1000,10000`, default both).

use std::io::Seek;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LANGUAGES: &[&str] = &["en", "de", "ar", "uk", "tr"];

/// One kind of run measured several times: the median time and the highest peak memory.
struct Measured {
    time: Duration,
    peak_mib: f64,
}

impl Measured {
    fn secs(&self) -> f64 {
        self.time.as_secs_f64()
    }
}

/// Runs the command and returns its wall time and its peak resident memory in MiB.
#[allow(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, and only it reports the child's own peak memory"
)]
fn run_once(mut command: Command) -> (Duration, f64) {
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
    let elapsed = start.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        errors.seek(std::io::SeekFrom::Start(0)).unwrap();
        panic!(
            "{command:?} failed: {}",
            std::io::read_to_string(errors).unwrap_or_default()
        );
    }
    (elapsed, usage.ru_maxrss as f64 / 1024.0)
}

/// Measures `runs` runs; `before` prepares each one and is not timed.
fn measure(runs: usize, mut before: impl FnMut(), make: impl Fn() -> Command) -> Measured {
    let mut times = Vec::new();
    let mut peak_mib: f64 = 0.0;
    for _ in 0..runs {
        before();
        let (time, peak) = run_once(make());
        times.push(time);
        peak_mib = peak_mib.max(peak);
    }
    times.sort();
    Measured {
        time: times[times.len() / 2],
        peak_mib,
    }
}

/// A fresh build into an empty folder, and a rebuild over the previous output of the same input.
fn fresh_and_rebuild(runs: usize, out: &Path, make: impl Fn() -> Command) -> (Measured, Measured) {
    let empty = || {
        let _ = std::fs::remove_dir_all(out);
    };
    let fresh = measure(runs, empty, &make);
    let rebuild = measure(runs, || {}, &make);
    (fresh, rebuild)
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

/// The same lessons as a Hugo site: one Markdown page per lesson and language.
fn write_hugo_site(from: &Path, to: &Path) {
    let mut config =
        String::from("title = \"bench\"\ndefaultContentLanguage = \"en\"\n[languages]\n");
    for (weight, lang) in LANGUAGES.iter().enumerate() {
        config.push_str(&format!(
            "[languages.{lang}]\nweight = {}\ncontentDir = \"content/{lang}\"\n",
            weight + 1
        ));
    }
    std::fs::create_dir_all(to).unwrap();
    std::fs::write(to.join("hugo.toml"), config).unwrap();
    std::fs::create_dir_all(to.join("layouts/_default")).unwrap();
    std::fs::write(
        to.join("layouts/_default/single.html"),
        "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>",
    )
    .unwrap();
    std::fs::write(to.join("layouts/_default/list.html"), "<html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>").unwrap();
    for entry in walkdir::WalkDir::new(from.join("curriculum"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        let Some((base, lang)) = stem.rsplit_once('.') else {
            continue;
        };
        if base.starts_with('_') {
            continue;
        }
        let program = entry.path().parent().unwrap().file_name().unwrap();
        let dir = to.join("content").join(lang).join(program);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(entry.path(), dir.join(format!("{base}.md"))).unwrap();
    }
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
    println!(
        "| corpus | pages | digifam fresh | digifam rebuild | pages/s (fresh) | peak RSS | hugo fresh | hugo rebuild | hugo peak RSS | hugo / digifam (fresh, rebuild) |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("shipped");
    let (fresh, rebuild) = fresh_and_rebuild(11, &out, || digifam_build(shipped, &out, false));
    let pages = count_files(&out, "html");
    println!(
        "| shipped curriculum | {pages} | {} | – | – | – | – |",
        digifam_columns(&fresh, &rebuild, pages, "")
    );
    // With PDFs, which take most of a full build; a rebuild copies them all.
    let (fresh, rebuild) = fresh_and_rebuild(3, &out, || digifam_build(shipped, &out, true));
    let pdfs = count_files(&out, "pdf");
    println!(
        "| shipped curriculum with PDFs | {pages} + {pdfs} PDFs | {} | – | – | – | – |",
        digifam_columns(&fresh, &rebuild, pdfs, " PDFs/s")
    );

    card_sheets_row(shipped, scratch.path(), &fresh);
    certificates_row(shipped, scratch.path());

    for lessons in sizes {
        let dir = tempfile::tempdir().unwrap();
        digifam::synthetic::write_synthetic_curriculum(dir.path(), lessons, LANGUAGES).unwrap();
        let out = dir.path().join("public");
        let runs = if lessons > 5000 { 3 } else { 5 };
        let (fresh, rebuild) =
            fresh_and_rebuild(runs, &out, || digifam_build(dir.path(), &out, false));
        let pages = count_files(&out, "html");
        let hugo_columns = if hugo {
            let site = dir.path().join("hugo");
            write_hugo_site(dir.path(), &site);
            let public = site.join("public");
            let (hugo_fresh, hugo_rebuild) = fresh_and_rebuild(runs, &public, || {
                let mut command = Command::new("hugo");
                command
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(&public);
                command
            });
            format!(
                "{:.2} s | {:.2} s | {:.0} MiB | {:.2}, {:.2}",
                hugo_fresh.secs(),
                hugo_rebuild.secs(),
                hugo_fresh.peak_mib.max(hugo_rebuild.peak_mib),
                hugo_fresh.secs() / fresh.secs(),
                hugo_rebuild.secs() / rebuild.secs()
            )
        } else {
            "not installed | – | – | –".to_owned()
        };
        println!(
            "| {lessons} lessons × {} languages | {pages} | {} | {hugo_columns} |",
            LANGUAGES.len(),
            digifam_columns(&fresh, &rebuild, pages, "")
        );
    }
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
        "| shipped curriculum with PDFs and a card block per lesson | {sheets} card sheets + {} PDFs | {:.3} s | {:.3} s | {:.1} card sheets/s (the {:.2} s they add) | {:.0} MiB | – | – | – | – |",
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
            let _ = std::fs::remove_dir_all(&out);
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
        "| certificates, {PEOPLE}-person roster (3 of 4 bilingual) | {PEOPLE} + 1 PDFs | {:.3} s | – | {:.1} certificates/s | {:.0} MiB | – | – | – | – |",
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
