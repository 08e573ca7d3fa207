//! The flat storage behind a [`Value`](super::Value): nodes in pre-order and side tables.
//!
//! Takes: nothing but what [`ValueBuilder`](super::ValueBuilder) pushes. Gives: a [`Tape`] of
//! 16-byte `Copy` [`Node`]s, each container knowing where its subtree ends, with text, bytes and
//! documents held in side tables (borrowed, or owned when [`OWNED`] is set on the index); views
//! of any node, and a copy that owns everything ([`Tape::into_owned`]).

use std::fmt;

use crate::{Document, Timestamp};

/// Bit 31 of a side-table index: the entry is in the owned table.
pub(super) const OWNED: u32 = 1 << 31;

/// The nodes and their side tables.
#[derive(Clone, Default)]
pub(super) struct Tape<'a> {
    pub(super) nodes: Vec<Node>,
    pub(super) texts: Vec<&'a str>,
    pub(super) owned_texts: Vec<Box<str>>,
    pub(super) bytes: Vec<&'a [u8]>,
    pub(super) owned_bytes: Vec<Box<[u8]>>,
    pub(super) documents: Vec<&'a Document>,
    pub(super) owned_documents: Vec<Document>,
    pub(super) timestamps: Vec<Timestamp>,
    /// The node ranges (`start..end`, in order, disjoint) written by a secret: `Debug` shows
    /// `<redacted>` for them.
    pub(super) secrets: Vec<(u32, u32)>,
}

/// One node of the flat tree. Text, bytes and documents are indices into the tape's tables
/// (with [`OWNED`] set for the owned tables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Node {
    /// A structure of `len` members (each a key then a value); its subtree ends before `end`.
    Structure {
        len: u32,
        end: u32,
    },
    /// A map of `len` entries (each a key then a value).
    Map {
        len: u32,
        end: u32,
    },
    /// A list of `len` values.
    List {
        len: u32,
        end: u32,
    },
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

    /// The same tape with every borrowed entry copied into the owned tables.
    pub(super) fn into_owned(self) -> Tape<'static> {
        let text_base = self.owned_texts.len() as u32;
        let bytes_base = self.owned_bytes.len() as u32;
        let doc_base = self.owned_documents.len() as u32;
        let own = |index: u32, base: u32| {
            if index & OWNED == 0 {
                OWNED | (base + index)
            } else {
                index
            }
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
            secrets: self.secrets,
        }
    }

    /// Whether node `i` was written by a secret.
    pub(super) fn is_secret(&self, i: usize) -> bool {
        let i = i as u32;
        let after = self.secrets.partition_point(|&(start, _)| start <= i);
        after > 0 && i < self.secrets[after - 1].1
    }

    /// `Debug` of the subtree at node `i`: maps and structures as maps, lists as lists, scalars
    /// as themselves, and `<redacted>` for what a secret wrote.
    pub(super) fn fmt_node(&self, i: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_secret(i) {
            return f.write_str("<redacted>");
        }
        match self.nodes[i] {
            Node::Structure { end, .. } | Node::Map { end, .. } => {
                self.fmt_members(i + 1, end as usize, f)
            }
            Node::List { end, .. } => self.fmt_items(i + 1, end as usize, f),
            Node::Key(t) | Node::PlainKey(t) | Node::String(t) | Node::Enum(t) => {
                fmt::Debug::fmt(self.text(t), f)
            }
            Node::Integer(n) => fmt::Debug::fmt(&n, f),
            Node::Long(n) => fmt::Debug::fmt(&n, f),
            Node::Double(d) => fmt::Debug::fmt(&d, f),
            Node::Boolean(b) => fmt::Debug::fmt(&b, f),
            Node::Timestamp(t) => fmt::Debug::fmt(&self.timestamps[t as usize], f),
            Node::Blob(b) => write!(f, "<{} bytes>", self.blob(b).len()),
            Node::Document(d) => fmt::Display::fmt(self.document(d), f),
        }
    }

    /// The members (key, value) between nodes `pos` and `end`, as a map.
    pub(super) fn fmt_members(
        &self,
        mut pos: usize,
        end: usize,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let mut map = f.debug_map();
        while pos < end {
            map.key(&At(self, pos)).value(&At(self, pos + 1));
            pos = self.subtree_end(pos + 1);
        }
        map.finish()
    }

    /// The items between nodes `pos` and `end`, as a list.
    pub(super) fn fmt_items(
        &self,
        mut pos: usize,
        end: usize,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let mut list = f.debug_list();
        while pos < end {
            list.entry(&At(self, pos));
            pos = self.subtree_end(pos);
        }
        list.finish()
    }
}

/// One node of a tape, to hand to `debug_map`/`debug_list`.
struct At<'t, 'a>(&'t Tape<'a>, usize);

impl fmt::Debug for At<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_node(self.1, f)
    }
}

/// The tree, secrets redacted (never the side tables, which hold every string).
impl fmt::Debug for Tape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nodes.is_empty() {
            return f.write_str("{}");
        }
        self.fmt_node(0, f)
    }
}
