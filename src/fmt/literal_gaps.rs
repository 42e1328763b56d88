//! Where the blank line and the comments that follow a message value inside a message
//! literal are written. buf (1.75) writes what follows the k-th message-valued field of a
//! literal before the field at index k + 1, not before the next field:
//!
//! ```text
//! a: 1                a: 1
//! b: 2          =>                 (the blank after c, moved before b)
//! c { x: 1 }          b: 2
//!                     c: {x: 1}
//! d: 4
//!                     d: 4
//! ```
//!
//! The same holds for a block of comments that starts on the line after the value and is
//! followed by a blank line (protoc's trailing comment). Mirroring this keeps files laid
//! out by buf unchanged; nothing is dropped, and the result is stable.

use super::lexer::Token;
use super::tree::{MessageLiteral, Tok, Value};

/// What is written before a field of a message literal, besides its own comments.
#[derive(Debug, Default, Clone)]
pub struct FieldLeadIn {
    /// How many of the field's own leading comments were moved to an earlier field.
    pub moved_away: usize,
    /// Comments moved here from before another field: that field's first token and how many
    /// of its leading comments.
    pub moved_here: Option<(Tok, usize)>,
    /// Whether a blank line moved here.
    pub blank_here: bool,
}

pub fn plan(tokens: &[Token], literal: &MessageLiteral) -> Vec<FieldLeadIn> {
    let fields = &literal.fields;
    let mut plan = vec![FieldLeadIn::default(); fields.len()];
    let message_fields = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| matches!(field.value, Value::Message(_)));
    for (k, (index, _)) in message_fields.enumerate() {
        let Some(next) = fields.get(index + 1) else {
            continue;
        };
        let next_tok = next.name[0];
        let next_token = &tokens[next_tok];
        let comments = &next_token.leading;
        let gap_before = |i: usize| {
            comments
                .get(i)
                .map_or(next_token.newlines_before, |c| c.newlines_before)
        };
        let mut moved = 0;
        if !comments.is_empty() && gap_before(0) == 1 {
            let end = (1..comments.len())
                .find(|&i| gap_before(i) != 1)
                .unwrap_or(comments.len());
            if gap_before(end) > 1 {
                moved = end;
            }
        }
        let blank = moved > 0 || gap_before(0) > 1;
        let target = k + 1;
        if moved > 0 {
            plan[index + 1].moved_away = moved;
            plan[target].moved_here = Some((next_tok, moved));
        }
        if blank {
            plan[target].blank_here = true;
        }
    }
    plan
}
