use std::path::{Path, PathBuf};

use clap::Args;

use super::{Outcome, paths_or_current, print_diagnostics, progress, write_stdout};
use crate::compile::{ParseCache, compile_input_cached};
use crate::error::ToolError;
use crate::history::versions::Repo;
use crate::history::{HistoryRule, Ledger, RULES, Version, WORKING_TREE, check_and_record};
use crate::report::{Diagnostic, ErrorFormat};
use crate::workspace::write::write_atomically;
use crate::workspace::{WalkOptions, display_of, load_input};

#[derive(Args)]
pub struct HistoryArgs {
    /// The module directory; defaults to `.`.
    paths: Vec<PathBuf>,
    /// Which tags are versions (a glob); they are walked in semantic-version order.
    #[arg(long, default_value = "v*")]
    tags: String,
    /// Walk every commit that changed a .proto instead of tags.
    #[arg(long, conflicts_with = "tags")]
    all_commits: bool,
    /// Print the ledger as JSON instead of findings.
    #[arg(long)]
    ledger: bool,
    /// Check the working tree against a committed ledger, without reading git history.
    #[arg(long, value_name = "FILE")]
    against_ledger: Option<PathBuf>,
    /// Add what history and the working tree show to a ledger file (never dropping entries).
    #[arg(long, value_name = "FILE")]
    update_ledger: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    error_format: ErrorFormat,
}

pub fn run(args: HistoryArgs) -> Result<Outcome, ToolError> {
    let paths = paths_or_current(args.paths.clone());
    if paths.len() > 1 {
        return Err(ToolError::new("history takes one PATH"));
    }
    let path = &paths[0];
    let rules: Vec<&'static HistoryRule> = RULES.iter().collect();
    let mut ledger = match &args.against_ledger {
        Some(file) => Ledger::read(file)?,
        None => Ledger::new(),
    };
    let mut diagnostics = Vec::new();
    // Shared by every version and the working tree, which mostly repeat each other.
    let parses = ParseCache::default();
    let walk_history = args.against_ledger.is_none()
        && !(args.update_ledger.is_some() && Repo::discover(path).is_err());
    if walk_history {
        diagnostics.extend(walk_versions(path, &args, &mut ledger, &rules, &parses)?);
    }
    let working_tree = match working_tree(path, &parses)? {
        Ok(version) => version,
        Err(compile_errors) => return print_diagnostics(compile_errors, args.error_format),
    };
    diagnostics.extend(check_and_record(&mut ledger, &working_tree, &rules));
    if let Some(file) = &args.update_ledger {
        let mut kept = if file.exists() {
            Ledger::read(file)?
        } else {
            Ledger::new()
        };
        kept.merge(&ledger);
        write_ledger(file, &kept)?;
    }
    if args.ledger {
        write_stdout(&format!("{}\n", ledger_json(&ledger)?))?;
        return Ok(Outcome::Clean);
    }
    print_diagnostics(diagnostics, args.error_format)
}

/// Checks every tagged (or every changing) version in order, recording each in the ledger.
fn walk_versions(
    path: &Path,
    args: &HistoryArgs,
    ledger: &mut Ledger,
    rules: &[&'static HistoryRule],
    parses: &ParseCache,
) -> Result<Vec<Diagnostic>, ToolError> {
    let mut repo = Repo::discover(path)?;
    let revisions = if args.all_commits {
        repo.proto_commits()?
    } else {
        let (tags, skipped) = repo.semver_tags(&args.tags)?;
        for tag in skipped {
            eprintln!("protogate: note: skipping tag {tag}: not a semantic version");
        }
        tags
    };
    let display_root = display_of(path);
    let mut diagnostics = Vec::new();
    let bar = progress::bar(revisions.len(), "history");
    for revision in &revisions {
        bar.set_message(revision.label.clone());
        match repo.version_at(revision, &display_root, parses)? {
            Ok(version) => diagnostics.extend(check_and_record(ledger, &version, rules)),
            Err(reason) => bar.suspend(|| eprintln!("protogate: note: skipping {reason}")),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(diagnostics)
}

/// The module as it is on disk; compile errors come back as findings.
fn working_tree(
    path: &Path,
    parses: &ParseCache,
) -> Result<Result<Version, Vec<Diagnostic>>, ToolError> {
    let input = load_input(path, &WalkOptions::default())?;
    if !input.unreadable.is_empty() {
        return Ok(Err(input.unreadable));
    }
    Ok(match compile_input_cached(&input, parses) {
        Ok((_, modules)) => Ok(Version {
            label: WORKING_TREE.to_string(),
            files: modules.into_iter().flat_map(|m| m.files).collect(),
        }),
        Err(errors) => Err(errors),
    })
}

fn ledger_json(ledger: &Ledger) -> Result<String, ToolError> {
    serde_json::to_string_pretty(ledger)
        .map_err(|e| ToolError::new(format!("cannot encode the ledger: {e}")))
}

fn write_ledger(file: &Path, ledger: &Ledger) -> Result<(), ToolError> {
    let mut text = ledger_json(ledger)?;
    text.push('\n');
    write_atomically(file, text.as_bytes())
}
