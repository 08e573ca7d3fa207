//! An object shape → a struct and all of its impls.
//!
//! Takes: a [`Struct`] with its [`ShapeId`] (its fields are `names.fields(id)`, in member
//! order). Gives: the items: the documented struct (members in schema order, required members
//! plain, the others `Option`), an inherent impl with the constructor `new` taking the required
//! members and a `with_*` setter per optional member (and an appender per list member), a
//! redacting `Debug` when the struct or a member is secret (else `Debug` is derived), and the
//! wire impls ([`wire`](super::structure_wire)): one function per impl.

use crate::ir::{Member, ShapeId, ShapeKind, Struct, TypeRef};
use crate::name::unraw;
use crate::text::{code_span, wrap};

use super::structure_wire;
use super::syntax::tree::{FieldDef, FieldValue};
use super::syntax::{Expr, Fn, Item, ItemKind, Param, Stmt, Ty, lit};
use super::types::{Ctx, DOC_WIDTH};

/// A struct being emitted: its members with their fields, and what its impls need.
pub struct Shape<'a> {
    /// The Rust name.
    pub name: &'a str,
    /// The schema-level name.
    pub wire_name: &'a str,
    /// Each member and its field.
    pub members: Vec<(&'a Member, &'a str)>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// An optional member that is `null` reads as absent.
    pub null_is_absent: bool,
    /// The path of its check against the schema as a whole.
    pub schema: Option<String>,
    /// Whether a value may hold a secret (its schema check then names keywords, not values).
    pub secret: bool,
    /// Whether the whole structure is a secret.
    pub whole_secret: bool,
    /// The map of the members the schema does not list, when the struct keeps them.
    pub extra: Option<Extra<'a>>,
}

/// The `extra` map of a struct that keeps the members its schema does not list.
pub struct Extra<'a> {
    /// Its field.
    pub field: &'a str,
    /// The type of its values.
    pub ty: Ty,
}

/// The struct `id` and its impls.
pub fn items(cx: &Ctx<'_>, id: ShapeId, s: &Struct) -> Vec<Item> {
    let fields = cx.names.fields(id);
    let shape = Shape {
        name: cx.names.ty(id),
        wire_name: cx.names.schema(id),
        members: s
            .members
            .iter()
            .zip(fields)
            .map(|(m, f)| (m, f.as_str()))
            .collect(),
        closed: s.closed,
        null_is_absent: s.null_is_absent,
        schema: cx.schema_check(id),
        secret: cx.holds_secret(&TypeRef::Named(id)),
        whole_secret: s.sensitive,
        extra: s.extra.as_ref().map(|ty| Extra {
            field: fields[s.members.len()].as_str(),
            ty: cx.ty(ty),
        }),
    };
    let mut items = vec![definition(cx, id, s, &shape), inherent(cx, &shape)];
    if s.sensitive {
        items.push(Item::mac(
            "rt::impl_redacted_debug",
            vec![Expr::atom(shape.name.to_owned())],
        ));
    } else if s.members.iter().any(|m| m.sensitive) {
        items.push(debug(&shape));
    }
    items.extend(structure_wire::impls(cx, &shape));
    items
}

/// The documented struct.
fn definition(cx: &Ctx<'_>, id: ShapeId, s: &Struct, shape: &Shape<'_>) -> Item {
    let mut derives = Vec::new();
    if !(s.sensitive || s.members.iter().any(|m| m.sensitive)) {
        derives.push("Debug");
    }
    derives.extend(["Clone", "PartialEq"]);
    if !s.members.iter().any(|m| m.required) {
        derives.push("Default");
    }
    let mut fields: Vec<FieldDef> = shape
        .members
        .iter()
        .map(|(m, f)| FieldDef {
            doc: cx.member_doc(m),
            name: (*f).to_owned(),
            ty: cx.member_type(m),
        })
        .collect();
    if let Some(extra) = &shape.extra {
        fields.push(FieldDef {
            doc: wrap(
                "The members the schema does not list, in the order read; written back after \
                 the others.",
                DOC_WIDTH,
            ),
            name: extra.field.to_owned(),
            ty: Ty::map(extra.ty.clone()),
        });
    }
    Item::new(ItemKind::Struct(shape.name.to_owned(), fields))
        .doc(cx.shape_doc(id, "shape", &[], None))
        .attr(format!("derive({})", derives.join(", ")))
        .attr("non_exhaustive")
}

