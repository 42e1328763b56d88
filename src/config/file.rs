//! Reading config files. Keys are checked by hand so that a typo is reported with the
//! closest valid key, as users of a strict linter expect.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

use super::{CheckConfig, Config, LintOptions, ModuleConfig, PathIgnores, select_rules};
use crate::catalog::{ConfigVersion, RuleKind};
use crate::error::ToolError;
use crate::suggest::closest;
use crate::workspace::display_of;

/// Config file names, in the order they are looked for.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["protogate.yaml", "buf.yaml"];

/// The config file that may carry protogate's own sections.
const PROTOGATE_CONFIG: &str = "protogate.yaml";
const HISTORY_KEYS: &[&str] = &["ledger"];
const V2_TOP_KEYS: &[&str] = &[
    "version", "modules", "deps", "lint", "breaking", "plugins", "policies",
];
const V1_TOP_KEYS: &[&str] = &["version", "name", "deps", "build", "lint", "breaking"];
const V1_BUILD_KEYS: &[&str] = &["excludes", "roots"];
const MODULE_KEYS: &[&str] = &["path", "name", "excludes", "lint", "breaking"];
const LINT_KEYS_V2: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "enum_zero_value_suffix",
    "rpc_allow_same_request_response",
    "rpc_allow_google_protobuf_empty_requests",
    "rpc_allow_google_protobuf_empty_responses",
    "service_suffix",
    "disallow_comment_ignores",
    "disable_builtin",
];
const LINT_KEYS_V1: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "enum_zero_value_suffix",
    "rpc_allow_same_request_response",
    "rpc_allow_google_protobuf_empty_requests",
    "rpc_allow_google_protobuf_empty_responses",
    "service_suffix",
    "allow_comment_ignores",
];
const BREAKING_KEYS: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "ignore_unstable_packages",
    "disable_builtin",
];

/// Reads and checks a config file.
pub fn load_config(path: &Path) -> Result<Config, ToolError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ToolError::new(format!("{}: cannot read config: {e}", display_of(path))))?;
    parse_config(&text, path)
}

/// Parses config text; `path` names it in errors.
pub fn parse_config(text: &str, path: &Path) -> Result<Config, ToolError> {
    let at = display_of(path);
    let value: Value = if text.trim().is_empty() {
        Value::Mapping(Mapping::new())
    } else {
        serde_yaml_ng::from_str(text)
            .map_err(|e| ToolError::new(format!("{at}: invalid YAML: {e}")))?
    };
    let top = as_mapping(&value, &at, "the top level")?;
    let version = match top
        .get("version")
        .map(|v| string(v, &at, "version"))
        .transpose()?
    {
        None => ConfigVersion::V1,
        Some(v) if v == "v2" => ConfigVersion::V2,
        Some(v) if v == "v1" || v == "v1beta1" => ConfigVersion::V1,
        Some(other) => {
            return Err(ToolError::new(format!(
                "{at}: unknown version \"{other}\"; expected v1 or v2"
            )));
        }
    };
    // protogate.yaml's own sections are read here; the rest is buf.yaml's shape.
    let mut buf_shaped = top.clone();
    let history = buf_shaped.remove("history");
    if history.is_some()
        && path
            .file_name()
            .is_some_and(|name| name != PROTOGATE_CONFIG)
    {
        return Err(ToolError::new(format!(
            "{at}: \"history\" is a {PROTOGATE_CONFIG} section; move it there"
        )));
    }
    let reader = Reader { at, version };
    let mut config = match version {
        ConfigVersion::V2 => reader.v2(&buf_shaped, path)?,
        ConfigVersion::V1 => reader.v1(&buf_shaped, path)?,
    };
    reader.check_rule_names(&config)?;
    if let Some(history) = history {
        let ledger = reader.history_ledger(&history)?;
        let base = path.parent().unwrap_or(Path::new(""));
        for module in &mut config.modules {
            module.history_ledger = ledger.as_ref().map(|l| base.join(l));
        }
    }
    Ok(config)
}

struct Reader {
    at: String,
    version: ConfigVersion,
}

impl Reader {
    /// Checks the rule ids and categories named in `use`, `except` and `ignore_only` now, so
    /// that a typo stops the run with the config's name before anything is compiled.
    fn check_rule_names(&self, config: &Config) -> Result<(), ToolError> {
        for module in &config.modules {
            for (kind, section) in [
                (RuleKind::Lint, &module.lint),
                (RuleKind::Breaking, &module.breaking),
            ] {
                select_rules(kind, self.version, section)
                    .and_then(|_| PathIgnores::new(kind, self.version, section))
                    .map_err(|e| self.error(&e.to_string()))?;
            }
        }
        Ok(())
    }

    /// `history: {ledger: PATH}`.
    fn history_ledger(&self, value: &Value) -> Result<Option<String>, ToolError> {
        let section = as_mapping(value, &self.at, "history")?;
        self.check_keys(section, HISTORY_KEYS, "history")?;
        self.optional_string(section.get("ledger"), "ledger")
    }

