//! Where an expression's lines break: the one place that decides layout.
//!
//! Takes: an [`Expr`] and the place it starts at ([`Shape`]: the block's indentation, the
//! column, the room left on the line). Gives: its text, on one line when it fits, else broken
//! the way `rustfmt` (default settings, edition 2024) breaks the same expression, so that
//! `cargo fmt` leaves generated code as it is:
//!
//! - a call, macro call, array or tuple stays on one line when its arguments take at most
//!   [`FN_CALL_WIDTH`] ([`ARRAY_WIDTH`] for an array) and the line has room; else its last
//!   argument *overflows* when it can (`Ok(Self {` … `})`, `Some(match x {` … `})`, a closure),
//!   else short simple items fill lines, else one argument per line with a trailing comma;
//! - a struct literal stays on one line when its members take at most [`STRUCT_LIT_WIDTH`];
//! - a chain of method calls and fields stays on one line when it takes at most
//!   [`CHAIN_WIDTH`] (or has one link), else each link goes on its own line, the last one
//!   allowed to break its arguments when that reads better;
//! - `a || b || c` breaks before every operator;
//! - a match arm whose body does not fit beside its pattern gets the body in a block.
//!
//! Each rule is rustfmt's (`overflow.rs`, `chains.rs`, `pairs.rs`, `matches.rs` in its sources,
//! read for their behaviour, not copied); the widths are rustfmt's defaults, fractions of
//! [`MAX_WIDTH`]. Every function here gives text even when nothing fits (a name longer than a
//! line): it then takes the most broken layout, and rustfmt, failing too, keeps that text.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::MAX_WIDTH;
use super::arms::matching;
use super::chain::{chain, chain_reserve, flat_chain};
use super::tree::{Expr, FieldValue};
use super::ty::Ty;

/// The widest argument list of a call kept on one line (rustfmt's `fn_call_width`).
pub const FN_CALL_WIDTH: usize = MAX_WIDTH * 60 / 100;
/// The widest member list of a struct literal kept on one line (`struct_lit_width`).
pub const STRUCT_LIT_WIDTH: usize = MAX_WIDTH * 18 / 100;
/// The widest item list of an array kept on one line (`array_width`).
pub const ARRAY_WIDTH: usize = MAX_WIDTH * 60 / 100;
/// The widest chain of two links or more kept on one line (`chain_width`).
pub const CHAIN_WIDTH: usize = MAX_WIDTH * 60 / 100;
/// The widest item that a list may pack several to a line (rustfmt's
/// `short_array_element_width_threshold`).
const SHORT_ITEM: usize = 10;
/// Columns per indentation level.
pub const INDENT: usize = 4;

/// Where an expression is written.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// The indentation of the enclosing block: a broken list puts its items one level deeper.
    pub indent: usize,
    /// The column its first character goes to.
    pub col: usize,
    /// Columns it may take on its first line.
    pub width: usize,
    /// Columns that must stay free after its last line (`;`, `,`).
    pub tail: usize,
    /// Inside a macro call's arguments: broken lists get no trailing comma.
    pub in_macro: bool,
    /// A chain must stay on one line (the overflowing last argument of a call).
    pub one_line_chain: bool,
}

impl Shape {
    /// A statement or item at `indent`, followed by `tail` columns.
    pub fn statement(indent: usize, tail: usize) -> Shape {
        Shape {
            indent,
            col: indent,
            width: MAX_WIDTH.saturating_sub(indent + tail),
            tail,
            in_macro: false,
            one_line_chain: false,
        }
    }

    /// The same place `n` columns further on the line.
    pub fn offset(self, n: usize) -> Shape {
        Shape {
            col: self.col + n,
            width: self.width.saturating_sub(n),
            ..self
        }
    }

    /// A new line one level deeper than the block, followed by `tail` columns.
    pub fn block(self, tail: usize) -> Shape {
        Shape {
            one_line_chain: false,
            ..Shape::statement(self.indent + INDENT, tail)
        }
        .inside(self.in_macro)
    }

    /// With `in_macro` set as given.
    fn inside(self, in_macro: bool) -> Shape {
        Shape { in_macro, ..self }
    }
}

/// The display width of `s`, as rustfmt measures lines (its length, for ASCII text).
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        UnicodeWidthStr::width(s)
    }
}

