//! Schema `pattern`s matched in time linear in the text wherever the pattern allows.
//!
//! JSON Schema patterns are ECMA-262 regular expressions with Unicode semantics (the `u` flag),
//! matched anywhere in the value. A backtracking engine takes exponential time on patterns such
//! as `^(a+)+$` and cubic time on ordinary ones (`[…]*\{##[…]*##\}[…]*` over 20,000 characters:
//! hours), and the values come from whoever sends them. So a pattern is translated, exactly, into
//! the syntax of the [`regex`] crate, whose engines take time linear in the text:
//!
//! - `.` is any character but a line terminator (`\n`, `\r`, U+2028, U+2029), as ECMA-262 has it;
//! - `\d`, `\w` and `\b` are ASCII, `\s` is ECMA-262's whitespace and line terminators;
//! - `\uXXXX` (surrogate pairs joined), `\u{…}`, `\xHH`, `\cX`, `\0`, `\v`, `\f` are the characters
//!   they stand for; `\p{…}` is passed on (Unicode properties, as both name them);
//! - character classes are rewritten item by item, every literal escaped, so that nothing in them
//!   reads as the `regex` crate's class operators (`&&`, `--`, `~~`, nested `[`); `[]` matches
//!   nothing and `[^]` anything.
//!
//! What has no linear-time form, look-around and back-references, is matched by the backtracking
//! engine of [`fancy_regex`] (same syntax) with a step limit ([`STEP_LIMIT`]): a value that
//! exhausts it is an error of its own, never a hang. [`compile`] says which engine a pattern got,
//! so that the generator can name at generation time the patterns that are not linear.
//!
//! A pattern that is one character class repeated (`[\w+]+`, `^[a-z0-9-]{1,63}$`: most schema
//! patterns) is matched a character at a time by [`ClassRun`], which reads the class from the
//! translation's syntax tree; the `regex` crate matches the rest.
//!
//! The generator checks the ECMA-262 syntax itself (with `regress`) before it writes a pattern, so
//! the translation may assume a valid pattern; what it does not understand is an error.

use std::fmt::Write as _;

mod class;

pub use class::ClassRun;

/// The most backtracking steps one match of a pattern with look-around or back-references may
/// take (milliseconds of work); more is [`Unmatchable`].
pub const STEP_LIMIT: usize = 1_000_000;

/// A compiled pattern.
#[derive(Debug)]
pub enum Compiled {
    /// One character class repeated, looked up a character at a time (linear).
    Class(ClassRun),
    /// Linear in the text: the `regex` crate.
    Linear(regex::Regex),
    /// Look-around or back-references: a backtracking engine bounded by [`STEP_LIMIT`].
    Bounded(fancy_regex::Regex),
}

/// A match that could not be decided within [`STEP_LIMIT`] steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unmatchable;

impl Compiled {
    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> Result<bool, Unmatchable> {
        match self {
            Compiled::Class(run) => Ok(run.is_match(text)),
            Compiled::Linear(re) => Ok(re.is_match(text)),
            Compiled::Bounded(re) => re.is_match(text).map_err(|_| Unmatchable),
        }
    }

    /// Whether matching takes time linear in the text.
    pub fn is_linear(&self) -> bool {
        matches!(self, Compiled::Class(_) | Compiled::Linear(_))
    }
}

/// Compiles an ECMA-262 pattern (Unicode mode).
pub fn compile(source: &str) -> Result<Compiled, String> {
    let translated = translate(source)?;
    if translated.bounded {
        fancy_regex::RegexBuilder::new(&translated.syntax)
            .backtrack_limit(STEP_LIMIT)
            .build()
            .map(Compiled::Bounded)
            .map_err(|e| format!("`{source}` as `{}`: {e}", translated.syntax))
    } else {
        // What a search needs of the pattern (a pattern the `regex` crate parses, or the
        // translation's syntax as it is when it does not).
        let parsed = regex_syntax::Parser::new().parse(&translated.syntax).ok();
        let core = parsed.as_ref().and_then(class::search_core);
        if let Some(run) = core.as_ref().or(parsed.as_ref()).and_then(ClassRun::of_hir) {
            return Ok(Compiled::Class(run));
        }
        // The translation as it is, unless the search dropped something from its ends.
        let syntax = core.map_or_else(|| translated.syntax.clone(), |hir| hir.to_string());
        regex::RegexBuilder::new(&syntax)
            // Patterns come from schemas, not from the values: the defaults (10 MB) bound the
            // compiled size, which a huge `{1000}` repetition could otherwise blow up.
            .build()
            .map(Compiled::Linear)
            .map_err(|e| format!("`{source}` as `{}`: {e}", translated.syntax))
    }
}

