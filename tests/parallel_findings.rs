//! Parallelism must not show: every command prints the same bytes and exits with the same
//! code with one worker thread (`PROTOGATE_THREADS=1`) and with several.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{protogate_env, repo_root, write_tree};

const MANY_THREADS: &str = "6";

fn run(dir: &Path, args: &[&str], threads: &str) -> Output {
    protogate_env(dir, args, &[("PROTOGATE_THREADS", threads)])
}

/// Runs `args` in `dir` with one thread and with many; fails on any difference. Returns the
/// single-threaded stdout.
fn assert_same_with_any_thread_count(dir: &Path, args: &[&str]) -> String {
    let one = run(dir, args, "1");
    for threads in ["2", MANY_THREADS] {
        let many = run(dir, args, threads);
        let label = format!("{} in {}", args.join(" "), dir.display());
        assert_eq!(one.status.code(), many.status.code(), "{label}: exit code");
        assert!(
            one.stdout == many.stdout,
            "{label}: stdout differs with {threads} threads:\n--- 1 thread\n{}\n--- {threads} threads\n{}",
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&many.stdout)
        );
        assert_eq!(
            String::from_utf8_lossy(&one.stderr),
            String::from_utf8_lossy(&many.stderr),
            "{label}: stderr"
        );
    }
    String::from_utf8_lossy(&one.stdout).into_owned()
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a fixture dir")
        .map(|entry| entry.expect("a dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn lint_findings_do_not_depend_on_the_thread_count() {
    let root = repo_root();
    let mut dirs = vec![root.join("examples/proto"), root.join("examples/bad")];
    dirs.extend(subdirs(&root.join("testdata/lint")));
    let mut findings = 0;
    for dir in &dirs {
        let out = assert_same_with_any_thread_count(dir, &["lint", "--error-format", "json"]);
        findings += out.lines().count();
    }
    assert!(findings > 100, "only {findings} findings compared");
}

#[test]
fn compile_errors_do_not_depend_on_the_thread_count() {
    let mut compared = 0;
    for dir in subdirs(&repo_root().join("testdata/bad")) {
        let out = assert_same_with_any_thread_count(&dir, &["lint", "--error-format", "json"]);
        compared += usize::from(out.contains("\"COMPILE\""));
    }
    assert!(compared > 5, "only {compared} trees with compile errors");
}

#[test]
fn breaking_findings_do_not_depend_on_the_thread_count() {
    let mut findings = 0;
    for dir in subdirs(&repo_root().join("testdata/breaking")) {
        let out = assert_same_with_any_thread_count(
            &dir,
            &[
                "breaking",
                "current",
                "--against",
                "previous",
                "--error-format",
                "json",
            ],
        );
        findings += out.lines().count();
    }
    assert!(findings > 50, "only {findings} findings compared");
}

/// A tree big enough to be split across threads: 300 files in 30 packages, each importing
/// a shared file and the previous file of its package, with findings in every file.
fn write_large_tree(dir: &Path) {
    let mut files = vec![(
        "shared/v1/common.proto".to_string(),
        "syntax = \"proto3\";\npackage shared.v1;\nmessage Money { int64 units = 1; }\nenum Color { red = 0; }\n"
            .to_string(),
    )];
    for i in 0..300 {
        let package = i % 30;
        let import = if i < 30 {
            String::new()
        } else {
            format!("import \"pkg{package}/v1/file{}.proto\";\n", i - 30)
        };
        files.push((
            format!("pkg{package}/v1/file{i}.proto"),
            format!(
                "syntax = \"proto3\";\npackage pkg{package}.v1;\nimport \"shared/v1/common.proto\";\n{import}\
                 // A message.\nmessage thing{i} {{\n  shared.v1.Money Price = 1;\n  string snake_Case = 2;\n  enum kind {{ A = 0; }}\n}}\n\
                 service Svc{i} {{ rpc get(thing{i}) returns (thing{i}); }}\n"
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, source)| (path.as_str(), source.as_str()))
        .collect();
    write_tree(dir, &borrowed);
    write_tree(
        dir,
        &[(
            "buf.yaml",
            "version: v2\nlint:\n  use: [STANDARD, COMMENTS]\n",
        )],
    );
}

#[test]
fn a_large_tree_gives_the_same_output_on_any_thread_count() {
    let temp = tempfile::tempdir().expect("a temp dir");
    write_large_tree(temp.path());
    let lint = assert_same_with_any_thread_count(temp.path(), &["lint", "--error-format", "json"]);
    assert!(lint.lines().count() > 1000, "{lint}");
    assert!(!lint.contains("COMPILE"), "{lint}");
    for format in ["text", "sarif", "junit"] {
        assert_same_with_any_thread_count(temp.path(), &["lint", "--error-format", format]);
    }

    // Images are byte for byte the same.
    let image = |threads: &str| {
        let out = temp.path().join(format!("image-{threads}.binpb"));
        let output = run(
            temp.path(),
            &["build", "-o", out.to_str().expect("a UTF-8 path")],
            threads,
        );
        assert!(output.status.success(), "{output:?}");
        std::fs::read(out).expect("the image")
    };
    assert!(image("1") == image(MANY_THREADS), "the images differ");
}

#[test]
fn a_compile_error_in_a_large_tree_is_reported_the_same_on_any_thread_count() {
    let temp = tempfile::tempdir().expect("a temp dir");
    write_large_tree(temp.path());
    write_tree(
        temp.path(),
        &[(
            "pkg7/v1/file157.proto",
            "syntax = \"proto3\";\npackage pkg7.v1;\nmessage broken {\n  Missing m = 1;\n}\n",
        )],
    );
    let out = assert_same_with_any_thread_count(temp.path(), &["lint"]);
    assert!(
        out.contains("pkg7/v1/file157.proto:4:3") && out.contains("COMPILE"),
        "{out}"
    );
}
