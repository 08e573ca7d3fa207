//! The value tree and its awsJson 1.1 rendering.
//!
//! A [`Value`] is a tree of structures, lists, maps and scalars. It is stored flat: its nodes in
//! one vector, in pre-order, each container knowing where its subtree ends (a "tape"), and the
//! text, bytes and documents the nodes refer to in side tables. Every node is 16 bytes and
//! `Copy`, so building a tree is a run of cheap pushes into a few vectors however deep the value
//! is, rendering is a linear walk, and strings are borrowed from the value they came from.
//! [`Value::view`] gives the tree as an enum ([`ValueRef`]) to match on.

use std::fmt;

use crate::{Blob, Document, IndexMap, Timestamp};

/// Turns a value into its [`Value`] tree. Implemented by every generated type.
pub trait ToValue {
    /// Appends this value's nodes to `out`.
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>);

    /// The value tree, borrowing from `self`.
    fn to_value(&self) -> Value<'_> {
        let mut out = ValueBuilder::new();
        self.write_value(&mut out);
        out.finish()
    }
}

/// A protocol-agnostic value: what a wire protocol (awsJson, a query string, XML) renders.
///
/// Structures keep their members in schema order (absent optional members are left out), maps
/// keep insertion order. See [`ValueRef`] for the cases.
#[derive(Clone, Default)]
pub struct Value<'a> {
    tape: Tape<'a>,
}

/// Bit 31 of a side-table index: the entry is in the owned table.
const OWNED: u32 = 1 << 31;

/// The nodes and their side tables.
#[derive(Debug, Clone, Default)]
struct Tape<'a> {
    nodes: Vec<Node>,
    texts: Vec<&'a str>,
    owned_texts: Vec<Box<str>>,
    bytes: Vec<&'a [u8]>,
    owned_bytes: Vec<Box<[u8]>>,
    documents: Vec<&'a Document>,
    owned_documents: Vec<Document>,
    timestamps: Vec<Timestamp>,
}

/// One node of the flat tree. Text, bytes and documents are indices into the tape's tables
/// (with [`OWNED`] set for the owned tables).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    /// A structure of `len` members (each a key then a value); its subtree ends before `end`.
    Structure { len: u32, end: u32 },
    /// A map of `len` entries (each a key then a value).
    Map { len: u32, end: u32 },
    /// A list of `len` values.
    List { len: u32, end: u32 },
    Key(u32),
    /// A key known to need no escaping (see [`WireName`]): rendered without a scan.
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
    fn text(&self, index: u32) -> &str {
        if index & OWNED == 0 {
            self.texts[index as usize]
        } else {
            &self.owned_texts[(index & !OWNED) as usize]
        }
    }

    fn blob(&self, index: u32) -> &[u8] {
        if index & OWNED == 0 {
            self.bytes[index as usize]
        } else {
            &self.owned_bytes[(index & !OWNED) as usize]
        }
    }

    fn document(&self, index: u32) -> &Document {
        if index & OWNED == 0 {
            self.documents[index as usize]
        } else {
            &self.owned_documents[(index & !OWNED) as usize]
        }
    }

    /// Where the subtree that starts at `i` ends.
    fn subtree_end(&self, i: usize) -> usize {
        match self.nodes[i] {
            Node::Structure { end, .. } | Node::Map { end, .. } | Node::List { end, .. } => {
                end as usize
            }
            _ => i + 1,
        }
    }

    fn view_at(&self, i: usize) -> ValueRef<'_> {
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
    fn into_owned(self) -> Tape<'static> {
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

/// A view of one node of a [`Value`]: the tree's cases.
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
#[derive(Debug, Clone, Copy)]
pub struct Members<'v> {
    tape: &'v Tape<'v>,
    pos: usize,
    end: usize,
    len: usize,
}

/// The items of a list, in order.
#[derive(Debug, Clone, Copy)]
pub struct Items<'v> {
    tape: &'v Tape<'v>,
    pos: usize,
    end: usize,
    len: usize,
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

impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

