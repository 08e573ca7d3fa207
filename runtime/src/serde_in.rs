//! The serde `Deserialize` of generated types: the same reader as [`from_json_str`], whatever
//! serde format the value comes from.
//!
//! Takes: a serde `Deserializer`. Gives: the typed value, or the [`FromJson`] error as the
//! format's own (`Error::custom`), so that serde and [`from_json_str`] accept the same values and
//! read them alike.
//!
//! From `serde_json` the value's text is taken as it is (its `RawValue`: `serde_json` checks the
//! syntax and hands over the span, borrowed where it can) and read in one pass; no document is
//! built. Any other self-describing format (YAML, CBOR, a `serde_json::Value`…) gives its value
//! as a [`Document`], which is read the same way.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::{Document, FromJson, JsonPath, from_json_str};

/// The newtype name under which `serde_json` hands over a value's text (what its `RawValue`
/// asks for). A format that does not know it sees a newtype struct and gives the value inside.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Reads a `T` from any serde format (see the module docs).
pub fn deserialize_via_json<'de, T: FromJson, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let read = match deserializer.deserialize_newtype_struct(RAW_VALUE, ToInput)? {
        Input::Text(text) => from_json_str(&text),
        Input::Tree(json) => T::from_json(&json, &JsonPath::Root),
    };
    read.map_err(de::Error::custom)
}

/// What a format hands over: the value's text, or the value.
enum Input<'de> {
    Text(Cow<'de, str>),
    Tree(Document),
}

/// The visitor of [`deserialize_via_json`]: the same for every type, so that serde's code is
/// compiled once per format, not once per generated type.
struct ToInput;

impl<'de> Visitor<'de> for ToInput {
    type Value = Input<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        Document::deserialize(inner).map(Input::Tree)
    }

    /// `serde_json`'s text (one entry: the token, then the text), or an object from a format
    /// that reads a newtype struct as what it holds.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(first) = map.next_key::<Cow<'de, str>>()? else {
            return Ok(Input::Tree(Document::Object(Default::default())));
        };
        if first == RAW_VALUE {
            return Ok(Input::Text(map.next_value::<Text<'de>>()?.0));
        }
        let mut members = serde_json::Map::new();
        members.insert(first.into_owned(), map.next_value::<Document>()?);
        while let Some((key, value)) = map.next_entry::<String, Document>()? {
            members.insert(key, value);
        }
        Ok(Input::Tree(Document::Object(members)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Document>()? {
            items.push(item);
        }
        Ok(Input::Tree(Document::Array(items)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::String(v.to_owned())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Input::Tree(Document::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        Document::deserialize(inner).map(Input::Tree)
    }
}

/// The text of a value, borrowed from the input where the format allows.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON text")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IndexMap;

    /// A type whose `Deserialize` is this module's.
    #[derive(Debug, PartialEq)]
    struct Counts(IndexMap<String, i32>);

    impl FromJson for Counts {
        fn read(r: &mut crate::Reader<'_>, at: &JsonPath<'_>) -> Result<Self, crate::ReadError> {
            IndexMap::read(r, at).map(Counts)
        }
    }

    impl<'de> Deserialize<'de> for Counts {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_via_json(d)
        }
    }

    #[test]
    fn every_way_in_reads_alike() {
        let text = r#"{"a": 1, "b": 2}"#;
        let expected = from_json_str::<Counts>(text).expect("reads");
        // serde_json from text (borrowed), from a reader (owned text), from a `Value`.
        assert_eq!(serde_json::from_str::<Counts>(text).expect("str"), expected);
        let from_reader: Counts = serde_json::from_reader(text.as_bytes()).expect("reader");
        assert_eq!(from_reader, expected);
        let value: Document = serde_json::from_str(text).expect("parses");
        assert_eq!(
            serde_json::from_value::<Counts>(value).expect("value"),
            expected
        );
        // Inside another value: only the span of the member is read.
        let outer: IndexMap<String, Counts> =
            serde_json::from_str(r#"{"x": {"a": 1, "b": 2}}"#).expect("nested");
        assert_eq!(outer["x"], expected);
        // A format that is not serde_json: serde's own value deserializers.
        let map = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
            [("a", 1_i32), ("b", 2)].into_iter(),
        );
        assert_eq!(Counts::deserialize(map).expect("map"), expected);
    }

    #[test]
    fn timestamps_and_blobs_read_through_serde_as_they_read_as_json() {
        let at: crate::Timestamp = serde_json::from_str("1700000000.5").expect("epoch seconds");
        assert_eq!(
            at,
            from_json_str::<crate::Timestamp>("1700000000.5").expect("reads")
        );
        let blob: crate::Blob = serde_json::from_str(r#""aGk=""#).expect("base64");
        assert_eq!(blob, crate::Blob::new(b"hi".to_vec()));
        assert!(serde_json::from_str::<crate::Blob>(r#""not base64!""#).is_err());
    }

    #[test]
    fn a_value_the_type_rejects_is_the_formats_error_with_the_path() {
        let e = serde_json::from_str::<Counts>(r#"{"a": "one"}"#).expect_err("a string");
        assert!(e.to_string().contains("$.a"), "{e}");
        // Syntax is serde_json's to check, with its own message.
        let e = serde_json::from_str::<Counts>(r#"{"a": 1,}"#).expect_err("syntax");
        assert!(e.is_syntax(), "{e}");
    }
}
