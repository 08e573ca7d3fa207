//! Layout: tokens → words wrapped into lines, and blocks → lines inside their prefixes.
//!
//! Takes: the [`Block`]s of a description and a width. Gives: Markdown lines (no `///`): a
//! paragraph's tokens grouped into unbreakable words and wrapped at the width (a word that could
//! start a heading, list item or thematic break at the start of a line is escaped there), hard
//! breaks as a trailing `\`, lists with `- ` / `1. ` markers and indented continuation lines,
//! quotes with `> `, preformatted text in a fenced `text` block. Blocks are separated by one
//! empty line.

use super::escape::glue;
use super::inline::{Tok, paragraph_tokens};
use super::{Block, Inline};
use crate::text::longest_backtick_run;

/// An unbreakable run of rendered pieces.
#[derive(Debug, Default)]
struct Word {
    text: String,
    len: usize,
    /// The word starts with a text piece (only those can be misread as block syntax).
    text_start: bool,
    hard_break_after: bool,
}

/// A paragraph's lines.
fn para_lines(inlines: &[Inline], width: usize) -> Vec<String> {
    wrap_words(&words(&paragraph_tokens(inlines)), width)
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

/// Fills lines with words up to `width` characters; a hard break ends its line with `\`.
fn wrap_words(words: &[Word], width: usize) -> Vec<String> {
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

/// The lines of blocks, separated by one empty line.
pub(super) fn render_blocks(blocks: &[Block], width: usize) -> Vec<String> {
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
            let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
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
