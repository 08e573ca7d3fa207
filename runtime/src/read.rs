//! The source generated readers read from: JSON text, tokenized as it is read (one pass, strings
//! borrowed from the text unless they hold escapes), or a parsed [`Document`] (what a union, a
//! schema check or [`FromJson::from_json`](crate::FromJson::from_json) reads).
//!
//! Takes: `&str` or `&Document`. Gives: [`Reader`], whose methods hand out one value at a time
//! ([`Token`]s for scalars, [`Reader::document`] for a subtree that must be whole). The text is
//! checked as strictly as `serde_json` checks it (whitespace, literals, numbers and their range,
//! escapes and surrogates, control characters, trailing commas and characters, 128 levels of
//! nesting at most), with its messages; only the value kinds differ from its errors.

use std::borrow::Cow;

use serde_json::Number;

use crate::Document;
use crate::json::{JsonPath, ReadError};

/// How deep arrays and objects may nest in text (as `serde_json`: a recursion limit of 128).
const MAX_DEPTH: usize = 128;

/// Where generated readers take their values from: JSON text or a parsed document.
///
/// A clone reads on from the same place, independently: a way to look ahead.
#[derive(Clone)]
pub struct Reader<'de> {
    src: Source<'de>,
}

#[derive(Clone, Copy)]
enum Source<'de> {
    Text(Text<'de>),
    Tree(&'de Document),
}

/// JSON text and how far it has been read.
#[derive(Clone, Copy)]
struct Text<'de> {
    text: &'de str,
    pos: usize,
    depth: usize,
}

