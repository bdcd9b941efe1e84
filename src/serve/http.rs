//! Answering requests: the site's files from memory, the live-reload script, and the stream of
//! events that tells a page to reload or to show the problems.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};

use std::time::Duration;

use super::Shared;
use super::connection::Request;
use super::watch::{Message, PdfRequest};
use super::workspace::{Body, Snapshot};

/// The dev server's own addresses; no page of a site can be named like this.
const PREFIX: &str = "/__digifam/";
/// A comment sent this often on an idle event stream finds closed connections.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The 404 page is served at any address; its links are written relative to the site's root.
const ROOT_BASE: &str = "<base href=\"/\">";
/// A book of a whole program takes Typst a while on a slow machine.
const PDF_PATIENCE: Duration = Duration::from_secs(300);

pub fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.method(), "GET" | "HEAD") {
        return send(
            request,
            405,
            "text/plain; charset=utf-8",
            b"GET only".to_vec(),
        );
    }
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if let Some(name) = path.strip_prefix(PREFIX) {
        match name {
            "livereload.js" => send(
                request,
                200,
                content_type("livereload.js"),
                shared.script.as_bytes().to_vec(),
            ),
            // The stream holds its connection's thread until the page goes away.
            "events" => events(request, shared, query),
            _ => send(request, 404, "text/plain; charset=utf-8", Vec::new()),
        }
        return;
    }
    let snapshot = shared.snapshot();
    let key = match resolve(path) {
        Ok(key) => key,
        Err(status) => return not_found(request, status, &snapshot, shared),
    };
    match snapshot.files.get(&key) {
        Some(Body::Bytes(bytes)) => {
            let bytes = if key.ends_with(".html") {
                inject(bytes, &snapshot, shared, "")
            } else {
                bytes.to_vec()
            };
            send(request, 200, content_type(&key), bytes)
        }
        Some(Body::File { path: from, .. }) => match read_inside(from, &shared.content) {
            Ok(bytes) => send(request, 200, content_type(&key), bytes),
            Err(status) => not_found(request, status, &snapshot, shared),
        },
        None if key.ends_with(".pdf") && shared.pdf_requests.is_some() => {
            pdf(request, key, &snapshot, shared)
        }
        None if snapshot.files.contains_key(&format!("{key}/index.html")) => {
            let location = format!("/{}/", percent_encode(&key));
            request.respond(
                301,
                &[("Location", &location), ("Cache-Control", "no-store")],
                b"",
            );
        }
        None => not_found(request, 404, &snapshot, shared),
    }
}

/// A PDF, made now unless it was made before from the same content.
fn pdf(request: Request, key: String, snapshot: &Snapshot, shared: &Arc<Shared>) {
    let (reply, answer) = mpsc::channel();
    let asked = shared.pdf_requests.as_ref().is_some_and(|requests| {
        requests
            .send(Message::Pdf(PdfRequest { path: key, reply }))
            .is_ok()
    });
    match answer.recv_timeout(PDF_PATIENCE).ok().filter(|_| asked) {
        Some(Some(Ok(bytes))) => send(request, 200, "application/pdf", bytes.to_vec()),
        Some(Some(Err(problems))) => {
            let text: Vec<String> = problems.iter().map(|d| d.render(false)).collect();
            send(
                request,
                500,
                "text/plain; charset=utf-8",
                text.join("\n").into_bytes(),
            )
        }
        Some(None) => not_found(request, 404, snapshot, shared),
        None => send(request, 503, "text/plain; charset=utf-8", Vec::new()),
    }
}

