//! `protogate fmt` changes layout only: on every example and fixture of the repository, the
//! formatted files compile to the same descriptors as the originals (source info aside), and
//! formatting the result again changes nothing.
//!
//! `scripts/compare-buf-format.sh` runs the ignored test at the end on googleapis: it compares
//! two images built with `protogate build -o`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prost_reflect::{DescriptorPool, DynamicMessage};
use protogate::compile::compile_pool;
use protogate::fmt::format_source;
use protogate::workspace::{Input, WalkOptions, load_input};
use rayon::prelude::*;

/// The directories whose .proto files are checked, as patterns of module roots below the
/// repository root (`*` is any one directory).
const MODULE_ROOTS: [&str; 8] = [
    "examples/*",
    "testdata/lint/*",
    "testdata/breaking/*/previous",
    "testdata/breaking/*/current",
    "testdata/history/*/*",
    "testdata/release/*/previous",
    "testdata/release/*/current",
    "testdata/generate/proto",
];

/// The trees that must all be covered by the roots above.
const COVERED: [&str; 6] = [
    "examples",
    "testdata/lint",
    "testdata/breaking",
    "testdata/history",
    "testdata/release",
    "testdata/generate",
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::new()];
    for part in pattern.split('/') {
        let mut next = Vec::new();
        for dir in &dirs {
            if part == "*" {
                let Ok(entries) = std::fs::read_dir(repo_root().join(dir)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    if entry.path().is_dir() {
                        next.push(dir.join(entry.file_name()));
                    }
                }
            } else if repo_root().join(dir).join(part).is_dir() {
                next.push(dir.join(part));
            }
        }
        dirs = next;
    }
    dirs.sort();
    dirs
}

fn proto_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            proto_files_under(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            out.push(path);
        }
    }
}

/// A pool that can decode `FileDescriptorProto`s with every extension (custom option) the
/// compiled files define.
fn decoding_pool(pool: &DescriptorPool) -> DescriptorPool {
    if pool
        .get_message_by_name("google.protobuf.FileDescriptorProto")
        .is_some()
    {
        return pool.clone();
    }
    let mut compiler =
        protox::Compiler::with_file_resolver(protox::file::GoogleFileResolver::new());
    compiler
        .open_file("google/protobuf/descriptor.proto")
        .expect("descriptor.proto is bundled with protox");
    let mut decoding = compiler.descriptor_pool();
    for file in pool.files() {
        if decoding.get_file_by_name(file.name()).is_none() {
            decoding
                .add_file_descriptor_proto(file.file_descriptor_proto().clone())
                .expect("the compiled files fit in one pool");
        }
    }
    decoding
}

/// Each file's descriptor without source info, re-encoded in field-number order (options,
/// custom ones included, compare as the messages they are, whatever order they were set
/// in).
fn canonical_descriptors(pool: &DescriptorPool, names: &[String]) -> BTreeMap<String, Vec<u8>> {
    let decoding = decoding_pool(pool);
    let file_proto = decoding
        .get_message_by_name("google.protobuf.FileDescriptorProto")
        .expect("descriptor.proto is in the decoding pool");
    let wanted: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
    let found: BTreeMap<String, Vec<u8>> = pool
        .files()
        .filter(|file| wanted.contains(file.name()))
        .map(|file| {
            let mut message =
                DynamicMessage::decode(file_proto.clone(), file.encode_to_vec().as_slice())
                    .expect("a compiled file decodes");
            message.clear_field_by_name("source_code_info");
            (
                file.name().to_string(),
                prost::Message::encode_to_vec(&message),
            )
        })
        .collect();
    assert_eq!(found.len(), wanted.len(), "every file is compiled");
    found
}

fn target_names(input: &Input) -> Vec<String> {
    input
        .modules
        .iter()
        .flat_map(|module| module.targets.iter().map(|target| target.name.clone()))
        .collect()
}

/// Checks one module root; returns the files checked and whether they compiled.
fn check_root(root: &Path) -> (Vec<String>, bool) {
    let input = load_input(root, &WalkOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    assert!(input.unreadable.is_empty(), "{}", root.display());
    let mut formatted = input.clone();
    for module in &mut formatted.modules {
        for target in &mut module.targets {
            let once = format_source(&target.name, &target.source)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display_path));
            let twice = format_source(&target.name, &once)
                .unwrap_or_else(|e| panic!("{} (formatted): {e}", target.display_path));
            assert_eq!(
                once, twice,
                "{}: formatting is not idempotent",
                target.display_path
            );
            target.source = once;
        }
    }
    let names = target_names(&input);
    let compiled = match compile_pool(&input) {
        Ok(original) => {
            let again = compile_pool(&formatted).unwrap_or_else(|errors| {
                panic!(
                    "{}: the formatted files do not compile: {errors:?}",
                    root.display()
                )
            });
            let before = canonical_descriptors(&original, &names);
            let after = canonical_descriptors(&again, &names);
            for name in &names {
                assert!(
                    before[name] == after[name],
                    "{}/{name}: formatting changed the descriptor",
                    root.display()
                );
            }
            true
        }
        Err(errors) => {
            // A fixture that does not compile on purpose must fail the same way.
            let messages = |errors: Vec<protogate::report::Diagnostic>| {
                let mut messages: Vec<String> = errors.into_iter().map(|d| d.message).collect();
                messages.sort();
                messages
            };
            let again = compile_pool(&formatted).err().unwrap_or_default();
            assert_eq!(messages(errors), messages(again), "{}", root.display());
            false
        }
    };
    let files = names
        .iter()
        .map(|name| format!("{}/{name}", root.display()))
        .collect();
    (files, compiled)
}

