//! What the templates see: the crate, its packages and every service and method with the
//! Rust names prost and tonic gave them.

use std::collections::HashMap;

use prost_build::Service;
use serde::Serialize;

use super::module_tree::PROTO_DIR;
use super::rust_code::{PackageCode, absolute_type_path};

#[derive(Debug, Clone, Serialize)]
pub struct TemplateContext {
    /// The package name in Cargo.toml (`catalog-api`).
    pub crate_name: String,
    /// The library as a Rust identifier (`catalog_api`).
    pub crate_ident: String,
    pub protogate_version: String,
    /// The `pub mod` tree of the library, ready to paste into `src/lib.rs`.
    pub module_tree: String,
    /// The path of the embedded descriptor set, relative to `src/`.
    pub descriptor_set_file: String,
    pub packages: Vec<PackageContext>,
    pub services: Vec<ServiceContext>,
    /// Which RPC kinds occur, so templates import only what they use.
    pub kinds: KindsPresent,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindsPresent {
    /// Whether there is any RPC at all.
    pub any: bool,
    pub unary: bool,
    pub server_streaming: bool,
    pub client_streaming: bool,
    pub bidi_streaming: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackageContext {
    /// `acme.catalog.v1`, empty for files without a package.
    pub name: String,
    /// `acme::catalog::v1`.
    pub rust_path: String,
    /// The file under `src/` holding its code (`proto/acme.catalog.v1.rs`).
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceContext {
    /// `acme.catalog.v1.CatalogService`.
    pub full_name: String,
    /// `CatalogService`.
    pub proto_name: String,
    pub package: String,
    /// tonic's trait (`::catalog_api::acme::catalog::v1::catalog_service_server::CatalogService`).
    pub trait_path: String,
    /// tonic's server wrapper (`...::catalog_service_server::CatalogServiceServer`).
    pub server_path: String,
    /// tonic's client (`...::catalog_service_client::CatalogServiceClient`).
    pub client_path: String,
    /// The reference implementation's type name, unique across packages (`CatalogService`,
    /// or `AcmeCatalogV1CatalogService` when two packages share a service name).
    pub handler: String,
    /// `handler` in snake case, for test and variable names.
    pub handler_snake: String,
    /// The service's leading comment, one line per entry.
    pub comments: Vec<String>,
    /// Whether any method is server streaming (and so reads `--stream-count`).
    pub has_server_streaming: bool,
    pub methods: Vec<MethodContext>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodContext {
    /// `GetProduct`.
    pub proto_name: String,
    /// tonic's method name (`get_product`; raw identifiers such as `r#type` are kept).
    pub rust_name: String,
    /// `rust_name` without `r#`, for names built from it.
    pub plain_name: String,
    /// `unary`, `server_streaming`, `client_streaming` or `bidi_streaming`.
    pub kind: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// The request and response types as seen from outside the library
    /// (`::catalog_api::acme::catalog::v1::GetProductRequest`, `::prost_types::Timestamp`, `()`).
    pub input_type: String,
    pub output_type: String,
    /// Expressions for a default request and response (`()` for `google.protobuf.Empty`).
    pub input_default: String,
    pub output_default: String,
    /// The full proto names (`.acme.catalog.v1.GetProductRequest`).
    pub input_proto_type: String,
    pub output_proto_type: String,
    /// tonic's associated stream type for server-streaming methods (`ListProductsStream`).
    pub stream_type: String,
    /// The HTTP/2 path (`/acme.catalog.v1.CatalogService/GetProduct`).
    pub path: String,
    pub comments: Vec<String>,
}

/// Builds the context from prost's view of the services.
pub fn build_context(
    crate_name: &str,
    crate_ident: &str,
    module_tree: String,
    descriptor_set_file: &str,
    packages: &[PackageCode],
    services: &[(Vec<String>, Service)],
) -> TemplateContext {
    let mut name_counts: HashMap<&str, usize> = HashMap::new();
    for (_, service) in services {
        *name_counts.entry(service.name.as_str()).or_default() += 1;
    }
    let services: Vec<ServiceContext> = services
        .iter()
        .map(|(module, service)| {
            let shared_name = name_counts[service.name.as_str()] > 1;
            service_context(crate_ident, module, service, shared_name)
        })
        .collect();
    let mut kinds = KindsPresent::default();
    for method in services.iter().flat_map(|s| &s.methods) {
        kinds.any = true;
        match (method.client_streaming, method.server_streaming) {
            (false, false) => kinds.unary = true,
            (false, true) => kinds.server_streaming = true,
            (true, false) => kinds.client_streaming = true,
            (true, true) => kinds.bidi_streaming = true,
        }
    }
    TemplateContext {
        crate_name: crate_name.to_string(),
        crate_ident: crate_ident.to_string(),
        protogate_version: env!("CARGO_PKG_VERSION").to_string(),
        module_tree,
        descriptor_set_file: descriptor_set_file.to_string(),
        packages: packages
            .iter()
            .map(|p| PackageContext {
                name: p.package.clone(),
                rust_path: p.module.join("::"),
                file: format!("{PROTO_DIR}/{}", p.file_name),
            })
            .collect(),
        services,
        kinds,
    }
}

fn service_context(
    crate_ident: &str,
    module: &[String],
    service: &Service,
    shared_name: bool,
) -> ServiceContext {
    let module_path: String = std::iter::once(format!("::{crate_ident}"))
        .chain(module.iter().cloned())
        .collect::<Vec<_>>()
        .join("::");
    let snake = naive_snake_case(&service.name);
    let handler = if shared_name {
        format!("{}{}", upper_camel(&service.package), service.name)
    } else {
        service.name.clone()
    };
    let full_name = if service.package.is_empty() {
        service.proto_name.clone()
    } else {
        format!("{}.{}", service.package, service.proto_name)
    };
    let methods: Vec<MethodContext> = service
        .methods
        .iter()
        .map(|method| {
            let kind = match (method.client_streaming, method.server_streaming) {
                (false, false) => "unary",
                (false, true) => "server_streaming",
                (true, false) => "client_streaming",
                (true, true) => "bidi_streaming",
            };
            let input_type = absolute_type_path(crate_ident, module, &method.input_type);
            let output_type = absolute_type_path(crate_ident, module, &method.output_type);
            MethodContext {
                proto_name: method.proto_name.clone(),
                rust_name: method.name.clone(),
                plain_name: method.name.trim_start_matches("r#").to_string(),
                kind: kind.to_string(),
                client_streaming: method.client_streaming,
                server_streaming: method.server_streaming,
                input_default: default_value(&input_type),
                output_default: default_value(&output_type),
                input_type,
                output_type,
                input_proto_type: method.input_proto_type.clone(),
                output_proto_type: method.output_proto_type.clone(),
                stream_type: format!("{}Stream", method.proto_name),
                path: format!("/{full_name}/{}", method.proto_name),
                comments: method
                    .comments
                    .leading
                    .iter()
                    .map(|l| l.trim().to_string())
                    .collect(),
            }
        })
        .collect();
    ServiceContext {
        trait_path: format!("{module_path}::{snake}_server::{}", service.name),
        server_path: format!("{module_path}::{snake}_server::{}Server", service.name),
        client_path: format!("{module_path}::{snake}_client::{}Client", service.name),
        handler_snake: naive_snake_case(&handler),
        handler,
        full_name,
        proto_name: service.proto_name.clone(),
        package: service.package.clone(),
        comments: service
            .comments
            .leading
            .iter()
            .map(|l| l.trim().to_string())
            .collect(),
        has_server_streaming: methods.iter().any(|m| m.kind == "server_streaming"),
        methods,
    }
}

/// An expression for the default value of `rust_type`.
fn default_value(rust_type: &str) -> String {
    if rust_type == "()" {
        "()".to_string()
    } else {
        format!("<{rust_type}>::default()")
    }
}

/// tonic's module naming: `CatalogService` → `catalog_service` (an underscore before each
/// uppercase letter that follows another character, as tonic-build does).
pub fn naive_snake_case(name: &str) -> String {
    let mut out = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c.to_ascii_lowercase());
        if chars.peek().is_some_and(|next| next.is_uppercase()) {
            out.push('_');
        }
    }
    out
}

/// `acme.catalog.v1` → `AcmeCatalogV1`.
fn upper_camel(package: &str) -> String {
    package
        .split(['.', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases_like_tonic() {
        assert_eq!(naive_snake_case("CatalogService"), "catalog_service");
        assert_eq!(naive_snake_case("Echo"), "echo");
        assert_eq!(naive_snake_case("HTTPService"), "h_t_t_p_service");
    }

    #[test]
    fn camel_cases_packages() {
        assert_eq!(upper_camel("acme.catalog.v1"), "AcmeCatalogV1");
        assert_eq!(upper_camel("foo_bar.v2"), "FooBarV2");
    }
}
