//! Docs: schema descriptions (HTML fragments) → rustdoc Markdown, used by **emit**.
//!
//! Takes: a description as the schema wrote it (`<p>`, `<code>`, `<a href>`, lists, `<note>`,
//! `<dl>`, entities, unbalanced or truncated fragments, or plain text). Gives: Markdown lines
//! wrapped for reading in source, escaped so that rustdoc neither warns (brackets, bare URLs,
//! stray `<`) nor runs anything as a doctest.
//!
//! Parser: `scraper` (html5ever's WHATWG tree builder + arena DOM): unbalanced/truncated fragments,
//! stray end tags and unknown tags like `<note>` get exactly the tree a browser would build; it is
//! actively maintained and, unlike `markup5ever_rcdom` ("not production quality"), needs no Rc DOM.
//!
//! The conversion runs in three steps: the DOM is turned into a small block/inline model, inline
//! content is turned into tokens (escaped text, unbreakable atoms such as code spans and links,
//! emphasis markers), and the tokens are wrapped into lines inside their container prefixes.

use std::collections::BTreeSet;

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Maximum element nesting that is converted structurally; anything deeper becomes plain text.
/// Keeps the recursive walk and rendering far away from stack exhaustion on hostile input.
const MAX_DEPTH: usize = 32;

/// Converts an HTML-fragment description into rustdoc Markdown lines, wrapped so that no line
/// is longer than `width` characters (except a single word/URL/code span that cannot be broken).
/// Returned lines carry no `///` prefix. Paragraphs are separated by one empty line. No leading or
/// trailing empty lines. Empty/whitespace-only input → empty Vec.
#[must_use]
pub fn to_rustdoc(html: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let doc = Html::parse_fragment(html);
    let mut builder = Builder::default();
    walk_children(doc.tree.root(), &mut builder, Ctx::default());
    let blocks = builder.finish();
    let mut lines = render_blocks(&blocks, width);
    for line in &mut lines {
        let keep = line.trim_end_matches(' ').len();
        line.truncate(keep);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..leading);
    lines
}

/// Same conversion as [`to_rustdoc`] without wrapping (one line per paragraph or list item line),
/// joined with `\n` and without a trailing newline.
#[must_use]
pub fn to_markdown(html: &str) -> String {
    to_rustdoc(html, usize::MAX).join("\n")
}

// ---------------------------------------------------------------------------------------------
// Document model
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Inline {
    /// Decoded text; whitespace is collapsed later.
    Text(String),
    /// Text content of a `<code>` element.
    Code(String),
    /// Link with an absolute destination.
    Link {
        href: String,
        content: Vec<Inline>,
    },
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Break,
}

#[derive(Debug, Clone)]
enum Block {
    Para(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote {
        label: Option<&'static str>,
        blocks: Vec<Block>,
    },
    Pre(String),
}

#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    depth: usize,
    in_link: bool,
    in_emph: bool,
    in_strong: bool,
}

impl Ctx {
    fn deeper(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    para: Vec<Inline>,
}

impl Builder {
    fn flush(&mut self) {
        let para = std::mem::take(&mut self.para);
        if inlines_have_content(&para) {
            self.blocks.push(Block::Para(para));
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush();
        if let (
            Some(Block::List {
                ordered: prev_ordered,
                items: prev_items,
            }),
            Block::List { ordered, items },
        ) = (self.blocks.last_mut(), &block)
            && *prev_ordered == *ordered
        {
            prev_items.extend(items.iter().cloned());
            return;
        }
        self.blocks.push(block);
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

fn inlines_have_content(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text(t) | Inline::Code(t) => t.chars().any(|c| !c.is_ascii_whitespace()),
        Inline::Link { .. } => true,
        Inline::Emph(c) | Inline::Strong(c) => inlines_have_content(c),
        Inline::Break => false,
    })
}

// ---------------------------------------------------------------------------------------------
// DOM → model
// ---------------------------------------------------------------------------------------------

type DomNode<'a> = NodeRef<'a, Node>;

fn element_name<'a>(node: &DomNode<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(el) => Some(el.name()),
        _ => None,
    }
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "head" | "title" | "noscript"
    )
}

