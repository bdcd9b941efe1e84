//! The `digifam` command line: a thin layer over the library.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use digifam::build::{self, BuildOptions};
use digifam::content;
use digifam::diagnostic::{Diagnostic, Diagnostics, display_path};
use digifam::serve::{self, ServeOptions, Server};
use digifam::translation::{self, Counts, State};
use digifam::{config::SiteConfig, scaffold};

#[path = "main/office_cli.rs"]
mod office_cli;

// A build allocates millions of small strings from two threads at once; mimalloc makes that
// markedly cheaper than the system allocator (see the README's benchmark figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  digifam serve                      preview the site at http://127.0.0.1:1111/, live
  digifam build                      build ./curriculum into ./public
  digifam build --lang en --lang ar  build English and Arabic only
  digifam build --root ../course --out /tmp/site
  digifam check                      report every problem, write nothing
  digifam check --format json        the same, for tools and editors
  digifam status                     which translations are missing or outdated
  digifam new lesson basic \"Video calls\"
  digifam new translation curriculum/basic/01-switching-on.en.md de
  digifam translated curriculum/basic/01-switching-on.de.md
  digifam certificates --program little-mentor --roster people.csv --lang de
  digifam attendance --program basic --start 2027-02-01 --weekdays mon,thu

Exit codes: 0 success, 1 content errors, 2 usage errors.";

#[derive(Parser)]
#[command(name = "digifam", version, about = "Builds the Digital Families curriculum into a multilingual website", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website, its PDFs, each language's kit (a ZIP of its PDFs) and each unit's
    /// courses for learning platforms (Common Cartridge for Moodle, SCORM) into the output folder
    #[command(
        after_help = "Examples:\n  digifam build\n  digifam build --root my-course --out site --lang en --lang de\n  digifam build --no-pdf --no-lms\n\nThe output folder is replaced only if digifam made it (or it is empty)."
    )]
    Build {
        /// Project folder: holds curriculum/ and optionally themes/ and locales/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (replaced on every build)
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Build only this language (repeatable); the default language is always built
        #[arg(long = "lang", value_name = "CODE")]
        languages: Vec<String>,
        /// Leave out the PDFs and the kits (much faster)
        #[arg(long)]
        no_pdf: bool,
        /// Leave out the course packages for learning platforms (.imscc, .scorm.zip)
        #[arg(long)]
        no_lms: bool,
    },
    /// Preview the site in the browser; it rebuilds and reloads on every save
    #[command(
        after_help = "Examples:\n  digifam serve\n  digifam serve --port 8080 --open\n\nProblems are shown in the browser; the last good pages stay served until they are fixed."
    )]
    Serve {
        /// Project folder: holds curriculum/ and optionally themes/ and locales/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on [default: 1111, or the next free one]; 0 picks any free port
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; other computers can reach the preview only with another address
        #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
        bind: IpAddr,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
        /// Do not make PDFs, not even when one is asked for
        #[arg(long)]
        no_pdf: bool,
    },
    /// Check the content and report every problem at once, without writing anything
    #[command(
        after_help = "Examples:\n  digifam check\n  digifam check --root my-course --format json\n  digifam check --show-changes"
    )]
    Check {
        /// Project folder: holds curriculum/ and optionally themes/ and locales/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// For outdated translations, show what changed in the source since (needs git)
        #[arg(long)]
        show_changes: bool,
    },
    /// Show for each unit and language how many translations are up to date, outdated or missing
    #[command(after_help = "Examples:\n  digifam status\n  digifam status --format json")]
    Status {
        /// Project folder: holds curriculum/ and optionally themes/ and locales/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the table
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Record that translations are up to date with their source (writes `source_version`)
    #[command(
        after_help = "Examples:\n  digifam translated curriculum/basic/01-switching-on.de.md\n  digifam translated curriculum/basic/*.de.md\n\nOnly the `source_version:` line of each file is written."
    )]
    Translated {
        /// Translation files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Start a new lesson or translation from a template
    #[command(subcommand)]
    New(New),
    /// Make certificates from a participant list, into a folder of their own (never published)
    #[command(
        after_help = "Examples:\n  digifam certificates --program little-mentor --roster people.csv\n  digifam certificates --program basic --roster kurs.xlsx --lang de --second-lang ar \\\n      --institution \"VHS Dortmund\" --place Dortmund --date 2027-06-30 --logo logo.svg\n\nOnly people who meet the unit's attendance rule (`certificate: attendance:` in its\nfront matter) get one; the others are listed by row with the reason."
    )]
    Certificates(office_cli::CertificatesArgs),
    /// Make a course's attendance list (PDF to print, CSV for the funder), week by week
    #[command(
        after_help = "Examples:\n  digifam attendance --program basic --start 2027-02-01 --weekdays mon,thu\n  digifam attendance --program basic --roster kurs.csv --start 2027-02-01 --skip 2027-04-05\n  digifam attendance --program family           (no dates, 15 empty lines)"
    )]
    Attendance(office_cli::AttendanceArgs),
}

