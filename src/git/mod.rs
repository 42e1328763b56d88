//! Reads the .proto tree of any git revision straight from the object database: no
//! checkout, no temporary clone, no `git` process, and the working tree is never touched.

mod watchdog;

pub use watchdog::{ReadGuard, reading};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use rayon::prelude::*;

use crate::config::CONFIG_FILE_NAMES;
use crate::error::ToolError;

/// A git input in buf's syntax: `.git#branch=main`, `.git#tag=v1.2.0`, `.git#ref=HEAD~1`,
/// each with an optional `,subdir=proto`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitInput {
    /// The repository: a `.git` directory or a work tree.
    pub repository: PathBuf,
    pub revision: Revision,
    /// The directory of the tree to read, relative to the repository root.
    pub subdir: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    Branch(String),
    Tag(String),
    /// Anything `git rev-parse` understands: `HEAD~1`, a sha, `main^`.
    Ref(String),
}

impl Revision {
    fn describe(&self) -> String {
        match self {
            Revision::Branch(name) => format!("branch \"{name}\""),
            Revision::Tag(name) => format!("tag \"{name}\""),
            Revision::Ref(name) => format!("ref \"{name}\""),
        }
    }
}

impl GitInput {
    /// Parses `PATH#key=value,...`; None when the text is not a git input at all.
    pub fn parse(text: &str) -> Option<Result<GitInput, ToolError>> {
        let (path, options) = text.split_once('#')?;
        if !path.ends_with(".git") {
            return None;
        }
        Some(Self::parse_options(path, options, text))
    }

    fn parse_options(path: &str, options: &str, text: &str) -> Result<GitInput, ToolError> {
        let mut revision = None;
        let mut subdir = None;
        for option in options.split(',').filter(|o| !o.is_empty()) {
            let Some((key, value)) = option.split_once('=') else {
                return Err(ToolError::new(format!(
                    "{text}: expected key=value, found \"{option}\""
                )));
            };
            let value = value.to_string();
            match key {
                "branch" => revision = Some(Revision::Branch(value)),
                "tag" => revision = Some(Revision::Tag(value)),
                "ref" | "commit" => revision = Some(Revision::Ref(value)),
                "subdir" => subdir = Some(value.trim_matches('/').to_string()),
                "depth" | "recurse_submodules" => {}
                other => {
                    return Err(ToolError::new(format!(
                        "{text}: unknown git input option \"{other}\"; use branch, tag, ref or subdir"
                    )));
                }
            }
        }
        Ok(GitInput {
            repository: PathBuf::from(path),
            revision: revision.unwrap_or(Revision::Ref("HEAD".to_string())),
            subdir: subdir.filter(|s| !s.is_empty() && s != "."),
        })
    }

    /// Reads the .proto files and config files of the revision's tree (below `subdir`),
    /// keyed by path relative to that directory.
    pub fn read_tree(&self, text: &str) -> Result<BTreeMap<String, Vec<u8>>, ToolError> {
        let repository = open_repository(&self.repository, text)?;
        let guard = reading(format!("{text}: the commit"));
        let commit = resolve(&repository, &self.revision).map_err(|error| {
            let mut message = format!("{text}: cannot find {} in {}", self.revision.describe(), self.repository.display());
            if error.code() != ErrorCode::NotFound {
                message.push_str(&format!(": {}", error.message()));
            }
            if repository.is_shallow() {
                message.push_str(
                    "; this is a shallow clone, so fetch the history first: `git fetch --unshallow --tags` (in GitHub Actions, `fetch-depth: 0`)",
                );
            }
            ToolError::new(message)
        })?;
        guard.progress(format!("{text}: the commit's tree"));
        let mut tree = commit.tree().map_err(|e| {
            ToolError::new(format!(
                "{text}: cannot read the commit's tree: {}",
                e.message()
            ))
        })?;
        if let Some(subdir) = &self.subdir {
            let entry = tree.get_path(Path::new(subdir)).map_err(|_| {
                ToolError::new(format!(
                    "{text}: directory \"{subdir}\" does not exist at {}",
                    self.revision.describe()
                ))
            })?;
            tree = entry
                .to_object(&repository)
                .and_then(|object| object.peel_to_tree())
                .map_err(|_| ToolError::new(format!("{text}: \"{subdir}\" is not a directory")))?;
        }
        proto_files_of_tree(&repository, &tree, text, None)
    }
}