impl<'a> Value<'a> {
    /// The tree, to match on.
    pub fn view(&self) -> ValueRef<'_> {
        if self.tape.nodes.is_empty() {
            // Only a builder that was given nothing makes an empty value: an empty structure.
            return ValueRef::Structure(Members {
                tape: &self.tape,
                pos: 0,
                end: 0,
                len: 0,
            });
        }
        self.tape.view_at(0)
    }

    /// Renders the tree as awsJson 1.1: structures and maps as objects, timestamps as epoch
    /// seconds, blobs as base64, enums as their wire strings, non-finite doubles as the strings
    /// `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub fn to_json(&self) -> String {
        // Room for every text, plus punctuation and numbers: rarely grown.
        let text: usize = self.tape.texts.iter().map(|t| t.len()).sum();
        let mut out = Vec::with_capacity(64 + text + self.tape.nodes.len() * 8);
        self.write_json_bytes(&mut out);
        into_string(out)
    }

    /// Appends the awsJson 1.1 rendering to `out`.
    pub fn write_json(&self, out: &mut String) {
        let mut bytes = std::mem::take(out).into_bytes();
        self.write_json_bytes(&mut bytes);
        *out = into_string(bytes);
    }

    /// Appends the awsJson 1.1 rendering, as UTF-8, to a byte buffer (an HTTP body, say).
    pub fn write_json_bytes(&self, out: &mut Vec<u8>) {
        if self.tape.nodes.is_empty() {
            out.extend_from_slice(b"{}");
        } else {
            write_node(&self.tape, 0, out);
        }
    }

    /// The same tree, owning its text.
    pub fn into_owned(self) -> Value<'static> {
        Value {
            tape: self.tape.into_owned(),
        }
    }
}

/// Text written by the renderer: only ever `str` pieces and ASCII, so always UTF-8.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the subtree at `i`; gives the index after it.
fn write_node(tape: &Tape<'_>, i: usize, out: &mut Vec<u8>) -> usize {
    match tape.nodes[i] {
        Node::Structure { end, .. } | Node::Map { end, .. } => {
            let end = end as usize;
            out.push(b'{');
            let mut j = i + 1;
            while j < end {
                if j > i + 1 {
                    out.push(b',');
                }
                match tape.nodes[j] {
                    Node::PlainKey(k) => {
                        let text = tape.text(k).as_bytes();
                        out.reserve(text.len() + 3);
                        out.push(b'"');
                        out.extend_from_slice(text);
                        out.push(b'"');
                    }
                    Node::Key(k) => write_json_string(tape.text(k), out),
                    _ => {}
                }
                out.push(b':');
                j = write_node(tape, j + 1, out);
            }
            out.push(b'}');
            end
        }
        Node::List { end, .. } => {
            let end = end as usize;
            out.push(b'[');
            let mut j = i + 1;
            while j < end {
                if j > i + 1 {
                    out.push(b',');
                }
                j = write_node(tape, j, out);
            }
            out.push(b']');
            end
        }
        Node::Key(t) | Node::PlainKey(t) | Node::String(t) | Node::Enum(t) => {
            write_json_string(tape.text(t), out);
            i + 1
        }
        Node::Integer(n) => {
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            i + 1
        }
        Node::Long(n) => {
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            i + 1
        }
        Node::Double(d) => {
            write_double(d, out);
            i + 1
        }
        Node::Boolean(b) => {
            out.extend_from_slice(if b { b"true" } else { b"false" });
            i + 1
        }
        Node::Timestamp(t) => {
            tape.timestamps[t as usize].write_epoch_seconds(out);
            i + 1
        }
        Node::Blob(b) => {
            use base64::Engine as _;
            out.push(b'"');
            let text = base64::engine::general_purpose::STANDARD.encode(tape.blob(b));
            out.extend_from_slice(text.as_bytes());
            out.push(b'"');
            i + 1
        }
        Node::Document(d) => {
            // serde_json writes documents; its escaping matches `write_json_string`.
            if serde_json::to_writer(&mut *out, tape.document(d)).is_err() {
                out.extend_from_slice(b"null");
            }
            i + 1
        }
    }
}

/// A member name as the builder takes it.
#[derive(Debug, Clone, Copy)]
pub enum Name<'a> {
    /// Any text: escaped as needed when rendered.
    Text(&'a str),
    /// A wire name known to need no escaping.
    Wire(WireName),
}

impl<'a> From<&'a str> for Name<'a> {
    fn from(text: &'a str) -> Self {
        Name::Text(text)
    }
}

