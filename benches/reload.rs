//! Save-to-reload latency of `digifam serve`: in a generated curriculum of 1,000 lessons in 5
//! languages, a lesson file is saved again and again, and the time is taken from the save to the
//! reload event on the page's event stream, as a browser receives it. Two kinds of edit: the body
//! text (only the lesson's own pages change) and the title (the pages listing the lesson change
//! too; they are served just after the lesson's own pages).
//!
//! Run: `cargo bench --bench reload` (`DIGIFAM_BENCH_LESSONS=1000`, `DIGIFAM_BENCH_EDITS=25`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use digifam::serve::{Outcome, ServeOptions, Server};

const LANGUAGES: &[&str] = &["en", "de", "ar", "uk", "tr"];
const TIMEOUT: Duration = Duration::from_secs(60);

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    stream.read_to_string(&mut body).unwrap();
    body
}

/// Opens the page's event stream, as the reload script does, and reads the first event.
fn subscribe(addr: SocketAddr, page: &str) -> BufReader<TcpStream> {
    let html = get(addr, page);
    let since = html
        .split("data-generation=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the live-reload script");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET /__digifam/events?path={page}&since={since}&lang=en HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    next_state(&mut reader);
    reader
}

fn next_state(reader: &mut BufReader<TcpStream>) -> serde_json::Value {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
        if let Some(data) = line.trim_end().strip_prefix("data: ") {
            return serde_json::from_str(data).unwrap();
        }
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Saves `file` `edits` times with `edit(text, n)`. Returns, for each of `pages`, the times from
/// the save to the page's reload event, and the server's own rebuild times.
fn measure(
    addr: SocketAddr,
    rebuilds: &mpsc::Receiver<Duration>,
    file: &Path,
    pages: &[&str],
    edits: usize,
    edit: &dyn Fn(&str, usize) -> String,
) -> (Vec<Vec<Duration>>, Vec<Duration>) {
    let original = std::fs::read_to_string(file).unwrap();
    let mut latencies = vec![Vec::new(); pages.len()];
    let mut rebuild_times = Vec::new();
    for n in 0..edits {
        let mut streams: Vec<_> = pages.iter().map(|page| subscribe(addr, page)).collect();
        let text = edit(&original, n);
        while rebuilds.try_recv().is_ok() {}
        let saved = Instant::now();
        std::fs::write(file, text).unwrap();
        for (stream, times) in streams.iter_mut().zip(&mut latencies) {
            loop {
                let state = next_state(stream);
                assert_eq!(state["errors"], serde_json::json!([]), "{state}");
                if state["reload"] == true {
                    break;
                }
            }
            times.push(saved.elapsed());
        }
        // The rebuild goes on after the events (the search indexes); the next save waits for it.
        rebuild_times.push(rebuilds.recv_timeout(TIMEOUT).expect("a rebuild"));
    }
    std::fs::write(file, original).unwrap();
    rebuilds.recv_timeout(TIMEOUT).expect("a rebuild");
    (latencies, rebuild_times)
}

fn spread(samples: &[Duration]) -> String {
    let (min, max) = (samples.iter().min(), samples.iter().max());
    format!(
        "median {} (min {}, max {})",
        ms(median(samples.to_vec())),
        ms(*min.unwrap_or(&Duration::ZERO)),
        ms(*max.unwrap_or(&Duration::ZERO))
    )
}

fn main() {
    let lessons = env_number("DIGIFAM_BENCH_LESSONS", 1000);
    let edits = env_number("DIGIFAM_BENCH_EDITS", 25);
    let dir = tempfile::tempdir().unwrap();
    digifam::synthetic::write_synthetic_curriculum(dir.path(), lessons, 100, LANGUAGES).unwrap();
    let (sender, rebuilds) = mpsc::channel();
    let start = Instant::now();
    let options = ServeOptions {
        root: dir.path().to_path_buf(),
        bind: Ipv4Addr::LOCALHOST.into(),
        port: Some(0),
        pdf: false,
    };
    let server = Server::start(&options, move |outcome: &Outcome| {
        let _ = sender.send(outcome.elapsed);
    })
    .unwrap();
    assert!(server.first.errors.is_empty(), "{:?}", server.first.errors);
    println!(
        "{lessons} lessons × {} languages: first build {} ({} pages)",
        LANGUAGES.len(),
        ms(start.elapsed()),
        server.first.rendered
    );

    // A lesson in the middle of a unit: it has neighbours on both sides.
    let index = lessons / 2;
    let (unit, number) = (index / 100 + 1, index % 100 + 1);
    let slug = format!("{number:02}-lesson-{index}");
    let file = dir
        .path()
        .join(format!("curriculum/unit-{unit:03}/{slug}.en.md"));
    let page = format!("/en/unit-{unit:03}/{slug}.html");
    let unit_page = format!("/en/unit-{unit:03}/index.html");
    let marker = "[en] The trainer introduces";
    let title = format!("title: \"[en] Lesson {index}\"");

    let body_edit =
        |text: &str, n: usize| text.replacen(marker, &format!("{marker} (edit {n})"), 1);
    let (times, rebuild_times) =
        measure(server.addr(), &rebuilds, &file, &[&page], edits, &body_edit);
    println!(
        "body text edited {edits} times: save → reload event of the lesson page {}; whole rebuild (with the search indexes) median {}",
        spread(&times[0]),
        ms(median(rebuild_times))
    );

    let title_edit = |text: &str, n: usize| {
        text.replacen(
            &title,
            &format!("title: \"[en] Lesson {index}, edit {n}\""),
            1,
        )
    };
    let (times, rebuild_times) = measure(
        server.addr(),
        &rebuilds,
        &file,
        &[&page, &unit_page],
        edits,
        &title_edit,
    );
    println!(
        "title edited {edits} times: save → reload event of the lesson page {}; of the unit page, which lists it, {}; whole rebuild median {}",
        spread(&times[0]),
        spread(&times[1]),
        ms(median(rebuild_times))
    );
    server.stop();
}
