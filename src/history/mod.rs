//! The whole-history checks: a ledger of every definition each field number and enum value
//! number has had across versions, which catches reuse that a diff against the previous
//! version alone misses.

mod ledger;
pub mod rules;
pub mod versions;

pub use ledger::{FieldRecord, Ledger, ValueRecord, field_record};
pub use rules::RULES;

use std::rc::Rc;

use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::{Enum, EnumValue, Field, Message, ProtoFile};
use crate::report::Diagnostic;

/// How the working tree is named in findings and in the ledger.
pub const WORKING_TREE: &str = "working tree";

/// One version of the module: a tag, a commit, or the working tree. Versions with the same
/// module tree share their files.
pub struct Version {
    pub label: String,
    pub files: Rc<[ProtoFile]>,
}

/// A history rule: it compares one element of a version with what the ledger remembers.
pub struct HistoryRule {
    pub info: RuleInfo,
    pub check: Check,
}

pub enum Check {
    /// A field, with the definitions its message's numbers have had so far.
    Field(fn(&FieldContext, &mut Findings)),
    /// An enum value, with the names its enum's numbers have had so far.
    EnumValue(fn(&ValueContext, &mut Findings)),
}

pub struct FieldContext<'a> {
    pub version: &'a str,
    pub file: &'a ProtoFile,
    pub message: &'a Message,
    pub field: &'a Field,
    pub history: Option<&'a std::collections::BTreeMap<i32, Vec<FieldRecord>>>,
}

pub struct ValueContext<'a> {
    pub version: &'a str,
    pub file: &'a ProtoFile,
    pub enumeration: &'a Enum,
    pub value: &'a EnumValue,
    pub history: Option<&'a std::collections::BTreeMap<i32, Vec<ValueRecord>>>,
}

/// Checks one version against the ledger, then records it. Findings come from this version.
pub fn check_and_record(
    ledger: &mut Ledger,
    version: &Version,
    rules: &[&'static HistoryRule],
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for file in version.files.iter() {
        let mut out = Findings::new(&file.display_path);
        for message in file.all_messages() {
            let history = ledger.fields_of(&message.full_name);
            for field in &message.fields {
                let context = FieldContext {
                    version: &version.label,
                    file,
                    message,
                    field,
                    history,
                };
                for rule in rules {
                    if let Check::Field(check) = rule.check {
                        check(&context, &mut out);
                        collect(rule, &mut out, &mut diagnostics);
                    }
                }
            }
        }
        for enumeration in file.all_enums() {
            let history = ledger.values_of(&enumeration.full_name);
            for value in &enumeration.values {
                let context = ValueContext {
                    version: &version.label,
                    file,
                    enumeration,
                    value,
                    history,
                };
                for rule in rules {
                    if let Check::EnumValue(check) = rule.check {
                        check(&context, &mut out);
                        collect(rule, &mut out, &mut diagnostics);
                    }
                }
            }
        }
    }
    for file in version.files.iter() {
        for message in file.all_messages() {
            ledger.record_message(message, &version.label);
        }
        for enumeration in file.all_enums() {
            ledger.record_enum(enumeration, &version.label);
        }
    }
    diagnostics
}

fn collect(rule: &HistoryRule, out: &mut Findings, diagnostics: &mut Vec<Diagnostic>) {
    for finding in out.take() {
        diagnostics.push(Diagnostic::new(
            finding.path,
            finding.span,
            rule.info.id,
            finding.message,
        ));
    }
}
