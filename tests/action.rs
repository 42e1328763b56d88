//! The GitHub Action in action.yml: it parses as a composite action, and its steps, run as
//! GitHub runs them (bash -eo pipefail, GITHUB_OUTPUT, GITHUB_PATH, `${{ }}` expressions
//! substituted), annotate a pull request that breaks a field.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::git::commit_all;
use common::{repo_root, write_tree};
use serde_yaml_ng::Value;

fn action() -> Value {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).expect("action.yml exists");
    serde_yaml_ng::from_str(&text).expect("action.yml is YAML")
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"]
        .as_sequence()
        .expect("runs.steps is a list")
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

#[test]
fn action_yml_is_a_composite_action() {
    let action = action();
    assert!(text(&action["name"]).is_some_and(|n| !n.is_empty()));
    assert!(text(&action["description"]).is_some_and(|d| !d.is_empty()));
    assert_eq!(text(&action["runs"]["using"]), Some("composite"));
    for input in ["path", "against", "config", "sarif"] {
        let declared = &action["inputs"][input];
        assert!(
            text(&declared["description"]).is_some(),
            "input {input} is declared with a description"
        );
    }
    let steps = steps(&action);
    assert!(!steps.is_empty());
    for step in steps {
        let runs = step.get("run").is_some();
        let uses = step.get("uses").is_some();
        assert!(
            runs != uses,
            "a step runs a script or uses an action: {step:?}"
        );
        if runs {
            // Composite actions require a shell on every run step.
            assert!(
                text(&step["shell"]).is_some(),
                "a run step names its shell: {step:?}"
            );
            // Inputs reach scripts through env, never pasted into the script text.
            assert!(
                !text(&step["run"]).unwrap_or_default().contains("${{"),
                "a run step takes expressions through env: {step:?}"
            );
        }
    }
    let cache = steps
        .iter()
        .find(|s| text(&s["uses"]).is_some_and(|u| u.starts_with("actions/cache@")))
        .expect("the binary is cached with actions/cache");
    let key_step = steps
        .iter()
        .find(|s| text(&s["id"]) == Some("key"))
        .expect("a step computes the cache key");
    let key_script = text(&key_step["run"]).unwrap();
    assert!(key_script.contains("rustc --version") && key_script.contains("Cargo.lock"));
    assert!(
        text(&cache["with"]["key"])
            .unwrap()
            .contains("steps.key.outputs.key")
    );
    let install = steps
        .iter()
        .find(|s| text(&s["run"]).is_some_and(|r| r.contains("cargo install")))
        .expect("a step installs protogate");
    let script = text(&install["run"]).unwrap();
    assert!(
        script.contains("--locked") && script.contains("--path \"$GITHUB_ACTION_PATH\""),
        "installed from the action's own checkout: {script}"
    );
    assert!(
        text(&install["if"]).unwrap().contains("cache-hit"),
        "installed only when the cache missed"
    );
}

/// What running the action's steps printed, and how it ended.
struct ActionRun {
    output: String,
    status: i32,
    /// `${{ }}` values at the end: inputs and step outputs.
    values: HashMap<String, String>,
}

