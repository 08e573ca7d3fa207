//! A `oneOf`/`anyOf` union → an enum with one variant per alternative, and all of its impls.
//!
//! Takes: a [`Union`] with its [`ShapeId`] (its variants are `names.variants(id)`, in
//! alternative order). Gives: the documented enum, `From` each alternative's type (when no two
//! variants hold the same type), and the wire impls: reading by the discriminator member when
//! the union has one (one alternative read), else by trying the alternatives in order through
//! the runtime's `any_of` (the first that reads the value) or `one_of` (exactly one must);
//! writing the variant's value as it is.

use std::collections::HashSet;

use crate::ir::{ShapeId, ShapeKind, TypeRef, Union};
use crate::text::{code_span, wrap};

use super::structure_wire::{
    read_params, read_result, schema_read, serialize_fn, whole_value, write_value_fn,
};
use super::syntax::tree::Variant;
use super::syntax::{Arm, Expr, Fn, Item, ItemKind, Param, Stmt, Ty, lit};
use super::types::{Ctx, DOC_WIDTH};

/// `ty` with every type alias replaced by what it stands for, so that two references to one
/// Rust type compare equal.
fn expanded(cx: &Ctx<'_>, ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(id) => match &cx.ir.shape(*id).kind {
            ShapeKind::Alias(inner) => expanded(cx, inner),
            _ => ty.clone(),
        },
        TypeRef::List(t) => TypeRef::List(Box::new(expanded(cx, t))),
        TypeRef::Map(t) => TypeRef::Map(Box::new(expanded(cx, t))),
        TypeRef::Nullable(t) => TypeRef::Nullable(Box::new(expanded(cx, t))),
        TypeRef::Loose(t, c) => TypeRef::Loose(Box::new(expanded(cx, t)), *c),
        TypeRef::Primitive(_) | TypeRef::Any => ty.clone(),
    }
}

/// The union `id` and its impls.
pub fn items(cx: &Ctx<'_>, id: ShapeId, u: &Union) -> Vec<Item> {
    let name = cx.names.ty(id);
    let variants: Vec<(&str, Ty)> = cx
        .names
        .variants(id)
        .iter()
        .zip(&u.variants)
        .map(|(variant, v)| {
            let ty = cx.ty(&v.ty);
            (variant.as_str(), if v.boxed { Ty::boxed(ty) } else { ty })
        })
        .collect();
    let mut items = vec![declaration(cx, id, u, &variants)];
    items.extend(from_impls(cx, name, u, &variants));
    items.push(reader(cx, id, u, &variants));
    items.extend(writers(name, &variants));
    items
}

/// The enum, with a doc saying how an alternative is chosen.
fn declaration(cx: &Ctx<'_>, id: ShapeId, u: &Union, variants: &[(&str, Ty)]) -> Item {
    let how = match (&u.tag, u.one_of) {
        (Some(tag), _) => format!(
            "The alternative is the one whose {} member has the value read.",
            code_span(tag)
        ),
        (None, true) => String::from(
            "A value is read as the one alternative that reads it (`oneOf`: a value that more \
             than one alternative reads is rejected).",
        ),
        (None, false) => String::from(
            "A value is read as the first alternative, in schema order, that reads it (`anyOf`).",
        ),
    };
    let list = variants
        .iter()
        .zip(&u.variants)
        .map(|((variant, ty), v)| {
            let doc = match (&u.tag, v.tags.as_slice()) {
                (Some(tag), values) if !values.is_empty() => {
                    let values: Vec<String> = values.iter().map(|t| code_span(t)).collect();
                    format!(
                        "The alternative whose {} is {}.",
                        code_span(tag),
                        values.join(" or ")
                    )
                }
                _ => format!("The alternative that is a {}.", code_span(&ty.to_string())),
            };
            Variant {
                doc: wrap(&doc, DOC_WIDTH),
                name: (*variant).to_owned(),
                ty: Some(ty.clone()),
            }
        })
        .collect();
    let item = Item::new(ItemKind::Enum(cx.names.ty(id).to_owned(), list))
        .doc(cx.shape_doc(id, "union", &[how], None))
        .attr("derive(Debug, Clone, PartialEq)");
    // The alternatives are held by value, as their own types are: boxing the large ones would
    // cost an allocation per value read for a size that only matters in large collections.
    if u.variants
        .iter()
        .any(|v| matches!(v.ty, TypeRef::Named(_)) && !v.boxed)
    {
        item.attr("allow(clippy::large_enum_variant)")
    } else {
        item
    }
}

/// `From` each alternative's type, when it names one variant only: types compared with their
/// aliases expanded (`rt::ArrayOr<Shared>` is `rt::ArrayOr<Vec<i64>>` when
/// `type Shared = Vec<i64>`).
fn from_impls(cx: &Ctx<'_>, name: &str, u: &Union, variants: &[(&str, Ty)]) -> Vec<Item> {
    let keys: Vec<(TypeRef, bool)> = u
        .variants
        .iter()
        .map(|v| (expanded(cx, &v.ty), v.boxed))
        .collect();
    let mut seen = HashSet::new();
    let duplicated: HashSet<&(TypeRef, bool)> = keys.iter().filter(|k| !seen.insert(*k)).collect();
    variants
        .iter()
        .zip(&keys)
        .filter(|(_, key)| !duplicated.contains(key))
        .map(|((variant, ty), _)| {
            let body = vec![Stmt::Tail(Expr::call(
                format!("Self::{variant}"),
                vec![Expr::atom("value")],
            ))];
            let from = Fn::new(
                "from",
                vec![Param::new("value", ty.clone())],
                Some(Ty::path("Self")),
                body,
            );
            Item::trait_impl(
                Ty::generic("From", vec![ty.clone()]),
                Ty::path(name.to_owned()),
                vec![from.item()],
            )
        })
        .collect()
}

