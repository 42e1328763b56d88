//! The breaking-change engine: pairs the previous and current versions of every element
//! (files by path; messages, enums and services by full name; fields and enum values by
//! number) and hands each pair to the rules that compare that kind of element.

pub mod against;
mod index;
mod rule;
pub mod rules;

pub use index::Side;
pub use rule::{BreakingRule, Check, Pair};
pub use rules::RULES;

use crate::lint::Findings;
use crate::model::{PackageVersion, ProtoFile, Stability};
use crate::report::Diagnostic;

/// Runs the rules over the two versions of a module.
pub fn run(
    previous: &[ProtoFile],
    current: &[ProtoFile],
    rules: &[&'static BreakingRule],
    ignore_unstable_packages: bool,
) -> Vec<Diagnostic> {
    let keep = |file: &&ProtoFile| !(ignore_unstable_packages && is_unstable(file));
    let previous: Vec<&ProtoFile> = previous.iter().filter(keep).collect();
    let current: Vec<&ProtoFile> = current.iter().filter(keep).collect();
    let previous = Side::new(&previous);
    let current = Side::new(&current);
    let mut diagnostics = Vec::new();
    let mut findings = Findings::new("");
    for rule in rules {
        run_rule(rule, &previous, &current, &mut findings);
        for finding in findings.take() {
            diagnostics.push(Diagnostic::new(
                finding.path,
                finding.span,
                rule.info.id,
                finding.message,
            ));
        }
    }
    diagnostics
}

fn is_unstable(file: &ProtoFile) -> bool {
    file.package
        .as_deref()
        .and_then(PackageVersion::of_package)
        .is_some_and(|version| version.stability == Stability::Unstable)
}

fn run_rule(rule: &BreakingRule, previous: &Side, current: &Side, out: &mut Findings) {
    match rule.check {
        Check::Sides(check) => check(previous, current, out),
        Check::File(check) => {
            for pair in index::file_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Message(check) => {
            for pair in index::message_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Field(check) => {
            for pair in index::field_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Enum(check) => {
            for pair in index::enum_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::EnumValue(check) => {
            for pair in index::enum_value_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Service(check) => {
            for pair in index::service_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Method(check) => {
            for pair in index::method_pairs(previous, current) {
                check(&pair, out);
            }
        }
        Check::Nothing => {}
    }
}