/// Blob contents by object id, for reading many trees of one repository that share most of
/// their files: `history` reads each blob once, however many tags hold it.
#[derive(Default)]
pub struct BlobCache {
    contents: HashMap<Oid, Vec<u8>>,
}

impl BlobCache {
    /// How many blobs have been read from the repository: each distinct one once.
    pub fn read_count(&self) -> usize {
        self.contents.len()
    }

    fn read(&mut self, repository: &Repository, id: Oid) -> Result<Vec<u8>, git2::Error> {
        if let Some(content) = self.contents.get(&id) {
            return Ok(content.clone());
        }
        let content = repository.find_blob(id)?.content().to_vec();
        self.contents.insert(id, content.clone());
        Ok(content)
    }
}

/// The .proto files of a tree, and the config files at its top, keyed by `/`-separated
/// path relative to the tree. `origin` names the tree in errors. Blobs are read through
/// `blobs` when given, so a blob read for an earlier tree is not read again; otherwise they
/// are read on every worker, each with a handle of its own on the repository.
pub fn proto_files_of_tree(
    repository: &Repository,
    tree: &git2::Tree,
    origin: &str,
    blobs: Option<&mut BlobCache>,
) -> Result<BTreeMap<String, Vec<u8>>, ToolError> {
    let mut wanted = Vec::new();
    let mut failure = None;
    let guard = reading(format!("{origin}: the tree"));
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            return TreeWalkResult::Ok;
        };
        let path = format!("{dir}{name}");
        // A subtree is read after this entry is seen; name it and restart the clock.
        guard.progress(format!("{origin}: {path} (object {})", entry.id()));
        let is_wanted =
            name.ends_with(".proto") || (dir.is_empty() && CONFIG_FILE_NAMES.contains(&name));
        if entry.kind() == Some(ObjectType::Blob) && is_wanted {
            let target = if entry.filemode() == SYMLINK_MODE {
                // A symlink's blob is the path it points at, not the file's text.
                resolve_symlink(repository, tree, dir, name)
            } else {
                Ok(entry.id())
            };
            match target {
                Ok(target) => wanted.push((path, target)),
                Err(problem) => {
                    failure = Some(format!("{origin}: cannot read {path}: {problem}"));
                    return TreeWalkResult::Abort;
                }
            }
        }
        TreeWalkResult::Ok
    })
    .map_err(|e| {
        ToolError::new(
            failure
                .clone()
                .unwrap_or_else(|| format!("{origin}: cannot walk the tree: {}", e.message())),
        )
    })?;
    if let Some(failure) = failure {
        return Err(ToolError::new(failure));
    }
    let contents = match blobs {
        Some(cache) => wanted
            .iter()
            .map(|(path, id)| {
                guard.progress(format!("{origin}: {path} (object {id})"));
                cache.read(repository, *id)
            })
            .collect(),
        None => {
            let waiting = watchdog::waiting_for_other_threads();
            let contents = read_blobs_on_every_worker(repository, &wanted, origin);
            guard.progress(format!("{origin}: the tree"));
            drop(waiting);
            contents
        }
    };
    let mut files = BTreeMap::new();
    // The first file that cannot be read, in the order of the tree, is the one reported.
    for ((path, _), content) in wanted.into_iter().zip(contents) {
        match content {
            Ok(content) => {
                files.insert(path, content);
            }
            Err(error) => {
                return Err(ToolError::new(format!(
                    "{origin}: cannot read {path}: {}",
                    error.message()
                )));
            }
        }
    }
    Ok(files)
}

/// The contents of the blobs `wanted` (path, id), in order, read on every worker: inflating
/// them is most of the time a tree's read takes. Each worker opens the repository for
/// itself, as a handle on it cannot be shared between threads.
fn read_blobs_on_every_worker(
    repository: &Repository,
    wanted: &[(String, Oid)],
    origin: &str,
) -> Vec<Result<Vec<u8>, git2::Error>> {
    let location = repository.path().to_path_buf();
    crate::compile::in_worker_pool(|| {
        wanted
            .par_iter()
            .map_init(
                || Repository::open(&location),
                |opened, (path, id)| {
                    let repository = opened
                        .as_ref()
                        .map_err(|e| git2::Error::new(e.code(), e.class(), e.message()))?;
                    let _guard = reading(format!("{origin}: {path} (object {id})"));
                    Ok(repository.find_blob(*id)?.content().to_vec())
                },
            )
            .collect()
    })
}

