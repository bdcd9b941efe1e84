//! `digifam serve`: the site from memory on a local port, rebuilt on every save, with live reload
//! and the problems shown in the browser. The last good pages stay served while there are errors.

mod connection;
mod http;
mod plan;
mod watch;
mod workspace;

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::{self, JoinHandle};

pub use workspace::Outcome;
use workspace::{Snapshot, Workspace};

use crate::content::CONTENT_DIR;
use crate::diagnostic::display_path;
use crate::theme::Assets;

/// The port `serve` tries first, and how many after it when that one is taken.
pub const DEFAULT_PORT: u16 = 1111;
const PORTS_TO_TRY: u16 = 20;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: [`DEFAULT_PORT`], or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Make PDFs when one is asked for.
    pub pdf: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{addr} is already in use, by another program or another `digifam serve`")]
    PortTaken { addr: SocketAddr },
    #[error("no free port from {first} to {last} on {ip}")]
    NoFreePort { ip: IpAddr, first: u16, last: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
}

impl ServeError {
    pub fn hint(&self) -> String {
        match self {
            ServeError::PortTaken { addr } => format!(
                "stop the other program, or choose another port: `digifam serve --port {}`",
                addr.port().wrapping_add(1)
            ),
            ServeError::NoFreePort { .. } => "choose a port with --port".to_owned(),
            ServeError::Bind { .. } => {
                "check the address given with --bind; 127.0.0.1 always works".to_owned()
            }
            ServeError::Watch { .. } => {
                "check that the folder exists and is readable; on Linux, the limit of watched \
                 folders is in /proc/sys/fs/inotify/max_user_watches"
                    .to_owned()
            }
        }
    }
}

/// What the HTTP threads and the rebuild share.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    subscribers: Mutex<Vec<mpsc::Sender<()>>>,
    /// The live-reload script and the tag that loads it, from the theme.
    script: String,
    inject: String,
    /// Media may only be served from inside this folder (canonical), whatever symlinks say.
    content: PathBuf,
    stopping: AtomicBool,
    /// Where PDF requests go to be made; `None` with `--no-pdf`.
    pdf_requests: Option<mpsc::Sender<watch::Message>>,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn publish(&self, snapshot: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|subscriber| subscriber.send(()).is_ok());
    }

    /// A channel that receives a message whenever a new snapshot is published.
    fn subscribe(&self) -> mpsc::Receiver<()> {
        let (sender, receiver) = mpsc::channel();
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        receiver
    }
}

fn listen(options: &ServeOptions) -> Result<(TcpListener, Option<u16>), ServeError> {
    let bind = |port: u16| {
        let addr = SocketAddr::new(options.bind, port);
        TcpListener::bind(addr).map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortTaken { addr },
            _ => ServeError::Bind { addr, source },
        })
    };
    match options.port {
        Some(port) => bind(port).map(|listener| (listener, None)),
        None => {
            let last = DEFAULT_PORT + PORTS_TO_TRY - 1;
            for port in DEFAULT_PORT..=last {
                match bind(port) {
                    Ok(listener) => {
                        let skipped = (port != DEFAULT_PORT).then_some(DEFAULT_PORT);
                        return Ok((listener, skipped));
                    }
                    Err(ServeError::PortTaken { .. }) => continue,
                    Err(err) => return Err(err),
                }
            }
            Err(ServeError::NoFreePort {
                ip: options.bind,
                first: DEFAULT_PORT,
                last,
            })
        }
    }
}

/// A running dev server.
pub struct Server {
    addr: SocketAddr,
    /// The default port, when it was taken and another one was chosen.
    pub skipped_port: Option<u16>,
    /// The outcome of the first build.
    pub first: Outcome,
    shared: Arc<Shared>,
    accepting: Option<JoinHandle<()>>,
    rebuilds: Option<(mpsc::Sender<watch::Message>, JoinHandle<()>)>,
    _watcher: watch::SharedWatcher,
}