/// Elements that start a new block (used to separate text when they occur in inline context).
#[rustfmt::skip]
const BLOCK_NAMES: &[&str] = &[
    "p", "div", "ul", "ol", "li", "dl", "dt", "dd", "note", "important", "blockquote", "pre", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "section", "article", "aside", "header", "footer", "main", "nav", "figure",
    "figcaption", "address", "center", "details", "summary", "fieldset", "form", "body",
];

fn is_block_name(name: &str) -> bool {
    BLOCK_NAMES.contains(&name)
}

/// Removes characters that must not end up in a `///` comment: control characters (bare CR is a
/// hard error in doc comments) and the bidirectional-override code points that rustc rejects via
/// the deny-by-default `text_direction_codepoint_in_comment` lint. ASCII whitespace is kept (it
/// is collapsed or interpreted later).
fn clean_char(c: char) -> Option<char> {
    if c.is_ascii_whitespace() {
        return Some(c);
    }
    if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
        return None;
    }
    Some(c)
}

fn clean(text: &str) -> String {
    text.chars().filter_map(clean_char).collect()
}

/// Text content of a subtree (iterative, so depth does not matter); `<br>` counts as a newline.
fn text_content(node: DomNode<'_>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => out.extend(t.text.chars().filter_map(clean_char)),
            Node::Element(el) if el.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn walk_children(node: DomNode<'_>, b: &mut Builder, ctx: Ctx) {
    for child in node.children() {
        walk_node(child, b, ctx);
    }
}

fn build_blocks(node: DomNode<'_>, ctx: Ctx) -> Vec<Block> {
    let mut b = Builder::default();
    walk_children(node, &mut b, ctx);
    b.finish()
}

/// Converts one DOM node in block context.
fn walk_node(node: DomNode<'_>, b: &mut Builder, ctx: Ctx) {
    let name = match node.value() {
        Node::Text(t) => {
            b.para.push(Inline::Text(clean(&t.text)));
            return;
        }
        Node::Element(el) => el.name(),
        _ => return,
    };
    if is_skipped(name) {
        return;
    }
    if ctx.depth >= MAX_DEPTH {
        b.para
            .push(Inline::Text(format!(" {} ", text_content(node))));
        return;
    }
    let inner = ctx.deeper();
    if push_formatting(node, name, &mut b.para, inner) {
        return;
    }
    match name {
        "ul" | "ol" => {
            if let Some(list) = build_list(node, name == "ol", inner) {
                b.push_block(list);
            }
        }
        "li" => {
            let blocks = build_blocks(node, inner);
            if !blocks.is_empty() {
                b.push_block(Block::List {
                    ordered: false,
                    items: vec![blocks],
                });
            }
        }
        "dl" => {
            if let Some(list) = build_definition_list(node, inner) {
                b.push_block(list);
            }
        }
        "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            b.flush();
            let mut term = Vec::new();
            push_inlines(
                node,
                &mut term,
                Ctx {
                    in_strong: true,
                    ..inner
                },
            );
            if inlines_have_content(&term) {
                b.para.push(Inline::Strong(term));
            }
            b.flush();
        }
        "note" | "important" | "blockquote" => {
            let label = match name {
                "note" => Some("Note"),
                "important" => Some("Important"),
                _ => None,
            };
            let blocks = build_blocks(node, inner);
            if !blocks.is_empty() {
                b.push_block(Block::Quote { label, blocks });
            }
        }
        "pre" => {
            let text = pre_text(node);
            if !text.is_empty() {
                b.push_block(Block::Pre(text));
            }
        }
        "td" | "th" => {
            b.para.push(Inline::Text(" ".into()));
            walk_children(node, b, inner);
            b.para.push(Inline::Text(" ".into()));
        }
        _ if is_block_name(name) => {
            b.flush();
            walk_children(node, b, inner);
            b.flush();
        }
        // `span`, `a` without usable href, unknown tags: their content, in the current context.
        _ => walk_children(node, b, inner),
    }
}

