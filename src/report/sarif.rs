use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{COMPILE_RULE_ID, Diagnostic};
use crate::catalog::find_rule;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF 2.1.0 with one run; `tool.driver.rules` describes every rule that fired.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        let next = rule_index.len();
        rule_index.entry(&d.rule).or_insert(next);
    }
    let mut rules: Vec<(&str, usize)> = rule_index.iter().map(|(id, i)| (*id, *i)).collect();
    rules.sort_by_key(|(_, i)| *i);
    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(id, _)| {
            let description = match find_rule(id) {
                Some((_, info)) => info.purpose.to_string(),
                None if id == COMPILE_RULE_ID => "The file compiles.".to_string(),
                None => id.to_string(),
            };
            json!({
                "id": id,
                "shortDescription": { "text": description },
                "fullDescription": { "text": description },
                "help": { "text": format!("Run `protogate explain {id}` for details.") },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let span = d.display_span();
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index[d.rule.as_str()],
                "level": "error",
                "message": { "text": d.message },
            });
            // An approved break stays in the log, as a finding suppressed in source.
            if let Some(reason) = &d.allowed {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            if d.is_unplaced() {
                return result;
            }
            result["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri_reference(&d.path) },
                    "region": {
                        "startLine": span.start_line,
                        "startColumn": span.start_column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    }
                }
            }]);
            result
        })
        .collect();
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "protogate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// A relative path as a URI reference: SARIF's `uri` must be one, so bytes outside the
/// unreserved and path characters (a space, `%`, `#`, `?`, `:`, non-ASCII) are
/// percent-encoded; a `:` would otherwise read as a scheme.
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if plain {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri_reference("a b/c%d#é.proto"),
            "a%20b/c%25d%23%C3%A9.proto"
        );
        assert_eq!(
            uri_reference("proto/acme/v1/x.proto"),
            "proto/acme/v1/x.proto"
        );
    }
}
