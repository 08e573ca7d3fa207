//! Building a [`Value`] node by node: [`ValueBuilder`], with member [`Name`]s, compile-time
//! checked [`WireName`]s and [`Open`] container handles.
//!
//! Takes: calls from generated `write_value`s (or hand-written code): open a container, add
//! members or items, close it. Gives: the finished [`Value`]; containers left open are closed.

use super::render::{
    write_boolean, write_double, write_integer, write_json_string, write_plain_key,
};
use super::tape::{Node, OWNED, Tape};
use super::{ToValue, Value};
use crate::{Document, Timestamp};

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
    /// How many secrets are being written (see [`begin_secret`](Self::begin_secret)).
    secret_depth: u32,
    /// Set when the value is written straight as awsJson text instead of as a tree
    /// ([`Value::to_json`] of a value made by [`ToValue::to_value`]).
    json: Option<Json>,
}

/// awsJson text written as the builder is called: the tree's rendering, without the tree.
#[derive(Debug)]
struct Json {
    out: Vec<u8>,
    /// Whether what comes next in the open container needs a `,` before it.
    comma: bool,
    /// How many containers are open.
    depth: usize,
    /// Bit `i`: the container open at depth `i` (below 64) is a list.
    lists: u64,
    /// The closing brackets of containers open at depth 64 and deeper, innermost last.
    deeper: Vec<u8>,
}

impl Json {
    /// Opens a container.
    #[inline]
    fn open(&mut self, list: bool) {
        self.sep();
        self.out.push(if list { b'[' } else { b'{' });
        match u32::try_from(self.depth) {
            Ok(bit) if bit < 64 => {
                self.lists = self.lists & !(1 << bit) | u64::from(list) << bit;
            }
            _ => self.deeper.push(if list { b']' } else { b'}' }),
        }
        self.depth += 1;
        self.comma = false;
    }

    /// Closes the innermost open container, if there is one.
    #[inline]
    fn close(&mut self) {
        let Some(depth) = self.depth.checked_sub(1) else {
            return;
        };
        self.depth = depth;
        let closer = match u32::try_from(depth) {
            Ok(bit) if bit < 64 => {
                if self.lists >> bit & 1 == 1 {
                    b']'
                } else {
                    b'}'
                }
            }
            _ => self.deeper.pop().unwrap_or(b'}'),
        };
        self.out.push(closer);
        self.comma = true;
    }

    /// A `,` if one is due.
    #[inline]
    fn sep(&mut self) {
        if self.comma {
            self.out.push(b',');
        }
    }

    #[inline]
    fn key(&mut self, name: Name<'_>) {
        self.sep();
        match name {
            Name::Wire(WireName(text)) => write_plain_key(text, &mut self.out),
            Name::Text(text) => write_json_string(text, &mut self.out),
        }
        self.out.push(b':');
        self.comma = false;
    }

    /// Writes one scalar with `write`.
    #[inline]
    fn scalar(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        self.sep();
        write(&mut self.out);
        self.comma = true;
    }
}