/// `impl Name { new, with_* }`.
fn inherent(cx: &Ctx<'_>, shape: &Shape<'_>) -> Item {
    let mut fns = vec![constructor(cx, shape)];
    let members = &shape.members;
    for (m, f) in members.iter().filter(|(m, _)| !m.required) {
        fns.push(setter(cx, m, f));
        if let Some(item) = list_item(cx, &m.ty).filter(|_| !m.boxed && !cx.held_as_secret(m))
            && let Some(appender) = appender(m, f, item, members)
        {
            fns.push(appender);
        }
    }
    Item::inherent(Ty::path(shape.name.to_owned()), fns)
}

/// `new`, taking the required members.
fn constructor(cx: &Ctx<'_>, shape: &Shape<'_>) -> Item {
    let name = shape.name;
    let required: Vec<&(&Member, &str)> =
        shape.members.iter().filter(|(m, _)| m.required).collect();
    let doc = if required.is_empty() {
        format!("Creates a new `{name}` with every member empty.")
    } else {
        let wire: Vec<String> = required
            .iter()
            .map(|(m, _)| code_span(&m.wire_name))
            .collect();
        format!(
            "Creates a new `{name}` from its required members ({}); the optional members start \
             empty.",
            wire.join(", ")
        )
    };
    let params = required
        .iter()
        .map(|(m, f)| Param::new(*f, Ty::impl_into(cx.member_value_type(m))))
        .collect();
    let mut fields: Vec<FieldValue> = shape
        .members
        .iter()
        .map(|(m, f)| {
            let into = Expr::atom((*f).to_owned()).method("into", vec![]);
            let value = match (m.required, m.boxed) {
                (true, false) => into,
                (true, true) => Expr::call("Box::new", vec![into]),
                (false, _) => Expr::atom("None"),
            };
            FieldValue::new((*f).to_owned(), value)
        })
        .collect();
    if let Some(extra) = &shape.extra {
        fields.push(FieldValue::new(
            extra.field.to_owned(),
            Expr::call("rt::IndexMap::new", vec![]),
        ));
    }
    let body = vec![Stmt::Tail(Expr::structure("Self", fields))];
    let item = Fn::new("new", params, Some(Ty::path("Self")), body)
        .public()
        .item()
        .doc(wrap(&doc, DOC_WIDTH));
    if required.len() > 7 {
        item.attr("allow(clippy::too_many_arguments)")
    } else {
        item
    }
}

/// The singular of a plural field name (`user_attributes` → `user_attribute`), or `None` when it
/// does not end like an English plural.
fn singular(field: &str) -> Option<String> {
    if let Some(stem) = field.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if field.ends_with(ending) {
            return Some(field[..field.len() - 2].to_owned());
        }
    }
    let stem = field.strip_suffix('s')?;
    (!stem.is_empty() && !["s", "u", "i", "_"].iter().any(|e| stem.ends_with(e)))
        .then(|| stem.to_owned())
}

/// `with_<item>(x)`: adds one item to an optional list member (`with_label("a")` beside
/// `with_labels(["a", "b"])`), named by the field's singular, or `with_<field>_item` when it has
/// none or that name is another member's setter (none when both are).
fn appender(m: &Member, f: &str, item: Ty, members: &[(&Member, &str)]) -> Option<Item> {
    let field = unraw(f).trim_matches('_');
    let taken = |name: &str| {
        members
            .iter()
            .any(|(_, other)| unraw(other).trim_matches('_') == name)
    };
    // Every setter is `with_<field>`: a name no member has is free.
    let one = singular(field)
        .into_iter()
        .chain([format!("{field}_item")])
        .find(|name| !taken(name))?;
    let push = Expr::atom("self")
        .field(f.to_owned())
        .method("get_or_insert_with", vec![Expr::atom("Vec::new")])
        .method("push", vec![Expr::atom("item").method("into", vec![])]);
    let params = vec![
        Param::receiver("mut self"),
        Param::new("item", Ty::impl_into(item)),
    ];
    let body = vec![Stmt::Semi(push), Stmt::Tail(Expr::atom("self"))];
    Some(
        Fn::new(format!("with_{one}"), params, Some(Ty::path("Self")), body)
            .public()
            .item()
            .doc_line(format!(
                "Adds one item to the optional list member {} (which is made if it was absent).",
                code_span(&m.wire_name)
            ))
            .attr("must_use"),
    )
}

