//! The shared comparison behind the PACKAGE_SAME_* rules.

use std::collections::{BTreeMap, BTreeSet};

use crate::lint::{Findings, ModuleContext};
use crate::model::{FileOption, ProtoFile};

/// All files of a package must agree on `option`, where unset is a value of its own.
pub fn check_same_option(module: &ModuleContext, option: FileOption, out: &mut Findings) {
    let mut by_package: BTreeMap<&str, Vec<&ProtoFile>> = BTreeMap::new();
    for file in module.files {
        by_package
            .entry(file.package_name())
            .or_default()
            .push(file);
    }
    for (package, files) in by_package {
        let values: BTreeSet<Option<String>> = files
            .iter()
            .map(|file| option.value(&file.options))
            .collect();
        if values.len() < 2 {
            continue;
        }
        let listed: Vec<String> = values
            .iter()
            .map(|value| match value {
                Some(value) => format!("\"{value}\""),
                None => "unset".to_string(),
            })
            .collect();
        for file in files {
            let message = format!(
                "Files of package \"{package}\" disagree on option \"{}\" ({}); use one value.",
                option.name(),
                listed.join(", ")
            );
            match file.option_location(option) {
                Some(location) => out.report_in(file, location, message),
                None => out.report_file(file, message),
            }
        }
    }
}