    fn v2(&self, top: &Mapping, path: &Path) -> Result<Config, ToolError> {
        self.check_keys(top, V2_TOP_KEYS, "the top level")?;
        let lint = self.lint(top.get("lint"))?;
        let breaking = self.breaking(top.get("breaking"))?;
        let mut modules = Vec::new();
        if let Some(list) = top.get("modules") {
            let Value::Sequence(items) = list else {
                return Err(self.error("\"modules\" must be a list"));
            };
            for item in items {
                let module = as_mapping(item, &self.at, "a module")?;
                self.check_keys(module, MODULE_KEYS, "a module")?;
                let module_path = match module.get("path") {
                    Some(v) => clean_relative(&string(v, &self.at, "path")?),
                    None => ".".to_string(),
                };
                modules.push(ModuleConfig {
                    excludes: self
                        .string_list(module.get("excludes"), "excludes")?
                        .iter()
                        .map(|p| clean_relative(p))
                        .collect(),
                    lint: match module.get("lint") {
                        Some(v) => self.lint(Some(v))?,
                        None => lint.clone(),
                    },
                    breaking: match module.get("breaking") {
                        Some(v) => self.breaking(Some(v))?,
                        None => breaking.clone(),
                    },
                    path: module_path,
                    history_ledger: None,
                });
            }
        }
        if modules.is_empty() {
            modules.push(ModuleConfig {
                path: ".".to_string(),
                excludes: Vec::new(),
                lint,
                breaking,
                history_ledger: None,
            });
        }
        Ok(Config {
            version: self.version,
            source: Some(path.to_path_buf()),
            modules,
        })
    }

    fn v1(&self, top: &Mapping, path: &Path) -> Result<Config, ToolError> {
        self.check_keys(top, V1_TOP_KEYS, "the top level")?;
        let mut excludes = Vec::new();
        if let Some(build) = top.get("build") {
            let build = as_mapping(build, &self.at, "build")?;
            self.check_keys(build, V1_BUILD_KEYS, "build")?;
            excludes = self
                .string_list(build.get("excludes"), "excludes")?
                .iter()
                .map(|p| clean_relative(p))
                .collect();
        }
        Ok(Config {
            version: self.version,
            source: Some(path.to_path_buf()),
            modules: vec![ModuleConfig {
                path: ".".to_string(),
                excludes,
                lint: self.lint(top.get("lint"))?,
                breaking: self.breaking(top.get("breaking"))?,
                history_ledger: None,
            }],
        })
    }

    fn lint(&self, value: Option<&Value>) -> Result<CheckConfig, ToolError> {
        let empty = Mapping::new();
        let section = match value {
            Some(Value::Null) | None => &empty,
            Some(v) => as_mapping(v, &self.at, "lint")?,
        };
        let keys = match self.version {
            ConfigVersion::V2 => LINT_KEYS_V2,
            ConfigVersion::V1 => LINT_KEYS_V1,
        };
        self.check_keys(section, keys, "lint")?;
        let defaults = LintOptions::default();
        let lint_options = LintOptions {
            enum_zero_value_suffix: self
                .optional_string(
                    section.get("enum_zero_value_suffix"),
                    "enum_zero_value_suffix",
                )?
                .unwrap_or(defaults.enum_zero_value_suffix),
            service_suffix: self
                .optional_string(section.get("service_suffix"), "service_suffix")?
                .unwrap_or(defaults.service_suffix),
            rpc_allow_same_request_response: self
                .flag(section, "rpc_allow_same_request_response")?,
            rpc_allow_google_protobuf_empty_requests: self
                .flag(section, "rpc_allow_google_protobuf_empty_requests")?,
            rpc_allow_google_protobuf_empty_responses: self
                .flag(section, "rpc_allow_google_protobuf_empty_responses")?,
        };
        // v1 turned comment ignores on with a flag; v2 turns them off with one.
        let comment_ignores_allowed = match self.version {
            ConfigVersion::V2 => !self.flag(section, "disallow_comment_ignores")?,
            ConfigVersion::V1 => self.flag(section, "allow_comment_ignores")?,
        };
        Ok(CheckConfig {
            lint_options,
            comment_ignores_allowed,
            ..self.common(section)?
        })
    }

    fn breaking(&self, value: Option<&Value>) -> Result<CheckConfig, ToolError> {
        let empty = Mapping::new();
        let section = match value {
            Some(Value::Null) | None => &empty,
            Some(v) => as_mapping(v, &self.at, "breaking")?,
        };
        self.check_keys(section, BREAKING_KEYS, "breaking")?;
        Ok(CheckConfig {
            ignore_unstable_packages: self.flag(section, "ignore_unstable_packages")?,
            ..self.common(section)?
        })
    }

