//! The code writer every emitter uses: lines at an indentation, blocks, `///` and `//!` doc
//! comments, attributes, and calls, signatures and literals that break their arguments one per
//! line when the line would be too long.
//!
//! Takes: the pieces of an item, in order. Gives: its text, laid out the way the checked-in
//! output is. Nothing here knows about shapes.
//!
//! Two layouts of a list that does not fit on its line exist in the output, and both are kept so
//! that the output stays what it was byte for byte:
//! - [`Writer::call`]: the argument list breaks one argument per line when the whole line is
//!   longer than [`WIDTH`] characters; the arguments themselves never break (the wire impls,
//!   setters, field lines).
//! - [`Writer::code`] with a [`Code`] tree: the layout `prettyplease` gave the constructors,
//!   checks, `Debug` impls, the registry and the crate files when it formatted them (the
//!   generator no longer depends on it): a list stays on one line when the text from the line's
//!   start to the next place outside the list where the line could break fits in
//!   [`Code::MARGIN`] bytes (a last item's trailing comma is not counted, another item's comma
//!   is), else it breaks one item per line and each item is laid out the same way one level
//!   deeper; a struct literal also breaks when it is wider than 34 bytes, and a chain of method
//!   calls and fields breaks before every `.`.
//!
//! So there are two widths, [`WIDTH`] (100 characters) and [`Code::MARGIN`] (89 bytes): making
//! them one would change the output (a decision for a change that regenerates the golden outputs).

use std::fmt::Write as _;

pub(crate) use crate::text::WIDTH;
use crate::text::is_bidi_control;

/// Spaces per indentation level.
const INDENT: usize = 4;