/// Runs the action's run steps in `workspace` as GitHub would, after a cache hit: the
/// install step is left out and protogate is where the cache restores it. `inputs`
/// override the declared defaults; `base_sha` is the pull request's base.
fn run_action(workspace: &Path, inputs: &[(&str, &str)], base_sha: &str) -> ActionRun {
    let action = action();
    let runner = tempfile::tempdir().unwrap();
    let home = runner.path().join("home");
    let cached_bin = home.join(".cache/protogate-action/bin");
    std::fs::create_dir_all(&cached_bin).unwrap();
    place_binary(&cached_bin.join("protogate"));
    let temp = runner.path().join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let github_path = runner.path().join("github_path");
    std::fs::write(&github_path, "").unwrap();

    let mut values: HashMap<String, String> = HashMap::new();
    for (name, declared) in action["inputs"].as_mapping().unwrap() {
        let name = name.as_str().unwrap();
        let default = text(&declared["default"]).unwrap_or_default();
        values.insert(format!("inputs.{name}"), default.to_string());
    }
    for (name, value) in inputs {
        values.insert(format!("inputs.{name}"), (*value).to_string());
    }
    values.insert(
        "github.event.pull_request.base.sha".into(),
        base_sha.to_string(),
    );
    values.insert("github.event.before".into(), String::new());

    let mut output = String::new();
    for (index, step) in steps(&action).iter().enumerate() {
        let Some(script) = text(&step["run"]) else {
            continue; // actions/cache: a hit is simulated above.
        };
        if script.contains("cargo install") {
            continue;
        }
        let outputs_file = runner.path().join(format!("output-{index}"));
        std::fs::write(&outputs_file, "").unwrap();
        let script_file = runner.path().join(format!("step-{index}.sh"));
        std::fs::write(&script_file, script).unwrap();
        let mut path = std::fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .map(PathBuf::from)
            .collect::<Vec<_>>();
        path.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(workspace)
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("HOME", &home)
            .env("GITHUB_OUTPUT", &outputs_file)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_ACTION_PATH", repo_root())
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env_remove("NO_COLOR");
        if let Some(env) = step["env"].as_mapping() {
            for (key, value) in env {
                let value = substitute(text(value).unwrap(), &values);
                command.env(key.as_str().unwrap(), value);
            }
        }
        let result = command.output().expect("bash runs");
        output.push_str(&String::from_utf8_lossy(&result.stdout));
        output.push_str(&String::from_utf8_lossy(&result.stderr));
        if let Some(id) = text(&step["id"]) {
            for line in std::fs::read_to_string(&outputs_file).unwrap().lines() {
                if let Some((key, value)) = line.split_once('=') {
                    values.insert(format!("steps.{id}.outputs.{key}"), value.to_string());
                }
            }
        }
        if !result.status.success() {
            return ActionRun {
                output,
                status: result.status.code().unwrap_or(-1),
                values,
            };
        }
    }
    ActionRun {
        output,
        status: 0,
        values,
    }
}

/// Replaces `${{ expr }}` with its value; an expression the test does not model fails it.
fn substitute(template: &str, values: &HashMap<String, String>) -> String {
    let mut result = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${{") {
        result.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("a closed expression") + start;
        let expression = rest[start + 3..end].trim();
        let value = values
            .get(expression)
            .unwrap_or_else(|| panic!("the test does not model `{expression}`"));
        result.push_str(value);
        rest = &rest[end + 2..];
    }
    result.push_str(rest);
    result
}

#[cfg(unix)]
fn place_binary(at: &Path) {
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_protogate"), at).unwrap();
}

#[cfg(not(unix))]
fn place_binary(at: &Path) {
    std::fs::copy(env!("CARGO_BIN_EXE_protogate"), at).unwrap();
}

const BASE: &str = "syntax = \"proto3\";

package acme.v1;

message User {
  string id = 1;
  string display_name = 2;
}
";

/// The pull request: `id` changes type (breaking) and a badly named field arrives (lint).
const PULL_REQUEST: &str = "syntax = \"proto3\";

package acme.v1;

message User {
  int64 id = 1;
  string display_name = 2;
  string emailAddress = 3;
}
";

/// A repository with the base commit and a pull request commit on top; returns the base.
fn pull_request_repo(dir: &Path) -> String {
    let repo = git2::Repository::init(dir).unwrap();
    write_tree(dir, &[("proto/acme/v1/user.proto", BASE)]);
    let base = commit_all(&repo, "base");
    write_tree(dir, &[("proto/acme/v1/user.proto", PULL_REQUEST)]);
    commit_all(&repo, "pull request");
    base.to_string()
}

fn error_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|l| l.starts_with("::error file="))
        .collect()
}

