//! From `use`/`except`/`ignore`/`ignore_only` to the rules that run and the paths they skip.

use std::collections::{BTreeSet, HashMap};

use super::CheckConfig;
use crate::catalog::{ConfigVersion, RuleKind, all_rules};
use crate::error::ToolError;
use crate::suggest::closest;

/// `DEFAULT` names the default category in both config versions.
const DEFAULT_ALIAS: &str = "DEFAULT";

/// The rule ids a `use`/`except` pair selects, checked against the catalogue.
pub fn select_rules(
    kind: RuleKind,
    version: ConfigVersion,
    config: &CheckConfig,
) -> Result<BTreeSet<&'static str>, ToolError> {
    let used: Vec<String> = if config.use_ids.is_empty() {
        vec![kind.default_category().to_string()]
    } else {
        config.use_ids.clone()
    };
    let mut selected = BTreeSet::new();
    for name in &used {
        selected.extend(expand(kind, version, name, "use")?);
    }
    for name in &config.except_ids {
        for id in expand(kind, version, name, "except")? {
            selected.remove(id);
        }
    }
    Ok(selected)
}

/// Breaking rule ids that v1 configs may still use, and the rules that replaced them.
const V1_BREAKING_ALIASES: &[(&str, &[&str])] = &[
    ("FIELD_SAME_CTYPE", &["FIELD_SAME_CPP_STRING_TYPE"]),
    (
        "FIELD_SAME_LABEL",
        &[
            "FIELD_SAME_CARDINALITY",
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
    ),
    (
        "FILE_SAME_JAVA_STRING_CHECK_UTF8",
        &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
    ),
];

/// The rule ids a name stands for: itself if it is a rule, its members if a category.
fn expand(
    kind: RuleKind,
    version: ConfigVersion,
    name: &str,
    key: &str,
) -> Result<BTreeSet<&'static str>, ToolError> {
    let rules: Vec<_> = all_rules()
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .filter_map(|(_, info)| info.categories_in(version).map(|cats| (info, cats)))
        .collect();
    if let Some((info, _)) = rules.iter().find(|(info, _)| info.id == name) {
        return Ok(BTreeSet::from([info.id]));
    }
    if kind == RuleKind::Breaking
        && version == ConfigVersion::V1
        && let Some((_, replacements)) =
            V1_BREAKING_ALIASES.iter().find(|(alias, _)| *alias == name)
    {
        return Ok(replacements.iter().copied().collect());
    }
    let category = if name == DEFAULT_ALIAS {
        kind.default_category()
    } else {
        name
    };
    let members: BTreeSet<&'static str> = rules
        .iter()
        .filter(|(info, cats)| !info.deprecated && cats.contains(&category))
        .map(|(info, _)| info.id)
        .collect();
    if !members.is_empty() {
        return Ok(members);
    }
    let mut known: Vec<&str> = rules.iter().map(|(info, _)| info.id).collect();
    known.extend(rules.iter().flat_map(|(_, cats)| cats.iter().copied()));
    known.push(DEFAULT_ALIAS);
    let hint = closest(name, known.into_iter())
        .map(|c| format!("; did you mean \"{c}\"?"))
        .unwrap_or_default();
    Err(ToolError::new(format!(
        "unknown {} rule or category \"{name}\" in {key}{hint}",
        kind.name()
    )))
}

/// Paths where rules do not run, as display paths so that any diagnostic can be tested.
#[derive(Debug, Clone, Default)]
pub struct PathIgnores {
    everywhere: Vec<String>,
    by_rule: HashMap<&'static str, Vec<String>>,
}

impl PathIgnores {
    /// Reads `ignore` and `ignore_only`; their paths are relative to the config's directory.
    pub fn new(
        kind: RuleKind,
        version: ConfigVersion,
        config: &CheckConfig,
    ) -> Result<PathIgnores, ToolError> {
        let mut ignores = PathIgnores {
            everywhere: config.ignore.clone(),
            by_rule: HashMap::new(),
        };
        for (name, paths) in &config.ignore_only {
            for id in expand(kind, version, name, "ignore_only")? {
                ignores
                    .by_rule
                    .entry(id)
                    .or_default()
                    .extend(paths.iter().cloned());
            }
        }
        Ok(ignores)
    }

    /// Whether no path is ignored, for any rule.
    pub fn is_empty(&self) -> bool {
        self.everywhere.is_empty() && self.by_rule.values().all(Vec::is_empty)
    }

    /// Whether `rule` is switched off for the file at `path`, relative to the config's
    /// directory.
    pub fn is_ignored(&self, rule: &str, path: &str) -> bool {
        let covers = |prefix: &String| {
            prefix == "."
                || path == prefix
                || path
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        self.everywhere.iter().any(covers)
            || self
                .by_rule
                .get(rule)
                .is_some_and(|prefixes| prefixes.iter().any(covers))
    }
}