#[test]
fn every_example_and_fixture_keeps_its_descriptors_and_formats_idempotently() {
    std::env::set_current_dir(repo_root()).expect("the repository root exists");
    let roots: Vec<PathBuf> = MODULE_ROOTS.iter().flat_map(|p| expand(p)).collect();
    let results: Vec<(Vec<String>, bool)> = roots.par_iter().map(|root| check_root(root)).collect();
    let compiled = results.iter().filter(|(_, compiled)| *compiled).count();
    assert!(
        compiled * 10 >= results.len() * 9,
        "most fixtures compile, so their descriptors are compared ({compiled} of {})",
        results.len()
    );
    let checked: Vec<String> = results.into_iter().flat_map(|(files, _)| files).collect();
    let mut all = Vec::new();
    for tree in COVERED {
        proto_files_under(Path::new(tree), &mut all);
    }
    assert!(all.len() > 500, "the fixtures are found ({})", all.len());
    for file in &all {
        let file = file.to_string_lossy().replace('\\', "/");
        assert!(
            checked.contains(&file),
            "{file} is under no module root of MODULE_ROOTS"
        );
    }
}

fn compile_one(source: &str) -> BTreeMap<String, Vec<u8>> {
    let file = protogate::workspace::SourceFile {
        name: "acme/v1/a.proto".to_string(),
        display_path: "acme/v1/a.proto".to_string(),
        source: source.to_string(),
    };
    let compiled = protogate::compile::compile(&[file], &[], &[]).expect("the sample compiles");
    canonical_descriptors(&compiled.pool, &compiled.names)
}

#[test]
fn the_comparison_sees_changes_but_not_the_order_options_are_set_in() {
    let header = "syntax = \"proto3\";\npackage acme.v1;\nimport \"google/protobuf/descriptor.proto\";\n\
                  message Res {\n  string type = 1;\n  string pattern = 2;\n}\n\
                  extend google.protobuf.FileOptions {\n  Res res = 50000;\n}\n";
    let options = [
        "option java_package = \"a\";\noption (res) = {type: \"x/A\" pattern: \"a/{a}\"};\n",
        "option (res) = {type: \"x/A\" pattern: \"a/{a}\"};\noption java_package = \"a\";\n",
    ];
    let message =
        |number: u32| format!("message M {{\n  // doc {number}\n  int32 a = {number};\n}}\n");
    let first = compile_one(&format!("{header}{}{}", options[0], message(1)));
    let reordered = compile_one(&format!("{header}{}{}", options[1], message(1)));
    let changed = compile_one(&format!("{header}{}{}", options[0], message(2)));
    assert_eq!(first, reordered);
    assert_ne!(first, changed);
    let other_option = compile_one(&format!(
        "{header}{}{}",
        options[0].replace("a/{a}", "b/{b}"),
        message(1)
    ));
    assert_ne!(first, other_option, "custom option values are compared");
}

/// Run by scripts/compare-buf-format.sh: `PROTOGATE_FMT_IMAGES=original.binpb,formatted.binpb`.
#[test]
#[ignore = "run by scripts/compare-buf-format.sh on two images"]
fn images_from_the_environment_have_the_same_descriptors() {
    let images = std::env::var("PROTOGATE_FMT_IMAGES").expect("PROTOGATE_FMT_IMAGES is set");
    let (original, formatted) = images
        .split_once(',')
        .expect("PROTOGATE_FMT_IMAGES is ORIGINAL,FORMATTED");
    let load = |path: &str| {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        DescriptorPool::decode(bytes.as_slice()).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let (original, formatted) = (load(original), load(formatted));
    let names: Vec<String> = original.files().map(|f| f.name().to_string()).collect();
    let formatted_names: Vec<String> = formatted.files().map(|f| f.name().to_string()).collect();
    assert_eq!(
        {
            let mut n = names.clone();
            n.sort();
            n
        },
        {
            let mut n = formatted_names.clone();
            n.sort();
            n
        },
        "both images hold the same files"
    );
    let before = canonical_descriptors(&original, &names);
    let after = canonical_descriptors(&formatted, &names);
    let differing: Vec<&String> = names.iter().filter(|n| before[*n] != after[*n]).collect();
    println!(
        "descriptors: {} of {} files identical",
        names.len() - differing.len(),
        names.len()
    );
    assert!(differing.is_empty(), "descriptors differ: {differing:?}");
}
