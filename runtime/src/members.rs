//! Reading an object member by member, for generated struct readers: each member is read into
//! its [`Slot`] as it comes (text is read in one pass), a member that comes twice is an error,
//! and the struct is built from the slots at the end.
//!
//! Takes: a [`Reader`] at an object and the struct's [`Fields`]. Gives: one call per member to
//! the generated closure, which dispatches on the member's name.

use std::borrow::Cow;

use crate::json::{FromJson, JsonPath, ReadError};
use crate::read::Reader;
use crate::{Document, IndexMap};

/// What a struct reader tells the runtime about its members.
pub struct Fields {
    /// The members' wire names, in the order a parsed value reads them: the cheap ones first, so
    /// that a value that is not this struct fails before its subtrees are read (what keeps the
    /// alternatives of a recursive union from each reading the subtrees).
    pub names: &'static [&'static str],
    /// The required ones, looked for in a parsed value before any member is read.
    pub required: &'static [&'static str],
    /// Whether the closure wants the members that `names` does not list (to keep them, or to
    /// reject them); otherwise a parsed value's other members are not looked at.
    pub unknown: bool,
}

/// A member as it is read: absent, `null` read as absent, or its value.
#[derive(Debug, Default)]
pub enum Slot<T> {
    /// Not (yet) seen.
    #[default]
    Absent,
    /// `null`, read as absent (`null-members = "absent"`).
    Null,
    /// Read.
    Set(T),
}

impl<T> Slot<T> {
    /// An empty slot.
    pub fn new() -> Self {
        Slot::Absent
    }

    /// The value of a required member, or the error that it is missing.
    pub fn required(self, name: &str, at: &JsonPath<'_>) -> Result<T, ReadError> {
        match self {
            Slot::Set(value) => Ok(value),
            Slot::Absent | Slot::Null => Err(at.error(format!("missing required member `{name}`"))),
        }
    }

    /// The value of an optional member, if it was there.
    pub fn optional(self) -> Option<T> {
        match self {
            Slot::Set(value) => Some(value),
            Slot::Absent | Slot::Null => None,
        }
    }
}

/// The member being read: its name, and the reader at its value.
pub struct Member<'a, 'de> {
    r: &'a mut Reader<'de>,
    name: &'a str,
    at: &'a JsonPath<'a>,
}

impl Member<'_, '_> {
    /// The member's name.
    pub fn name(&self) -> &str {
        self.name
    }

    /// Reads the value into `slot` (`null` is an error unless `T` holds it).
    pub fn read<T: FromJson>(&mut self, slot: &mut Slot<T>) -> Result<(), ReadError> {
        self.vacant(slot)?;
        *slot = Slot::Set(T::read(self.r, &self.at.member(self.name))?);
        Ok(())
    }

    /// Reads the value into `slot`, `null` as absent unless `T` holds it.
    pub fn read_or_null<T: FromJson>(&mut self, slot: &mut Slot<T>) -> Result<(), ReadError> {
        self.vacant(slot)?;
        if !T::NULLABLE && self.r.null()? {
            *slot = Slot::Null;
            return Ok(());
        }
        *slot = Slot::Set(T::read(self.r, &self.at.member(self.name))?);
        Ok(())
    }

    /// Keeps a member the struct does not list, read as `T`, in `extra`.
    pub fn extra<T: FromJson>(&mut self, extra: &mut IndexMap<String, T>) -> Result<(), ReadError> {
        if extra.contains_key(self.name) {
            return Err(self.duplicate());
        }
        let value = T::read(self.r, &self.at.member(self.name))?;
        extra.insert(self.name.to_owned(), value);
        Ok(())
    }

    /// Passes over a member the struct does not list (`unknown-members = "drop"`).
    pub fn skip(&mut self) -> Result<(), ReadError> {
        self.r.skip()
    }

    /// The error for a member that a closed struct does not list.
    pub fn not_allowed(&self) -> ReadError {
        self.at
            .member(self.name)
            .error("member not allowed: the schema lists the members it accepts")
    }

    fn vacant<T>(&self, slot: &Slot<T>) -> Result<(), ReadError> {
        match slot {
            Slot::Absent => Ok(()),
            Slot::Null | Slot::Set(_) => Err(self.duplicate()),
        }
    }

