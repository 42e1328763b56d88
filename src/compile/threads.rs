//! The worker threads that parse, model and lint files in parallel.
//!
//! One pool per process, with the same large stacks as the main thread: the parser and the
//! model builder recurse into nested messages, and deeply nested input must not overflow a
//! worker's stack. `PROTOGATE_THREADS` (else rayon's `RAYON_NUM_THREADS`, else one thread per
//! CPU) sets the number of workers. Results never depend on it: work is split per file and
//! the results are put back in input order.

use std::sync::OnceLock;

/// The stack of each worker, as large as the main thread's (reserved, not committed).
const STACK_SIZE: usize = 512 * 1024 * 1024;

static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();

fn pool() -> Option<&'static rayon::ThreadPool> {
    POOL.get_or_init(|| {
        let threads = std::env::var("PROTOGATE_THREADS")
            .ok()
            .and_then(|value| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(STACK_SIZE)
            .thread_name(|index| format!("protogate-worker-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` with protogate's workers, so the parallel iterators inside it use them. When
/// no worker thread can be started, the work runs on the calling thread's rayon default.
pub fn in_worker_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The number of worker threads parallel work is split across.
pub fn worker_count() -> usize {
    pool().map_or(1, rayon::ThreadPool::current_num_threads)
}

/// Starts `job` on every worker thread, if the workers have been started, without waiting
/// for it, and returns how many workers run it (0 when none were started: a command that
/// never worked in parallel does not start them for this). `job` gets the worker's index,
/// from 0. For the end of the process, see the binary's `exit` module.
pub fn start_on_every_started_worker(job: fn(usize)) -> usize {
    match POOL.get().and_then(Option::as_ref) {
        Some(pool) => {
            pool.spawn_broadcast(move |context| job(context.index()));
            pool.current_num_threads()
        }
        None => 0,
    }
}
