//! A watchdog for git object reads that never finish.
//!
//! libgit2 (1.9.7, through git2) inflates a loose object in a loop that retries while zlib
//! reports `Z_BUF_ERROR`; for an object file that was cut short that loop never ends, and
//! `find_blob` spins forever instead of failing. protogate cannot fix libgit2 in place, so
//! every object read runs under a [`ReadGuard`]: when one read makes no progress for
//! [`STALL_LIMIT`] (30 s; no sane object takes a tenth of that), the watchdog says which
//! object was being read and ends the run with exit code 2, as any unreadable input does.
//! `PROTOGATE_GIT_STALL_SECS` shortens the limit for tests.

use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// How long one object read may take before it counts as stuck.
pub const STALL_LIMIT: Duration = Duration::from_secs(30);

/// The reads in progress, innermost last: what is read and since when.
static READS: Mutex<Vec<(Instant, String)>> = Mutex::new(Vec::new());
static WATCHDOG: Once = Once::new();

/// One git read in progress; the watchdog forgets it when it drops.
pub struct ReadGuard {
    _private: (),
}

/// Starts watching a read of `what` (shown to the user if it hangs).
pub fn reading(what: impl Into<String>) -> ReadGuard {
    WATCHDOG.call_once(start_watchdog);
    lock().push((Instant::now(), what.into()));
    ReadGuard { _private: () }
}

impl ReadGuard {
    /// The read moved on to `what`: its clock starts again.
    pub fn progress(&self, what: impl Into<String>) {
        if let Some(last) = lock().last_mut() {
            *last = (Instant::now(), what.into());
        }
    }
}

impl Drop for ReadGuard {
    fn drop(&mut self) {
        lock().pop();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(Instant, String)>> {
    READS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn stall_limit() -> Duration {
    std::env::var("PROTOGATE_GIT_STALL_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(STALL_LIMIT, Duration::from_secs)
}

fn start_watchdog() {
    let limit = stall_limit();
    let _ = std::thread::Builder::new()
        .name("protogate-git-watchdog".to_string())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200).min(limit));
                let stuck = lock()
                    .last()
                    .filter(|(since, _)| since.elapsed() >= limit)
                    .map(|(_, what)| what.clone());
                if let Some(what) = stuck {
                    eprintln!(
                        "protogate: {what}: reading this git object does not finish after {}s; the repository is probably corrupt (a truncated file in .git/objects); `git fsck` lists the damage",
                        limit.as_secs()
                    );
                    crate::workspace::write::remove_pending_on_exit();
                    std::process::exit(2);
                }
            }
        });
}
