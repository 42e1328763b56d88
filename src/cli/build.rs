use std::path::PathBuf;

use clap::Args;

use super::{Outcome, paths_or_current, print_diagnostics};
use crate::compile::compile_pool;
use crate::error::ToolError;
use crate::report::ErrorFormat;
use crate::workspace::write::write_atomically;
use crate::workspace::{WalkOptions, load_input};

#[derive(Args)]
pub struct BuildArgs {
    /// Directories (module roots) or .proto files; defaults to the current directory.
    paths: Vec<PathBuf>,
    /// Where to write the FileDescriptorSet (with imports and source info).
    #[arg(short, long)]
    output: PathBuf,
    /// Config file to use instead of protogate.yaml or buf.yaml in the PATH.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format for compile errors.
    #[arg(long, value_enum, default_value = "text")]
    error_format: ErrorFormat,
    /// Leave out this file or directory (may be repeated).
    #[arg(long)]
    exclude_path: Vec<PathBuf>,
}

pub fn run(args: BuildArgs) -> Result<Outcome, ToolError> {
    let walk = WalkOptions {
        config: args.config,
        exclude_paths: args.exclude_path,
    };
    let paths = paths_or_current(args.paths);
    if paths.len() > 1 {
        return Err(ToolError::new(
            "build takes one PATH: an image holds one module tree",
        ));
    }
    let input = load_input(&paths[0], &walk)?;
    if !input.unreadable.is_empty() {
        return print_diagnostics(input.unreadable, args.error_format);
    }
    let pool = match compile_pool(&input) {
        Ok(pool) => pool,
        Err(errors) => return print_diagnostics(errors, args.error_format),
    };
    write_atomically(&args.output, &pool.encode_to_vec())?;
    Ok(Outcome::Clean)
}