/// A pattern in the `regex` crate's syntax, and whether it needs the bounded engine.
#[derive(Debug, PartialEq, Eq)]
pub struct Translated {
    /// The `regex` (or `fancy_regex`) syntax.
    pub syntax: String,
    /// It has look-around or back-references.
    pub bounded: bool,
}

/// ECMA-262's `\s`: white space and line terminators.
const SPACE: &str = r"\t\n\x{0B}\x{0C}\r\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// ECMA-262's `\b` (ASCII word characters) in look-around, for the bounded engine.
const ASCII_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";

/// ECMA-262's `\B`, likewise.
const ASCII_NOT_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";

/// Translates an ECMA-262 pattern (Unicode mode) into the `regex` crate's syntax.
pub fn translate(source: &str) -> Result<Translated, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut t = Translator {
        chars: &chars,
        at: 0,
        out: String::with_capacity(source.len() + 16),
        bounded: false,
    };
    t.run().map_err(|e| format!("`{source}`: {e}"))?;
    let mut syntax = t.out;
    if t.bounded {
        // `fancy_regex` has no ASCII word boundary: the same said with look-around (a literal
        // `(` is always written as an escape, so these are the boundaries the pattern wrote).
        syntax = syntax
            .replace(r"(?-u:\b)", ASCII_BOUNDARY)
            .replace(r"(?-u:\B)", ASCII_NOT_BOUNDARY);
    }
    Ok(Translated {
        syntax,
        bounded: t.bounded,
    })
}

struct Translator<'a> {
    chars: &'a [char],
    at: usize,
    out: String,
    bounded: bool,
}

/// What an escape outside a class stands for.
enum Escape {
    /// One character.
    Char(char),
    /// A class (`\d`, `\p{L}`, …) as `regex` syntax, usable inside a class too.
    Class(String),
    /// An assertion or a back-reference, written as it is.
    Syntax(String),
}

