//! The previous side of a breaking check: a directory, a descriptor-set image, or a git
//! revision. Its files are shown under the current side's paths, so a finding about a
//! deleted file names the path the user knows.

use std::collections::HashSet;
use std::path::Path;

use prost::Message;
use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorSet;

use crate::compile::{Compiled, SharedParses, compile_input_for_comparison, release_when_done};
use crate::error::ToolError;
use crate::git::GitInput;
use crate::model::{ProtoFile, SourceInfos, build_files};
use crate::report::Diagnostic;
use crate::workspace::{Input, WalkOptions, join_display, load_input, load_memory_tree};

/// The previous version, as modelled modules keyed by module path.
pub struct AgainstSide {
    pub modules: Vec<(String, Vec<ProtoFile>)>,
}

/// The previous version as `load_against` leaves it: an image comes modelled, a source tree
/// compiled, with its model still to build (`model`), so that the model can be built while
/// the current version compiles.
pub enum PreviousVersion {
    Modelled(AgainstSide),
    Compiled {
        input: Input,
        compiled: Compiled,
        display_root: String,
    },
}

impl PreviousVersion {
    /// The previous version's modules, modelled.
    pub fn model(self) -> AgainstSide {
        match self {
            PreviousVersion::Modelled(side) => side,
            PreviousVersion::Compiled {
                input,
                compiled,
                display_root,
            } => model_tree(&input, compiled, &display_root),
        }
    }
}

/// Loads `--against`. `display_root` is the current PATH as shown to the user. The files
/// of a source tree that `shared` says the current version has unchanged are parsed for it
/// as well.
pub fn load_against(
    against: &str,
    display_root: &str,
    shared: &SharedParses,
) -> Result<PreviousVersion, ToolError> {
    if let Some(git) = GitInput::parse(against) {
        let files = git?.read_tree(against)?;
        let input = load_memory_tree(&files, against, display_root)?;
        return compile_tree(input, against, display_root, shared);
    }
    let path = Path::new(against);
    let metadata = std::fs::metadata(path)
        .map_err(|e| ToolError::new(format!("{against}: cannot read the against input: {e}")))?;
    if metadata.is_dir() {
        let input = load_input(path, &WalkOptions::default())?;
        return compile_tree(input, against, display_root, shared);
    }
    load_image(path, against, display_root).map(PreviousVersion::Modelled)
}

/// Findings are reported at the current version's elements, never at the previous
/// version's, so the previous version is compiled without source info (as an image built
/// without it would come), and without the custom options no breaking rule reads: a custom
/// option the previous version sets wrongly is not reported.
fn compile_tree(
    input: Input,
    against: &str,
    display_root: &str,
    shared: &SharedParses,
) -> Result<PreviousVersion, ToolError> {
    if let Some(problem) = input.unreadable.first() {
        return Err(not_compiling(against, problem));
    }
    let compiled = compile_input_for_comparison(&input, shared)
        .map_err(|errors| not_compiling(against, &errors[0]))?;
    Ok(PreviousVersion::Compiled {
        input,
        compiled,
        display_root: display_root.to_string(),
    })
}

/// Models a compiled source tree of the previous version, with each file shown under the
/// current side's paths. The pool is not needed once the files are modelled, and is let go
/// with `release_when_done`: freed, it kept a core busy for about a third of a second while
/// the current version compiled.
fn model_tree(input: &Input, compiled: Compiled, display_root: &str) -> AgainstSide {
    let (pool, modules) = compiled.model(input);
    release_when_done(pool);
    let modules = modules
        .into_iter()
        .map(|compiled| {
            let prefix = match compiled.module.path.as_str() {
                "." => display_root.to_string(),
                path => join_display(display_root, path),
            };
            let files = compiled
                .files
                .into_iter()
                .map(|file| ProtoFile {
                    display_path: join_display(&prefix, &file.name),
                    ..file
                })
                .collect();
            (compiled.module.path.clone(), files)
        })
        .collect();
    AgainstSide { modules }
}

