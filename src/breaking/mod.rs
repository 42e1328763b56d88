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
use foldhash::{HashMap, HashMapExt};
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
        let field_rules: Vec<FieldRule> = rules
            .iter()
            .enumerate()
            .filter_map(|(index, &rule)| match rule.check {
                Check::Field(check) => Some(FieldRule { index, rule, check }),
                _ => None,
            })
            .collect();
        // The field rules run together, block by block; every other rule is a task of its
        // own, or rayon would run runs of neighbouring rules as one task and keep one core
        // busy alone at the end.
        let (mut per_rule, by_field_rule) = rayon::join(
            || {
                rules
                    .par_iter()
                    .with_max_len(1)
                    .map(|rule| run_rule(rule, &previous, &current, &pairs))
                    .collect::<Vec<RuleResult>>()
            },
            || field_rules_by_block(&field_rules, &pairs.fields),
        );
        for (field_rule, found) in field_rules.iter().zip(by_field_rule) {
            per_rule[field_rule.index] = found;
        }
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

/// What one rule found, or the error that stopped it.
type RuleResult = Result<Vec<Diagnostic>, ToolError>;

/// A field rule, with its place in the list of rules being run.
struct FieldRule {
    index: usize,
    rule: &'static BreakingRule,
    check: fn(&Pair<Field>, &mut Findings),
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
    /// No pairs: the kind no rule wants.
    fn none() -> Self {
        PairsWithApprovals {
            pairs: Vec::new(),
            approvals: Vec::new(),
        }
    }

