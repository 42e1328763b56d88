//! The generated crates work: `protogate generate` on examples/proto and on
//! testdata/generate/proto, then `cargo build` and `cargo test` in each crate. The crate's
//! own tests start the reference server on a free loopback port and call every RPC with its
//! streaming shape, check health, reflection, `--token`, deadlines, TLS and shutdown.
//! Where Python's grpcio is installed, a stock client also calls every RPC through
//! reflection.
//!
//! Both crates build into one cargo target directory, `target/generated-crates`, so tonic
//! and its dependencies compile once and later runs are incremental.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;

use common::{protogate, repo_root, stderr, stdout};

/// The crates share a target directory and a binary name (`reference-server`): one at a time.
static CARGO: Mutex<()> = Mutex::new(());

/// The shared cargo target directory, under this build's target directory.
fn generated_target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("generated-crates")
}

/// Generates the crate (kept under the shared target directory so rebuilds are incremental).
fn generate(input: &str, name: &str) -> PathBuf {
    let out = generated_target_dir().join("crates").join(name);
    let output = protogate(
        &repo_root(),
        &["generate", input, "--out", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    out
}

/// Runs cargo in the generated crate, with the shared target directory.
fn cargo(crate_dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", generated_target_dir())
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{}\n{}",
        crate_dir.display(),
        stdout(&output),
        stderr(&output)
    );
    output
}

/// Builds the crate, runs its tests and checks that every expected test ran and passed.
fn build_and_test(crate_dir: &Path, rpc_tests: &[&str]) {
    let built = cargo(crate_dir, &["build"]);
    let warnings: Vec<&str> = std::str::from_utf8(&built.stderr)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("warning"))
        .collect();
    assert!(
        warnings.is_empty(),
        "the generated crate builds without warnings: {warnings:?}"
    );

    let tested = cargo(crate_dir, &["test"]);
    let report = stdout(&tested);
    let server_tests = [
        "health_reports_serving",
        "reflection_lists_every_service_in_v1_and_v1alpha",
        "a_token_guards_every_rpc_except_health",
        "unknown_methods_are_unimplemented",
        "a_passed_deadline_ends_every_call",
        "serves_tls_with_a_certificate_and_key",
    ];
    for test in rpc_tests.iter().chain(&server_tests) {
        assert!(
            report.contains(&format!("test {test} ... ok")),
            "{test} did not pass:\n{report}"
        );
    }
    assert!(!report.contains("FAILED"), "{report}");
    assert!(
        !report.contains(" ignored;") || report.contains(" 0 ignored;"),
        "{report}"
    );
}

/// A running reference-server binary, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let binary = generated_target_dir()
            .join("debug")
            .join("reference-server");
        let mut child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the reference server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("reference-server listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, address }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `python3` can import grpcio and its reflection client.
fn grpcio_available() -> bool {
    Command::new("python3")
        .args(["-c", "import grpc, grpc_reflection"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Calls every RPC of the just-built server with grpcio through reflection, plainly and with
/// `--token`. Skipped with a note when grpcio is missing, unless PROTOGATE_REQUIRE_GRPCIO is set.
fn call_with_grpcio(expected_paths: &[&str]) {
    if !grpcio_available() {
        assert!(
            std::env::var_os("PROTOGATE_REQUIRE_GRPCIO").is_none(),
            "PROTOGATE_REQUIRE_GRPCIO is set but python3 cannot import grpc and grpc_reflection"
        );
        eprintln!(
            "note: skipping the grpcio check (pip install grpcio grpcio-reflection to run it)"
        );
        return;
    }
    let script = repo_root().join("testdata/generate/grpcio_client.py");
    let server = Server::start(&["--stream-count", "5"]);
    let output = Command::new("python3")
        .arg(&script)
        .args([server.address.as_str(), "5"])
        .output()
        .expect("python3 runs");
    let report = stdout(&output);
    assert!(output.status.success(), "{report}\n{}", stderr(&output));
    assert!(
        report.contains("/grpc.health.v1.Health/Check SERVING"),
        "{report}"
    );
    for path in expected_paths {
        assert!(
            report.contains(&format!("{path} ")),
            "{path} not called:\n{report}"
        );
    }
    assert!(
        report.contains("server-streaming 5 response(s) OK"),
        "{report}"
    );
    assert!(
        report.contains("client-streaming 1 response(s) OK"),
        "{report}"
    );
    assert!(
        report.contains("bidi-streaming 3 response(s) OK"),
        "{report}"
    );

    let guarded = Server::start(&["--token", "s3cret"]);
    let output = Command::new("python3")
        .arg(&script)
        .args([guarded.address.as_str(), "3", "s3cret"])
        .output()
        .expect("python3 runs");
    let report = stdout(&output);
    assert!(output.status.success(), "{report}\n{}", stderr(&output));
    for path in expected_paths {
        assert!(
            report.contains(&format!("{path} without token UNAUTHENTICATED")),
            "{path}:\n{report}"
        );
    }
}

/// `--check` agrees with a crate that was just built (cargo's Cargo.lock is not drift), and
/// `cargo fmt` (where installed) leaves the generated files as they are.
fn assert_no_drift(input: &str, crate_dir: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let has_rustfmt = Command::new(&cargo)
        .args(["fmt", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if has_rustfmt {
        let formatted = Command::new(&cargo)
            .arg("fmt")
            .current_dir(crate_dir)
            .output()
            .expect("cargo fmt runs");
        assert!(formatted.status.success(), "{}", stderr(&formatted));
    }
    let output = protogate(
        &repo_root(),
        &[
            "generate",
            input,
            "--out",
            crate_dir.to_str().unwrap(),
            "--check",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn the_examples_crate_builds_and_serves_all_four_rpc_kinds() {
    let _lock = CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let crate_dir = generate("examples/proto", "catalog-api");
    build_and_test(
        &crate_dir,
        &[
            "catalog_service_get_product",
            "catalog_service_list_products",
            "catalog_service_record_stock_changes",
            "catalog_service_quote_prices",
        ],
    );
    call_with_grpcio(&[
        "/acme.catalog.v1.CatalogService/GetProduct",
        "/acme.catalog.v1.CatalogService/ListProducts",
        "/acme.catalog.v1.CatalogService/RecordStockChanges",
        "/acme.catalog.v1.CatalogService/QuotePrices",
    ]);
    assert_no_drift("examples/proto", &crate_dir);
}

#[test]
fn the_keyword_wkt_and_multi_package_crate_builds_and_serves() {
    let _lock = CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let crate_dir = generate("testdata/generate/proto", "fleet-api");
    build_and_test(
        &crate_dir,
        &[
            "telemetry_service_get_reading",
            "telemetry_service_stream_readings",
            "telemetry_service_upload_readings",
            "telemetry_service_exchange",
            "fleet_telemetry_v1_admin_service_ping",
            "fleet_telemetry_v1_admin_service_describe",
            "fleet_common_v1_admin_service_ping",
        ],
    );
    call_with_grpcio(&[
        "/fleet.telemetry.v1.TelemetryService/GetReading",
        "/fleet.telemetry.v1.TelemetryService/StreamReadings",
        "/fleet.telemetry.v1.TelemetryService/UploadReadings",
        "/fleet.telemetry.v1.TelemetryService/Exchange",
        "/fleet.telemetry.v1.AdminService/Ping",
        "/fleet.telemetry.v1.AdminService/Describe",
        "/fleet.common.v1.AdminService/Ping",
    ]);
    assert_no_drift("testdata/generate/proto", &crate_dir);
}
