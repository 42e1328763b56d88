//! The shared comparison behind the FILE_SAME_* option rules.

use crate::breaking::Pair;
use crate::lint::Findings;
use crate::model::{FileOption, ProtoFile};

/// The option must keep its value, an unset option counting as its default. Where the
/// current file no longer sets it, the finding is about the whole file.
pub fn same_file_option(pair: &Pair<ProtoFile>, option: FileOption, out: &mut Findings) {
    let before = option.effective_value(&pair.previous.options);
    let after = option.effective_value(&pair.current.options);
    if before == after {
        return;
    }
    let message = format!(
        "File \"{}\" changed option \"{}\" from \"{before}\" to \"{after}\".",
        pair.current.name,
        option.name()
    );
    match pair.current.option_location(option) {
        Some(location) => out.report_in(pair.current_file, location, message),
        None => out.report_file(pair.current_file, message),
    }
}
