//! A checked list or map → a collection newtype, with all of its impls.
//!
//! Takes: a [`Collection`] with its [`ShapeId`]. Gives: the documented newtype over a `Vec` or
//! an `rt::IndexMap`, its constructor `new` (fallible, with `validate` and, for a size rule,
//! `validate_count`, when the schema puts rules on it), the accessors, the conversions, the
//! collection's own API (`rt::impl_list!`/`rt::impl_map!`) and the wire impls.

use crate::ir::{Collection, ShapeId, ShapeKind, TypeRef};

use super::newtype::{Inner, accessor, conversions, inner_impls};
use super::rules;
use super::syntax::{Expr, Fn, Item, ItemKind, Param, Stmt, Ty};
use super::types::Ctx;

/// The checked collection `id` and its impls.
pub fn items(cx: &Ctx<'_>, id: ShapeId, col: &Collection) -> Vec<Item> {
    items_noted(cx, id, col, Vec::new())
}

/// [`items`] with more paragraphs for its documentation.
pub fn items_noted(cx: &Ctx<'_>, id: ShapeId, col: &Collection, notes: Vec<String>) -> Vec<Item> {
    let name = cx.names.ty(id);
    let c = &col.constraints;
    // The items of a secret are held as `rt::Secret`s when their type is not a secret itself.
    let item = match &col.ty {
        TypeRef::List(item) | TypeRef::Map(item) => Some(cx.item_type(item, c.sensitive)),
        _ => None,
    };
    let inner = match (&col.ty, &item) {
        (TypeRef::List(_), Some(item)) => Ty::vec(item.clone()),
        (TypeRef::Map(_), Some(item)) => Ty::map(item.clone()),
        _ => cx.ty(&col.ty),
    };
    let (by_ref, view) = match (&col.ty, &item) {
        (TypeRef::List(_), Some(item)) => {
            let slice = Ty::slice_ref(item.clone());
            let view = accessor("The items.", "as_slice", "&self", slice.clone(), own_ref());
            (slice, view)
        }
        _ => {
            let map = Ty::reference(inner.clone());
            let view = accessor("The entries.", "as_map", "&self", map.clone(), own_ref());
            (map, view)
        }
    };
    let (mut fns, checked) = constructor(cx, name, col, &inner, by_ref);
    fns.push(view);
    fns.push(accessor(
        "Gives the container back.",
        "into_inner",
        "self",
        inner.clone(),
        Expr::atom("self.0"),
    ));
    let mut items = vec![
        definition(cx, id, col, &inner, notes),
        Item::inherent(Ty::path(name.to_owned()), fns),
    ];
    items.extend(traits(cx, id, col, item.as_ref(), &inner, checked));
    items
}

/// `&self.0`.
fn own_ref() -> Expr {
    Expr::atom("&self.0")
}

/// The documented newtype over `inner`.
fn definition(
    cx: &Ctx<'_>,
    id: ShapeId,
    col: &Collection,
    inner: &Ty,
    mut notes: Vec<String>,
) -> Item {
    let c = &col.constraints;
    if c.sensitive && matches!(&col.ty, TypeRef::List(t) | TypeRef::Map(t) if !cx.is_secret(t)) {
        notes.push(String::from(
            "Its items are secrets: each is an [`rt::Secret`], whose `Debug` and errors leave it out.",
        ));
    }
    let key_doc = |key| format!("Every key is a [`{}`].", cx.names.ty(key));
    notes.extend(col.keys.map(key_doc));
    let (min, _, _) = size_rule(col);
    let debug = if c.sensitive { "" } else { "Debug, " };
    let default = if min.unwrap_or(0) == 0 {
        ", Default"
    } else {
        ""
    };
    let fields = vec![(false, inner.clone())];
    Item::new(ItemKind::TupleStruct(cx.names.ty(id).to_owned(), fields))
        .doc(cx.shape_doc(id, "collection", &notes, Some(c)))
        .attr(format!("derive({debug}Clone, PartialEq{default})"))
}

