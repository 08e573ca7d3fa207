//! Statements and items → text: a declaration's head, its body one level deeper, its docs and
//! attributes, and the right-hand side of every `=` placed as rustfmt places it.
//!
//! Takes: [`Item`]s and [`Stmt`]s. Gives: their text at an indentation; [`render`] writes a
//! sequence of items as a file or module body does (an empty line before each item that asks
//! for one). Expressions are laid out by [`layout`](super::layout).

use super::MAX_WIDTH;
use super::chain::chain_reserve;
use super::layout::{
    INDENT, Shape, expr, fits, fits_strictly, flat, flat_into, prefer_next_line, ty, width,
};
use super::lit::comment_text;
use super::tree::{Const, Expr, FieldDef, Fn, Item, ItemKind, Stmt, Variant};
use super::ty::Ty;

/// Items one after the other at `indent`, each after an empty line when it is
/// [`spaced`](Item::spaced) (but the first).
pub fn render(items: &[Item], indent: usize) -> String {
    let mut out = String::new();
    write_items(&mut out, items, indent);
    out
}

fn write_items(out: &mut String, items: &[Item], indent: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 && item.spaced {
            out.push('\n');
        }
        write_item(out, item, indent);
    }
}

/// `///` lines at `indent`, each made safe for a comment.
pub fn doc_lines(out: &mut String, marker: &str, lines: &[String], indent: usize) {
    for line in lines {
        pad(out, indent);
        out.push_str(marker);
        let start = out.len();
        out.push(' ');
        comment_text(line, out);
        let end = out.trim_end().len().max(start);
        out.truncate(end);
        out.push('\n');
    }
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

/// One line at `indent`.
fn line(out: &mut String, indent: usize, text: &str) {
    line_of(out, indent, &[text]);
}

/// One line at `indent`, of `parts` one after the other.
fn line_of(out: &mut String, indent: usize, parts: &[&str]) {
    pad(out, indent);
    for p in parts {
        out.push_str(p);
    }
    out.push('\n');
}

/// `head` + `e` on one line + `tail`, at `indent`, written straight to `out` when `e` has a
/// one-line form and the line fits (what nearly every statement is); `false`, and nothing
/// written, otherwise.
fn one_line(out: &mut String, indent: usize, head: &str, e: &Expr, tail: &str) -> bool {
    let start = out.len();
    pad(out, indent);
    out.push_str(head);
    if flat_into(e, out).is_some()
        && width(&out[start..]) + chain_reserve(e) + tail.len() <= MAX_WIDTH
    {
        out.push_str(tail);
        out.push('\n');
        return true;
    }
    out.truncate(start);
    false
}

fn write_item(out: &mut String, item: &Item, indent: usize) {
    doc_lines(out, "///", &item.doc, indent);
    for attr in &item.attrs {
        line_of(out, indent, &["#[", attr, "]"]);
    }
    match &item.kind {
        ItemKind::Struct(name, fields) => structure(out, name, fields, indent),
        ItemKind::TupleStruct(name, fields) => tuple_struct(out, name, fields, indent),
        ItemKind::UnitStruct(name) => line_of(out, indent, &["pub struct ", name, ";"]),
        ItemKind::Enum(name, variants) => enumeration(out, name, variants, indent),
        ItemKind::Impl(r#trait, ty, items) => {
            let head = impl_head(r#trait.as_ref(), ty, indent);
            block(out, &head, indent, |out| {
                write_items(out, items, indent + INDENT)
            });
        }
        ItemKind::Fn(f) => function(out, f, indent),
        ItemKind::Const(c) => constant(out, c, indent),
        ItemKind::TypeAlias(name, ty) => {
            let text = assign(&format!("pub type {name} ="), &Rhs::Ty(ty), indent, 1, 1);
            line(out, indent, &format!("{text};"));
        }
        ItemKind::Macro(e) => semi(out, e, indent),
        ItemKind::ModDecl(name) => line_of(out, indent, &["pub mod ", name, ";"]),
        ItemKind::Mod(name, items) => {
            block(out, &format!("pub mod {name}"), indent, |out| {
                write_items(out, items, indent + INDENT);
            });
        }
        ItemKind::Use(public, path) => {
            let vis = if *public { "pub " } else { "" };
            line(out, indent, &format!("{vis}use {path};"));
        }
    }
}

/// `head {`, the body one level deeper, `}`; the brace on a line of its own when `head` fills
/// its line or is broken.
fn block(out: &mut String, head: &str, indent: usize, body: impl FnOnce(&mut String)) {
    if !head.contains('\n') && indent + width(head) + 2 <= MAX_WIDTH {
        line(out, indent, &format!("{head} {{"));
    } else {
        line(out, indent, head);
        line(out, indent, "{");
    }
    body(out);
    line(out, indent, "}");
}

/// `impl Trait for Type` (or `impl Type`): on one line when it fits with its brace, else
/// `for Type` (or the type) on a line of its own one level deeper.
fn impl_head(r#trait: Option<&Ty>, ty: &Ty, indent: usize) -> String {
    let one = match r#trait {
        Some(t) => format!("impl {t} for {ty}"),
        None => format!("impl {ty}"),
    };
    if indent + width(&one) + 2 <= MAX_WIDTH {
        return one;
    }
    let pad = " ".repeat(indent + INDENT);
    match r#trait {
        // The trait beside `impl` when it fits there, else on a line of its own.
        Some(t) if indent + width(&format!("impl {t}")) <= MAX_WIDTH => {
            format!("impl {t}\n{pad}for {ty}")
        }
        Some(t) if indent + INDENT + width(&t.to_string()) <= MAX_WIDTH => {
            format!("impl\n{pad}{t}\n{pad}for {ty}")
        }
        // A trait too long for its own line breaks in its generic arguments, the type after
        // its last line.
        Some(t) => {
            let broken = super::layout::ty(t, Shape::statement(indent + INDENT, 0));
            format!("impl\n{pad}{broken} for {ty}")
        }
        None => format!("impl\n{pad}{ty}"),
    }
}

