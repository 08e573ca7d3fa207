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

/// serde's `Deserialize` for a type that implements [`FromJson`](crate::FromJson): the text
/// `serde_json` hands over read in one pass, or the value of another format read as a document
/// ([`deserialize_via_json`](crate::deserialize_via_json)).
#[macro_export]
macro_rules! impl_deserialize {
    ($name:ident $(,)?) => {
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
    ($name:ident $(,)?) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_newtype_wire!(@read $name, false, |r, at| {
            $crate::string(r, at).map(|text| Self::from(&*text))
        });
    };
    ($name:ident, schema $schema:expr $(,)?) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_newtype_wire!(@read $name, false, |r, at| {
            $crate::impl_newtype_wire!(@schema r, at, schema $schema);
            $crate::string(r, at).map(|text| Self::from(&*text))
        });
    };
    ($name:ident, strict $(,)?) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_newtype_wire!(@read $name, false, |r, at| $crate::impl_enum!(@strict r, at));
    };
    ($name:ident, strict, schema $schema:expr $(,)?) => {
        $crate::impl_enum!(@common $name);
        $crate::impl_newtype_wire!(@read $name, false, |r, at| {
            $crate::impl_newtype_wire!(@schema r, at, schema $schema);
            $crate::impl_enum!(@strict r, at)
        });
    };
    (@strict $r:ident, $at:ident) => {{
        let text = $crate::string($r, $at)?;
        match Self::from(&*text) {
            Self::Unknown(_) => ::core::result::Result::Err($at.error(::std::format!(
                "{} is not one of the values the schema lists",
                $crate::Document::String(::std::string::String::from(text))
            ))),
            value => ::core::result::Result::Ok(value),
        }
    }};
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
/// `schema CHECK` (a `schema::SchemaCheck`), the JSON is first checked against the type's schema
/// (`secret_schema CHECK`: its error names the failing keyword, never the value). A leading
/// `secret` marks what the value writes into a value tree as secret (its `Debug` redacts it).
#[macro_export]
macro_rules! impl_newtype_wire {
    (secret $name:ident $($rest:tt)*) => {
        $crate::impl_newtype_wire!(@write $name, secret);
        $crate::impl_newtype_wire!(@reads $name $($rest)*);
    };
    (@reads $name:ident $(,)?) => {
        $crate::impl_newtype_wire!(@read $name, false, |r, at| {
            $crate::FromJson::read(r, at).map(Self)
        });
    };
    (@reads $name:ident, checked $inner:ty $(, $($schema:tt)*)?) => {
        $crate::impl_newtype_wire!(@read $name, <$inner as $crate::FromJson>::NULLABLE, |r, at| {
            $crate::impl_newtype_wire!(@schema r, at $(, $($schema)*)?);
            let value: $inner = $crate::FromJson::read(r, at)?;
            Self::new(value).map_err(|e| at.error(e.to_string()))
        });
    };
    // A collection with a size rule: a size it breaks is the error, before any item's. The
    // items are read first; only when one fails is the container counted (by a pass over the
    // text from where it starts), to see whether its size is the error to report.
    (@reads $name:ident, counted $inner:ty $(, $($schema:tt)*)?) => {
        $crate::impl_newtype_wire!(@read $name, <$inner as $crate::FromJson>::NULLABLE, |r, at| {
            $crate::impl_newtype_wire!(@schema r, at $(, $($schema)*)?);
            let mut ahead = ::core::clone::Clone::clone(&*r);
            match <$inner as $crate::FromJson>::read(r, at) {
                ::core::result::Result::Ok(value) => {
                    Self::new(value).map_err(|e| at.error(e.to_string()))
                }
                ::core::result::Result::Err(failure) => {
                    if let ::core::option::Option::Some(len) = ahead.len()? {
                        Self::validate_count(len).map_err(|e| at.error(e.to_string()))?;
                    }
                    ::core::result::Result::Err(failure)
                }
            }
        });
    };
    (@reads $name:ident, $($schema:tt)+) => {
        $crate::impl_newtype_wire!(@read $name, false, |r, at| {
            $crate::impl_newtype_wire!(@schema r, at, $($schema)+);
            $crate::FromJson::read(r, at).map(Self)
        });
    };
    // The schema check of a value that needs one: the value is read whole, checked, and read
    // from its document after (`secret_schema`: the error names the keyword, never the value).
    (@schema $r:ident, $at:ident $(,)?) => {};
    (@schema $r:ident, $at:ident, schema $schema:expr $(,)?) => {
        let json = $r.document()?;
        $schema.read(&json, $at)?;
        let $r = &mut $crate::Reader::tree(&json);
    };
    (@schema $r:ident, $at:ident, secret_schema $schema:expr $(,)?) => {
        let json = $r.document()?;
        $schema.read_secret(&json, $at)?;
        let $r = &mut $crate::Reader::tree(&json);
    };
    // `FromJson` with the body given (`impl_enum!` uses it too).
    (@read $name:ident, $nullable:expr, |$r:ident, $at:ident| $body:expr) => {
        impl $crate::FromJson for $name {
            const NULLABLE: bool = $nullable;

            fn read(
                $r: &mut $crate::Reader<'_>,
                $at: &$crate::JsonPath<'_>,
            ) -> ::core::result::Result<Self, $crate::ReadError> {
                $body
            }
        }
    };
    (@write $name:ident, secret) => {
        impl $crate::ToValue for $name {
            fn write_value<'a>(&'a self, out: &mut $crate::ValueBuilder<'a>) {
                out.secret(&self.0);
            }
        }

        $crate::impl_newtype_wire!(@serde $name);
    };
    (@write $name:ident) => {
        impl $crate::ToValue for $name {
            fn write_value<'a>(&'a self, out: &mut $crate::ValueBuilder<'a>) {
                $crate::ToValue::write_value(&self.0, out);
            }
        }

        $crate::impl_newtype_wire!(@serde $name);
    };
    (@serde $name:ident) => {

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
    ($name:ident $($rest:tt)*) => {
        $crate::impl_newtype_wire!(@write $name);
        $crate::impl_newtype_wire!(@reads $name $($rest)*);
    };
}