    /// The keys lint and breaking share.
    fn common(&self, section: &Mapping) -> Result<CheckConfig, ToolError> {
        let mut ignore_only = BTreeMap::new();
        if let Some(value) = section.get("ignore_only") {
            let map = as_mapping(value, &self.at, "ignore_only")?;
            for (key, paths) in map {
                let id = string(key, &self.at, "ignore_only")?;
                let paths = self
                    .string_list(Some(paths), "ignore_only")?
                    .iter()
                    .map(|p| clean_relative(p))
                    .collect();
                ignore_only.insert(id, paths);
            }
        }
        Ok(CheckConfig {
            use_ids: self.string_list(section.get("use"), "use")?,
            except_ids: self.string_list(section.get("except"), "except")?,
            ignore: self
                .string_list(section.get("ignore"), "ignore")?
                .iter()
                .map(|p| clean_relative(p))
                .collect(),
            ignore_only,
            ..CheckConfig::default()
        })
    }

    fn check_keys(&self, map: &Mapping, allowed: &[&str], section: &str) -> Result<(), ToolError> {
        for key in map.keys() {
            let key = string(key, &self.at, section)?;
            if !allowed.contains(&key.as_str()) {
                let hint = closest(&key, allowed.iter().copied())
                    .map(|c| format!("; did you mean \"{c}\"?"))
                    .unwrap_or_default();
                return Err(self.error(&format!("unknown key \"{key}\" in {section}{hint}")));
            }
        }
        Ok(())
    }

    fn flag(&self, section: &Mapping, key: &str) -> Result<bool, ToolError> {
        match section.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.error(&format!("\"{key}\" must be true or false"))),
        }
    }

    fn optional_string(
        &self,
        value: Option<&Value>,
        key: &str,
    ) -> Result<Option<String>, ToolError> {
        value
            .filter(|v| !v.is_null())
            .map(|v| string(v, &self.at, key))
            .transpose()
    }

    fn string_list(&self, value: Option<&Value>, key: &str) -> Result<Vec<String>, ToolError> {
        match value {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Sequence(items)) => {
                items.iter().map(|v| string(v, &self.at, key)).collect()
            }
            Some(_) => Err(self.error(&format!("\"{key}\" must be a list"))),
        }
    }

    fn error(&self, message: &str) -> ToolError {
        ToolError::new(format!("{}: {message}", self.at))
    }
}

fn as_mapping<'v>(value: &'v Value, at: &str, what: &str) -> Result<&'v Mapping, ToolError> {
    match value {
        Value::Mapping(map) => Ok(map),
        _ => Err(ToolError::new(format!(
            "{at}: {what} must be a mapping of keys to values"
        ))),
    }
}

fn string(value: &Value, at: &str, key: &str) -> Result<String, ToolError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(ToolError::new(format!("{at}: \"{key}\" must hold text"))),
    }
}

/// Normalises a config path: no leading `./`, no trailing `/`.
fn clean_relative(path: &str) -> String {
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    if trimmed.is_empty() {
        ".".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ToolError> {
        parse_config(text, Path::new("buf.yaml"))
    }

    #[test]
    fn reads_a_v2_config_with_modules() {
        let config = parse(
            "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/vendor/]\nlint:\n  use: [STANDARD]\n  enum_zero_value_suffix: _NONE\n",
        )
        .unwrap();
        assert_eq!(config.version, ConfigVersion::V2);
        assert_eq!(config.modules[0].path, "proto");
        assert_eq!(config.modules[0].excludes, vec!["proto/vendor"]);
        assert_eq!(config.modules[0].lint.use_ids, vec!["STANDARD"]);
        assert_eq!(
            config.modules[0].lint.lint_options.enum_zero_value_suffix,
            "_NONE"
        );
        assert!(config.modules[0].lint.comment_ignores_allowed);
    }

    #[test]
    fn reads_a_v1_config() {
        let config = parse(
            "version: v1\nbuild:\n  excludes: [vendor]\nlint:\n  allow_comment_ignores: true\nbreaking:\n  ignore_unstable_packages: true\n",
        )
        .unwrap();
        assert_eq!(config.version, ConfigVersion::V1);
        assert_eq!(config.modules[0].excludes, vec!["vendor"]);
        assert!(config.modules[0].lint.comment_ignores_allowed);
        assert!(config.modules[0].breaking.ignore_unstable_packages);
    }

    #[test]
    fn names_the_closest_key_for_a_typo() {
        let error = parse("version: v2\nlint:\n  excpet: [FOO]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown key \"excpet\" in lint; did you mean \"except\"?"),
            "{error}"
        );
    }

    #[test]
    fn names_the_closest_rule_for_an_unknown_rule_id() {
        let error = parse("version: v2\nlint:\n  except: [FIELD_LOWER_SNAKE]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("buf.yaml: unknown lint rule or category")
                && error
                    .to_string()
                    .contains("did you mean \"FIELD_LOWER_SNAKE_CASE\"?"),
            "{error}"
        );
    }

    #[test]
    fn rejects_an_unknown_version() {
        let error = parse("version: v3\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown version \"v3\""),
            "{error}"
        );
    }
}