/// A secret being written into a [`ValueBuilder`]: where its nodes start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "close the secret with `end_secret`"]
pub struct SecretStart(usize);

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
            secret_depth: 0,
            json: None,
        }
    }

    /// A builder that writes awsJson text as it is called (see [`Value::to_json`]).
    pub(super) fn json() -> Self {
        Self {
            tape: Tape::default(),
            top: NONE,
            top_is_list: false,
            secret_depth: 0,
            json: Some(Json {
                out: Vec::with_capacity(256),
                comma: false,
                depth: 0,
                lists: 0,
                deeper: Vec::new(),
            }),
        }
    }

    /// The text written by a [`json`](Self::json) builder (`{}` when it was given nothing,
    /// as an empty tree renders).
    pub(super) fn into_json(self) -> Vec<u8> {
        let Some(mut json) = self.json else {
            return Vec::new();
        };
        while json.depth > 0 {
            json.close();
        }
        if json.out.is_empty() {
            json.out.extend_from_slice(b"{}");
        }
        json.out
    }

    /// Starts a secret: the nodes written until [`end_secret`](Self::end_secret) are rendered
    /// as usual, and shown as `<redacted>` by the tree's `Debug`.
    pub fn begin_secret(&mut self) -> SecretStart {
        self.secret_depth += 1;
        SecretStart(self.tape.nodes.len())
    }

    /// Ends the secret started at `start`.
    pub fn end_secret(&mut self, start: SecretStart) {
        self.secret_depth = self.secret_depth.saturating_sub(1);
        let end = self.tape.nodes.len();
        // Only the outermost secret is recorded: the ranges stay ordered and disjoint.
        if self.secret_depth == 0 && end > start.0 {
            self.tape.secrets.push((index_of(start.0), index_of(end)));
        }
    }

    /// A value that is a secret.
    pub fn secret<T: ToValue + ?Sized>(&mut self, value: &'a T) {
        let start = self.begin_secret();
        value.write_value(self);
        self.end_secret(start);
    }

    /// A member whose value is a secret.
    pub fn secret_member<T: ToValue + ?Sized>(&mut self, name: impl Into<Name<'a>>, value: &'a T) {
        self.key(name);
        self.secret(value);
    }

    /// A secret member when it is present.
    pub fn secret_optional<T: ToValue>(&mut self, name: impl Into<Name<'a>>, value: Option<&'a T>) {
        if let Some(value) = value {
            self.secret_member(name, value);
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
        if let Some(json) = &mut self.json {
            json.open(kind == 2);
            return Open(json.depth - 1);
        }
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
        if let Some(json) = &mut self.json {
            while json.depth > open.0 {
                json.close();
            }
            json.comma = true;
            return;
        }
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
            self.top_is_list = matches!(
                self.tape.nodes.get(parent as usize),
                Some(Node::List { .. })
            );
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
        if let Some(json) = &mut self.json {
            json.key(name.into());
            return;
        }
        self.count_key();
        let node = match name.into() {
            Name::Text(text) => Node::Key(self.borrowed_text(text)),
            Name::Wire(WireName(text)) => Node::PlainKey(self.borrowed_text(text)),
        };
        self.tape.nodes.push(node);
    }

    /// [`key`](Self::key) for a name the tree must own.
    pub fn key_owned(&mut self, name: impl Into<String>) {
        if let Some(json) = &mut self.json {
            json.key(Name::Text(&name.into()));
            return;
        }
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
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_json_string(value, out));
            return;
        }
        let t = self.borrowed_text(value);
        self.push_value(Node::String(t));
    }

    /// A string the tree must own.
    pub fn string_owned(&mut self, value: impl Into<String>) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_json_string(&value.into(), out));
            return;
        }
        let t = self.owned_text(value.into());
        self.push_value(Node::String(t));
    }

    /// An enum value (its wire string).
    #[inline]
    pub fn enum_value(&mut self, value: &'a str) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_json_string(value, out));
            return;
        }
        let t = self.borrowed_text(value);
        self.push_value(Node::Enum(t));
    }

    /// A 32-bit integer.
    #[inline]
    pub fn integer(&mut self, value: i32) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_integer(value, out));
            return;
        }
        self.push_value(Node::Integer(value));
    }

    /// A 64-bit integer.
    #[inline]
    pub fn long(&mut self, value: i64) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_integer(value, out));
            return;
        }
        self.push_value(Node::Long(value));
    }

    /// A double.
    #[inline]
    pub fn double(&mut self, value: f64) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_double(value, out));
            return;
        }
        self.push_value(Node::Double(value));
    }

    /// A boolean.
    #[inline]
    pub fn boolean(&mut self, value: bool) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| write_boolean(value, out));
            return;
        }
        self.push_value(Node::Boolean(value));
    }

    /// A timestamp.
    pub fn timestamp(&mut self, value: Timestamp) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| value.write_epoch_seconds(out));
            return;
        }
        self.tape.timestamps.push(value);
        let index = index_of(self.tape.timestamps.len() - 1);
        self.push_value(Node::Timestamp(index));
    }

    /// Binary data.
    pub fn blob(&mut self, value: &'a [u8]) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| super::render::write_blob(value, out));
            return;
        }
        self.tape.bytes.push(value);
        let index = index_of(self.tape.bytes.len() - 1);
        self.push_value(Node::Blob(index));
    }

    /// A JSON value the schema says nothing about.
    pub fn document(&mut self, value: &'a Document) {
        if let Some(json) = &mut self.json {
            json.scalar(|out| super::render::write_document(value, out));
            return;
        }
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
        Value::built(self.tape)
    }
}
