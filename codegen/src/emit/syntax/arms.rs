//! Match expressions: `match scrutinee {`, one arm per line one level deeper, each arm's
//! pattern (broken before each `|` or as a call when too long) and its body beside it, broken
//! beside it, or in a block on the next lines, as rustfmt prefers (its `matches.rs`, read for
//! its behaviour).
//!
//! Takes: the scrutinee and arms of an [`Expr::Match`] and its [`Shape`]. Gives: its text.

use super::layout::{
    Shape, can_overflow, expr, first_line, fits, flat, prefer_next_line, spaces, width,
};
use super::tree::{Arm, Expr};

/// `match scrutinee { arms }`, one arm per line one level deeper.
pub(super) fn matching(scrutinee: &Expr, arms: &[Arm], s: Shape) -> String {
    let head = s.offset(6);
    let mut out = format!(
        "match {} {{",
        expr(
            scrutinee,
            Shape {
                width: head.width.saturating_sub(2),
                ..head
            }
        )
    );
    let inner = s.block(0);
    for a in arms {
        out.push('\n');
        out.push_str(&spaces(inner.indent));
        out.push_str(&arm(a, inner));
    }
    out.push('\n');
    out.push_str(&spaces(s.indent));
    out.push('}');
    out
}

/// One match arm at `s` (a line of its own): `pattern => body,` when the body fits beside the
/// pattern; else the body broken beside it, or in a block on the next lines, as rustfmt
/// prefers.
fn arm(a: &Arm, s: Shape) -> String {
    let pad = spaces(s.indent);
    let mut out = String::new();
    for attr in &a.attrs {
        out.push_str(&format!("#[{attr}]\n{pad}"));
    }
    // The pattern leaves room for ` => {`; one too long breaks as a call does, or, when it has
    // alternatives, before each `|`, at the pattern's indentation.
    let pattern_shape = Shape {
        width: s.width.saturating_sub(5),
        ..s
    };
    let pattern = &match &a.pattern {
        Expr::Binary("|", alternatives) => match flat(&a.pattern) {
            Some(one) if width(&one) <= pattern_shape.width => one,
            _ => {
                let texts: Vec<String> = alternatives.iter().map(|p| expr(p, s)).collect();
                texts.join(&format!("\n{pad}| "))
            }
        },
        p => expr(p, pattern_shape),
    };
    // rustfmt measures the pattern in bytes here (`extra_offset`), not in columns.
    let used = match pattern.rsplit_once('\n') {
        Some((_, last)) => last.len().saturating_sub(s.col),
        None => pattern.len(),
    };
    let beside = Shape {
        tail: 1,
        ..s.offset(used + 4)
    };
    let beside = Shape {
        width: beside.width.saturating_sub(1),
        ..beside
    };
    let same = expr(&a.body, beside);
    if !same.contains('\n') && width(&same) <= beside.width {
        out.push_str(&format!("{pattern} => {same},"));
        return out;
    }
    let next_shape = s.block(0);
    let next = expr(&a.body, next_shape);
    let same_fits = fits(&same, beside);
    let next_fits = fits(&next, next_shape);
    let extend = can_overflow(&a.body, 1);
    let block = |next: &str| {
        format!(
            "{pattern} => {{\n{}{next}\n{pad}}}",
            spaces(next_shape.indent)
        )
    };
    let text = match (same_fits, next_fits) {
        (true, true) if prefer_next_line(&same, &next) => block(&next),
        (true, _) if extend && width(first_line(&same)) <= beside.width => {
            format!("{pattern} => {same},")
        }
        (true, true) if same.contains('\n') => block(&next),
        (false, true) => block(&next),
        _ => format!("{pattern} => {same},"),
    };
    out.push_str(&text);
    out
}