/// `pub struct Name { fields }`.
fn structure(out: &mut String, name: &str, fields: &[FieldDef], indent: usize) {
    if fields.is_empty() {
        line(out, indent, &format!("pub struct {name} {{}}"));
        return;
    }
    block(out, &format!("pub struct {name}"), indent, |out| {
        let inner = indent + INDENT;
        for f in fields {
            doc_lines(out, "///", &f.doc, inner);
            let text = assign(&format!("pub {}:", f.name), &Rhs::Ty(&f.ty), inner, 1, 0);
            line(out, inner, &format!("{text},"));
        }
    });
}

/// `pub struct Name(T);`, broken one field per line when too long.
fn tuple_struct(out: &mut String, name: &str, fields: &[(bool, Ty)], indent: usize) {
    let texts: Vec<String> = fields
        .iter()
        .map(|(public, ty)| format!("{}{ty}", if *public { "pub " } else { "" }))
        .collect();
    let one = format!("pub struct {name}({});", texts.join(", "));
    if indent + width(&one) <= MAX_WIDTH {
        line(out, indent, &one);
        return;
    }
    line(out, indent, &format!("pub struct {name}("));
    for (public, t) in fields {
        let vis = if *public { "pub " } else { "" };
        let shape = Shape::statement(indent + INDENT, 1).offset(vis.len());
        line_of(out, indent + INDENT, &[vis, &ty(t, shape), ","]);
    }
    line(out, indent, ");");
}

/// `pub enum Name { variants }`.
fn enumeration(out: &mut String, name: &str, variants: &[Variant], indent: usize) {
    block(out, &format!("pub enum {name}"), indent, |out| {
        let inner = indent + INDENT;
        for v in variants {
            doc_lines(out, "///", &v.doc, inner);
            match &v.ty {
                None => line(out, inner, &format!("{},", v.name)),
                Some(t) => {
                    let one = format!("{}({t}),", v.name);
                    if inner + width(&one) <= MAX_WIDTH {
                        line(out, inner, &one);
                    } else {
                        line(out, inner, &format!("{}(", v.name));
                        let shape = Shape::statement(inner + INDENT, 1);
                        line_of(out, inner + INDENT, &[&ty(t, shape), ","]);
                        line(out, inner, "),");
                    }
                }
            }
        }
    });
}

