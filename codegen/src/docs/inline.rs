//! Inlines → tokens: code spans, links and emphasis, as Markdown pieces ready to be wrapped.
//!
//! Takes: the [`Inline`]s of one paragraph. Gives: [`Tok`]ens: breakable spaces, hard breaks,
//! escaped text, unbreakable atoms (code spans, links, autolinks) and emphasis delimiters. An
//! emphasis pair that `CommonMark` would not read as intended (by its flanking rules) is dropped,
//! keeping its content; sibling emphasis and adjacent code spans are merged so that their
//! delimiters do not fuse.

use std::collections::BTreeSet;

use super::escape::{escape_text, glue};
use super::{Inline, plain_text};
use crate::text::code_span;

/// The tokens of a paragraph: normalized, escaped (bare URLs autolinked), emphasis validated,
/// code spans rendered.
pub(super) fn paragraph_tokens(inlines: &[Inline]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut next_id = 0;
    build_tokens(inlines, &mut toks, &mut next_id);
    let mut toks = normalize(toks);
    render_text(&mut toks, true);
    validate_emphasis(&mut toks, ' ', ' ');
    render_code(toks)
}

/// An emphasis kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Emph,
    Strong,
}

impl Mark {
    /// Its Markdown delimiter.
    pub(super) fn delim(self) -> &'static str {
        match self {
            Mark::Emph => "*",
            Mark::Strong => "**",
        }
    }
}

/// A piece of a paragraph.
#[derive(Debug, Clone)]
pub(super) enum Tok {
    /// Breakable space.
    Space,
    /// Hard line break.
    Break,
    /// A piece of a word: raw text before `render_text`, escaped Markdown after it.
    Text(String),
    /// Raw code span content (collapsed); adjacent ones are merged because two code spans
    /// written back to back would fuse their backtick fences. Becomes an `Atom` when rendered.
    Code(String),
    /// Unbreakable, already rendered Markdown (code span, link).
    Atom(String),
    Open(Mark, usize),
    Close(Mark, usize),
}

fn is_gap(t: &Tok) -> bool {
    matches!(t, Tok::Space | Tok::Break)
}

fn is_marker(t: &Tok) -> bool {
    matches!(t, Tok::Open(..) | Tok::Close(..))
}

/// Merges sibling emphasis of the same kind (`<i>a</i><i>b</i>` → `*ab*`): written back to back
/// their delimiters would fuse into one run.
fn merge_siblings(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Emph(prev)), Inline::Emph(next))
            | (Some(Inline::Strong(prev)), Inline::Strong(next)) => {
                prev.extend(next.iter().cloned());
            }
            _ => out.push(inline.clone()),
        }
    }
    out
}

fn build_tokens(inlines: &[Inline], out: &mut Vec<Tok>, next_id: &mut usize) {
    for inline in &merge_siblings(inlines) {
        match inline {
            Inline::Text(s) => push_text(s, out),
            Inline::Break => out.push(Tok::Break),
            Inline::Code(s) => {
                let code = collapse_whitespace(s);
                if s.starts_with(|c: char| c.is_ascii_whitespace()) {
                    out.push(Tok::Space);
                }
                if !code.is_empty() {
                    match out.last_mut() {
                        Some(Tok::Code(prev)) => prev.push_str(&code),
                        _ => out.push(Tok::Code(code)),
                    }
                    if s.ends_with(|c: char| c.is_ascii_whitespace()) {
                        out.push(Tok::Space);
                    }
                }
            }
            Inline::Emph(children) | Inline::Strong(children) => {
                let mark = if matches!(inline, Inline::Emph(_)) {
                    Mark::Emph
                } else {
                    Mark::Strong
                };
                let mut inner = Vec::new();
                build_tokens(children, &mut inner, next_id);
                let (lead, core, trail) = split_edges(inner);
                out.extend(lead);
                if core.iter().any(|t| !is_gap(t) && !is_marker(t)) {
                    let id = *next_id;
                    *next_id += 1;
                    out.push(Tok::Open(mark, id));
                    out.extend(core);
                    out.push(Tok::Close(mark, id));
                }
                out.extend(trail);
            }
            Inline::Link { href, content } => {
                let mut inner = Vec::new();
                build_tokens(content, &mut inner, next_id);
                let (lead, core, trail) = split_edges(inner);
                out.extend(lead);
                out.push(Tok::Atom(render_link(href, content, core)));
                out.extend(trail);
            }
        }
    }
}

/// Splits text at ASCII whitespace into `Text`/`Space` tokens, gluing onto a preceding `Text`.
fn push_text(s: &str, out: &mut Vec<Tok>) {
    let mut rest = s;
    while !rest.is_empty() {
        let ws = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        if ws > 0 {
            out.push(Tok::Space);
            rest = &rest[ws..];
            continue;
        }
        let word_len = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(word_len);
        match out.last_mut() {
            Some(Tok::Text(prev)) => prev.push_str(word),
            _ => out.push(Tok::Text(word.to_string())),
        }
        rest = tail;
    }
}

/// Separates leading and trailing spaces/breaks so that they can be moved outside of emphasis or
/// link delimiters.
fn split_edges(mut toks: Vec<Tok>) -> (Vec<Tok>, Vec<Tok>, Vec<Tok>) {
    let lead_n = toks.iter().take_while(|t| is_gap(t)).count();
    let lead: Vec<Tok> = toks.drain(..lead_n).collect();
    let trail_n = toks.iter().rev().take_while(|t| is_gap(t)).count();
    let trail = toks.split_off(toks.len() - trail_n);
    (lead, toks, trail)
}

