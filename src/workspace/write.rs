//! The one way protogate replaces a file (`build -o`, `breaking --fix`, `fmt -w`, `history
//! --update-ledger`, `release --changelog`, `generate --print-templates`): the bytes go to a
//! temp file in the destination's directory, are synced, and the temp file is renamed over the
//! destination. A reader never sees half a file, and a failure, a crash or a kill leaves the
//! old content whole. `generate` stages a whole crate the same way, in a [`StagingDir`].
//!
//! - A symlink is written through: the file it points at is replaced, the link stays.
//! - A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written in place: renaming a
//!   file over it would replace the device itself.
//! - A replaced file keeps its exact permissions (and, where allowed, its owner and group); a
//!   new file gets 0666 less the umask, like any file a program creates, not a temp file's
//!   private 0600.
//! - Temp files and staging directories not yet renamed are listed here, so that Ctrl-C
//!   (SIGINT), SIGTERM and SIGHUP (see `src/cli/signals.rs`) remove them before the process
//!   exits: a signal ends the process without running the destructors that remove them
//!   otherwise. A SIGKILL (which cannot be caught) or a power loss can leave one
//!   `.protogate-*.tmp` file beside the destination, or one `.protogate-staging-*` directory
//!   inside `generate --out`; the destination itself is intact.
//!
//! Fault injection, for tests only (nothing else may set these variables):
//! - `PROTOGATE_FAULT_AFTER_TEMP_WRITE=error` (or `1`): once the temp file (or every file of
//!   the staging directory) is written and synced, fail as an I/O error would, before the
//!   rename. The temp file or staging directory is removed.
//! - `PROTOGATE_FAULT_AFTER_TEMP_WRITE=abort`: at the same point, abort the process, as a
//!   crash would: no destructor runs.
//! - `PROTOGATE_FAULT_PAUSE_AFTER_TEMP_WRITE=MS`: at that point, print a line naming the temp
//!   file or staging directory on stderr and sleep MS milliseconds, so that a test can wait
//!   for the line and signal the process while the temp file exists.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::ToolError;

/// The name every temp file starts with; `.gitignore`-style hidden, and easy to find.
pub const TEMP_PREFIX: &str = ".protogate-";
const TEMP_SUFFIX: &str = ".tmp";

/// Test-only fault switches (see the module documentation).
pub const FAULT_AFTER_TEMP_WRITE: &str = "PROTOGATE_FAULT_AFTER_TEMP_WRITE";
pub const FAULT_PAUSE_AFTER_TEMP_WRITE: &str = "PROTOGATE_FAULT_PAUSE_AFTER_TEMP_WRITE";

/// Temp files and staging directories that exist but are not renamed into place yet.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// How many symlinks are followed before the path is called a loop (as Linux does).
const MAX_SYMLINKS: usize = 40;

/// Replaces `path` with `bytes` atomically (see the module documentation).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ToolError> {
    let fail = |e: std::io::Error| ToolError::new(format!("{}: cannot write: {e}", path.display()));
    let destination = resolve_symlinks(path)?;
    let existing = std::fs::metadata(&destination).ok();
    if let Some(metadata) = &existing {
        if metadata.is_dir() {
            return Err(ToolError::new(format!(
                "{}: cannot write: it is a directory",
                path.display()
            )));
        }
        if !metadata.is_file() {
            return std::fs::write(&destination, bytes).map_err(fail);
        }
    }
    let dir = match destination.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // Created with this mode, the umask applies as to any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // The lock is held from creation to rename, so a signal handler that takes it sees every
    // temp file that exists, and none that was already renamed.
    let mut temp = {
        let mut pending = lock_pending();
        let temp = builder.tempfile_in(&dir).map_err(fail)?;
        pending.push(temp.path().to_path_buf());
        temp
    };
    let written = (|| {
        temp.write_all(bytes)?;
        if let Some(metadata) = &existing {
            keep_owner_and_permissions(temp.as_file(), metadata)?;
        }
        temp.as_file().sync_all()
    })();
    if let Err(error) = written {
        discard(temp);
        return Err(fail(error));
    }
    if let Err(error) = fault_point(temp.path(), path) {
        discard(temp);
        return Err(error);
    }
    let mut pending = lock_pending();
    let temp_path = temp.path().to_path_buf();
    // On failure the temp file is dropped with the error, which removes it.
    let persisted = temp.persist(&destination).map_err(|e| fail(e.error));
    pending.retain(|p| p != &temp_path);
    drop(pending);
    persisted?;
    // Make the rename itself durable; not every file system can sync a directory.
    if let Ok(handle) = std::fs::File::open(&dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Follows symlinks to the file they name (which may not exist yet), so the file is
/// replaced and the link kept. A loop is an error.
fn resolve_symlinks(path: &Path) -> Result<PathBuf, ToolError> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| {
                    ToolError::new(format!("{}: cannot write: {e}", path.display()))
                })?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(ToolError::new(format!(
        "{}: cannot write: too many levels of symbolic links (a symlink loop?)",
        path.display()
    )))
}

