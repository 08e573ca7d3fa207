//! Chains of method calls and fields (`self.a.as_ref().map(f)`, `f(x)?`): on one line when
//! they fit, else each link on its own line one level deeper, the last one allowed to break its
//! arguments beside the others when that reads better (rustfmt's `chains.rs`, read for its
//! behaviour).
//!
//! Takes: an expression whose outermost part is a field, method call or `?`, and its
//! [`Shape`]. Gives: its text; for [`layout`](super::layout), its one-line text and the room a
//! one-line chain must leave.

use super::MAX_WIDTH;
use super::layout::{
    CHAIN_WIDTH, Delims, FN_CALL_WIDTH, INDENT, Shape, expr, first_line, fits, flat, flat_into,
    flat_list_into, list, spaces, width,
};
use super::tree::Expr;

/// The one-line text of a chain appended to `out` when each link may be on one line, and within
/// [`CHAIN_WIDTH`] when it has several links.
pub fn flat_chain(e: &Expr, out: &mut String) -> Option<()> {
    let (parent, links) = links(e);
    let start = out.len();
    flat_into(parent, out)?;
    for link in &links {
        link.flat_into(out)?;
    }
    let count = links
        .iter()
        .filter(|l| !matches!(l.kind, LinkKind::Bare))
        .count();
    let tries = links.last().map_or(0, |l| l.tries);
    if count > 1 && width(&out[start..]) + tries > CHAIN_WIDTH {
        return None;
    }
    Some(())
}

/// The columns a chain whose last link ends in `?` keeps free beyond its one-line text (see
/// [`chain`]): twice its last link's `?`s; none for anything else.
pub fn chain_reserve(e: &Expr) -> usize {
    let mut tries = 0;
    let mut at = e;
    while let Expr::Try(inner) = at {
        tries += 1;
        at = inner;
    }
    match at {
        Expr::Method(..) | Expr::Field(..) => 2 * tries,
        _ => 0,
    }
}

/// A link of a chain after its parent: `.field` or `.method(args)`, with the `?`s after it.
struct Link<'e> {
    kind: LinkKind<'e>,
    tries: usize,
}

enum LinkKind<'e> {
    /// Nothing but the `?`s right after the parent (`f(x)?`).
    Bare,
    Field(&'e str),
    Method(&'e str, &'e [Expr]),
}

impl Link<'_> {
    fn flat_into(&self, out: &mut String) -> Option<()> {
        match &self.kind {
            LinkKind::Bare => {}
            LinkKind::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            LinkKind::Method(name, args) => {
                out.push('.');
                out.push_str(name);
                out.push('(');
                flat_list_into(args, FN_CALL_WIDTH, out)?;
                out.push(')');
            }
        }
        for _ in 0..self.tries {
            out.push('?');
        }
        Some(())
    }

    /// The link written at `s`.
    fn write(&self, s: Shape) -> String {
        let q = "?".repeat(self.tries);
        match &self.kind {
            LinkKind::Bare => q,
            LinkKind::Field(name) => format!(".{name}{q}"),
            LinkKind::Method(name, args) => {
                let shape = Shape {
                    width: s.width.saturating_sub(self.tries),
                    ..s
                };
                format!(
                    "{}{q}",
                    list(
                        &format!(".{name}"),
                        Delims::PAREN,
                        args,
                        shape,
                        FN_CALL_WIDTH
                    )
                )
            }
        }
    }
}

/// The parent of a chain (what is not a field, method call or `?`) and its links in order.
fn links(e: &Expr) -> (&Expr, Vec<Link<'_>>) {
    let mut out = Vec::new();
    let mut tries = 0;
    let mut at = e;
    loop {
        match at {
            Expr::Try(inner) => {
                tries += 1;
                at = inner;
            }
            Expr::Field(inner, name) => {
                out.push(Link {
                    kind: LinkKind::Field(name),
                    tries,
                });
                tries = 0;
                at = inner;
            }
            Expr::Method(inner, name, args) => {
                out.push(Link {
                    kind: LinkKind::Method(name, args),
                    tries,
                });
                tries = 0;
                at = inner;
            }
            _ => break,
        }
    }
    out.reverse();
    if tries > 0 {
        // `?`s right after the parent: a parent with no links, `f(x)?`.
        out.insert(
            0,
            Link {
                kind: LinkKind::Bare,
                tries,
            },
        );
    }
    (at, out)
}

