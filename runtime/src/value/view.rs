//! The tree as an enum to match on: [`ValueRef`], and [`Members`] / [`Items`] to iterate.
//!
//! Takes: a [`Tape`] and a node index. Gives: borrowed views of the node and its children;
//! equality of trees (text borrowed or owned alike), and serde serialization of a view (the
//! same JSON document as the awsJson rendering).

use super::tape::{Node, Tape};
use crate::{Blob, Document, Timestamp};

impl<'t> Tape<'t> {
    /// The view of node `i`.
    pub(super) fn view_at(&self, i: usize) -> ValueRef<'_> {
        match self.nodes[i] {
            Node::Structure { len, end } => ValueRef::Structure(Members {
                tape: self,
                pos: i + 1,
                end: end as usize,
                len: len as usize,
            }),
            Node::Map { len, end } => ValueRef::Map(Members {
                tape: self,
                pos: i + 1,
                end: end as usize,
                len: len as usize,
            }),
            Node::List { len, end } => ValueRef::List(Items {
                tape: self,
                pos: i + 1,
                end: end as usize,
                len: len as usize,
            }),
            // A key is only ever read by `Members`; seen here it reads as its text.
            Node::Key(t) | Node::PlainKey(t) | Node::String(t) => ValueRef::String(self.text(t)),
            Node::Enum(t) => ValueRef::Enum(self.text(t)),
            Node::Integer(n) => ValueRef::Integer(n),
            Node::Long(n) => ValueRef::Long(n),
            Node::Double(d) => ValueRef::Double(d),
            Node::Boolean(b) => ValueRef::Boolean(b),
            Node::Timestamp(t) => ValueRef::Timestamp(self.timestamps[t as usize]),
            Node::Blob(b) => ValueRef::Blob(self.blob(b)),
            Node::Document(d) => ValueRef::Document(self.document(d)),
        }
    }
}

/// A view of one node of a [`Value`](super::Value): the tree's cases.
#[derive(Debug, Clone, Copy)]
pub enum ValueRef<'v> {
    /// A structure: members by wire name, in schema order.
    Structure(Members<'v>),
    /// A list.
    List(Items<'v>),
    /// A map from string keys, in insertion order.
    Map(Members<'v>),
    /// A string.
    String(&'v str),
    /// An enum value, as its wire string.
    Enum(&'v str),
    /// A 32-bit integer.
    Integer(i32),
    /// A 64-bit integer.
    Long(i64),
    /// A double.
    Double(f64),
    /// A boolean.
    Boolean(bool),
    /// A point in time.
    Timestamp(Timestamp),
    /// Binary data.
    Blob(&'v [u8]),
    /// A JSON value the schema says nothing about.
    Document(&'v Document),
}

/// The members of a structure or the entries of a map: `(name, value)` in order.
#[derive(Clone, Copy)]
pub struct Members<'v> {
    pub(super) tape: &'v Tape<'v>,
    pub(super) pos: usize,
    pub(super) end: usize,
    pub(super) len: usize,
}

/// The items of a list, in order.
#[derive(Clone, Copy)]
pub struct Items<'v> {
    pub(super) tape: &'v Tape<'v>,
    pub(super) pos: usize,
    pub(super) end: usize,
    pub(super) len: usize,
}

impl<'v> Iterator for Members<'v> {
    type Item = (&'v str, ValueRef<'v>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.end {
            return None;
        }
        let key = match self.tape.nodes[self.pos] {
            Node::Key(t) | Node::PlainKey(t) => self.tape.text(t),
            _ => "",
        };
        let value = self.tape.view_at(self.pos + 1);
        self.pos = self.tape.subtree_end(self.pos + 1);
        self.len = self.len.saturating_sub(1);
        Some((key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl ExactSizeIterator for Members<'_> {}

impl<'v> Iterator for Items<'v> {
    type Item = ValueRef<'v>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.end {
            return None;
        }
        let value = self.tape.view_at(self.pos);
        self.pos = self.tape.subtree_end(self.pos);
        self.len = self.len.saturating_sub(1);
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl ExactSizeIterator for Items<'_> {}

/// The members left, as a map; what a secret wrote shows as `<redacted>`.
impl std::fmt::Debug for Members<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.tape.fmt_members(self.pos, self.end, f)
    }
}

/// The items left, as a list; what a secret wrote shows as `<redacted>`.
impl std::fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.tape.fmt_items(self.pos, self.end, f)
    }
}

/// Trees are equal when they have the same shape and values (whether their text is borrowed or
/// owned does not matter); member and entry order counts.
impl PartialEq for ValueRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (*self, *other) {
            (ValueRef::Structure(a), ValueRef::Structure(b))
            | (ValueRef::Map(a), ValueRef::Map(b)) => a == b,
            (ValueRef::List(a), ValueRef::List(b)) => a == b,
            (ValueRef::String(a), ValueRef::String(b)) | (ValueRef::Enum(a), ValueRef::Enum(b)) => {
                a == b
            }
            (ValueRef::Integer(a), ValueRef::Integer(b)) => a == b,
            (ValueRef::Long(a), ValueRef::Long(b)) => a == b,
            (ValueRef::Double(a), ValueRef::Double(b)) => a == b,
            (ValueRef::Boolean(a), ValueRef::Boolean(b)) => a == b,
            (ValueRef::Timestamp(a), ValueRef::Timestamp(b)) => a == b,
            (ValueRef::Blob(a), ValueRef::Blob(b)) => a == b,
            (ValueRef::Document(a), ValueRef::Document(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Members<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.zip(*other).all(|(x, y)| x == y)
    }
}

impl PartialEq for Items<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.zip(*other).all(|(x, y)| x == y)
    }
}

impl serde::Serialize for ValueRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeSeq as _};
        match *self {
            ValueRef::Structure(members) | ValueRef::Map(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, &v)?;
                }
                map.end()
            }
            ValueRef::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&item)?;
                }
                seq.end()
            }
            ValueRef::String(s) | ValueRef::Enum(s) => serializer.serialize_str(s),
            ValueRef::Integer(n) => serializer.serialize_i32(n),
            ValueRef::Long(n) => serializer.serialize_i64(n),
            ValueRef::Double(d) if d.is_nan() => serializer.serialize_str("NaN"),
            ValueRef::Double(d) if d.is_infinite() => {
                serializer.serialize_str(if d > 0.0 { "Infinity" } else { "-Infinity" })
            }
            ValueRef::Double(d) => serializer.serialize_f64(d),
            ValueRef::Boolean(b) => serializer.serialize_bool(b),
            ValueRef::Timestamp(t) => t.serialize(serializer),
            ValueRef::Blob(b) => Blob::new(b.to_vec()).serialize(serializer),
            ValueRef::Document(d) => d.serialize(serializer),
        }
    }
}
