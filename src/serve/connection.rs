//! The preview's HTTP/1.1 connections: one thread each, at most [`MAX_CONNECTIONS`] at a time,
//! and none kept by a client that is slow to send its request or idle between requests. A flood of
//! connections is answered "503 busy" instead of exhausting threads, and a failed accept (too many
//! open files) is waited out instead of ending the server.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// More than a browser, the live-reload streams of many tabs and a load test need; far fewer
/// threads than would trouble a laptop.
pub const MAX_CONNECTIONS: usize = 512;
/// How long a client may take to send a request's head, from its first byte.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may wait for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// A request head larger than this is refused (431); a browser's is a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;
/// How long to wait before accepting again after the system refused a connection.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// One request's head, with the connection to answer on.
pub struct Request {
    method: String,
    url: String,
    keep_alive: bool,
    stream: TcpStream,
}

impl Request {
    pub fn method(&self) -> &str {
        &self.method
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Answers with `body` (left out for HEAD) and its length; `headers` come after the status.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let connection = if self.keep_alive {
            "keep-alive"
        } else {
            "close"
        };
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: {connection}\r\n",
            reason(status),
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let body = if self.method == "HEAD" { &[][..] } else { body };
        // The browser may have gone away; there is nobody left to tell.
        let _ = self
            .stream
            .write_all(head.as_bytes())
            .and_then(|()| self.stream.write_all(body))
            .and_then(|()| self.stream.flush());
    }

    /// The raw connection, for an answer written over time (the live-reload event stream). The
    /// connection ends when the writer is dropped.
    pub fn into_writer(self) -> Writer {
        let _ = self.stream.set_write_timeout(None);
        Writer(self.stream)
    }
}

/// A connection being written to over time; dropping it closes the connection for both sides.
pub struct Writer(TcpStream);

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.shutdown(Shutdown::Both);
    }
}

/// Accepts connections on `listener` until `stopping` says so, and hands each request to `handle`
/// on the connection's own thread.
pub fn accept_loop(
    listener: TcpListener,
    stopping: impl Fn() -> bool + Send + 'static,
    handle: impl Fn(Request) + Send + Sync + 'static,
) -> JoinHandle<()> {
    let handle = Arc::new(handle);
    let active = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        for stream in listener.incoming() {
            if stopping() {
                break;
            }
            match stream {
                Ok(stream) if active.load(Ordering::Acquire) >= MAX_CONNECTIONS => busy(stream),
                Ok(stream) => {
                    let guard = Active::enter(&active);
                    let handle = Arc::clone(&handle);
                    // A thread that cannot be made drops its connection, nothing more.
                    let _ = thread::Builder::new().spawn(move || {
                        let _guard = guard;
                        serve_connection(stream, &*handle);
                    });
                }
                // Too many open files, or a connection reset before it was accepted.
                Err(_) => thread::sleep(ACCEPT_BACKOFF),
            }
        }
    })
}

/// Wakes the accept loop so that it sees it is stopping. A server bound to every address
/// (`--bind 0.0.0.0`) is reached through the loopback address, which every system accepts.
pub fn wake(mut addr: SocketAddr) {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
}

/// Counts a connection for as long as it lives.
struct Active(Arc<AtomicUsize>);

impl Active {
    fn enter(count: &Arc<AtomicUsize>) -> Active {
        count.fetch_add(1, Ordering::AcqRel);
        Active(Arc::clone(count))
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n",
    );
    let _ = stream.shutdown(Shutdown::Both);
}

/// Reads requests from one connection until it closes, times out or asks to close.
fn serve_connection(mut stream: TcpStream, handle: &dyn Fn(Request)) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(HEAD_TIMEOUT));
    let mut buffer = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buffer) {
            Ok(Some(head)) => head,
            Err(err) if err.kind() == ErrorKind::InvalidData => return refuse(stream, 431),
            Ok(None) | Err(_) => return,
        };
        let Ok(writer) = stream.try_clone() else {
            return;
        };
        let request = match parse(&buffer[..head], writer) {
            Ok(request) => request,
            Err(status) => return refuse(stream, status),
        };
        buffer.drain(..head);
        let keep_alive = request.keep_alive;
        handle(request);
        if !keep_alive {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Answers a request that cannot be read with `status`, and closes the connection.
fn refuse(stream: TcpStream, status: u16) {
    let refusal = Request {
        method: String::new(),
        url: String::new(),
        keep_alive: false,
        stream,
    };
    refusal.respond(
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        b"",
    );
}

/// Reads until `buffer` holds a whole request head; its length, or `None` when the client closed
/// the connection or let it idle.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<Option<usize>> {
    let mut started: Option<Instant> = (!buffer.is_empty()).then(Instant::now);
    let mut chunk = [0; 4096];
    loop {
        if let Some(end) = find_head_end(buffer) {
            return Ok(Some(end));
        }
        if buffer.len() > MAX_HEAD {
            return Err(io::Error::new(ErrorKind::InvalidData, "head too large"));
        }
        let timeout = match started {
            Some(at) => HEAD_TIMEOUT.saturating_sub(at.elapsed()),
            None => IDLE_TIMEOUT,
        };
        if timeout.is_zero() {
            return Ok(None);
        }
        stream.set_read_timeout(Some(timeout))?;
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                buffer.extend_from_slice(&chunk[..n]);
            }
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(None);
            }
            Err(err) => return Err(err),
        }
    }
}

fn find_head_end(buffer: &[u8]) -> Option<usize> {
    buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// The request in a complete head, or the status that refuses it.
fn parse(head: &[u8], stream: TcpStream) -> Result<Request, u16> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    }
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    // Only GET and HEAD are served; a request with a body ends its connection after the answer,
    // so the body is never read as the next request.
    let has_body = header("transfer-encoding").is_some()
        || header("content-length").is_some_and(|length| length.trim() != "0");
    let connection = header("connection").unwrap_or_default();
    let keep_alive = !has_body
        && match parsed.version {
            Some(1) => !connection.contains("close"),
            _ => connection.contains("keep-alive"),
        };
    Ok(Request {
        method: parsed.method.unwrap_or_default().to_owned(),
        url: parsed.path.unwrap_or("/").to_owned(),
        keep_alive,
        stream,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn two_requests_share_a_connection_and_stop_ends_the_loop() {
        let listener = TcpListener::bind((Ipv4Addr::UNSPECIFIED, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let accepting = accept_loop(
            listener,
            move || stop.load(Ordering::Relaxed),
            |request: Request| {
                let body = request.url().to_owned();
                request.respond(200, &[], body.as_bytes());
            },
        );
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, addr.port())).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET /a HTTP/1.1\r\n\r\nGET /bc HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answers = String::new();
        stream.read_to_string(&mut answers).unwrap();
        assert_eq!(answers.matches("HTTP/1.1 200 OK").count(), 2, "{answers}");
        assert!(answers.contains("Connection: keep-alive") && answers.ends_with("\r\n\r\n/bc"));
        stopping.store(true, Ordering::Relaxed);
        wake(addr);
        accepting.join().unwrap();
    }
}
