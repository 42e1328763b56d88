//! Progress on stderr for long runs, drawn only when stderr is a terminal: a bar over the
//! versions `history` walks, and a spinner when linting or comparing a large tree takes a
//! while. Nothing is drawn when stderr is piped.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A run shorter than this shows no spinner at all.
const SPINNER_DELAY: Duration = Duration::from_millis(800);

/// A bar over `len` steps, hidden unless stderr is a terminal.
pub fn bar(len: usize, prefix: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{prefix:.bold} [{bar:30}] {pos}/{len} {wide_msg}")
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX))
        .with_style(style)
        .with_prefix(prefix)
}

struct Activity {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

static ACTIVITY: Mutex<Option<Activity>> = Mutex::new(None);

/// Shows `message` with a spinner once the run has taken longer than a moment, until
/// `stop_activity`. Does nothing unless stderr is a terminal.
pub fn start_activity(message: &'static str) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        if stopped.recv_timeout(SPINNER_DELAY) != Err(RecvTimeoutError::Timeout) {
            return;
        }
        let style = ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let spinner = ProgressBar::new_spinner()
            .with_style(style)
            .with_message(message);
        spinner.enable_steady_tick(Duration::from_millis(100));
        // Until stop_activity drops the sender.
        let _ = stopped.recv();
        spinner.finish_and_clear();
    });
    if let Ok(mut activity) = ACTIVITY.lock() {
        *activity = Some(Activity { stop, thread });
    }
}

/// Clears the spinner, if one is running, before anything is printed.
pub fn stop_activity() {
    let activity = ACTIVITY.lock().ok().and_then(|mut a| a.take());
    if let Some(Activity { stop, thread }) = activity {
        drop(stop);
        let _ = thread.join();
    }
}
