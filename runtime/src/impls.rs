//! Macros for the impls that are the same for every generated type of a kind, so that a
//! generated crate states each in one line instead of writing it out (a smaller crate that
//! compiles faster).
//!
//! Takes: a generated type's name (and, for a newtype, the type it wraps). Gives: the impls a
//! generated type of that kind always has. What varies from type to type (a struct's members, an
//! enum's values, a newtype's checks) stays in the generated code.
//!
//! - [`impl_enum!`]: a generated enum's `FromStr`, `AsRef<str>`, `Display` and wire impls, from
//!   its `as_str` and `From<&str>`;
//! - [`impl_newtype_wire!`]: a newtype's wire impls (the value inside, checked when read);
//! - [`impl_from!`], [`impl_try_from!`], [`impl_str!`], [`impl_display!`]: a newtype's
//!   conversions;
//! - [`impl_redacted_debug!`]: `Debug` for a secret;
//! - [`impl_deserialize!`]: serde's `Deserialize` through [`FromJson`](crate::FromJson) (a
//!   struct writes its other wire impls out).

/// serde's `Deserialize` for a type that implements [`FromJson`](crate::FromJson): read as a
/// JSON document, then as the type ([`deserialize_via_json`](crate::deserialize_via_json)).
#[macro_export]
macro_rules! impl_deserialize {
    ($name:ident) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_via_json(deserializer)
            }
        }
    };
}

/// The impls of a generated enum that has `as_str(&self) -> &str` and `From<&str>`: `FromStr`
/// (never fails: a value the schema did not list is kept), `AsRef<str>`, `Display`, and the wire
/// impls (the value as a string). With `strict`, reading JSON rejects a value the schema does not
/// list; with `schema CHECK`, the JSON is first checked against the type's schema.
#[macro_export]
macro_rules! impl_enum {
    ($name:ident) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_enum!(@read $name, |json, at| $crate::string(json, at).map(Self::from));
    };
    ($name:ident, schema $schema:expr) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_enum!(@read $name, |json, at| {
            $schema.read(json, at)?;
            $crate::string(json, at).map(Self::from)
        });
    };
    ($name:ident, strict) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_enum!(@read $name, |json, at| $crate::impl_enum!(@strict json, at));
    };
    ($name:ident, strict, schema $schema:expr) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_enum!(@read $name, |json, at| {
            $schema.read(json, at)?;
            $crate::impl_enum!(@strict json, at)
        });
    };
    (@strict $json:ident, $at:ident) => {{
        let text = $crate::string($json, $at)?;
        match Self::from(text) {
            Self::Unknown(_) => ::core::result::Result::Err($at.error(::std::format!(
                "{} is not one of the values the schema lists",
                $crate::Document::String(::std::string::String::from(text))
            ))),
            value => ::core::result::Result::Ok(value),
        }
    }};
    (@read $name:ident, |$json:ident, $at:ident| $body:expr) => {
        impl $crate::FromJson for $name {
            fn from_json(
                $json: &$crate::Document,
                $at: &$crate::JsonPath<'_>,
            ) -> ::core::result::Result<Self, $crate::ReadError> {
                $body
            }
        }
    };
    (@common $name:ident) => {
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::ToValue for $name {
            fn write_value<'a>(&'a self, out: &mut $crate::ValueBuilder<'a>) {
                out.enum_value(self.as_str());
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        $crate::impl_deserialize!($name);
    };
}