/// The mode git records for a symbolic link.
const SYMLINK_MODE: i32 = 0o120000;

/// The blob a symlink in `tree` leads to, following links within the tree; a loop, a link
/// that leaves the tree or one that leads nowhere is an error.
fn resolve_symlink(
    repository: &Repository,
    tree: &git2::Tree,
    dir: &str,
    name: &str,
) -> Result<git2::Oid, String> {
    let mut path: Vec<String> = dir
        .split('/')
        .chain([name])
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect();
    for _ in 0..40 {
        let entry = tree.get_path(Path::new(&path.join("/"))).map_err(|_| {
            format!(
                "it is a symlink to {}, which does not exist",
                path.join("/")
            )
        })?;
        if entry.filemode() != SYMLINK_MODE {
            return match entry.kind() {
                Some(ObjectType::Blob) => Ok(entry.id()),
                _ => Err(format!(
                    "it is a symlink to {}, which is not a file",
                    path.join("/")
                )),
            };
        }
        let link = repository
            .find_blob(entry.id())
            .map_err(|e| e.message().to_string())?;
        let link = String::from_utf8_lossy(link.content()).into_owned();
        if link.starts_with('/') {
            return Err(format!("it is a symlink to {link}, outside the tree"));
        }
        path.pop();
        for part in link.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if path.pop().is_none() {
                        return Err(format!("it is a symlink to {link}, outside the tree"));
                    }
                }
                part => path.push(part.to_string()),
            }
        }
    }
    Err("too many levels of symbolic links (a symlink loop)".to_string())
}

/// Objects are read the way git reads them: by id, without hashing each one again to check
/// it. libgit2 re-hashes every object it loads unless told not to, while git leaves that
/// check to `git fsck`; reading a googleapis tree spent most of its time in that hashing.
/// The setting is libgit2's, for the whole process.
pub(crate) fn read_objects_without_rehashing() {
    git2::opts::strict_hash_verification(false);
}

/// Opens the repository. A bare `.git` that does not exist where the user stands is looked
/// for upwards, so `--against .git#ref=HEAD~1` works from any directory of the work tree.
fn open_repository(path: &Path, text: &str) -> Result<Repository, ToolError> {
    read_objects_without_rehashing();
    let opened = if path.exists() {
        Repository::open(path)
    } else if path == Path::new(".git") {
        Repository::discover(".")
    } else {
        return Err(ToolError::new(format!(
            "{text}: {} does not exist",
            path.display()
        )));
    };
    opened.map_err(|error| {
        ToolError::new(format!(
            "{text}: not a git repository ({})",
            error.message()
        ))
    })
}

fn resolve<'r>(
    repository: &'r Repository,
    revision: &Revision,
) -> Result<git2::Commit<'r>, git2::Error> {
    let candidates: Vec<String> = match revision {
        Revision::Branch(name) => vec![
            format!("refs/heads/{name}"),
            format!("refs/remotes/origin/{name}"),
        ],
        Revision::Tag(name) => vec![format!("refs/tags/{name}")],
        Revision::Ref(name) => vec![name.clone()],
    };
    let mut last_error = None;
    for candidate in candidates {
        match repository
            .revparse_single(&candidate)
            .and_then(|object| object.peel_to_commit())
        {
            Ok(commit) => return Ok(commit),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| git2::Error::from_str("no candidate")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buf_style_inputs() {
        let input = GitInput::parse(".git#tag=v1.2.0,subdir=proto/")
            .unwrap()
            .unwrap();
        assert_eq!(input.repository, PathBuf::from(".git"));
        assert_eq!(input.revision, Revision::Tag("v1.2.0".to_string()));
        assert_eq!(input.subdir.as_deref(), Some("proto"));
        let input = GitInput::parse("../other/.git#ref=HEAD~1")
            .unwrap()
            .unwrap();
        assert_eq!(input.revision, Revision::Ref("HEAD~1".to_string()));
        assert!(GitInput::parse("previous/").is_none());
        assert!(GitInput::parse(".git#colour=blue").unwrap().is_err());
    }
}
