//! [`Nullable`]: a value that the schema also allows to be `null` (`"type": ["string", "null"]`,
//! a `{"type": "null"}` alternative, `null` in an `enum`, OpenAPI's `nullable: true`).
//!
//! Takes: JSON that is `null` or a `T`. Gives: `Nullable::Null` or `Nullable::Value(T)`, written
//! back as it was read. A struct member that is nullable and optional is
//! `Option<Nullable<T>>`: absent (`None`) and `null` (`Some(Nullable::Null)`) stay apart, and a
//! required nullable member must be there, `null` or not.

use crate::Document;
use crate::json::{FromJson, JsonPath, ReadError};
use crate::value::{ToValue, ValueBuilder};

/// `null`, or a value of `T`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// JSON `null`.
    #[default]
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, `None` for `null`.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value, `None` for `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

/// The one `null` that every `Nullable::Null` writes into a value tree.
static NULL: Document = Document::Null;

impl<T: ToValue> ToValue for Nullable<T> {
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        match self {
            Nullable::Null => out.document(&NULL),
            Nullable::Value(v) => v.write_value(out),
        }
    }
}

impl<T: FromJson> FromJson for Nullable<T> {
    const NULLABLE: bool = true;

    fn from_json(json: &Document, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        match json {
            Document::Null => Ok(Nullable::Null),
            other => T::from_json(other, at).map(Nullable::Value),
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: FromJson> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::deserialize_via_json(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{from_json_str, optional, required};
    use serde_json::json;

    #[test]
    fn null_and_values_are_read_and_written_back() {
        let n: Nullable<String> = from_json_str("null").unwrap();
        assert!(n.is_null());
        assert_eq!(n.to_value().to_json(), "null");
        let v: Nullable<String> = from_json_str("\"x\"").unwrap();
        assert_eq!(v.as_ref().map(String::as_str), Some("x"));
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"x\"");
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Null).unwrap(),
            "null"
        );
        assert!(from_json_str::<Nullable<i32>>("\"x\"").is_err());
    }

    #[test]
    fn members_keep_absent_and_null_apart() {
        let json = json!({"a": null});
        let members = json.as_object().unwrap();
        let at = JsonPath::Root;
        // Nullable: `null` is a value; absent is absent.
        let a: Option<Nullable<String>> = optional(members, "a", &at).unwrap();
        assert_eq!(a, Some(Nullable::Null));
        let b: Option<Nullable<String>> = optional(members, "b", &at).unwrap();
        assert_eq!(b, None);
        let a: Nullable<String> = required(members, "a", &at).unwrap();
        assert!(a.is_null());
        assert!(required::<Nullable<String>>(members, "b", &at).is_err());
        // Not nullable: `null` is not a string, optional or required, as the schema says;
        // with `null-members = "absent"` an optional member that is `null` is absent.
        assert!(optional::<String>(members, "a", &at).is_err());
        assert!(required::<String>(members, "a", &at).is_err());
        let a: Option<String> = crate::optional_or_null(members, "a", &at).unwrap();
        assert_eq!(a, None);
        let a: Option<Nullable<String>> = crate::optional_or_null(members, "a", &at).unwrap();
        assert_eq!(a, Some(Nullable::Null));
    }
}