/// Whether `text`, written at `s`, fits where rustfmt checks that it does (where its layout
/// would not fail): its first line within `s.width` (the whole of it when it is one line), its
/// last line leaving `s.tail` columns free. rustfmt does not fail a layout for the lines in
/// between (a name longer than a line is written as it is), nor for a string literal, which
/// it never breaks: a line that is a literal, or ends in one, fits whatever its width.
pub fn fits(text: &str, s: Shape) -> bool {
    let literal = |line: &str| {
        let line = line.trim_end_matches([',', ')', ';', ']']);
        line.ends_with('"') || line.ends_with("\"#")
    };
    // A broken array's opening bracket is not measured against what follows the value (which
    // goes after its last line). A turbofish callee may take two columns more than its place
    // (see `Expr::Turbofish`), and its call opens after it.
    let first = first_line(text);
    let room = if first.ends_with(">(") {
        s.width + 3
    } else if first.ends_with('(') {
        // A call's opening parenthesis is not measured, its callee is, and the `?`s after the
        // call are taken off its width.
        let tries = text.len() - text.trim_end_matches('?').len();
        (s.width + 1).saturating_sub(tries)
    } else if matches!(first, "[" | "&[") || first.starts_with('<') {
        // (A qualified path, `<T as Trait>::ITEM`, is not measured against it either.)
        s.width + s.tail
    } else {
        s.width
    };
    match text.rsplit_once('\n') {
        None => width(text) <= s.width || literal(text),
        Some((_, last)) => {
            width(first) <= room && (width(last) + s.tail <= MAX_WIDTH || literal(last))
        }
    }
}

/// Whether every line of `text`, written at `s`, is within its width, literals included
/// (rustfmt's `filtered_str_fits`: whether a value moved to the next line really fits there).
pub fn fits_strictly(text: &str, s: Shape) -> bool {
    let mut lines = text.split('\n');
    if width(lines.next().unwrap_or("")) > s.width {
        return false;
    }
    let rest: Vec<&str> = lines.collect();
    rest.iter().all(|l| width(l) <= MAX_WIDTH)
        && rest.last().is_none_or(|l| width(l) + s.tail <= MAX_WIDTH)
}

/// The first line of `text`.
pub(super) fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("")
}

/// `n` spaces.
pub(super) fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// `expr` written at `s`.
pub fn expr(e: &Expr, s: Shape) -> String {
    if let Some(one) = flat(e)
        && width(&one) + chain_reserve(e) <= s.width
    {
        return one;
    }
    match e {
        Expr::Atom(a) => a.to_string(),
        Expr::Call(callee, args) => {
            let callee = expr(callee, s);
            list(&callee, Delims::PAREN, args, s, FN_CALL_WIDTH)
        }
        // rustfmt does not count a turbofish's angle brackets against its width.
        Expr::Turbofish(path, types) => generic_args(&format!("{path}::"), types, s, 2),
        Expr::Macro(name, args) => {
            let head = format!("{name}!");
            list(&head, Delims::PAREN, args, s.inside(true), FN_CALL_WIDTH)
        }
        Expr::Method(..) | Expr::Field(..) | Expr::Try(..) => chain(e, s),
        Expr::Ref(inner) => format!("&{}", expr(inner, s.offset(1))),
        Expr::Struct(path, fields) => structure(path, fields, s),
        Expr::Array(items) => list("", Delims::BRACKET, items, s, ARRAY_WIDTH),
        Expr::Tuple(items) => list("", Delims::PAREN, items, s, FN_CALL_WIDTH),
        Expr::Binary(op, operands) => binary(op, operands, s),
        Expr::Closure(params, body) => closure(params, body, s),
        Expr::Match(scrutinee, arms) => matching(scrutinee, arms, s),
        Expr::Attributed(attrs, inner) => attributed(attrs, inner, s),
        Expr::Ty(t) => ty(t, s),
        // The type breaks in its generic arguments, what follows it stays on its last line.
        Expr::Qualified(t, rest) => format!("<{} as {rest}", ty(t, s.offset(1))),
    }
}