impl From<WireName> for Name<'_> {
    fn from(name: WireName) -> Self {
        Name::Wire(name)
    }
}

/// A member name that needs no escaping in JSON (no `"`, `\` or control character), checked
/// when the program is compiled: `const { WireName::new("ClientId") }` fails to compile for a
/// name that would. Rendering copies such a name without looking at it: generated code uses it
/// for its wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireName(&'static str);

impl WireName {
    /// The wire name; panics (at compile time, in a `const` context) if it needs escaping.
    pub const fn new(name: &'static str) -> Self {
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            assert!(
                b >= 0x20 && b != b'"' && b != b'\\',
                "a WireName must need no JSON escaping"
            );
            i += 1;
        }
        Self(name)
    }

    /// The name.
    pub const fn as_str(&self) -> &'static str {
        self.0
    }
}

/// An open container in a [`ValueBuilder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "close the container with `end_container`"]
pub struct Open(usize);

/// Builds a [`Value`] node by node: what generated `write_value`s use, and how a tree is made
/// by hand.
///
/// A structure or map is opened, given members (`member`/`optional`, or `key` then a value), and
/// closed; a list is opened, given values, and closed.
#[derive(Debug)]
pub struct ValueBuilder<'a> {
    tape: Tape<'a>,
    /// The innermost open container (`NONE` when none is open). While a container is open, its
    /// node's `end` holds the index of the container around it, so the open containers form a
    /// stack threaded through the nodes and need no allocation of their own.
    top: u32,
    /// Whether `top` is a list (its values are counted as items).
    top_is_list: bool,
}

/// No container.
const NONE: u32 = u32::MAX;

/// A side-table or node index, saturating far beyond anything real (2³¹ entries).
fn index_of(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(OWNED - 1).min(OWNED - 1)
}