/// One scalar value, or the kind of a container (not consumed).
pub enum Token<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` would hold it.
    Number(Number),
    /// A string.
    String(Cow<'de, str>),
    /// An array starts here (nothing was consumed).
    Array,
    /// An object starts here (nothing was consumed).
    Object,
}

impl Token<'_> {
    /// What kind of JSON value this is, for messages (never the value: it may be secret).
    pub fn kind(&self) -> &'static str {
        match self {
            Token::Null => "null",
            Token::Bool(_) => "boolean",
            Token::Number(n) if n.is_f64() => "number",
            Token::Number(_) => "integer",
            Token::String(_) => "string",
            Token::Array => "array",
            Token::Object => "object",
        }
    }

    /// "expected `what`, found" and the kind, at `at`.
    pub fn expected(&self, what: &str, at: &JsonPath<'_>) -> ReadError {
        at.error(format!("expected {what}, found {}", self.kind()))
    }
}

impl<'de> Reader<'de> {
    /// A reader of JSON text (one value, then nothing but whitespace: see [`Reader::end`]).
    pub fn new(text: &'de str) -> Self {
        Reader {
            src: Source::Text(Text {
                text,
                pos: 0,
                depth: 0,
            }),
        }
    }

    /// A reader of a parsed value.
    pub fn tree(json: &'de Document) -> Self {
        Reader {
            src: Source::Tree(json),
        }
    }

    /// The parsed value, when this reader reads one.
    pub fn as_tree(&self) -> Option<&'de Document> {
        match self.src {
            Source::Tree(json) => Some(json),
            Source::Text(_) => None,
        }
    }

    /// The next value when it is a scalar (consumed); for an array or object, its kind only.
    pub fn token(&mut self) -> Result<Token<'de>, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(match json {
                Document::Null => Token::Null,
                Document::Bool(b) => Token::Bool(*b),
                Document::Number(n) => Token::Number(n.clone()),
                Document::String(s) => Token::String(Cow::Borrowed(s.as_str())),
                Document::Array(_) => Token::Array,
                Document::Object(_) => Token::Object,
            }),
            Source::Text(t) => t.token(),
        }
    }

    /// The next value when it is a string; else the error that it is not.
    pub fn string(&mut self, at: &JsonPath<'_>) -> Result<Cow<'de, str>, ReadError> {
        match &mut self.src {
            Source::Tree(Document::String(s)) => return Ok(Cow::Borrowed(s.as_str())),
            Source::Text(t) => {
                if t.peek()? == b'"' {
                    return t.string();
                }
            }
            Source::Tree(_) => {}
        }
        Err(self.token()?.expected("string", at))
    }

    /// Consumes a `null` if that is what comes next, and says whether it did.
    pub fn null(&mut self) -> Result<bool, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(json.is_null()),
            Source::Text(t) => {
                if t.peek()? == b'n' {
                    t.literal(b"null")?;
                    return Ok(true);
                }
                Ok(false)
            }
        }
    }

    /// Whether the next value is an object (nothing is consumed).
    pub fn is_object(&mut self) -> Result<bool, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(json.is_object()),
            Source::Text(t) => Ok(t.peek()? == b'{'),
        }
    }

    /// Whether the next value is an array (nothing is consumed).
    pub fn is_array(&mut self) -> Result<bool, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(json.is_array()),
            Source::Text(t) => Ok(t.peek()? == b'['),
        }
    }

    /// The next value whole: borrowed from a parsed document, parsed from text (for what needs
    /// the whole value: a schema check, a union's alternatives, any JSON).
    pub fn document(&mut self) -> Result<Cow<'de, Document>, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(Cow::Borrowed(*json)),
            Source::Text(t) => {
                t.peek()?;
                let start = t.pos;
                t.skip()?;
                let span = &t.text[start..t.pos];
                serde_json::from_str(span)
                    .map(Cow::Owned)
                    .map_err(|e| syntax(&format!("{e}")))
            }
        }
    }

    /// The number of items of the next value if it is an array, of members if an object;
    /// nothing is consumed (text is counted by a pass over the container, checked as it goes:
    /// call it on a clone taken before the value was read, when a failed read must know).
    pub fn len(&mut self) -> Result<Option<usize>, ReadError> {
        match &mut self.src {
            Source::Tree(json) => Ok(crate::container_len(json)),
            Source::Text(t) => {
                let mut ahead = *t;
                let mut count = 0;
                match ahead.peek()? {
                    b'[' => {
                        ahead.enter()?;
                        while ahead.next_item(count == 0)? {
                            count += 1;
                            ahead.skip()?;
                        }
                    }
                    b'{' => {
                        ahead.enter()?;
                        while ahead.next_key(count == 0)?.is_some() {
                            count += 1;
                            ahead.skip()?;
                        }
                    }
                    _ => return Ok(None),
                }
                Ok(Some(count))
            }
        }
    }

    /// The string value of the member `member` of the next value, an object, which is not
    /// consumed (text is looked ahead in: the discriminator of a tagged union may come after
    /// the members it decides how to read).
    pub fn tag(&mut self, member: &str, at: &JsonPath<'_>) -> Result<Cow<'de, str>, ReadError> {
        let t = match &mut self.src {
            Source::Tree(json) => return crate::union::tag_of(json, member, at).map(Cow::Borrowed),
            Source::Text(t) => t,
        };
        let mut ahead = *t;
        if ahead.peek()? != b'{' {
            return Err(ahead.token()?.expected("object", at));
        }
        ahead.enter()?;
        let mut first = true;
        while let Some(name) = ahead.next_key(first)? {
            first = false;
            if name == member {
                return match ahead.token()? {
                    Token::String(value) => Ok(value),
                    other => Err(other.expected("string", &at.member(member))),
                };
            }
            ahead.skip()?;
        }
        Err(at.error(format!("missing required member `{member}`")))
    }

    /// Passes over the next value (checked all the same).
    pub fn skip(&mut self) -> Result<(), ReadError> {
        match &mut self.src {
            Source::Tree(_) => Ok(()),
            Source::Text(t) => t.skip(),
        }
    }

    /// After the value: nothing but whitespace may follow.
    pub fn end(&mut self) -> Result<(), ReadError> {
        match &mut self.src {
            Source::Tree(_) => Ok(()),
            Source::Text(t) => {
                t.ws();
                if t.pos < t.text.len() {
                    return Err(t.error("trailing characters"));
                }
                Ok(())
            }
        }
    }

    /// Enters an object of the text (its `{`), or says what else comes.
    pub(crate) fn begin_object(&mut self, at: &JsonPath<'_>) -> Result<(), ReadError> {
        let Source::Text(t) = &mut self.src else {
            unreachable!("only text is read member by member")
        };
        if t.peek()? != b'{' {
            return Err(t.token()?.expected("object", at));
        }
        t.enter()
    }

    /// The name of the next member of the object being read (then its value comes), or `None`
    /// at its end. `first`: no member was read yet.
    pub(crate) fn next_key(&mut self, first: bool) -> Result<Option<Cow<'de, str>>, ReadError> {
        let Source::Text(t) = &mut self.src else {
            unreachable!("only text is read member by member")
        };
        t.next_key(first)
    }

    /// Enters an array of the text (its `[`), or says what else comes.
    pub(crate) fn begin_array(&mut self, at: &JsonPath<'_>) -> Result<(), ReadError> {
        let Source::Text(t) = &mut self.src else {
            unreachable!("only text is read item by item")
        };
        if t.peek()? != b'[' {
            return Err(t.token()?.expected("array", at));
        }
        t.enter()
    }

    /// Whether another item of the array being read comes (then it is read), or its end.
    pub(crate) fn next_item(&mut self, first: bool) -> Result<bool, ReadError> {
        let Source::Text(t) = &mut self.src else {
            unreachable!("only text is read item by item")
        };
        t.next_item(first)
    }
}

/// The message for a control character in a string (`serde_json`'s).
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";

/// Where the run of plain string bytes from `pos` ends: at the first `"`, `\\` or control
/// character (or the end). Eight bytes at a time, with the zero-byte test on a word.
fn plain_run(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte is flagged when it is zero (after the xor) or below 0x20; the lowest flag is
        // exact (a borrow only flags bytes above a flagged one).
        let flags = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let flags = flags & HIGH;
        if flags != 0 {
            return pos + (flags.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// A syntax error: at the root, as `from_json_str` always reported them.
fn syntax(message: &str) -> ReadError {
    JsonPath::Root.error(format!("not valid JSON: {message}"))
}

impl<'de> Text<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// A syntax error at the current position, with its line and column.
    fn error(&self, what: &str) -> ReadError {
        // In bytes, as `serde_json` counts (the position may be inside a character).
        let before = &self.bytes()[..self.pos.min(self.text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
        syntax(&format!("{what} at line {line} column {column}"))
    }

    /// Skips whitespace.
    fn ws(&mut self) {
        let bytes = self.bytes();
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next significant byte (not consumed).
    fn peek(&mut self) -> Result<u8, ReadError> {
        self.ws();
        match self.bytes().get(self.pos) {
            Some(b) => Ok(*b),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    fn enter(&mut self) -> Result<(), ReadError> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.pos += 1;
        Ok(())
    }

    fn token(&mut self) -> Result<Token<'de>, ReadError> {
        Ok(match self.peek()? {
            b'"' => Token::String(self.string()?),
            b'{' => Token::Object,
            b'[' => Token::Array,
            b'n' => {
                self.literal(b"null")?;
                Token::Null
            }
            b't' => {
                self.literal(b"true")?;
                Token::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Token::Bool(false)
            }
            b'-' | b'0'..=b'9' => Token::Number(self.number()?),
            _ => {
                self.pos += 1;
                return Err(self.error("expected value"));
            }
        })
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ReadError> {
        for &expected in word {
            match self.bytes().get(self.pos) {
                None => return Err(self.error("EOF while parsing a value")),
                Some(&b) if b == expected => self.pos += 1,
                Some(_) => {
                    self.pos += 1;
                    return Err(self.error("expected ident"));
                }
            }
        }
        Ok(())
    }

    /// Passes over one value, checking it.
    fn skip(&mut self) -> Result<(), ReadError> {
        match self.peek()? {
            b'{' => {
                self.enter()?;
                let mut first = true;
                while self.next_key(first)?.is_some() {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            b'[' => {
                self.enter()?;
                let mut first = true;
                while self.next_item(first)? {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            _ => self.token().map(drop),
        }
    }

    fn next_key(&mut self, first: bool) -> Result<Option<Cow<'de, str>>, ReadError> {
        match self.peek() {
            Ok(b'}') if first => {
                self.leave();
                return Ok(None);
            }
            Ok(b'"') if first => {}
            Ok(b',') if !first => {
                self.pos += 1;
                match self.peek() {
                    Ok(b'"') => {}
                    Ok(b'}') => return Err(self.error("trailing comma")),
                    Ok(_) => return Err(self.error("key must be a string")),
                    Err(_) => return Err(self.error("EOF while parsing an object")),
                }
            }
            Ok(b'}') => {
                self.leave();
                return Ok(None);
            }
            Ok(_) if first => return Err(self.error("key must be a string")),
            Ok(_) => return Err(self.error("expected `,` or `}`")),
            Err(_) => return Err(self.error("EOF while parsing an object")),
        }
        let key = self.string()?;
        match self.peek() {
            Ok(b':') => self.pos += 1,
            Ok(_) => return Err(self.error("expected `:`")),
            Err(_) => return Err(self.error("EOF while parsing an object")),
        }
        Ok(Some(key))
    }

    fn next_item(&mut self, first: bool) -> Result<bool, ReadError> {
        match self.peek() {
            Ok(b']') => {
                self.leave();
                Ok(false)
            }
            Ok(_) if first => Ok(true),
            Ok(b',') => {
                self.pos += 1;
                match self.peek() {
                    Ok(b']') => Err(self.error("trailing comma")),
                    Ok(_) => Ok(true),
                    Err(_) => Err(self.error("EOF while parsing a list")),
                }
            }
            Ok(_) => Err(self.error("expected `,` or `]`")),
            Err(_) => Err(self.error("EOF while parsing a list")),
        }
    }

    /// Consumes the closing `}` or `]`.
    fn leave(&mut self) {
        self.depth -= 1;
        self.pos += 1;
    }

    /// A string (at its opening quote): borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, ReadError> {
        let bytes = self.bytes();
        let start = self.pos + 1;
        self.pos = plain_run(bytes, start);
        match bytes.get(self.pos) {
            Some(b'"') => {
                let s = &self.text[start..self.pos];
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.error(CONTROL)),
            None => return Err(self.error("EOF while parsing a string")),
        }
        let mut owned = String::from(&self.text[start..self.pos]);
        loop {
            // At a backslash.
            self.pos += 1;
            self.escape(&mut owned)?;
            let run = self.pos;
            self.pos = plain_run(bytes, run);
            owned.push_str(&self.text[run..self.pos]);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {}
                Some(_) => return Err(self.error(CONTROL)),
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// One escape (after its backslash), pushed onto `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(out),
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// A `\u` escape (after its `u`), a surrogate pair included.
    fn unicode(&mut self, out: &mut String) -> Result<(), ReadError> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.error("lone leading surrogate in hex escape")),
            0xD800..=0xDBFF => {
                if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("unexpected end of hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            other => u32::from(other),
        };
        match char::from_u32(code) {
            Some(c) => {
                out.push(c);
                Ok(())
            }
            None => Err(self.error("invalid unicode code point")),
        }
    }

    fn hex4(&mut self) -> Result<u16, ReadError> {
        let mut value = 0u16;
        for _ in 0..4 {
            let digit = match self.bytes().get(self.pos) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(&b) => (b as char).to_digit(16),
            };
            self.pos += 1;
            match digit {
                Some(d) => value = value * 16 + d as u16,
                None => return Err(self.error("invalid escape")),
            }
        }
        Ok(value)
    }

    /// A number, held as `serde_json` holds it: an integer that fits 64 bits as one (`-0`
    /// aside), every other number as the nearest double; a double out of range is an error.
    fn number(&mut self) -> Result<Number, ReadError> {
        let bytes = self.bytes();
        let start = self.pos;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while let Some(b'0'..=b'9') = bytes.get(*pos) {
                *pos += 1;
            }
            *pos - from
        };
        let mut pos = self.pos;
        let negative = bytes[pos] == b'-';
        if negative {
            pos += 1;
        }
        // The integer part, its value accumulated as it is scanned (`None` past 64 bits).
        let int_start = pos;
        let mut value = Some(0u64);
        while let Some(&b) = bytes.get(pos) {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(digit)));
            pos += 1;
        }
        match pos - int_start {
            0 => return Err(self.bad_number(pos)),
            n if n > 1 && bytes[int_start] == b'0' => {
                self.pos = int_start + 1;
                return Err(self.error("invalid number"));
            }
            _ => {}
        }
        let mut integral = true;
        if bytes.get(pos) == Some(&b'.') {
            integral = false;
            pos += 1;
            if digits(&mut pos) == 0 {
                return Err(self.bad_number(pos));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            integral = false;
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if digits(&mut pos) == 0 {
                return Err(self.bad_number(pos));
            }
        }
        self.pos = pos;
        match (integral, value, negative) {
            (true, Some(v), false) => return Ok(Number::from(v)),
            // `-0` is a double, as `serde_json` has it; `-2⁶³` still an `i64`.
            (true, Some(v), true) if v != 0 && v <= 1 << 63 => {
                return Ok(Number::from((v as i64).wrapping_neg()));
            }
            _ => {}
        }
        match self.text[start..pos]
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
        {
            Some(n) => Ok(n),
            None => Err(self.error("number out of range")),
        }
    }

    /// A number that stops being one at `pos`.
    fn bad_number(&mut self, pos: usize) -> ReadError {
        self.pos = pos;
        self.error(if pos < self.text.len() {
            "invalid number"
        } else {
            "EOF while parsing a value"
        })
    }
}