/// Code being written: whole lines at the current indentation.
#[derive(Default)]
pub struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    /// An empty writer at indentation 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
    }

    /// One level deeper.
    pub fn indent(&mut self) {
        self.indent += INDENT;
    }

    /// One level up.
    pub fn dedent(&mut self) {
        self.indent -= INDENT;
    }

    /// One line at the current indentation (an empty `text` gives an empty line).
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.pad();
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// One line made of `parts`, at the current indentation.
    pub fn line_of(&mut self, parts: &[&str]) {
        self.pad();
        for p in parts {
            self.out.push_str(p);
        }
        self.out.push('\n');
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Text written as it is (whole lines, already indented).
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// `head {` and one level deeper.
    pub fn open(&mut self, head: &str) {
        self.pad();
        self.out.push_str(head);
        self.out.push_str(" {\n");
        self.indent += INDENT;
    }

    /// One level up and `}` + `tail`.
    pub fn close(&mut self, tail: &str) {
        self.indent -= INDENT;
        self.pad();
        self.out.push('}');
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// `///` doc comment lines, each made safe for a comment ([`comment_text`]).
    pub fn doc(&mut self, lines: &[String]) {
        self.comments("///", lines);
    }

    /// `//!` doc comment lines (inner docs of a file), each made safe for a comment.
    pub fn inner_doc(&mut self, lines: &[String]) {
        self.comments("//!", lines);
    }

    /// A `//` comment line, made safe for a comment.
    pub fn comment(&mut self, text: &str) {
        self.comments("//", &[text.to_owned()]);
    }

    fn comments(&mut self, marker: &str, lines: &[String]) {
        for line in lines {
            self.pad();
            self.out.push_str(marker);
            let start = self.out.len();
            self.out.push(' ');
            comment_text(line, &mut self.out);
            let end = self.out.trim_end().len().max(start);
            self.out.truncate(end);
            self.out.push('\n');
        }
    }

    /// `impl Trait for Type {`, broken before `for` when longer than [`Code::MARGIN`], and one
    /// level deeper.
    pub fn open_impl(&mut self, r#trait: &str, ty: &str) {
        if self.indent + 5 + r#trait.len() + 5 + ty.len() + 2 <= Code::MARGIN {
            self.open(&format!("impl {trait} for {ty}"));
        } else {
            self.line_of(&["impl ", r#trait]);
            self.open(&format!("for {ty}"));
        }
    }

    /// `#[attr]`.
    pub fn attr(&mut self, attr: &str) {
        self.line_of(&["#[", attr, "]"]);
    }

    /// `head` + the arguments joined by `, ` + `tail` on one line when it is at most [`WIDTH`]
    /// characters long, else `head`, one argument per line (with a comma) one level deeper, and
    /// `tail`.
    pub fn call(&mut self, head: &str, args: &[String], tail: &str) {
        let len = self.indent
            + head.chars().count()
            + args.iter().map(|a| a.chars().count() + 2).sum::<usize>()
            + tail.chars().count();
        if len.saturating_sub(2 * usize::from(!args.is_empty())) <= WIDTH {
            self.pad();
            self.out.push_str(head);
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(a);
            }
            self.out.push_str(tail);
            self.out.push('\n');
            return;
        }
        self.line(head);
        self.indent += INDENT;
        for a in args {
            self.line_of(&[a, ","]);
        }
        self.indent -= INDENT;
        self.line(tail);
    }

    /// `prefix` + `code` + `suffix`, laid out as [`Code`] says. `suffix` counts towards the
    /// width (it is what follows up to the next place a line could break).
    pub fn code(&mut self, prefix: &str, code: &Code, suffix: &str) {
        self.pad();
        self.out.push_str(prefix);
        self.lay(code, self.indent, suffix.len());
        self.out.push_str(suffix);
        self.out.push('\n');
    }

    /// Appends `code` to the current line, broken where it does not fit; `rest` bytes follow it
    /// up to the next place a line could break, and `indent` is that of the enclosing block.
    fn lay(&mut self, code: &Code, indent: usize, rest: usize) {
        let column = self.out.len() - self.out.rfind('\n').map_or(0, |i| i + 1);
        let flat = code.flat_len();
        let fits = column + flat + rest <= Code::MARGIN
            && !matches!(code, Code::Struct { .. } if flat > Code::STRUCT_WIDTH + 1);
        if fits {
            code.flat(&mut self.out);
            return;
        }
        match code {
            Code::Text(text) => self.out.push_str(text),
            Code::List { head, items, tail } => {
                self.out.push_str(head);
                self.items(items, indent);
                self.out.push_str(tail);
            }
            Code::Struct { head, fields } => {
                self.out.push_str(head);
                self.out.push_str(" {");
                self.items(fields, indent);
                self.out.push('}');
            }
            Code::Chain(links) => {
                for (i, link) in links.iter().enumerate() {
                    let last = i + 1 == links.len();
                    if i > 0 {
                        self.newline(indent + INDENT);
                    }
                    // Once the chain breaks, everything in it is one level deeper.
                    self.lay(link, indent + INDENT, if last { rest } else { 0 });
                }
            }
            Code::Seq(parts) => {
                // A group's width runs to the next break outside it: past the groups after it.
                let mut following: usize = parts.iter().map(Code::flat_len).sum::<usize>() + rest;
                for part in parts {
                    following -= part.flat_len();
                    self.lay(part, indent, following);
                }
            }
        }
    }

    /// A line break, then indentation.
    fn newline(&mut self, indent: usize) {
        self.out.push('\n');
        for _ in 0..indent {
            self.out.push(' ');
        }
    }

    /// The items of a broken list, one per line one level deeper, each with a comma; then a
    /// line break back at `indent`.
    fn items(&mut self, items: &[Code], indent: usize) {
        for (i, item) in items.iter().enumerate() {
            self.newline(indent + INDENT);
            // Another item's comma counts towards the width, the last one's does not.
            self.lay(item, indent + INDENT, usize::from(i + 1 < items.len()));
            self.out.push(',');
        }
        self.newline(indent);
    }

    /// A match arm `pattern => body,`. When that is longer than [`Code::MARGIN`] (its comma
    /// not counted), the body goes in a block of its own, and an empty line follows the block.
    pub fn arm(&mut self, pattern: &str, body: &Code) {
        let mut flat = String::new();
        body.flat(&mut flat);
        if self.indent + pattern.len() + 4 + flat.len() <= Code::MARGIN {
            self.line_of(&[pattern, " => ", &flat, ","]);
        } else {
            self.open(&format!("{pattern} =>"));
            self.code("", body, "");
            self.close("");
            self.blank();
        }
    }
}

/// A piece of code that is laid out on one line when it fits, else broken (see the module
/// doc).
pub enum Code {
    /// Text that never breaks.
    Text(String),
    /// `head` + items joined by `, ` + `tail`: a call's arguments (`f(`, `)`), generic arguments
    /// (`Into<`, `>`), an array (`&[`, `]`), a tuple (`(`, `)`), parameters.
    List {
        /// Up to and including the opening bracket.
        head: String,
        /// The items.
        items: Vec<Code>,
        /// From the closing bracket.
        tail: String,
    },
    /// A struct literal `head { a: x, b: y }`.
    Struct {
        /// The type (`Self`).
        head: String,
        /// `name: value` each.
        fields: Vec<Code>,
    },
    /// A chain of method calls and fields (`&self.a.as_ref()`): the first link, then the others,
    /// each starting with `.`.
    Chain(Vec<Code>),
    /// Parts one after the other on the line, each broken on its own, the first first
    /// (`rt::f::<T>(x)`: the generic arguments, then the call's).
    Seq(Vec<Code>),
}

impl Code {
    /// The longest line, in bytes.
    pub const MARGIN: usize = 89;

    /// The widest struct literal kept on one line, in bytes (without its closing brace).
    const STRUCT_WIDTH: usize = 34;

    /// Text.
    pub fn text(text: impl Into<String>) -> Code {
        Code::Text(text.into())
    }

    /// A list of items between `head` and `tail`.
    pub fn list(head: impl Into<String>, items: Vec<Code>, tail: impl Into<String>) -> Code {
        Code::List {
            head: head.into(),
            items,
            tail: tail.into(),
        }
    }

    /// A type, with its generic arguments as lists (`rt::IndexMap<String, X>`).
    pub fn ty(text: &str) -> Code {
        let Some(open) = text.find('<') else {
            return Code::text(text);
        };
        let Some(inner) = text[open + 1..].strip_suffix('>') else {
            return Code::text(text);
        };
        let mut items = Vec::new();
        let (mut depth, mut start) = (0usize, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    items.push(Code::ty(inner[start..i].trim_start()));
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(Code::ty(inner[start..].trim_start()));
        Code::list(&text[..=open], items, ">")
    }

    /// The length of [`flat`](Self::flat), in bytes.
    fn flat_len(&self) -> usize {
        match self {
            Code::Text(t) => t.len(),
            Code::List { head, items, tail } => {
                head.len() + tail.len() + items.iter().map(|i| i.flat_len() + 2).sum::<usize>()
                    - 2 * usize::from(!items.is_empty())
            }
            Code::Struct { head, fields } => {
                head.len() + 3 + fields.iter().map(|f| f.flat_len() + 2).sum::<usize>()
            }
            Code::Chain(parts) | Code::Seq(parts) => parts.iter().map(Code::flat_len).sum(),
        }
    }

    /// The whole text on one line.
    fn flat(&self, out: &mut String) {
        match self {
            Code::Text(t) => out.push_str(t),
            Code::List { head, items, tail } => {
                out.push_str(head);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.flat(out);
                }
                out.push_str(tail);
            }
            Code::Struct { head, fields } => {
                out.push_str(head);
                out.push_str(" {");
                for (i, f) in fields.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { " " });
                    f.flat(out);
                }
                out.push_str(if fields.is_empty() { "}" } else { " }" });
            }
            Code::Chain(parts) | Code::Seq(parts) => parts.iter().for_each(|p| p.flat(out)),
        }
    }
}

