//! The flat storage behind a [`Value`](super::Value): nodes in pre-order and side tables.
//!
//! Takes: nothing but what [`ValueBuilder`](super::ValueBuilder) pushes. Gives: a [`Tape`] of
//! 16-byte `Copy` [`Node`]s, each container knowing where its subtree ends, with text, bytes and
//! documents held in side tables (borrowed, or owned when [`OWNED`] is set on the index); views
//! of any node, and a copy that owns everything ([`Tape::into_owned`]).

use super::view::{Items, Members, ValueRef};
use crate::{Document, Timestamp};

/// Bit 31 of a side-table index: the entry is in the owned table.
pub(super) const OWNED: u32 = 1 << 31;

/// The nodes and their side tables.
#[derive(Debug, Clone, Default)]
pub(super) struct Tape<'a> {
    pub(super) nodes: Vec<Node>,
    pub(super) texts: Vec<&'a str>,
    pub(super) owned_texts: Vec<Box<str>>,
    pub(super) bytes: Vec<&'a [u8]>,
    pub(super) owned_bytes: Vec<Box<[u8]>>,
    pub(super) documents: Vec<&'a Document>,
    pub(super) owned_documents: Vec<Document>,
    pub(super) timestamps: Vec<Timestamp>,
}

/// One node of the flat tree. Text, bytes and documents are indices into the tape's tables
/// (with [`OWNED`] set for the owned tables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Node {
    /// A structure of `len` members (each a key then a value); its subtree ends before `end`.
    Structure { len: u32, end: u32 },
    /// A map of `len` entries (each a key then a value).
    Map { len: u32, end: u32 },
    /// A list of `len` values.
    List { len: u32, end: u32 },
    Key(u32),
    /// A key known to need no escaping (see [`WireName`](super::WireName)): rendered without
    /// a scan.
    PlainKey(u32),
    String(u32),
    Enum(u32),
    Integer(i32),
    Long(i64),
    Double(f64),
    Boolean(bool),
    Timestamp(u32),
    Blob(u32),
    Document(u32),
}

impl<'a> Tape<'a> {
    pub(super) fn text(&self, index: u32) -> &str {
        if index & OWNED == 0 {
            self.texts[index as usize]
        } else {
            &self.owned_texts[(index & !OWNED) as usize]
        }
    }

    pub(super) fn blob(&self, index: u32) -> &[u8] {
        if index & OWNED == 0 {
            self.bytes[index as usize]
        } else {
            &self.owned_bytes[(index & !OWNED) as usize]
        }
    }

    pub(super) fn document(&self, index: u32) -> &Document {
        if index & OWNED == 0 {
            self.documents[index as usize]
        } else {
            &self.owned_documents[(index & !OWNED) as usize]
        }
    }

    /// Where the subtree that starts at `i` ends.
    pub(super) fn subtree_end(&self, i: usize) -> usize {
        match self.nodes[i] {
            Node::Structure { end, .. } | Node::Map { end, .. } | Node::List { end, .. } => {
                end as usize
            }
            _ => i + 1,
        }
    }

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

    /// The same tape with every borrowed entry copied into the owned tables.
    pub(super) fn into_owned(self) -> Tape<'static> {
        let text_base = self.owned_texts.len() as u32;
        let bytes_base = self.owned_bytes.len() as u32;
        let doc_base = self.owned_documents.len() as u32;
        let own = |index: u32, base: u32| {
            if index & OWNED == 0 { OWNED | (base + index) } else { index }
        };
        let nodes = self
            .nodes
            .iter()
            .map(|node| match *node {
                Node::Key(t) => Node::Key(own(t, text_base)),
                Node::PlainKey(t) => Node::PlainKey(own(t, text_base)),
                Node::String(t) => Node::String(own(t, text_base)),
                Node::Enum(t) => Node::Enum(own(t, text_base)),
                Node::Blob(b) => Node::Blob(own(b, bytes_base)),
                Node::Document(d) => Node::Document(own(d, doc_base)),
                other => other,
            })
            .collect();
        let mut owned_texts = self.owned_texts;
        owned_texts.extend(self.texts.iter().map(|t| Box::<str>::from(*t)));
        let mut owned_bytes = self.owned_bytes;
        owned_bytes.extend(self.bytes.iter().map(|b| Box::<[u8]>::from(*b)));
        let mut owned_documents = self.owned_documents;
        owned_documents.extend(self.documents.iter().map(|d| (*d).clone()));
        Tape {
            nodes,
            texts: Vec::new(),
            owned_texts,
            bytes: Vec::new(),
            owned_bytes,
            documents: Vec::new(),
            owned_documents,
            timestamps: self.timestamps,
        }
    }
}
