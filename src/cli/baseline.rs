//! `--error-format config-ignore-yaml` needs each finding's path relative to its config's
//! directory, which only the module knows: the modules record their paths here as their
//! findings are filtered, and the baseline is printed from them.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::catalog::ConfigVersion;
use crate::report::Diagnostic;
use crate::workspace::Module;

struct Recorded {
    /// Display path → path relative to the config's directory.
    paths: HashMap<String, String>,
    version: Option<ConfigVersion>,
}

static RECORDED: Mutex<Option<Recorded>> = Mutex::new(None);

/// Remembers where the module's files are relative to its config.
pub fn record(module: &Module, paths: &HashMap<&str, String>) {
    let Ok(mut recorded) = RECORDED.lock() else {
        return;
    };
    let recorded = recorded.get_or_insert_with(|| Recorded {
        paths: HashMap::new(),
        version: None,
    });
    for (shown, from_config) in paths {
        recorded
            .paths
            .insert((*shown).to_string(), from_config.clone());
    }
    recorded.version.get_or_insert(module.version);
}

/// The findings with config-relative paths (a deleted file's finding takes the deleted path;
/// a finding in a file no module recorded loses its path: no config can ignore it), and the
/// config version to name.
pub fn config_relative(diagnostics: &[Diagnostic]) -> (Vec<Diagnostic>, &'static str) {
    let recorded = RECORDED.lock().ok();
    let recorded = recorded.as_ref().and_then(|r| r.as_ref());
    let version = match recorded.and_then(|r| r.version) {
        Some(ConfigVersion::V1) => "v1",
        _ => "v2",
    };
    let findings = diagnostics
        .iter()
        .map(|d| Diagnostic {
            path: d
                .deleted_file
                .clone()
                .or_else(|| recorded.and_then(|r| r.paths.get(&d.path)).cloned())
                .unwrap_or_default(),
            ..d.clone()
        })
        .collect();
    (findings, version)
}