impl Server {
    /// Binds the port, builds the site, starts serving it and watching the project. Every rebuild
    /// after the first is passed to `report`.
    pub fn start(
        options: &ServeOptions,
        report: impl FnMut(&Outcome) + Send + 'static,
    ) -> Result<Server, ServeError> {
        let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
        let (listener, skipped_port) = listen(options)?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: SocketAddr::new(options.bind, options.port.unwrap_or(DEFAULT_PORT)),
            source,
        })?;
        let assets = Assets::new(&root);
        let content = root.join(CONTENT_DIR);
        let (sender, receiver) = mpsc::channel();
        let shared = Arc::new(Shared {
            snapshot: RwLock::default(),
            subscribers: Mutex::default(),
            script: assets
                .text("themes/default/serve/livereload.js")
                .unwrap_or_default(),
            inject: assets
                .text("themes/default/serve/inject.html")
                .unwrap_or_default(),
            content: content.canonicalize().unwrap_or(content),
            stopping: AtomicBool::new(false),
            pdf_requests: options.pdf.then(|| sender.clone()),
        });
        let mut workspace = Workspace::new(&root, Arc::clone(&shared), options.pdf);
        let first = workspace.rebuild();

        let accepting = {
            let watched = Arc::clone(&shared);
            let served = Arc::clone(&shared);
            connection::accept_loop(
                listener,
                move || watched.stopping.load(Ordering::Relaxed),
                move |request| http::handle(request, &served),
            )
        };

        let watcher = watch::watch(&root, sender.clone())?;
        let loop_watcher = Arc::clone(&watcher);
        let rebuilds = thread::spawn(move || {
            watch::rebuild_loop(&receiver, &mut workspace, &loop_watcher, &root, report);
        });
        Ok(Server {
            addr,
            skipped_port,
            first,
            shared,
            accepting: Some(accepting),
            rebuilds: Some((sender, rebuilds)),
            _watcher: watcher,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops watching and serving, and waits for the threads to end.
    pub fn stop(mut self) {
        if let Some((sender, thread)) = self.rebuilds.take() {
            let _ = sender.send(watch::Message::Stop);
            let _ = thread.join();
        }
        self.shared.stopping.store(true, Ordering::Relaxed);
        connection::wake(self.addr);
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
        // Ends the live-reload streams.
        self.shared
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// Prints a rebuild to the terminal: the errors, or what was updated.
pub fn print_outcome(root: &Path, outcome: &Outcome) {
    let mut err = anstream::stderr().lock();
    for d in &outcome.errors {
        let mut d = d.clone();
        d.file = display_path(root, &d.file);
        let _ = writeln!(err, "{}", d.render(true));
    }
    let what = if outcome.full {
        "rebuilt the whole site"
    } else {
        "updated"
    };
    let ms = outcome.elapsed.as_secs_f64() * 1000.0;
    let warnings = match outcome.warnings {
        0 => String::new(),
        1 => " · 1 warning (`digifam check` lists it)".to_owned(),
        n => format!(" · {n} warnings (`digifam check` lists them)"),
    };
    let _ = if outcome.errors.is_empty() {
        let pages = match (outcome.full, outcome.changed.as_slice()) {
            (_, []) => "nothing changed".to_owned(),
            (true, files) => format!("{} files changed", files.len()),
            (false, [one]) => one.clone(),
            (false, [first, rest @ ..]) => format!("{first} and {} more", rest.len()),
        };
        writeln!(
            err,
            "\x1b[1;32m{what}\x1b[0m in {ms:.0} ms: {pages}{warnings}"
        )
    } else {
        let errors = match outcome.errors.len() {
            1 => "1 error".to_owned(),
            n => format!("{n} errors"),
        };
        writeln!(
            err,
            "\x1b[1;31m{errors}\x1b[0m ({ms:.0} ms) — the browser shows them; the last good pages stay served{warnings}"
        )
    };
}

/// Opens `url` in the desktop's browser.
pub fn open_browser(url: &str) -> io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
