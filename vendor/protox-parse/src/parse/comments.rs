use std::{borrow::Cow, mem::take};

#[derive(Default, Clone)]
pub(super) struct Comments {
    leading_detached: Vec<String>,
    /// protogate patch: the comment being read, built here and copied out at its final size
    /// when it is complete (see `take_pending`), rather than grown in its own string a line
    /// at a time. The buffer keeps its room from one comment to the next.
    pending: String,
    has_pending: bool,
    trailing: Option<String>,

    is_trailing: bool,
    is_line_comment: bool,
}

impl Comments {
    pub fn new() -> Comments {
        Comments::default()
    }

    pub fn block_comment(&mut self, comment: Cow<str>) {
        if self.has_pending {
            self.flush();
        }
        self.pending.clear();
        self.pending.push_str(&comment);
        self.has_pending = true;
    }

    pub fn line_comment(&mut self, comment: Cow<str>) {
        if self.has_pending && !self.is_line_comment {
            self.flush();
        }
        if !self.has_pending {
            self.pending.clear();
            self.has_pending = true;
        }
        self.pending.push_str(&comment);
        self.is_line_comment = true;
    }

    /// The comment being read, if any, which ends it.
    fn take_pending(&mut self) -> Option<String> {
        take(&mut self.has_pending).then(|| self.pending.as_str().to_owned())
    }

    pub fn detach(&mut self) {
        self.is_trailing = false;
    }

    pub fn flush(&mut self) {
        if self.is_trailing {
            debug_assert!(self.leading_detached.is_empty());
            self.trailing = self.take_pending();
            self.is_trailing = false;
        } else {
            let leading = self.take_pending();
            self.leading_detached.extend(leading);
        }
        self.is_line_comment = false;
    }

    pub fn reset(&mut self) {
        self.has_pending = false;
        self.leading_detached.clear();
        self.trailing = None;

        self.is_trailing = true;
        self.is_line_comment = false;
    }

    pub fn take_leading(&mut self) -> (Vec<String>, Option<String>) {
        (take(&mut self.leading_detached), self.take_pending())
    }

    pub fn take_trailing(&mut self) -> Option<String> {
        take(&mut self.trailing)
    }
}
