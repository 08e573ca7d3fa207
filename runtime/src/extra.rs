//! The members of a JSON object that its struct's schema does not list, read into the struct's
//! `extra` map (typed by `additionalProperties`, else any JSON; see
//! [`Member::extra`](crate::Member::extra)), are written back after the listed members, in the
//! order read, so that a value read is written back unchanged.

use crate::IndexMap;
use crate::value::{ToValue, ValueBuilder};
use serde::ser::SerializeMap;

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
