//! Reading JSON into generated types, leniently where servers are and with errors that name the
//! JSON path (`$.UserPool.Policies.PasswordPolicy.MinimumLength: expected integer, found
//! string`).
//!
//! Generated types implement [`FromJson`], reading from a [`Reader`]: JSON text in one pass, or a
//! parsed [`Document`]; their serde `Deserialize` impls go through it too
//! ([`deserialize_via_json`](crate::deserialize_via_json)), so both ways of reading agree.

use std::fmt;

use std::borrow::Cow;

use crate::members::{read_items, read_map};
use crate::read::{Reader, Token};
use crate::{Blob, Document, IndexMap, Timestamp};

/// Where a value is in a JSON document, as a linked list on the stack: building it costs
/// nothing; it is written out only for an error.
#[derive(Debug, Clone, Copy)]
pub enum JsonPath<'a> {
    /// The document itself (`$`).
    Root,
    /// A member of an object.
    Member(&'a JsonPath<'a>, &'a str),
    /// An element of an array.
    Index(&'a JsonPath<'a>, usize),
    /// The value a union is trying its alternatives on (`@`): the errors of the alternatives
    /// are relative to it, so that a rejected alternative costs no more for being deep.
    Here,
}

impl<'a> JsonPath<'a> {
    /// The path of member `name` below this one.
    pub fn member(&'a self, name: &'a str) -> JsonPath<'a> {
        JsonPath::Member(self, name)
    }

    /// The path of element `index` below this one.
    pub fn index(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath::Index(self, index)
    }

    /// An error at this path.
    pub fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError(Box::new(Failure {
            path: self.to_string(),
            message: message.into(),
        }))
    }

    /// "expected `what`, found <kind of `json`>" at this path.
    pub fn expected(&self, what: &str, json: &Document) -> ReadError {
        self.error(format!("expected {what}, found {}", kind(json)))
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => f.write_str("$"),
            JsonPath::Here => f.write_str("@"),
            JsonPath::Member(parent, name) => {
                parent.fmt(f)?;
                let plain = !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !name.starts_with(|c: char| c.is_ascii_digit());
                if plain {
                    write!(f, ".{name}")
                } else {
                    write!(f, "[{}]", Document::String((*name).to_owned()))
                }
            }
            JsonPath::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "[{i}]")
            }
        }
    }
}

/// A JSON document that does not fit the type it is read as.
///
/// (Boxed: every read returns a `Result` with it, which stays small.)
#[derive(Clone, PartialEq, Eq)]
pub struct ReadError(Box<Failure>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    path: String,
    message: String,
}

impl fmt::Debug for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadError")
            .field("path", &self.0.path)
            .field("message", &self.0.message)
            .finish()
    }
}

impl ReadError {
    /// Where: a JSON path such as `$.Users[2].Attributes`.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What is wrong there.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl ReadError {
    /// Whether the text was not JSON (rather than a value that does not fit its type).
    pub(crate) fn is_syntax(&self) -> bool {
        self.0.path == "$" && self.0.message.starts_with("not valid JSON: ")
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.path, self.0.message)
    }
}

impl std::error::Error for ReadError {}

/// How many characters of a quoted text (a rejected value, another error) a message keeps: no
/// message grows with the input it is about.
pub(crate) const EXCERPT: usize = 240;

/// The first [`EXCERPT`] characters of `text`, with `…` when there is more.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// What kind of JSON value this is, for messages (never the value itself: it may be secret).
fn kind(json: &Document) -> &'static str {
    match json {
        Document::Null => "null",
        Document::Bool(_) => "boolean",
        Document::Number(n) if n.is_f64() => "number",
        Document::Number(_) => "integer",
        Document::String(_) => "string",
        Document::Array(_) => "array",
        Document::Object(_) => "object",
    }
}

/// Reads a value from JSON. Implemented by every generated type.
///
/// [`read`](Self::read) takes its value from a [`Reader`]: JSON text read in one pass
/// ([`from_json_str`]), or a parsed [`Document`] ([`from_json`](Self::from_json)).
pub trait FromJson: Sized {
    /// Whether `null` is a value of this type ([`crate::Nullable`]); for the others a member
    /// that is `null` reads as absent.
    const NULLABLE: bool = false;

