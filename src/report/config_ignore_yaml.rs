//! `--error-format config-ignore-yaml`: today's findings as an `ignore_only` baseline, as buf
//! prints it, so a legacy tree can adopt the rules and fail CI only on new violations.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use super::Diagnostic;
use crate::catalog::{RuleKind, find_rule};

#[derive(Serialize)]
struct Baseline<'a> {
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lint: Option<Section<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    breaking: Option<Section<'a>>,
}

#[derive(Serialize)]
struct Section<'a> {
    ignore_only: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

/// Writes a config fragment mapping each rule id to the sorted paths it fired in. The
/// diagnostics' paths must already be relative to the config's directory, as `ignore_only`
/// reads them; `version` is the config version to name (`v1` or `v2`). Findings that no
/// config can ignore by path (compile errors, history and release findings) are counted in
/// a comment. Prints nothing when there are no findings.
pub fn render_baseline(
    diagnostics: &[Diagnostic],
    version: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut lint: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut breaking: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut not_ignorable: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        let section = match find_rule(&d.rule) {
            _ if d.is_unplaced() => None,
            Some((RuleKind::Lint, _)) => Some(&mut lint),
            Some((RuleKind::Breaking, _)) => Some(&mut breaking),
            _ => None,
        };
        match section {
            Some(section) => {
                section.entry(&d.rule).or_default().insert(&d.path);
            }
            None => *not_ignorable.entry(&d.rule).or_default() += 1,
        }
    }
    if diagnostics.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "# Baseline of today's findings: merge ignore_only into protogate.yaml (or buf.yaml)."
    )?;
    writeln!(out, "# Paths are relative to the config's directory.")?;
    for (rule, count) in &not_ignorable {
        writeln!(
            out,
            "# {count} {rule} finding{} cannot be ignored by path; fix {}.",
            if *count == 1 { "" } else { "s" },
            if *count == 1 { "it" } else { "them" }
        )?;
    }
    let baseline = Baseline {
        version,
        lint: (!lint.is_empty()).then_some(Section { ignore_only: lint }),
        breaking: (!breaking.is_empty()).then_some(Section {
            ignore_only: breaking,
        }),
    };
    let yaml = serde_yaml_ng::to_string(&baseline).map_err(io::Error::other)?;
    out.write_all(yaml.as_bytes())
}

/// Through `render`: the paths as they are, under a v2 header.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    render_baseline(diagnostics, "v2", out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Span;

    #[test]
    fn groups_paths_by_rule_and_section() {
        let at = Some(Span::point(1, 1));
        let findings = [
            Diagnostic::new("b.proto", at, "FIELD_LOWER_SNAKE_CASE", "m".into()),
            Diagnostic::new("a.proto", at, "FIELD_LOWER_SNAKE_CASE", "m".into()),
            Diagnostic::new("a.proto", at, "FIELD_LOWER_SNAKE_CASE", "n".into()),
            Diagnostic::new("a.proto", at, "FIELD_NO_DELETE", "m".into()),
            Diagnostic::new("c.proto", at, "COMPILE", "m".into()),
        ];
        let mut out = Vec::new();
        render(&findings, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("# 1 COMPILE finding cannot be ignored"),
            "{text}"
        );
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        let lint = &value["lint"]["ignore_only"]["FIELD_LOWER_SNAKE_CASE"];
        assert_eq!(
            serde_yaml_ng::from_value::<Vec<String>>(lint.clone()).unwrap(),
            ["a.proto", "b.proto"]
        );
        assert_eq!(
            value["breaking"]["ignore_only"]["FIELD_NO_DELETE"][0].as_str(),
            Some("a.proto")
        );
        assert_eq!(value["version"].as_str(), Some("v2"));
    }
}
