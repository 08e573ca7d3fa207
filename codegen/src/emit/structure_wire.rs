//! A struct's wire impls: `ToValue` (a structure of the members by wire name, absent optionals
//! left out), `FromJson` (the schema check if there is one, then each member read into its slot
//! as it comes, then the struct from the slots),
//! `Serialize` (a serde struct of the members present, or a map with the extra members) and
//! `Deserialize` (the runtime's macro).
//!
//! Takes: the [`Shape`] of a struct being emitted. Gives: its four impls, one function each.

use crate::ir::Member;

use super::structure::{Extra, Shape};
use super::syntax::tree::{Arm, FieldValue};
use super::syntax::{Expr, Fn, Item, ItemKind, Param, Stmt, Ty, lit};
use super::types::Ctx;

/// More optional members than this are counted one statement each in `Serialize`, not in one
/// sum (a sum of hundreds of terms costs rustc more than its length).
const SUMMED: usize = 2;

/// `ToValue`, `FromJson`, `Serialize`, `Deserialize`.
pub fn impls(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Item> {
    let name = Ty::path(shape.name.to_owned());
    let write_value = write_value_fn(write_value(cx, shape));
    let read = Fn::new("read", read_params(), Some(read_result()), read(cx, shape));
    let serialize = serialize_fn(serialize(shape));
    vec![
        Item::trait_impl(
            Ty::path("rt::ToValue"),
            name.clone(),
            vec![write_value.item()],
        ),
        Item::trait_impl(Ty::path("rt::FromJson"), name.clone(), vec![read.item()]),
        Item::trait_impl(
            Ty::path("rt::serde::Serialize"),
            name,
            vec![serialize.item()],
        ),
        Item::mac(
            "rt::impl_deserialize",
            vec![Expr::atom(shape.name.to_owned())],
        ),
    ]
}

/// `fn write_value<'a>(&'a self, out: &mut rt::ValueBuilder<'a>) { body }` (`rt::ToValue`).
pub fn write_value_fn(body: Vec<Stmt>) -> Fn {
    let params = vec![
        Param::receiver("&'a self"),
        Param::new("out", Ty::path("&mut rt::ValueBuilder<'a>")),
    ];
    Fn::new("write_value", params, None, body).generics("'a")
}

/// `fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>`.
pub fn serialize_fn(body: Vec<Stmt>) -> Fn {
    let params = vec![
        Param::receiver("&self"),
        Param::new("serializer", Ty::path("S")),
    ];
    let ret = Ty::result(Ty::path("S::Ok"), Ty::path("S::Error"));
    Fn::new("serialize", params, Some(ret), body).generics("S: rt::serde::Serializer")
}

/// `r: &mut rt::Reader<'_>, at: &rt::JsonPath<'_>`: what every reader takes.
pub fn read_params() -> Vec<Param> {
    vec![
        Param::new("r", Ty::path("&mut rt::Reader<'_>")),
        Param::new("at", Ty::path("&rt::JsonPath<'_>")),
    ]
}

/// `Result<Self, rt::ReadError>`: what every reader gives.
pub fn read_result() -> Ty {
    Ty::result(Ty::path("Self"), Ty::path("rt::ReadError"))
}

/// `let json = r.document()?;`: the value read whole, for what needs it whole (a schema check,
/// a union's alternatives).
pub fn whole_value() -> Stmt {
    Stmt::bind(
        "json",
        None,
        Expr::atom("r").method("document", vec![]).tried(),
    )
}

/// `schema.read(&json, at)?;` (`read_secret` for a value that may hold a secret: the validator's
/// message quotes the value), after [`whole_value`].
pub fn schema_read(schema: &str, secret: bool) -> Stmt {
    let read = if secret { "read_secret" } else { "read" };
    Stmt::tried(
        Expr::atom(schema.to_owned())
            .method(read, vec![Expr::atom("json").borrowed(), Expr::atom("at")]),
    )
}

/// A member name for `ValueBuilder::member`: a `WireName` checked at compile time (rendered
/// without a scan) when it needs no JSON escaping, which is nearly always, else plain text.
fn key(wire: &str) -> Expr {
    if wire.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        Expr::mac("rt::wire", vec![Expr::atom(lit(wire))])
    } else {
        Expr::atom(lit(wire))
    }
}

/// `self.field`.
fn own(field: &str) -> Expr {
    Expr::atom("self").field(field.to_owned())
}

