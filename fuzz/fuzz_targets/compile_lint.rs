//! Any bytes as a .proto file (and, split at a NUL, a second file it may import): compiling,
//! modelling and linting them ends in findings or a model, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogate::compile::compile_input;
use protogate::config::LintOptions;
use protogate::lint;
use protogate::workspace::load_memory_tree;

fuzz_target!(|data: &[u8]| {
    let mut files = std::collections::BTreeMap::new();
    match data.iter().position(|&b| b == 0) {
        Some(split) => {
            files.insert("a/v1/a.proto".to_string(), data[..split].to_vec());
            files.insert("a/v1/b.proto".to_string(), data[split + 1..].to_vec());
        }
        None => {
            files.insert("a/v1/a.proto".to_string(), data.to_vec());
        }
    }
    let Ok(input) = load_memory_tree(&files, "fuzz", "") else {
        return;
    };
    if let Ok((_, modules)) = compile_input(&input) {
        let rules: Vec<_> = lint::RULES.iter().collect();
        for module in &modules {
            let _ = lint::run(&module.files, &rules, &LintOptions::default(), true);
        }
    }
});
