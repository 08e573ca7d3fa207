//! The members of a JSON object that its struct's schema does not list: read into the struct's
//! `extra` map (typed by `additionalProperties`, else any JSON), and written back after the
//! listed members, in the order read, so that a value read is written back unchanged.

use serde::ser::SerializeMap;
use serde_json::Map;

use crate::json::{FromJson, JsonPath, ReadError};
use crate::value::{ToValue, ValueBuilder};
use crate::{Document, IndexMap};

/// The members of `members` that `known` does not list, each read as `T` at its path.
pub fn extra_members<T: FromJson>(
    members: &Map<String, Document>,
    known: &[&str],
    at: &JsonPath<'_>,
) -> Result<IndexMap<String, T>, ReadError> {
    let mut extra = IndexMap::new();
    for (name, json) in members {
        if !known.contains(&name.as_str()) {
            extra.insert(name.clone(), T::from_json(json, &at.member(name))?);
        }
    }
    Ok(extra)
}

/// Writes the extra members into the structure being built.
pub fn write_extra<'a, T: ToValue>(out: &mut ValueBuilder<'a>, extra: &'a IndexMap<String, T>) {
    for (name, value) in extra {
        out.member(name.as_str(), value);
    }
}

/// An optional member of a struct serialized as a map (one with extra members): skipped when
/// absent.
pub fn serialize_optional_entry<S: SerializeMap, T: serde::Serialize>(
    state: &mut S,
    name: &str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_entry(name, value),
        None => Ok(()),
    }
}

/// The extra members of a struct serialized as a map, after its listed members.
pub fn serialize_extra<S: SerializeMap, T: serde::Serialize>(
    state: &mut S,
    extra: &IndexMap<String, T>,
) -> Result<(), S::Error> {
    for (name, value) in extra {
        state.serialize_entry(name, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_members_are_read_in_order_and_typed() {
        let json = serde_json::json!({"a": 1, "z": "x", "b": null});
        let members = json.as_object().unwrap();
        let at = JsonPath::Root;
        let extra: IndexMap<String, Document> = extra_members(members, &["a"], &at).unwrap();
        assert_eq!(extra.keys().collect::<Vec<_>>(), ["z", "b"]);
        assert_eq!(extra["b"], Document::Null);
        let typed = extra_members::<String>(members, &["a", "b"], &at).unwrap();
        assert_eq!(typed["z"], "x");
        let wrong = extra_members::<i64>(members, &["a", "b"], &at).unwrap_err();
        assert!(wrong.to_string().starts_with("$.z"), "{wrong}");
    }
}
