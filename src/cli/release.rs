use std::collections::BTreeSet;
use std::path::PathBuf;
use std::rc::Rc;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Outcome, paths_or_current, write_stdout};
use crate::breaking::{self, BreakingRule};
use crate::catalog::RuleKind;
use crate::compile::ParseCache;
use crate::config::select_rules;
use crate::error::ToolError;
use crate::history::versions::{Repo, Revision, parse_semver};
use crate::model::ProtoFile;
use crate::release::rules::{release_version_matches_changes, stable_package_no_breaking};
use crate::release::{Bump, Change, ChangeKind, changelog, classify};
use crate::report::{ErrorFormat, render, sort_and_dedup};
use crate::workspace::write::write_atomically;
use crate::workspace::{WalkOptions, display_of, load_input};

#[derive(Clone, Copy, ValueEnum)]
enum ReleaseFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct ReleaseArgs {
    /// The module directory; defaults to `.`.
    paths: Vec<PathBuf>,
    /// The previous release; defaults to the newest semver tag that is an ancestor of --to.
    #[arg(long)]
    from: Option<String>,
    /// The revision being released.
    #[arg(long, default_value = "HEAD")]
    to: String,
    /// Fail (exit 1) unless this version bumps at least as much as the changes need.
    #[arg(long, value_name = "vX.Y.Z")]
    check: Option<String>,
    /// Create the annotated tag (the --check version, else the suggested one) with the
    /// changelog as its message. Refuses if the tag exists or the work tree is dirty.
    #[arg(long)]
    tag: bool,
    /// Sign the tag with gpg (git's user.signingkey and gpg.program apply).
    #[arg(long, requires = "tag")]
    sign: bool,
    /// Write the changelog to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    changelog: Option<PathBuf>,
    /// Which tags are releases (a glob).
    #[arg(long, default_value = "v*")]
    tags: String,
    #[arg(long, value_enum, default_value = "text")]
    format: ReleaseFormat,
}

/// The machine-readable plan (`--format json`).
#[derive(Serialize)]
struct Plan<'a> {
    from: Option<&'a str>,
    to: &'a str,
    bump: Bump,
    next_version: String,
    changes: &'a [Change],
    violations: Vec<Violation<'a>>,
}

#[derive(Serialize)]
struct Violation<'a> {
    rule: &'a str,
    path: &'a str,
    line: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<&'a str>,
}

pub fn run(args: ReleaseArgs) -> Result<Outcome, ToolError> {
    let paths = paths_or_current(args.paths.clone());
    if paths.len() > 1 {
        return Err(ToolError::new("release takes one PATH"));
    }
    let path = &paths[0];
    let mut repo = Repo::discover(path)?;
    let to = repo.resolve(&args.to)?;
    let from = match &args.from {
        Some(tag) => Some(repo.resolve(tag)?),
        None => newest_release_before(&repo, &args.tags, &to)?,
    };
    let from_version = match &from {
        Some(revision) => parse_semver(&revision.label).ok_or_else(|| {
            ToolError::new(format!(
                "--from {}: not a semantic version tag",
                revision.label
            ))
        })?,
        None => semver::Version::new(0, 0, 0),
    };
    let proposed = args
        .check
        .as_deref()
        .map(|text| {
            parse_semver(text)
                .ok_or_else(|| ToolError::new(format!("--check {text}: not a semantic version")))
        })
        .transpose()?;

    let display_root = display_of(path);
    let parses = ParseCache::default();
    let current = files_at(&mut repo, &to, &display_root, &parses)?;
    let previous = match &from {
        Some(revision) => files_at(&mut repo, revision, &display_root, &parses)?,
        None => Rc::default(),
    };
    let input = load_input(path, &WalkOptions::default())?;
    let module = input
        .modules
        .first()
        .ok_or_else(|| ToolError::new(format!("{}: no module here", path.display())))?;
    let selected = select_rules(RuleKind::Breaking, module.version, &module.config.breaking)?;
    let rules: Vec<&'static BreakingRule> = breaking::RULES
        .iter()
        .filter(|rule| selected.contains(rule.info.id))
        .collect();
    let breaks = breaking::run(
        &previous,
        &current,
        &rules,
        module.config.breaking.ignore_unstable_packages,
    )?;
    let stable_breaks = breaking::run(&previous, &current, &rules, true)?;

    let changed_files = changed_files(&repo, from.as_ref(), &to)?;
    let changes = classify(&previous, &current, &breaks, &changed_files);
    let bump = Bump::required(&changes, &from_version);
    let next = bump.apply(&from_version);

    let mut violations = stable_package_no_breaking::check(&stable_breaks);
    if let Some(proposed) = &proposed {
        violations.extend(release_version_matches_changes::check(
            &from_version,
            proposed,
            bump,
        ));
    }
    sort_and_dedup(&mut violations);
    let failing = violations.iter().any(|v| v.allowed.is_none());

    let from_label = from.as_ref().map(|r| r.label.as_str());
    let release_version = proposed.clone().unwrap_or_else(|| next.clone());
    let title = match from_label {
        Some(label) => format!("{release_version} (since {label})"),
        None => format!("{release_version} (first release)"),
    };
    let notes = changelog(&title, &changes);
    if let Some(file) = &args.changelog {
        write_atomically(file, notes.as_bytes())?;
    }
    match args.format {
        ReleaseFormat::Json => {
            let plan = Plan {
                from: from_label,
                to: &to.label,
                bump,
                next_version: next.to_string(),
                changes: &changes,
                violations: violations
                    .iter()
                    .map(|v| Violation {
                        rule: &v.rule,
                        path: &v.path,
                        line: v.display_span().start_line,
                        message: &v.message,
                        allowed: v.allowed.as_deref(),
                    })
                    .collect(),
            };
            let text = serde_json::to_string_pretty(&plan)
                .map_err(|e| ToolError::new(format!("cannot encode the plan: {e}")))?;
            write_stdout(&format!("{text}\n"))?;
        }
        ReleaseFormat::Text => {
            let mut text = summary(from_label, &to.label, bump, &next, &changes);
            if args.changelog.is_none() {
                text.push('\n');
                text.push_str(&notes);
            }
            write_stdout(&text)?;
        }
    }
    if !violations.is_empty() {
        let mut listing = Vec::new();
        render(ErrorFormat::Text, &violations, &mut listing)
            .map_err(|e| ToolError::new(format!("cannot write findings: {e}")))?;
        eprint!("{}", String::from_utf8_lossy(&listing));
    }
    if failing {
        return Ok(Outcome::Findings);
    }
    if args.tag {
        if repo.is_dirty()? {
            return Err(ToolError::new(
                "refusing to tag: the work tree has uncommitted changes",
            ));
        }
        let name = format!("v{release_version}");
        repo.create_tag(&name, to.commit, &notes, args.sign)?;
        let kind = if args.sign { "signed tag" } else { "tag" };
        eprintln!("protogate: created {kind} {name}");
    }
    Ok(Outcome::Clean)
}