/// The conversions, the collection's own API (iterate, count, look up; add, checked when there
/// are rules) and the wire impls (with a size rule, reading checks the size before it reads the
/// items).
fn traits(
    cx: &Ctx<'_>,
    id: ShapeId,
    col: &Collection,
    item: Option<&Ty>,
    inner: &Ty,
    checked: bool,
) -> Vec<Item> {
    let name = cx.names.ty(id);
    let sensitive = col.constraints.sensitive;
    let inner_text = inner.to_string();
    let mut items = conversions(name, Inner::Other(inner.clone()), checked, sensitive);
    let api = match &col.ty {
        TypeRef::List(_) => Some("rt::impl_list"),
        TypeRef::Map(_) => Some("rt::impl_map"),
        _ => None,
    };
    if let (Some(api), Some(item)) = (api, item) {
        let mut args = vec![Expr::atom(name.to_owned()), Expr::Ty(item.clone())];
        if checked {
            args.push(Expr::atom("checked"));
        }
        items.push(Item::mac(api, args).tight());
    }
    let (min, max, _) = size_rule(col);
    let how = if min.is_some() || max.is_some() {
        "counted"
    } else {
        "checked"
    };
    let checked_inner = format!("{how} {inner_text}");
    let schema = cx.schema_check(id);
    let checked_inner = checked.then_some(checked_inner.as_str());
    items.push(inner_impls(name, checked_inner, schema.as_deref(), sensitive).tight());
    items
}

/// A collection's size rule: `minItems`/`maxItems` of a list, `minProperties`/`maxProperties`
/// of a map, and what it counts.
fn size_rule(col: &Collection) -> (Option<u64>, Option<u64>, &'static str) {
    let c = &col.constraints;
    match col.ty {
        TypeRef::List(_) => (c.min_items, c.max_items, "items"),
        _ => (c.min_properties, c.max_properties, "entries"),
    }
}

/// A collection's `new`: with rules, fallible, beside `validate` (and `validate_count` for a
/// size rule). The functions, and whether there are rules.
fn constructor(
    cx: &Ctx<'_>,
    name: &str,
    col: &Collection,
    inner: &Ty,
    by_ref: Ty,
) -> (Vec<Item>, bool) {
    let c = &col.constraints;
    let (min, max, what) = size_rule(col);
    let unique = matches!(col.ty, TypeRef::List(_)) && c.unique_items;
    let steps = rules::collection_checks(min, max, what, unique);
    // `propertyNames`: every key checked as the named string newtype (when it has rules).
    let key_check = col.keys.filter(
        |&key| matches!(&cx.ir.shape(key).kind, ShapeKind::Newtype(n) if n.constraints.checks()),
    );
    let value = || Expr::atom("value");
    let param = || vec![Param::new("value", inner.clone())];
    if steps.is_empty() && key_check.is_none() {
        let body = vec![Stmt::Tail(Expr::call("Self", vec![value()]))];
        let new = Fn::new("new", param(), Some(Ty::path("Self")), body)
            .public()
            .item()
            .doc_line("Wraps the container (the schema puts no rules on its size).");
        return (vec![new], false);
    }
    let validation = |ok: Ty| Some(Ty::result(ok, Ty::path("rt::ValidationError")));
    let body = vec![
        Stmt::tried(Expr::call("Self::validate", vec![value().borrowed()])),
        Stmt::Tail(Expr::call("Self", vec![value()]).ok()),
    ];
    let new = Fn::new("new", param(), validation(Ty::path("Self")), body)
        .public()
        .item()
        .doc_line("Wraps the container after checking it against the schema's rules.");
    let mut checks = Vec::new();
    if !steps.is_empty() {
        checks.push(rules::check_const(name, c.sensitive));
    }
    checks.extend(steps);
    if let Some(key) = key_check {
        let each = Stmt::tried(Expr::call(
            format!("{}::validate", cx.names.ty(key)),
            vec![Expr::atom("key")],
        ));
        checks.push(Stmt::For(
            String::from("key"),
            value().method("keys", vec![]),
            vec![each],
        ));
    }
    checks.push(Stmt::Tail(Expr::atom("Ok(())")));
    let unit = Ty::Tuple(vec![]);
    let validate = Fn::new(
        "validate",
        vec![Param::new("value", by_ref)],
        validation(unit.clone()),
        checks,
    )
    .public()
    .item()
    .doc_line("Checks a container against the schema's rules without wrapping it.");
    let mut fns = vec![new, validate];
    if min.is_some() || max.is_some() {
        let body = vec![
            rules::check_const(name, c.sensitive),
            Stmt::Tail(rules::count(Expr::atom("len"), min, max, what)),
        ];
        let count = Fn::new(
            "validate_count",
            vec![Param::new("len", Ty::path("usize"))],
            validation(unit),
            body,
        );
        fns.push(
            count.public().item().doc_line(
                "Checks the size rule alone: what reading does before it reads any item.",
            ),
        );
    }
    (fns, true)
}