/// Converts the children of `node` in inline context (inside emphasis, links, terms): block
/// elements are flattened into their text, separated by spaces.
fn push_inlines(node: DomNode<'_>, out: &mut Vec<Inline>, ctx: Ctx) {
    for child in node.children() {
        let name = match child.value() {
            Node::Text(t) => {
                out.push(Inline::Text(clean(&t.text)));
                continue;
            }
            Node::Element(el) => el.name(),
            _ => continue,
        };
        if is_skipped(name) {
            continue;
        }
        if ctx.depth >= MAX_DEPTH {
            out.push(Inline::Text(format!(" {} ", text_content(child))));
            continue;
        }
        let inner = ctx.deeper();
        if push_formatting(child, name, out, inner) {
            continue;
        }
        if is_block_name(name) {
            out.push(Inline::Text(" ".into()));
            push_inlines(child, out, inner);
            out.push(Inline::Text(" ".into()));
        } else {
            push_inlines(child, out, inner);
        }
    }
}

/// Handles the inline formatting elements; returns false for anything else.
fn push_formatting(node: DomNode<'_>, name: &str, out: &mut Vec<Inline>, ctx: Ctx) -> bool {
    match name {
        "br" => out.push(Inline::Break),
        "code" => out.push(Inline::Code(text_content(node))),
        "b" | "strong" if !ctx.in_strong => {
            let mut v = Vec::new();
            push_inlines(
                node,
                &mut v,
                Ctx {
                    in_strong: true,
                    ..ctx
                },
            );
            out.push(Inline::Strong(v));
        }
        "i" | "em" if !ctx.in_emph => {
            let mut v = Vec::new();
            push_inlines(
                node,
                &mut v,
                Ctx {
                    in_emph: true,
                    ..ctx
                },
            );
            out.push(Inline::Emph(v));
        }
        "a" if !ctx.in_link => {
            let href = match node.value() {
                Node::Element(el) => el.attr("href").and_then(absolute_href),
                _ => None,
            };
            let Some(href) = href else {
                return false;
            };
            let mut content = Vec::new();
            push_inlines(
                node,
                &mut content,
                Ctx {
                    in_link: true,
                    ..ctx
                },
            );
            out.push(Inline::Link { href, content });
        }
        "img" => {
            if let Node::Element(el) = node.value()
                && let Some(alt) = el.attr("alt")
            {
                out.push(Inline::Text(clean(alt)));
            }
        }
        _ => return false,
    }
    true
}