/// `From<$inner>` for a newtype without rules: wraps the value.
#[macro_export]
macro_rules! impl_from {
    ($name:ident, $inner:ty $(,)?) => {
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
    ($name:ident, $inner:ty $(,)?) => {
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
    ($name:ident $(,)?) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(::std::borrow::ToOwned::to_owned(value))
            }
        }

        $crate::impl_str!(@as_ref $name);
    };
    ($name:ident, checked $(,)?) => {
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

/// What a newtype shares with the value inside: `From<$name>` for it (unwrapping),
/// `PartialEq` with it, `Borrow` of it, and, unless the value is a secret (`secret`: no
/// accidental `&str` of it), `Deref` to it. With a borrowed form (`String, str`), the
/// comparisons and `Borrow`/`Deref` take that form (`== "abc"`), and `PartialEq<&str>` too.
#[macro_export]
macro_rules! impl_inner {
    ($name:ident, $inner:ty $(,)?) => {
        $crate::impl_inner!(@common $name, $inner, $inner);
        $crate::impl_inner!(@deref $name, $inner);
    };
    ($name:ident, $inner:ty, secret $(,)?) => {
        $crate::impl_inner!(@common $name, $inner, $inner);
    };
    ($name:ident, $inner:ty, $borrowed:ty $(,)?) => {
        $crate::impl_inner!(@common $name, $inner, $borrowed);
        $crate::impl_inner!(@ref_eq $name, $borrowed);
        $crate::impl_inner!(@deref $name, $borrowed);
    };
    ($name:ident, $inner:ty, $borrowed:ty, secret $(,)?) => {
        $crate::impl_inner!(@common $name, $inner, $borrowed);
        $crate::impl_inner!(@ref_eq $name, $borrowed);
    };
    (@common $name:ident, $inner:ty, $borrowed:ty) => {
        impl ::core::convert::From<$name> for $inner {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::core::cmp::PartialEq<$borrowed> for $name {
            fn eq(&self, other: &$borrowed) -> bool {
                ::core::borrow::Borrow::<$borrowed>::borrow(&self.0) == other
            }
        }

        impl ::core::borrow::Borrow<$borrowed> for $name {
            fn borrow(&self) -> &$borrowed {
                ::core::borrow::Borrow::borrow(&self.0)
            }
        }
    };
    (@ref_eq $name:ident, $borrowed:ty) => {
        impl ::core::cmp::PartialEq<&$borrowed> for $name {
            fn eq(&self, other: &&$borrowed) -> bool {
                ::core::borrow::Borrow::<$borrowed>::borrow(&self.0) == *other
            }
        }
    };
    (@deref $name:ident, $borrowed:ty) => {
        impl ::core::ops::Deref for $name {
            type Target = $borrowed;

            fn deref(&self) -> &$borrowed {
                ::core::borrow::Borrow::borrow(&self.0)
            }
        }
    };
}

/// A list newtype `$name(Vec<$item>)` behaves like the list: `iter`, `len`, `is_empty`, `get`,
/// `IntoIterator` (by value and by reference); without rules `push`, `FromIterator` and
/// `Extend`; with rules (`checked`) `try_push` and `try_from_iter`, which check them. Each takes
/// anything that turns into an item (`Into<$item>`).
#[macro_export]
macro_rules! impl_list {
    ($name:ident, $item:ty $(,)?) => {
        $crate::impl_list!(@common $name, $item);

        impl $name {
            /// Adds an item at the end.
            pub fn push(&mut self, item: impl ::core::convert::Into<$item>) {
                self.0.push(item.into());
            }
        }

        impl<V: ::core::convert::Into<$item>> ::core::iter::FromIterator<V> for $name {
            fn from_iter<I: ::core::iter::IntoIterator<Item = V>>(items: I) -> Self {
                Self(items.into_iter().map(::core::convert::Into::into).collect())
            }
        }

        impl<V: ::core::convert::Into<$item>> ::core::iter::Extend<V> for $name {
            fn extend<I: ::core::iter::IntoIterator<Item = V>>(&mut self, items: I) {
                self.0.extend(items.into_iter().map(::core::convert::Into::into));
            }
        }
    };
    ($name:ident, $item:ty, checked $(,)?) => {
        $crate::impl_list!(@common $name, $item);

        impl $name {
            /// Adds an item at the end if the list still keeps its rules; else leaves it as it
            /// was and says which rule the item would break. The rules are checked on the whole
            /// list, in time linear in its length: build a long list with `try_from_iter`, which
            /// checks once.
            pub fn try_push(
                &mut self,
                item: impl ::core::convert::Into<$item>,
            ) -> ::core::result::Result<(), $crate::ValidationError> {
                self.0.push(item.into());
                let checked = Self::validate(&self.0);
                if checked.is_err() {
                    self.0.pop();
                }
                checked
            }

            /// The list of these items, after checking it against the schema's rules.
            pub fn try_from_iter<
                V: ::core::convert::Into<$item>,
                I: ::core::iter::IntoIterator<Item = V>,
            >(
                items: I,
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                Self::new(items.into_iter().map(::core::convert::Into::into).collect())
            }
        }
    };
    (@common $name:ident, $item:ty) => {
        impl $name {
            /// The items in order.
            pub fn iter(&self) -> ::core::slice::Iter<'_, $item> {
                self.0.iter()
            }

            /// How many items there are.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether there is none.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }

            /// The item at `index`, if there is one.
            pub fn get(&self, index: usize) -> ::core::option::Option<&$item> {
                self.0.get(index)
            }
        }

        impl ::core::iter::IntoIterator for $name {
            type Item = $item;
            type IntoIter = ::std::vec::IntoIter<$item>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl<'a> ::core::iter::IntoIterator for &'a $name {
            type Item = &'a $item;
            type IntoIter = ::core::slice::Iter<'a, $item>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }
    };
}

/// A map newtype `$name(IndexMap<String, $value>)` behaves like the map: `iter`, `len`,
/// `is_empty`, `get`, `contains_key`, `IntoIterator`; without rules `insert`, `FromIterator`
/// (of pairs whose keys turn into `String`s and values into `$value`) and `Extend`; with rules
/// (`checked`) `try_insert` and `try_from_iter`, which check them.
#[macro_export]
macro_rules! impl_map {
    ($name:ident, $value:ty $(,)?) => {
        $crate::impl_map!(@common $name, $value);

        impl $name {
            /// Sets the entry `key`; gives back the value it replaces.
            pub fn insert(
                &mut self,
                key: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<$value>,
            ) -> ::core::option::Option<$value> {
                self.0.insert(key.into(), value.into())
            }
        }

        impl<K: ::core::convert::Into<::std::string::String>, V: ::core::convert::Into<$value>>
            ::core::iter::FromIterator<(K, V)> for $name
        {
            fn from_iter<I: ::core::iter::IntoIterator<Item = (K, V)>>(entries: I) -> Self {
                Self(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
            }
        }

        impl<K: ::core::convert::Into<::std::string::String>, V: ::core::convert::Into<$value>>
            ::core::iter::Extend<(K, V)> for $name
        {
            fn extend<I: ::core::iter::IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
                self.0.extend(entries.into_iter().map(|(k, v)| (k.into(), v.into())));
            }
        }
    };
    ($name:ident, $value:ty, checked $(,)?) => {
        $crate::impl_map!(@common $name, $value);

        impl $name {
            /// Sets the entry `key` if the map still keeps its rules (its keys' included); else
            /// leaves it as it was and says which rule the entry would break. The rules are
            /// checked on the whole map, in time linear in its size: build a large map with
            /// `try_from_iter`, which checks once.
            pub fn try_insert(
                &mut self,
                key: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<$value>,
            ) -> ::core::result::Result<::core::option::Option<$value>, $crate::ValidationError> {
                let key = key.into();
                let old = self.0.insert(key.clone(), value.into());
                if let ::core::result::Result::Err(e) = Self::validate(&self.0) {
                    match old {
                        ::core::option::Option::Some(old) => {
                            self.0.insert(key, old);
                        }
                        ::core::option::Option::None => {
                            self.0.shift_remove(&key);
                        }
                    }
                    return ::core::result::Result::Err(e);
                }
                ::core::result::Result::Ok(old)
            }

            /// The map of these entries, after checking it against the schema's rules.
            pub fn try_from_iter<
                K: ::core::convert::Into<::std::string::String>,
                V: ::core::convert::Into<$value>,
                I: ::core::iter::IntoIterator<Item = (K, V)>,
            >(
                entries: I,
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                Self::new(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
            }
        }
    };
    (@common $name:ident, $value:ty) => {
        impl $name {
            /// The entries in order.
            pub fn iter(&self) -> $crate::indexmap::map::Iter<'_, ::std::string::String, $value> {
                self.0.iter()
            }

            /// How many entries there are.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether there is none.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }

            /// The value of the entry `key`, if there is one.
            pub fn get(&self, key: &str) -> ::core::option::Option<&$value> {
                self.0.get(key)
            }

            /// Whether there is an entry `key`.
            pub fn contains_key(&self, key: &str) -> bool {
                self.0.contains_key(key)
            }
        }

        impl ::core::iter::IntoIterator for $name {
            type Item = (::std::string::String, $value);
            type IntoIter = $crate::indexmap::map::IntoIter<::std::string::String, $value>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl<'a> ::core::iter::IntoIterator for &'a $name {
            type Item = (&'a ::std::string::String, &'a $value);
            type IntoIter = $crate::indexmap::map::Iter<'a, ::std::string::String, $value>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }
    };
}

/// `Display` for a newtype: the value inside; with `str`, written as it is (`write_str`, no
/// padding).
#[macro_export]
macro_rules! impl_display {
    ($name:ident $(,)?) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }
    };
    ($name:ident, str $(,)?) => {
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
    ($name:ident $(,)?) => {
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
