use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;
use similar::TextDiff;

use super::{Outcome, paths_or_current, write_stdout};
use crate::compile::in_worker_pool;
use crate::error::ToolError;
use crate::fmt::{FormatError, format_source};
use crate::report::{COMPILE_RULE_ID, Diagnostic, ErrorFormat, Span, render, sort_and_dedup};
use crate::workspace::write::write_atomically;
use crate::workspace::{SourceFile, WalkOptions, load_input};

#[derive(Args)]
pub struct FmtArgs {
    /// Directories or .proto files; defaults to the current directory.
    paths: Vec<PathBuf>,
    /// Exit with 1 when a file is not formatted; list those files unless --diff shows them.
    #[arg(long)]
    check: bool,
    /// Print a unified diff of the changes instead of the formatted text.
    #[arg(short, long)]
    diff: bool,
    /// Rewrite the files that are not formatted, in place.
    #[arg(short, long)]
    write: bool,
    /// Leave out this file or directory (may be repeated).
    #[arg(long)]
    exclude_path: Vec<PathBuf>,
}

/// One file and its formatted text.
struct Formatted {
    file: SourceFile,
    text: String,
}

impl Formatted {
    fn changed(&self) -> bool {
        self.file.source != self.text
    }
}

pub fn run(args: FmtArgs) -> Result<Outcome, ToolError> {
    let walk = WalkOptions {
        exclude_paths: args.exclude_path.clone(),
        ..WalkOptions::default()
    };
    let mut files: Vec<SourceFile> = Vec::new();
    let mut problems = Vec::new();
    for path in paths_or_current(args.paths.clone()) {
        let input = load_input(&path, &walk)?;
        problems.extend(input.unreadable);
        for module in input.modules {
            files.extend(module.targets);
        }
    }
    files.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    files.dedup_by(|a, b| a.display_path == b.display_path);

    let results: Vec<(SourceFile, Result<String, FormatError>)> = in_worker_pool(|| {
        files
            .into_par_iter()
            .map(|file| {
                let formatted = format_source(&file.name, &file.source);
                (file, formatted)
            })
            .collect()
    });
    let mut formatted = Vec::new();
    for (file, result) in results {
        match result {
            Ok(text) => formatted.push(Formatted { file, text }),
            Err(FormatError::Syntax(error)) => problems.push(Diagnostic::new(
                file.display_path.clone(),
                Some(Span::point(
                    u32::try_from(error.line).unwrap_or(u32::MAX),
                    u32::try_from(error.column).unwrap_or(u32::MAX),
                )),
                COMPILE_RULE_ID,
                error.message,
            )),
            Err(error @ FormatError::MeaningChanged(_)) => {
                return Err(ToolError::new(format!(
                    "{}: {error}; the file is left as it is (please report this)",
                    file.display_path
                )));
            }
        }
    }
    if !problems.is_empty() {
        // Nothing is printed or written when any file cannot be read or parsed.
        report_problems(problems)?;
        return Ok(Outcome::Findings);
    }

    let changed: Vec<&Formatted> = formatted.iter().filter(|f| f.changed()).collect();
    if args.diff {
        let mut diff = String::new();
        for file in &changed {
            diff.push_str(&unified_diff(file));
        }
        write_stdout(&diff)?;
    } else if args.check && !args.write {
        let list: String = changed
            .iter()
            .map(|file| format!("{}\n", file.file.display_path))
            .collect();
        write_stdout(&list)?;
    } else if !args.write {
        let text: String = formatted.iter().map(|file| file.text.as_str()).collect();
        write_stdout(&text)?;
    }
    if args.write {
        for file in &changed {
            write_atomically(Path::new(&file.file.display_path), file.text.as_bytes())?;
        }
    }
    Ok(if args.check && !changed.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn unified_diff(file: &Formatted) -> String {
    let path = &file.file.display_path;
    TextDiff::from_lines(file.file.source.as_str(), file.text.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Compile errors go to stderr: stdout carries the formatted text or the diff.
fn report_problems(mut problems: Vec<Diagnostic>) -> Result<(), ToolError> {
    sort_and_dedup(&mut problems);
    let mut err = std::io::stderr().lock();
    render(ErrorFormat::Text, &problems, &mut err)
        .and_then(|()| err.flush())
        .map_err(|e| ToolError::new(format!("cannot write output: {e}")))
}