/// The body of `write_value`: a structure of the members by wire name, absent optionals left out.
fn write_value(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Stmt> {
    let out = || Expr::atom("out");
    let mut body = Vec::new();
    // What a secret writes is marked so, for the tree's `Debug` to redact.
    if shape.whole_secret {
        body.push(Stmt::bind(
            "secret",
            None,
            out().method("begin_secret", vec![]),
        ));
    }
    body.push(Stmt::bind(
        "structure",
        None,
        out().method("begin_structure", vec![]),
    ));
    for (m, f) in &shape.members {
        // (An `rt::Secret` marks itself.)
        let secret = if m.sensitive && !cx.held_as_secret(m) {
            "secret_"
        } else {
            ""
        };
        let call = if m.required {
            out().method(
                format!("{secret}member"),
                vec![key(&m.wire_name), own(f).borrowed()],
            )
        } else {
            let value = own(f).method("as_ref", vec![]);
            out().method(format!("{secret}optional"), vec![key(&m.wire_name), value])
        };
        body.push(Stmt::Semi(call));
    }
    if let Some(extra) = &shape.extra {
        let call = Expr::call("rt::write_extra", vec![out(), own(extra.field).borrowed()]);
        body.push(Stmt::Semi(call));
    }
    body.push(Stmt::Semi(
        out().method("end_container", vec![Expr::atom("structure")]),
    ));
    if shape.whole_secret {
        body.push(Stmt::Semi(
            out().method("end_secret", vec![Expr::atom("secret")]),
        ));
    }
    body
}

/// `&["A", "B"]`: the wire names of `members`.
fn wire_names<'m>(members: impl Iterator<Item = &'m Member>) -> Expr {
    Expr::slice(members.map(|m| Expr::atom(lit(&m.wire_name))).collect())
}

/// The body of `read`: the schema check if there is one, then the members, each read into its
/// slot as it comes (`rt::read_members`), then the struct from the slots.
fn read(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Stmt> {
    let mut body = Vec::new();
    if let Some(schema) = &shape.schema {
        body.push(whole_value());
        body.push(schema_read(schema, shape.secret));
        let tree = Expr::atom("&mut rt::Reader::tree(&json)");
        body.push(Stmt::bind("r", None, tree));
    }
    // What is cheap to check comes first for a parsed value (text is read in its order):
    // members of flat types (a string, a number, an enum) before those holding objects or
    // lists. A value that is not this struct then fails before its subtrees are read, which
    // keeps the alternatives of a recursive union from reading one subtree once per
    // alternative above it.
    let (flat, nested): (Vec<_>, Vec<_>) =
        shape.members.iter().partition(|(m, _)| cx.is_flat(&m.ty));
    let order: Vec<&(&Member, &str)> = flat.into_iter().chain(nested).collect();
    let unknown = shape.closed || shape.extra.is_some();
    let fields = vec![
        FieldValue::new("names", wire_names(order.iter().map(|(m, _)| *m))),
        FieldValue::new(
            "required",
            wire_names(order.iter().map(|(m, _)| *m).filter(|m| m.required)),
        ),
        FieldValue::new(
            "unknown",
            Expr::atom(if unknown { "true" } else { "false" }),
        ),
    ];
    body.push(Stmt::item(Item::constant(
        "FIELDS",
        Ty::path("rt::Fields"),
        Expr::structure("rt::Fields", fields),
    )));
    // A member named like a binding the reader uses gets one of its own.
    let binding = |f: &str| {
        if matches!(f, "r" | "at" | "json" | "key" | "m") {
            format!("{f}_")
        } else {
            f.to_owned()
        }
    };
    for (m, f) in &order {
        let ty = Ty::generic("rt::Slot", vec![cx.slot_type(m)]);
        let slot = Expr::call("rt::Slot::new", vec![]);
        body.push(Stmt::bind(format!("mut {}", binding(f)), Some(ty), slot));
    }
    if let Some(extra) = &shape.extra {
        let map = Expr::call("rt::IndexMap::new", vec![]);
        body.push(Stmt::bind(
            format!("mut {}", extra.field),
            Some(Ty::map(extra.ty.clone())),
            map,
        ));
    }
    body.push(Stmt::tried(Expr::call(
        "rt::read_members",
        vec![
            Expr::atom("r"),
            Expr::atom("at"),
            Expr::atom("&FIELDS"),
            each_member(cx, shape, &order, binding),
        ],
    )));
    // One `let` per member, with its type, then the struct from them: a single struct
    // expression with a `?` per member costs rustc time that grows much faster than the
    // number of members, and so do hundreds of bindings whose types are only known at the
    // end (800 members: over 1,000 s of debug build; 4.0 s untyped; 2.4 s typed).
    let mut values = Vec::new();
    for (m, f) in &shape.members {
        let slot = Expr::atom(binding(f));
        let value = if m.required {
            let args = vec![Expr::atom(lit(&m.wire_name)), Expr::atom("at")];
            slot.method("required", args).tried()
        } else {
            slot.method("optional", vec![])
        };
        body.push(Stmt::bind(binding(f), Some(cx.member_type(m)), value));
        values.push(FieldValue::new((*f).to_owned(), Expr::atom(binding(f))));
    }
    if let Some(extra) = &shape.extra {
        values.push(FieldValue::new(
            extra.field.to_owned(),
            Expr::atom(extra.field.to_owned()),
        ));
    }
    body.push(Stmt::Tail(Expr::structure("Self", values).ok()));
    body
}

/// The closure `rt::read_members` calls for each member: `|key, m| match key { "A" =>
/// m.read(&mut a), …, _ => m.skip() }` (a member the struct does not list is kept in `extra`,
/// rejected by a closed struct, else passed over).
fn each_member(
    cx: &Ctx<'_>,
    shape: &Shape<'_>,
    order: &[&(&Member, &str)],
    binding: impl std::ops::Fn(&str) -> String,
) -> Expr {
    let m = || Expr::atom("m");
    let other = if shape.closed {
        Expr::call("Err", vec![m().method("not_allowed", vec![])])
    } else if let Some(extra) = &shape.extra {
        m().method("extra", vec![Expr::atom(format!("&mut {}", extra.field))])
    } else {
        m().method("skip", vec![])
    };
    if order.is_empty() {
        return Expr::Closure("|_, m|".into(), Box::new(other));
    }
    let mut arms: Vec<Arm> = order
        .iter()
        .map(|(member, f)| {
            let how = if !member.required && shape.null_is_absent {
                "read_or_null"
            } else {
                "read"
            };
            let read = m().method(how, vec![Expr::atom(format!("&mut {}", binding(f)))]);
            // A secret type's own errors leave it out; those of what it holds may not.
            let read = if member.sensitive && !cx.held_as_secret(member) {
                Expr::call("rt::redacted", vec![read])
            } else {
                read
            };
            Arm::matching(Expr::atom(lit(&member.wire_name)), read)
        })
        .collect();
    arms.push(Arm::new("_", other));
    Expr::Closure(
        "|key, m|".into(),
        Box::new(Expr::matching(Expr::atom("key"), arms)),
    )
}

/// `use path as _;` in a function body.
fn use_trait(path: &str) -> Stmt {
    Stmt::item(Item::new(ItemKind::Use(false, format!("{path} as _"))))
}

/// The body of `serialize`: a serde struct of the members present, or a map with the extra
/// members.
fn serialize(shape: &Shape<'_>) -> Vec<Stmt> {
    let members = &shape.members;
    if let Some(extra) = &shape.extra {
        return serialize_map(members, extra);
    }
    let mut body = vec![use_trait("rt::serde::ser::SerializeStruct")];
    // The number of members present: one sum when there are few optional members, else one
    // statement per optional member.
    let required = members.iter().filter(|(m, _)| m.required).count();
    let present = |f: &str| Expr::call("usize::from", vec![own(f).method("is_some", vec![])]);
    let optional: Vec<&str> = members
        .iter()
        .filter(|(m, _)| !m.required)
        .map(|(_, f)| *f)
        .collect();
    if optional.len() <= SUMMED {
        let mut terms = Vec::new();
        if required > 0 || optional.is_empty() {
            terms.push(Expr::atom(required.to_string()));
        }
        terms.extend(optional.iter().map(|f| present(f)));
        let sum = if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::Binary("+", terms)
        };
        body.push(Stmt::bind("len", None, sum));
    } else {
        body.push(Stmt::bind(
            "mut len",
            None,
            Expr::atom(required.to_string()),
        ));
        for f in optional {
            body.push(Stmt::Assign(String::from("len"), "+=", present(f)));
        }
    }
    let state = if members.is_empty() {
        "state"
    } else {
        "mut state"
    };
    let begin = Expr::atom("serializer").method(
        "serialize_struct",
        vec![Expr::atom(lit(shape.wire_name)), Expr::atom("len")],
    );
    body.push(Stmt::bind(state, None, begin.tried()));
    body.extend(serialize_members(
        members,
        "serialize_field",
        "rt::serialize_optional",
    ));
    body.push(Stmt::Tail(Expr::atom("state").method("end", vec![])));
    body
}

