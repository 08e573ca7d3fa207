//! Diagnostics: every error and warning names the file, `line:column` and JSON pointer.
//!
//! Takes: a message and a place (a document's source text plus a JSON pointer into it, or a byte
//! offset when the text did not parse). Gives: a [`Diagnostic`] that renders as a short,
//! located report with the offending source line (via `codespan-reporting`).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The run fails (exit code 2) and nothing is written.
    Error,
    /// Printed; the run goes on.
    Warning,
}

/// A place in a schema document.
#[derive(Debug, Clone)]
pub struct Place {
    /// The file as the user would name it (schema root as given, joined with the relative path).
    pub path: String,
    /// The document's source text (shared, not copied per diagnostic).
    pub source: Arc<str>,
    /// The JSON pointer of the value concerned (`""` is the document root).
    pub pointer: String,
    /// The byte range of that value in `source`.
    pub span: Range<usize>,
}

impl Place {
    /// The place of `pointer` in a document: the span of the deepest value on the pointer's
    /// path that exists in `source`.
    pub fn at_pointer(path: &str, source: &Arc<str>, pointer: &str) -> Self {
        let span = locate_pointer(source, pointer).unwrap_or(0..0);
        Place {
            path: path.to_owned(),
            source: Arc::clone(source),
            pointer: pointer.to_owned(),
            span,
        }
    }

    /// The place of a byte offset (for text that is not valid JSON).
    pub fn at_offset(path: &str, source: &Arc<str>, offset: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        Place {
            path: path.to_owned(),
            source: Arc::clone(source),
            pointer: String::new(),
            span: offset..offset,
        }
    }

    /// `file:line:column` of the start of the span.
    pub fn location_text(&self) -> String {
        let (line, col) = self.line_col();
        format!("{}:{line}:{col}", self.path)
    }

    /// One-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        line_col(&self.source, self.span.start)
    }
}

/// An error or warning about the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where, when the problem is in a document (boxed: diagnostics travel in `Result`s).
    pub place: Option<Box<Place>>,
    /// Whether `place.pointer` means something (false for unparsable text).
    pub has_pointer: bool,
    /// Further lines: the other end of a conflict, a hint.
    pub notes: Vec<String>,
    /// What kind of problem this is, for the count per kind at the end of a run
    /// (`unknown $ref`, `malformed JSON`, …).
    pub kind: &'static str,
}

