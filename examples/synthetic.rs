//! Writes a generated curriculum, the same one `cargo bench --bench build` measures, so that a
//! build of it can be profiled or compared by hand.
//!
//! Run: `cargo run --release --example synthetic -- DIR LESSONS [PER_UNIT] [LANG...]`
//! (default: units of 20 lessons; languages en de ar uk tr).

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let (Some(dir), Some(lessons)) = (args.next(), args.next()) else {
        eprintln!("usage: synthetic DIR LESSONS [PER_UNIT] [LANG...]");
        std::process::exit(2);
    };
    let Ok(lessons) = lessons.parse::<usize>() else {
        eprintln!("LESSONS must be a number, not {lessons:?}");
        std::process::exit(2);
    };
    let per_unit = args
        .next_if(|a| a.parse::<usize>().is_ok())
        .map_or(20, |a| a.parse().unwrap_or(20));
    let languages: Vec<String> = args.collect();
    let languages: Vec<&str> = if languages.is_empty() {
        vec!["en", "de", "ar", "uk", "tr"]
    } else {
        languages.iter().map(String::as_str).collect()
    };
    if let Err(error) =
        digifam::synthetic::write_synthetic_curriculum(dir.as_ref(), lessons, per_unit, &languages)
    {
        eprintln!("cannot write {dir}: {error}");
        std::process::exit(1);
    }
}
