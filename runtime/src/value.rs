//! The value tree and its awsJson 1.1 rendering.

use std::borrow::Cow;

use crate::{Blob, Document, IndexMap, Timestamp};

/// A protocol-agnostic value: what a wire protocol (awsJson, a query string, XML) renders.
///
/// Strings and bytes borrow from the value they came from where they can, so building a tree
/// copies no text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A structure: members by wire name, in schema order; absent optional members left out.
    Structure(Vec<(Cow<'a, str>, Value<'a>)>),
    /// A list.
    List(Vec<Value<'a>>),
    /// A map from string keys, in insertion order.
    Map(Vec<(Cow<'a, str>, Value<'a>)>),
    /// A string.
    String(Cow<'a, str>),
    /// An enum value, as its wire string.
    Enum(Cow<'a, str>),
    /// A 32-bit integer.
    Integer(i32),
    /// A 64-bit integer.
    Long(i64),
    /// A double.
    Double(f64),
    /// A boolean.
    Boolean(bool),
    /// A point in time.
    Timestamp(Timestamp),
    /// Binary data.
    Blob(Cow<'a, [u8]>),
    /// A JSON value the schema says nothing about.
    Document(Cow<'a, Document>),
}

/// Turns a value into its [`Value`] tree. Implemented by every generated type.
pub trait ToValue {
    /// The value tree, borrowing from `self`.
    fn to_value(&self) -> Value<'_>;
}

/// Builds a [`Value::Structure`] member by member (what generated `to_value`s use).
#[derive(Debug)]
pub struct StructureBuilder<'a>(Vec<(Cow<'a, str>, Value<'a>)>);

impl<'a> StructureBuilder<'a> {
    /// A structure with room for `capacity` members.
    pub fn new(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Adds a member.
    #[must_use]
    pub fn member<T: ToValue + ?Sized>(mut self, name: &'static str, value: &'a T) -> Self {
        self.0.push((Cow::Borrowed(name), value.to_value()));
        self
    }

    /// Adds a member when it is present.
    #[must_use]
    pub fn optional<T: ToValue>(mut self, name: &'static str, value: Option<&'a T>) -> Self {
        if let Some(value) = value {
            self.0.push((Cow::Borrowed(name), value.to_value()));
        }
        self
    }

    /// The structure.
    pub fn build(self) -> Value<'a> {
        Value::Structure(self.0)
    }
}

impl Value<'_> {
    /// Renders the tree as awsJson 1.1: structures and maps as objects, timestamps as epoch
    /// seconds, blobs as base64, enums as their wire strings, non-finite doubles as the strings
    /// `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }

    /// Appends the awsJson 1.1 rendering to `out`.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Structure(members) | Value::Map(members) => {
                out.push('{');
                for (i, (name, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(name, out);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::String(s) | Value::Enum(s) => write_json_string(s, out),
            Value::Integer(n) => out.push_str(itoa::Buffer::new().format(*n)),
            Value::Long(n) => out.push_str(itoa::Buffer::new().format(*n)),
            Value::Double(d) => write_double(*d, out),
            Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Timestamp(t) => t.write_epoch_seconds(out),
            Value::Blob(bytes) => {
                use base64::Engine as _;
                out.push('"');
                base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
                out.push('"');
            }
            Value::Document(doc) => write_document(doc, out),
        }
    }

    /// The same tree, owning its text.
    pub fn into_owned(self) -> Value<'static> {
        let own = |members: Vec<(Cow<'_, str>, Value<'_>)>| {
            members
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                .collect()
        };
        match self {
            Value::Structure(m) => Value::Structure(own(m)),
            Value::Map(m) => Value::Map(own(m)),
            Value::List(items) => Value::List(items.into_iter().map(Value::into_owned).collect()),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Enum(s) => Value::Enum(Cow::Owned(s.into_owned())),
            Value::Integer(n) => Value::Integer(n),
            Value::Long(n) => Value::Long(n),
            Value::Double(d) => Value::Double(d),
            Value::Boolean(b) => Value::Boolean(b),
            Value::Timestamp(t) => Value::Timestamp(t),
            Value::Blob(b) => Value::Blob(Cow::Owned(b.into_owned())),
            Value::Document(d) => Value::Document(Cow::Owned(d.into_owned())),
        }
    }
}

fn write_double(d: f64, out: &mut String) {
    if d.is_nan() {
        out.push_str("\"NaN\"");
    } else if d.is_infinite() {
        out.push_str(if d > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
    } else {
        out.push_str(ryu::Buffer::new().format_finite(d));
    }
}

/// Appends `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`,
/// … or `\u00XX`; everything else, non-ASCII included, as it is.
pub(crate) fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Every byte escaped is ASCII, so `start..i` falls on character boundaries.
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn write_document(doc: &Document, out: &mut String) {
    match doc {
        Document::Null => out.push_str("null"),
        Document::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Document::Number(n) => out.push_str(&n.to_string()),
        Document::String(s) => write_json_string(s, out),
        Document::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_document(item, out);
            }
            out.push(']');
        }
        Document::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_document(v, out);
            }
            out.push('}');
        }
    }
}

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeSeq as _};
        match self {
            Value::Structure(members) | Value::Map(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::String(s) | Value::Enum(s) => serializer.serialize_str(s),
            Value::Integer(n) => serializer.serialize_i32(*n),
            Value::Long(n) => serializer.serialize_i64(*n),
            Value::Double(d) if d.is_nan() => serializer.serialize_str("NaN"),
            Value::Double(d) if d.is_infinite() => {
                serializer.serialize_str(if *d > 0.0 { "Infinity" } else { "-Infinity" })
            }
            Value::Double(d) => serializer.serialize_f64(*d),
            Value::Boolean(b) => serializer.serialize_bool(*b),
            Value::Timestamp(t) => t.serialize(serializer),
            Value::Blob(b) => Blob::new(b.to_vec()).serialize(serializer),
            Value::Document(d) => d.serialize(serializer),
        }
    }
}