    /// The `pairs`, each with `approvals_of` it, or none when no rule `wanted` them.
    fn when(
        wanted: bool,
        pairs: Vec<Pair<'a, T>>,
        approvals_of: impl Fn(&Pair<'a, T>) -> ScopeApprovals + Sync,
    ) -> Self {
        if !wanted {
            return Self::none();
        }
        let approvals = pairs.par_iter().map(&approvals_of).collect();
        PairsWithApprovals { pairs, approvals }
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
    /// Matches each kind of pair a rule wants, and finds their approvals. Kinds are matched
    /// side by side: matching messages, enums or services walks the two sides on a single
    /// thread, and one after the other they left a core idle for much of the comparison of
    /// googleapis.
    fn new(
        previous: &Side<'a>,
        current: &Side<'a>,
        needs: impl Fn(fn(&Check) -> bool) -> bool + Sync,
    ) -> Self {
        let enclosing = EnclosingApprovals::new(current);
        // The element's own approvals, then those of the messages enclosing it.
        let own = |location: &Location, full_name: &str, file: &ProtoFile| -> ScopeApprovals {
            let mut approvals = approvals_in(location, &file.display_path)?;
            approvals.extend(enclosing.of(full_name)?);
            Ok(approvals)
        };
        let mut prepared = Prepared {
            files: Vec::new(),
            messages: PairsWithApprovals::none(),
            fields: PairsWithApprovals::none(),
            enums: PairsWithApprovals::none(),
            enum_values: PairsWithApprovals::none(),
            services: PairsWithApprovals::none(),
            methods: PairsWithApprovals::none(),
        };
        let Prepared {
            files,
            messages,
            fields,
            enums,
            enum_values,
            services,
            methods,
        } = &mut prepared;
        let wants_fields = needs(|c| matches!(c, Check::Field(_)));
        let wants_values = needs(|c| matches!(c, Check::EnumValue(_)));
        let wants_methods = needs(|c| matches!(c, Check::Method(_)));
        // Messages, enums and services are paired once, for their own rules and for the
        // pairing of the fields, values and methods inside them.
        let (message_pairs, (enum_pairs, service_pairs)) = rayon::join(
            || index::message_pairs(previous, current),
            || {
                rayon::join(
                    || index::enum_pairs(previous, current),
                    || index::service_pairs(previous, current),
                )
            },
        );
        let (field_pairs, (value_pairs, method_pairs)) = rayon::join(
            || {
                if wants_fields {
                    index::field_pairs(&message_pairs, previous, current)
                } else {
                    Vec::new()
                }
            },
            || {
                rayon::join(
                    || {
                        if wants_values {
                            index::enum_value_pairs(&enum_pairs)
                        } else {
                            Vec::new()
                        }
                    },
                    || {
                        if wants_methods {
                            index::method_pairs(&service_pairs)
                        } else {
                            Vec::new()
                        }
                    },
                )
            },
        );
        rayon::scope(|scope| {
            scope.spawn(|_| {
                if needs(|c| matches!(c, Check::File(_))) {
                    *files = index::file_pairs(previous, current);
                }
            });
            matched(
                scope,
                messages,
                needs(|c| matches!(c, Check::Message(_))),
                message_pairs,
                |pair| {
                    own(
                        &pair.current.location,
                        &pair.current.full_name,
                        pair.current_file,
                    )
                },
            );
            matched(scope, fields, wants_fields, field_pairs, |pair| {
                own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )
            });
            matched(
                scope,
                enums,
                needs(|c| matches!(c, Check::Enum(_))),
                enum_pairs,
                |pair| {
                    own(
                        &pair.current.location,
                        &pair.current.full_name,
                        pair.current_file,
                    )
                },
            );
            matched(scope, enum_values, wants_values, value_pairs, |pair| {
                let enum_name = pair.enums().map_or("", |(_, e)| e.full_name.as_str());
                let mut approvals = own(&pair.current.location, enum_name, pair.current_file)?;
                if let Some((_, current_enum)) = pair.enums() {
                    approvals.extend(approvals_in(
                        &current_enum.location,
                        &pair.current_file.display_path,
                    )?);
                }
                Ok(approvals)
            });
            matched(
                scope,
                services,
                needs(|c| matches!(c, Check::Service(_))),
                service_pairs,
                |pair| {
                    own(
                        &pair.current.location,
                        &pair.current.full_name,
                        pair.current_file,
                    )
                },
            );
            matched(scope, methods, wants_methods, method_pairs, |pair| {
                let mut approvals = own(
                    &pair.current.location,
                    &pair.current.full_name,
                    pair.current_file,
                )?;
                if let Some((_, service)) = pair.services() {
                    approvals.extend(approvals_in(
                        &service.location,
                        &pair.current_file.display_path,
                    )?);
                }
                Ok(approvals)
            });
        });
        prepared
    }
}

/// Fills `slot` on a task of `scope` with `PairsWithApprovals::when(wanted, ..)`.
fn matched<'s, 'a: 's, T: Sync + Send>(
    scope: &rayon::Scope<'s>,
    slot: &'s mut PairsWithApprovals<'a, T>,
    wanted: bool,
    pairs: Vec<Pair<'a, T>>,
    approvals_of: impl Fn(&Pair<'a, T>) -> ScopeApprovals + Sync + Send + 's,
) {
    scope.spawn(move |_| *slot = PairsWithApprovals::when(wanted, pairs, approvals_of));
}

/// Runs one rule over its pairs. A field rule finds nothing here: the field rules run
/// together in `field_rules_by_block`.
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
        Check::Field(_) => {}
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
    each_pair_in(
        rule,
        &prepared.pairs,
        &prepared.approvals,
        check,
        diagnostics,
    )
}

/// Field pairs taken by every field rule in turn, this many at a time.
const FIELD_BLOCK: usize = 1024;

/// Runs the field rules over the field pairs, block by block on every thread, all rules
/// over one block before the next. A large tree has hundreds of thousands of field pairs,
/// far more than the caches hold: running each rule over all of them would read every field
/// from memory once per rule. Each rule's diagnostics come back in pair order, or its first
/// error in pair order, as one pass of the rule over all the pairs would give them.
fn field_rules_by_block(
    rules: &[FieldRule],
    fields: &PairsWithApprovals<'_, Field>,
) -> Vec<RuleResult> {
    let blocks: Vec<Vec<RuleResult>> = fields
        .pairs
        .par_chunks(FIELD_BLOCK)
        .zip(fields.approvals.par_chunks(FIELD_BLOCK))
        .map(|(pairs, approvals)| {
            rules
                .iter()
                .map(|field_rule| {
                    let mut diagnostics = Vec::new();
                    each_pair_in(
                        field_rule.rule,
                        pairs,
                        approvals,
                        field_rule.check,
                        &mut diagnostics,
                    )?;
                    Ok(diagnostics)
                })
                .collect()
        })
        .collect();
    joined_by_rule(rules.len(), blocks)
}