/// The key of the file a URL path names, or the status that refuses it: 400 for a malformed
/// path, 403 for one that tries to leave the site.
fn resolve(path: &str) -> Result<String, u16> {
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode(path).ok_or(400u16)?;
    let decoded = String::from_utf8(decoded).map_err(|_| 400u16)?;
    if decoded.contains(['\\', '\0']) {
        return Err(403);
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(403),
            // `C:` would be a drive on Windows.
            s if s.contains(':') => return Err(403),
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Reads a media file, refusing (403) one that a symlink leads out of the curriculum.
fn read_inside(path: &Path, content: &Path) -> Result<Vec<u8>, u16> {
    let real = path.canonicalize().map_err(|_| 404u16)?;
    if !real.starts_with(content) {
        return Err(403);
    }
    fs::read(&real).map_err(|_| 404)
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

fn send(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    // The whole body is in memory: its length is sent, and with it browsers show a download's
    // progress.
    request.respond(
        status,
        &[
            ("Content-Type", content_type),
            // Every request must see the latest rebuild.
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
        &body,
    );
}

/// `key` as a URL path: bytes other than unreserved characters and `/` percent-encoded.
fn percent_encode(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The page with the live-reload script before `</body>` (and `head` after `<head>`).
fn inject(html: &[u8], snapshot: &Snapshot, shared: &Shared, head: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let tag = shared
        .inject
        .replace("{{ generation }}", &snapshot.generation.to_string());
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len() + head.len());
    match html[..at].find("<head>") {
        Some(h) => {
            let h = h + "<head>".len();
            out.push_str(&html[..h]);
            out.push_str(head);
            out.push_str(&html[h..at]);
        }
        None => out.push_str(&html[..at]),
    }
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The site's 404 page (with the status asked for), which also shows the problems if any.
fn not_found(request: Request, status: u16, snapshot: &Snapshot, shared: &Shared) {
    let page = match snapshot.files.get("404.html") {
        Some(Body::Bytes(bytes)) => bytes.as_ref(),
        _ => &[],
    };
    let body = inject(page, snapshot, shared, ROOT_BASE);
    send(request, status, content_type("404.html"), body)
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| percent_decode(value))
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// A stream of server-sent events for one page: `path` it shows, the `since` generation it was
/// served in, its `lang`. Each event says whether to reload and what problems to show.
fn events(request: Request, shared: &Shared, query: &str) {
    let key = query_value(query, "path")
        .and_then(|path| resolve(&path).ok())
        .unwrap_or_default();
    let since: u64 = query_value(query, "since")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let lang = query_value(query, "lang").unwrap_or_default();
    let updates = shared.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        let snapshot = shared.snapshot();
        let reload = snapshot.changed_since(&key, since);
        let labels = snapshot
            .labels
            .get(&lang)
            .or_else(|| snapshot.labels.values().next())
            .cloned()
            .unwrap_or_default();
        let state = serde_json::json!({
            "reload": reload,
            "errors": *snapshot.errors,
            "labels": labels,
        });
        let event = format!("event: state\ndata: {state}\n\n");
        if writer
            .write_all(event.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
            || reload
        {
            return;
        }
        loop {
            match updates.recv_timeout(KEEP_ALIVE) {
                Ok(()) => {
                    // Several rebuilds at once need one event.
                    while updates.try_recv().is_ok() {}
                    break;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if writer
                        .write_all(b": keep-alive\n\n")
                        .and_then(|()| writer.flush())
                        .is_err()
                    {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_site_resolve() {
        assert_eq!(resolve("/"), Ok("index.html".to_owned()));
        assert_eq!(resolve("/en/"), Ok("en/index.html".to_owned()));
        assert_eq!(
            resolve("/en/basic/01-x.html"),
            Ok("en/basic/01-x.html".to_owned())
        );
        assert_eq!(resolve("/media/a%20b.svg"), Ok("media/a b.svg".to_owned()));
        assert_eq!(resolve("/en/./x.html"), Ok("en/x.html".to_owned()));
    }

    #[test]
    fn paths_leaving_the_site_are_refused() {
        assert_eq!(resolve("/../etc/passwd"), Err(403));
        assert_eq!(resolve("/en/%2e%2e/%2E%2E/etc/passwd"), Err(403));
        assert_eq!(resolve("/en/..%2f..%2fetc/passwd"), Err(403));
        assert_eq!(resolve("/..%5c..%5cwindows"), Err(403));
        assert_eq!(resolve("/C:/Windows/win.ini"), Err(403));
        assert_eq!(resolve("/x%00.html"), Err(403));
        assert_eq!(resolve("http://evil/"), Err(400));
        assert_eq!(resolve("/%zz"), Err(400));
        assert_eq!(resolve("/%ff"), Err(400));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("en/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("media/basic/a.SVG"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }
}
