use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Outcome, write_stdout};
use crate::catalog::{ConfigVersion, RuleKind, all_rules, find_rule};
use crate::error::ToolError;
use crate::suggest::closest;

#[derive(Clone, Copy, ValueEnum)]
enum KindFilter {
    Lint,
    Breaking,
    History,
    Release,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Only rules of this kind.
    #[arg(long, value_enum)]
    kind: Option<KindFilter>,
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id, such as FIELD_LOWER_SNAKE_CASE.
    rule_id: String,
}

#[derive(Serialize)]
struct RuleEntry {
    id: &'static str,
    kind: &'static str,
    categories: &'static [&'static str],
    v1_categories: Option<&'static [&'static str]>,
    default: bool,
    deprecated: bool,
    purpose: &'static str,
}

pub fn run_rules(args: RulesArgs) -> Result<Outcome, ToolError> {
    let entries: Vec<RuleEntry> = all_rules()
        .into_iter()
        .filter(|(kind, _)| match args.kind {
            None => true,
            Some(KindFilter::Lint) => *kind == RuleKind::Lint,
            Some(KindFilter::Breaking) => *kind == RuleKind::Breaking,
            Some(KindFilter::History) => *kind == RuleKind::History,
            Some(KindFilter::Release) => *kind == RuleKind::Release,
        })
        .map(|(kind, info)| RuleEntry {
            id: info.id,
            kind: kind.name(),
            categories: info.categories,
            v1_categories: info.categories_in(ConfigVersion::V1),
            default: !info.deprecated && info.categories.contains(&kind.default_category()),
            deprecated: info.deprecated,
            purpose: info.purpose,
        })
        .collect();
    let mut text = String::new();
    match args.format {
        ListFormat::Json => {
            text = serde_json::to_string_pretty(&entries)
                .map_err(|e| ToolError::new(format!("cannot encode rules: {e}")))?;
            text.push('\n');
        }
        ListFormat::Text => {
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
            for entry in &entries {
                let categories = if entry.categories.is_empty() {
                    "(none)".to_string()
                } else {
                    entry.categories.join(",")
                };
                text.push_str(&format!(
                    "{:<width$}  {:<8}  {:<30}  {}\n",
                    entry.id, entry.kind, categories, entry.purpose
                ));
            }
        }
    }
    write_stdout(&text)?;
    Ok(Outcome::Clean)
}

pub fn run_explain(args: ExplainArgs) -> Result<Outcome, ToolError> {
    let id = args.rule_id.to_uppercase();
    match find_rule(&id) {
        Some((_, info)) => {
            write_stdout(info.doc)?;
            Ok(Outcome::Clean)
        }
        None => {
            let ids: Vec<&str> = all_rules().iter().map(|(_, info)| info.id).collect();
            let hint = closest(&id, ids.into_iter())
                .map(|c| format!("; did you mean \"{c}\"?"))
                .unwrap_or_default();
            Err(ToolError::new(format!(
                "unknown rule \"{}\"{hint}",
                args.rule_id
            )))
        }
    }
}