/// A Rust string literal for `text`, as `{:?}` writes it (the wire impls), except that a NUL
/// before an octal digit is `\x00`: `"\00"` reads as an octal escape to a reader (clippy's
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

/// A raw string literal holding `text` (with as many `#` as it needs); a normal, escaped
/// literal ([`token_lit`]) when `text` holds what a raw literal cannot (a carriage return, a
/// bidirectional-text control).
fn raw_lit(text: &str) -> String {
    if text.chars().any(|c| c == '\r' || is_bidi_control(c)) {
        return token_lit(text);
    }
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// A Rust string literal for `text`, as `proc_macro2` wrote it: like [`lit`], except that a NUL
/// before an octal digit is `\x00` (the checks and the registry).
pub fn token_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\0' {
            let octal = chars
                .as_str()
                .starts_with(|n: char| ('0'..='7').contains(&n));
            out.push_str(if octal { "\\x00" } else { "\\0" });
        } else if c == '\'' {
            out.push(c);
        } else {
            let _ = write!(out, "{}", c.escape_debug());
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_calls_break_one_argument_per_line() {
        let mut w = Writer::new();
        w.indent = 8;
        w.call(
            "out.member(",
            &[lit("Short"), String::from("&self.short")],
            ");",
        );
        assert_eq!(w.finish(), "        out.member(\"Short\", &self.short);\n");
        let mut w = Writer::new();
        w.indent = 8;
        let long = "x".repeat(90);
        w.call("out.member(", &[lit(&long), String::from("&self.y")], ");");
        assert_eq!(
            w.finish(),
            format!(
                "        out.member(\n            \"{long}\",\n            &self.y,\n        );\n"
            )
        );
    }

    #[test]
    fn code_breaks_the_outer_list_first() {
        let call = |n: usize| {
            Code::list(
                "f(",
                vec![
                    Code::text("a".repeat(n)),
                    Code::list("g(", vec![Code::text("b")], ")"),
                ],
                ")",
            )
        };
        let mut w = Writer::new();
        w.code("let x = ", &call(10), ";");
        assert_eq!(w.finish(), "let x = f(aaaaaaaaaa, g(b));\n");
        let mut w = Writer::new();
        w.code("let x = ", &call(80), ";");
        let a = "a".repeat(80);
        assert_eq!(w.finish(), format!("let x = f(\n    {a},\n    g(b),\n);\n"));
    }

    #[test]
    fn short_struct_literals_stay_on_one_line() {
        let lit = |fields: &[&str]| Code::Struct {
            head: String::from("Self"),
            fields: fields.iter().map(|f| Code::text(*f)).collect(),
        };
        let mut w = Writer::new();
        w.code("", &lit(&["data: None"]), "");
        w.code("", &lit(&[]), "");
        w.code("", &lit(&["user: user.into()", "pin: pin.into()"]), "");
        assert_eq!(
            w.finish(),
            "Self { data: None }\nSelf {}\nSelf {\n    user: user.into(),\n    pin: pin.into(),\n}\n"
        );
    }

    #[test]
    fn types_break_in_their_generic_arguments() {
        let mut flat = String::new();
        Code::ty("rt::IndexMap<String, Vec<X>>").flat(&mut flat);
        assert_eq!(flat, "rt::IndexMap<String, Vec<X>>");
    }

    #[test]
    fn comments_hold_no_line_break_and_show_bidi_controls() {
        let mut w = Writer::new();
        w.doc(&[String::from("a\nb\u{202E}c\r")]);
        w.inner_doc(&[String::from("x\u{2066}")]);
        w.comment("from `ns\n}\nfn evil() {}`");
        assert_eq!(
            w.finish(),
            "/// a b\\u{202E}c\n//! x\\u{2066}\n// from `ns } fn evil() {}`\n"
        );
    }

    #[test]
    fn literals_hold_no_bidi_control_as_written() {
        let value = serde_json::json!({"k\u{202E}": "v\u{2067}"});
        let text = json_lit(&value);
        assert_eq!(text, r##"r#"{"k\u202e":"v\u2067"}"#"##);
        assert!(!text.chars().any(is_bidi_control));
        assert_eq!(raw_lit("a\u{202A}b"), r#""a\u{202a}b""#);
        assert_eq!(raw_lit("a\rb"), r#""a\rb""#);
        assert_eq!(raw_lit("plain"), "r#\"plain\"#");
    }

    #[test]
    fn string_literals_escape_what_they_must() {
        assert_eq!(lit("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(lit("é"), "\"é\"");
        assert_eq!(lit("\u{0}0\u{0}x\\0"), r#""\x000\0x\\0""#);
        assert_eq!(token_lit("a'\"\0x\x001"), r#""a'\"\0x\x001""#);
    }
}
