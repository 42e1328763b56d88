//! Every history rule, one per file, and the registry that lists them.

mod enum_value_number_no_reuse;
mod field_name_no_reuse;
mod field_number_no_reuse;

use super::HistoryRule;

pub(crate) const HISTORY: &[&str] = &["HISTORY"];

/// The registry: every history rule protogate knows.
pub static RULES: &[HistoryRule] = &[
    enum_value_number_no_reuse::RULE,
    field_name_no_reuse::RULE,
    field_number_no_reuse::RULE,
];
