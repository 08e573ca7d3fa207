//! Text helpers shared by the stages: Markdown code spans and plain word wrapping (**emit**,
//! **docs**), the characters rustc refuses in comments and literals, and Rust's keywords (the
//! names **name** avoids, the crate names **config** refuses).
//!
//! Takes: plain strings (a wire name, a pattern, a generated sentence). Gives: a Markdown code
//! span fenced with enough backticks, or lines wrapped at a width without breaking a code span;
//! and [`WIDTH`], the column generated source is kept to.

/// The longest line of generated source, in characters (what emit's one-line/broken-up choices
/// compare against).
pub(crate) const WIDTH: usize = 100;

/// Words that cannot be plain identifiers (strict and reserved keywords of edition 2024).
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union", "_",
];

/// Whether `c` is a bidirectional-text control, which rustc refuses in comments and literals as
/// written (the deny-by-default lints `text_direction_codepoint_in_comment` and `_in_literal`,
/// against code that reads differently from what it compiles to).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The length of the longest run of consecutive backticks in `s` (0 if there is none).
pub(crate) fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// `text` as a Markdown code span: fenced with one backtick more than its longest backtick run,
/// and padded with a space on both sides when it starts or ends with a backtick (the padding is
/// stripped again by Markdown). Meant for non-empty text without line breaks.
pub(crate) fn code_span(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Wraps generator-written Markdown at `width`, never inside a code span.
///
/// Words are separated by single spaces (runs of spaces collapse; other whitespace is part of a
/// word). A run of backticks opens a code span, which a run of as many backticks closes (as
/// Markdown has it: `` ``a`b`` `` is one span), and the words of a code span stay on one line: a
/// line break inside one could start a line with `>` or `#`, which Markdown reads as a block. A line is broken before a word that would make it longer than
/// `width` **bytes** (not characters: a non-ASCII character counts for its UTF-8 length); a word
/// longer than `width` gets a line of its own. No empty lines; empty input gives no lines.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    // The length of the backtick run that opened the code span being read.
    let mut open: Option<usize> = None;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if open.is_some() {
            if let Some(last) = tokens.last_mut() {
                last.push(' ');
                last.push_str(word);
            }
        } else {
            tokens.push(word.to_owned());
        }
        let mut run = 0;
        for c in word.chars().chain([' ']) {
            if c == '`' {
                run += 1;
                continue;
            }
            if run > 0 {
                open = match open {
                    None => Some(run),
                    Some(n) if n == run => None,
                    other => other,
                };
                run = 0;
            }
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for t in tokens {
        if !line.is_empty() && line.len() + 1 + t.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&t);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs.rs`'s `code_span` as it was before it moved here (with its `longest_run`).
    fn docs_code_span(code: &str) -> String {
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
        let fence = "`".repeat(longest_run(code, '`') + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{code}{pad}{fence}")
    }

    /// Every string of up to `max` characters over `alphabet`.
    fn all_strings(alphabet: &[char], max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |c| {
                        let mut s = s.clone();
                        s.push(*c);
                        s
                    })
                })
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn code_span_fences_and_pads() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a b"), "`a b`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("a``b`c"), "```a``b`c```");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a`"), "`` a` ``");
        assert_eq!(code_span("`"), "`` ` ``");
        assert_eq!(code_span("é`ü"), "``é`ü``");
        assert_eq!(code_span(""), "``");
    }

    #[test]
    fn code_span_is_the_one_docs_had() {
        // emit.rs's copy is the same function under other names (`longest_backtick_run`,
        // `ticks`), so one reference covers both.
        for s in all_strings(&['`', 'a', ' ', 'é'], 6) {
            assert_eq!(code_span(&s), docs_code_span(&s), "{s:?}");
        }
    }

    #[test]
    fn longest_backtick_run_counts_consecutive_backticks() {
        assert_eq!(longest_backtick_run(""), 0);
        assert_eq!(longest_backtick_run("abc"), 0);
        assert_eq!(longest_backtick_run("`a``b`"), 2);
        assert_eq!(longest_backtick_run("a```"), 3);
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("aa bb cc dd", 4), ["aa", "bb", "cc", "dd"]);
        assert_eq!(wrap("aa bb cc", 100), ["aa bb cc"]);
    }

    #[test]
    fn wrap_collapses_spaces_and_gives_no_empty_lines() {
        assert_eq!(wrap("  a   b  ", 100), ["a b"]);
        assert!(wrap("", 10).is_empty());
        assert!(wrap("    ", 10).is_empty());
        // Only spaces separate words: a tab or newline stays inside its word.
        assert_eq!(wrap("a\tb c", 3), ["a\tb", "c"]);
    }

    #[test]
    fn wrap_keeps_a_long_word_on_its_own_line() {
        assert_eq!(wrap("a abcdefgh b", 4), ["a", "abcdefgh", "b"]);
    }

    #[test]
    fn wrap_never_breaks_a_code_span() {
        assert_eq!(wrap("see `a b c` here", 6), ["see", "`a b c`", "here"]);
        // Spaces inside a code span are collapsed like any other.
        assert_eq!(wrap("x `a  b` y", 100), ["x `a b` y"]);
        // A word with an even number of backticks is a whole span; an unclosed span runs on.
        assert_eq!(wrap("`a` b `c d", 3), ["`a`", "b", "`c d"]);
    }

    #[test]
    fn wrap_keeps_a_span_fenced_by_longer_runs_whole() {
        let text = format!("x {} y", code_span("a `b` c > d"));
        assert_eq!(wrap(&text, 8), ["x", "``a `b` c > d``", "y"]);
    }

    #[test]
    fn wrap_measures_bytes() {
        // "é" is two bytes: "é é" is 5 bytes long, so it does not fit in 4.
        assert_eq!(wrap("é é", 4), ["é", "é"]);
        assert_eq!(wrap("é é", 5), ["é é"]);
    }
}
