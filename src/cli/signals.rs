//! Ctrl-C (SIGINT), SIGTERM and SIGHUP end a run as the shell expects, exit code 128 + the
//! signal's number (130, 143, 129), once the temp files and staging directories of writes in
//! progress are removed: a signal ends the process without running the destructors that
//! remove them otherwise. A SIGKILL cannot be caught; see src/workspace/write.rs for what it
//! can leave.

#[cfg(unix)]
use std::sync::atomic::{AtomicBool, Ordering};

use crate::workspace::write::remove_pending_on_exit;

/// Set once a signal has arrived and the run is being ended for it.
#[cfg(unix)]
static SIGNALLED: AtomicBool = AtomicBool::new(false);

/// The signals that end a run cleanly.
#[cfg(unix)]
const HANDLED: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Starts the thread that waits for a signal, cleans up and exits, and returns once it
/// listens. The signals are taken over inside that thread: were it not to start, they keep
/// their default action (ending the run, without the cleanup) rather than being swallowed.
#[cfg(unix)]
pub fn exit_cleanly_on_signals() {
    let (listening, listens) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("protogate-signals".to_string())
        .spawn(move || {
            let signals = signal_hook::iterator::Signals::new(HANDLED);
            let _ = listening.send(());
            let Ok(mut signals) = signals else {
                return;
            };
            if let Some(signal) = signals.forever().next() {
                SIGNALLED.store(true, Ordering::SeqCst);
                remove_pending_on_exit();
                std::process::exit(128 + signal);
            }
        });
    if spawned.is_ok() {
        let _ = listens.recv();
    }
}

/// Gives the signals `exit_cleanly_on_signals` handles their default action back, for a
/// process whose command is done and that has nothing left to clean up: from now on such a
/// signal ends it at once, and the handling thread is not woken. False when a signal came
/// first: that thread is then cleaning up and ending the process.
#[cfg(unix)]
pub fn restore_default_signal_actions() -> bool {
    for signal in HANDLED {
        // SAFETY: SIG_DFL is a valid action for these signals; no handler of ours runs
        // from now on.
        unsafe { libc::signal(signal, libc::SIG_DFL) };
    }
    !SIGNALLED.load(Ordering::SeqCst)
}

/// Ctrl-C (or Ctrl-Break) in a console; 130 as on Unix.
#[cfg(not(unix))]
pub fn exit_cleanly_on_signals() {
    let _ = ctrlc::set_handler(|| {
        remove_pending_on_exit();
        std::process::exit(130);
    });
}
