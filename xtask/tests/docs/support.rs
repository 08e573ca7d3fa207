//! Helpers shared by the integration tests: structural checks on converted output, a
//! pulldown-cmark based check with rustdoc's Markdown options, a generator of random HTML-ish
//! fragments, and a harness that runs `cargo doc` / `cargo test --doc` on a generated crate.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// rustdoc's Markdown options (`main_body_opts`), optionally without smart punctuation.
pub fn rustdoc_options(smart: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    if smart {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Container prefix of a line: strips `> ` quote markers; returns (quote depth, rest).
fn strip_quotes(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut s = line;
    loop {
        if let Some(r) = s.strip_prefix("> ") {
            s = r;
        } else if s == ">" {
            s = "";
        } else {
            return (depth, s);
        }
        depth += 1;
    }
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// Width of a list marker (`- `, `12. `) at the start of `s`, if any.
fn list_marker_len(s: &str) -> Option<usize> {
    if s.starts_with("- ") {
        return Some(2);
    }
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0 && s[digits..].starts_with(". ")).then_some(digits + 2)
}

/// The line without any container prefixes (indentation, `> `, list markers).
fn strip_containers(line: &str) -> &str {
    let mut s = line;
    loop {
        let t = s.trim_start_matches(' ');
        if let Some(r) = t.strip_prefix("> ") {
            s = r;
        } else if t == ">" {
            return "";
        } else if let Some(n) = list_marker_len(t) {
            s = &t[n..];
        } else {
            return t;
        }
    }
}

/// Column where the content of the innermost list item opened on this line starts (`1. - x`
/// opens two items; content at column 5), or None if the line opens no list item.
fn item_content_column(line: &str) -> Option<usize> {
    let mut col = None;
    let mut s = line;
    loop {
        let t = s.trim_start_matches(' ');
        match list_marker_len(t) {
            Some(n) => {
                s = &t[n..];
                col = Some(line.len() - s.len());
            }
            None => return col,
        }
    }
}

/// True if the line (without container prefixes) holds one unbreakable token: no space outside
/// code spans, links and autolinks.
pub fn is_single_token(line: &str) -> bool {
    let s = strip_containers(line);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = "`".repeat(n);
                let after = i + n;
                match s[after..].find(&fence) {
                    Some(p) => i = after + p + n,
                    None => i = after,
                }
            }
            b'[' => match link_end(b, i) {
                Some(end) => i = end,
                None => i += 1,
            },
            b'<' => match s[i..].find('>') {
                Some(p) => i += p + 1,
                None => i += 1,
            },
            b' ' => return false,
            _ => i += 1,
        }
    }
    true
}

