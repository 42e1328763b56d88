//! `protogate build` writes a FileDescriptorSet that protoc and buf read, atomically, and
//! writes nothing when the protos do not compile.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{assert_no_panic, protogate, repo_root, stderr, stdout, write_tree};
use prost::Message;
use prost_types::FileDescriptorSet;

const CATALOG: &str = "acme/catalog/v1/catalog_service.proto";
const PRODUCT: &str = "acme/catalog/v1/product.proto";

/// Builds examples/proto into `out` and decodes the image.
fn build_examples(out: &Path) -> FileDescriptorSet {
    let output = protogate(
        &repo_root(),
        &["build", "examples/proto", "-o", out.to_str().unwrap()],
    );
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    let bytes = std::fs::read(out).expect("the image was written");
    FileDescriptorSet::decode(bytes.as_slice()).expect("a FileDescriptorSet")
}

#[test]
fn the_image_holds_the_module_and_its_imports_with_source_info() {
    let dir = tempfile::tempdir().unwrap();
    let image = build_examples(&dir.path().join("out.binpb"));
    let names: Vec<&str> = image.file.iter().map(|f| f.name()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "each file once: {names:?}");
    for name in [
        CATALOG,
        PRODUCT,
        "google/protobuf/timestamp.proto",
        "google/protobuf/duration.proto",
    ] {
        assert!(unique.contains(name), "{name} missing from {names:?}");
    }
    // Only what is imported: no unrelated well-known types.
    assert!(!unique.contains("google/protobuf/any.proto"), "{names:?}");
    // Self-contained and in dependency order, as protoc and buf expect.
    let mut seen = BTreeSet::new();
    for file in &image.file {
        for dependency in &file.dependency {
            assert!(
                seen.contains(dependency.as_str()),
                "{} comes before its import {dependency}: {names:?}",
                file.name()
            );
        }
        seen.insert(file.name());
    }
    for name in [CATALOG, PRODUCT] {
        let file = image.file.iter().find(|f| f.name() == name).unwrap();
        let info = file
            .source_code_info
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has source_code_info"));
        assert!(info.location.len() > 10, "{name}: {}", info.location.len());
        assert!(
            info.location.iter().any(|l| l.leading_comments.is_some()),
            "{name} keeps its comments"
        );
        assert_eq!(file.package(), "acme.catalog.v1");
    }
    let catalog = image.file.iter().find(|f| f.name() == CATALOG).unwrap();
    assert!(!catalog.service.is_empty(), "the service is in the image");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    build_examples(&dir.path().join("a.binpb"));
    build_examples(&dir.path().join("b.binpb"));
    assert_eq!(
        std::fs::read(dir.path().join("a.binpb")).unwrap(),
        std::fs::read(dir.path().join("b.binpb")).unwrap()
    );
}

#[test]
fn protoc_reads_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("out.binpb");
    build_examples(&image);
    let protoc = Command::new("protoc").arg("--version").output();
    if protoc.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "protoc is not on PATH, and CI must install it"
        );
        eprintln!("note: protoc is not on PATH; skipping the protoc round trip");
        return;
    }
    let again = dir.path().join("again.binpb");
    let output = Command::new("protoc")
        .arg(format!("--descriptor_set_in={}", image.display()))
        .arg(format!("--descriptor_set_out={}", again.display()))
        .arg("--include_imports")
        .arg(CATALOG)
        .current_dir(dir.path())
        .output()
        .expect("run protoc");
    assert!(
        output.status.success(),
        "protoc rejected the image: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let round_trip = FileDescriptorSet::decode(std::fs::read(&again).unwrap().as_slice()).unwrap();
    let names: BTreeSet<&str> = round_trip.file.iter().map(|f| f.name()).collect();
    assert!(
        names.contains(CATALOG) && names.contains(PRODUCT),
        "{names:?}"
    );
}

#[test]
fn a_single_file_path_builds_that_file_and_its_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("one.binpb");
    let output = protogate(
        &repo_root().join("examples/proto"),
        &["build", PRODUCT, "-o", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let image = FileDescriptorSet::decode(std::fs::read(&out).unwrap().as_slice()).unwrap();
    let names: BTreeSet<&str> = image.file.iter().map(|f| f.name()).collect();
    assert!(names.contains(PRODUCT), "{names:?}");
    assert!(!names.contains(CATALOG), "{names:?}");
}

fn broken_tree(dir: &Path) {
    write_tree(
        dir,
        &[
            (
                "proto/acme/v1/ok.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nmessage Ok {}\n",
            ),
            (
                "proto/acme/v1/broken.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nmessage Broken {\n  string name = 1\n}\n",
            ),
        ],
    );
}

#[test]
fn a_compile_error_writes_no_image() {
    let dir = tempfile::tempdir().unwrap();
    broken_tree(dir.path());
    let output = protogate(dir.path(), &["build", "proto", "-o", "out.binpb"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.lines()
            .any(|l| l.starts_with("proto/acme/v1/broken.proto:5:1: COMPILE ")),
        "{out}"
    );
    assert!(!dir.path().join("out.binpb").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != "proto")
        .collect();
    assert!(leftovers.is_empty(), "no temp files left: {leftovers:?}");
}

#[test]
fn a_compile_error_leaves_an_existing_image_untouched() {
    let dir = tempfile::tempdir().unwrap();
    broken_tree(dir.path());
    let out = dir.path().join("out.binpb");
    std::fs::write(&out, b"previous image").unwrap();
    let output = protogate(dir.path(), &["build", "proto", "-o", "out.binpb"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), b"previous image");
}

#[test]
fn an_unwritable_output_is_a_tool_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = protogate(
        &repo_root(),
        &[
            "build",
            "examples/proto",
            "-o",
            dir.path().join("no/such/dir/out.binpb").to_str().unwrap(),
        ],
    );
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("out.binpb"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn the_image_gets_ordinary_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.binpb");
    build_examples(&out);
    // A file the user creates by hand in the same place gets the umask's permissions;
    // the image must not be narrower (a temp file's 0600 would hide it from CI readers).
    let reference = dir.path().join("reference");
    std::fs::write(&reference, b"x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), mode(&reference));
    // Rebuilding over an existing image keeps that image's permissions.
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    build_examples(&out);
    assert_eq!(mode(&out), 0o640);
}

/// `-o /dev/null` or `-o /dev/stdout` must write into the device or pipe, never rename a file
/// over it (which, run as root, would replace /dev/null). A FIFO stands in for them here.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_is_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("image.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo is not available; skipping");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(&fifo)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map(|_| bytes)
        })
    };
    let output = protogate(
        &repo_root(),
        &["build", "examples/proto", "-o", fifo.to_str().unwrap()],
    );
    assert_no_panic(&output);
    let still_a_fifo = std::fs::symlink_metadata(&fifo)
        .map(|m| m.file_type().is_fifo())
        .unwrap_or(false);
    assert!(still_a_fifo, "the pipe was replaced by a file");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bytes = reader.join().unwrap().expect("read the pipe");
    let image = FileDescriptorSet::decode(bytes.as_slice()).expect("the image came through");
    assert!(image.file.iter().any(|f| f.name() == CATALOG));
}
