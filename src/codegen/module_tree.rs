//! The `pub mod` tree of the generated library: one module per package segment, each
//! package's code included where its path ends.

use std::collections::BTreeMap;

use super::rust_code::PackageCode;

/// The directory, relative to `src/`, that holds one file of prost and tonic code per package.
pub const PROTO_DIR: &str = "proto";

#[derive(Default)]
struct Node {
    include: Option<String>,
    children: BTreeMap<String, Node>,
}

/// Lint allowances for code nobody edits by hand: it must not fail a user's `-D warnings`.
const ALLOWANCES: &str = "#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]";

/// Renders the module tree, e.g. for `acme.catalog.v1`:
///
/// ```text
/// pub mod acme {
///     pub mod catalog {
///         pub mod v1 {
///             include!("proto/acme.catalog.v1.rs");
///         }
///     }
/// }
/// ```
pub fn render_module_tree(packages: &[PackageCode]) -> String {
    let mut root = Node::default();
    for package in packages {
        let mut node = &mut root;
        for part in &package.module {
            node = node.children.entry(part.clone()).or_default();
        }
        node.include = Some(package.file_name.clone());
    }
    let mut out = String::new();
    render(&root, 0, &mut out);
    out
}

fn render(node: &Node, depth: usize, out: &mut String) {
    let indent = "    ".repeat(depth);
    if let Some(file) = &node.include {
        out.push_str(&format!("{indent}include!(\"{PROTO_DIR}/{file}\");\n"));
    }
    for (name, child) in &node.children {
        if depth == 0 {
            out.push_str(ALLOWANCES);
            out.push('\n');
        }
        out.push_str(&format!("{indent}pub mod {name} {{\n"));
        render(child, depth + 1, out);
        out.push_str(&format!("{indent}}}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(module: &[&str]) -> PackageCode {
        PackageCode {
            package: module.join("."),
            module: module.iter().map(|p| p.to_string()).collect(),
            file_name: if module.is_empty() {
                "_.rs".to_string()
            } else {
                format!("{}.rs", module.join("."))
            },
            code: String::new(),
        }
    }

    #[test]
    fn nests_packages_and_shares_prefixes() {
        let tree = render_module_tree(&[
            package(&["acme", "catalog", "v1"]),
            package(&["acme"]),
            package(&["acme", "common", "v1"]),
            package(&[]),
        ]);
        let expected = format!(
            "include!(\"proto/_.rs\");\n\
             {ALLOWANCES}\n\
             pub mod acme {{\n\
             \x20   include!(\"proto/acme.rs\");\n\
             \x20   pub mod catalog {{\n\
             \x20       pub mod v1 {{\n\
             \x20           include!(\"proto/acme.catalog.v1.rs\");\n\
             \x20       }}\n\
             \x20   }}\n\
             \x20   pub mod common {{\n\
             \x20       pub mod v1 {{\n\
             \x20           include!(\"proto/acme.common.v1.rs\");\n\
             \x20       }}\n\
             \x20   }}\n\
             }}\n"
        );
        assert_eq!(tree, expected);
    }
}
