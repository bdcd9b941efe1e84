//! `digifam certificates` and `digifam attendance`: the course office's commands. What they make
//! holds personal data, so they print row numbers, never names.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use digifam::office::{self, AttendanceOptions, CertificateOptions, OfficeOptions, Report};

use crate::{exit_code, print_diagnostics, summary};

/// What both commands take.
#[derive(Args)]
pub struct Common {
    /// Project folder: holds curriculum/ and optionally themes/ and locales/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The unit, by its folder name (e.g. `little-mentor`)
    #[arg(long)]
    program: String,
    /// The language of the documents [default: the site's default language]
    #[arg(long = "lang", value_name = "CODE")]
    lang: Option<String>,
    /// Folder to write into [default: a new folder named after the unit and today's date]; never
    /// inside the curriculum or a published site
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct CertificatesArgs {
    #[command(flatten)]
    common: Common,
    /// The participant list: CSV (`;` or `,`, UTF-8), .xlsx or .ods, with at least a `name` column
    #[arg(long, value_name = "FILE")]
    roster: PathBuf,
    /// A second language beside the first, e.g. the participants' own [default: each person's
    /// `language` column]
    #[arg(long, value_name = "CODE")]
    second_lang: Option<String>,
    /// The issuing institution [default: the roster's `institution` column]
    #[arg(long)]
    institution: Option<String>,
    /// The place of issue [default: the roster's `place` column]
    #[arg(long)]
    place: Option<String>,
    /// The date of issue, e.g. 2027-06-30 [default: each person's `end` date]
    #[arg(long)]
    date: Option<String>,
    /// The institution's logo (SVG, PNG or JPEG), printed at the top
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
}

#[derive(Args)]
pub struct AttendanceArgs {
    #[command(flatten)]
    common: Common,
    /// The participant list; without it, each sheet has numbered empty lines
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// The date of the first session, e.g. 2027-02-01; without it, the dates are left empty
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// The course days, e.g. `mon,thu` [default: the weekday of --start]
    #[arg(long, value_name = "DAYS")]
    weekdays: Vec<String>,
    /// A day without a session, e.g. a holiday (repeatable); the next course day takes its place
    #[arg(long, value_name = "DATE")]
    skip: Vec<String>,
    /// Numbered lines per sheet without a roster
    #[arg(long, default_value_t = 15)]
    lines: usize,
}

fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    digifam::date::Date::new(1970, 1, 1)
        .map(|epoch| epoch.add_days(days as i64).to_string())
        .unwrap_or_default()
}

impl Common {
    fn options(self, roster: Option<PathBuf>) -> OfficeOptions {
        OfficeOptions {
            root: self.root,
            program: self.program,
            roster,
            lang: self.lang,
            out: self.out,
            today: today(),
        }
    }
}

/// A bar for the PDFs on a terminal; nothing in a pipe or a log.
fn bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} making PDFs {bar:30} {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn finish(root: &std::path::Path, report: Report) -> ExitCode {
    let (errors, warnings) = (report.diagnostics.errors(), report.diagnostics.warnings());
    print_diagnostics(root, report.diagnostics.sorted());
    let mut err = anstream::stderr().lock();
    for line in &report.summary {
        let _ = writeln!(err, "{line}");
    }
    match &report.out {
        Some(out) => {
            let _ = writeln!(
                err,
                "\x1b[1;32mWritten\x1b[0m {} files to {} · {} — they hold personal data: keep them off the website and shared drives",
                report.written.len(),
                out.display(),
                summary(errors, warnings)
            );
        }
        None => {
            let _ = writeln!(
                err,
                "\x1b[1;31mNothing written\x1b[0m — {}",
                summary(errors, warnings)
            );
        }
    }
    exit_code(report.out.is_none())
}

pub fn certificates(args: CertificatesArgs) -> ExitCode {
    let root = args.common.root.clone();
    let options = CertificateOptions {
        office: args.common.options(Some(args.roster)),
        second_lang: args.second_lang,
        institution: args.institution,
        place: args.place,
        date: args.date,
        logo: args.logo,
    };
    let bar = bar();
    let report = office::certificates(&options, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    finish(&root, report)
}

pub fn attendance(args: AttendanceArgs) -> ExitCode {
    let root = args.common.root.clone();
    let options = AttendanceOptions {
        office: args.common.options(args.roster),
        start: args.start,
        weekdays: args.weekdays,
        skip: args.skip,
        lines: args.lines,
    };
    let report = office::attendance(&options, &|_, _| {});
    finish(&root, report)
}