/// The `with_*` setter of an optional member.
fn setter(cx: &Ctx<'_>, m: &Member, f: &str) -> Item {
    // A list takes anything that iterates over what turns into its items (`["a", "b"]` for a
    // list of strings).
    let item = list_item(cx, &m.ty).filter(|_| !m.boxed && !cx.held_as_secret(m));
    let into = Expr::atom(f.to_owned()).method("into", vec![]);
    let (param, value) = match item {
        Some(item) => {
            let collect = Expr::atom(f.to_owned())
                .method("into_iter", vec![])
                .method("map", vec![Expr::atom("Into::into")])
                .method("collect", vec![]);
            (Ty::impl_items_into(item), collect)
        }
        None if m.boxed => (
            Ty::impl_into(cx.member_value_type(m)),
            Expr::call("Box::new", vec![into]),
        ),
        None => (Ty::impl_into(cx.member_value_type(m)), into),
    };
    let params = vec![Param::receiver("mut self"), Param::new(f, param)];
    let body = vec![
        Stmt::Assign(format!("self.{f}"), "=", value.some()),
        Stmt::Tail(Expr::atom("self")),
    ];
    let name = format!("with_{}", unraw(f).trim_matches('_'));
    Fn::new(name, params, Some(Ty::path("Self")), body)
        .public()
        .item()
        .doc_line(format!(
            "Sets the optional member {}.",
            code_span(&m.wire_name)
        ))
        .attr("must_use")
}

/// The item type of a plain list (`Vec<T>`, or a type alias of one).
fn list_item(cx: &Ctx<'_>, ty: &TypeRef) -> Option<Ty> {
    match ty {
        TypeRef::List(item) => Some(cx.ty(item)),
        TypeRef::Named(id) => match &cx.ir.shape(*id).kind {
            ShapeKind::Alias(TypeRef::List(item)) => Some(cx.ty(item)),
            _ => None,
        },
        _ => None,
    }
}

/// A `Debug` that prints `<redacted>` in place of the secret members (there is at least one
/// member): one statement per member on a `DebugStruct`, not one chain of calls, whose cost in
/// rustc grows faster than its length.
fn debug(shape: &Shape<'_>) -> Item {
    let field = |name: &str, value: Expr| {
        Stmt::Semi(Expr::atom("d").method("field", vec![Expr::atom(lit(unraw(name))), value]))
    };
    let own = |f: &str| Expr::atom("self").field(f.to_owned());
    let mut body = vec![Stmt::bind(
        "mut d",
        None,
        Expr::atom("f").method("debug_struct", vec![Expr::atom(lit(shape.name))]),
    )];
    for (m, f) in &shape.members {
        let value = match (m.sensitive, m.required) {
            (false, _) => own(f).borrowed(),
            (true, true) => Expr::atom("&rt::Redacted"),
            (true, false) => own(f)
                .method("as_ref", vec![])
                .method(
                    "map",
                    vec![Expr::Closure(
                        "|_|".into(),
                        Box::new(Expr::atom("rt::Redacted")),
                    )],
                )
                .borrowed(),
        };
        body.push(field(f, value));
    }
    if let Some(extra) = &shape.extra {
        body.push(field(extra.field, own(extra.field).borrowed()));
    }
    body.push(Stmt::Tail(Expr::atom("d").method("finish", vec![])));
    let params = vec![
        Param::receiver("&self"),
        Param::new("f", Ty::path("&mut std::fmt::Formatter<'_>")),
    ];
    let fmt = Fn::new("fmt", params, Some(Ty::path("std::fmt::Result")), body).item();
    Item::trait_impl(
        Ty::path("std::fmt::Debug"),
        Ty::path(shape.name.to_owned()),
        vec![fmt],
    )
}
