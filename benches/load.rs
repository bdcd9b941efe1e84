//! `digifam serve` under load: 64 clients request pages over kept-alive connections as fast as
//! they can, while a lesson is saved every 200 ms (each save rebuilds and re-serves pages) and 300
//! other clients hold connections open without finishing a request, as slow or hostile ones do.
//! Reported: requests per second, median and 99th-percentile latency, errors, and the threads of
//! the process (the preview caps its connection threads; see src/serve/connection.rs).
//!
//! Run: `cargo bench --bench load` (`DIGIFAM_BENCH_LESSONS=1000`, `DIGIFAM_BENCH_SECONDS=20`,
//! `DIGIFAM_BENCH_CLIENTS=64`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use digifam::serve::{ServeOptions, Server};

const LANGUAGES: &[&str] = &["en", "de", "ar", "uk", "tr"];
const SLOW_CLIENTS: usize = 300;
const SAVE_EVERY: Duration = Duration::from_millis(200);

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One client: GET requests in turn over one kept-alive connection (a new one after an error),
/// until `done`; the latency of each, and how many failed.
fn client(addr: SocketAddr, pages: &[String], done: &AtomicBool) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut connection: Option<BufReader<TcpStream>> = None;
    for page in pages.iter().cycle() {
        if done.load(Ordering::Relaxed) {
            break;
        }
        let start = Instant::now();
        let reader = match connection.take().map_or_else(|| connect(addr), Ok) {
            Ok(reader) => reader,
            Err(_) => {
                errors += 1;
                continue;
            }
        };
        match request(reader, addr, page) {
            Some(reader) => {
                latencies.push(start.elapsed());
                connection = Some(reader);
            }
            None => errors += 1,
        }
    }
    (latencies, errors)
}

fn connect(addr: SocketAddr) -> std::io::Result<BufReader<TcpStream>> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    Ok(BufReader::new(stream))
}

/// Sends one GET and reads its answer; the connection back when the answer was a 200.
fn request(
    mut reader: BufReader<TcpStream>,
    addr: SocketAddr,
    page: &str,
) -> Option<BufReader<TcpStream>> {
    write!(
        reader.get_mut(),
        "GET {page} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .ok()?;
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let ok = line.starts_with("HTTP/1.1 200");
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    ok.then_some(reader)
}

fn threads() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Threads:").map(|n| n.trim().to_owned()))
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

fn main() {
    let lessons = env_number("DIGIFAM_BENCH_LESSONS", 1000);
    let seconds = env_number("DIGIFAM_BENCH_SECONDS", 20);
    let clients = env_number("DIGIFAM_BENCH_CLIENTS", 64);
    let dir = tempfile::tempdir().unwrap();
    digifam::synthetic::write_synthetic_curriculum(dir.path(), lessons, 100, LANGUAGES).unwrap();
    let options = ServeOptions {
        root: dir.path().to_path_buf(),
        bind: Ipv4Addr::LOCALHOST.into(),
        port: Some(0),
        pdf: false,
    };
    let server = Server::start(&options, |_| {}).unwrap();
    let addr = server.addr();
    let pages: Vec<String> = (0..lessons.min(200))
        .map(|i| {
            format!(
                "/en/unit-{:03}/{:02}-lesson-{i}.html",
                i / 100 + 1,
                i % 100 + 1
            )
        })
        .collect();
    let before = threads();

    let slow: Vec<TcpStream> = (0..SLOW_CLIENTS)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .filter_map(|mut s| s.write_all(b"GET / HTTP/1.1\r\n").ok().map(|()| s))
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let saver = {
        let done = Arc::clone(&done);
        let file = dir.path().join("curriculum/unit-001/01-lesson-0.en.md");
        thread::spawn(move || {
            let original = std::fs::read_to_string(&file).unwrap();
            let mut saves = 0;
            while !done.load(Ordering::Relaxed) {
                std::fs::write(&file, format!("{original}\nSaved {saves}.\n")).unwrap();
                saves += 1;
                thread::sleep(SAVE_EVERY);
            }
            saves
        })
    };
    let workers: Vec<_> = (0..clients)
        .map(|n| {
            let done = Arc::clone(&done);
            let mut pages = pages.clone();
            let shift = n % pages.len().max(1);
            pages.rotate_left(shift);
            thread::spawn(move || client(addr, &pages, &done))
        })
        .collect();
    thread::sleep(Duration::from_secs(seconds as u64));
    let during = threads();
    done.store(true, Ordering::Relaxed);
    let saves = saver.join().unwrap();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (times, failed) = worker.join().unwrap();
        latencies.extend(times);
        errors += failed;
    }
    latencies.sort();
    println!(
        "serve, {lessons} lessons × {} languages, {clients} clients for {seconds} s, {} slow connections held, a save every {} ms ({saves} saves):",
        LANGUAGES.len(),
        slow.len(),
        SAVE_EVERY.as_millis()
    );
    println!(
        "  {:.0} requests/s · median {:.2} ms · p99 {:.2} ms · {errors} errors · threads {before} before, {during} during (of which {clients} clients)",
        latencies.len() as f64 / seconds as f64,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
    );
    drop(slow);
    server.stop();
}