#[cfg(unix)]
fn keep_owner_and_permissions(
    file: &std::fs::File,
    metadata: &std::fs::Metadata,
) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Only root may give a file away; anyone may keep their own. Best effort.
    let _ = std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()));
    file.set_permissions(metadata.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_permissions(
    file: &std::fs::File,
    metadata: &std::fs::Metadata,
) -> std::io::Result<()> {
    file.set_permissions(metadata.permissions())
}

/// The test-only fault switches (see the module documentation), applied once `staged` (a
/// temp file or a staging directory) is written, before anything is renamed over `target`.
/// The caller removes `staged` on an error.
pub fn fault_point(staged: &Path, target: &Path) -> Result<(), ToolError> {
    if let Some(millis) = std::env::var(FAULT_PAUSE_AFTER_TEMP_WRITE)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        // The test that set the switch waits for this line before it signals the process.
        eprintln!(
            "protogate: {FAULT_PAUSE_AFTER_TEMP_WRITE}: pausing {millis} ms with {} written",
            staged.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(millis));
    }
    match std::env::var(FAULT_AFTER_TEMP_WRITE).ok().as_deref() {
        Some("abort") => std::process::abort(),
        Some("1" | "error") => Err(ToolError::new(format!(
            "{}: cannot write: injected fault after writing the temp file ({FAULT_AFTER_TEMP_WRITE})",
            target.display()
        ))),
        _ => Ok(()),
    }
}

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes a temp file that will not be renamed, under the lock, so that no signal comes
/// between forgetting it and removing it.
fn discard(temp: tempfile::NamedTempFile) {
    let mut pending = lock_pending();
    pending.retain(|p| p != temp.path());
    let _ = temp.close();
}

/// A directory that files are written into, then renamed out of into place (a generated
/// crate). A signal removes it, and so does dropping it. When [`StagingDir::create_in`] also
/// created the directory it stages in, a signal or a failure (dropping it before
/// [`StagingDir::finish`]) removes that directory too: it holds nothing of the user's.
pub struct StagingDir {
    path: PathBuf,
    /// What a signal or a failure removes: `path`, or the new directory that holds it.
    discard: PathBuf,
    finished: bool,
}