    /// Reads the next value of `r`, found at `at`.
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError>;

    /// Reads `json`, found at `at`.
    fn from_json(json: &Document, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        Self::read(&mut Reader::tree(json), at)
    }
}

/// Reads JSON text as `T`, in one pass (no document is built but for what needs one whole:
/// schema checks, unions, any JSON); the text must be one value, as `serde_json` checks it.
///
/// Text that is not JSON fails as such (`not valid JSON: … at line L column C`, at `$`), even
/// where a value that does not fit its type comes before the place it stops being JSON.
pub fn from_json_str<T: FromJson>(text: &str) -> Result<T, ReadError> {
    let mut r = Reader::new(text);
    match T::read(&mut r, &JsonPath::Root) {
        Ok(value) => match r.end() {
            Ok(()) => Ok(value),
            Err(e) => Err(syntax_first(text, e)),
        },
        Err(e) => Err(syntax_first(text, e)),
    }
}

/// The error of reading `text`: its syntax error if it has one, else `e`.
fn syntax_first(text: &str, e: ReadError) -> ReadError {
    if e.is_syntax() {
        return e;
    }
    let mut whole = Reader::new(text);
    match whole.skip().and_then(|()| whole.end()) {
        Err(syntax) => syntax,
        Ok(()) => e,
    }
}

/// A member marked secret, read by a type that is not a secret itself: its error keeps the
/// path but not the message, which may quote the value.
pub fn redacted<T>(read: Result<T, ReadError>) -> Result<T, ReadError> {
    read.map_err(|mut e| {
        e.0.message = String::from("the value (redacted) does not fit its type");
        e
    })
}

/// The number of items of an array or members of an object; `None` for any other value.
pub fn container_len(json: &Document) -> Option<usize> {
    match json {
        Document::Array(items) => Some(items.len()),
        Document::Object(members) => Some(members.len()),
        _ => None,
    }
}

/// A string (what generated enum readers take).
pub fn string<'de>(r: &mut Reader<'de>, at: &JsonPath<'_>) -> Result<Cow<'de, str>, ReadError> {
    r.string(at)
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        string(r, at).map(Cow::into_owned)
    }
}

impl FromJson for i64 {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        let n = match r.token()? {
            Token::Number(n) => n,
            other => return Err(other.expected("integer", at)),
        };
        match n.as_i64() {
            Some(v) => Ok(v),
            // `1.0` is an integer in JSON Schema: a number without a fraction.
            None => match n.as_f64() {
                Some(f) if f.fract() != 0.0 => {
                    Err(at.error("expected integer, found number with a fraction"))
                }
                // Exactly the floats that convert to `i64` without saturating.
                Some(f)
                    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) =>
                {
                    Ok(f as i64)
                }
                _ => Err(at.error("integer out of range for 64 bits")),
            },
        }
    }
}

impl FromJson for i32 {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        let wide = i64::read(r, at)?;
        i32::try_from(wide).map_err(|_| at.error("integer out of range for 32 bits"))
    }
}

impl FromJson for f64 {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        match r.token()? {
            Token::Number(n) => n.as_f64().ok_or_else(|| at.error("number out of range")),
            // A string is not a number, `"NaN"` included: JSON has no NaN, and a JSON Schema
            // number is a JSON number. (awsJson writes doubles that are not finite as these
            // strings, and the value tree renders them so; no schema of this workspace has a
            // double that reads them back.)
            other => Err(other.expected("number", at)),
        }
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        match r.token()? {
            Token::Bool(b) => Ok(b),
            other => Err(other.expected("boolean", at)),
        }
    }
}

impl FromJson for Timestamp {
    /// Epoch seconds (a number, with or without a fraction) or an RFC 3339 string.
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        match r.token()? {
            Token::Number(n) => {
                if let Some(secs) = n.as_i64() {
                    return Ok(Timestamp::from_epoch_seconds(secs));
                }
                n.as_f64()
                    .and_then(Timestamp::from_epoch_seconds_f64)
                    .ok_or_else(|| at.error("timestamp out of range"))
            }
            Token::String(s) => Timestamp::parse_rfc3339(&s).map_err(|e| {
                at.error(format!(
                    "expected a timestamp (epoch seconds or an RFC 3339 date-time), found a \
                     string that is neither ({e})"
                ))
            }),
            other => Err(other.expected("timestamp (epoch seconds or RFC 3339 string)", at)),
        }
    }
}

