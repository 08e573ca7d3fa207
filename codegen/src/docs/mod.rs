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
//!
//! Modules, in the order the conversion runs:
//!
//! - `html`: the DOM → blocks (paragraphs, lists, quotes, preformatted text) of inlines;
//! - `inline`: inlines → tokens (code spans, links, emphasis checked against `CommonMark`'s
//!   flanking rules);
//! - `escape`: raw text → Markdown that shows it literally (bare URLs become autolinks);
//! - `layout`: tokens → words wrapped into lines, blocks → lines inside their list and quote
//!   prefixes.
//!
//! This file holds the two entry points and the block/inline model the modules share.

mod escape;
mod html;
mod inline;
mod layout;

use scraper::Html;

/// Converts an HTML-fragment description into rustdoc Markdown lines, wrapped so that no line
/// is longer than `width` characters (except a single word/URL/code span that cannot be broken).
/// Returned lines carry no `///` prefix. Paragraphs are separated by one empty line. No leading or
/// trailing empty lines. Empty/whitespace-only input → empty Vec.
#[must_use]
pub fn to_rustdoc(html: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let doc = Html::parse_fragment(html);
    let blocks = html::fragment_blocks(&doc);
    let mut lines = layout::render_blocks(&blocks, width);
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

// The document model: what `html` builds and `inline` / `layout` render.

/// Inline content of a paragraph, a list item or a link.
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

/// A block of a description; lists and quotes hold blocks in turn.
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

/// The text of inlines without any markup (a break reads as a space).
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
