//! The value tree and its awsJson 1.1 rendering.
//!
//! A [`Value`] is a tree of structures, lists, maps and scalars. It is stored flat: its nodes in
//! one vector, in pre-order, each container knowing where its subtree ends (a "tape"), and the
//! text, bytes and documents the nodes refer to in side tables. Every node is 16 bytes and
//! `Copy`, so building a tree is a run of cheap pushes into a few vectors however deep the value
//! is, rendering is a linear walk, and strings are borrowed from the value they came from.
//! [`Value::view`] gives the tree as an enum ([`ValueRef`]) to match on.
//!
//! Where things are:
//!
//! - this file: the [`ToValue`] trait and its impls for the standard types generated code uses,
//!   and [`Value`] itself;
//! - `tape`: the flat storage (nodes and side tables) behind a [`Value`];
//! - `view`: [`ValueRef`], [`Members`] and [`Items`], the tree as an enum to match on, and
//!   their equality and serde serialization;
//! - `builder`: [`ValueBuilder`], how a tree is made (with [`Name`], [`WireName`] and [`Open`]);
//! - `render`: the awsJson 1.1 rendering ([`Value::to_json`]) and its JSON string escaping.

mod builder;
mod render;
mod tape;
#[cfg(test)]
mod tests;
mod view;

use std::cell::OnceCell;
use std::fmt;

pub use builder::{Name, Open, SecretStart, ValueBuilder, WireName};
pub use view::{Items, Members, ValueRef};

use crate::{Blob, Document, IndexMap, Timestamp};
use tape::Tape;

/// Turns a value into its [`Value`] tree. Implemented by every generated type.
pub trait ToValue {
    /// Appends this value's nodes to `out`.
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>);

    /// The value tree, borrowing from `self`. It is built when first looked at
    /// ([`Value::view`], `Debug`, equality); [`Value::to_json`] before that writes the JSON
    /// straight from `self`, without building it.
    fn to_value(&self) -> Value<'_>
    where
        Self: Sized,
    {
        Value::of(self)
    }
}

/// A protocol-agnostic value: what a wire protocol (awsJson, a query string, XML) renders.
///
/// Structures keep their members in schema order (absent optional members are left out), maps
/// keep insertion order. See [`ValueRef`] for the cases.
///
/// A value made by [`ToValue::to_value`] borrows the typed value and builds its tree only when
/// it is looked at, so it stays on the thread that made it (it is neither `Send` nor `Sync`);
/// [`Value::to_json`] gives text that can go anywhere.
#[derive(Clone, Default)]
pub struct Value<'a> {
    /// What the tree is built from, when [`ToValue::to_value`] made it.
    source: Option<&'a dyn ToValue>,
    /// The tree, once built.
    tape: OnceCell<Tape<'a>>,
}

impl<'a> Value<'a> {
    /// The value of `source`, its tree built when first looked at.
    pub(crate) fn of(source: &'a dyn ToValue) -> Self {
        Value {
            source: Some(source),
            tape: OnceCell::new(),
        }
    }

    /// A value of a tree already built.
    fn built(tape: Tape<'a>) -> Self {
        Value {
            source: None,
            tape: OnceCell::from(tape),
        }
    }

    /// The tree, built now if it was not yet.
    fn tape(&self) -> &Tape<'a> {
        self.tape.get_or_init(|| match self.source {
            Some(source) => {
                let mut out = ValueBuilder::new();
                source.write_value(&mut out);
                out.finish().tape.into_inner().unwrap_or_default()
            }
            None => Tape::default(),
        })
    }

    /// The awsJson text written straight from the typed value, when the tree was not built.
    fn direct_json(&self) -> Option<Vec<u8>> {
        match (self.source, self.tape.get()) {
            (Some(source), None) => {
                let mut out = ValueBuilder::json();
                source.write_value(&mut out);
                Some(out.into_json())
            }
            _ => None,
        }
    }

    /// The tree, to match on.
    pub fn view(&self) -> ValueRef<'_> {
        let tape = self.tape();
        if tape.nodes.is_empty() {
            // Only a builder that was given nothing makes an empty value: an empty structure.
            return ValueRef::Structure(Members {
                tape,
                pos: 0,
                end: 0,
                len: 0,
            });
        }
        tape.view_at(0)
    }

    /// The same tree, owning its text.
    pub fn into_owned(self) -> Value<'static> {
        self.tape();
        Value::built(self.tape.into_inner().unwrap_or_default().into_owned())
    }
}

/// Equal when the trees are (see [`ValueRef`]'s equality).
/// Trees compare by what they hold, whatever they borrow from (a value is invariant in its
/// lifetime, since it builds its tree when first looked at).
impl<'b> PartialEq<Value<'b>> for Value<'_> {
    fn eq(&self, other: &Value<'b>) -> bool {
        self.view() == other.view()
    }
}

/// The tree as maps, lists and scalars, with `<redacted>` for every value a secret wrote
/// (a type marked `format: password` or `writeOnly`, or a member so marked).
impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.tape().fmt(f)
    }
}

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(serializer)
    }
}

// The value trees of the types generated code uses.

impl ToValue for String {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.string(self.as_str());
    }
}

impl ToValue for str {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.string(self);
    }
}

impl ToValue for i32 {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.integer(*self);
    }
}

impl ToValue for i64 {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.long(*self);
    }
}

impl ToValue for f64 {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.double(*self);
    }
}

impl ToValue for bool {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.boolean(*self);
    }
}

impl ToValue for Timestamp {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.timestamp(*self);
    }
}

impl ToValue for Blob {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.blob(self.as_bytes());
    }
}

impl ToValue for Document {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        out.document(self);
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        let list = out.begin_list();
        for item in self {
            item.write_value(out);
        }
        out.end_container(list);
    }
}

impl<T: ToValue> ToValue for IndexMap<String, T> {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        let map = out.begin_map();
        for (k, v) in self {
            out.key(k.as_str());
            v.write_value(out);
        }
        out.end_container(map);
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    #[inline]
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        (**self).write_value(out);
    }
}