/// End (exclusive) of the inline link `[text](dest)` starting at `start`, honouring escapes and
/// nested brackets in the text.
fn link_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = vec![b'`'; n];
                let after = i + n;
                i = b[after..]
                    .windows(n)
                    .position(|w| w == fence.as_slice())
                    .map_or(after, |p| after + p + n);
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    if b.get(i + 1) != Some(&b'(') {
                        return None;
                    }
                    let close = b[i + 1..].iter().position(|&c| c == b')')?;
                    return Some(i + 1 + close + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Removes code spans and autolinks from a line (textually), for the raw-tag check.
fn strip_code_and_autolinks(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = "`".repeat(n);
                match s[i + n..].find(&fence) {
                    Some(p) => {
                        out.push_str(&s[last..i]);
                        i = i + n + p + n;
                        last = i;
                    }
                    None => i += n,
                }
            }
            b'<' if s[i..].starts_with("<http") || s[i..].starts_with("<mailto:") => {
                match s[i..].find('>') {
                    Some(p) => {
                        out.push_str(&s[last..i]);
                        i += p + 1;
                        last = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[last.min(s.len())..]);
    out
}

/// Structural checks on converted lines; returns a description of every violation.
pub fn line_violations(lines: &[String], width: usize) -> Vec<String> {
    let mut v = Vec::new();
    if lines.first().is_some_and(|l| l.is_empty()) || lines.last().is_some_and(|l| l.is_empty()) {
        v.push("leading or trailing empty line".to_string());
    }
    let mut fence: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let (depth, content) = strip_quotes(line);
        let after_marker = strip_containers(line);
        if let Some(f) = &fence {
            if after_marker == f {
                fence = None;
            }
            continue; // preformatted content is exempt
        }
        let ticks = after_marker.chars().take_while(|&c| c == '`').count();
        // A backtick fence's info string cannot contain backticks (otherwise it is a code span).
        if ticks >= 3 && !after_marker[ticks..].contains('`') {
            let n = ticks;
            fence = Some("`".repeat(n));
            if &after_marker[n..] != "text" {
                v.push(format!("line {i}: fence without `text`: {line:?}"));
            }
            continue;
        }
        if line.ends_with(' ') {
            v.push(format!("line {i}: trailing space: {line:?}"));
        }
        if line.chars().count() > width && !is_single_token(line) {
            v.push(format!("line {i}: longer than {width}: {line:?}"));
        }
        let n = indent_of(content);
        if n >= 4 {
            // Must continue a list item: the nearest less indented line at the same quote depth
            // has to be a list item whose content starts at most 3 columns before this line.
            let ok = lines[..i]
                .iter()
                .rev()
                .map(|l| strip_quotes(l))
                .filter(|(d, c)| *d == depth && !c.trim().is_empty())
                .find(|(_, c)| indent_of(c) < n)
                .and_then(|(_, c)| item_content_column(c))
                .is_some_and(|col| n <= col + 3);
            if !ok {
                v.push(format!(
                    "line {i}: indented {n} outside a list item: {line:?}"
                ));
            }
        }
        let bare = strip_code_and_autolinks(strip_containers(line));
        let bb = bare.as_bytes();
        if bb
            .iter()
            .enumerate()
            .any(|(j, &c)| (c == b'<' || c == b'>') && (j == 0 || bb[j - 1] != b'\\'))
        {
            v.push(format!("line {i}: raw angle bracket: {line:?}"));
        }
    }
    if fence.is_some() {
        v.push("unclosed fence".to_string());
    }
    v
}

/// Parses the Markdown with rustdoc's options and reports constructs that must never appear.
pub fn markdown_violations(markdown: &str) -> Vec<String> {
    let mut v = Vec::new();
    for event in Parser::new_ext(markdown, rustdoc_options(true)) {
        let bad = match &event {
            Event::Html(_) | Event::InlineHtml(_) => Some("raw HTML"),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some("indented code block"),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.as_ref() != "text" =>
            {
                Some("code block that is not `text`")
            }
            Event::Start(Tag::Heading { .. }) => Some("heading"),
            Event::Start(Tag::Table(_)) => Some("table"),
            Event::Start(Tag::Image { .. }) => Some("image"),
            Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                Some("footnote")
            }
            Event::TaskListMarker(_) => Some("task list marker"),
            Event::Rule => Some("thematic break"),
            _ => None,
        };
        if let Some(what) = bad {
            v.push(format!("{what}: {event:?}"));
        }
    }
    v
}

/// The text a reader sees (Text and Code events, breaks as spaces), with smart punctuation off.
pub fn rendered_text(markdown: &str) -> String {
    rendered_text_impl(markdown, true)
}

/// Like [`rendered_text`], leaving out the text of links (the HTML parser may legitimately
/// duplicate links when it repairs misnested markup).
pub fn rendered_text_outside_links(markdown: &str) -> String {
    rendered_text_impl(markdown, false)
}

