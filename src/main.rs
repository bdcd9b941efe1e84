//! The `digifam` command line: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use digifam::build::{self, BuildOptions};
use digifam::diagnostic::{Diagnostics, display_path};

const EXAMPLES: &str = "\
Examples:
  digifam build                      build ./curriculum into ./public
  digifam build --lang en --lang ar  build English and Arabic only
  digifam build --root ../course --out /tmp/site
  digifam check                      report every problem, write nothing
  digifam check --format json        the same, for tools and editors

Exit codes: 0 success, 1 content errors, 2 usage errors.";

#[derive(Parser)]
#[command(name = "digifam", version, about = "Builds the Digital Families curriculum into a multilingual website", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website from curriculum/ into the output folder
    #[command(
        after_help = "Examples:\n  digifam build\n  digifam build --root my-course --out site --lang en --lang de\n\nThe output folder is replaced only if digifam made it (or it is empty)."
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
    },
    /// Check the content and report every problem at once, without writing anything
    #[command(
        after_help = "Examples:\n  digifam check\n  digifam check --root my-course --format json"
    )]
    Check {
        /// Project folder: holds curriculum/ and optionally themes/ and locales/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn print_diagnostics(root: &std::path::Path, diagnostics: Diagnostics) {
    let mut err = anstream::stderr().lock();
    for mut d in diagnostics.sorted() {
        d.file = display_path(root, &d.file);
        let _ = writeln!(err, "{}", d.render(true));
    }
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(warnings, "warning"),
        plural(errors, "error")
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            languages,
        } => {
            let report = build::build(&BuildOptions {
                root: root.clone(),
                out: out.clone(),
                languages,
            });
            let (errors, warnings) = (report.diagnostics.errors(), report.diagnostics.warnings());
            print_diagnostics(&root, report.diagnostics);
            let pages: Vec<String> = report
                .pages_per_language
                .iter()
                .map(|(lang, n)| format!("{lang} {n}"))
                .collect();
            let mut err = anstream::stderr().lock();
            if report.written {
                let _ = writeln!(
                    err,
                    "\x1b[1;32mBuilt\x1b[0m {} — pages: {} · {} · {:.2} s",
                    out.display(),
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
                    out.display()
                );
            }
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Check { root, format } => {
            let mut diagnostics = Diagnostics::default();
            let checked = build::check(&root, &[], &mut diagnostics);
            let lessons = checked.as_ref().map_or(0, |c| c.project.lesson_count());
            let (errors, warnings) = (diagnostics.errors(), diagnostics.warnings());
            match format {
                Format::Json => {
                    let list = diagnostics.sorted();
                    let json = serde_json::json!({"errors": errors, "warnings": warnings, "lessons": lessons, "diagnostics": list});
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&json).unwrap_or_default()
                    );
                }
                Format::Human => {
                    print_diagnostics(&root, diagnostics);
                    let mut err = anstream::stderr().lock();
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
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
