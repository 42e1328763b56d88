//! The versions history walks: semver tags (or every commit that touched a .proto), read
//! straight from git objects. Each blob is read once, by its object id, and compiled
//! through the caller's parse cache, so each distinct file (import path and content) is
//! parsed once; a version whose module tree is the previous version's is not compiled
//! again. A thousand tags of a large tree that changes a little at a time cost one full
//! compilation, then linking and modelling each.

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use git2::{ObjectType, Oid, Repository, Sort};

use super::Version;
use crate::compile::{ParseCache, compile_input_cached};
use crate::error::ToolError;
use crate::git::{BlobCache, proto_files_of_tree};
use crate::model::ProtoFile;
use crate::workspace::load_memory_tree;

/// A repository and where the module lives in it.
pub struct Repo {
    repository: Repository,
    /// The module directory relative to the work tree root; None at the root.
    subdir: Option<String>,
    /// The module tree last compiled and its modelled files. Only the last: a googleapis
    /// model takes hundreds of MB, and an older tree seen again is only relinked, since
    /// its files are parsed already.
    last_tree: Option<(Oid, Rc<[ProtoFile]>)>,
    blobs: BlobCache,
}

/// A version to read: its label and its commit.
#[derive(Debug, Clone)]
pub struct Revision {
    pub label: String,
    pub commit: Oid,
}

impl Repo {
    /// Finds the repository that holds `path`.
    pub fn discover(path: &Path) -> Result<Repo, ToolError> {
        crate::git::read_objects_without_rehashing();
        let repository = Repository::discover(path).map_err(|e| {
            ToolError::new(format!(
                "{}: not inside a git repository ({})",
                path.display(),
                e.message()
            ))
        })?;
        let workdir = repository
            .workdir()
            .ok_or_else(|| ToolError::new("history needs a repository with a work tree"))?;
        let absolute = std::fs::canonicalize(path)
            .map_err(|e| ToolError::new(format!("{}: {e}", path.display())))?;
        let root = std::fs::canonicalize(workdir)
            .map_err(|e| ToolError::new(format!("{}: {e}", workdir.display())))?;
        let relative = absolute.strip_prefix(&root).unwrap_or(Path::new(""));
        let subdir = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo {
            repository,
            subdir: Some(subdir).filter(|s| !s.is_empty()),
            last_tree: None,
            blobs: BlobCache::default(),
        })
    }

    /// Tags matching `glob`, oldest version first. Tags whose names are not semantic versions
    /// (after an optional `v`) are returned separately, to be skipped with a note.
    pub fn semver_tags(&self, glob: &str) -> Result<(Vec<Revision>, Vec<String>), ToolError> {
        let names = self
            .repository
            .tag_names(Some(glob))
            .map_err(|e| ToolError::new(format!("cannot list tags: {}", e.message())))?;
        let mut versions = Vec::new();
        let mut skipped = Vec::new();
        let guard = crate::git::reading("tags");
        for name in names.iter().flatten().flatten() {
            guard.progress(format!("tag {name}"));
            let Some(version) = parse_semver(name) else {
                skipped.push(name.to_string());
                continue;
            };
            let commit = self
                .repository
                .revparse_single(&format!("refs/tags/{name}"))
                .and_then(|object| object.peel_to_commit())
                .map_err(|e| ToolError::new(format!("tag {name}: {}", e.message())))?;
            versions.push((
                version,
                Revision {
                    label: name.to_string(),
                    commit: commit.id(),
                },
            ));
        }
        versions.sort_by(|a, b| a.0.cmp(&b.0));
        Ok((
            versions.into_iter().map(|(_, revision)| revision).collect(),
            skipped,
        ))
    }

    /// Every commit reachable from HEAD that changed the module's .proto files, oldest first.
    pub fn proto_commits(&self) -> Result<Vec<Revision>, ToolError> {
        let fail =
            |e: git2::Error| ToolError::new(format!("cannot walk the history: {}", e.message()));
        let mut walk = self.repository.revwalk().map_err(fail)?;
        walk.push_head().map_err(fail)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(fail)?;
        let mut revisions = Vec::new();
        let mut last_tree = None;
        for oid in walk {
            let oid = oid.map_err(fail)?;
            let tree = self.module_tree_id(oid)?;
            if tree.is_some() && tree != last_tree {
                revisions.push(Revision {
                    label: oid.to_string()[..12].to_string(),
                    commit: oid,
                });
            }
            last_tree = tree;
        }
        Ok(revisions)
    }

    /// The object id of the module's tree at a commit; None when the module does not exist
    /// there yet.
    fn module_tree_id(&self, commit: Oid) -> Result<Option<Oid>, ToolError> {
        let _guard = crate::git::reading(format!("commit {commit}"));
        let tree = self
            .repository
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| ToolError::new(format!("commit {commit}: {}", e.message())))?;
        Ok(match &self.subdir {
            None => Some(tree.id()),
            Some(subdir) => tree
                .get_path(Path::new(subdir))
                .ok()
                .map(|entry| entry.id()),
        })
    }

    /// The modelled files of the module at a revision; None (with the reason) when the
    /// module is absent there or does not compile. Files `parses` has seen are not parsed
    /// again.
    pub fn version_at(
        &mut self,
        revision: &Revision,
        display_root: &str,
        parses: &ParseCache,
    ) -> Result<Result<Version, String>, ToolError> {
        let Some(tree_id) = self.module_tree_id(revision.commit)? else {
            return Ok(Err(format!(
                "{}: the module does not exist there",
                revision.label
            )));
        };
        if let Some((last_tree, files)) = &self.last_tree
            && *last_tree == tree_id
        {
            return Ok(Ok(Version {
                label: revision.label.clone(),
                files: Rc::clone(files),
            }));
        }
        let guard = crate::git::reading(format!("{}: tree {tree_id}", revision.label));
        let tree = self
            .repository
            .find_tree(tree_id)
            .map_err(|e| ToolError::new(format!("{}: {}", revision.label, e.message())))?;
        drop(guard);
        let files: BTreeMap<String, Vec<u8>> = proto_files_of_tree(
            &self.repository,
            &tree,
            &revision.label,
            Some(&mut self.blobs),
        )?;
        let input = load_memory_tree(&files, &revision.label, display_root)?;
        // A file that is not text (binary, not UTF-8) fails the version, as it would on disk.
        let compiled = match compile_input_cached(&input, parses).and_then(|compiled| {
            if input.unreadable.is_empty() {
                Ok(compiled)
            } else {
                Err(input.unreadable.clone())
            }
        }) {
            Ok((_, modules)) => modules
                .into_iter()
                .flat_map(|m| m.files)
                .collect::<Rc<[ProtoFile]>>(),
            Err(errors) => {
                // Name the file and where, as a compile error on disk would.
                let first = errors
                    .first()
                    .map(|e| {
                        let span = e.display_span();
                        format!(
                            "{}:{}:{}: {}",
                            e.path, span.start_line, span.start_column, e.message
                        )
                    })
                    .unwrap_or_default();
                return Ok(Err(format!(
                    "{}: does not compile ({first})",
                    revision.label
                )));
            }
        };
        self.last_tree = Some((tree_id, Rc::clone(&compiled)));
        Ok(Ok(Version {
            label: revision.label.clone(),
            files: compiled,
        }))
    }
}