/// A type written at `s`: on one line when it fits, else its generic arguments one per line one
/// level deeper (`Option<` … `>`), as rustfmt breaks a type.
pub fn ty(t: &Ty, s: Shape) -> String {
    if let Ty::Impl(bound) = t {
        // rustfmt gives an `impl` bound the whole width, as if `impl ` took none of it.
        return format!(
            "impl {}",
            ty(
                bound,
                Shape {
                    col: s.col + 5,
                    ..s
                }
            )
        );
    }
    let one = t.to_string();
    if width(&one) + brackets(t) <= s.width {
        return one;
    }
    match t {
        Ty::Path(path, args) if !args.is_empty() => generic_args(path, args, s, 0),
        Ty::Slice(inner) => {
            let shape = Shape {
                width: s.width.saturating_sub(4),
                ..s.offset(1)
            };
            format!("[{}]", ty(inner, shape))
        }
        Ty::Binding(name, inner) => {
            let prefix = format!("{name} = ");
            format!("{prefix}{}", ty(inner, s.offset(width(&prefix))))
        }
        Ty::Ref(lifetime, inner) => {
            let prefix = match lifetime {
                Some(l) => format!("&{l} "),
                None => String::from("&"),
            };
            format!("{prefix}{}", ty(inner, s.offset(width(&prefix))))
        }
        _ => one,
    }
}

/// The columns a type needs beyond its text: a slice's brackets take two more than they hold,
/// as rustfmt measures them (behind a reference too).
fn brackets(t: &Ty) -> usize {
    match t {
        Ty::Slice(_) => 2,
        Ty::Ref(_, inner) => brackets(inner),
        _ => 0,
    }
}

/// `head<T, U>`, broken one type per line one level deeper when it is more than `slack` columns
/// wider than its place.
fn generic_args(head: &str, args: &[Ty], s: Shape, slack: usize) -> String {
    let one = format!(
        "{head}<{}>",
        args.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if width(&one) <= s.width + slack {
        return one;
    }
    let nested = s.block(1);
    let mut out = format!("{head}<");
    for a in args {
        out.push('\n');
        out.push_str(&spaces(nested.indent));
        out.push_str(&ty(a, nested));
        out.push(',');
    }
    out.push('\n');
    out.push_str(&spaces(s.indent));
    out.push('>');
    out
}

/// The one-line text of `e` when each of its parts may be on one line (within its own width
/// limit); `None` when a part must break (a match, an attribute, a long argument list).
pub fn flat(e: &Expr) -> Option<String> {
    let mut out = String::with_capacity(64);
    flat_into(e, &mut out)?;
    Some(out)
}

/// [`flat`], appended to `out` (one buffer for the whole expression: this is the path nearly
/// every expression takes).
pub(super) fn flat_into(e: &Expr, out: &mut String) -> Option<()> {
    match e {
        Expr::Atom(a) => out.push_str(a),
        Expr::Call(callee, args) => {
            flat_into(callee, out)?;
            out.push('(');
            flat_list_into(args, FN_CALL_WIDTH, out)?;
            out.push(')');
        }
        Expr::Macro(name, args) => {
            out.push_str(name);
            out.push_str("!(");
            flat_list_into(args, FN_CALL_WIDTH, out)?;
            out.push(')');
        }
        Expr::Turbofish(path, types) => {
            out.push_str(path);
            out.push_str("::<");
            for (i, t) in types.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{t}");
            }
            out.push('>');
        }
        Expr::Method(..) | Expr::Field(..) | Expr::Try(..) => flat_chain(e, out)?,
        Expr::Ref(inner) => {
            out.push('&');
            flat_into(inner, out)?;
        }
        Expr::Struct(path, fields) if fields.is_empty() => {
            out.push_str(path);
            out.push_str(" {}");
        }
        Expr::Struct(path, fields) => {
            out.push_str(path);
            out.push_str(" { ");
            let start = out.len();
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&f.name);
                if let Some(v) = &f.value {
                    out.push_str(": ");
                    flat_into(v, out)?;
                }
            }
            if width(&out[start..]) > STRUCT_LIT_WIDTH {
                return None;
            }
            out.push_str(" }");
        }
        Expr::Array(items) => {
            out.push('[');
            flat_list_into(items, ARRAY_WIDTH, out)?;
            out.push(']');
        }
        Expr::Tuple(items) => {
            out.push('(');
            flat_list_into(items, FN_CALL_WIDTH, out)?;
            out.push(')');
        }
        Expr::Binary(op, operands) => {
            for (i, o) in operands.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                    out.push_str(op);
                    out.push(' ');
                }
                flat_into(o, out)?;
            }
        }
        Expr::Closure(params, body) => {
            out.push_str(params);
            out.push(' ');
            flat_into(body, out)?;
        }
        Expr::Ty(t) => {
            let _ = write!(out, "{t}");
        }
        Expr::Qualified(t, rest) => {
            let _ = write!(out, "<{t} as {rest}");
        }
        Expr::Match(..) | Expr::Attributed(..) => return None,
    }
    Some(())
}

