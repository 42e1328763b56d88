//! What every rule declares about itself, shared by lint and breaking: id, categories in
//! each config version, and its embedded doc.

/// The identity card of a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    /// One line saying what the rule checks.
    pub purpose: &'static str,
    /// Categories in v2 configs (the default version).
    pub categories: &'static [&'static str],
    /// Categories in v1 configs; None when the rule does not exist in v1.
    pub v1_categories: Option<&'static [&'static str]>,
    /// Deprecated rules check nothing; configs that name them still load.
    pub deprecated: bool,
    /// The Markdown doc from `rules/ID.md`.
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    Lint,
    Breaking,
    History,
    Release,
}

impl RuleKind {
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Lint => "lint",
            RuleKind::Breaking => "breaking",
            RuleKind::History => "history",
            RuleKind::Release => "release",
        }
    }

    /// The category used when a config names no rules.
    pub fn default_category(self) -> &'static str {
        match self {
            RuleKind::Lint => "STANDARD",
            RuleKind::Breaking => "FILE",
            RuleKind::History => "HISTORY",
            RuleKind::Release => "RELEASE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigVersion {
    V1,
    V2,
}

impl RuleInfo {
    /// The rule's categories under the given config version; None if the rule does not exist.
    pub fn categories_in(&self, version: ConfigVersion) -> Option<&'static [&'static str]> {
        match version {
            ConfigVersion::V2 => Some(self.categories),
            ConfigVersion::V1 => self.v1_categories,
        }
    }
}

/// Every registered rule with its kind, lint first.
pub fn all_rules() -> Vec<(RuleKind, &'static RuleInfo)> {
    let lint = crate::lint::RULES
        .iter()
        .map(|rule| (RuleKind::Lint, &rule.info));
    let breaking = crate::breaking::RULES
        .iter()
        .map(|rule| (RuleKind::Breaking, &rule.info));
    let history = crate::history::RULES
        .iter()
        .map(|rule| (RuleKind::History, &rule.info));
    let release = crate::release::RULES
        .iter()
        .map(|rule| (RuleKind::Release, &rule.info));
    lint.chain(breaking).chain(history).chain(release).collect()
}

/// Looks a rule up by id.
pub fn find_rule(id: &str) -> Option<(RuleKind, &'static RuleInfo)> {
    all_rules().into_iter().find(|(_, info)| info.id == id)
}