impl Diagnostic {
    /// An error at a JSON pointer of a document.
    pub fn error(message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            place: Some(Box::new(place)),
            has_pointer: true,
            notes: Vec::new(),
            kind: "invalid schema",
        }
    }

    /// A warning at a JSON pointer of a document.
    pub fn warning(message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, place)
        }
    }

    /// An error in a file's text, before it is JSON (no pointer yet).
    pub fn syntax_error(message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            has_pointer: false,
            kind: "malformed JSON",
            ..Diagnostic::error(message, place)
        }
    }

    /// An error that concerns no single document (an unreadable folder, say).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            place: None,
            has_pointer: false,
            notes: Vec::new(),
            kind: "unreadable input",
        }
    }

    /// Says what kind of problem this is (see [`Diagnostic::kind`]).
    #[must_use]
    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:column` of the diagnostic, when it has a place.
    pub fn location(&self) -> Option<String> {
        self.place.as_deref().map(Place::location_text)
    }
}

/// Puts diagnostics in the order a user repairs them (by file, then position, then message;
/// those without a place first) and drops exact repeats (one broken document referred to from
/// many places is reported once per referring place, not once per path that led there).
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    let key = |d: &Diagnostic| {
        let place = d.place.as_deref();
        (
            place.map(|p| p.path.clone()),
            place.map_or(0, |p| p.span.start),
            place.map(|p| p.pointer.clone()),
            d.message.clone(),
        )
    };
    diagnostics.sort_by_cached_key(key);
    diagnostics.dedup_by(|a, b| key(a) == key(b) && a.notes == b.notes);
}

/// How many diagnostics there are of each kind, most frequent first (then by kind).
pub fn count_by_kind(diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for d in diagnostics {
        match counts.iter_mut().find(|(k, _)| *k == d.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.kind, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let Some(place) = &self.place else {
            writeln!(f, "{kind}: {}", self.message)?;
            for note in &self.notes {
                writeln!(f, "  = note: {note}")?;
            }
            return Ok(());
        };
        // First line: everything needed to find the problem, greppable.
        let (line, col) = place.line_col();
        let at = if self.has_pointer {
            format!(" at {}", display_pointer(&place.pointer))
        } else {
            String::new()
        };
        writeln!(
            f,
            "{kind}: {}:{line}:{col}{at}: {}",
            place.path, self.message
        )?;
        // Then the source excerpt: codespan's, unless the line is too long to show whole (a
        // minified document), where a window around the column is shown instead.
        let line_text = line_around(&place.source, place.span.start);
        if line_text.chars().count() > MAX_EXCERPT {
            let label = if self.has_pointer {
                display_pointer(&place.pointer)
            } else {
                String::from("here")
            };
            let (window, caret) = window_around(line_text, col - 1);
            let gutter = " ".repeat(line.to_string().len());
            writeln!(f, "{gutter} ┌─ {}:{line}:{col}", place.path)?;
            writeln!(f, "{gutter} │")?;
            writeln!(f, "{line} │ {window}")?;
            writeln!(f, "{gutter} │ {}^ {label}", " ".repeat(caret))?;
            for note in &self.notes {
                writeln!(f, "{gutter} = {note}")?;
            }
            return Ok(());
        }
        let file = SimpleFile::new(place.path.as_str(), place.source.as_ref());
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let label = if self.has_pointer {
            display_pointer(&place.pointer)
        } else {
            String::from("here")
        };
        let report = report
            .with_labels(vec![
                Label::primary((), place.span.clone()).with_message(label),
            ])
            .with_notes(self.notes.clone());
        let config = term::Config {
            before_label_lines: 0,
            after_label_lines: 0,
            ..term::Config::default()
        };
        match term::emit_into_string(&config, &file, &report) {
            // codespan repeats the (empty) headline; keep only the excerpt and notes.
            Ok(text) => {
                let lines: Vec<&str> = text.lines().skip_while(|l| !l.contains('┌')).collect();
                let end = lines
                    .iter()
                    .rposition(|l| !l.trim().is_empty())
                    .map_or(0, |i| i + 1);
                for line in &lines[..end] {
                    writeln!(f, "{line}")?;
                }
                Ok(())
            }
            Err(_) => {
                for note in &self.notes {
                    writeln!(f, "  = note: {note}")?;
                }
                Ok(())
            }
        }
    }
}

/// Source lines longer than this (in characters) are shown as a window around the column.
const MAX_EXCERPT: usize = 160;

/// The line of `source` that holds byte `offset`, without its line break.
fn line_around(source: &str, offset: usize) -> &str {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    source[start..end].trim_end_matches('\r')
}

/// About 100 characters of `line` around character `col` (0-based), with `…` where cut, and the
/// caret's position in the window.
fn window_around(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = col.min(chars.len());
    let start = col.saturating_sub(40);
    let end = (col + 60).min(chars.len());
    let mut window = String::new();
    let mut caret = col - start;
    if start > 0 {
        window.push('…');
        caret += 1;
    }
    window.extend(
        chars[start..end]
            .iter()
            .map(|c| if c.is_control() { ' ' } else { *c }),
    );
    if end < chars.len() {
        window.push('…');
    }
    (window, caret)
}

/// A pointer as printed in messages: `/properties/Foo`, or `(document root)`.
pub fn display_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        String::from("(document root)")
    } else {
        pointer.to_owned()
    }
}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Splits a JSON pointer into its unescaped segments (`""` → none).
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// One-based line and column (counted in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The byte offset of a one-based line and column (as serde_json reports them).
pub fn offset_of(source: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let in_line: usize = l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + in_line;
        }
        offset += l.len();
    }
    source.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The byte span of the value a JSON pointer designates, or of the deepest existing value on its
/// path. Only called when a diagnostic is made, so it re-parses the text with a parser that keeps
/// positions (`jsonc-parser`) instead of making every load pay for them.
fn locate_pointer(source: &str, pointer: &str) -> Option<Range<usize>> {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;

    let parsed = jsonc_parser::parse_to_ast(
        source,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .ok()?;
    let mut value = parsed.value.as_ref()?;
    let mut span = value.range();
    for segment in pointer_segments(pointer) {
        let next = match value {
            Value::Object(object) => object
                .properties
                .iter()
                .rev()
                .find(|p| p.name.as_str() == segment)
                .map(|p| &p.value),
            Value::Array(array) => segment
                .parse::<usize>()
                .ok()
                .and_then(|i| array.elements.get(i)),
            _ => None,
        };
        match next {
            Some(v) => {
                value = v;
                span = v.range();
            }
            None => break,
        }
    }
    Some(span.start..span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_pointer() {
        let src: Arc<str> = Arc::from("{\n  \"a\": {\n    \"b/c\": [1, 22]\n  }\n}\n");
        let place = Place::at_pointer("x.json", &src, "/a/b~1c/1");
        assert_eq!(place.line_col(), (3, 16));
        assert_eq!(&src[place.span.clone()], "22");
    }

    #[test]
    fn missing_pointer_falls_back_to_deepest_existing_value() {
        let src: Arc<str> = Arc::from("{\"a\": {\"b\": 1}}");
        let place = Place::at_pointer("x.json", &src, "/a/zz");
        assert_eq!(&src[place.span.clone()], "{\"b\": 1}");
    }

    #[test]
    fn rendered_error_names_file_line_column_and_pointer() {
        let src: Arc<str> = Arc::from("{\n  \"$ref\": \"#/nope\"\n}\n");
        let d = Diagnostic::error("unknown $ref", Place::at_pointer("s/a.json", &src, "/$ref"));
        let text = d.to_string();
        assert!(
            text.starts_with("error: s/a.json:2:11 at /$ref: unknown $ref\n"),
            "{text}"
        );
        assert!(text.contains("\"#/nope\""), "{text}");
    }

    #[test]
    fn long_lines_show_a_window_around_the_column() {
        let mut text = String::from("{\"enum\": [");
        for i in 0..5000 {
            text.push_str(&format!("\"v{i}\", "));
        }
        text.push_str("1]}");
        let src: Arc<str> = Arc::from(text);
        let d = Diagnostic::warning(
            "a number",
            Place::at_pointer("big.json", &src, "/enum/5000"),
        );
        let shown = d.to_string();
        assert!(shown.len() < 1000, "{} bytes shown", shown.len());
        assert!(shown.contains("\"v4999\", 1]}"), "{shown}");
        assert!(shown.contains("^ /enum/5000"), "{shown}");
    }

    #[test]
    fn offsets_and_line_columns_agree() {
        let src = "ab\ncdé\nf";
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(line_col(src, offset_of(src, 3, 1)), (3, 1));
    }
}
