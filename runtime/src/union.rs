//! Reading the `oneOf`/`anyOf` unions of generated crates: by a discriminator member ([`tag`]),
//! or by trying the alternatives' readers ([`any_of`]: the first that reads the value;
//! [`one_of`]: exactly one must).

use crate::json::{JsonPath, ReadError};
use crate::Document;

/// Reads one alternative of a union (a generated closure per variant).
pub type Reader<T> = fn(&Document, &JsonPath<'_>) -> Result<T, ReadError>;

/// The string value of the discriminator member `member` of the object `json`.
pub fn tag<'j>(json: &'j Document, member: &str, at: &JsonPath<'_>) -> Result<&'j str, ReadError> {
    let Document::Object(members) = json else {
        return Err(at.expected("object", json));
    };
    match members.get(member) {
        Some(Document::String(value)) => Ok(value),
        Some(other) => Err(at.member(member).expected("string", other)),
        None => Err(at.error(format!("missing required member `{member}`"))),
    }
}

/// The error for a discriminator value that no alternative has.
pub fn unknown_tag(member: &str, value: &str, at: &JsonPath<'_>) -> ReadError {
    at.member(member).error(format!(
        "{} is not the value of any alternative",
        Document::String(value.to_owned())
    ))
}

/// The value read by the first alternative that reads it (`anyOf`); `names` name the
/// alternatives in errors.
pub fn any_of<T>(
    json: &Document,
    at: &JsonPath<'_>,
    readers: &[Reader<T>],
    names: &[&str],
) -> Result<T, ReadError> {
    let mut errors = Vec::with_capacity(readers.len());
    for (read, name) in readers.iter().zip(names) {
        match read(json, at) {
            Ok(value) => return Ok(value),
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    Err(none_matched(at, &errors))
}

/// The value read by the one alternative that reads it (`oneOf`): an error when none does, or
/// when more than one does.
pub fn one_of<T>(
    json: &Document,
    at: &JsonPath<'_>,
    readers: &[Reader<T>],
    names: &[&str],
) -> Result<T, ReadError> {
    let mut found: Option<(T, &str)> = None;
    let mut errors = Vec::with_capacity(readers.len());
    for (read, name) in readers.iter().zip(names) {
        match read(json, at) {
            Ok(value) => match &found {
                Some((_, first)) => {
                    return Err(at.error(format!(
                        "matches more than one alternative ({first} and {name}); oneOf allows one"
                    )));
                }
                None => found = Some((value, name)),
            },
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    match found {
        Some((value, _)) => Ok(value),
        None => Err(none_matched(at, &errors)),
    }
}

fn none_matched(at: &JsonPath<'_>, errors: &[String]) -> ReadError {
    at.error(format!("matches none of the alternatives ({})", errors.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FromJson;

    #[derive(Debug, PartialEq)]
    enum Either {
        Number(i64),
        Text(String),
    }

    const READERS: &[Reader<Either>] = &[
        |json, at| FromJson::from_json(json, at).map(Either::Number),
        |json, at| FromJson::from_json(json, at).map(Either::Text),
    ];

    #[test]
    fn alternatives_are_tried_in_order() {
        let at = JsonPath::Root;
        let names = ["Number", "Text"];
        assert_eq!(any_of(&serde_json::json!(3), &at, READERS, &names).unwrap(), Either::Number(3));
        assert_eq!(
            one_of(&serde_json::json!("x"), &at, READERS, &names).unwrap(),
            Either::Text(String::from("x"))
        );
        let none = one_of(&serde_json::json!(true), &at, READERS, &names).unwrap_err();
        assert!(none.to_string().contains("matches none"), "{none}");
        let both: &[Reader<Either>] = &[READERS[0], READERS[0]];
        let two = one_of(&serde_json::json!(1), &at, both, &names).unwrap_err();
        assert!(two.to_string().contains("more than one"), "{two}");
    }

    #[test]
    fn tags_are_string_members() {
        let at = JsonPath::Root;
        assert_eq!(tag(&serde_json::json!({"kind": "a"}), "kind", &at).unwrap(), "a");
        assert!(tag(&serde_json::json!({"kind": 1}), "kind", &at).is_err());
        assert!(tag(&serde_json::json!([]), "kind", &at).is_err());
    }
}