impl Translator<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self
            .peek()
            .ok_or("the pattern ends inside an escape or a class")?;
        self.at += 1;
        Ok(c)
    }

    fn starts_with(&self, s: &str) -> bool {
        (self.at..)
            .zip(s.chars())
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '\\' => match self.escape(false)? {
                    Escape::Char(c) => literal(c, &mut self.out),
                    Escape::Class(class) => {
                        self.out.push('[');
                        self.out.push_str(&class);
                        self.out.push(']');
                    }
                    Escape::Syntax(s) => self.out.push_str(&s),
                },
                '[' => self.class()?,
                '.' => self.out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
                '(' => self.group()?,
                // Quantifiers, alternation, anchors and groups mean the same in both.
                '^' | '$' | '|' | ')' | '*' | '+' | '?' => self.out.push(c),
                '{' => self.braces()?,
                c => literal(c, &mut self.out),
            }
        }
        Ok(())
    }

    /// After `(`: a group, a non-capturing or named group, or a look-around, written alike in
    /// both syntaxes.
    fn group(&mut self) -> Result<(), String> {
        self.out.push('(');
        if self.peek() != Some('?') {
            return Ok(());
        }
        for prefix in ["?:", "?=", "?!", "?<=", "?<!"] {
            if self.starts_with(prefix) {
                self.bounded |= prefix != "?:";
                self.out.push_str(prefix);
                self.at += prefix.chars().count();
                return Ok(());
            }
        }
        if self.starts_with("?<") {
            self.at += 2;
            let mut name = String::new();
            loop {
                match self.next()? {
                    '>' => break,
                    c if c.is_alphanumeric() || c == '_' || c == '$' => name.push(c),
                    c => return Err(format!("`{c}` in a group name")),
                }
            }
            let _ = write!(self.out, "?<{name}>");
            return Ok(());
        }
        Err(String::from("`(?` starts no group of ECMA-262"))
    }

    /// After `{` outside a class: a quantifier `{n}`, `{n,}`, `{n,m}` (Unicode mode has no
    /// literal `{`).
    fn braces(&mut self) -> Result<(), String> {
        let mut body = String::new();
        loop {
            let c = self.next()?;
            if c == '}' {
                break;
            }
            if !(c.is_ascii_digit() || c == ',') {
                return Err(format!("`{{` starts no quantifier (`{c}`)"));
            }
            body.push(c);
        }
        let _ = write!(self.out, "{{{body}}}");
        Ok(())
    }

    /// After `\`.
    fn escape(&mut self, in_class: bool) -> Result<Escape, String> {
        let c = self.next()?;
        Ok(match c {
            'd' => Escape::Class(String::from("0-9")),
            'D' => Escape::Class(String::from("^0-9")),
            'w' => Escape::Class(String::from("0-9A-Za-z_")),
            'W' => Escape::Class(String::from("^0-9A-Za-z_")),
            's' => Escape::Class(SPACE.to_owned()),
            'S' => Escape::Class(format!("^{SPACE}")),
            'b' if in_class => Escape::Char('\u{8}'),
            'b' => Escape::Syntax(String::from(r"(?-u:\b)")),
            'B' if !in_class => Escape::Syntax(String::from(r"(?-u:\B)")),
            't' => Escape::Char('\t'),
            'n' => Escape::Char('\n'),
            'v' => Escape::Char('\u{B}'),
            'f' => Escape::Char('\u{C}'),
            'r' => Escape::Char('\r'),
            '0' if !self.peek().is_some_and(|n| n.is_ascii_digit()) => Escape::Char('\0'),
            'c' => {
                let letter = self.next()?;
                if !letter.is_ascii_alphabetic() {
                    return Err(format!("`\\c{letter}` is not a control escape"));
                }
                Escape::Char(char::from(letter as u8 % 32))
            }
            'x' => {
                let hex: String = [self.next()?, self.next()?].iter().collect();
                Escape::Char(code_point(&hex)?)
            }
            'u' => Escape::Char(self.unicode_escape()?),
            'p' | 'P' => {
                if self.next()? != '{' {
                    return Err(String::from("`\\p` without `{`"));
                }
                let mut name = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        ch if ch.is_ascii_alphanumeric() || ch == '_' || ch == '=' => name.push(ch),
                        ch => return Err(format!("`{ch}` in a property name")),
                    }
                }
                Escape::Class(format!("\\{c}{{{name}}}"))
            }
            '1'..='9' if !in_class => {
                self.bounded = true;
                let mut n = String::from(c);
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    n.push(d);
                    self.at += 1;
                }
                Escape::Syntax(format!("\\{n}"))
            }
            'k' if !in_class => {
                self.bounded = true;
                let mut name = String::new();
                if self.next()? != '<' {
                    return Err(String::from("`\\k` without `<name>`"));
                }
                loop {
                    match self.next()? {
                        '>' => break,
                        ch => name.push(ch),
                    }
                }
                Escape::Syntax(format!("\\k<{name}>"))
            }
            // Identity escapes: Unicode mode allows them only for syntax characters (and `-` in
            // a class); the character itself.
            c if "^$\\.*+?()[]{}|/-".contains(c) => Escape::Char(c),
            c => return Err(format!("`\\{c}` is not an escape of Unicode mode")),
        })
    }

    /// After `\u`: `XXXX` (a surrogate pair of two such escapes is one character) or `{X…}`.
    fn unicode_escape(&mut self) -> Result<char, String> {
        if self.peek() == Some('{') {
            self.at += 1;
            let mut hex = String::new();
            loop {
                match self.next()? {
                    '}' => break,
                    ch => hex.push(ch),
                }
            }
            return code_point(&hex);
        }
        let four = |t: &mut Self| -> Result<u32, String> {
            let hex: String = (0..4).map(|_| t.next()).collect::<Result<_, _>>()?;
            u32::from_str_radix(&hex, 16).map_err(|_| format!("`\\u{hex}` is not hexadecimal"))
        };
        let high = four(self)?;
        if (0xD800..0xDC00).contains(&high) && self.starts_with("\\u") {
            let saved = self.at;
            self.at += 2;
            if let Ok(low) = four(self)
                && (0xDC00..0xE000).contains(&low)
            {
                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(c).ok_or_else(|| String::from("not a character"));
            }
            self.at = saved;
        }
        // A lone surrogate matches nothing in text that is valid UTF-8.
        char::from_u32(high).ok_or_else(|| String::from("a lone surrogate (`\\uD800`–`\\uDFFF`)"))
    }

    /// After `[`: a class, item by item.
    fn class(&mut self) -> Result<(), String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut items = String::new();
        let mut empty = true;
        loop {
            let c = self.next()?;
            if c == ']' {
                break;
            }
            empty = false;
            let start = self.class_atom(c)?;
            // A range: an atom, `-`, an atom (not the class's end).
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.at += 1;
                let next = self.next()?;
                let end = self.class_atom(next)?;
                match (start, end) {
                    (Escape::Char(a), Escape::Char(b)) => {
                        literal(a, &mut items);
                        items.push('-');
                        literal(b, &mut items);
                    }
                    _ => return Err(String::from("a range with a class at an end")),
                }
                continue;
            }
            match start {
                Escape::Char(a) => literal(a, &mut items),
                Escape::Class(class) => {
                    // Nested: `regex` unites a class inside a class.
                    items.push('[');
                    items.push_str(&class);
                    items.push(']');
                }
                Escape::Syntax(s) => return Err(format!("`{s}` inside a class")),
            }
        }
        match (empty, negated) {
            // `[]` matches nothing, `[^]` any character.
            (true, false) => self.out.push_str(r"[^\x{0}-\x{10FFFF}]"),
            (true, true) => self.out.push_str(r"[\x{0}-\x{10FFFF}]"),
            (false, _) => {
                self.out.push('[');
                if negated {
                    self.out.push('^');
                }
                self.out.push_str(&items);
                self.out.push(']');
            }
        }
        Ok(())
    }

    /// One item of a class starting with `c`.
    fn class_atom(&mut self, c: char) -> Result<Escape, String> {
        Ok(match c {
            '\\' => self.escape(true)?,
            c => Escape::Char(c),
        })
    }
}

