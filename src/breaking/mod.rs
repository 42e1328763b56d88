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

use approval::approvals_in;

use crate::error::ToolError;
use crate::lint::{Finding, Findings};
use crate::model::{Location, PackageVersion, ProtoFile, Stability};
use crate::report::Diagnostic;

/// Runs the rules over the two versions of a module. Findings approved with
/// `protogate:allow-breaking` come back marked as allowed.
pub fn run(
    previous: &[ProtoFile],
    current: &[ProtoFile],
    rules: &[&'static BreakingRule],
    ignore_unstable_packages: bool,
) -> Result<Vec<Diagnostic>, ToolError> {
    let keep = |file: &&ProtoFile| !(ignore_unstable_packages && is_unstable(file));
    let previous: Vec<&ProtoFile> = previous.iter().filter(keep).collect();
    let current: Vec<&ProtoFile> = current.iter().filter(keep).collect();
    let previous = Side::new(&previous);
    let current = Side::new(&current);
    let mut diagnostics = Vec::new();
    for rule in rules {
        let mut emit =
            |findings: Vec<Finding>, scope: Vec<(&Location, &str)>| -> Result<(), ToolError> {
                let mut approvals = Vec::new();
                for (location, path) in scope {
                    approvals.extend(approvals_in(location, path)?);
                }
                for finding in findings {
                    let own = Location {
                        leading_comments: finding.leading_comments.clone(),
                        span: finding.span,
                        ..Location::default()
                    };
                    let own_approvals = approvals_in(&own, &finding.path)?;
                    let approval = approvals
                        .iter()
                        .chain(&own_approvals)
                        .find(|approval| approval.rule == rule.info.id);
                    let mut diagnostic =
                        Diagnostic::new(finding.path, finding.span, rule.info.id, finding.message);
                    diagnostic.allowed = approval.map(|a| a.reason.clone());
                    diagnostics.push(diagnostic);
                }
                Ok(())
            };
        run_rule(rule, &previous, &current, &mut emit)?;
    }
    Ok(diagnostics)
}

fn is_unstable(file: &ProtoFile) -> bool {
    file.package
        .as_deref()
        .and_then(PackageVersion::of_package)
        .is_some_and(|version| version.stability == Stability::Unstable)
}

/// Receives what a rule found for one pair, with the locations whose comments may approve it.
type Emit<'e, 'a> =
    dyn FnMut(Vec<Finding>, Vec<(&'a Location, &'a str)>) -> Result<(), ToolError> + 'e;

fn run_rule<'a>(
    rule: &BreakingRule,
    previous: &Side<'a>,
    current: &Side<'a>,
    emit: &mut Emit<'_, 'a>,
) -> Result<(), ToolError> {
    let mut out = Findings::new("");
    match rule.check {
        Check::Sides(check) => {
            check(previous, current, &mut out);
            emit(out.take(), Vec::new())?;
        }
        Check::File(check) => {
            for pair in index::file_pairs(previous, current) {
                check(&pair, &mut out);
                emit(out.take(), Vec::new())?;
            }
        }
        Check::Message(check) => {
            for pair in index::message_pairs(previous, current) {
                check(&pair, &mut out);
                emit(
                    out.take(),
                    scope(
                        current,
                        &pair,
                        &pair.current.location,
                        &pair.current.full_name,
                    ),
                )?;
            }
        }
        Check::Field(check) => {
            for pair in index::field_pairs(previous, current) {
                check(&pair, &mut out);
                emit(
                    out.take(),
                    scope(
                        current,
                        &pair,
                        &pair.current.location,
                        &pair.current.full_name,
                    ),
                )?;
            }
        }
        Check::Enum(check) => {
            for pair in index::enum_pairs(previous, current) {
                check(&pair, &mut out);
                emit(
                    out.take(),
                    scope(
                        current,
                        &pair,
                        &pair.current.location,
                        &pair.current.full_name,
                    ),
                )?;
            }
        }
        Check::EnumValue(check) => {
            for pair in index::enum_value_pairs(previous, current) {
                check(&pair, &mut out);
                let enum_name = pair.enums().map_or("", |(_, e)| e.full_name.as_str());
                let mut locations = scope(current, &pair, &pair.current.location, enum_name);
                if let Some((_, current_enum)) = pair.enums() {
                    locations.push((&current_enum.location, &pair.current_file.display_path));
                }
                emit(out.take(), locations)?;
            }
        }
        Check::Service(check) => {
            for pair in index::service_pairs(previous, current) {
                check(&pair, &mut out);
                emit(
                    out.take(),
                    scope(
                        current,
                        &pair,
                        &pair.current.location,
                        &pair.current.full_name,
                    ),
                )?;
            }
        }
        Check::Method(check) => {
            for pair in index::method_pairs(previous, current) {
                check(&pair, &mut out);
                let mut locations = scope(
                    current,
                    &pair,
                    &pair.current.location,
                    &pair.current.full_name,
                );
                if let Some((_, service)) = pair.services() {
                    locations.push((&service.location, &pair.current_file.display_path));
                }
                emit(out.take(), locations)?;
            }
        }
        Check::Nothing => {}
    }
    Ok(())
}

/// The current element and the messages enclosing it: where an approval may be written.
fn scope<'a, T>(
    current: &Side<'a>,
    pair: &Pair<'a, T>,
    own: &'a Location,
    full_name: &str,
) -> Vec<(&'a Location, &'a str)> {
    let path = pair.current_file.display_path.as_str();
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
