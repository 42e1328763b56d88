//! The breaking-change engine: pairs the previous and current versions of every element
//! (files by path; messages, enums and services by full name; fields and enum values by
//! number) and hands each pair to the rules that compare that kind of element.

pub mod against;
mod approval;
pub mod fix;
mod index;
mod rule;
pub mod rules;

pub use index::Side;
pub use rule::{BreakingRule, Check, Pair};
pub use rules::RULES;

use approval::{Approval, approvals_in};
use rayon::prelude::*;

use crate::error::ToolError;
use crate::lint::{Finding, Findings};
use crate::model::{
    Enum, EnumValue, Field, Location, Message, Method, PackageVersion, ProtoFile, Service,
    Stability,
};
use crate::report::Diagnostic;

/// Runs the rules over the two versions of a module. Findings approved with
/// `protogate:allow-breaking` come back marked as allowed.
///
/// Each kind of pair is matched once, with the approvals written around each pair, and
/// the rules run in parallel. Diagnostics come back in rule order and, within a rule, in
/// pair order; the error of a malformed approval is the first a single thread would meet.
pub fn run(
    previous: &[ProtoFile],
    current: &[ProtoFile],
    rules: &[&'static BreakingRule],
    ignore_unstable_packages: bool,
) -> Result<Vec<Diagnostic>, ToolError> {
    let keep = |file: &&ProtoFile| !(ignore_unstable_packages && is_unstable(file));
    let previous: Vec<&ProtoFile> = previous.iter().filter(keep).collect();
    let current: Vec<&ProtoFile> = current.iter().filter(keep).collect();
    crate::compile::in_worker_pool(|| {
        let (previous, current) = rayon::join(|| Side::new(&previous), || Side::new(&current));
        let needs = |kind: fn(&Check) -> bool| rules.iter().any(|rule| kind(&rule.check));
        let pairs = Prepared::new(&previous, &current, needs);
        let per_rule: Vec<Result<Vec<Diagnostic>, ToolError>> = rules
            .par_iter()
            .map(|rule| run_rule(rule, &previous, &current, &pairs))
            .collect();
        let mut diagnostics = Vec::new();
        for found in per_rule {
            diagnostics.extend(found?);
        }
        Ok(diagnostics)
    })
}

fn is_unstable(file: &ProtoFile) -> bool {
    file.package
        .as_deref()
        .and_then(PackageVersion::of_package)
        .is_some_and(|version| version.stability == Stability::Unstable)
}

/// The approvals written where a pair's findings may be approved (the current element and
/// the elements enclosing it), or the error of a malformed one.
type ScopeApprovals = Result<Vec<Approval>, ToolError>;

/// The pairs of one kind of element, each with its scope's approvals.
struct PairsWithApprovals<'a, T> {
    pairs: Vec<Pair<'a, T>>,
    approvals: Vec<ScopeApprovals>,
}

impl<'a, T: Sync> PairsWithApprovals<'a, T> {
    fn new(
        pairs: Vec<Pair<'a, T>>,
        scope_of: impl Fn(&Pair<'a, T>) -> Vec<(&'a Location, &'a str)> + Sync,
    ) -> Self {
        let approvals = pairs
            .par_iter()
            .map(|pair| {
                let mut approvals = Vec::new();
                for (location, path) in scope_of(pair) {
                    approvals.extend(approvals_in(location, path)?);
                }
                Ok(approvals)
            })
            .collect();
        PairsWithApprovals { pairs, approvals }
    }

    /// The pairs `match_pairs` finds, or none when no rule `wanted` them.
    fn when(
        wanted: bool,
        match_pairs: impl FnOnce() -> Vec<Pair<'a, T>>,
        scope_of: impl Fn(&Pair<'a, T>) -> Vec<(&'a Location, &'a str)> + Sync,
    ) -> Self {
        if wanted {
            Self::new(match_pairs(), scope_of)
        } else {
            PairsWithApprovals {
                pairs: Vec::new(),
                approvals: Vec::new(),
            }
        }
    }
}

/// Every kind of pair some rule compares, matched once for all rules.
struct Prepared<'a> {
    files: Vec<Pair<'a, ProtoFile>>,
    messages: PairsWithApprovals<'a, Message>,
    fields: PairsWithApprovals<'a, Field>,
    enums: PairsWithApprovals<'a, Enum>,
    enum_values: PairsWithApprovals<'a, EnumValue>,
    services: PairsWithApprovals<'a, Service>,
    methods: PairsWithApprovals<'a, Method>,
}

impl<'a> Prepared<'a> {
    fn new(
        previous: &Side<'a>,
        current: &Side<'a>,
        needs: impl Fn(fn(&Check) -> bool) -> bool,
    ) -> Self {
        let files = if needs(|c| matches!(c, Check::File(_))) {
            index::file_pairs(previous, current)
        } else {
            Vec::new()
        };
        let own = |location: &'a Location, full_name: &'a str, pair_file: &'a ProtoFile| {
            own_scope(current, location, full_name, pair_file)
        };
        let messages = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::Message(_))),
            || index::message_pairs(previous, current),
            |pair| {
                own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )
            },
        );
        let fields = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::Field(_))),
            || index::field_pairs(previous, current),
            |pair| {
                own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )
            },
        );
        let enums = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::Enum(_))),
            || index::enum_pairs(previous, current),
            |pair| {
                own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )
            },
        );
        let enum_values = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::EnumValue(_))),
            || index::enum_value_pairs(previous, current),
            |pair| {
                let enum_name = pair.enums().map_or("", |(_, e)| e.full_name.as_str());
                let mut locations = own(&pair.current.location, enum_name, pair.current_file);
                if let Some((_, current_enum)) = pair.enums() {
                    locations.push((&current_enum.location, &pair.current_file.display_path));
                }
                locations
            },
        );
        let services = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::Service(_))),
            || index::service_pairs(previous, current),
            |pair| {
                own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )
            },
        );
        let methods = PairsWithApprovals::when(
            needs(|c| matches!(c, Check::Method(_))),
            || index::method_pairs(previous, current),
            |pair| {
                let mut locations = own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                );
                if let Some((_, service)) = pair.services() {
                    locations.push((&service.location, &pair.current_file.display_path));
                }
                locations
            },
        );
        Prepared {
            files,
            messages,
            fields,
            enums,
            enum_values,
            services,
            methods,
        }
    }
}

