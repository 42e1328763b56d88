use std::process::ExitCode;

mod allocator;
mod exit;

/// mimalloc, see `allocator`.
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2): how long freed memory is kept before it is
/// returned to the OS; -1 keeps it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of returning it to the OS 10 ms later (mimalloc's
/// default). A run frees and allocates again hundreds of MB (each parsed file is freed once
/// it is linked), and memory given back costs a page fault and a zeroed page when it is
/// used again. Measured on googleapis (2 cores, `protogate lint`): minor page faults fell
/// from about 10,800 to about 1,360 and system time from about 0.47 s to about 0.3 s, with the
/// same peak RSS.
fn keep_freed_memory() {
    // SAFETY: sets a number in mimalloc's option table before any other thread exists;
    // mimalloc reads the option whenever it considers purging.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Turns transparent huge pages off for this process (mimalloc asks for them on its large
/// arenas). A huge page means far fewer page faults, but each zeroes 2 MiB at once, and on a
/// busy virtual machine that has proved the slower and the less predictable way: on
/// googleapis (2 cores, 4 rounds with `buf lint` run in between, as the benchmark does)
/// `protogate lint` took 1.69-2.07 s without them and 2.28-2.61 s with them, its system
/// time 0.8 s against 2.1-2.5 s. An earlier measurement on a quieter host had favoured them
/// (system time 0.45 s against 1.3 s), so scripts/bench.sh is the judge of this setting.
fn use_small_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes no pointers; it sets a flag on this process. Should
    // it fail, pages are simply chosen as before.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Deeply nested input is walked iteratively where it matters, but the compiler recurses;
/// a large stack keeps pathological files from overflowing it.
const STACK_SIZE: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
    keep_freed_memory();
    use_small_pages();
    protogate::cli::exit_cleanly_on_signals();
    protogate::compile::process_ends_with_command();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(protogate::cli::run);
    let code = match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("protogate: internal error");
            2
        }
    };
    exit::end_process(code)
}