/// A function: its signature on one line when it fits, else one parameter per line; its body
/// one level deeper.
fn function(out: &mut String, f: &Fn, indent: usize) {
    let vis = if f.public { "pub " } else { "" };
    let generics = f
        .generics
        .as_ref()
        .map(|g| format!("<{g}>"))
        .unwrap_or_default();
    let head = format!("{vis}fn {}{generics}(", f.name);
    let ret = f
        .ret
        .as_ref()
        .map(|r| format!(" -> {r}"))
        .unwrap_or_default();
    let param = |p: &super::tree::Param, s: Shape| match &p.ty {
        Some(t) => {
            let head = format!("{}: ", p.pattern);
            format!("{head}{}", ty(t, s.offset(width(&head))))
        }
        None => p.pattern.clone(),
    };
    let flat: Vec<String> = f
        .params
        .iter()
        .map(|p| param(p, Shape::statement(0, 0)))
        .collect();
    let one = format!("{head}{}){ret} {{", flat.join(", "));
    if indent + width(&one) <= MAX_WIDTH || flat.is_empty() {
        line(out, indent, &one);
    } else {
        line(out, indent, &head);
        let shape = Shape::statement(indent + INDENT, 1);
        for p in &f.params {
            line(out, indent + INDENT, &format!("{},", param(p, shape)));
        }
        line_of(out, indent, &[&close_params(f.ret.as_ref(), indent)]);
    }
    statements(out, &f.body, indent + INDENT);
    line(out, indent, "}");
}

/// The line that closes broken parameters: `) -> Ret {`, as rustfmt writes it (measured on its
/// output): the return type stays on one line when it is three columns narrower than the rest
/// of the line from the indentation (as if `) -> ` took none of it), with its brace beside it
/// when the indentation, counted twice, leaves room, else on the next line; a wider type breaks
/// in its generic arguments; one that cannot break, or whose broken lines are still too long,
/// gets its brace right after it, without a space.
fn close_params(ret: Option<&Ty>, indent: usize) -> String {
    let Some(r) = ret else {
        return String::from(") {");
    };
    let one = r.to_string();
    let w = width(&one);
    if w + 3 + indent <= MAX_WIDTH {
        return if 2 * indent + 5 + w + 2 <= MAX_WIDTH {
            format!(") -> {one} {{")
        } else {
            format!(") -> {one}\n{}{{", " ".repeat(indent))
        };
    }
    let shape = Shape {
        width: MAX_WIDTH.saturating_sub(indent + 3),
        ..Shape::statement(indent, 0).offset(5)
    };
    let broken = ty(r, shape);
    let within = broken.contains('\n') && broken.lines().skip(1).all(|l| width(l) <= MAX_WIDTH);
    let space = if within { " " } else { "" };
    format!(") -> {broken}{space}{{")
}

/// `[pub] const|static NAME: Ty = value;`.
fn constant(out: &mut String, c: &Const, indent: usize) {
    let vis = if c.public { "pub " } else { "" };
    let keyword = if c.is_static { "static" } else { "const" };
    let head = format!("{vis}{keyword} {}: ", c.name);
    let lhs = format!("{head}{} =", annotation(&c.ty, &head, indent));
    assign_line(out, &lhs, &c.value, indent);
}

/// Statements at `indent`.
fn statements(out: &mut String, body: &[Stmt], indent: usize) {
    for s in body {
        statement(out, s, indent);
    }
}

fn statement(out: &mut String, s: &Stmt, indent: usize) {
    match s {
        Stmt::Let(pattern, typed, init) => {
            let lhs = match typed {
                Some(t) => {
                    let head = format!("let {pattern}: ");
                    format!("{head}{} =", annotation(t, &head, indent))
                }
                None => format!("let {pattern} ="),
            };
            assign_line(out, &lhs, init, indent);
        }
        Stmt::Assign(target, op, value) => {
            assign_line(out, &format!("{target} {op}"), value, indent);
        }
        Stmt::Semi(e) => semi(out, e, indent),
        Stmt::Tail(e) => {
            if !one_line(out, indent, "", e, "") {
                line(out, indent, &expr(e, Shape::statement(indent, 0)));
            }
        }
        Stmt::Item(item) => write_item(out, item, indent),
        Stmt::IfLet(pattern, scrutinee, body) => {
            let head = format!("if let {pattern} = ");
            let shape = Shape::statement(indent, 2).offset(width(&head));
            let head = format!("{head}{}", expr(scrutinee, shape));
            block(out, &head, indent, |out| {
                statements(out, body, indent + INDENT)
            });
        }
        Stmt::For(pattern, iter, body) => {
            let head = format!("for {pattern} in ");
            let shape = Shape::statement(indent, 2).offset(width(&head));
            let head = format!("{head}{}", expr(iter, shape));
            block(out, &head, indent, |out| {
                statements(out, body, indent + INDENT)
            });
        }
    }
}