impl StagingDir {
    /// Creates `dir` (and its parents) if it is missing, then a new directory in it whose
    /// name starts with `prefix`.
    pub fn create_in(dir: &Path, prefix: &str) -> Result<StagingDir, ToolError> {
        let fail = |what: &str, e: std::io::Error| {
            ToolError::new(format!("{}: cannot {what}: {e}", dir.display()))
        };
        // Held until the directories are listed, so that a signal removes whatever exists.
        let mut pending = lock_pending();
        let dir_is_new = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| fail("create", e))?;
        let path = match tempfile::Builder::new().prefix(prefix).tempdir_in(dir) {
            Ok(staging) => staging.keep(),
            Err(error) => {
                if dir_is_new {
                    let _ = std::fs::remove_dir_all(dir);
                }
                return Err(fail("create a staging directory in", error));
            }
        };
        let discard = if dir_is_new {
            dir.to_path_buf()
        } else {
            path.clone()
        };
        pending.push(discard.clone());
        Ok(StagingDir {
            path,
            discard,
            finished: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `step` (writing into the directory, or renaming out of it) to its end before a
    /// signal can remove the directory: a signal meanwhile waits for it. `step` must not
    /// write with [`write_atomically`] nor stage, which would wait for `step` in turn.
    pub fn uninterrupted<T>(&self, step: impl FnOnce(&Path) -> T) -> T {
        let _pending = lock_pending();
        step(&self.path)
    }

    /// Every file is renamed into place: what remains to remove is the staging directory.
    pub fn finish(mut self) {
        self.finished = true;
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        let mut pending = lock_pending();
        let removed = if self.finished {
            &self.path
        } else {
            &self.discard
        };
        let _ = std::fs::remove_dir_all(removed);
        pending.retain(|p| p != &self.discard);
    }
}

/// Removes every temp file and staging directory not yet renamed into place. Called by the
/// signal handler just before the process exits; holding the lock from then on keeps any
/// writer from renaming a file whose temp file is gone.
pub fn remove_pending_on_exit() {
    let pending = lock_pending();
    for path in pending.iter() {
        match std::fs::symlink_metadata(path) {
            Ok(metadata) if metadata.is_dir() => {
                let _ = std::fs::remove_dir_all(path);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(path);
            }
            Err(_) => {}
        }
    }
    // Keep the lock: the process is about to exit.
    std::mem::forget(pending);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_a_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(entries(dir.path()), vec!["out.bin"]);
        assert!(!lock_pending().iter().any(|p| p.starts_with(dir.path())));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.proto");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.proto");
        std::os::unix::fs::symlink("real.proto", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_and_a_directory_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let error = write_atomically(&a, b"x").unwrap_err().to_string();
        assert!(error.contains("symbolic links"), "{error}");
        let error = write_atomically(dir.path(), b"x").unwrap_err().to_string();
        assert!(error.contains("directory"), "{error}");
        assert_eq!(entries(dir.path()), vec!["a", "b"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        write_atomically(Path::new("/dev/null"), b"discarded").unwrap();
        let metadata = std::fs::metadata("/dev/null").unwrap();
        assert!(metadata.file_type().is_char_device());
    }

    // remove_pending_on_exit keeps the lock for good, so tests/safe_writes.rs checks it in a
    // process that a signal ends; here, the bookkeeping and the removal on drop.
    #[test]
    fn a_finished_staging_directory_leaves_the_files_renamed_out_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let staging = StagingDir::create_in(dir.path(), ".protogate-staging-").unwrap();
        let staged = staging.path().to_path_buf();
        assert!(lock_pending().contains(&staged));
        staging.uninterrupted(|path| {
            std::fs::create_dir_all(path.join("src")).unwrap();
            std::fs::write(path.join("src/lib.rs"), "x").unwrap();
            std::fs::rename(path.join("src/lib.rs"), dir.path().join("lib.rs")).unwrap();
        });
        staging.finish();
        assert!(!lock_pending().contains(&staged));
        assert_eq!(entries(dir.path()), vec!["lib.rs"]);
    }

    #[test]
    fn an_unfinished_staging_directory_is_removed_with_the_directory_it_created() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/out");
        let staging = StagingDir::create_in(&out, ".protogate-staging-").unwrap();
        assert!(staging.path().starts_with(&out));
        assert!(lock_pending().contains(&out));
        staging.uninterrupted(|path| std::fs::write(path.join("lib.rs"), "x").unwrap());
        drop(staging);
        assert!(!lock_pending().contains(&out));
        assert!(!out.exists());

        let existing = dir.path().join("existing");
        std::fs::create_dir(&existing).unwrap();
        std::fs::write(existing.join("mine.rs"), "mine").unwrap();
        drop(StagingDir::create_in(&existing, ".protogate-staging-").unwrap());
        assert_eq!(entries(&existing), vec!["mine.rs"]);
    }
}
