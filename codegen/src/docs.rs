//! Schema descriptions → rustdoc Markdown lines.
//!
//! Placeholder until the HTML converter lands: drops tags, decodes the common entities, escapes
//! what rustdoc would misread and wraps.

/// Converts an HTML-fragment description into rustdoc Markdown lines of at most `width`
/// characters (a single long word may exceed it). Lines carry no `///` prefix.
pub fn to_rustdoc(html: &str, width: usize) -> Vec<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '[' | ']' | '*' | '_' | '`' | '#' | '|' | '\\' => {
                text.push('\\');
                text.push(c);
            }
            _ => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "\\<")
        .replace("&gt;", "\\>")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
