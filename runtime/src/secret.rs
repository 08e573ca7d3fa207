//! [`Secret`]: a value that a schema marks secret where it is used, though its own type is not
//! (the values of a secret map such as Cognito's `AuthParametersType`, a member with
//! `writeOnly: true` over a plain string).
//!
//! The `secrecy` crate was considered and not used: its wrappers have no `PartialEq` (generated
//! types compare) and require `Zeroize` of the value (generated newtypes are not), and their
//! serde support refuses to serialize unless the type opts in, while a request must write its
//! secrets to the wire.

use std::fmt;

use crate::{FromJson, JsonPath, ReadError, Redacted, ToValue, ValidationError, ValueBuilder};

/// A value held as a secret: `Debug` prints `<redacted>`, there is no `Display`, reading it gives
/// an error that keeps the path and drops the message (which may quote the value), and what it
/// writes into a value tree is marked secret (rendered for the wire, redacted in the tree's
/// `Debug`). [`expose`](Self::expose) gives the value inside.
///
/// ```
/// use schema_runtime::Secret;
///
/// let password = Secret::new(String::from("correct horse"));
/// assert_eq!(format!("{password:?}"), "Secret(<redacted>)");
/// assert_eq!(password.expose(), "correct horse");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Holds `value` as a secret.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Holds the value that `raw` converts to as a secret; the error of a value that breaks its
    /// type's rules names the rule and leaves the value out.
    pub fn try_new<U>(raw: U) -> Result<Self, ValidationError>
    where
        T: TryFrom<U, Error = ValidationError>,
    {
        T::try_from(raw)
            .map(Self)
            .map_err(ValidationError::redacted)
    }

    /// The value inside.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Gives the value back.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Secret").field(&Redacted).finish()
    }
}

impl<T: FromJson> FromJson for Secret<T> {
    const NULLABLE: bool = T::NULLABLE;

    fn read(r: &mut crate::Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        crate::redacted(T::read(r, at)).map(Self)
    }
}

impl<T: ToValue> ToValue for Secret<T> {
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.secret(&self.0);
    }
}

/// The value itself: serializing is how a request sends its secrets.
impl<T: serde::Serialize> serde::Serialize for Secret<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Read as [`FromJson`] reads it (the error leaves the value out).
impl<'de, T: FromJson> serde::Deserialize<'de> for Secret<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::deserialize_via_json(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;
    use crate::{ToValue, from_json_str};

    #[test]
    fn debug_errors_and_trees_leave_the_value_out() {
        let s: Secret<String> = from_json_str(r#""hunter2""#).unwrap();
        assert_eq!(s.expose(), "hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let tree = s.to_value();
        assert_eq!(tree.to_json(), r#""hunter2""#);
        assert!(!format!("{tree:?}").contains("hunter2"));
        let e = from_json_str::<Secret<i32>>(r#""hunter2""#).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""hunter2""#);
    }
}
