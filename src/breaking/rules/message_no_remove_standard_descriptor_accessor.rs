//! MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: Messages do not change the no_standard_descriptor_accessor option from false or unset to true.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

/// `no_standard_descriptor_accessor` in `google.protobuf.MessageOptions`.
const NO_STANDARD_DESCRIPTOR_ACCESSOR: i32 = 2;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
        purpose: "Messages do not change the no_standard_descriptor_accessor option from false or unset to true.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    if !pair.previous.options.no_standard_descriptor_accessor()
        && pair.current.options.no_standard_descriptor_accessor()
    {
        let location = pair
            .current
            .option_location(NO_STANDARD_DESCRIPTOR_ACCESSOR)
            .unwrap_or(&pair.current.name_location);
        out.report_in(
            pair.current_file,
            location,
            format!(
                "Message \"{}\" set no_standard_descriptor_accessor to true.",
                pair.current.name
            ),
        );
    }
}