    fn duplicate(&self) -> ReadError {
        self.at
            .member(self.name)
            .error("duplicate member: a member may appear once")
    }
}

/// Reads the object at `r` (at `at`), calling `each` with the name of each member and the
/// [`Member`] to read its value with. Text is read in its order; a parsed value first offers
/// the members `fields` does not list (when it wants them), then checks the required ones are
/// there, then reads the listed ones in the order of `fields`.
///
/// `each` is called through a pointer, not monomorphized: one copy of this loop serves every
/// struct of a crate, which keeps the crate's build time in proportion to its size.
pub fn read_members<'de>(
    r: &mut Reader<'de>,
    at: &JsonPath<'_>,
    fields: &Fields,
    mut each: impl FnMut(&str, &mut Member<'_, 'de>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    members_of(r, at, fields, &mut each)
}

/// The body of [`read_members`].
fn members_of<'de>(
    r: &mut Reader<'de>,
    at: &JsonPath<'_>,
    fields: &Fields,
    each: &mut dyn FnMut(&str, &mut Member<'_, 'de>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    if let Some(json) = r.as_tree() {
        return tree_members(json, at, fields, each);
    }
    r.begin_object(at)?;
    let mut first = true;
    while let Some(name) = r.next_key(first)? {
        first = false;
        let mut member = Member {
            r: &mut *r,
            name: &name,
            at,
        };
        each(&name, &mut member)?;
    }
    Ok(())
}

fn tree_members<'de>(
    json: &'de Document,
    at: &JsonPath<'_>,
    fields: &Fields,
    each: &mut dyn FnMut(&str, &mut Member<'_, 'de>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let Document::Object(members) = json else {
        return Err(crate::read::Reader::tree(json)
            .token()?
            .expected("object", at));
    };
    let mut offer = |name: &str, value: &'de Document| {
        let mut r = Reader::tree(value);
        let mut member = Member {
            r: &mut r,
            name,
            at,
        };
        each(name, &mut member)
    };
    if fields.unknown {
        for (name, value) in members {
            if !fields.names.contains(&name.as_str()) {
                offer(name, value)?;
            }
        }
    }
    if let Some(name) = fields.required.iter().find(|n| !members.contains_key(**n)) {
        return Err(at.error(format!("missing required member `{name}`")));
    }
    for name in fields.names {
        if let Some(value) = members.get(*name) {
            offer(name, value)?;
        }
    }
    Ok(())
}

/// Reads an array item by item, each at its index.
pub(crate) fn read_items<'de, T: FromJson>(
    r: &mut Reader<'de>,
    at: &JsonPath<'_>,
) -> Result<Vec<T>, ReadError> {
    if let Some(json) = r.as_tree() {
        return match json {
            Document::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::read(&mut Reader::tree(item), &at.index(i)))
                .collect(),
            other => Err(Reader::tree(other).token()?.expected("array", at)),
        };
    }
    r.begin_array(at)?;
    let mut items = Vec::new();
    while r.next_item(items.is_empty())? {
        let item = T::read(r, &at.index(items.len()))?;
        items.push(item);
    }
    Ok(items)
}

/// Reads an object as a map, in its order; a name that comes twice is an error.
pub(crate) fn read_map<'de, T: FromJson>(
    r: &mut Reader<'de>,
    at: &JsonPath<'_>,
) -> Result<IndexMap<String, T>, ReadError> {
    if let Some(json) = r.as_tree() {
        let Document::Object(members) = json else {
            return Err(Reader::tree(json).token()?.expected("object", at));
        };
        let mut map = IndexMap::with_capacity(members.len());
        for (k, v) in members {
            map.insert(k.clone(), T::read(&mut Reader::tree(v), &at.member(k))?);
        }
        return Ok(map);
    }
    r.begin_object(at)?;
    let mut map = IndexMap::new();
    while let Some(name) = r.next_key(map.is_empty())? {
        let value = T::read(r, &at.member(&name))?;
        if map.contains_key(&*name) {
            return Err(at
                .member(&name)
                .error("duplicate member: a member may appear once"));
        }
        map.insert(Cow::into_owned(name), value);
    }
    Ok(map)
}
