//! Real git repositories for tests, built with git2.

use std::path::Path;

use git2::{IndexAddOption, Oid, Repository, Signature};

fn signature() -> Signature<'static> {
    Signature::now("Test", "test@example.com").expect("signature")
}

/// Commits the work tree as it is, deletions included.
pub fn commit_all(repo: &Repository, message: &str) -> Oid {
    let mut index = repo.index().expect("index");
    index.clear().expect("clear index");
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("find tree");
    let parent = repo.head().ok().and_then(|head| head.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature(),
        &signature(),
        message,
        &tree,
        &parents,
    )
    .expect("commit")
}

/// An annotated tag on HEAD.
pub fn tag(repo: &Repository, name: &str) {
    let head = repo
        .head()
        .expect("head")
        .peel(git2::ObjectType::Commit)
        .expect("commit");
    repo.tag(name, &head, &signature(), name, false)
        .expect("tag");
}

/// Replaces everything but `.git` in `dir` with a copy of `source`.
pub fn replace_work_tree(dir: &Path, source: &Path) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove dir");
        } else {
            std::fs::remove_file(&path).expect("remove file");
        }
    }
    copy_tree(source, dir);
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
