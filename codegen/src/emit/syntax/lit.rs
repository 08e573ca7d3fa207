//! Literals and comment text: whatever the schemas hold, written so that the file compiles
//! and reads as it compiles.
//!
//! Takes: text from the schemas (wire names, patterns, descriptions, JSON documents). Gives:
//! Rust string literals ([`lit`]), raw literals of JSON text ([`json_lit`]), and comment text
//! with no line break and no bidirectional-text control as written ([`comment_text`]).

use std::fmt::Write as _;

use crate::text::is_bidi_control;

/// A Rust string literal for `text`, escaped as `{:?}` escapes it, except that a NUL before an
/// octal digit is `\x00`: `"\00"` reads as an octal escape to a reader (clippy's
/// `octal_escapes`), though Rust has none.
pub fn lit(text: &str) -> String {
    let debug = format!("{text:?}");
    if !debug.contains("\\0") {
        return debug;
    }
    let mut out = String::with_capacity(debug.len() + 4);
    let mut chars = debug.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // An escape: `\` and the character after it, which is never a backslash itself.
        let Some(e) = chars.next() else { break };
        if e == '0' && chars.peek().is_some_and(|n| ('0'..='7').contains(n)) {
            out.push_str("\\x00");
        } else {
            out.push(c);
            out.push(e);
        }
    }
    out
}

/// A string literal holding the JSON text of `value`: raw (`r#"{"a":1}"#`, readable), with the
/// characters a literal may not hold as written (bidirectional-text controls) written as JSON
/// escapes (`\u202e`), which stand for the same JSON value.
pub fn json_lit(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(is_bidi_control) {
        return raw_lit(&text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi_control(c) {
            let _ = write!(escaped, "\\u{:04x}", c as u32);
        } else {
            escaped.push(c);
        }
    }
    raw_lit(&escaped)
}

/// A raw string literal holding `text` (with as many `#` as it needs); an escaped literal
/// ([`lit`]) when `text` holds what a raw literal cannot (a carriage return, a
/// bidirectional-text control).
fn raw_lit(text: &str) -> String {
    if text.chars().any(|c| c == '\r' || is_bidi_control(c)) {
        return lit(text);
    }
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// Appends `text` as a comment may hold it: a control character becomes a space (a line break
/// would end the comment and make the rest code; a bare CR is an error in a doc comment), a
/// bidirectional-text control is shown as its escape (`\u{202E}`), visible and harmless.
pub fn comment_text(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
        } else if is_bidi_control(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_hold_no_bidi_control_as_written() {
        let value = serde_json::json!({"k\u{202E}": "v\u{2067}"});
        let text = json_lit(&value);
        assert_eq!(text, r##"r#"{"k\u202e":"v\u2067"}"#"##);
        assert!(!text.chars().any(is_bidi_control));
        assert_eq!(raw_lit("a\u{202A}b"), r#""a\u{202a}b""#);
        assert_eq!(raw_lit("a\rb"), r#""a\rb""#);
        assert_eq!(raw_lit("plain"), "r#\"plain\"#");
        assert_eq!(raw_lit("a\"#b"), "r##\"a\"#b\"##");
    }

    #[test]
    fn string_literals_escape_what_they_must() {
        assert_eq!(lit("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(lit("é'"), "\"é'\"");
        assert_eq!(lit("\u{0}0\u{0}x\\0"), r#""\x000\0x\\0""#);
    }

    #[test]
    fn comments_hold_no_line_break_and_show_bidi_controls() {
        let mut out = String::new();
        comment_text("a\nb\u{202E}c\r", &mut out);
        assert_eq!(out, "a b\\u{202E}c ");
    }
}
