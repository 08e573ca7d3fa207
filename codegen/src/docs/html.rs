//! DOM → model: the parsed HTML fragment as blocks of inlines.
//!
//! Takes: the tree `scraper` (html5ever) built for a description. Gives: [`Block`]s of
//! [`Inline`]s: paragraphs, lists (`<ul>`, `<ol>`, and `<dl>` as a list of `**term**: definition`
//! items), quotes (`<note>`, `<important>`, `<blockquote>`) and preformatted text, with formatting
//! (`<code>`, `<b>`, `<i>`, `<a href>`) kept inline. Text is cleaned of characters that must not
//! appear in a doc comment; anything nested deeper than [`MAX_DEPTH`] is flattened into text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::{Block, Inline, plain_text};

/// Maximum element nesting that is converted structurally; anything deeper becomes plain text.
/// Keeps the recursive walk and rendering far away from stack exhaustion on hostile input.
const MAX_DEPTH: usize = 32;

/// The blocks of a parsed fragment.
pub(super) fn fragment_blocks(doc: &Html) -> Vec<Block> {
    build_blocks(doc.tree.root(), Ctx::default())
}

/// Where the walk is: how deep, and inside which formatting (not nested again).
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

/// Collects blocks, and the inlines of the paragraph being read.
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
    if c.is_control() || crate::text::is_bidi_control(c) {
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
