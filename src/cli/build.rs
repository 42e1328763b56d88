use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Outcome, paths_or_current, print_diagnostics};
use crate::compile::compile_input;
use crate::error::ToolError;
use crate::report::ErrorFormat;
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
    let pool = match compile_input(&input) {
        Ok((pool, _)) => pool,
        Err(errors) => return print_diagnostics(errors, args.error_format),
    };
    write_atomically(&args.output, &pool.encode_to_vec())?;
    Ok(Outcome::Clean)
}

/// Writes to a temp file beside the target, then renames it into place, so a reader never
/// sees half a file and a failure leaves the old one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ToolError> {
    let fail = |e: std::io::Error| ToolError::new(format!("{}: cannot write: {e}", path.display()));
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written in place: renaming a
    // file over it would replace the device itself.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(path, bytes).map_err(fail);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".protogate-");
    if let Some(permissions) = image_permissions(path) {
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(&dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The permissions the image gets: those of the file it replaces, else those of any new file
/// (0666 less the umask), not a temp file's private 0600.
fn image_permissions(path: &std::path::Path) -> Option<std::fs::Permissions> {
    if let Ok(metadata) = std::fs::metadata(path) {
        return Some(metadata.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
