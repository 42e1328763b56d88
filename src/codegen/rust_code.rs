//! prost messages and tonic clients and servers, generated in memory from the compiled
//! descriptors: no protoc, no build.rs.

use std::cell::RefCell;
use std::rc::Rc;

use prost_build::{Module, Service, ServiceGenerator};
use prost_reflect::DescriptorPool;

use crate::error::ToolError;

/// The Rust code of one proto package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageCode {
    /// The proto package (`acme.catalog.v1`), empty for files without one.
    pub package: String,
    /// Its Rust module path from the crate root (`["acme", "catalog", "v1"]`).
    pub module: Vec<String>,
    /// The file the code is written to, under `src/proto/` (`acme.catalog.v1.rs`).
    pub file_name: String,
    pub code: String,
}

/// Everything prost and tonic produced.
pub struct RustCode {
    /// One entry per package, sorted by file name.
    pub packages: Vec<PackageCode>,
    /// Every service, as prost saw it, with its package's module path, in file order.
    pub services: Vec<(Vec<String>, Service)>,
}

/// Hands each service to tonic's generator after keeping a copy for the templates.
struct RecordingGenerator {
    inner: Box<dyn ServiceGenerator>,
    seen: Rc<RefCell<Vec<Service>>>,
}

impl ServiceGenerator for RecordingGenerator {
    fn generate(&mut self, service: Service, buf: &mut String) {
        self.seen.borrow_mut().push(service.clone());
        self.inner.generate(service, buf);
    }

    fn finalize(&mut self, buf: &mut String) {
        self.inner.finalize(buf);
    }

    fn finalize_package(&mut self, package: &str, buf: &mut String) {
        self.inner.finalize_package(package, buf);
    }
}

/// Generates the code of every file in the pool. The well-known types map to
/// `::prost_types`, so their files yield no code (prost still needs them to see the whole
/// message graph).
pub fn generate_rust(pool: &DescriptorPool) -> Result<RustCode, ToolError> {
    let requests: Vec<(Module, prost_types::FileDescriptorProto)> = pool
        .files()
        .map(|file| {
            (
                Module::from_protobuf_package_name(file.package_name()),
                file.file_descriptor_proto().clone(),
            )
        })
        .collect();
    let package_of: Vec<(Module, String)> = requests
        .iter()
        .map(|(module, file)| (module.clone(), file.package().to_string()))
        .collect();

    let seen = Rc::new(RefCell::new(Vec::new()));
    let mut config = prost_build::Config::new();
    config.service_generator(Box::new(RecordingGenerator {
        inner: tonic_prost_build::configure().service_generator(),
        seen: Rc::clone(&seen),
    }));
    let generated = config
        .generate(requests)
        .map_err(|e| ToolError::new(format!("cannot generate Rust code: {e}")))?;

    let mut packages: Vec<PackageCode> = generated
        .into_iter()
        .map(|(module, code)| {
            let package = package_of
                .iter()
                .find(|(m, _)| *m == module)
                .map(|(_, package)| package.clone())
                .unwrap_or_default();
            PackageCode {
                package,
                module: module.parts().map(str::to_string).collect(),
                file_name: module.to_file_name_or("_"),
                code,
            }
        })
        .collect();
    packages.sort_by(|a, b| a.file_name.cmp(&b.file_name));

    let services = seen
        .take()
        .into_iter()
        .map(|service| {
            let module = Module::from_protobuf_package_name(&service.package)
                .parts()
                .map(str::to_string)
                .collect();
            (module, service)
        })
        .collect();
    Ok(RustCode { packages, services })
}

/// The path of a type prost named `relative` (from inside the module `module`), as seen
/// from outside the crate `crate_ident`: `super::super::b::v1::Thing` in `a::v1` becomes
/// `::crate_ident::a::b::v1::Thing`. Extern paths (`::prost_types::Timestamp`) and `()`
/// stay as they are.
pub fn absolute_type_path(crate_ident: &str, module: &[String], relative: &str) -> String {
    if relative.starts_with("::") || relative == "()" {
        return relative.to_string();
    }
    let mut base: Vec<&str> = module.iter().map(String::as_str).collect();
    let mut rest = relative;
    while let Some(after) = rest.strip_prefix("super::") {
        base.pop();
        rest = after;
    }
    let mut path = format!("::{crate_ident}");
    for part in base {
        path.push_str("::");
        path.push_str(part);
    }
    path.push_str("::");
    path.push_str(rest);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn resolves_paths_from_outside_the_crate() {
        let v1 = module(&["acme", "catalog", "v1"]);
        assert_eq!(
            absolute_type_path("gen", &v1, "GetProductRequest"),
            "::gen::acme::catalog::v1::GetProductRequest"
        );
        assert_eq!(
            absolute_type_path("gen", &v1, "super::super::common::v1::Money"),
            "::gen::acme::common::v1::Money"
        );
        assert_eq!(
            absolute_type_path("gen", &v1, "::prost_types::Timestamp"),
            "::prost_types::Timestamp"
        );
        assert_eq!(absolute_type_path("gen", &v1, "()"), "()");
        assert_eq!(absolute_type_path("gen", &[], "Thing"), "::gen::Thing");
    }
}