#[test]
fn the_steps_annotate_a_pull_request_that_breaks_a_field() {
    let dir = tempfile::tempdir().unwrap();
    let base = pull_request_repo(dir.path());
    let sarif = dir.path().join("results/protogate.sarif");
    let run = run_action(
        dir.path(),
        &[("path", "proto"), ("sarif", sarif.to_str().unwrap())],
        &base,
    );
    assert_eq!(run.status, 1, "findings fail the check:\n{}", run.output);
    let key = &run.values["steps.key.outputs.key"];
    assert!(
        key.starts_with("protogate-Linux-X64-rustc-")
            && key.contains("-lock-")
            && key.contains("-src-"),
        "the cache key names the platform, rustc, Cargo.lock and the sources: {key}"
    );
    assert_eq!(
        run.values["steps.against.outputs.input"],
        format!(".git#ref={base},subdir=proto")
    );
    let errors = error_lines(&run.output);
    assert!(
        errors.iter().any(
            |l| l.starts_with("::error file=proto/acme/v1/user.proto,line=6,")
                && l.contains("title=FIELD_SAME_TYPE::")
        ),
        "the breaking change is annotated on its line:\n{}",
        run.output
    );
    assert!(
        errors.iter().any(
            |l| l.starts_with("::error file=proto/acme/v1/user.proto,line=8,")
                && l.contains("title=FIELD_LOWER_SNAKE_CASE::")
        ),
        "the lint finding is annotated on its line:\n{}",
        run.output
    );

    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("the SARIF file is written"))
            .expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run_log = &log["runs"][0];
    let rules = run_log["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run_log["results"].as_array().unwrap();
    let fired: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at its rule"
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l > 0));
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "proto/acme/v1/user.proto"
        );
    }
    assert!(fired.contains(&"FIELD_LOWER_SNAKE_CASE"));
    if has("jq") {
        assert!(
            fired.contains(&"FIELD_SAME_TYPE"),
            "lint and breaking share one log: {fired:?}"
        );
        let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count, "each rule is described once");
    } else {
        assert!(run.output.contains("jq is not installed"), "{}", run.output);
    }
}

#[test]
fn a_clean_pull_request_passes() {
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    write_tree(dir.path(), &[("proto/acme/v1/user.proto", BASE)]);
    let base = commit_all(&repo, "base");
    let added = BASE.replace(
        "  string display_name = 2;\n",
        "  string display_name = 2;\n  string email = 3;\n",
    );
    write_tree(dir.path(), &[("proto/acme/v1/user.proto", &added)]);
    commit_all(&repo, "add a field");
    let run = run_action(dir.path(), &[("path", "proto")], &base.to_string());
    assert_eq!(run.status, 0, "{}", run.output);
    assert!(error_lines(&run.output).is_empty(), "{}", run.output);
    assert!(
        run.output
            .contains("protogate lint exited 0, protogate breaking exited 0"),
        "{}",
        run.output
    );
}

#[test]
fn without_a_base_the_breaking_check_is_skipped_and_lint_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    pull_request_repo(dir.path());
    let run = run_action(dir.path(), &[("path", "proto")], "");
    assert_eq!(run.status, 1, "{}", run.output);
    assert!(
        run.output.contains("the breaking check is skipped"),
        "{}",
        run.output
    );
    let errors = error_lines(&run.output);
    assert!(
        errors.iter().all(|l| !l.contains("FIELD_SAME_TYPE")),
        "{}",
        run.output
    );
    assert!(
        errors.iter().any(|l| l.contains("FIELD_LOWER_SNAKE_CASE")),
        "{}",
        run.output
    );
}

/// actions/checkout's default is a shallow clone of one commit: the action fetches the base
/// commit itself. Needs the git command line, as the action on a runner does.
#[test]
fn a_shallow_checkout_fetches_the_base_commit() {
    if !has("git") {
        eprintln!("git is not installed; the action's fetch of the base commit is not run");
        return;
    }
    let origin = tempfile::tempdir().unwrap();
    let base = pull_request_repo(origin.path());
    // GitHub serves any reachable commit by id; a local repository must be told to.
    git(
        origin.path(),
        &["config", "uploadpack.allowAnySHA1InWant", "true"],
    );
    let clone_parent = tempfile::tempdir().unwrap();
    let checkout = clone_parent.path().join("checkout");
    let url = format!("file://{}", origin.path().display());
    git(
        clone_parent.path(),
        &[
            "clone",
            "--quiet",
            "--depth",
            "1",
            &url,
            checkout.to_str().unwrap(),
        ],
    );
    assert!(
        checkout.join(".git/shallow").exists(),
        "the clone is shallow"
    );
    let run = run_action(&checkout, &[("path", "proto")], &base);
    assert_eq!(run.status, 1, "{}", run.output);
    assert!(
        run.output.contains("Fetching the base commit"),
        "{}",
        run.output
    );
    assert!(
        error_lines(&run.output)
            .iter()
            .any(|l| l.contains("title=FIELD_SAME_TYPE::")),
        "{}",
        run.output
    );
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
