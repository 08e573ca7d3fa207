//! The awsJson 1.1 rendering of a [`Value`]: [`Value::to_json`] and friends.
//!
//! Takes: a value tree. Gives: its JSON text: structures and maps as objects, timestamps as epoch
//! seconds, blobs as base64, non-finite doubles as strings, and strings escaped like
//! `serde_json` (checked eight bytes at a time, escaped byte by byte only when needed).

use super::Value;
use super::tape::{Node, Tape};

impl Value<'_> {
    /// Renders the tree as awsJson 1.1: structures and maps as objects, timestamps as epoch
    /// seconds, blobs as base64, enums as their wire strings, non-finite doubles as the strings
    /// `"NaN"`, `"Infinity"` and `"-Infinity"`.
    ///
    /// A value made by [`ToValue::to_value`](super::ToValue::to_value) and not looked at yet is
    /// written straight from the typed value, without building its tree.
    pub fn to_json(&self) -> String {
        if let Some(json) = self.direct_json() {
            return into_string(json);
        }
        let tape = self.tape();
        // Room for every text, plus punctuation and numbers: rarely grown.
        let text: usize = tape.texts.iter().map(|t| t.len()).sum();
        let mut out = Vec::with_capacity(64 + text + tape.nodes.len() * 8);
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
        if let Some(json) = self.direct_json() {
            out.extend_from_slice(&json);
            return;
        }
        let tape = self.tape();
        if tape.nodes.is_empty() {
            out.extend_from_slice(b"{}");
        } else {
            write_node(tape, 0, out);
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
                    Node::PlainKey(k) => write_plain_key(tape.text(k), out),
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
            write_integer(n, out);
            i + 1
        }
        Node::Long(n) => {
            write_integer(n, out);
            i + 1
        }
        Node::Double(d) => {
            write_double(d, out);
            i + 1
        }
        Node::Boolean(b) => {
            write_boolean(b, out);
            i + 1
        }
        Node::Timestamp(t) => {
            tape.timestamps[t as usize].write_epoch_seconds(out);
            i + 1
        }
        Node::Blob(b) => {
            write_blob(tape.blob(b), out);
            i + 1
        }
        Node::Document(d) => {
            write_document(tape.document(d), out);
            i + 1
        }
    }
}

/// A member name that needs no escaping (a [`WireName`](super::WireName)), quoted.
#[inline]
pub(super) fn write_plain_key(text: &str, out: &mut Vec<u8>) {
    out.reserve(text.len() + 3);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// An integer, in decimal.
#[inline]
pub(super) fn write_integer(n: impl itoa::Integer, out: &mut Vec<u8>) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `true` or `false`.
#[inline]
pub(super) fn write_boolean(b: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// Binary data as a base64 string.
pub(super) fn write_blob(bytes: &[u8], out: &mut Vec<u8>) {
    use base64::Engine as _;
    out.push(b'"');
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// A JSON value as `serde_json` writes it (its escaping matches `write_json_string`).
pub(super) fn write_document(json: &crate::Document, out: &mut Vec<u8>) {
    if serde_json::to_writer(&mut *out, json).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// A double: as `ryu` writes it, or one of the strings awsJson has for the others.
pub(super) fn write_double(d: f64, out: &mut Vec<u8>) {
    if d.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if d.is_infinite() {
        out.extend_from_slice(if d > 0.0 {
            b"\"Infinity\""
        } else {
            b"\"-Infinity\""
        });
    } else {
        out.extend_from_slice(ryu::Buffer::new().format_finite(d).as_bytes());
    }
}

/// Appends `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`,
/// … or `\u00XX`; everything else, non-ASCII included, as it is.
///
/// Most strings need no escape at all: they are checked eight bytes at a time and copied at
/// once; only a string that does need escaping goes byte by byte.
pub(crate) fn write_json_string(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    if has_escape(bytes) {
        return write_json_string_escaping(bytes, out);
    }
    // Nothing to escape (the usual case): one copy.
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    out.extend_from_slice(bytes);
    out.push(b'"');
}

/// Whether a byte of `bytes` must be escaped: eight at a time, the tail as the last eight bytes
/// (overlapping the chunk before; a string shorter than eight is looked up byte by byte). No
/// word is assembled on the stack: a padded copy cost a `memcpy` call and a stalled load.
#[inline]
fn has_escape(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0);
    }
    let word = |chunk: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        u64::from_le_bytes(word)
    };
    let mut chunks = bytes.chunks_exact(8);
    if chunks.any(|chunk| needs_escape(word(chunk))) {
        return true;
    }
    !bytes.len().is_multiple_of(8) && needs_escape(word(&bytes[bytes.len() - 8..]))
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