/// `a, b, c` appended to `out` when it may be on one line: one item, or items within `max`
/// columns (a nested call as the only argument within `max` too: rustfmt overflows it within
/// that width).
pub(super) fn flat_list_into(items: &[Expr], max: usize, out: &mut String) -> Option<()> {
    let start = out.len();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        flat_into(item, out)?;
    }
    let limited = items.len() > 1 || items.first().is_some_and(is_nested_call);
    (!limited || width(&out[start..]) <= max).then_some(())
}

/// Whether `e` is a call or macro call (behind `&` or `?`): rustfmt gives such a lone argument
/// the width of an argument list.
fn is_nested_call(e: &Expr) -> bool {
    match e {
        Expr::Call(..) | Expr::Macro(..) => true,
        Expr::Ref(inner) | Expr::Try(inner) => is_nested_call(inner),
        _ => false,
    }
}

/// Whether `e` is a method call (behind `&` or `?`).
fn is_method_call(e: &Expr) -> bool {
    match e {
        Expr::Method(..) => true,
        Expr::Ref(inner) | Expr::Try(inner) => is_method_call(inner),
        _ => false,
    }
}

/// Whether `e`, the last of `n` arguments, may overflow: start on the line of the call and
/// break inside itself (rustfmt's `can_be_overflowed_expr`).
pub(super) fn can_overflow(e: &Expr, n: usize) -> bool {
    match e {
        Expr::Closure(..) => true,
        Expr::Match(..)
        | Expr::Struct(..)
        | Expr::Array(..)
        | Expr::Macro(..)
        | Expr::Call(..)
        | Expr::Method(..)
        | Expr::Tuple(..) => n == 1,
        Expr::Ref(inner) | Expr::Try(inner) => can_overflow(inner, n),
        _ => false,
    }
}

/// Whether `e` is simple enough to be packed several to a line (rustfmt's `is_simple_expr`):
/// a literal or a one-segment path, possibly behind `&`, `?` or a field.
fn is_simple(e: &Expr) -> bool {
    match e {
        Expr::Atom(a) if a.starts_with(['"', '\'', 'r', 'b']) && a.ends_with(['"', '\'', '#']) => {
            true
        }
        Expr::Atom(a) if a.starts_with(|c: char| c.is_ascii_digit() || c == '-') => true,
        Expr::Atom(a) => !a.contains("::") && !a.contains(['(', '<', ' ', '.']),
        Expr::Ref(inner) | Expr::Try(inner) | Expr::Field(inner, _) => is_simple(inner),
        _ => false,
    }
}

/// A list's brackets.
#[derive(Clone, Copy)]
pub(super) struct Delims {
    open: &'static str,
    close: &'static str,
}

impl Delims {
    pub(super) const PAREN: Delims = Delims {
        open: "(",
        close: ")",
    };
    const BRACKET: Delims = Delims {
        open: "[",
        close: "]",
    };
    /// A struct literal's (after its path).
    const BRACE: Delims = Delims {
        open: " {",
        close: "}",
    };
}