/// `NULLABLE`: whether an alternative holds `null`.
fn nullable(variants: &[(&str, Ty)]) -> Expr {
    // Each type once: two alternatives of one type would make `x || x` (clippy's `eq_op`).
    let mut seen = HashSet::new();
    let nullable: Vec<Expr> = variants
        .iter()
        .filter(|(_, ty)| seen.insert(ty.clone()))
        .map(|(_, ty)| Expr::Qualified(ty.clone(), "rt::FromJson>::NULLABLE".into()))
        .collect();
    if nullable.len() == 1 {
        nullable.into_iter().next().expect("one")
    } else {
        Expr::Binary("||", nullable)
    }
}

/// `FromJson`: by the tag's value, or the alternatives tried in turn.
fn reader(cx: &Ctx<'_>, id: ShapeId, u: &Union, variants: &[(&str, Ty)]) -> Item {
    let name = cx.names.ty(id);
    // A schema check reads the value whole, and the rest reads that; so does an untagged
    // union (its alternatives are tried on it). A tagged one reads the text as it comes.
    let mut body = Vec::new();
    if let Some(schema) = cx.schema_check(id) {
        body.push(whole_value());
        body.push(schema_read(&schema, cx.holds_secret(&TypeRef::Named(id))));
        if u.tag.is_some() {
            body.push(Stmt::bind(
                "r",
                None,
                Expr::atom("&mut rt::Reader::tree(&json)"),
            ));
        }
    } else if u.tag.is_none() {
        body.push(whole_value());
    }
    // An alternative reads the reader (`read`, `r`) or an untagged union's value
    // (`from_json`, `json`).
    let read = |how: &'static str, variant: String| {
        let (f, source) = match how {
            "read" => ("rt::FromJson::read", "r"),
            _ => ("rt::FromJson::from_json", "json"),
        };
        Expr::call(f, vec![Expr::atom(source), Expr::atom("at")])
            .method("map", vec![Expr::atom(variant)])
    };
    match &u.tag {
        Some(tag) => {
            let mut arms: Vec<Arm> = variants
                .iter()
                .zip(&u.variants)
                .map(|((variant, _), v)| {
                    let pattern = v.tags.iter().map(|t| Expr::atom(lit(t))).collect();
                    let read = read("read", format!("Self::{variant}"));
                    Arm::matching(Expr::Binary("|", pattern), read)
                })
                .collect();
            let unknown = Expr::call(
                "rt::unknown_tag",
                vec![Expr::atom(lit(tag)), Expr::atom("other"), Expr::atom("at")],
            );
            arms.push(Arm::new("other", Expr::call("Err", vec![unknown])));
            let tag = Expr::call(
                "rt::tag",
                vec![Expr::atom("r"), Expr::atom(lit(tag)), Expr::atom("at")],
            );
            body.push(Stmt::bind("tag", None, tag.tried()));
            body.push(Stmt::Tail(Expr::matching(Expr::atom("&*tag"), arms)));
        }
        None => {
            let readers = variants
                .iter()
                .map(|(variant, _)| {
                    Expr::Closure(
                        "|json, at|".into(),
                        Box::new(read("from_json", format!("{name}::{variant}"))),
                    )
                })
                .collect();
            let reader_ty = Ty::slice_ref(Ty::generic(
                "rt::Alternative",
                vec![Ty::path(name.to_owned())],
            ));
            body.push(Stmt::item(Item::constant(
                "READERS",
                reader_ty,
                Expr::slice(readers),
            )));
            let names = Expr::slice(variants.iter().map(|(v, _)| Expr::atom(lit(v))).collect());
            let how = if u.one_of { "rt::one_of" } else { "rt::any_of" };
            let args = vec![
                Expr::atom("&json"),
                Expr::atom("at"),
                Expr::atom("READERS"),
                names,
            ];
            body.push(Stmt::Tail(Expr::call(how, args)));
        }
    }
    let constant = Item::constant("NULLABLE", Ty::path("bool"), nullable(variants));
    let read = Fn::new("read", read_params(), Some(read_result()), body).item();
    Item::trait_impl(
        Ty::path("rt::FromJson"),
        Ty::path(name.to_owned()),
        vec![constant, read],
    )
}

/// `ToValue`, `Serialize` (the alternative's own) and `Deserialize`.
fn writers(name: &str, variants: &[(&str, Ty)]) -> Vec<Item> {
    let arms = |call: &'static str, to: &'static str| {
        let arms = variants
            .iter()
            .map(|(variant, _)| {
                let body = Expr::call(call, vec![Expr::atom("value"), Expr::atom(to)]);
                let pattern = Expr::call(format!("Self::{variant}"), vec![Expr::atom("value")]);
                Arm::matching(pattern, body)
            })
            .collect();
        Expr::matching(Expr::atom("self"), arms)
    };
    let write = write_value_fn(vec![Stmt::Tail(arms("rt::ToValue::write_value", "out"))]);
    let serialize = serialize_fn(vec![Stmt::Tail(arms(
        "rt::serde::Serialize::serialize",
        "serializer",
    ))]);
    vec![
        Item::trait_impl(
            Ty::path("rt::ToValue"),
            Ty::path(name.to_owned()),
            vec![write.item()],
        ),
        Item::trait_impl(
            Ty::path("rt::serde::Serialize"),
            Ty::path(name.to_owned()),
            vec![serialize.item()],
        ),
        Item::mac("rt::impl_deserialize", vec![Expr::atom(name.to_owned())]),
    ]
}