// The value trees of the types generated code uses.

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Borrowed(self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Borrowed(self))
    }
}

impl ToValue for i32 {
    fn to_value(&self) -> Value<'_> {
        Value::Integer(*self)
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value<'_> {
        Value::Long(*self)
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Double(*self)
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Boolean(*self)
    }
}

impl ToValue for Timestamp {
    fn to_value(&self) -> Value<'_> {
        Value::Timestamp(*self)
    }
}

impl ToValue for Blob {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self.as_bytes()))
    }
}

impl ToValue for Document {
    fn to_value(&self) -> Value<'_> {
        Value::Document(Cow::Borrowed(self))
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::List(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> ToValue for IndexMap<String, T> {
    fn to_value(&self) -> Value<'_> {
        Value::Map(
            self.iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), v.to_value()))
                .collect(),
        )
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_awsjson() {
        let mut map = IndexMap::new();
        map.insert(String::from("z"), String::from("last"));
        map.insert(String::from("a"), String::from("first"));
        let blob = Blob::new(b"hi".to_vec());
        let doc: Document = serde_json::json!({"k": [1, null, "x"]});
        let at = Timestamp::new(1_700_000_000, 250_000_000);
        let name = String::from("quote \" slash \\ nl \n tab \t bell \u{7} é");
        let tree = StructureBuilder::new(8)
            .member("Name", &name)
            .member("Count", &3_i32)
            .member("Big", &(1_i64 << 40))
            .member("Ratio", &0.25_f64)
            .member("On", &true)
            .member("At", &at)
            .member("Data", &blob)
            .member("Tags", &map)
            .member("Doc", &doc)
            .optional::<String>("Absent", None)
            .build();
        assert_eq!(
            tree.to_json(),
            r#"{"Name":"quote \" slash \\ nl \n tab \t bell \u0007 é","Count":3,"Big":1099511627776,"Ratio":0.25,"On":true,"At":1700000000.25,"Data":"aGk=","Tags":{"z":"last","a":"first"},"Doc":{"k":[1,null,"x"]}}"#
        );
        // The serde path writes the same document.
        let via_serde: serde_json::Value = serde_json::to_value(&tree).unwrap();
        let via_render: serde_json::Value = serde_json::from_str(&tree.to_json()).unwrap();
        assert_eq!(via_serde, via_render);
    }

    #[test]
    fn non_finite_doubles_are_strings() {
        assert_eq!(Value::Double(f64::NAN).to_json(), "\"NaN\"");
        assert_eq!(Value::Double(f64::NEG_INFINITY).to_json(), "\"-Infinity\"");
        assert_eq!(Value::Double(1.0).to_json(), "1.0");
    }

    #[test]
    fn owned_trees_equal_borrowed_ones() {
        let s = String::from("x");
        let tree = StructureBuilder::new(1).member("S", &s).build();
        assert_eq!(tree.clone().into_owned(), tree);
    }
}