impl Default for ValueBuilder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> ValueBuilder<'a> {
    /// An empty builder.
    pub fn new() -> Self {
        Self {
            tape: Tape {
                nodes: Vec::with_capacity(64),
                texts: Vec::with_capacity(48),
                ..Tape::default()
            },
            top: NONE,
            top_is_list: false,
        }
    }

    /// Counts one more member or item in the innermost container.
    #[inline]
    fn count(&mut self) {
        if let Some(Node::Structure { len, .. } | Node::Map { len, .. } | Node::List { len, .. }) =
            self.tape.nodes.get_mut(self.top as usize)
        {
            *len += 1;
        }
    }

    /// Adds a value node; in a list it is one more item (members of structures and maps are
    /// counted by their keys).
    #[inline]
    fn push_value(&mut self, node: Node) {
        if self.top_is_list {
            self.count();
        }
        self.tape.nodes.push(node);
    }

    #[inline]
    fn borrowed_text(&mut self, text: &'a str) -> u32 {
        self.tape.texts.push(text);
        index_of(self.tape.texts.len() - 1)
    }

    fn owned_text(&mut self, text: String) -> u32 {
        self.tape.owned_texts.push(text.into_boxed_str());
        OWNED | index_of(self.tape.owned_texts.len() - 1)
    }

    /// Opens a container (`kind`: 0 structure, 1 map, 2 list).
    #[inline]
    fn begin(&mut self, kind: u8) -> Open {
        let end = self.top;
        let node = match kind {
            0 => Node::Structure { len: 0, end },
            1 => Node::Map { len: 0, end },
            _ => Node::List { len: 0, end },
        };
        self.push_value(node);
        let index = self.tape.nodes.len() - 1;
        self.top = index_of(index);
        self.top_is_list = kind == 2;
        Open(index)
    }

    /// Opens a structure.
    #[inline]
    pub fn begin_structure(&mut self) -> Open {
        self.begin(0)
    }

    /// Opens a map.
    #[inline]
    pub fn begin_map(&mut self) -> Open {
        self.begin(1)
    }

    /// Opens a list.
    #[inline]
    pub fn begin_list(&mut self) -> Open {
        self.begin(2)
    }

    /// Closes a structure, map or list (and any container opened inside it and left open).
    pub fn end_container(&mut self, open: Open) {
        let end = index_of(self.tape.nodes.len());
        while self.top != NONE {
            let current = self.top as usize;
            let parent = match &mut self.tape.nodes[current] {
                Node::Structure { end: e, .. }
                | Node::Map { end: e, .. }
                | Node::List { end: e, .. } => std::mem::replace(e, end),
                _ => NONE,
            };
            self.top = parent;
            self.top_is_list =
                matches!(self.tape.nodes.get(parent as usize), Some(Node::List { .. }));
            if current == open.0 {
                break;
            }
        }
    }

    #[inline]
    fn count_key(&mut self) {
        if !self.top_is_list {
            self.count();
        }
    }

    /// The name of the next member of the innermost structure or map: a string, or a
    /// [`WireName`] checked when the program was compiled.
    #[inline]
    pub fn key(&mut self, name: impl Into<Name<'a>>) {
        self.count_key();
        let node = match name.into() {
            Name::Text(text) => Node::Key(self.borrowed_text(text)),
            Name::Wire(WireName(text)) => Node::PlainKey(self.borrowed_text(text)),
        };
        self.tape.nodes.push(node);
    }

    /// [`key`](Self::key) for a name the tree must own.
    pub fn key_owned(&mut self, name: impl Into<String>) {
        self.count_key();
        let t = self.owned_text(name.into());
        self.tape.nodes.push(Node::Key(t));
    }

    /// A member: its name, then its value.
    #[inline]
    pub fn member<T: ToValue + ?Sized>(&mut self, name: impl Into<Name<'a>>, value: &'a T) {
        self.key(name);
        value.write_value(self);
    }

    /// A member when it is present; nothing when it is absent.
    #[inline]
    pub fn optional<T: ToValue>(&mut self, name: impl Into<Name<'a>>, value: Option<&'a T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    /// A string.
    #[inline]
    pub fn string(&mut self, value: &'a str) {
        let t = self.borrowed_text(value);
        self.push_value(Node::String(t));
    }

    /// A string the tree must own.
    pub fn string_owned(&mut self, value: impl Into<String>) {
        let t = self.owned_text(value.into());
        self.push_value(Node::String(t));
    }

    /// An enum value (its wire string).
    #[inline]
    pub fn enum_value(&mut self, value: &'a str) {
        let t = self.borrowed_text(value);
        self.push_value(Node::Enum(t));
    }

    /// A 32-bit integer.
    #[inline]
    pub fn integer(&mut self, value: i32) {
        self.push_value(Node::Integer(value));
    }

    /// A 64-bit integer.
    #[inline]
    pub fn long(&mut self, value: i64) {
        self.push_value(Node::Long(value));
    }

    /// A double.
    #[inline]
    pub fn double(&mut self, value: f64) {
        self.push_value(Node::Double(value));
    }

    /// A boolean.
    #[inline]
    pub fn boolean(&mut self, value: bool) {
        self.push_value(Node::Boolean(value));
    }

    /// A timestamp.
    pub fn timestamp(&mut self, value: Timestamp) {
        self.tape.timestamps.push(value);
        let index = index_of(self.tape.timestamps.len() - 1);
        self.push_value(Node::Timestamp(index));
    }

    /// Binary data.
    pub fn blob(&mut self, value: &'a [u8]) {
        self.tape.bytes.push(value);
        let index = index_of(self.tape.bytes.len() - 1);
        self.push_value(Node::Blob(index));
    }

    /// A JSON value the schema says nothing about.
    pub fn document(&mut self, value: &'a Document) {
        self.tape.documents.push(value);
        let index = index_of(self.tape.documents.len() - 1);
        self.push_value(Node::Document(index));
    }

    /// The finished tree (containers left open are closed).
    pub fn finish(mut self) -> Value<'a> {
        if self.top != NONE {
            // Close everything that was left open.
            self.end_container(Open(usize::MAX));
        }
        Value { tape: self.tape }
    }
}

fn write_double(d: f64, out: &mut Vec<u8>) {
    if d.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if d.is_infinite() {
        out.extend_from_slice(if d > 0.0 { b"\"Infinity\"" } else { b"\"-Infinity\"" });
    } else {
        out.extend_from_slice(ryu::Buffer::new().format_finite(d).as_bytes());
    }
}

