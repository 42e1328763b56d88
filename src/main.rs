use std::process::ExitCode;

/// protogate allocates millions of small descriptor and model objects from several threads;
/// mimalloc does that about a third faster than the system allocator, and frees them faster
/// too (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc asks the kernel for transparent huge pages. Measured on googleapis, that tripled
/// the system time (the kernel assembling and zeroing huge pages) for no gain: protogate's
/// heap is short-lived and touched about once. Ordinary pages are the better trade.
#[cfg(target_os = "linux")]
fn use_ordinary_pages() {
    use std::ffi::{c_int, c_ulong};
    const PR_SET_THP_DISABLE: c_int = 41;
    unsafe extern "C" {
        fn prctl(option: c_int, ...) -> c_int;
    }
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process, and takes plain integers.
    // It fails harmlessly on kernels without it.
    unsafe {
        prctl(
            PR_SET_THP_DISABLE,
            1 as c_ulong,
            0 as c_ulong,
            0 as c_ulong,
            0 as c_ulong,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn use_ordinary_pages() {}

/// Deeply nested input is walked iteratively where it matters, but the compiler recurses;
/// a large stack keeps pathological files from overflowing it.
const STACK_SIZE: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
    use_ordinary_pages();
    protogate::cli::exit_cleanly_on_signals();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(protogate::cli::run);
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("protogate: internal error");
            ExitCode::from(2)
        }
    }
}