/// A chain: the parent, then its links on the same line when it fits, else each link on its
/// own line one level deeper (a parent as short as an indentation keeps its first link).
pub fn chain(e: &Expr, s: Shape) -> String {
    let (parent, links) = links(e);
    // `f(x)?`: `?`s after a parent with no link.
    if let [only] = links.as_slice()
        && matches!(only.kind, LinkKind::Bare)
    {
        let q = "?".repeat(only.tries);
        let shape = Shape {
            width: s.width.saturating_sub(only.tries),
            ..s
        };
        return format!("{}{q}", expr(parent, shape));
    }
    let mut root = expr(parent, s);
    let mut rest: &[Link<'_>] = &links;
    if let Some((first, after)) = rest.split_first()
        && matches!(first.kind, LinkKind::Bare)
    {
        root.push_str(&"?".repeat(first.tries));
        rest = after;
    }
    let count = rest.len();
    let tab = INDENT.saturating_sub(s.col - s.indent);
    while !rest.is_empty() && !root.contains('\n') && width(&root) <= tab {
        let text = rest[0].write(s.offset(width(&root)));
        root.push_str(&text);
        rest = &rest[1..];
    }
    if rest.is_empty() {
        return root;
    }
    let child = s.block(0);
    let (last, middle) = rest.split_last().expect("not empty");
    let middle: Vec<String> = middle.iter().map(|l| l.write(child)).collect();
    let extendable = root.contains('\n') && ends_with_closing(&root);
    let almost: usize = if extendable {
        width(root.rsplit('\n').next().unwrap_or(""))
    } else {
        width(&root) + middle.iter().map(|m| width(m)).sum::<usize>()
    } + last.tries;
    let budget = if count == 1 {
        s.width
    } else {
        s.width.min(CHAIN_WIDTH)
    }
    .saturating_sub(almost);
    let all_in_one_line = middle.iter().all(|m| !m.contains('\n')) && budget > 0;
    // rustfmt takes a link's `?`s off its width more than once (the line it is on, what comes
    // before it, the link itself): a chain that ends in `?` keeps to a little less than a line.
    let last_own_line = Shape {
        width: MAX_WIDTH.saturating_sub(child.indent + s.tail + last.tries),
        tail: s.tail,
        ..child
    };
    let mut chosen: Option<(String, bool)> = None;
    if all_in_one_line || extendable {
        let beside = Shape {
            width: s.width.saturating_sub(almost + last.tries),
            ..s.offset(almost - last.tries)
        };
        let same = last.write(beside);
        if fits(&same, beside) {
            let lines = same.matches('\n').count() + 1;
            let could_fit = width(first_line(&same)) <= budget;
            if could_fit && lines >= 5 {
                chosen = Some((same, all_in_one_line));
            } else {
                let own = last.write(last_own_line);
                let own_lines = own.matches('\n').count() + 1;
                chosen = Some(if !could_fit {
                    (own, false)
                } else if own_lines >= lines {
                    (same, all_in_one_line)
                } else {
                    (own, false)
                });
            }
        }
    }
    let (last_text, one_line) = chosen.unwrap_or_else(|| (last.write(last_own_line), false));
    if s.one_line_chain && !one_line {
        // The caller needs the chain on one line: give the line as it is, too long.
        return flat(e).unwrap_or_else(|| format!("{root}{}{last_text}", middle.concat()));
    }
    let mut out = root;
    let pad = format!("\n{}", spaces(child.indent));
    for text in middle.iter().chain([&last_text]) {
        if !one_line {
            out.push_str(&pad);
        }
        out.push_str(text);
    }
    out
}

/// Whether the last line of `text` only closes brackets (`})`, `]`): a chain may go on there.
fn ends_with_closing(text: &str) -> bool {
    let last = text.rsplit('\n').next().unwrap_or("").trim();
    !last.is_empty() && last.chars().all(|c| matches!(c, ')' | ']' | '}' | '?'))
}
