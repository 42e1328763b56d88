//! protovalidate's options (`buf.validate.field`, `buf.validate.message`,
//! `buf.validate.predefined`) as values, with the source locations written inside them.

use prost_reflect::{DescriptorPool, DynamicMessage, ReflectMessage};

use super::Location;

/// One protovalidate option set on an element: its value decoded against the module's own
/// `buf/validate/validate.proto`, and where each part of it is written.
#[derive(Debug, Clone)]
pub struct ProtovalidateOption {
    /// A `buf.validate.FieldRules`, `MessageRules` or `PredefinedRules`.
    pub rules: DynamicMessage,
    /// Where the option is set (the first place, when set in parts).
    pub location: Location,
    /// Locations below the option, keyed by their path relative to it (`[14, 2]` for
    /// `string.min_len`), in source order.
    pub(crate) inner_locations: Vec<(Vec<i32>, Location)>,
}

impl ProtovalidateOption {
    /// The descriptor pool of the module, which knows every type the rules may refer to.
    pub fn pool(&self) -> DescriptorPool {
        self.rules.descriptor().parent_pool().clone()
    }

    /// The location of the part of the option at `path` (field numbers below the option).
    ///
    /// An option written as one message literal has no locations for its parts: the nearest
    /// written ancestor is used, and when the path leads to a part written in several places,
    /// the first of them. This is where buf reports.
    pub fn locate(&self, path: &[i32]) -> &Location {
        if let Some((_, location)) = self.inner_locations.iter().find(|(p, _)| p == path) {
            return location;
        }
        if let Some((_, location)) = self
            .inner_locations
            .iter()
            .find(|(p, _)| p.starts_with(path))
        {
            return location;
        }
        self.inner_locations
            .iter()
            .filter(|(p, _)| path.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map_or(&self.location, |(_, location)| location)
    }
}

/// The value of the custom option `extension` (a full name) in decoded options, if set.
pub(crate) fn option_value(options: &DynamicMessage, extension: &str) -> Option<DynamicMessage> {
    options
        .extensions()
        .find(|(descriptor, _)| descriptor.full_name() == extension)
        .and_then(|(_, value)| value.as_message().cloned())
}