/// Returns the trimmed href if it is absolute (`http(s)://host…` or `mailto:…`).
fn absolute_href(href: &str) -> Option<String> {
    let href = clean(href);
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    let lower = href.to_ascii_lowercase();
    let rest = ["http://", "https://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))?;
    if rest.is_empty() {
        return None;
    }
    Some(href.to_string())
}

fn build_list(node: DomNode<'_>, ordered: bool, ctx: Ctx) -> Option<Block> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut stray = Builder::default();
    // Content that is not inside an `<li>` (text, nested lists written without `<li>`) is
    // attached to the preceding item.
    let flush_stray = |stray: &mut Builder, items: &mut Vec<Vec<Block>>| {
        let blocks = std::mem::take(stray).finish();
        if blocks.is_empty() {
            return;
        }
        match items.last_mut() {
            Some(last) => append_blocks(last, blocks),
            None => items.push(blocks),
        }
    };
    for child in node.children() {
        if element_name(&child) == Some("li") {
            flush_stray(&mut stray, &mut items);
            items.push(build_blocks(child, ctx.deeper()));
        } else {
            walk_node(child, &mut stray, ctx);
        }
    }
    flush_stray(&mut stray, &mut items);
    items.retain(|i| !i.is_empty());
    (!items.is_empty()).then_some(Block::List { ordered, items })
}

fn append_blocks(target: &mut Vec<Block>, blocks: Vec<Block>) {
    for block in blocks {
        if let (
            Some(Block::List {
                ordered: a,
                items: prev,
            }),
            Block::List { ordered: b, items },
        ) = (target.last_mut(), &block)
            && a == b
        {
            prev.extend(items.iter().cloned());
            continue;
        }
        target.push(block);
    }
}

/// `<dl>` becomes a bullet list whose items read `**term**: definition…`.
fn build_definition_list(node: DomNode<'_>, ctx: Ctx) -> Option<Block> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    // True while the last item holds only its term and waits for the definition.
    let mut awaiting_definition = false;
    let mut stray = Builder::default();
    for child in node.children() {
        match element_name(&child) {
            Some("dt") => {
                let mut term = Vec::new();
                push_inlines(
                    child,
                    &mut term,
                    Ctx {
                        in_strong: true,
                        ..ctx.deeper()
                    },
                );
                if inlines_have_content(&term) {
                    items.push(vec![Block::Para(vec![Inline::Strong(term)])]);
                    awaiting_definition = true;
                }
            }
            Some("dd") => {
                let blocks = build_blocks(child, ctx.deeper());
                add_definition(&mut items, &mut awaiting_definition, blocks);
            }
            _ => {
                walk_node(child, &mut stray, ctx);
                let blocks = std::mem::take(&mut stray).finish();
                add_definition(&mut items, &mut awaiting_definition, blocks);
            }
        }
    }
    items.retain(|i| !i.is_empty());
    (!items.is_empty()).then_some(Block::List {
        ordered: false,
        items,
    })
}

fn add_definition(items: &mut Vec<Vec<Block>>, awaiting: &mut bool, mut blocks: Vec<Block>) {
    if blocks.is_empty() {
        return;
    }
    let Some(item) = items.last_mut() else {
        items.push(blocks);
        return;
    };
    if *awaiting
        && let (Some(Block::Para(term)), Some(Block::Para(first))) =
            (item.last_mut(), blocks.first_mut())
    {
        let separator = if plain_text(term).trim_end().ends_with(':') {
            " "
        } else {
            ": "
        };
        term.push(Inline::Text(separator.into()));
        term.append(first);
        blocks.remove(0);
    }
    *awaiting = false;
    append_blocks(item, blocks);
}

fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Link { content, .. } => out.push_str(&plain_text(content)),
            Inline::Emph(c) | Inline::Strong(c) => out.push_str(&plain_text(c)),
            Inline::Break => out.push(' '),
        }
    }
    out
}

/// Preformatted text: whitespace kept, tabs expanded, trailing blanks and blank edge lines dropped.
fn pre_text(node: DomNode<'_>) -> String {
    let raw = text_content(node).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = raw
        .split('\n')
        .map(|l| {
            l.replace('\t', "    ")
                .replace('\x0c', " ")
                .trim_end()
                .to_string()
        })
        .collect();
    let start = lines.iter().position(|l| !l.is_empty());
    let end = lines.iter().rposition(|l| !l.is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e].join("\n"),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Inline model → tokens
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Emph,
    Strong,
}

impl Mark {
    fn delim(self) -> &'static str {
        match self {
            Mark::Emph => "*",
            Mark::Strong => "**",
        }
    }
}

#[derive(Debug, Clone)]
enum Tok {
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

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// A code span around already collapsed, non-empty text.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

// ---------------------------------------------------------------------------------------------
// Text escaping
// ---------------------------------------------------------------------------------------------

/// Characters that can continue a bare URL (superset of what rustdoc's `bare_urls` lint matches).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=%".contains(c)
}

