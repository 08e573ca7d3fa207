//! [`ObjectOr`] and [`ArrayOr`]: the value of a schema that types objects (or arrays) without
//! saying `type`, so that every other kind of JSON value is valid too (`{"properties": …}`
//! accepts `12`, `"x"` and `[]`, as JSON Schema has it).
//!
//! Takes: any JSON value. Gives: the typed value when the JSON is an object (an array), read
//! with all its rules, or the other value kept exactly as it was read; written back as it was.

use crate::Document;
use crate::json::{FromJson, JsonPath, ReadError};
use crate::read::Reader;
use crate::value::{ToValue, ValueBuilder};

macro_rules! loose {
    ($(#[$doc:meta])* $name:ident, $variant:ident, $is:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name<T> {
            #[doc = concat!("The JSON value is ", $what, ", read as `T`.")]
            $variant(T),
            #[doc = concat!("Any other JSON value (not ", $what, "), kept as it was read.")]
            Other(Document),
        }

        impl<T> $name<T> {
            #[doc = concat!("The typed value, when the JSON value is ", $what, ".")]
            pub fn as_typed(&self) -> Option<&T> {
                match self {
                    Self::$variant(value) => Some(value),
                    Self::Other(_) => None,
                }
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> Self {
                Self::$variant(value)
            }
        }

        impl<T: ToValue> ToValue for $name<T> {
            fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
                match self {
                    Self::$variant(value) => value.write_value(out),
                    Self::Other(json) => out.document(json),
                }
            }
        }

        impl<T: FromJson> FromJson for $name<T> {
            /// `null` is one of the other values.
            const NULLABLE: bool = true;

            fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
                if r.$is()? {
                    T::read(r, at).map(Self::$variant)
                } else {
                    r.document().map(|json| Self::Other(json.into_owned()))
                }
            }
        }

        impl<T: serde::Serialize> serde::Serialize for $name<T> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::$variant(value) => value.serialize(serializer),
                    Self::Other(json) => json.serialize(serializer),
                }
            }
        }

        impl<'de, T: FromJson> serde::Deserialize<'de> for $name<T> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::deserialize_via_json(deserializer)
            }
        }
    };
}

loose!(
    /// An object read as `T`, or any other JSON value: the type of a schema with object keywords
    /// (`properties`, `required`, `additionalProperties`) and no `type`.
    ObjectOr,
    Object,
    is_object,
    "an object"
);

loose!(
    /// An array read as `T`, or any other JSON value: the type of a schema with `items` (or
    /// `prefixItems`) and no `type`.
    ArrayOr,
    Array,
    is_array,
    "an array"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_json_str;

    #[test]
    fn other_kinds_are_kept_and_objects_are_typed() {
        let other: ObjectOr<Vec<i32>> = from_json_str("12").unwrap();
        assert_eq!(other, ObjectOr::Other(serde_json::json!(12)));
        assert_eq!(other.to_value().to_json(), "12");
        let list: ArrayOr<Vec<i32>> = from_json_str("[1, 2]").unwrap();
        assert_eq!(list.as_typed(), Some(&vec![1, 2]));
        assert!(from_json_str::<ArrayOr<Vec<i32>>>("[\"x\"]").is_err());
        let null: ArrayOr<Vec<i32>> = from_json_str("null").unwrap();
        assert_eq!(serde_json::to_string(&null).unwrap(), "null");
    }
}
