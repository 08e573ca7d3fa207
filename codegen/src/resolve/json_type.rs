//! The seven JSON Schema `type` names as an enum, so that the resolver compares types, not
//! strings.

use std::fmt;

/// A JSON Schema `type`. The order is the one in which a value is tried against a list of
/// types: `integer` before `number`, since an integral number is read as an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum JsonType {
    Integer,
    Number,
    String,
    Boolean,
    Object,
    Array,
    Null,
}

impl JsonType {
    /// The type a `type` keyword names; `None` for a name JSON Schema does not have.
    pub(super) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "integer" => Self::Integer,
            "number" => Self::Number,
            "string" => Self::String,
            "boolean" => Self::Boolean,
            "object" => Self::Object,
            "array" => Self::Array,
            "null" => Self::Null,
            _ => return None,
        })
    }

    /// The name as a schema writes it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::Object => "object",
            Self::Array => "array",
            Self::Null => "null",
        }
    }

    /// The names of `types` joined by `sep` (for messages).
    pub(super) fn join(types: &[Self], sep: &str) -> String {
        types.iter().map(|t| t.name()).collect::<Vec<_>>().join(sep)
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::JsonType;

    #[test]
    fn names_read_back_and_others_are_unknown() {
        for t in [
            JsonType::Integer,
            JsonType::Number,
            JsonType::String,
            JsonType::Boolean,
            JsonType::Object,
            JsonType::Array,
            JsonType::Null,
        ] {
            assert_eq!(JsonType::parse(t.name()), Some(t));
        }
        assert_eq!(JsonType::parse("Object"), None);
        assert_eq!(JsonType::parse("any"), None);
        assert!(JsonType::Integer < JsonType::Number);
    }
}