/// Appends `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`,
/// … or `\u00XX`; everything else, non-ASCII included, as it is.
///
/// Most strings need no escape at all: they are checked and copied eight bytes at a time (the
/// tail padded with spaces, which need no escape); only a string that does need escaping goes
/// byte by byte.
pub(crate) fn write_json_string(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let start = out.len();
    out.reserve(bytes.len() + 10);
    out.push(b'"');
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs_escape(u64::from_le_bytes(word)) {
            out.truncate(start);
            return write_json_string_escaping(bytes, out);
        }
        out.extend_from_slice(&word);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [b' '; 8];
        word[..rest.len()].copy_from_slice(rest);
        if needs_escape(u64::from_le_bytes(word)) {
            out.truncate(start);
            return write_json_string_escaping(bytes, out);
        }
        out.extend_from_slice(&word);
        out.truncate(out.len() - (8 - rest.len()));
    }
    out.push(b'"');
}

/// The byte-by-byte path of [`write_json_string`], for strings with something to escape.
#[cold]
fn write_json_string_escaping(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.push(b'\\');
            out.push(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `word` is a control character, `"` or `\` (SWAR: the
/// classic "has a zero byte" and "has a byte below n" tests).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_0x20 = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let has_quote = quote.wrapping_sub(ONES) & !quote & HIGHS;
    let has_backslash = backslash.wrapping_sub(ONES) & !backslash & HIGHS;
    (below_0x20 | has_quote | has_backslash) != 0
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// For each byte: 0 when it goes out as it is, else the letter after the backslash (`u` for
/// `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};


impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(serializer)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_tree<'a>(
        name: &'a String,
        blob: &'a Blob,
        map: &'a IndexMap<String, String>,
        doc: &'a Document,
        at: &'a Timestamp,
    ) -> Value<'a> {
        let mut b = ValueBuilder::new();
        let s = b.begin_structure();
        b.member("Name", name);
        b.member("Count", &3_i32);
        b.member("Big", &(1_i64 << 40));
        b.member("Ratio", &0.25_f64);
        b.member("On", &true);
        b.member("At", at);
        b.member("Data", blob);
        b.member("Tags", map);
        b.member("Doc", doc);
        b.optional::<String>("Absent", None);
        b.key("Nested");
        let list = b.begin_list();
        b.integer(1);
        let inner = b.begin_structure();
        b.key("E");
        b.enum_value("X");
        b.end_container(inner);
        let empty = b.begin_list();
        b.end_container(empty);
        b.end_container(list);
        b.end_container(s);
        b.finish()
    }

    #[test]
    fn renders_awsjson() {
        let mut map = IndexMap::new();
        map.insert(String::from("z"), String::from("last"));
        map.insert(String::from("a"), String::from("first"));
        let blob = Blob::new(b"hi".to_vec());
        let doc: Document = serde_json::json!({"k": [1, null, "x"]});
        let at = Timestamp::new(1_700_000_000, 250_000_000);
        let name = String::from("quote \" slash \\ nl \n tab \t bell \u{7} é");
        let tree = sample_tree(&name, &blob, &map, &doc, &at);
        assert_eq!(
            tree.to_json(),
            r#"{"Name":"quote \" slash \\ nl \n tab \t bell \u0007 é","Count":3,"Big":1099511627776,"Ratio":0.25,"On":true,"At":1700000000.25,"Data":"aGk=","Tags":{"z":"last","a":"first"},"Doc":{"k":[1,null,"x"]},"Nested":[1,{"E":"X"},[]]}"#
        );
        // The serde path writes the same document.
        let via_serde: serde_json::Value = serde_json::to_value(&tree).unwrap();
        let via_render: serde_json::Value = serde_json::from_str(&tree.to_json()).unwrap();
        assert_eq!(via_serde, via_render);
    }

    #[test]
    fn views_walk_the_tree() {
        let map = IndexMap::new();
        let blob = Blob::default();
        let doc = Document::Null;
        let at = Timestamp::default();
        let name = String::from("n");
        let tree = sample_tree(&name, &blob, &map, &doc, &at);
        let ValueRef::Structure(members) = tree.view() else { panic!("not a structure") };
        assert_eq!(members.len(), 10);
        let names: Vec<&str> = members.map(|(k, _)| k).collect();
        assert_eq!(
            names,
            ["Name", "Count", "Big", "Ratio", "On", "At", "Data", "Tags", "Doc", "Nested"]
        );
        let (_, nested) = members.last().unwrap();
        let ValueRef::List(items) = nested else { panic!("not a list") };
        let items: Vec<ValueRef<'_>> = items.collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], ValueRef::Integer(1));
        let ValueRef::Structure(mut inner) = items[1] else { panic!("not a structure") };
        assert_eq!(inner.next(), Some(("E", ValueRef::Enum("X"))));
        assert!(matches!(items[2], ValueRef::List(l) if l.len() == 0));
        assert!(format!("{tree:?}").contains("Nested"));
    }

    #[test]
    fn escaping_agrees_with_serde_json_on_every_byte_position() {
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1f}", "é", "\u{7f}", " ", "x"];
        for len in 0..20 {
            for (k, special) in specials.iter().enumerate() {
                for pos in 0..=len {
                    let mut text: String =
                        (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
                    text.insert_str(pos.min(text.len()), special);
                    if k % 2 == 0 {
                        text.push_str(special);
                    }
                    let mut ours = Vec::new();
                    write_json_string(&text, &mut ours);
                    assert_eq!(ours, serde_json::to_vec(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn non_finite_doubles_are_strings() {
        let render = |d: f64| {
            let mut b = ValueBuilder::new();
            b.double(d);
            b.finish().to_json()
        };
        assert_eq!(render(f64::NAN), "\"NaN\"");
        assert_eq!(render(f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(render(1.0), "1.0");
    }

    #[test]
    fn owned_trees_equal_borrowed_ones() {
        let s = String::from("x");
        let mut b = ValueBuilder::new();
        let open = b.begin_structure();
        b.member("S", &s);
        b.end_container(open);
        let tree = b.finish();
        assert_eq!(tree.clone().into_owned(), tree);
    }

    #[test]
    fn owned_trees_render_and_compare_like_borrowed_ones() {
        let map = IndexMap::new();
        let blob = Blob::new(b"xyz".to_vec());
        let doc: Document = serde_json::json!([1, "two"]);
        let at = Timestamp::from_epoch_seconds(5);
        let name = String::from("n");
        let tree = sample_tree(&name, &blob, &map, &doc, &at);
        let json = tree.to_json();
        let owned = tree.clone().into_owned();
        assert_eq!(owned, tree);
        assert_eq!(owned.to_json(), json);
        let mut b = ValueBuilder::new();
        let open = b.begin_structure();
        b.key_owned(String::from("K"));
        b.string_owned(String::from("v"));
        b.end_container(open);
        assert_eq!(b.finish().to_json(), r#"{"K":"v"}"#);
    }

    #[test]
    fn finish_closes_what_was_left_open() {
        let mut b = ValueBuilder::new();
        let _outer = b.begin_structure();
        b.key("a");
        let _list = b.begin_list();
        b.integer(1);
        let _inner = b.begin_map();
        b.key("k");
        b.boolean(true);
        let tree = b.finish();
        assert_eq!(tree.to_json(), r#"{"a":[1,{"k":true}]}"#);
        let ValueRef::Structure(members) = tree.view() else { panic!("not a structure") };
        let (_, list) = members.last().unwrap();
        assert!(matches!(list, ValueRef::List(items) if items.len() == 2));
    }

    #[test]
    fn wire_names_render_like_escaped_keys() {
        const NAME: WireName = WireName::new("ClientId");
        let v = 1_i32;
        let mut a = ValueBuilder::new();
        let open = a.begin_structure();
        a.member(NAME, &v);
        a.member("Quote\"d", &v);
        a.end_container(open);
        let mut b = ValueBuilder::new();
        let open = b.begin_structure();
        b.member("ClientId", &v);
        b.member("Quote\"d", &v);
        b.end_container(open);
        let (a, b) = (a.finish(), b.finish());
        assert_eq!(a.to_json(), r#"{"ClientId":1,"Quote\"d":1}"#);
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(a, b);
    }

    #[test]
    #[should_panic(expected = "no JSON escaping")]
    fn a_wire_name_that_needs_escaping_is_refused() {
        let name: &'static str = String::from("a\"b").leak();
        let _ = WireName::new(name);
    }

    #[test]
    fn nodes_stay_small() {
        assert!(std::mem::size_of::<Node>() <= 16);
    }
}
