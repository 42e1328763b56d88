//! protogate: governs protobuf contracts. The pipeline is
//! workspace → compile → model → lint → report; see DESIGN.md.

pub mod breaking;
pub mod catalog;
pub mod cli;
pub mod codegen;
pub mod compile;
pub mod config;
pub mod error;
pub mod fmt;
pub mod git;
pub mod history;
pub mod lint;
pub mod model;
pub mod release;
pub mod report;
pub mod suggest;
pub mod workspace;
