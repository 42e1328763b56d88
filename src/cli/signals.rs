//! Ctrl-C (SIGINT), SIGTERM and SIGHUP end a run as the shell expects, exit code 128 + the
//! signal's number (130, 143, 129), once the temp files and staging directories of writes in
//! progress are removed: a signal ends the process without running the destructors that
//! remove them otherwise. A SIGKILL cannot be caught; see src/workspace/write.rs for what it
//! can leave.

use crate::workspace::write::remove_pending_on_exit;

/// Starts the thread that waits for a signal, cleans up and exits, and returns once it
/// listens. The signals are taken over inside that thread: were it not to start, they keep
/// their default action (ending the run, without the cleanup) rather than being swallowed.
#[cfg(unix)]
pub fn exit_cleanly_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let (listening, listens) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("protogate-signals".to_string())
        .spawn(move || {
            let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]);
            let _ = listening.send(());
            let Ok(mut signals) = signals else {
                return;
            };
            if let Some(signal) = signals.forever().next() {
                remove_pending_on_exit();
                std::process::exit(128 + signal);
            }
        });
    if spawned.is_ok() {
        let _ = listens.recv();
    }
}

/// Ctrl-C (or Ctrl-Break) in a console; 130 as on Unix.
#[cfg(not(unix))]
pub fn exit_cleanly_on_signals() {
    let _ = ctrlc::set_handler(|| {
        remove_pending_on_exit();
        std::process::exit(130);
    });
}