/// `head(items)` (or `head[items]`) at `s`, items within `max` columns when on one line.
pub(super) fn list(head: &str, d: Delims, items: &[Expr], s: Shape, max: usize) -> String {
    if items.is_empty() {
        // rustfmt breaks even an empty list that does not fit.
        if !head.contains('\n') && width(head) + 2 > s.width {
            return format!("{head}{}\n{}{}", d.open, spaces(s.indent), d.close);
        }
        return format!("{head}{}{}", d.open, d.close);
    }
    // What the head takes of the line its list starts on (a broken head: its last line).
    let used = match head.rsplit_once('\n') {
        Some((_, last)) => width(last).saturating_sub(s.col),
        None => width(head),
    };
    let one_line_width = s.width.saturating_sub(used + 2);
    let nested = s.block(1);
    let attributed = items.iter().any(|i| matches!(i, Expr::Attributed(..)));
    let mut texts: Vec<String> = items.iter().map(|i| expr(i, nested)).collect();
    let n = items.len();
    let last = &items[n - 1];
    let alone = n == 1 && width(head) < INDENT && !attributed;
    if !attributed && (alone || can_overflow(last, n)) {
        let one_line = Shape {
            width: one_line_width,
            tail: s.tail + 1,
            ..s.offset(used + 1)
        };
        let shape = if n == 1 && !is_nested_call(last) {
            Some(one_line)
        } else {
            let before: usize = texts[..n - 1].iter().map(|t| width(t) + 2).sum();
            let limited = Shape {
                width: max.min(one_line.width),
                ..one_line
            };
            (limited.width >= before).then(|| limited.offset(before))
        };
        let placeholder = shape.and_then(|shape| {
            let shape = Shape {
                one_line_chain: !alone && is_method_call(last),
                ..shape
            };
            let text = if shape.one_line_chain {
                flat(last).unwrap_or_else(|| expr(last, shape))
            } else {
                expr(last, shape)
            };
            fits(&text, shape).then_some(text)
        });
        if let Some(p) = placeholder {
            let others_flat = texts[..n - 1].iter().all(|t| !t.contains('\n'));
            let total: usize =
                texts[..n - 1].iter().map(|t| width(t) + 2).sum::<usize>() + width(first_line(&p));
            if others_flat && total <= max.min(one_line_width) {
                let lone_flat = n == 1 && p.matches('\n').count() == 1 && !texts[0].contains('\n');
                if !lone_flat {
                    texts[n - 1] = p;
                }
                return horizontal(head, d, &texts);
            }
        }
    }
    let all_flat = texts.iter().all(|t| !t.contains('\n'));
    let total = texts.iter().map(|t| width(t)).sum::<usize>() + 2 * (n - 1);
    if !attributed && all_flat && (total <= one_line_width) && (n == 1 || total <= max) {
        return horizontal(head, d, &texts);
    }
    let short = texts.iter().all(|t| width(t) <= SHORT_ITEM);
    if !attributed && n > 1 && items.iter().all(is_simple) && short {
        return mixed(head, d, &texts, nested, s);
    }
    vertical(head, d, &texts, nested, s)
}

/// `head(a, b)`.
fn horizontal(head: &str, d: Delims, texts: &[String]) -> String {
    format!("{head}{}{}{}", d.open, texts.join(", "), d.close)
}

/// `head(` then one item per line one level deeper, each with a comma (but the last in a
/// macro call), then `)`.
fn vertical(head: &str, d: Delims, texts: &[String], nested: Shape, s: Shape) -> String {
    let mut out = format!("{head}{}", d.open);
    let pad = spaces(nested.indent);
    for (i, t) in texts.iter().enumerate() {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(t);
        if i + 1 < texts.len() || !s.in_macro {
            out.push(',');
        }
    }
    out.push('\n');
    out.push_str(&spaces(s.indent));
    out.push_str(d.close);
    out
}

/// `head(` then as many items to a line as fit, one level deeper, then `)`.
fn mixed(head: &str, d: Delims, texts: &[String], nested: Shape, s: Shape) -> String {
    let mut out = format!("{head}{}", d.open);
    let pad = spaces(nested.indent);
    // The line holds the items and their commas, but for the last item's (rustfmt adds it
    // after measuring).
    let room = MAX_WIDTH.saturating_sub(nested.indent + 1);
    let mut line = 0;
    for (i, t) in texts.iter().enumerate() {
        let item = width(t) + usize::from(i + 1 < texts.len());
        if line == 0 || line + 1 + item > room {
            out.push('\n');
            out.push_str(&pad);
            line = 0;
        } else {
            out.push(' ');
            line += 1;
        }
        out.push_str(t);
        line += item;
        if i + 1 < texts.len() || !s.in_macro {
            out.push(',');
        }
    }
    out.push('\n');
    out.push_str(&spaces(s.indent));
    out.push_str(d.close);
    out
}

/// `Path { a: x, b }` on one line when short, else one member per line.
fn structure(path: &str, fields: &[FieldValue], s: Shape) -> String {
    if fields.is_empty() {
        return format!("{path} {{}}");
    }
    let nested = s.block(1);
    let texts: Vec<String> = fields.iter().map(|f| field(f, nested)).collect();
    let one_line_room = s.width.saturating_sub(width(path) + 5);
    let members = texts.join(", ");
    if !members.contains('\n')
        && width(&members) <= STRUCT_LIT_WIDTH
        && width(&members) <= one_line_room
    {
        return format!("{path} {{ {members} }}");
    }
    vertical(path, Delims::BRACE, &texts, nested, s)
}

