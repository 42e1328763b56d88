use crate::catalog::RuleInfo;
use crate::config::LintOptions;
use crate::model::{Enum, EnumValue, Field, Location, Message, Method, Oneof, ProtoFile, Service};
use crate::report::Span;

/// A lint rule: its identity, and a check that looks at one kind of element.
pub struct LintRule {
    pub info: RuleInfo,
    pub check: Check,
}

/// What a rule looks at. The engine walks the tree and calls the check for every element of
/// that kind; rules never walk on their own.
pub enum Check {
    File(fn(&Context, &ProtoFile, &mut Findings)),
    Message(fn(&Context, &Message, &mut Findings)),
    /// Fields of messages and extensions alike.
    Field(fn(&Context, &Field, &mut Findings)),
    /// Rules about options that messages and fields alike carry: the first check gets every
    /// message, the second every field.
    MessageAndField(
        fn(&Context, &Message, &mut Findings),
        fn(&Context, &Field, &mut Findings),
    ),
    Oneof(fn(&Context, &Message, &Oneof, &mut Findings)),
    Enum(fn(&Context, &Enum, &mut Findings)),
    EnumValue(fn(&Context, &Enum, &EnumValue, &mut Findings)),
    Service(fn(&Context, &Service, &mut Findings)),
    Method(fn(&Context, &Service, &Method, &mut Findings)),
    /// Rules that compare files with each other (packages, directories, RPC types).
    Module(fn(&ModuleContext, &mut Findings)),
    /// A deprecated rule kept so configs naming it still load; it checks nothing.
    Nothing,
}

/// What a per-element check can see besides the element.
pub struct Context<'a> {
    pub file: &'a ProtoFile,
    pub options: &'a LintOptions,
}

/// What a module check sees: every file being linted.
pub struct ModuleContext<'a> {
    pub files: &'a [&'a ProtoFile],
    pub options: &'a LintOptions,
}

/// A finding a rule reported, before the engine attaches its rule id.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    /// Comments of the reported location, so ignores written there apply.
    pub leading_comments: String,
    /// The module-relative path of the deleted file the finding is about, if any.
    pub deleted_file: Option<String>,
}

/// Collects what one rule reports for one element.
pub struct Findings {
    current_path: String,
    items: Vec<Finding>,
}

impl Findings {
    pub(crate) fn new(current_path: &str) -> Self {
        Findings {
            current_path: current_path.to_string(),
            items: Vec::new(),
        }
    }

    /// Reports a finding at a location of the file being checked.
    pub fn report(&mut self, location: &Location, message: String) {
        let path = self.current_path.clone();
        self.push(path, location, message);
    }

    /// Reports a finding at a location of another file (module checks).
    pub fn report_in(&mut self, file: &ProtoFile, location: &Location, message: String) {
        self.push(file.display_path.clone(), location, message);
    }

    /// Reports a finding about a whole file, with no location inside it.
    pub fn report_file(&mut self, file: &ProtoFile, message: String) {
        self.push(file.display_path.clone(), &Location::default(), message);
    }

    /// Reports a finding that belongs to no file: a deleted file or package.
    pub fn report_unplaced(&mut self, message: String) {
        self.push(String::new(), &Location::default(), message);
    }

    /// Reports the deletion of the file `name` (module-relative), which has no location.
    pub fn report_deleted_file(&mut self, name: &str, message: String) {
        self.report_unplaced(message);
        if let Some(finding) = self.items.last_mut() {
            finding.deleted_file = Some(name.to_string());
        }
    }

    fn push(&mut self, path: String, location: &Location, message: String) {
        self.items.push(Finding {
            path,
            span: location.span,
            message,
            leading_comments: location.leading_comments.clone(),
            deleted_file: None,
        });
    }

    pub(crate) fn take(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.items)
    }
}
