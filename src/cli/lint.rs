use std::path::PathBuf;

use clap::Args;

use super::{Outcome, gather, paths_or_current, print_diagnostics, without_ignored};
use crate::catalog::RuleKind;
use crate::compile::{compile_input, free_in_background, release_when_done};
use crate::config::{PathIgnores, select_rules};
use crate::error::ToolError;
use crate::lint::{self, LintRule, RULES};
use crate::report::{Diagnostic, ErrorFormat};
use crate::workspace::{WalkOptions, load_input};

#[derive(Args)]
pub struct LintArgs {
    /// Directories (module roots) or .proto files; defaults to the current directory.
    paths: Vec<PathBuf>,
    /// Config file to use instead of protogate.yaml or buf.yaml in the PATH.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    error_format: ErrorFormat,
    /// Leave out this file or directory (may be repeated).
    #[arg(long)]
    exclude_path: Vec<PathBuf>,
}

pub fn run(args: LintArgs) -> Result<Outcome, ToolError> {
    let walk = WalkOptions {
        config: args.config,
        exclude_paths: args.exclude_path,
    };
    let mut diagnostics = Vec::new();
    let paths = paths_or_current(args.paths);
    for (index, path) in paths.iter().enumerate() {
        let last = index + 1 == paths.len();
        gather(&mut diagnostics, lint_path(path, &walk, last)?);
    }
    print_diagnostics(diagnostics, args.error_format)
}

/// Lints one PATH: compile errors, or else the findings of each module's rules. `last` says
/// no PATH follows, so its models are the command's last (see `release_when_done`).
pub fn lint_path(
    path: &std::path::Path,
    walk: &WalkOptions,
    last: bool,
) -> Result<Vec<Diagnostic>, ToolError> {
    let input = load_input(path, walk)?;
    let mut diagnostics = input.unreadable.clone();
    let (_, modules) = match compile_input(&input) {
        Ok(compiled) => compiled,
        Err(errors) => {
            diagnostics.extend(errors);
            return Ok(diagnostics);
        }
    };
    for compiled in modules {
        let module = compiled.module;
        let config = &module.config.lint;
        let selected = select_rules(RuleKind::Lint, module.version, config)?;
        let rules: Vec<&'static LintRule> = RULES
            .iter()
            .filter(|rule| selected.contains(rule.info.id))
            .collect();
        let ignores = PathIgnores::new(RuleKind::Lint, module.version, config)?;
        let found = lint::run(
            &compiled.files,
            &rules,
            &config.lint_options,
            config.comment_ignores_allowed,
        );
        gather(&mut diagnostics, without_ignored(module, &ignores, found));
        if last {
            release_when_done(compiled.files);
        } else {
            free_in_background(compiled.files);
        }
    }
    Ok(diagnostics)
}
