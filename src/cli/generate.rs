use std::path::{Path, PathBuf};

use clap::Args;

use super::{Outcome, paths_or_current, print_diagnostics};
use crate::codegen::{drift, generate_crate, print_templates, resolve_crate_name, write_files};
use crate::compile::compile_pool;
use crate::error::ToolError;
use crate::report::ErrorFormat;
use crate::workspace::{Input, WalkOptions, load_input};

#[derive(Args)]
pub struct GenerateArgs {
    /// Directories (module roots) or .proto files; defaults to the current directory.
    paths: Vec<PathBuf>,
    /// The directory of the generated crate.
    #[arg(long, value_name = "DIR", required_unless_present = "print_templates")]
    out: Option<PathBuf>,
    /// The crate's name; defaults to the name of the --out directory.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Templates that replace the built-in ones of the same file name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Regenerate in memory and compare with --out: print a unified diff and exit 1 on drift.
    #[arg(long, conflicts_with = "force")]
    check: bool,
    /// Overwrite files in --out that protogate did not generate.
    #[arg(long)]
    force: bool,
    /// Write the built-in templates into DIR to start from, and generate nothing.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "check", "templates", "crate_name"])]
    print_templates: Option<PathBuf>,
    /// Config file to use instead of protogate.yaml or buf.yaml in the PATH.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format for compile errors.
    #[arg(long, value_enum, default_value = "text")]
    error_format: ErrorFormat,
    /// Leave out this file or directory (may be repeated).
    #[arg(long)]
    exclude_path: Vec<PathBuf>,
}

pub fn run(args: GenerateArgs) -> Result<Outcome, ToolError> {
    if let Some(dir) = &args.print_templates {
        let written = print_templates(dir, args.force)?;
        eprintln!(
            "protogate: wrote {} built-in templates to {}",
            written.len(),
            dir.display()
        );
        return Ok(Outcome::Clean);
    }
    let Some(out) = args.out.clone() else {
        return Err(ToolError::new("--out DIR is required"));
    };
    let crate_name = resolve_crate_name(args.crate_name.as_deref(), &out)?;
    let walk = WalkOptions {
        config: args.config.clone(),
        exclude_paths: args.exclude_path.clone(),
    };
    let input = load_inputs(&paths_or_current(args.paths.clone()), &walk)?;
    if !input.unreadable.is_empty() {
        return print_diagnostics(input.unreadable, args.error_format);
    }
    if input.modules.iter().all(|m| m.targets.is_empty()) {
        return Err(ToolError::new("no .proto files to generate from"));
    }
    let pool = match compile_pool(&input) {
        Ok(pool) => pool,
        Err(errors) => return print_diagnostics(errors, args.error_format),
    };
    let files = generate_crate(&pool, &crate_name, args.templates.as_deref())?;
    if args.check {
        return check(&out, &files);
    }
    let summary = write_files(&out, &files, args.force)?;
    let mut report = format!(
        "protogate: generated crate `{crate_name}` in {}: {} written, {} unchanged",
        out.display(),
        summary.written.len(),
        summary.unchanged.len(),
    );
    if !summary.removed.is_empty() {
        report.push_str(&format!(
            ", {} removed ({})",
            summary.removed.len(),
            summary.removed.join(", ")
        ));
    }
    if !summary.kept.is_empty() {
        report.push_str(&format!(
            ", {} kept as you edited them ({}; delete one to regenerate it)",
            summary.kept.len(),
            summary.kept.join(", ")
        ));
    }
    eprintln!("{report}");
    Ok(Outcome::Clean)
}

/// Loads every PATH into one input: a crate is generated from all of them together.
fn load_inputs(paths: &[PathBuf], walk: &WalkOptions) -> Result<Input, ToolError> {
    let mut merged = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    for path in paths {
        let input = load_input(path, walk)?;
        merged.modules.extend(input.modules);
        merged.unreadable.extend(input.unreadable);
    }
    Ok(merged)
}

/// Prints the drift as a unified diff on stdout; exit 1 when there is any.
fn check(out: &Path, files: &[crate::codegen::GeneratedFile]) -> Result<Outcome, ToolError> {
    let diff = drift(out, files)?;
    if diff.is_empty() {
        return Ok(Outcome::Clean);
    }
    write_stdout(&diff)?;
    eprintln!(
        "protogate: {} is out of date with the protos or templates; run `protogate generate` to update it",
        out.display()
    );
    Ok(Outcome::Findings)
}

/// Prints to stdout; a closed pipe (`| head`) ends output quietly.
fn write_stdout(text: &str) -> Result<(), ToolError> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(ToolError::new(format!("cannot write output: {error}")))
        }
        _ => Ok(()),
    }
}