/// Finds the next bare `http(s)://` URL in `s`: returns (start, end) byte offsets.
fn find_url(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while from < s.len() {
        let rest = &s[from..];
        let hit = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min()?;
        let start = from + hit;
        let scheme_len = if s[start..].starts_with("https://") {
            8
        } else {
            7
        };
        let body_start = start + scheme_len;
        let body_len = s[body_start..]
            .find(|c: char| !is_url_char(c))
            .unwrap_or(s.len() - body_start);
        let mut end = body_start + body_len;
        // Trailing punctuation belongs to the sentence, as does an unbalanced `)`.
        loop {
            let url = &s[start..end];
            let Some(last) = url.chars().next_back() else {
                break;
            };
            let unbalanced_paren =
                last == ')' && url.matches(')').count() > url.matches('(').count();
            if end > body_start && (".,:;!?'*\"".contains(last) || unbalanced_paren) {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if end > body_start {
            return Some((start, end));
        }
        from = body_start;
    }
    None
}

/// Escapes raw text so that Markdown shows it literally (line-start constructs are handled by the
/// wrapper, since only it knows where lines start).
fn escape_text(raw: &str, autolink: bool) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut rest = raw;
    if autolink {
        while let Some((start, end)) = find_url(rest) {
            escape_plain(&rest[..start], &mut out);
            out.push('<');
            out.push_str(&rest[start..end]);
            out.push('>');
            rest = &rest[end..];
        }
    }
    escape_plain(rest, &mut out);
    out
}

/// Whether `rest` (the text after a `&`) would complete an entity reference.
fn starts_entity(rest: &str) -> bool {
    let name_len = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name_len > 0 && rest[name_len..].starts_with(';')
}

/// Whether `text` ends with `ch` that is not itself backslash-escaped.
fn ends_with_unescaped(text: &str, ch: char) -> bool {
    let Some(head) = text.strip_suffix(ch) else {
        return false;
    };
    let backslashes = head.len() - head.trim_end_matches('\\').len();
    backslashes % 2 == 0
}

/// Appends a rendered piece to a word, escaping what only the combination would turn into
/// syntax: `!` + `[…](…)` (an image) and `&` + `amp;` (an entity reference).
fn glue(word: &mut String, piece: &str) {
    if ((piece.starts_with('[') && ends_with_unescaped(word, '!'))
        || (starts_entity(piece) && ends_with_unescaped(word, '&')))
        && let Some(last) = word.pop()
    {
        word.push('\\');
        word.push(last);
    }
    word.push_str(piece);
}

fn escape_plain(s: &str, out: &mut String) {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                // An underscore run between two alphanumerics can neither open nor close emphasis.
                let end = chars[i..]
                    .iter()
                    .position(|&c| c != '_')
                    .map_or(chars.len(), |p| i + p);
                let intraword = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(end).is_some_and(|c| c.is_alphanumeric());
                for _ in i..end {
                    if !intraword {
                        out.push('\\');
                    }
                    out.push('_');
                }
                i = end;
                continue;
            }
            '&' => {
                // Escape when it could start an entity reference (`&amp;`, `&#123;`). Pieces
                // glued to the end of this text are checked by `glue`.
                let rest: String = chars[i + 1..].iter().collect();
                if starts_entity(&rest) {
                    out.push('\\');
                }
                out.push('&');
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Wrapping
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Word {
    text: String,
    len: usize,
    /// The word starts with a text piece (only those can be misread as block syntax).
    text_start: bool,
    hard_break_after: bool,
}

fn para_lines(inlines: &[Inline], width: usize) -> Vec<String> {
    let mut toks = Vec::new();
    let mut next_id = 0;
    build_tokens(inlines, &mut toks, &mut next_id);
    let mut toks = normalize(toks);
    render_text(&mut toks, true);
    validate_emphasis(&mut toks, ' ', ' ');
    wrap(&words(&render_code(toks)), width)
}

fn words(toks: &[Tok]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for t in toks {
        let piece = match t {
            Tok::Space => {
                words.extend(cur.take());
                continue;
            }
            Tok::Break => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                if let Some(last) = words.last_mut() {
                    last.hard_break_after = true;
                }
                continue;
            }
            Tok::Text(s) | Tok::Code(s) | Tok::Atom(s) => s.as_str(),
            Tok::Open(m, _) | Tok::Close(m, _) => m.delim(),
        };
        let w = cur.get_or_insert_with(|| Word {
            text_start: matches!(t, Tok::Text(_)),
            ..Word::default()
        });
        glue(&mut w.text, piece);
    }
    words.extend(cur);
    if let Some(last) = words.last_mut() {
        last.hard_break_after = false;
    }
    for w in &mut words {
        w.len = w.text.chars().count();
    }
    words
}

/// The word as it must be written at the start of a line: escapes what would otherwise start a
/// heading, list item, thematic break, setext underline or table delimiter row.
fn at_line_start(w: &Word) -> String {
    let s = &w.text;
    if !w.text_start {
        return s.clone();
    }
    if s.starts_with('#') || (!s.is_empty() && s.chars().all(|c| "-+=:".contains(c))) {
        return format!("\\{s}");
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && s.len() == digits + 1 && (s.ends_with('.') || s.ends_with(')'))
    {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    s.clone()
}

fn wrap(words: &[Word], width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0usize;
    for w in words {
        let extra = usize::from(w.hard_break_after);
        if cur.is_empty() {
            let s = at_line_start(w);
            cur_len = s.chars().count();
            cur = s;
        } else if cur_len
            .saturating_add(1)
            .saturating_add(w.len)
            .saturating_add(extra)
            <= width
        {
            cur.push(' ');
            cur.push_str(&w.text);
            cur_len += 1 + w.len;
        } else {
            lines.push(std::mem::take(&mut cur));
            let s = at_line_start(w);
            cur_len = s.chars().count();
            cur = s;
        }
        if w.hard_break_after {
            cur.push('\\');
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Block rendering
// ---------------------------------------------------------------------------------------------

fn render_blocks(blocks: &[Block], width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for block in blocks {
        let lines = render_block(block, width);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(lines);
    }
    out
}

fn render_block(block: &Block, width: usize) -> Vec<String> {
    match block {
        Block::Para(inlines) => para_lines(inlines, width),
        Block::Pre(text) => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            let mut lines = vec![format!("{fence}text")];
            lines.extend(text.split('\n').map(str::to_string));
            lines.push(fence);
            lines
        }
        Block::Quote { label, blocks } => {
            let mut blocks = blocks.clone();
            if let Some(label) = label {
                let strong = Inline::Strong(vec![Inline::Text(format!("{label}:"))]);
                match blocks.first_mut() {
                    Some(Block::Para(first)) => {
                        first.insert(0, Inline::Text(" ".into()));
                        first.insert(0, strong);
                    }
                    _ => blocks.insert(0, Block::Para(vec![strong])),
                }
            }
            render_blocks(&blocks, width.saturating_sub(2).max(1))
                .into_iter()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect()
        }
        Block::List { ordered, items } => render_list(*ordered, items, width),
    }
}

/// Whether two consecutive blocks inside a list item need a blank line between them (a nested
/// list may directly follow the item's paragraph).
fn needs_blank(a: &Block, b: &Block) -> bool {
    !matches!((a, b), (Block::Para(_), Block::List { .. }))
}

fn render_list(ordered: bool, items: &[Vec<Block>], width: usize) -> Vec<String> {
    let loose = items
        .iter()
        .any(|item| item.windows(2).any(|w| needs_blank(&w[0], &w[1])));
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let marker = if ordered {
            format!("{}. ", n + 1)
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        let inner_width = width.saturating_sub(marker.len()).max(1);
        let mut lines: Vec<String> = Vec::new();
        for (i, block) in item.iter().enumerate() {
            let block_lines = render_block(block, inner_width);
            if block_lines.is_empty() {
                continue;
            }
            if i > 0 && !lines.is_empty() && (loose || needs_blank(&item[i - 1], block)) {
                lines.push(String::new());
            }
            lines.extend(block_lines);
        }
        if lines.is_empty() {
            continue;
        }
        if loose && !out.is_empty() {
            out.push(String::new());
        }
        for (i, line) in lines.into_iter().enumerate() {
            if i == 0 {
                out.push(format!("{marker}{line}"));
            } else if line.is_empty() {
                out.push(line);
            } else {
                out.push(format!("{indent}{line}"));
            }
        }
    }
    out
}