impl Repo {
    /// How many blobs this repository has read: each distinct one once.
    pub fn blobs_read(&self) -> usize {
        self.blobs.read_count()
    }

    /// Resolves any revision (`HEAD`, a branch, a tag, a sha) to a commit.
    pub fn resolve(&self, revision: &str) -> Result<Revision, ToolError> {
        let _guard = crate::git::reading(format!("revision {revision}"));
        let commit = self
            .repository
            .revparse_single(revision)
            .and_then(|object| object.peel_to_commit())
            .map_err(|e| {
                let mut message = format!("cannot find revision \"{revision}\": {}", e.message());
                if self.repository.is_shallow() {
                    message.push_str("; this is a shallow clone, so fetch the history first: `git fetch --unshallow --tags`");
                }
                ToolError::new(message)
            })?;
        Ok(Revision {
            label: revision.to_string(),
            commit: commit.id(),
        })
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: Oid, descendant: Oid) -> bool {
        ancestor == descendant
            || self
                .repository
                .graph_descendant_of(descendant, ancestor)
                .unwrap_or(false)
    }

    /// The raw .proto files of the module at a revision, keyed by path below it.
    pub fn raw_files_at(
        &self,
        revision: &Revision,
    ) -> Result<BTreeMap<String, Vec<u8>>, ToolError> {
        let Some(tree_id) = self.module_tree_id(revision.commit)? else {
            return Ok(BTreeMap::new());
        };
        let _guard = crate::git::reading(format!("{}: tree {tree_id}", revision.label));
        let tree = self
            .repository
            .find_tree(tree_id)
            .map_err(|e| ToolError::new(format!("{}: {}", revision.label, e.message())))?;
        proto_files_of_tree(&self.repository, &tree, &revision.label, None)
    }

