//! Any bytes as a `--against` image: decoding them as a FileDescriptorSet, linking the pool
//! and building the model ends in an error or a model, never a panic or a hang. Then the
//! model is compared with itself, which must find nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogate::breaking::{self, against::load_against};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("protogate-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let image = dir.join("image.binpb");
    if std::fs::write(&image, data).is_err() {
        return;
    }
    if let Ok(side) = load_against(image.to_str().unwrap(), "") {
        let rules: Vec<_> = breaking::RULES.iter().collect();
        for (_, files) in &side.modules {
            let found = breaking::run(files, files, &rules, false).unwrap_or_default();
            assert!(found.is_empty(), "a model compared with itself: {found:?}");
        }
    }
});
