//! LIST_RPC_PAGINATED: List RPCs take a page size and token and return the next token.

use std::collections::HashMap;

use crate::catalog::RuleInfo;
use crate::lint::rules::API_DESIGN;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use crate::model::{FieldType, Label, Message};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "LIST_RPC_PAGINATED",
        purpose: "A unary List* RPC takes int32 page_size and string page_token and answers string next_page_token.",
        categories: API_DESIGN,
        v1_categories: Some(API_DESIGN),
        deprecated: false,
        doc: include_str!("../../../rules/LIST_RPC_PAGINATED.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    let messages: HashMap<&str, &Message> = module
        .files
        .iter()
        .flat_map(|file| file.all_messages())
        .map(|message| (message.full_name.as_str(), message))
        .collect();
    let has = |message: &Message, name: &str, field_type: FieldType| {
        message
            .fields
            .iter()
            .any(|f| f.name == name && f.field_type == field_type && f.label != Label::Repeated)
    };
    for file in module.files {
        for service in &file.services {
            for method in &service.methods {
                let is_list = method
                    .name
                    .strip_prefix("List")
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_uppercase);
                if !is_list || method.client_streaming || method.server_streaming {
                    continue;
                }
                let mut missing = Vec::new();
                if let Some(request) = messages.get(method.input_type.as_str()) {
                    if !has(request, "page_size", FieldType::Int32) {
                        missing.push("int32 page_size in the request");
                    }
                    if !has(request, "page_token", FieldType::String) {
                        missing.push("string page_token in the request");
                    }
                }
                if let Some(response) = messages.get(method.output_type.as_str())
                    && !has(response, "next_page_token", FieldType::String)
                {
                    missing.push("string next_page_token in the response");
                }
                if !missing.is_empty() {
                    out.report_in(
                        file,
                        &method.location,
                        format!(
                            "List RPC \"{}\" is not paginated: add {}.",
                            method.name,
                            missing.join(", ")
                        ),
                    );
                }
            }
        }
    }
}
