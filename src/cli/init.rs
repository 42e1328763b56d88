//! `protogate init`: a commented protogate.yaml to start from, or, with `--from-buf`, the
//! buf.yaml already there, converted with its settings kept.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_yaml_ng::Value;

use super::Outcome;
use crate::config::parse_config;
use crate::error::ToolError;
use crate::workspace::display_of;

const PROTOGATE_YAML: &str = "protogate.yaml";
const BUF_YAML: &str = "buf.yaml";

/// What `protogate init` writes: every key with its default, explained.
pub const TEMPLATE: &str = r#"# protogate.yaml: the rules protogate applies to the .proto files under this directory.
# It has buf.yaml's shape (version v2; v1 is read too). While it exists, a buf.yaml in the
# same directory is not read by protogate. Every rule: `protogate rules`, and
# `protogate explain RULE_ID` for one.
version: v2

# Module roots: directories whose .proto files import each other by paths relative to
# them. Without `modules`, this directory is the one module.
# modules:
#   - path: proto
#     excludes: [proto/vendor]

lint:
  # Categories (MINIMAL, BASIC, STANDARD, COMMENTS, UNARY_RPC, API_DESIGN) or rule ids.
  use:
    - STANDARD
  # Rules (or categories) to leave out of `use`.
  # except: [ENUM_VALUE_PREFIX]
  # Paths, relative to this file, where no lint rule runs.
  # ignore: [proto/legacy]
  # Per rule, the paths where it does not run. For a legacy tree, paste the baseline that
  #   protogate lint --error-format config-ignore-yaml
  # prints, so that only new violations fail CI.
  # ignore_only:
  #   FIELD_LOWER_SNAKE_CASE: [proto/legacy/old.proto]
  # enum_zero_value_suffix: _UNSPECIFIED
  # service_suffix: Service
  # rpc_allow_same_request_response: false
  # rpc_allow_google_protobuf_empty_requests: false
  # rpc_allow_google_protobuf_empty_responses: false
  # true stops `// protogate:ignore RULE_ID` (and `// buf:lint:ignore`) comments working.
  # disallow_comment_ignores: false

breaking:
  # FILE (the default), PACKAGE, WIRE_JSON or WIRE: from strictest to most lenient.
  use:
    - FILE
  # except: [FIELD_SAME_JSON_NAME]
  # ignore: [proto/experimental]
  # Packages such as foo.v1alpha1, foo.v1beta1 or foo.v1test may break freely.
  # ignore_unstable_packages: true

# A committed ledger of every field and enum value number across all releases
# (`protogate history --update-ledger FILE`). With it, `breaking` also catches a number
# reused after its reservation was dropped, even on a shallow CI checkout.
# history:
#   ledger: ledger.json
"#;

#[derive(Args)]
pub struct InitArgs {
    /// The directory to write protogate.yaml into: the module root (where `protogate lint`
    /// is pointed) or a workspace root; defaults to `.`.
    dir: Option<PathBuf>,
    /// Convert DIR/buf.yaml (v1 or v2) into protogate.yaml, keeping all its settings.
    #[arg(long)]
    from_buf: bool,
}

pub fn run(args: InitArgs) -> Result<Outcome, ToolError> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(ToolError::new(format!(
            "{}: not a directory",
            display_of(&dir)
        )));
    }
    let target = dir.join(PROTOGATE_YAML);
    let shown = display_of(&target);
    if target.exists() {
        return Err(ToolError::new(format!(
            "{shown} already exists; edit it, or remove it to start again"
        )));
    }
    let buf_yaml = dir.join(BUF_YAML);
    let text = if args.from_buf {
        from_buf(&buf_yaml)?
    } else {
        if buf_yaml.is_file() {
            return Err(ToolError::new(format!(
                "{} exists, and protogate reads it as it is; `protogate init --from-buf` converts it to {PROTOGATE_YAML}",
                display_of(&buf_yaml)
            )));
        }
        TEMPLATE.to_string()
    };
    // What is written always loads.
    parse_config(&text, &target)?;
    write_new(&target, &text)?;
    eprintln!("protogate: wrote {shown}");
    Ok(Outcome::Clean)
}

/// The buf.yaml's text, unchanged below a header, so its comments and every setting stay;
/// the keys protogate reads but does not act on are named in the header and on stderr.
fn from_buf(buf_yaml: &Path) -> Result<String, ToolError> {
    let shown = display_of(buf_yaml);
    let original = std::fs::read_to_string(buf_yaml)
        .map_err(|e| ToolError::new(format!("{shown}: cannot read: {e}")))?;
    parse_config(&original, buf_yaml)?;
    let unused = unused_keys(&original);
    let mut text = format!(
        "# protogate.yaml, converted from {BUF_YAML} by `protogate init --from-buf`: the same\n\
         # settings, which protogate now reads from here rather than from {BUF_YAML}.\n"
    );
    for (key, why) in &unused {
        text.push_str(&format!("# `{key}` is kept but not used: {why}\n"));
        eprintln!("protogate: note: {shown}: `{key}` is kept but not used: {why}");
    }
    text.push_str(&original);
    if !original.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "\n# protogate's own section: a committed field-number ledger that `breaking` checks too\n\
         # (`protogate history --update-ledger FILE` writes it).\n\
         # history:\n\
         #   ledger: ledger.json\n",
    );
    Ok(text)
}

/// Keys buf acts on that protogate accepts without acting on them, with why.
fn unused_keys(text: &str) -> Vec<(&'static str, &'static str)> {
    let Ok(Value::Mapping(top)) = serde_yaml_ng::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut unused = Vec::new();
    if top.contains_key("deps") {
        unused.push((
            "deps",
            "protogate does not download BSR modules; keep the imported .proto files in the tree",
        ));
    }
    if top.contains_key("plugins") {
        unused.push((
            "plugins",
            "protogate runs no buf check plugins; its own API_DESIGN rules are opt-in",
        ));
    }
    if top.contains_key("policies") {
        unused.push(("policies", "BSR policies are not read"));
    }
    unused
}

/// Creates `path`, never replacing a file that appeared meanwhile.
fn write_new(path: &Path, text: &str) -> Result<(), ToolError> {
    let fail =
        |e: std::io::Error| ToolError::new(format!("{}: cannot write: {e}", display_of(path)));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    if let Err(error) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        let _ = std::fs::remove_file(path);
        return Err(fail(error));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_loads_with_the_defaults() {
        let config = parse_config(TEMPLATE, Path::new(PROTOGATE_YAML)).unwrap();
        assert_eq!(config.modules.len(), 1);
        assert_eq!(config.modules[0].lint.use_ids, ["STANDARD"]);
        assert_eq!(config.modules[0].breaking.use_ids, ["FILE"]);
    }

    #[test]
    fn bsr_only_keys_are_named() {
        let keys = unused_keys("version: v2\ndeps: [buf.build/googleapis/googleapis]\n");
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].0, "deps");
        assert!(unused_keys("version: v2\n").is_empty());
    }
}
