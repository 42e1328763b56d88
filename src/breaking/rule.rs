use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::{Enum, Message, ProtoFile, Service};

use super::Side;

/// A breaking rule: its identity, and a comparison of one kind of element pair.
pub struct BreakingRule {
    pub info: RuleInfo,
    pub check: Check,
}

/// What a rule compares. The engine does the pairing; rules only compare.
pub enum Check {
    /// Both versions whole: for deletions of files, packages and top-level elements.
    Sides(fn(&Side, &Side, &mut Findings)),
    File(fn(&Pair<ProtoFile>, &mut Findings)),
    Message(fn(&Pair<Message>, &mut Findings)),
    /// Fields of paired messages matched by number, and extensions matched by full name.
    Field(fn(&Pair<crate::model::Field>, &mut Findings)),
    Enum(fn(&Pair<Enum>, &mut Findings)),
    /// Values of paired enums matched by number.
    EnumValue(fn(&Pair<crate::model::EnumValue>, &mut Findings)),
    Service(fn(&Pair<Service>, &mut Findings)),
    /// Methods of paired services matched by name.
    Method(fn(&Pair<crate::model::Method>, &mut Findings)),
    /// A deprecated rule kept so configs naming it still load; it checks nothing.
    Nothing,
}

/// The element that holds a paired element, in both versions.
#[derive(Clone, Copy)]
pub enum Parent<'a> {
    None,
    Message(&'a Message, &'a Message),
    Enum(&'a Enum, &'a Enum),
    Service(&'a Service, &'a Service),
}

/// The previous and current version of one element, with their files.
pub struct Pair<'a, T> {
    pub previous: &'a T,
    pub current: &'a T,
    pub previous_file: &'a ProtoFile,
    pub current_file: &'a ProtoFile,
    pub parent: Parent<'a>,
}

// Copied by hand: derived, these would ask `T` to be Copy too, though only references to
// it are copied.
impl<T> Clone for Pair<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Pair<'_, T> {}

impl<'a, T> Pair<'a, T> {
    /// The enclosing messages, for fields and oneofs of messages.
    pub fn messages(&self) -> Option<(&'a Message, &'a Message)> {
        match self.parent {
            Parent::Message(previous, current) => Some((previous, current)),
            _ => None,
        }
    }

    /// The enclosing enums, for enum values.
    pub fn enums(&self) -> Option<(&'a Enum, &'a Enum)> {
        match self.parent {
            Parent::Enum(previous, current) => Some((previous, current)),
            _ => None,
        }
    }

    /// The enclosing services, for methods.
    pub fn services(&self) -> Option<(&'a Service, &'a Service)> {
        match self.parent {
            Parent::Service(previous, current) => Some((previous, current)),
            _ => None,
        }
    }
}
