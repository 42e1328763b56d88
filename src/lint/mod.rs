//! The lint engine: walks every element of every file and hands each to the rules that
//! look at that kind of element.

mod comment_ignore;
pub mod naming;
mod rule;
pub mod rules;

use std::collections::BTreeSet;

use rayon::prelude::*;

pub use comment_ignore::ignored_rule_ids;
pub use rule::{Check, Context, Finding, Findings, LintRule, ModuleContext};
pub use rules::RULES;

use crate::config::LintOptions;
use crate::model::{Enum, Message, ProtoFile};
use crate::report::Diagnostic;

/// Runs the given rules over the files. Comment ignores are applied here (they need the
/// element tree); path ignores from the config are applied by the caller.
///
/// Files are walked in parallel and module checks run side by side; the diagnostics come
/// back in the order a single thread produces them: file by file, then module rules in rule
/// order.
pub fn run(
    files: &[ProtoFile],
    rules: &[&'static LintRule],
    options: &LintOptions,
    honour_comment_ignores: bool,
) -> Vec<Diagnostic> {
    crate::compile::in_worker_pool(|| {
        let file_refs: Vec<&ProtoFile> = files.iter().collect();
        let module = ModuleContext {
            files: &file_refs,
            options,
        };
        // Module rules run beside the walk of the files, so that neither waits on the other.
        let (per_file, per_module_rule): (Vec<Vec<Diagnostic>>, Vec<Vec<Diagnostic>>) = rayon::join(
            || {
                // One task per file, so that no run of files is left to one core at the end.
                files
                    .par_iter()
                    .with_max_len(1)
                    .map(|file| {
                        let mut out = Vec::new();
                        let mut walker = Walker {
                            context: Context { file, options },
                            rules,
                            honour_comment_ignores,
                            findings: Findings::new(&file.display_path),
                            out: &mut out,
                        };
                        walker.walk_file();
                        out
                    })
                    .collect()
            },
            || {
                rules
                    .par_iter()
                    .filter_map(|rule| match rule.check {
                        Check::Module(check) => Some((rule, check)),
                        _ => None,
                    })
                    .map(|(rule, check)| {
                        let mut findings = Findings::new("");
                        check(&module, &mut findings);
                        let mut out = Vec::new();
                        collect(
                            rule,
                            findings.take(),
                            &BTreeSet::new(),
                            honour_comment_ignores,
                            &mut out,
                        );
                        out
                    })
                    .collect()
            },
        );
        // Gathered into one list of its final size: grown a part at a time instead, it was
        // copied at every doubling, on one thread while the others waited.
        let total = per_file.iter().chain(&per_module_rule).map(Vec::len).sum();
        let mut all = Vec::with_capacity(total);
        for mut part in per_file.into_iter().chain(per_module_rule) {
            all.append(&mut part);
        }
        all
    })
}

struct Walker<'a, 'o> {
    context: Context<'a>,
    rules: &'a [&'static LintRule],
    honour_comment_ignores: bool,
    findings: Findings,
    out: &'o mut Vec<Diagnostic>,
}

