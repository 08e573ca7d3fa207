//! [`Nullable`]: a value that the schema also allows to be `null` (`"type": ["string", "null"]`,
//! a `{"type": "null"}` alternative, `null` in an `enum`, OpenAPI's `nullable: true`).
//!
//! Takes: JSON that is `null` or a `T`. Gives: `Nullable::Null` or `Nullable::Value(T)`, written
//! back as it was read. A struct member that is nullable and optional is
//! `Option<Nullable<T>>`: absent (`None`) and `null` (`Some(Nullable::Null)`) stay apart, and a
//! required nullable member must be there, `null` or not.

use crate::Document;
use crate::json::{FromJson, JsonPath, ReadError};
use crate::read::Reader;
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

    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        if r.null()? {
            return Ok(Nullable::Null);
        }
        T::read(r, at).map(Nullable::Value)
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
    use crate::{Fields, Slot, from_json_str, read_members};

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

    /// Member `a` of `text` as a struct reader reads it (required or optional, `null` as absent
    /// or not), from the text and from its document, which must agree.
    fn member<T: FromJson + PartialEq + std::fmt::Debug>(
        text: &str,
        required: bool,
        or_null: bool,
    ) -> Result<Option<T>, String> {
        let read = |r: &mut Reader<'_>| -> Result<Option<T>, ReadError> {
            let mut slot = Slot::new();
            let fields = Fields {
                names: &["a"],
                required: &[],
                unknown: false,
            };
            read_members(r, &JsonPath::Root, &fields, |key, m| match key {
                "a" if or_null => m.read_or_null(&mut slot),
                "a" => m.read(&mut slot),
                _ => m.skip(),
            })?;
            if required {
                slot.required("a", &JsonPath::Root).map(Some)
            } else {
                Ok(slot.optional())
            }
        };
        let from_text = read(&mut Reader::new(text)).map_err(|e| e.to_string());
        let json: Document = serde_json::from_str(text).unwrap();
        let from_tree = read(&mut Reader::tree(&json)).map_err(|e| e.to_string());
        assert_eq!(from_text, from_tree, "{text}");
        from_text
    }

    #[test]
    fn members_keep_absent_and_null_apart() {
        let null = r#"{"a": null}"#;
        // Nullable: `null` is a value; absent is absent.
        assert_eq!(
            member(null, false, false),
            Ok(Some(Nullable::<String>::Null))
        );
        assert_eq!(member::<Nullable<String>>("{}", false, false), Ok(None));
        assert_eq!(
            member(null, true, false),
            Ok(Some(Nullable::<String>::Null))
        );
        assert!(member::<Nullable<String>>("{}", true, false).is_err());
        // Not nullable: `null` is not a string, optional or required, as the schema says;
        // with `null-members = "absent"` an optional member that is `null` is absent.
        assert_eq!(
            member::<String>(null, false, false).unwrap_err(),
            "$.a: expected string, found null"
        );
        assert!(member::<String>(null, true, false).is_err());
        assert_eq!(member::<String>(null, false, true), Ok(None));
        assert_eq!(
            member::<String>("{}", true, true).unwrap_err(),
            "$: missing required member `a`"
        );
        assert_eq!(
            member(null, false, true),
            Ok(Some(Nullable::<String>::Null))
        );
        // A member that comes twice in text is an error, even after a `null` read as absent
        // (a parsed document keeps the last).
        let mut slot: Slot<String> = Slot::new();
        let fields = Fields {
            names: &["a"],
            required: &[],
            unknown: false,
        };
        let mut r = Reader::new(r#"{"a": null, "a": "x"}"#);
        let twice = read_members(&mut r, &JsonPath::Root, &fields, |_, m| {
            m.read_or_null(&mut slot)
        });
        assert_eq!(
            twice.unwrap_err().to_string(),
            "$.a: duplicate member: a member may appear once"
        );
    }
}
