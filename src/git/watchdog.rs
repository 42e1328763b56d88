//! A watchdog for git object reads that never finish.
//!
//! libgit2 (1.9.7, through git2) inflates a loose object in a loop that retries while zlib
//! reports `Z_BUF_ERROR`; for an object file that was cut short that loop never ends, and
//! `find_blob` spins forever instead of failing. protogate cannot fix libgit2 in place, so
//! every object read runs under a [`ReadGuard`]: when one read makes no progress for
//! [`STALL_LIMIT`] (30 s; no sane object takes a tenth of that), the watchdog says which
//! object was being read and ends the run with exit code 2, as any unreadable input does.
//! `PROTOGATE_GIT_STALL_SECS` shortens the limit for tests.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// How long one object read may take before it counts as stuck.
pub const STALL_LIMIT: Duration = Duration::from_secs(30);

/// The reads in progress, on every thread. A thread's last read here is its innermost, the
/// only one of its reads that can be stuck: the reads enclosing it wait on it.
static READS: Mutex<Vec<Read>> = Mutex::new(Vec::new());
static NEXT_READ: AtomicU64 = AtomicU64::new(0);
static WATCHDOG: Once = Once::new();
/// Set by the watchdog thread once it runs its own loop.
static WATCHDOG_RUNNING: AtomicBool = AtomicBool::new(false);

struct Read {
    id: u64,
    thread: ThreadId,
    /// What is read, shown to the user if it hangs; None while the thread waits for reads
    /// on other threads, which are watched instead.
    what: Option<String>,
    since: Instant,
}

/// One git read in progress; the watchdog forgets it when it drops.
pub struct ReadGuard {
    id: u64,
}

/// Starts watching a read of `what` (shown to the user if it hangs).
pub fn reading(what: impl Into<String>) -> ReadGuard {
    start(Some(what.into()))
}

/// The current thread waits for reads on other threads until the guard drops: its own
/// reads are not watched meanwhile, the other threads' are.
pub fn waiting_for_other_threads() -> ReadGuard {
    start(None)
}

fn start(what: Option<String>) -> ReadGuard {
    WATCHDOG.call_once(start_watchdog);
    let id = NEXT_READ.fetch_add(1, Ordering::Relaxed);
    lock().push(Read {
        id,
        thread: std::thread::current().id(),
        what,
        since: Instant::now(),
    });
    ReadGuard { id }
}

impl ReadGuard {
    /// The read moved on to `what`: its clock starts again.
    pub fn progress(&self, what: impl Into<String>) {
        if let Some(read) = lock().iter_mut().find(|read| read.id == self.id) {
            read.what = Some(what.into());
            read.since = Instant::now();
        }
    }
}

impl Drop for ReadGuard {
    fn drop(&mut self) {
        lock().retain(|read| read.id != self.id);
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Read>> {
    READS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a read that has made no progress for `limit` is reading, if one has not: only the
/// innermost read of each thread is looked at.
fn stuck_read(limit: Duration) -> Option<String> {
    stuck_among(&lock(), limit)
}

fn stuck_among(reads: &[Read], limit: Duration) -> Option<String> {
    reads
        .iter()
        .enumerate()
        .filter(|(index, read)| !reads[index + 1..].iter().any(|r| r.thread == read.thread))
        .filter(|(_, read)| read.since.elapsed() >= limit)
        .find_map(|(_, read)| read.what.clone())
}

fn stall_limit() -> Duration {
    std::env::var("PROTOGATE_GIT_STALL_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(STALL_LIMIT, Duration::from_secs)
}

/// Starts the watchdog thread, and returns once that thread runs its loop, which reads
/// nothing but `READS` and the stack. A thread still starting reads what it was started with
/// from the heap, which the end of the process frees (see src/exit.rs): a command that
/// failed right after its first git read used to end, now and then, with a segmentation
/// fault in the starting watchdog.
fn start_watchdog() {
    let limit = stall_limit();
    let spawned = std::thread::Builder::new()
        .name("protogate-git-watchdog".to_string())
        .spawn(move || {
            WATCHDOG_RUNNING.store(true, Ordering::SeqCst);
            loop {
                std::thread::sleep(Duration::from_millis(200).min(limit));
                if let Some(what) = stuck_read(limit) {
                    eprintln!(
                        "protogate: {what}: reading this git object does not finish after {}s; the repository is probably corrupt (a truncated file in .git/objects); `git fsck` lists the damage",
                        limit.as_secs()
                    );
                    crate::workspace::write::remove_pending_on_exit();
                    std::process::exit(2);
                }
            }
        });
    if spawned.is_ok() {
        while !WATCHDOG_RUNNING.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(thread: ThreadId, what: Option<&str>, age: Duration) -> Read {
        Read {
            id: 0,
            thread,
            what: what.map(str::to_string),
            since: Instant::now() - age,
        }
    }

    /// Only each thread's innermost read counts: an enclosing read waits on it, and a thread
    /// waiting for other threads' reads is not stuck itself.
    #[test]
    fn only_innermost_reads_of_each_thread_can_be_stuck() {
        let main = std::thread::current().id();
        let worker = std::thread::spawn(|| std::thread::current().id())
            .join()
            .unwrap();
        let limit = Duration::from_secs(30);
        let old = Duration::from_secs(60);
        let fresh = Duration::ZERO;
        let enclosing = read(main, Some("the tree"), old);
        assert_eq!(
            stuck_among(&[enclosing, read(main, None, old)], limit),
            None
        );
        let reads = [
            read(main, Some("the tree"), old),
            read(main, None, old),
            read(worker, Some("a.proto"), old),
        ];
        assert_eq!(stuck_among(&reads, limit).as_deref(), Some("a.proto"));
        let reads = [
            read(main, Some("the tree"), old),
            read(worker, Some("a.proto"), fresh),
            read(main, Some("b.proto"), fresh),
        ];
        assert_eq!(stuck_among(&reads, limit), None);
    }
}
