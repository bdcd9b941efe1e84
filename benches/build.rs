//! Build speed and memory: the shipped curriculum, and generated curricula of 1,000 and 10,000
//! lessons in 5 languages, each built by the release binary; Hugo builds the same pages for
//! comparison when it is installed.
//!
//! Run: `cargo bench --bench build` (sizes: `DIGIFAM_BENCH_LESSONS=1000,10000`, default both).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LANGUAGES: &[&str] = &["en", "de", "ar", "uk", "tr"];

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Peak resident memory of the largest child waited for so far, in MiB.
fn children_peak_mib() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as f64 / 1024.0
}

fn time_command(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let output = make().output().expect("the command starts");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn digifam_build(root: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_digifam"));
    command
        .args(["build", "--no-pdf", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out);
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
        "| corpus | pages | digifam median | pages/s | peak RSS | hugo median | hugo / digifam |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");

    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("shipped");
    let shipped_time = time_command(11, || digifam_build(shipped, &out));
    let pages = count_pages(&out);
    println!(
        "| shipped curriculum | {pages} | {:.3} s | {:.0} | {:.0} MiB | – | – |",
        shipped_time.as_secs_f64(),
        pages as f64 / shipped_time.as_secs_f64(),
        children_peak_mib()
    );

    for lessons in sizes {
        let dir = tempfile::tempdir().unwrap();
        digifam::synthetic::write_synthetic_curriculum(dir.path(), lessons, LANGUAGES).unwrap();
        let out = dir.path().join("public");
        let runs = if lessons > 5000 { 3 } else { 5 };
        let time = time_command(runs, || digifam_build(dir.path(), &out));
        let peak = children_peak_mib();
        let pages = count_pages(&out);
        let (hugo_time, ratio) = if hugo {
            let site = dir.path().join("hugo");
            write_hugo_site(dir.path(), &site);
            let hugo_time = time_command(runs, || {
                let mut command = Command::new("hugo");
                command
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(site.join("public"));
                command
            });
            (
                format!("{:.2} s", hugo_time.as_secs_f64()),
                format!("{:.2}", hugo_time.as_secs_f64() / time.as_secs_f64()),
            )
        } else {
            ("not installed".to_owned(), "–".to_owned())
        };
        println!(
            "| {lessons} lessons × {} languages | {pages} | {:.2} s | {:.0} | {peak:.0} MiB | {hugo_time} | {ratio} |",
            LANGUAGES.len(),
            time.as_secs_f64(),
            pages as f64 / time.as_secs_f64()
        );
    }
}

fn count_pages(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}