fn rendered_text_impl(markdown: &str, with_links: bool) -> String {
    let mut out = String::new();
    let mut in_link = 0usize;
    for event in Parser::new_ext(markdown, rustdoc_options(false)) {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(pulldown_cmark::TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if with_links || in_link == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Small deterministic PRNG (xorshift64*), so that generated inputs are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that random fragments are assembled from: tags (opening, closing, unbalanced) and text
/// with every character class that needs escaping.
#[rustfmt::skip]
pub const PIECES: &[&str] = &[
    "<p>", "</p>", "<code>", "</code>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<note>",
    "</note>", "<important>", "</important>", "<dl>", "</dl>", "<dt>", "</dt>", "<dd>", "</dd>",
    "<i>", "</i>", "<em>", "</em>", "<b>", "</b>", "<strong>", "</strong>", "<br>", "<br/>",
    "<pre>", "</pre>", "<span>", "</span>", "<div>", "</div>", "<foo>", "</foo>",
    "<a href=\"https://example.com/x_y?a=1&amp;b=2\">", "<a href=\"/relative\">", "<a href=\"\">",
    "<a href=\"https://example.com/\">https://example.com/</a>", "</a>", "<blockquote>",
    "</blockquote>", "<h2>", "</h2>", "<img alt=\"alt [text]\">", "<!-- c -->", " ", " ", " ", "\n",
    "  ", "word", "Word", "text", "more text", "value", "x", "[x]", "[", "]", "[^1]", "*", "**",
    "_", "__init__", "snake_case", "`", "``", "#", "# ", "- ", "-", "---", "+ ", "=", "===", "1.",
    "1. ", "2)", "42", ":", ": ", "|", "a | b", "~", "~~", "!", "![", "\\", "\\*", "&amp;", "&lt;",
    "&gt;", "&lt;tag&gt;", "&lt;/p&gt;", "&quot;", "&#39;", "&nbsp;", "&#x263A;", "&#8212;",
    "&amp;amp;", "&amp;#65;", "<", ">", "a < b", "b > a", "https://example.com/path_(x)",
    "http://example.org.", "(https://a.example/b)", "see https://", "mailto:x@example.com", "{",
    "}", "$", "^", "\"quoted\"", "'single'", "...", "--", "    indented", "\t", "éß", "日本",
    "\u{2028}", "\u{202E}", "\u{1}", "&#13;", "&#0;",
    "averyveryveryveryveryveryveryveryveryverylongwordthatcannotbebroken",
];

/// A random fragment of `n` pieces.
pub fn random_fragment(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(PIECES[rng.below(PIECES.len())]);
    }
    s
}

pub struct RustdocOutcome {
    pub doctests: usize,
    pub doc_log: String,
}

/// Temporary directory used by [`rustdoc_check`] for `name` (kept after a failure for inspection).
pub fn check_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("codegen-docs-{name}-{}", std::process::id()))
}

/// Writes a crate with one documented constant per entry of `docs` into a temporary directory and
/// runs `RUSTDOCFLAGS="-D warnings" cargo doc --no-deps` and `cargo test --doc` on it.
pub fn rustdoc_check(name: &str, docs: &[Vec<String>]) -> Result<RustdocOutcome, String> {
    let dir = check_dir(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"docs_check_{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\n\n[workspace]\n",
        name.replace('-', "_")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let mut lib = String::from(
        "//! Generated by the docs tests: one constant per converted description.\n\
         #![deny(missing_docs)]\n#![deny(rustdoc::all)]\n\n",
    );
    for (i, lines) in docs.iter().enumerate() {
        if lines.is_empty() {
            lib.push_str("/// (no description)\n");
        }
        for line in lines {
            if line.is_empty() {
                lib.push_str("///\n");
            } else {
                let _ = writeln!(lib, "/// {line}");
            }
        }
        let _ = writeln!(lib, "pub const D{i}: () = ();\n");
    }
    std::fs::write(dir.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |args: &[&str]| {
        Command::new(&cargo)
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .map_err(|e| format!("cannot run {cargo}: {e}"))
    };
    let doc = run(&["doc", "--no-deps", "--offline"])?;
    let doc_log = String::from_utf8_lossy(&doc.stderr).into_owned();
    if !doc.status.success() {
        return Err(format!(
            "cargo doc failed (crate kept at {}):\n{doc_log}",
            dir.display()
        ));
    }
    let test = run(&["test", "--doc", "--offline"])?;
    let stdout = String::from_utf8_lossy(&test.stdout).into_owned();
    if !test.status.success() {
        return Err(format!(
            "cargo test --doc failed (crate kept at {}):\n{stdout}\n{}",
            dir.display(),
            String::from_utf8_lossy(&test.stderr)
        ));
    }
    let doctests = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("running "))
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|n| n.parse::<usize>().ok())
        .sum();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(RustdocOutcome { doctests, doc_log })
}

/// `tests/docs/cases/*.html`, sorted.
pub fn golden_inputs() -> Vec<PathBuf> {
    let dir = manifest_dir().join("../tests/docs/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "html"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// This package's folder, as cargo says at run time (not compiled in: a binary built in one
/// checkout and run from another, sharing a target folder, must read the files of the other).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("run this through cargo, which sets CARGO_MANIFEST_DIR"))
}
