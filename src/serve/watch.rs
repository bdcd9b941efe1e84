//! Watching the project: file events are gathered until the editor has finished saving (editors
//! write temporary files and rename them), then handed to the workspace as one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};

use super::ServeError;
use super::workspace::{Outcome, Workspace};
use crate::content::CONTENT_DIR;
use crate::diagnostic::Diagnostic;

/// A save is over when no event has come for this long.
const QUIET: Duration = Duration::from_millis(10);
/// A rebuild starts at the latest this long after the first event, even if events keep coming.
const LONGEST: Duration = Duration::from_millis(300);
/// The folders watched with everything inside them.
const WATCHED: [&str; 3] = [CONTENT_DIR, "themes", "locales"];

pub enum Message {
    Changed(Vec<PathBuf>),
    Pdf(PdfRequest),
    Stop,
}

/// What the server answers a PDF request with; see [`Workspace::pdf`].
pub type PdfReply = Option<Result<Arc<[u8]>, Vec<Diagnostic>>>;

/// A PDF asked for by the browser. It is made between rebuilds, from the content as it is then.
pub struct PdfRequest {
    pub path: String,
    pub reply: mpsc::Sender<PdfReply>,
}

impl PdfRequest {
    fn answer(self, workspace: &mut Workspace) {
        // The browser may have given up waiting; nobody else needs the answer.
        let _ = self.reply.send(workspace.pdf(&self.path));
    }
}

pub type SharedWatcher = Arc<Mutex<notify::RecommendedWatcher>>;

fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        // Rebuilds open files themselves; reading must not cause another rebuild.
        EventKind::Access(_) => false,
        EventKind::Any | EventKind::Other => true,
    }
}

/// Watches `curriculum/`, `themes/` and `locales/` of `root` (absolute), and `root` itself for
/// those folders appearing later.
pub fn watch(root: &Path, sender: mpsc::Sender<Message>) -> Result<SharedWatcher, ServeError> {
    let everything = root.join(CONTENT_DIR);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let paths = match event {
            Ok(event) if relevant(&event.kind) && !event.paths.is_empty() => event.paths,
            Ok(_) => return,
            // Lost events (an overflowing queue): rebuild everything to be sure.
            Err(_) => vec![everything.clone()],
        };
        let _ = sender.send(Message::Changed(paths));
    })
    .map_err(|source| ServeError::Watch {
        path: root.to_path_buf(),
        source,
    })?;
    for folder in WATCHED {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|source| ServeError::Watch { path, source })?;
        }
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|source| ServeError::Watch {
            path: root.to_path_buf(),
            source,
        })?;
    Ok(Arc::new(Mutex::new(watcher)))
}

/// Rebuilds after each burst of changes until told to stop.
pub fn rebuild_loop(
    receiver: &mpsc::Receiver<Message>,
    workspace: &mut Workspace,
    watcher: &SharedWatcher,
    root: &Path,
    mut report: impl FnMut(&Outcome),
) {
    loop {
        let mut paths = match receiver.recv() {
            Ok(Message::Changed(paths)) => paths,
            Ok(Message::Pdf(request)) => {
                request.answer(workspace);
                continue;
            }
            Ok(Message::Stop) | Err(_) => return,
        };
        // PDFs asked for while a save is in progress are made from the saved content.
        let mut requests = Vec::new();
        let start = Instant::now();
        while start.elapsed() < LONGEST {
            match receiver.recv_timeout(QUIET) {
                Ok(Message::Changed(more)) => paths.extend(more),
                Ok(Message::Pdf(request)) => requests.push(request),
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        paths.sort();
        paths.dedup();
        for folder in WATCHED {
            let path = root.join(folder);
            if paths.contains(&path) && path.is_dir() {
                // A folder made after the server started; watching it twice does no harm.
                let _ = watcher
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .watch(&path, RecursiveMode::Recursive);
            }
        }
        if let Some(outcome) = workspace.apply(&paths) {
            report(&outcome);
        }
        for request in requests {
            request.answer(workspace);
        }
    }
}