fn not_compiling(against: &str, problem: &Diagnostic) -> ToolError {
    let span = problem.display_span();
    ToolError::new(format!(
        "the against input {against} does not compile: {}:{}:{}: {}",
        problem.path, span.start_line, span.start_column, problem.message
    ))
}

/// prost names every field on the way to a decoding error; nested 100 deep, that is a line
/// of thousands of characters. Repeats of one step are folded into `step (×N)`.
fn shorten_decode_error(message: &str) -> String {
    let mut steps: Vec<(&str, usize)> = Vec::new();
    for step in message.split(": ") {
        match steps.last_mut() {
            Some((last, count)) if *last == step => *count += 1,
            _ => steps.push((step, 1)),
        }
    }
    steps
        .into_iter()
        .map(|(step, count)| match count {
            1 => step.to_string(),
            n => format!("{step} (×{n})"),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// Well-known types travel inside images as imports; they are not part of the module.
fn is_well_known(name: &str) -> bool {
    name.starts_with("google/protobuf/")
}

fn load_image(path: &Path, against: &str, display_root: &str) -> Result<AgainstSide, ToolError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ToolError::new(format!("{against}: cannot read image: {e}")))?;
    let invalid = |problem: String| {
        ToolError::new(format!(
            "{against}: not a valid FileDescriptorSet image (as written by `protogate build`, `buf build` or `protoc -o`): {problem}"
        ))
    };
    let mut set = FileDescriptorSet::decode(bytes.as_slice())
        .map_err(|e| invalid(shorten_decode_error(&e.to_string())))?;
    if set.file.is_empty() {
        return Err(invalid("it holds no files".to_string()));
    }
    // prost-reflect 0.16 can panic on a file whose syntax it does not know (it leaves the file
    // out of its list, then indexes that list by file number), so those are refused here.
    for file in &mut set.file {
        match file.syntax.as_deref() {
            None | Some("proto2" | "proto3") => {}
            Some("") => file.syntax = None,
            Some("editions") => {
                return Err(invalid(format!(
                    "{}: editions are not supported yet",
                    file.name()
                )));
            }
            Some(other) => {
                return Err(invalid(format!(
                    "{}: unknown syntax \"{other}\"",
                    file.name()
                )));
            }
        }
    }
    add_missing_well_known(&mut set, against)?;
    let pool = DescriptorPool::from_file_descriptor_set(set).map_err(|e| invalid(e.to_string()))?;
    let names: Vec<String> = pool
        .files()
        .map(|file| file.name().to_string())
        .filter(|name| !is_well_known(name))
        .collect();
    let files = build_files(
        &pool,
        &names,
        &|name| join_display(display_root, name),
        &foldhash::HashMap::default(),
        &mut SourceInfos::default(),
    );
    release_when_done(pool);
    Ok(AgainstSide {
        modules: vec![(".".to_string(), files)],
    })
}

/// `protoc -o` without `--include_imports` leaves imports out. The well-known types are
/// bundled, so they are added; any other missing import is an error that says how to
/// write the image.
fn add_missing_well_known(set: &mut FileDescriptorSet, against: &str) -> Result<(), ToolError> {
    let bundled = DescriptorPool::global();
    let mut present: HashSet<String> = set.file.iter().map(|f| f.name().to_string()).collect();
    let mut queue: Vec<(String, String)> = set
        .file
        .iter()
        .flat_map(|f| {
            f.dependency
                .iter()
                .map(|d| (d.clone(), f.name().to_string()))
        })
        .collect();
    while let Some((import, importer)) = queue.pop() {
        if present.contains(&import) {
            continue;
        }
        let Some(file) = bundled
            .get_file_by_name(&import)
            .filter(|_| is_well_known(&import))
        else {
            return Err(ToolError::new(format!(
                "{against}: the image lacks {import}, which {importer} imports; write it with its imports (`protoc --include_imports`, `buf build` or `protogate build`)"
            )));
        };
        let proto = file.file_descriptor_proto().clone();
        queue.extend(proto.dependency.iter().map(|d| (d.clone(), import.clone())));
        present.insert(import);
        set.file.push(proto);
    }
    Ok(())
}