/// The newest semver tag that is an ancestor of `to` but not `to` itself.
fn newest_release_before(
    repo: &Repo,
    glob: &str,
    to: &Revision,
) -> Result<Option<Revision>, ToolError> {
    let (tags, _) = repo.semver_tags(glob)?;
    Ok(tags
        .into_iter()
        .rev()
        .find(|tag| tag.commit != to.commit && repo.is_ancestor(tag.commit, to.commit)))
}

fn files_at(
    repo: &mut Repo,
    revision: &Revision,
    display_root: &str,
    parses: &ParseCache,
) -> Result<Rc<[ProtoFile]>, ToolError> {
    repo.version_at(revision, display_root, parses)?
        .map(|version| version.files)
        .map_err(ToolError::new)
}

/// Files whose text differs between the two revisions (all files for a first release).
fn changed_files(
    repo: &Repo,
    from: Option<&Revision>,
    to: &Revision,
) -> Result<BTreeSet<String>, ToolError> {
    let after = repo.raw_files_at(to)?;
    let before = match from {
        Some(revision) => repo.raw_files_at(revision)?,
        None => Default::default(),
    };
    Ok(after
        .into_iter()
        .filter(|(name, bytes)| before.get(name) != Some(bytes))
        .map(|(name, _)| name)
        .collect())
}

/// The suggested version and the changes that force it.
fn summary(
    from: Option<&str>,
    to: &str,
    bump: Bump,
    next: &semver::Version,
    changes: &[Change],
) -> String {
    let count = |kind| changes.iter().filter(|c| c.kind == kind).count();
    let (breaking, added, changed) = (
        count(ChangeKind::Breaking),
        count(ChangeKind::Added),
        count(ChangeKind::Changed),
    );
    let mut text = format!(
        "Next version: {next} ({} bump) — {} to {to}: {breaking} breaking, {added} added, {changed} changed.\n",
        bump.name(),
        from.unwrap_or("first release")
    );
    let deciding = match bump {
        Bump::Major | Bump::Minor if breaking > 0 => Some(ChangeKind::Breaking),
        Bump::Minor => Some(ChangeKind::Added),
        Bump::Patch => Some(ChangeKind::Changed),
        _ => None,
    };
    if let Some(kind) = deciding {
        text.push_str("Because of:\n");
        for change in changes.iter().filter(|c| c.kind == kind) {
            text.push_str(&format!(
                "  {}:{}: {} {}\n",
                change.path, change.line, change.rule, change.message
            ));
        }
    }
    text
}