impl<'a> Walker<'a, '_> {
    /// Runs every rule whose check `call` accepts, with the rule ids ignored at this element.
    fn run(
        &mut self,
        ignored: &BTreeSet<String>,
        mut call: impl FnMut(&Check, &Context, &mut Findings) -> bool,
    ) {
        for rule in self.rules {
            if call(&rule.check, &self.context, &mut self.findings) {
                collect(
                    rule,
                    self.findings.take(),
                    ignored,
                    self.honour_comment_ignores,
                    self.out,
                );
            }
        }
    }

    fn walk_file(&mut self) {
        let file = self.context.file;
        let none = BTreeSet::new();
        self.run(&none, |check, context, findings| match check {
            Check::File(f) => {
                f(context, file, findings);
                true
            }
            _ => false,
        });
        for extension in &file.extensions {
            let ignored = ignored_rule_ids(&none, &extension.location.leading_comments);
            self.run(&ignored, |check, context, findings| match check {
                Check::Field(f) | Check::MessageAndField(_, f) => {
                    f(context, extension, findings);
                    true
                }
                _ => false,
            });
        }
        for message in &file.messages {
            self.walk_message(message, &none);
        }
        for enumeration in &file.enums {
            self.walk_enum(enumeration, &none);
        }
        for service in &file.services {
            let service_ignored = ignored_rule_ids(&none, &service.location.leading_comments);
            self.run(&service_ignored, |check, context, findings| match check {
                Check::Service(f) => {
                    f(context, service, findings);
                    true
                }
                _ => false,
            });
            for method in &service.methods {
                let ignored = ignored_rule_ids(&service_ignored, &method.location.leading_comments);
                self.run(&ignored, |check, context, findings| match check {
                    Check::Method(f) => {
                        f(context, service, method, findings);
                        true
                    }
                    _ => false,
                });
            }
        }
    }

    /// Walks a message and everything nested in it, without recursion so that deeply
    /// nested input cannot overflow the stack.
    fn walk_message(&mut self, root: &'a Message, inherited: &BTreeSet<String>) {
        let mut stack = vec![(root, inherited.clone())];
        while let Some((message, parent_ignored)) = stack.pop() {
            // The compiler writes map entries; no one can rename or document them.
            if message.is_map_entry {
                continue;
            }
            let ignored = ignored_rule_ids(&parent_ignored, &message.location.leading_comments);
            self.run(&ignored, |check, context, findings| match check {
                Check::Message(f) | Check::MessageAndField(f, _) => {
                    f(context, message, findings);
                    true
                }
                _ => false,
            });
            for field in message.fields.iter().chain(&message.extensions) {
                let field_ignored = ignored_rule_ids(&ignored, &field.location.leading_comments);
                self.run(&field_ignored, |check, context, findings| match check {
                    Check::Field(f) | Check::MessageAndField(_, f) => {
                        f(context, field, findings);
                        true
                    }
                    _ => false,
                });
            }
            for oneof in &message.oneofs {
                let oneof_ignored = ignored_rule_ids(&ignored, &oneof.location.leading_comments);
                self.run(&oneof_ignored, |check, context, findings| match check {
                    Check::Oneof(f) => {
                        f(context, message, oneof, findings);
                        true
                    }
                    _ => false,
                });
            }
            for enumeration in &message.enums {
                self.walk_enum(enumeration, &ignored);
            }
            for nested in message.messages.iter().rev() {
                stack.push((nested, ignored.clone()));
            }
        }
    }

    fn walk_enum(&mut self, enumeration: &'a Enum, inherited: &BTreeSet<String>) {
        let ignored = ignored_rule_ids(inherited, &enumeration.location.leading_comments);
        self.run(&ignored, |check, context, findings| match check {
            Check::Enum(f) => {
                f(context, enumeration, findings);
                true
            }
            _ => false,
        });
        for value in &enumeration.values {
            let value_ignored = ignored_rule_ids(&ignored, &value.location.leading_comments);
            self.run(&value_ignored, |check, context, findings| match check {
                Check::EnumValue(f) => {
                    f(context, enumeration, value, findings);
                    true
                }
                _ => false,
            });
        }
    }
}

/// Turns a rule's findings into diagnostics, dropping those a comment ignore covers.
fn collect(
    rule: &LintRule,
    findings: Vec<Finding>,
    ignored: &BTreeSet<String>,
    honour_comment_ignores: bool,
    out: &mut Vec<Diagnostic>,
) {
    let id = rule.info.id;
    for finding in findings {
        if honour_comment_ignores
            && (ignored.contains(id)
                || ignored_rule_ids(&BTreeSet::new(), &finding.leading_comments).contains(id))
        {
            continue;
        }
        out.push(Diagnostic::new(
            finding.path,
            finding.span,
            id,
            finding.message,
        ));
    }
}