impl FromJson for Blob {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        match r.token()? {
            Token::String(s) => {
                Blob::from_base64(&s).map_err(|e| at.error(format!("invalid base64: {e}")))
            }
            other => Err(other.expected("base64 string", at)),
        }
    }
}

/// serde reads a timestamp as [`FromJson`] does: epoch seconds or an RFC 3339 string.
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::deserialize_via_json(deserializer)
    }
}

/// serde reads binary data as [`FromJson`] does: a base64 string.
impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::deserialize_via_json(deserializer)
    }
}

impl FromJson for Document {
    /// Any JSON value holds `null`: a member that is `null` is that value, not absent.
    const NULLABLE: bool = true;

    fn read(r: &mut Reader<'_>, _at: &JsonPath<'_>) -> Result<Self, ReadError> {
        r.document().map(Cow::into_owned)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        read_items(r, at)
    }
}

impl<T: FromJson> FromJson for IndexMap<String, T> {
    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        read_map(r, at)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    const NULLABLE: bool = T::NULLABLE;

    fn read(r: &mut Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
        T::read(r, at).map(Box::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: FromJson>(j: Document) -> Result<T, String> {
        T::from_json(&j, &JsonPath::Root).map_err(|e| e.to_string())
    }

    #[test]
    fn paths_name_members_indices_and_odd_keys() {
        let root = JsonPath::Root;
        let a = root.member("UserPool");
        let b = a.member("Users");
        let c = b.index(2);
        let d = c.member("odd key");
        assert_eq!(d.to_string(), "$.UserPool.Users[2][\"odd key\"]");
    }

    #[test]
    fn errors_say_what_was_expected_and_found() {
        assert_eq!(
            read::<i32>(json!("5")).unwrap_err(),
            "$: expected integer, found string"
        );
        assert_eq!(
            read::<i32>(json!(1.5)).unwrap_err(),
            "$: expected integer, found number with a fraction"
        );
        // Integral numbers are integers, whatever their spelling.
        assert_eq!(read::<i32>(json!(1.0)), Ok(1));
        assert_eq!(read::<i64>(json!(-3e3)), Ok(-3000));
        assert_eq!(
            read::<i64>(json!(1e19)).unwrap_err(),
            "$: integer out of range for 64 bits"
        );
        assert_eq!(
            read::<i32>(json!(2147483648i64)).unwrap_err(),
            "$: integer out of range for 32 bits"
        );
        assert_eq!(
            read::<i32>(json!(3_000_000_000_i64)).unwrap_err(),
            "$: integer out of range for 32 bits"
        );
        assert_eq!(
            read::<Vec<bool>>(json!([true, 1])).unwrap_err(),
            "$[1]: expected boolean, found integer"
        );
    }

    #[test]
    fn timestamps_read_numbers_and_rfc3339() {
        assert_eq!(
            read::<Timestamp>(json!(1_700_000_000)).unwrap(),
            Timestamp::from_epoch_seconds(1_700_000_000)
        );
        assert_eq!(
            read::<Timestamp>(json!(1_700_000_000.5)).unwrap(),
            Timestamp::new(1_700_000_000, 500_000_000)
        );
        assert_eq!(
            read::<Timestamp>(json!("2023-11-14T22:13:20Z")).unwrap(),
            Timestamp::from_epoch_seconds(1_700_000_000)
        );
        assert!(
            read::<Timestamp>(json!("soon"))
                .unwrap_err()
                .starts_with("$: expected a timestamp")
        );
    }

    #[test]
    fn doubles_accept_awsjson_specials() {
        assert_eq!(
            read::<f64>(json!("NaN")).unwrap_err(),
            "$: expected number, found string"
        );
        assert!(read::<f64>(json!("-Infinity")).is_err());
        assert_eq!(read::<f64>(json!(2)).unwrap(), 2.0);
    }

    #[test]
    fn invalid_json_text_is_an_error_at_the_root() {
        let err = from_json_str::<String>("{").unwrap_err();
        assert_eq!(err.path(), "$");
        assert!(err.message().starts_with("not valid JSON"), "{err}");
    }
}