/// `c` as a literal, in a class or not: ASCII punctuation, spaces and controls as `\x{…}`, so
/// that nothing reads as syntax (a class operator `&&`, `--`, `~~`, a nested `[`, a flag).
fn literal(c: char, out: &mut String) {
    if c.is_ascii_punctuation() || c.is_whitespace() || c.is_control() {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    } else {
        out.push(c);
    }
}

fn code_point(hex: &str) -> Result<char, String> {
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| format!("`{hex}` is not a code point"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        compile(pattern)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_match(text)
            .expect("decided")
    }

    #[test]
    fn ecma_classes_are_ascii_and_dot_stops_at_line_terminators() {
        assert!(matches(r"^\d+$", "123"));
        assert!(!matches(r"^\d$", "٣")); // ARABIC-INDIC DIGIT THREE: not an ECMA \d
        assert!(!matches(r"^\w$", "é"));
        assert!(matches(r"^\s$", "\u{FEFF}"));
        assert!(matches(r"^\s$", "\u{2028}"));
        assert!(!matches(r"^.$", "\u{2028}"));
        assert!(!matches(r"^.$", "\r"));
        assert!(matches(r"^.$", "🦀"));
        assert!(matches(r"a\bé", "aé")); // `é` is not an ASCII word character
        assert!(matches(r"\bx", "x"));
        assert!(!matches(r"a\bb", "ab"));
    }

    #[test]
    fn escapes_stand_for_their_characters() {
        assert!(matches(r"^\u0041\x42\u{43}$", "ABC"));
        assert!(matches(r"^\uD83D\uDE00$", "😀"));
        assert!(matches(r"^\cJ$", "\n"));
        assert!(matches(r"^\/\.\*$", "/.*"));
        assert!(matches(r"^[\b]$", "\u{8}"));
        assert!(matches(r"^\p{L}+$", "Ærø"));
        assert!(matches(r"^\P{L}$", "1"));
        assert!(matches(r"^\p{Script=Greek}$", "α"));
    }

    #[test]
    fn classes_hold_what_ecma_puts_in_them() {
        assert!(matches(r"^[a-c&&x]+$", "a&&x"));
        assert!(matches(r"^[-~&]+$", "~-&&"));
        assert!(matches(r"^[a\-z]+$", "-az"));
        assert!(!matches(r"^[a\-z]+$", "b"));
        assert!(matches(r"^[[]$", "["));
        assert!(matches(r"^[\d-]$", "-"));
        assert!(matches(r"^[^\d\s]$", "x"));
        assert!(!matches(r"^[^\d\s]$", "5"));
        assert!(!matches(r"[]", "anything"));
        assert!(matches(r"^[^]$", "\n"));
        assert!(matches(r"^[\u{1F600}-\u{1F64F}]$", "😀"));
    }

    #[test]
    fn look_around_and_back_references_are_bounded() {
        let c = compile(r"^(?!x)a(?<=a)(\w)\1$").expect("compiles");
        assert!(!c.is_linear());
        assert_eq!(c.is_match("abb"), Ok(true));
        assert_eq!(c.is_match("abc"), Ok(false));
        let named = compile(r"(?<d>\d)\k<d>").expect("compiles");
        assert_eq!(named.is_match("x11"), Ok(true));
        assert!(
            compile(r"^[a-z]{2,}(?:\.[a-z]+)*$")
                .expect("compiles")
                .is_linear()
        );
    }

    #[test]
    fn catastrophic_patterns_take_linear_time() {
        let t = std::time::Instant::now();
        let text = "a".repeat(100_000) + "!";
        assert!(!matches(r"^(a+)+$", &text));
        let cubic = "{##".repeat(7_000);
        let by_link = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*";
        assert!(!matches(by_link, &cubic));
        assert!(matches(by_link, "Click {##here##}."));
        assert!(
            t.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn a_bounded_pattern_that_runs_out_of_steps_says_so() {
        // Exponential for a backtracking engine: stopped at the limit, in milliseconds.
        let t = std::time::Instant::now();
        let c = compile(r"^(?:(?=a)a+)+$").expect("compiles");
        assert_eq!(c.is_match(&("a".repeat(40) + "!")), Err(Unmatchable));
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }
}
