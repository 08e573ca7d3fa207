//! Raw text → Markdown that reads literally: backslash escapes and bare-URL autolinks.
//!
//! Takes: decoded text (already cleaned of control characters). Gives: the same text with every
//! character Markdown or rustdoc would read as syntax escaped (`\`, `` ` ``, `*`, `[`, `]`, `<`,
//! `>`, `|`, `~`, `_` outside words, `&` before an entity name) and, where asked, bare `http(s)`
//! URLs written as `<…>` autolinks. [`glue`] joins rendered pieces without creating syntax at the
//! seam. Line-start constructs (`#`, `-`, `1.`) are left to the layout, which knows where lines
//! start.

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
pub(super) fn escape_text(raw: &str, autolink: bool) -> String {
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
pub(super) fn glue(word: &mut String, piece: &str) {
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
