use std::process::ExitCode;

/// Deeply nested input is walked iteratively where it matters, but the compiler recurses;
/// a large stack keeps pathological files from overflowing it.
const STACK_SIZE: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
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