/// Collapses spaces, drops spaces around hard breaks and at both ends.
fn normalize(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        match t {
            Tok::Space => {
                if out.last().is_some_and(|l| !is_gap(l)) {
                    out.push(Tok::Space);
                }
            }
            Tok::Break => {
                if matches!(out.last(), Some(Tok::Space)) {
                    out.pop();
                }
                if out.last().is_some_and(|l| !is_gap(l)) {
                    out.push(Tok::Break);
                }
            }
            other => out.push(other),
        }
    }
    while out.last().is_some_and(is_gap) {
        out.pop();
    }
    out
}

/// Escapes all `Text` tokens (and, if `autolink`, turns bare URLs in them into autolinks).
fn render_text(toks: &mut [Tok], autolink: bool) {
    for t in toks {
        if let Tok::Text(raw) = t {
            *raw = escape_text(raw, autolink);
        }
    }
}

/// Renders code spans, merging those that became adjacent (e.g. after dropped emphasis).
fn render_code(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        match (out.last_mut(), t) {
            (Some(Tok::Code(prev)), Tok::Code(code)) => prev.push_str(&code),
            (_, t) => out.push(t),
        }
    }
    for t in &mut out {
        if let Tok::Code(code) = t {
            *t = Tok::Atom(code_span(code));
        }
    }
    out
}

fn first_char(t: &Tok) -> char {
    match t {
        Tok::Space => ' ',
        Tok::Break => '\\',
        Tok::Text(s) | Tok::Atom(s) => s.chars().next().unwrap_or(' '),
        Tok::Code(_) => '`',
        Tok::Open(..) | Tok::Close(..) => '*',
    }
}

fn last_char(t: &Tok) -> char {
    match t {
        Tok::Space => ' ',
        Tok::Break => '\n',
        Tok::Text(s) | Tok::Atom(s) => s.chars().next_back().unwrap_or(' '),
        Tok::Code(_) => '`',
        Tok::Open(..) | Tok::Close(..) => '*',
    }
}

/// Approximation of `CommonMark` "Unicode punctuation" (P and S categories).
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn left_flanking(prev: char, next: char) -> bool {
    !next.is_whitespace() && (!is_punct(next) || prev.is_whitespace() || is_punct(prev))
}

fn right_flanking(prev: char, next: char) -> bool {
    !prev.is_whitespace() && (!is_punct(prev) || next.is_whitespace() || is_punct(next))
}

/// Drops emphasis pairs whose delimiters `CommonMark` would not read as intended. Every delimiter
/// run that is kept opens only (left-flanking, not right-flanking) or closes only, so the
/// "rule of 3" never applies and the markers pair up exactly as they were emitted.
fn validate_emphasis(toks: &mut Vec<Tok>, before: char, after: char) {
    loop {
        let mut bad = BTreeSet::new();
        let n = toks.len();
        let mut i = 0;
        while i < n {
            if !is_marker(&toks[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && is_marker(&toks[i]) {
                i += 1;
            }
            let prev = if start == 0 {
                before
            } else {
                last_char(&toks[start - 1])
            };
            let next = if i == n { after } else { first_char(&toks[i]) };
            let run = &toks[start..i];
            let opens = run.iter().any(|t| matches!(t, Tok::Open(..)));
            let closes = run.iter().any(|t| matches!(t, Tok::Close(..)));
            let (left, right) = (left_flanking(prev, next), right_flanking(prev, next));
            let ok = match (opens, closes) {
                (true, false) => left && !right,
                (false, true) => right && !left,
                _ => false,
            };
            if !ok {
                for t in run {
                    if let Tok::Open(_, id) | Tok::Close(_, id) = t {
                        bad.insert(*id);
                    }
                }
            }
        }
        if bad.is_empty() {
            return;
        }
        toks.retain(|t| match t {
            Tok::Open(_, id) | Tok::Close(_, id) => !bad.contains(id),
            _ => true,
        });
    }
}

fn render_link(href: &str, content: &[Inline], core: Vec<Tok>) -> String {
    let plain = collapse_whitespace(&plain_text(content));
    let href_trimmed = href.trim_end_matches('/');
    if (plain.is_empty() || plain == href || plain.trim_end_matches('/') == href_trimmed)
        && autolink_safe(href)
    {
        return format!("<{href}>");
    }
    let mut toks = normalize(core);
    render_text(&mut toks, false);
    validate_emphasis(&mut toks, '[', ']');
    let toks = render_code(toks);
    let mut text = String::new();
    for t in &toks {
        match t {
            Tok::Space | Tok::Break => text.push(' '),
            Tok::Text(s) | Tok::Code(s) | Tok::Atom(s) => glue(&mut text, s),
            Tok::Open(m, _) | Tok::Close(m, _) => glue(&mut text, m.delim()),
        }
    }
    if text.is_empty() {
        text = escape_text(href, false);
    }
    if text.starts_with('^') {
        // `[^…]` would be read as a footnote reference.
        text.insert(0, '\\');
    }
    format!("[{text}]({})", encode_destination(href))
}

fn autolink_safe(url: &str) -> bool {
    !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

fn encode_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | '\\' | '`') {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}
