//! Loads `protogate.yaml`, or a user's `buf.yaml` (v1 or v2) unchanged, and turns its lint
//! and breaking sections into the set of rules to run.

mod file;
mod selection;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use file::{CONFIG_FILE_NAMES, load_config, parse_config};
pub use selection::{PathIgnores, select_rules};

use crate::catalog::ConfigVersion;

/// Options some lint rules take; the defaults are buf's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions {
    pub enum_zero_value_suffix: String,
    pub service_suffix: String,
    pub rpc_allow_same_request_response: bool,
    pub rpc_allow_google_protobuf_empty_requests: bool,
    pub rpc_allow_google_protobuf_empty_responses: bool,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            enum_zero_value_suffix: "_UNSPECIFIED".to_string(),
            service_suffix: "Service".to_string(),
            rpc_allow_same_request_response: false,
            rpc_allow_google_protobuf_empty_requests: false,
            rpc_allow_google_protobuf_empty_responses: false,
        }
    }
}

/// The `lint` or `breaking` section of a config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckConfig {
    pub use_ids: Vec<String>,
    pub except_ids: Vec<String>,
    /// Paths, relative to the config's directory, where no rule of this kind runs.
    pub ignore: Vec<String>,
    /// Per rule id or category: paths where that rule does not run.
    pub ignore_only: BTreeMap<String, Vec<String>>,
    pub comment_ignores_allowed: bool,
    pub lint_options: LintOptions,
    pub ignore_unstable_packages: bool,
}

/// One module: a directory of .proto files with its own rule settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleConfig {
    /// The module root, relative to the config's directory (`.` for the directory itself).
    pub path: String,
    /// Paths relative to the config's directory whose files are left out.
    pub excludes: Vec<String>,
    pub lint: CheckConfig,
    pub breaking: CheckConfig,
    /// protogate.yaml's `history.ledger`: a committed ledger that `breaking` checks too.
    pub history_ledger: Option<PathBuf>,
}

/// A loaded config, or the defaults when the directory has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub version: ConfigVersion,
    /// The file it came from; None for the defaults.
    pub source: Option<PathBuf>,
    pub modules: Vec<ModuleConfig>,
}

impl Config {
    /// The configuration used where no config file exists: one module at the directory, with
    /// buf's v2 defaults.
    pub fn default_for_directory() -> Config {
        Config {
            version: ConfigVersion::V2,
            source: None,
            modules: vec![ModuleConfig {
                path: ".".to_string(),
                excludes: Vec::new(),
                lint: CheckConfig {
                    comment_ignores_allowed: true,
                    ..CheckConfig::default()
                },
                breaking: CheckConfig::default(),
                history_ledger: None,
            }],
        }
    }

    /// Looks for `protogate.yaml`, then `buf.yaml`, in `dir`.
    pub fn find_in(dir: &Path) -> Option<PathBuf> {
        CONFIG_FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file())
    }
}