/// Runs one rule over its pairs.
fn run_rule<'a>(
    rule: &BreakingRule,
    previous: &Side<'a>,
    current: &Side<'a>,
    prepared: &Prepared<'a>,
) -> Result<Vec<Diagnostic>, ToolError> {
    let mut diagnostics = Vec::new();
    let mut out = Findings::new("");
    match rule.check {
        Check::Sides(check) => {
            check(previous, current, &mut out);
            emit(rule, out.take(), &[], &mut diagnostics)?;
        }
        Check::File(check) => {
            for pair in &prepared.files {
                check(pair, &mut out);
                emit(rule, out.take(), &[], &mut diagnostics)?;
            }
        }
        Check::Message(check) => each_pair(rule, &prepared.messages, check, &mut diagnostics)?,
        Check::Field(check) => each_pair(rule, &prepared.fields, check, &mut diagnostics)?,
        Check::Enum(check) => each_pair(rule, &prepared.enums, check, &mut diagnostics)?,
        Check::EnumValue(check) => {
            each_pair(rule, &prepared.enum_values, check, &mut diagnostics)?;
        }
        Check::Service(check) => each_pair(rule, &prepared.services, check, &mut diagnostics)?,
        Check::Method(check) => each_pair(rule, &prepared.methods, check, &mut diagnostics)?,
        Check::Nothing => {}
    }
    Ok(diagnostics)
}

fn each_pair<'a, T>(
    rule: &BreakingRule,
    prepared: &PairsWithApprovals<'a, T>,
    check: fn(&Pair<'a, T>, &mut Findings),
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), ToolError> {
    let mut out = Findings::new("");
    for (pair, approvals) in prepared.pairs.iter().zip(&prepared.approvals) {
        check(pair, &mut out);
        let approvals = approvals.as_ref().map_err(Clone::clone)?;
        emit(rule, out.take(), approvals, diagnostics)?;
    }
    Ok(())
}

/// Turns what a rule found for one pair into diagnostics, marking those approved in the
/// pair's scope or in the finding's own comment.
fn emit(
    rule: &BreakingRule,
    findings: Vec<Finding>,
    approvals: &[Approval],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), ToolError> {
    for finding in findings {
        let own = Location {
            leading_comments: finding.leading_comments.clone(),
            span: finding.span,
        };
        let own_approvals = approvals_in(&own, &finding.path)?;
        let approval = approvals
            .iter()
            .chain(&own_approvals)
            .find(|approval| approval.rule == rule.info.id);
        let mut diagnostic =
            Diagnostic::new(finding.path, finding.span, rule.info.id, finding.message);
        diagnostic.allowed = approval.map(|a| a.reason.clone());
        diagnostic.deleted_file = finding.deleted_file;
        diagnostics.push(diagnostic);
    }
    Ok(())
}

/// The current element and the messages enclosing it: where an approval may be written.
fn own_scope<'a>(
    current: &Side<'a>,
    own: &'a Location,
    full_name: &str,
    file: &'a ProtoFile,
) -> Vec<(&'a Location, &'a str)> {
    let path = file.display_path.as_str();
    let mut locations = vec![(own, path)];
    let mut name = full_name;
    while let Some((parent, _)) = name.rsplit_once('.') {
        if let Some((message, file)) = current.messages.get(parent) {
            locations.push((&message.location, file.display_path.as_str()));
        }
        name = parent;
    }
    locations
}
