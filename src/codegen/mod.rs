//! `protogate generate`: a Cargo crate from the compiled descriptors. prost and tonic code is
//! generated in memory (no protoc, no build.rs); the reference server, its tests and the
//! crate's manifest are rendered from tera templates; `--check` compares with what is on
//! disk; writes stay under `--out` and never clobber files protogate did not generate.

mod context;
mod crate_name;
mod descriptor_set;
mod drift;
mod marker;
mod module_tree;
mod output_path;
mod rust_code;
mod templates;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use prost_reflect::DescriptorPool;

pub use crate_name::{crate_ident, resolve_crate_name};
pub use drift::drift;
use marker::MARKER;
pub use templates::print_templates;
pub use write::write_files;

use crate::error::ToolError;

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to `--out`, `/`-separated.
    pub path: String,
    pub contents: String,
    /// A starting point for the user (the reference server's method bodies): regenerated
    /// while untouched, left alone once edited by hand.
    pub scaffold: bool,
}

/// Where the embedded descriptor set goes, relative to `src/`.
const DESCRIPTOR_SET_FILE: &str = "file_descriptor_set.rs";

/// Generates every file of the crate, sorted by path. The result depends only on the
/// descriptors, the crate name and the templates, so it is the same on every run.
pub fn generate_crate(
    pool: &DescriptorPool,
    crate_name: &str,
    templates: Option<&Path>,
) -> Result<Vec<GeneratedFile>, ToolError> {
    let template_set = templates::TemplateSet::load(templates)?;
    let code = rust_code::generate_rust(pool)?;
    let ident = crate_ident(crate_name);
    let context = context::build_context(
        crate_name,
        &ident,
        module_tree::render_module_tree(&code.packages),
        DESCRIPTOR_SET_FILE,
        &code.packages,
        &code.services,
    );

    let mut files: BTreeMap<String, GeneratedFile> = BTreeMap::new();
    let mut add = |path: String, contents: String, scaffold: bool, from: &str| {
        let Some(contents) = marker::with_marker(&path, &contents) else {
            return Err(ToolError::new(format!(
                "{from} renders {path}, a file type protogate cannot put a comment in; include `{MARKER}` in its first lines"
            )));
        };
        let file = GeneratedFile {
            path: path.clone(),
            contents,
            scaffold,
        };
        if files.insert(path.clone(), file).is_some() {
            return Err(ToolError::new(format!(
                "{from} renders {path}, which protogate already generates"
            )));
        }
        Ok(())
    };
    for package in &code.packages {
        add(
            format!("src/{}/{}", module_tree::PROTO_DIR, package.file_name),
            package.code.clone(),
            false,
            "prost",
        )?;
    }
    add(
        format!("src/{DESCRIPTOR_SET_FILE}"),
        descriptor_set::render_byte_string(&pool.encode_to_vec()),
        false,
        "the descriptor set",
    )?;
    for rendered in template_set.render_all(&context)? {
        let mut contents = rendered.contents;
        // tera drops a template's final newline; text files end with one.
        if !contents.is_empty() && !contents.ends_with('\n') {
            contents.push('\n');
        }
        add(
            rendered.path,
            contents,
            rendered.scaffold,
            "the template manifest",
        )?;
    }
    Ok(files.into_values().collect())
}
