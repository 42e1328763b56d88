//! HTTP_PATH_VERSIONED: HTTP paths start with the package's version.

use crate::catalog::RuleInfo;
use crate::lint::rules::API_DESIGN;
use crate::lint::rules::http::http_location;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, PackageVersion, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "HTTP_PATH_VERSIONED",
        purpose: "An HTTP path starts with a version segment (/v1/...) equal to the package's version suffix.",
        categories: API_DESIGN,
        v1_categories: Some(API_DESIGN),
        deprecated: false,
        doc: include_str!("../../../rules/HTTP_PATH_VERSIONED.md"),
    },
    check: Check::Method(check),
};

fn check(context: &Context, _service: &Service, method: &Method, out: &mut Findings) {
    let Some(http) = &method.http else {
        return;
    };
    let package = context.file.package_name();
    // Only packages with a version suffix say what the path's version should be.
    if PackageVersion::of_package(package).is_none() {
        return;
    }
    let version = package.rsplit('.').next().unwrap_or(package);
    // The version leads the path, or follows one service segment (`/compute/v1/...`).
    let leading: Vec<&str> = http
        .path
        .trim_start_matches('/')
        .split('/')
        .take(2)
        .map(|segment| segment.split(':').next().unwrap_or(segment))
        .collect();
    if !leading.contains(&version) {
        out.report(
            http_location(method),
            format!(
                "Path \"{}\" of RPC \"{}\" should start with \"/{version}/\", the version of package \"{package}\".",
                http.path, method.name
            ),
        );
    }
}