/// Joins what each rule found in each block (blocks in pair order, each with one result per
/// rule) into one result per rule: its diagnostics in block order, or the error of the
/// first block that stopped it, later blocks left out.
fn joined_by_rule(rules: usize, blocks: Vec<Vec<RuleResult>>) -> Vec<RuleResult> {
    let mut rule_results: Vec<RuleResult> = (0..rules).map(|_| Ok(Vec::new())).collect();
    for block in blocks {
        for (rule_result, block_result) in rule_results.iter_mut().zip(block) {
            let Ok(diagnostics) = rule_result else {
                continue;
            };
            match block_result {
                Ok(found) => diagnostics.extend(found),
                Err(error) => *rule_result = Err(error),
            }
        }
    }
    rule_results
}

fn each_pair_in<'a, T>(
    rule: &BreakingRule,
    pairs: &[Pair<'a, T>],
    approvals: &[ScopeApprovals],
    check: fn(&Pair<'a, T>, &mut Findings),
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), ToolError> {
    let mut out = Findings::new("");
    for (pair, approvals) in pairs.iter().zip(approvals) {
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

/// The approvals written on each current message and on the messages enclosing it,
/// innermost first: found once per message rather than once per element inside it.
struct EnclosingApprovals<'a> {
    /// Only the messages with approvals of their own or around them (or a malformed one):
    /// most trees have none, and then no element looks anything up.
    by_message: HashMap<&'a str, ScopeApprovals>,
}

impl<'a> EnclosingApprovals<'a> {
    fn new(current: &Side<'a>) -> Self {
        // Each message's comment is searched on every thread; only the chaining is serial.
        let own: Vec<(&str, ScopeApprovals)> = current
            .messages
            .par_iter()
            .map(|(&name, &(message, file))| {
                (name, approvals_in(&message.location, &file.display_path))
            })
            .collect();
        let mut enclosing = EnclosingApprovals {
            by_message: HashMap::new(),
        };
        // By name, so each message comes after the messages enclosing it.
        for (name, own) in own {
            let chain = own.and_then(|mut own| {
                own.extend(enclosing.of(name)?);
                Ok(own)
            });
            if !matches!(&chain, Ok(approvals) if approvals.is_empty()) {
                enclosing.by_message.insert(name, chain);
            }
        }
        enclosing
    }

    /// The approvals of the messages whose names are prefixes of `full_name`, longest
    /// first: the messages an approval for the element may be written on.
    fn of(&self, full_name: &str) -> ScopeApprovals {
        if self.by_message.is_empty() {
            return Ok(Vec::new());
        }
        let mut name = full_name;
        while let Some((parent, _)) = name.rsplit_once('.') {
            if let Some(chain) = self.by_message.get(parent) {
                return chain.clone();
            }
            name = parent;
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rule: usize, block: usize) -> Diagnostic {
        Diagnostic::new(
            "a.proto".to_string(),
            None,
            "FIELD_SAME_TYPE",
            format!("rule {rule}, block {block}"),
        )
    }

    fn outcome(result: &RuleResult) -> Result<Vec<String>, String> {
        match result {
            Ok(diagnostics) => Ok(diagnostics.iter().map(|d| d.message.clone()).collect()),
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn each_rule_keeps_its_blocks_in_order_and_stops_at_its_first_error() {
        // Rule 0 fails in block 1 and again in block 2; rule 1 fails in block 0 only; rule 2
        // finds something in every block.
        let fail = |rule: usize, block: usize| {
            Err(ToolError::new(format!(
                "rule {rule} stopped in block {block}"
            )))
        };
        let blocks = vec![
            vec![Ok(vec![found(0, 0)]), fail(1, 0), Ok(vec![found(2, 0)])],
            vec![fail(0, 1), Ok(vec![found(1, 1)]), Ok(vec![found(2, 1)])],
            vec![fail(0, 2), Ok(vec![]), Ok(vec![found(2, 2)])],
        ];
        let joined: Vec<_> = joined_by_rule(3, blocks).iter().map(outcome).collect();
        assert_eq!(
            joined,
            [
                Err("rule 0 stopped in block 1".to_string()),
                Err("rule 1 stopped in block 0".to_string()),
                Ok(vec![
                    "rule 2, block 0".to_string(),
                    "rule 2, block 1".to_string(),
                    "rule 2, block 2".to_string(),
                ]),
            ]
        );
    }
}