/// The type of a binding or constant after `head` (`let x: `), leaving room for ` =`: broken in
/// its generic arguments when it does not fit.
fn annotation(t: &Ty, head: &str, indent: usize) -> String {
    let shape = Shape::statement(indent, 0).offset(width(head));
    let shape = Shape {
        width: shape.width.saturating_sub(2),
        ..shape
    };
    ty(t, shape)
}

/// `e;` at `indent`.
fn semi(out: &mut String, e: &Expr, indent: usize) {
    if !one_line(out, indent, "", e, ";") {
        line_of(out, indent, &[&expr(e, Shape::statement(indent, 1)), ";"]);
    }
}

/// `lhs value;` at `indent`: on one line when it fits, else as [`assign`] places it.
fn assign_line(out: &mut String, lhs: &str, value: &Expr, indent: usize) {
    if !lhs.contains('\n') && one_line(out, indent, &format!("{lhs} "), value, ";") {
        return;
    }
    let text = assign(lhs, &Rhs::Expr(value), indent, 1, 1);
    line_of(out, indent, &[&text, ";"]);
}

/// What follows an `=` (or a field's `:`).
enum Rhs<'a> {
    Expr(&'a super::tree::Expr),
    Ty(&'a Ty),
}

impl Rhs<'_> {
    fn write(&self, s: Shape) -> String {
        match self {
            Rhs::Expr(e) => expr(e, s),
            Rhs::Ty(t) => ty(t, s),
        }
    }
}

/// `lhs rhs` at `indent`, `tail` columns following: the value beside `lhs` when it fits on
/// that line; else on the next line one level deeper when it fits there on one line (or reads
/// better there); else broken beside `lhs` (rustfmt's `choose_rhs`). When `lhs` fills its line,
/// the value on the next line leaves `next_tail` columns free (a struct member's type may take
/// the column of its comma there).
fn assign(lhs: &str, rhs: &Rhs<'_>, indent: usize, tail: usize, next_tail: usize) -> String {
    let statement = Shape::statement(indent, tail);
    // A broken `lhs` (a long type) holds its indentation on its later lines.
    let used = match lhs.rsplit_once('\n') {
        Some((_, last)) => width(last).saturating_sub(indent),
        None => width(lhs),
    };
    let beside = statement.offset(used + 1);
    // The comma's column is free on the next line only when nothing fits beside `lhs` (seen in
    // rustfmt's output: a value it could not write beside its name is not measured with it).
    let next_tail = if beside.width == 0 { next_tail } else { tail };
    let next_shape = statement.block(next_tail);
    // The common cases first, without laying out what will not be used: the value on one line
    // beside `lhs`, else on one line on the next (which rustfmt always prefers to a value
    // broken beside `lhs`).
    if let Rhs::Expr(e) = rhs
        && let Some(one) = flat(e)
    {
        let w = width(&one) + chain_reserve(e);
        if w <= beside.width {
            return format!("{lhs} {one}");
        }
        if w <= next_shape.width {
            return format!("{lhs}\n{}{one}", " ".repeat(next_shape.indent));
        }
    }
    let same = rhs.write(beside);
    if !same.contains('\n') && width(&same) <= beside.width {
        return format!("{lhs} {same}");
    }
    let next = rhs.write(next_shape);
    let next_line = format!("{lhs}\n{}{next}", " ".repeat(next_shape.indent));
    match (fits(&same, beside), fits(&next, next_shape)) {
        (true, true) if !fits_strictly(&next, next_shape) => format!("{lhs} {same}"),
        (true, true) if prefer_next_line(&same, &next) => next_line,
        (false, true) => next_line,
        _ => format!("{lhs} {same}"),
    }
}