/// `name: value` at `s` (a line of its own in a struct literal).
fn field(f: &FieldValue, s: Shape) -> String {
    match &f.value {
        None => f.name.to_string(),
        Some(v) => {
            // Beside the name when it can be written there, else on the next line, deeper.
            let beside = s.offset(width(&f.name) + 2);
            let text = expr(v, beside);
            if fits(&text, beside) {
                return format!("{}: {text}", f.name);
            }
            let next = s.block(s.tail);
            let pad = spaces(next.indent);
            format!("{}:\n{pad}{}", f.name, expr(v, next))
        }
    }
}

/// `a op b op c`: on one line when it fits, else broken before every operator, one level
/// deeper.
fn binary(op: &str, operands: &[Expr], s: Shape) -> String {
    // Operands that take no more than an indentation before the last one keep it beside them,
    // broken (`1 + usize::from(` … `)`).
    let (last, init) = operands.split_last().expect("operands");
    let prefix: Option<String> = init
        .iter()
        .map(flat)
        .collect::<Option<Vec<_>>>()
        .map(|texts| format!("{} {op} ", texts.join(&format!(" {op} "))));
    if let Some(prefix) = prefix
        && width(&prefix) <= INDENT
    {
        let shape = s.offset(width(&prefix));
        let text = expr(last, shape);
        if !text.starts_with('(') && width(first_line(&text)) <= shape.width {
            return format!("{prefix}{text}");
        }
    }
    let nested = Shape {
        tail: s.tail,
        ..s.block(s.tail)
    };
    let mut out = expr(&operands[0], s);
    let pad = spaces(nested.indent);
    for operand in &operands[1..] {
        let last_line = out.rsplit('\n').next().unwrap_or("");
        let used = if out.contains('\n') { 0 } else { s.col };
        // A first operand that ends before the deeper indentation keeps the next beside it.
        if width(last_line) + used <= nested.indent {
            let beside = s.offset(width(op) + 2 + width(last_line.trim_start()));
            let text = expr(operand, beside);
            if fits(&text, beside) {
                out.push_str(&format!(" {op} {text}"));
                continue;
            }
        }
        out.push('\n');
        out.push_str(&pad);
        out.push_str(op);
        out.push(' ');
        out.push_str(&expr(operand, nested.offset(width(op) + 1)));
    }
    out
}

/// `|params| body`, the body on the same line, or in a block when it does not fit there.
fn closure(params: &str, body: &Expr, s: Shape) -> String {
    let beside = s.offset(width(params) + 1);
    // A `match` is a block of its own: rustfmt does not put braces around it, unless a line of
    // it cannot fit (then rustfmt adds the braces, and keeps the lines after the first as
    // they were).
    if let Expr::Match(..) = body {
        let text = expr(body, beside);
        if text.lines().all(|line| width(line) <= MAX_WIDTH) {
            return format!("{params} {text}");
        }
        let inner = s.block(0);
        return format!(
            "{params} {{\n{}{text}\n{}}}",
            spaces(inner.indent),
            spaces(s.indent)
        );
    }
    let text = expr(body, beside);
    if !text.contains('\n') && fits(&text, beside) {
        return format!("{params} {text}");
    }
    let inner = s.block(0);
    format!(
        "{params} {{\n{}{}\n{}}}",
        spaces(inner.indent),
        expr(body, inner),
        spaces(s.indent)
    )
}

/// An item with `#[…]` lines above it (in a list laid out one item per line).
fn attributed(attrs: &[String], inner: &Expr, s: Shape) -> String {
    let pad = spaces(s.col);
    let mut out = String::new();
    for attr in attrs {
        out.push_str(&format!("#[{attr}]\n{pad}"));
    }
    out.push_str(&expr(inner, s));
    out
}

/// Whether the value of an assignment (or a match arm's body) reads better on the next line,
/// one level deeper, than broken beside what comes before it (rustfmt's `prefer_next_line`).
pub fn prefer_next_line(same: &str, next: &str) -> bool {
    let ends = |t: &str, c: char| first_line(t).trim_end().ends_with(c);
    !next.contains('\n')
        || same.matches('\n').count() > next.matches('\n').count() + 1
        || ['(', '{', '[']
            .iter()
            .any(|&c| ends(same, c) && !ends(next, c))
}