    /// True when tracked files are modified or staged, or untracked files are present.
    pub fn is_dirty(&self) -> Result<bool, ToolError> {
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).include_ignored(false);
        let statuses = self.repository.statuses(Some(&mut options)).map_err(|e| {
            ToolError::new(format!("cannot read the work tree status: {}", e.message()))
        })?;
        Ok(!statuses.is_empty())
    }

    /// Creates an annotated tag; refuses when the tag exists.
    pub fn create_tag(
        &self,
        name: &str,
        target: Oid,
        message: &str,
        sign: bool,
    ) -> Result<(), ToolError> {
        if self
            .repository
            .revparse_single(&format!("refs/tags/{name}"))
            .is_ok()
        {
            return Err(ToolError::new(format!("tag {name} already exists")));
        }
        let object = self.repository.find_object(target, None).map_err(|e| {
            ToolError::new(format!("cannot find the commit to tag: {}", e.message()))
        })?;
        let tagger = self.repository.signature().map_err(|e| {
            ToolError::new(format!(
                "cannot tag: no git user.name/user.email configured ({})",
                e.message()
            ))
        })?;
        if !sign {
            self.repository
                .tag(name, &object, &tagger, message, false)
                .map_err(|e| {
                    ToolError::new(format!("cannot create tag {name}: {}", e.message()))
                })?;
            return Ok(());
        }
        // A signed tag is the tag object's text followed by its detached ASCII-armoured
        // signature; git2 writes the object, gpg signs it, as `git tag -s` does.
        let when = tagger.when();
        let offset = when.offset_minutes();
        let body = format!(
            "object {target}\ntype commit\ntag {name}\ntagger {} <{}> {} {}{:02}{:02}\n\n{}",
            tagger.name().unwrap_or_default(),
            tagger.email().unwrap_or_default(),
            when.seconds(),
            if offset < 0 { '-' } else { '+' },
            offset.abs() / 60,
            offset.abs() % 60,
            if message.ends_with('\n') {
                message.to_string()
            } else {
                format!("{message}\n")
            }
        );
        let signature = self.gpg_sign(&body)?;
        let tag = self
            .repository
            .odb()
            .and_then(|odb| odb.write(ObjectType::Tag, format!("{body}{signature}").as_bytes()))
            .map_err(|e| ToolError::new(format!("cannot write tag {name}: {}", e.message())))?;
        self.repository
            .reference(
                &format!("refs/tags/{name}"),
                tag,
                false,
                "protogate release --tag --sign",
            )
            .map_err(|e| ToolError::new(format!("cannot create tag {name}: {}", e.message())))?;
        Ok(())
    }

    /// A detached, ASCII-armoured signature of `text` by gpg, with git's `gpg.program` and
    /// `user.signingkey` when they are configured.
    fn gpg_sign(&self, text: &str) -> Result<String, ToolError> {
        let config = self.repository.config().ok();
        let setting = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok());
        let program = setting("gpg.program").unwrap_or_else(|| "gpg".to_string());
        let mut command = std::process::Command::new(&program);
        command.args(["--batch", "--yes", "--detach-sign", "--armor"]);
        if let Some(key) = setting("user.signingkey") {
            command.args(["--local-user", &key]);
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| {
                ToolError::new(format!("cannot sign the tag: cannot run {program}: {e}"))
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write as _;
            stdin
                .write_all(text.as_bytes())
                .map_err(|e| ToolError::new(format!("cannot sign the tag: {e}")))?;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| ToolError::new(format!("cannot sign the tag: {e}")))?;
        if !output.status.success() {
            let reason = String::from_utf8_lossy(&output.stderr);
            return Err(ToolError::new(format!(
                "cannot sign the tag: {program} failed: {}",
                reason.lines().last().unwrap_or("no reason given")
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// `v1.2.3` or `1.2.3` as a semantic version.
pub fn parse_semver(tag: &str) -> Option<semver::Version> {
    semver::Version::parse(tag.strip_prefix('v').unwrap_or(tag)).ok()
}