#[derive(Subcommand)]
enum New {
    /// Write the next numbered lesson of a unit, in the default language
    #[command(
        after_help = "Example:\n  digifam new lesson basic \"Video calls with the family\"\n\nExisting files are never overwritten."
    )]
    Lesson {
        /// The unit's folder name, e.g. `basic`
        program: String,
        /// The lesson's title
        title: String,
        /// Project folder: holds curriculum/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a translation stub of a source file: its text to translate, its version recorded
    #[command(
        after_help = "Example:\n  digifam new translation curriculum/basic/01-switching-on.en.md ar\n\nExisting files are never overwritten."
    )]
    Translation {
        /// The source file, in the default language
        file: PathBuf,
        /// The language code to translate into
        lang: String,
        /// Project folder: holds curriculum/ and optionally themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn print_diagnostics(root: &Path, diagnostics: impl IntoIterator<Item = Diagnostic>) {
    let mut err = anstream::stderr().lock();
    for mut d in diagnostics {
        d.file = display_path(root, &d.file);
        let _ = writeln!(err, "{}", d.render(true));
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(warnings, "warning"),
        plural(errors, "error")
    )
}

fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints `text` on standard output. A reader that stops early (`digifam check --format json |
/// head -1`) is a normal end, as for ripgrep: the program exits 0 without a word.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("digifam: cannot write to standard output: {err}");
        std::process::exit(2);
    }
}

/// `println!` through [`emit`].
macro_rules! say {
    ($($arg:tt)*) => {
        emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

fn print_json(value: &serde_json::Value) {
    say!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            languages,
            no_pdf,
            no_lms,
        } => build_site(BuildOptions {
            root,
            out,
            languages,
            pdf: !no_pdf,
            lms: !no_lms,
        }),
        Command::Serve {
            root,
            port,
            bind,
            open,
            no_pdf,
        } => serve_site(
            &ServeOptions {
                root,
                bind,
                port,
                pdf: !no_pdf,
            },
            open,
        ),
        Command::Check {
            root,
            format,
            show_changes,
        } => check(&root, format, show_changes),
        Command::Status { root, format } => status(&root, format),
        Command::Translated { files } => translated(&files),
        Command::New(New::Lesson {
            program,
            title,
            root,
        }) => created(
            &root,
            scaffold::new_lesson(&root, &program, &title),
            "fill in the front matter and the text, then run `digifam check`",
        ),
        Command::New(New::Translation { file, lang, root }) => created(
            &root,
            scaffold::new_translation(&root, &file, &lang),
            "translate the text; when a native speaker has checked it, change `status: draft` to \
             `status: reviewed`",
        ),
        Command::Certificates(args) => office_cli::certificates(args),
        Command::Attendance(args) => office_cli::attendance(args),
    }
}

fn build_site(options: BuildOptions) -> ExitCode {
    let bar = BuildProgress::new();
    let report = build::build(&options, &|stage| bar.show(stage));
    bar.finish();
    let (errors, warnings) = (report.diagnostics.errors(), report.diagnostics.warnings());
    print_diagnostics(&options.root, report.diagnostics.sorted());
    let pages: Vec<String> = report
        .pages_per_language
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    let unchanged = match (report.pages_made, report.pages_unchanged) {
        (_, 0) => String::new(),
        (made, unchanged) => format!(" ({made} made, {unchanged} unchanged)"),
    };
    let mut err = anstream::stderr().lock();
    if report.written {
        let _ = writeln!(
            err,
            "\x1b[1;32mBuilt\x1b[0m {} — pages: {}{unchanged} · {} · {:.2} s",
            options.out.display(),
            pages.join(", "),
            summary(errors, warnings),
            report.elapsed.as_secs_f64()
        );
    } else {
        let _ = writeln!(
            err,
            "\x1b[1;31mNot built\x1b[0m — {} · {:.2} s; the previous site in {} is unchanged",
            summary(errors, warnings),
            report.elapsed.as_secs_f64(),
            options.out.display()
        );
    }
    exit_code(errors > 0)
}

