//! MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: Messages have the same value for the message_set_wire_format option (deprecated: checks nothing).

use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",
        purpose: "Messages have the same value for the message_set_wire_format option (deprecated: checks nothing).",
        categories: &[],
        v1_categories: Some(&[]),
        deprecated: true,
        doc: include_str!("../../../rules/MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT.md"),
    },
    check: Check::Nothing,
};
