//! Custom options left out of a parsed file, for a version that is only compared: the
//! breaking rules read descriptor.proto's own options (`java_package`, `ctype`, `features`
//! and the like), never an extension such as `(google.api.http)`, and interpreting the
//! custom options was most of the cost of a previous version's options.

use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    UninterpretedOption,
};

/// Options whose name starts with an extension, such as `(google.api.http)` or
/// `(buf.validate.field).string.min_len`, removed from every element of `file`. Options of
/// descriptor.proto itself stay, those that set a custom feature
/// (`features.(pb.cpp).string_type`) included. An element left with no option has none.
pub(super) fn drop_custom_options(file: &mut FileDescriptorProto) {
    keep_builtin(&mut file.options, |o| &mut o.uninterpreted_option);
    file.message_type.iter_mut().for_each(in_message);
    file.enum_type.iter_mut().for_each(in_enum);
    file.extension.iter_mut().for_each(in_field);
    for service in &mut file.service {
        keep_builtin(&mut service.options, |o| &mut o.uninterpreted_option);
        for method in &mut service.method {
            keep_builtin(&mut method.options, |o| &mut o.uninterpreted_option);
        }
    }
}

fn in_message(message: &mut DescriptorProto) {
    keep_builtin(&mut message.options, |o| &mut o.uninterpreted_option);
    message.field.iter_mut().for_each(in_field);
    message.extension.iter_mut().for_each(in_field);
    message.nested_type.iter_mut().for_each(in_message);
    message.enum_type.iter_mut().for_each(in_enum);
    for oneof in &mut message.oneof_decl {
        keep_builtin(&mut oneof.options, |o| &mut o.uninterpreted_option);
    }
    for range in &mut message.extension_range {
        keep_builtin(&mut range.options, |o| &mut o.uninterpreted_option);
    }
}

fn in_field(field: &mut FieldDescriptorProto) {
    keep_builtin(&mut field.options, |o| &mut o.uninterpreted_option);
}

fn in_enum(enumeration: &mut EnumDescriptorProto) {
    keep_builtin(&mut enumeration.options, |o| &mut o.uninterpreted_option);
    for value in &mut enumeration.value {
        keep_builtin(&mut value.options, |o| &mut o.uninterpreted_option);
    }
}

/// Removes the options whose name starts with an extension from an element's `options`, whose
/// `uninterpreted` list holds them all (nothing is interpreted yet). An element left with no
/// option has none.
fn keep_builtin<T: PartialEq + Default>(
    options: &mut Option<T>,
    uninterpreted: impl Fn(&mut T) -> &mut Vec<UninterpretedOption>,
) {
    let Some(set) = options else {
        return;
    };
    let list = uninterpreted(set);
    list.retain(|option| option.name.first().is_none_or(|part| !part.is_extension));
    if list.is_empty() && *set == T::default() {
        *options = None;
    }
}