/// The build's progress on stderr: a spinner while checking and writing pages, a bar counting
/// the PDFs, which take most of a full build. indicatif draws nothing when stderr is not a
/// terminal, so logs and pipes stay clean.
struct BuildProgress {
    bar: indicatif::ProgressBar,
}

impl BuildProgress {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        BuildProgress { bar }
    }

    fn show(&self, stage: build::Stage) {
        match stage {
            build::Stage::Content => self.bar.set_message("checking the content…"),
            build::Stage::Pdfs { done: 0, total } => {
                self.bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} making PDFs {bar:30} {pos}/{len} · {eta} left",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                self.bar.set_length(total as u64);
                self.bar.set_position(0);
            }
            // PDFs finish on several threads, so a count may arrive after a larger one.
            build::Stage::Pdfs { done, .. } if done as u64 > self.bar.position() => {
                self.bar.set_position(done as u64);
            }
            build::Stage::Pdfs { .. } => {}
            build::Stage::Pages => {
                self.bar
                    .set_style(indicatif::ProgressStyle::default_spinner());
                self.bar.set_message("writing the pages…");
            }
        }
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn serve_site(options: &ServeOptions, open: bool) -> ExitCode {
    let root = options.root.clone();
    let server = match Server::start(options, move |outcome| serve::print_outcome(&root, outcome)) {
        Ok(server) => server,
        Err(err) => {
            let hint = err.hint();
            print_diagnostics(
                &options.root,
                [Diagnostic::error("digifam serve", err.to_string()).hint(hint)],
            );
            return ExitCode::from(1);
        }
    };
    serve::print_outcome(&options.root, &server.first);
    let url = server.url();
    let mut err = anstream::stderr().lock();
    if let Some(port) = server.skipped_port {
        let _ = writeln!(
            err,
            "port {port} is taken; serving on port {} instead",
            server.addr().port()
        );
    }
    say!("Serving {} at {url}", options.root.display());
    let _ = writeln!(
        err,
        "Watching curriculum/, themes/ and locales/ for changes; press Ctrl+C to stop."
    );
    drop(err);
    if open && let Err(e) = serve::open_browser(&url) {
        eprintln!("cannot open the browser ({e}); open {url} yourself");
    }
    loop {
        std::thread::park();
    }
}

fn check(root: &Path, format: Format, show_changes: bool) -> ExitCode {
    let mut diagnostics = Diagnostics::default();
    let checked = build::check(root, &[], &mut diagnostics);
    let lessons = checked.as_ref().map_or(0, |c| c.project.lesson_count());
    let (errors, warnings) = (diagnostics.errors(), diagnostics.warnings());
    let outdated = checked
        .as_ref()
        .filter(|_| show_changes)
        .map(|c| translation::outdated(&c.project))
        .unwrap_or_default();
    let changes: Vec<Option<String>> = outdated
        .iter()
        .map(|o| translation::changes(root, &o.source, &o.recorded))
        .collect();
    match format {
        Format::Json => {
            let mut json = serde_json::json!({"errors": errors, "warnings": warnings, "lessons": lessons, "diagnostics": diagnostics.sorted()});
            if show_changes {
                json["outdated"] = outdated
                    .iter()
                    .zip(&changes)
                    .map(|(o, diff)| {
                        let mut entry = serde_json::json!(o);
                        entry["changes"] = serde_json::json!(diff);
                        entry
                    })
                    .collect();
            }
            print_json(&json);
        }
        Format::Human => {
            print_diagnostics(root, diagnostics.sorted());
            let mut err = anstream::stderr().lock();
            for (o, diff) in outdated.iter().zip(&changes) {
                let _ = match diff {
                    Some(diff) => writeln!(
                        err,
                        "\x1b[1mWhat changed in {} since {} was translated:\x1b[0m\n{diff}",
                        o.source.display(),
                        o.translation.display()
                    ),
                    None => writeln!(
                        err,
                        "\x1b[1m{}\x1b[0m: git's history has no version {} of {}; compare the two files by hand.\n",
                        o.translation.display(),
                        o.recorded,
                        o.source.display()
                    ),
                };
            }
            let verdict = if errors > 0 {
                "\x1b[1;31mProblems found\x1b[0m"
            } else {
                "\x1b[1;32mAll good\x1b[0m"
            };
            let _ = writeln!(
                err,
                "{verdict} — {lessons} lessons checked · {}",
                summary(errors, warnings)
            );
        }
    }
    exit_code(errors > 0)
}

