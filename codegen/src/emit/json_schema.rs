//! `schemars::JsonSchema` impls, behind the generated crate's `schemars` feature.
//!
//! Takes: a shape and its [`OwnSchema`](crate::ir::OwnSchema) (its schema in the corpus
//! standing alone as draft 2020-12, references to other types as links). Gives: the type's
//! `rt::impl_json_schema!` line (the schema as compact JSON text, each link as a JSON pointer and
//! a type); for a type alias (which cannot implement a trait), the same for a marker type in the
//! namespace's hidden `alias_schemas` module.
//!
//! Why not derive the schema from the Rust type: the Rust type is lenient where the wire needs
//! it (an enum keeps values the schema does not list, a struct may drop unknown members), and
//! keywords like `not` or `if` have no Rust form; the corpus's schema is the contract, and a
//! test checks that the schema given here accepts and rejects what the corpus's does.

use crate::ir::{ShapeId, ShapeKind};
use crate::name::unraw;

use super::syntax::{Expr, Item, ItemKind, Ty, json_lit, lit};
use super::types::Ctx;

/// The cfg every `schemars` item is behind.
pub const CFG: &str = "cfg(feature = \"schemars\")";

/// The module of the marker types through which type aliases describe themselves.
pub const MARKERS: &str = "alias_schemas";

/// The type whose `JsonSchema` is shape `id`'s, as written in namespace `cx.ns`'s module, or in
/// its markers module when `in_markers`.
fn schema_type(cx: &Ctx<'_>, id: ShapeId, in_markers: bool) -> Ty {
    let shape = cx.ir.shape(id);
    let name = cx.names.ty(id);
    let alias = matches!(shape.kind, ShapeKind::Alias(_));
    let up = if in_markers { "super::" } else { "" };
    Ty::path(if shape.namespace == cx.ns {
        match (alias, in_markers) {
            (true, true) => name.to_owned(),
            (true, false) => format!("{MARKERS}::{name}"),
            (false, _) => format!("{up}{name}"),
        }
    } else {
        let module = cx.names.module(shape.namespace);
        let markers = if alias {
            format!("{MARKERS}::")
        } else {
            String::new()
        };
        format!("{up}super::{module}::{markers}{name}")
    })
}

/// The schema's JSON text as a literal, and its links as `("pointer", Type)` pairs.
fn parts(cx: &Ctx<'_>, id: ShapeId, in_markers: bool) -> (String, Vec<Expr>) {
    match &cx.ir.shape(id).own_schema {
        Some(own) => {
            let links = own
                .links
                .iter()
                .map(|(at, target)| {
                    let ty = Expr::atom(schema_type(cx, *target, in_markers).to_string());
                    Expr::Tuple(vec![Expr::atom(lit(at)), ty])
                })
                .collect();
            (json_lit(&own.value), links)
        }
        // It cannot stand alone (the type's documentation says why): any value.
        None => (lit("true"), Vec::new()),
    }
}

/// The type's `JsonSchema` impl, behind the `schemars` feature.
pub fn item(cx: &Ctx<'_>, id: ShapeId) -> Item {
    impl_macro(cx, id, false).attr(CFG)
}

/// `rt::impl_json_schema!(Name, "Name", r#"…"#, [links]);`
fn impl_macro(cx: &Ctx<'_>, id: ShapeId, in_markers: bool) -> Item {
    let name = cx.names.ty(id);
    let (text, links) = parts(cx, id, in_markers);
    let args = vec![
        Expr::atom(name.to_owned()),
        Expr::atom(lit(unraw(name))),
        Expr::atom(text),
        Expr::Array(links),
    ];
    Item::mac("rt::impl_json_schema", args)
}

/// The module of a namespace's marker types, one per type alias (a type alias cannot implement
/// a trait): each describes the alias as its schema in the corpus says, so that a reference to
/// the alias is a reference to its definition, written once. Nothing when there is no alias.
pub fn markers(cx: &Ctx<'_>, ids: &[ShapeId]) -> Option<Item> {
    let aliases: Vec<ShapeId> = ids
        .iter()
        .copied()
        .filter(|id| matches!(cx.ir.shape(*id).kind, ShapeKind::Alias(_)))
        .collect();
    if aliases.is_empty() {
        return None;
    }
    let mut items = vec![Item::new(ItemKind::Use(false, String::from("super::rt")))];
    for id in aliases {
        let name = cx.names.ty(id);
        items.push(
            Item::new(ItemKind::UnitStruct(name.to_owned())).doc_line(format!(
                "The JSON Schema of the type alias `{}`.",
                unraw(name)
            )),
        );
        items.push(impl_macro(cx, id, true));
    }
    Some(
        Item::new(ItemKind::Mod(MARKERS.to_owned(), items))
            .doc_line("The types through which this module's type aliases describe themselves (`schemars`).")
            .attr(CFG)
            .attr("doc(hidden)"),
    )
}

/// The expression giving shape `id`'s root schema in the registry's `schema_of`.
pub fn root(cx: &Ctx<'_>, id: ShapeId) -> Expr {
    Expr::generic_call(
        "rt::own_schema::root",
        vec![schema_type(cx, id, false)],
        vec![],
    )
}