/// The wire impls of a newtype `$name(inner)`: the value inside. With `checked $inner`, a value
/// read from JSON goes through `$name::new`, and a broken rule is a read error at its path; with
/// `schema CHECK` (a `schema::SchemaCheck`), the JSON is first checked against the type's schema.
#[macro_export]
macro_rules! impl_newtype_wire {
    ($name:ident) => {
        $crate::impl_newtype_wire!(@write $name);
        $crate::impl_newtype_wire!(@read $name, false, |json, at| {
            $crate::FromJson::from_json(json, at).map(Self)
        });
    };
    ($name:ident, checked $inner:ty) => {
        $crate::impl_newtype_wire!(@write $name);
        $crate::impl_newtype_wire!(@read $name, <$inner as $crate::FromJson>::NULLABLE, |json, at| {
            let value: $inner = $crate::FromJson::from_json(json, at)?;
            Self::new(value).map_err(|e| at.error(e.to_string()))
        });
    };
    ($name:ident, schema $schema:expr) => {
        $crate::impl_newtype_wire!(@write $name);
        $crate::impl_newtype_wire!(@read $name, false, |json, at| {
            $schema.read(json, at)?;
            $crate::FromJson::from_json(json, at).map(Self)
        });
    };
    ($name:ident, checked $inner:ty, schema $schema:expr) => {
        $crate::impl_newtype_wire!(@write $name);
        $crate::impl_newtype_wire!(@read $name, <$inner as $crate::FromJson>::NULLABLE, |json, at| {
            $schema.read(json, at)?;
            let value: $inner = $crate::FromJson::from_json(json, at)?;
            Self::new(value).map_err(|e| at.error(e.to_string()))
        });
    };
    (@read $name:ident, $nullable:expr, |$json:ident, $at:ident| $body:expr) => {
        impl $crate::FromJson for $name {
            const NULLABLE: bool = $nullable;

            fn from_json(
                $json: &$crate::Document,
                $at: &$crate::JsonPath<'_>,
            ) -> ::core::result::Result<Self, $crate::ReadError> {
                $body
            }
        }
    };
    (@write $name:ident) => {
        impl $crate::ToValue for $name {
            fn write_value<'a>(&'a self, out: &mut $crate::ValueBuilder<'a>) {
                $crate::ToValue::write_value(&self.0, out);
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        $crate::impl_deserialize!($name);
    };
}

/// `From<$inner>` for a newtype without rules: wraps the value.
#[macro_export]
macro_rules! impl_from {
    ($name:ident, $inner:ty) => {
        impl ::core::convert::From<$inner> for $name {
            fn from(value: $inner) -> Self {
                Self(value)
            }
        }
    };
}

/// `TryFrom<$inner>` for a newtype with rules: `$name::new`.
#[macro_export]
macro_rules! impl_try_from {
    ($name:ident, $inner:ty) => {
        impl ::core::convert::TryFrom<$inner> for $name {
            type Error = $crate::ValidationError;

            fn try_from(value: $inner) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }
    };
}

/// The `&str` conversions of a newtype around a `String`: `From<&str>` and `AsRef<str>`; with
/// `checked`, `TryFrom<&str>` and `FromStr` (through `$name::new`) and `AsRef<str>`.
#[macro_export]
macro_rules! impl_str {
    ($name:ident) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(::std::borrow::ToOwned::to_owned(value))
            }
        }

        $crate::impl_str!(@as_ref $name);
    };
    ($name:ident, checked) => {
        $crate::impl_try_from!($name, &str);

        impl ::core::str::FromStr for $name {
            type Err = $crate::ValidationError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        $crate::impl_str!(@as_ref $name);
    };
    (@as_ref $name:ident) => {
        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// `Display` for a newtype: the value inside; with `str`, written as it is (`write_str`, no
/// padding).
#[macro_export]
macro_rules! impl_display {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }
    };
    ($name:ident, str) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// `Debug` for a secret: `$name(<redacted>)`, whatever is inside.
#[macro_export]
macro_rules! impl_redacted_debug {
    ($name:ident) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(::core::stringify!($name))
                    .field(&$crate::Redacted)
                    .finish()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{FromJson, ToValue, ValidationError, from_json_str};

    #[derive(Clone, PartialEq)]
    struct Code(String);

    impl Code {
        fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
            const CHECK: crate::Check = crate::Check::new("Code", true);
            let value = value.into();
            CHECK.length(&value, Some(1), Some(4))?;
            Ok(Self(value))
        }
    }

    crate::impl_try_from!(Code, String);
    crate::impl_str!(Code, checked);
    crate::impl_redacted_debug!(Code);
    crate::impl_newtype_wire!(Code, checked String);

    #[derive(Debug, Clone, PartialEq)]
    struct Count(i32);

    crate::impl_from!(Count, i32);
    crate::impl_display!(Count);
    crate::impl_newtype_wire!(Count);

    #[test]
    fn newtype_impls_check_convert_and_redact() {
        assert!("abc".parse::<Code>().is_ok());
        assert!(Code::try_from("abcdef").is_err());
        assert_eq!(
            format!("{:?}", Code::try_from("ab").unwrap()),
            "Code(<redacted>)"
        );
        assert_eq!(Code::try_from("ab").unwrap().as_ref(), "ab");
        assert!(from_json_str::<Code>("\"toolong\"").is_err());
        assert_eq!(from_json_str::<Count>("7").unwrap(), Count::from(7));
        assert_eq!(Count(7).to_value().to_json(), "7");
        assert_eq!(Count(-2).to_string(), "-2");
        let _ = <Count as FromJson>::from_json;
    }
}