fn status(root: &Path, format: Format) -> ExitCode {
    let mut diagnostics = Diagnostics::default();
    let Some(project) = content::load(root, &content::Memo::default(), &mut diagnostics) else {
        print_diagnostics(root, diagnostics.sorted());
        return ExitCode::from(1);
    };
    let site = &project.site;
    let languages: Vec<&str> = translation::translation_languages(site).collect();
    let rows = translation::rows(&project);
    let table: Vec<(String, &str, Counts)> = project
        .programs
        .iter()
        .flat_map(|program| {
            let rows: Vec<&translation::Row> =
                rows.iter().filter(|r| r.program == program.slug).collect();
            languages
                .iter()
                .map(move |lang| (program.slug.clone(), *lang, Counts::of(rows.clone(), lang)))
        })
        .collect();
    let unreadable = diagnostics.errors();
    let pictures = translation::untranslated_pictures(&project);
    match format {
        Format::Json => print_json(&serde_json::json!({
            "source_language": site.default_language,
            "programs": table.iter().map(|(program, lang, counts)| serde_json::json!({"program": program, "lang": lang, "counts": counts})).collect::<Vec<_>>(),
            "files": rows,
            "untranslated_pictures": pictures,
            "errors": unreadable,
        })),
        Format::Human => print_status(site, &rows, &table, &pictures, unreadable),
    }
    ExitCode::SUCCESS
}

fn print_status(
    site: &SiteConfig,
    rows: &[translation::Row],
    table: &[(String, &str, Counts)],
    pictures: &[translation::UntranslatedPicture],
    unreadable: usize,
) {
    use std::fmt::Write as _;
    if table.is_empty() {
        say!(
            "The site has only one language ({}): there is nothing to translate.",
            site.default_language
        );
        return;
    }
    let mut out = String::new();
    let width = table
        .iter()
        .map(|(p, _, _)| p.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    let _ = write!(out, "{:width$}  lang", "unit");
    for state in State::ALL {
        let _ = write!(out, "  {:>10}", state.as_str());
    }
    let _ = writeln!(out, "  {:>10}", "pictures");
    for (program, lang, counts) in table {
        let _ = write!(out, "{program:width$}  {lang:4}");
        for state in State::ALL {
            let _ = write!(out, "  {:>10}", counts.get(state));
        }
        let shown = pictures
            .iter()
            .filter(|p| p.program == *program && p.lang == *lang)
            .count();
        let _ = writeln!(out, "  {shown:>10}");
    }
    if !pictures.is_empty() {
        let _ = writeln!(
            out,
            "\nPictures with words that translations show untranslated (save a translated copy as named):"
        );
        for picture in pictures {
            let _ = writeln!(
                out,
                "  {}  {} ({}) → {} · {}",
                picture.lang,
                picture.picture.display(),
                picture.words.join(", "),
                picture.variant.display(),
                plural(picture.pages.len(), "page")
            );
        }
    }
    let outdated: Vec<&PathBuf> = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.state == State::Outdated)
        .filter_map(|c| c.file.as_ref())
        .collect();
    if !outdated.is_empty() {
        let _ = writeln!(
            out,
            "\nOutdated (the source changed after translating; `digifam check --show-changes` shows how):"
        );
        for file in outdated {
            let _ = writeln!(out, "  {}", file.display());
        }
    }
    if unreadable > 0 {
        let _ = writeln!(
            out,
            "\n{} could not be read; `digifam check` shows why.",
            plural(unreadable, "problem")
        );
    }
    emit(&out);
}

fn translated(files: &[PathBuf]) -> ExitCode {
    let mut failed = Vec::new();
    for file in files {
        match translation::mark_translated(file) {
            Ok(stamp) => {
                let change = match &stamp.previous {
                    Some(previous) if *previous == stamp.version => "already up to date".to_owned(),
                    Some(previous) => format!("was {previous}"),
                    None => "recorded for the first time".to_owned(),
                };
                say!(
                    "{}: source_version {} ({change})",
                    file.display(),
                    stamp.version
                );
            }
            Err(d) => failed.push(d),
        }
    }
    let failed_any = !failed.is_empty();
    print_diagnostics(Path::new("."), failed);
    exit_code(failed_any)
}

fn created(root: &Path, result: Result<PathBuf, Diagnostic>, next: &str) -> ExitCode {
    match result {
        Ok(path) => {
            say!("Created {}", display_path(root, &path).display());
            eprintln!("Next: {next}.");
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(root, [d]);
            ExitCode::from(1)
        }
    }
}
