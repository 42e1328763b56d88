//! EXTENSION_MESSAGE_NO_DELETE: Extension ranges are not deleted from a given message.

use crate::breaking::Pair;
use crate::breaking::rules::describe_range;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "EXTENSION_MESSAGE_NO_DELETE",
        purpose: "Extension ranges are not deleted from a given message.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/EXTENSION_MESSAGE_NO_DELETE.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    for &(start, end) in &pair.previous.extension_ranges {
        let covered = (start..end).all(|n| {
            pair.current
                .extension_ranges
                .iter()
                .any(|&(s, e)| s <= n && n < e)
        });
        if !covered {
            out.report_in(
                pair.current_file,
                &pair.current.location,
                format!(
                    "Extension range {} was deleted from message \"{}\".",
                    describe_range(start, end - 1),
                    pair.current.name
                ),
            );
        }
    }
}