/// A struct with extra members is serialized as a map: a serde struct's member names are
/// fixed.
fn serialize_map(members: &[(&Member, &str)], extra: &Extra<'_>) -> Vec<Stmt> {
    let mut body = vec![use_trait("rt::serde::ser::SerializeMap")];
    let begin = Expr::atom("serializer").method("serialize_map", vec![Expr::atom("None")]);
    body.push(Stmt::bind("mut state", None, begin.tried()));
    body.extend(serialize_members(
        members,
        "serialize_entry",
        "rt::serialize_optional_entry",
    ));
    let rest = Expr::call(
        "rt::serialize_extra",
        vec![Expr::atom("&mut state"), own(extra.field).borrowed()],
    );
    body.push(Stmt::tried(rest));
    body.push(Stmt::Tail(Expr::atom("state").method("end", vec![])));
    body
}

/// One statement per member of a `Serialize` impl: `state.required(name, &self.f)?;` for a
/// required member, `optional(&mut state, name, &self.f)?;` for an optional one.
fn serialize_members(
    members: &[(&Member, &str)],
    required: &'static str,
    optional: &'static str,
) -> Vec<Stmt> {
    members
        .iter()
        .map(|(m, f)| {
            let name = Expr::atom(lit(&m.wire_name));
            let call = if m.required {
                Expr::atom("state").method(required, vec![name, own(f).borrowed()])
            } else {
                Expr::call(
                    optional,
                    vec![Expr::atom("&mut state"), name, own(f).borrowed()],
                )
            };
            Stmt::tried(call)
        })
        .collect()
}
