//! `breaking --against` git inputs, on real repositories built in temp dirs.

mod common;

use std::path::Path;
use std::process::Command;

use common::{finding_keys, protogate, stderr, stdout, write_tree};
use git2::{Repository, Signature};

const V1: &str = r#"syntax = "proto3";

package acme.users.v1;

// A user.
message User {
  // Numeric id.
  int32 id = 1;
  // Display name.
  string name = 2;
}
"#;

/// Field 1 changes type, field 2 is deleted.
const V2: &str = r#"syntax = "proto3";

package acme.users.v1;

// A user.
message User {
  // Numeric id.
  string id = 1;
}
"#;

const FILE: &str = "proto/acme/users/v1/user.proto";

fn commit_all(repo: &Repository, message: &str) -> git2::Oid {
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("find tree");
    let signature = Signature::now("Test", "test@example.com").expect("signature");
    let parent = repo.head().ok().and_then(|head| head.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .expect("commit")
}

fn tag(repo: &Repository, name: &str) {
    let head = repo.head().unwrap().peel(git2::ObjectType::Commit).unwrap();
    let signature = Signature::now("Test", "test@example.com").unwrap();
    repo.tag(name, &head, &signature, name, false).expect("tag");
}

/// A repository whose protos live in `proto/`: v1 committed and tagged, then v2 committed.
fn two_version_repo(dir: &Path) -> Repository {
    let repo = Repository::init(dir).expect("init");
    write_tree(dir, &[(FILE, V1), ("proto/buf.yaml", "version: v2\n")]);
    commit_all(&repo, "v1");
    tag(&repo, "v1.0.0");
    write_tree(dir, &[(FILE, V2)]);
    commit_all(&repo, "v2");
    repo
}

#[test]
fn tag_input_with_subdir_from_the_repo_root() {
    let dir = tempfile::tempdir().unwrap();
    two_version_repo(dir.path());
    let output = protogate(
        dir.path(),
        &[
            "breaking",
            "proto",
            "--against",
            ".git#tag=v1.0.0,subdir=proto",
            "--error-format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        finding_keys(&stdout(&output)),
        vec![
            "proto/acme/users/v1/user.proto:6:1 FIELD_NO_DELETE".to_string(),
            "proto/acme/users/v1/user.proto:8:3 FIELD_SAME_TYPE".to_string(),
        ]
    );
}

#[test]
fn ref_input_from_a_subdirectory_of_the_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    two_version_repo(dir.path());
    let output = protogate(
        &dir.path().join("proto"),
        &["breaking", "--against", ".git#ref=HEAD~1,subdir=proto"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("acme/users/v1/user.proto:8:3: FIELD_SAME_TYPE Field \"1\" on message \"User\" changed type from \"int32\" to \"string\"."),
        "{text}"
    );
}

#[test]
fn branch_input_and_a_dirty_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let repo = two_version_repo(dir.path());
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("release", &head, false).unwrap();
    // Against the branch at HEAD the tree is unchanged...
    let clean = protogate(
        dir.path(),
        &[
            "breaking",
            "proto",
            "--against",
            ".git#branch=release,subdir=proto",
        ],
    );
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}{}",
        stdout(&clean),
        stderr(&clean)
    );
    // ...until the work tree is edited: the current side is the work tree as it is.
    write_tree(
        dir.path(),
        &[(FILE, &V2.replace("string id = 1;", "bytes id = 1;"))],
    );
    let dirty = protogate(
        dir.path(),
        &[
            "breaking",
            "proto",
            "--against",
            ".git#branch=release,subdir=proto",
        ],
    );
    assert_eq!(dirty.status.code(), Some(1));
    assert!(
        stdout(&dirty).contains("FIELD_SAME_TYPE"),
        "{}",
        stdout(&dirty)
    );
}

#[test]
fn an_unknown_ref_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    two_version_repo(dir.path());
    let output = protogate(
        dir.path(),
        &[
            "breaking",
            "proto",
            "--against",
            ".git#tag=v9.9.9,subdir=proto",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot find tag \"v9.9.9\""), "{err}");
}

/// A run that fails right after its first git read ends with its exit code every time, also
/// on a busy machine: it once ended, about one run in a hundred under load, with a
/// segmentation fault, when the end of the process freed the heap while the git watchdog
/// thread it had just started was still starting. Eight runs at a time, to keep the
/// machine busy: the race is timing-dependent, so the test catches it most of the time
/// rather than always.
#[test]
fn a_failing_git_read_always_ends_with_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    two_version_repo(dir.path());
    let runs_per_thread = 60;
    let ends: Vec<Option<i32>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    (0..runs_per_thread)
                        .map(|_| {
                            let output = protogate(
                                dir.path(),
                                &["breaking", "proto", "--against", ".git#ref=no-such-ref"],
                            );
                            output.status.code()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|thread| thread.join().unwrap())
            .collect()
    });
    let not_two: Vec<&Option<i32>> = ends.iter().filter(|code| **code != Some(2)).collect();
    assert!(
        not_two.is_empty(),
        "{} of {} runs did not end with exit code 2 (None: ended by a signal): {not_two:?}",
        not_two.len(),
        ends.len()
    );
}

#[test]
fn a_directory_that_is_not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("a.proto", "syntax = \"proto3\";\n"),
            ("elsewhere/.git/x", ""),
        ],
    );
    let output = protogate(
        dir.path(),
        &["breaking", "--against", "elsewhere/.git#branch=main"],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("not a git repository"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_shallow_clone_missing_the_ref_says_how_to_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    two_version_repo(&origin);
    let clone = dir.path().join("clone");
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", "--no-tags"])
        .arg(format!("file://{}", origin.display()))
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(cloned.success());
    let output = protogate(
        &clone,
        &[
            "breaking",
            "proto",
            "--against",
            ".git#ref=HEAD~1,subdir=proto",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("shallow") && err.contains("git fetch --unshallow"),
        "{err}"
    );
}
