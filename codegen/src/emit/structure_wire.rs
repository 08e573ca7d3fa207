//! A struct's wire impls: `ToValue` (a structure of the members by wire name, absent optionals
//! left out), `FromJson` (the schema check if there is one, then one `let` per member),
//! `Serialize` (a serde struct of the members present, or a map with the extra members) and
//! `Deserialize` (the runtime's macro).
//!
//! Takes: the [`Shape`] of a struct being emitted. Gives: its four impls, one function each.

use crate::ir::Member;

use super::structure::{Extra, Shape};
use super::syntax::tree::FieldValue;
use super::syntax::{Expr, Fn, Item, ItemKind, Param, Stmt, Ty, lit};
use super::types::Ctx;

/// More optional members than this are counted one statement each in `Serialize`, not in one
/// sum (a sum of hundreds of terms costs rustc more than its length).
const SUMMED: usize = 2;

/// `ToValue`, `FromJson`, `Serialize`, `Deserialize`.
pub fn impls(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Item> {
    let name = Ty::path(shape.name.to_owned());
    let write_value = write_value_fn(write_value(cx, shape));
    let from_json = Fn::new(
        "from_json",
        read_params(),
        Some(read_result()),
        from_json(cx, shape),
    );
    let serialize = serialize_fn(serialize(shape));
    vec![
        Item::trait_impl(
            Ty::path("rt::ToValue"),
            name.clone(),
            vec![write_value.item()],
        ),
        Item::trait_impl(
            Ty::path("rt::FromJson"),
            name.clone(),
            vec![from_json.item()],
        ),
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

/// `json: &rt::Document, at: &rt::JsonPath<'_>`: what every reader takes.
pub fn read_params() -> Vec<Param> {
    vec![
        Param::new("json", Ty::path("&rt::Document")),
        Param::new("at", Ty::path("&rt::JsonPath<'_>")),
    ]
}

/// `Result<Self, rt::ReadError>`: what every reader gives.
pub fn read_result() -> Ty {
    Ty::result(Ty::path("Self"), Ty::path("rt::ReadError"))
}

/// `schema.read(json, at)?;` (`read_secret` for a value that may hold a secret: the validator's
/// message quotes the value).
pub fn schema_read(schema: &str, secret: bool) -> Stmt {
    let read = if secret { "read_secret" } else { "read" };
    Stmt::tried(
        Expr::atom(schema.to_owned()).method(read, vec![Expr::atom("json"), Expr::atom("at")]),
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

/// `rt::object(json, at)`.
fn object() -> Expr {
    Expr::call("rt::object", vec![Expr::atom("json"), Expr::atom("at")])
}

/// `&["A", "B"]`: the wire names of `members`.
fn wire_names<'m>(members: impl Iterator<Item = &'m Member>) -> Expr {
    Expr::slice(members.map(|m| Expr::atom(lit(&m.wire_name))).collect())
}

/// The body of `from_json`: the schema check if there is one, then the members.
fn from_json(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Stmt> {
    let mut body = Vec::new();
    if let Some(schema) = &shape.schema {
        body.push(schema_read(schema, shape.secret));
    }
    if !shape.members.is_empty() {
        body.extend(read_members(cx, shape));
        return body;
    }
    let at = || Expr::atom("at");
    if shape.closed {
        body.push(Stmt::bind("members", None, object().tried()));
        let only = Expr::call(
            "rt::only_members",
            vec![Expr::atom("members"), Expr::slice(vec![]), at()],
        );
        body.push(Stmt::tried(only));
        body.push(Stmt::Tail(Expr::structure("Self", vec![]).ok()));
    } else if let Some(extra) = &shape.extra {
        body.push(Stmt::bind("members", None, object().tried()));
        let read = Expr::call(
            "rt::extra_members",
            vec![Expr::atom("members"), Expr::slice(vec![]), at()],
        );
        body.push(Stmt::bind(extra.field, None, read.tried()));
        let fields = vec![FieldValue::new(
            extra.field.to_owned(),
            Expr::atom(extra.field.to_owned()),
        )];
        body.push(Stmt::Tail(Expr::structure("Self", fields).ok()));
    } else {
        body.push(Stmt::tried(object()));
        body.push(Stmt::Tail(Expr::structure("Self", vec![]).ok()));
    }
    body
}

/// Reads the members of a struct that has some, one `let` each, then builds it.
fn read_members(cx: &Ctx<'_>, shape: &Shape<'_>) -> Vec<Stmt> {
    let members = &shape.members;
    let at = || Expr::atom("at");
    // One `let` per member, with its type, then the struct from them: a single struct
    // expression with a `?` per member costs rustc time that grows much faster than the
    // number of members, and so do hundreds of bindings whose types are only known at the
    // end (800 members: over 1,000 s of debug build; 4.0 s untyped; 2.4 s typed).
    let mut body = vec![Stmt::bind("members", None, object().tried())];
    if shape.closed {
        let known = wire_names(members.iter().map(|(m, _)| *m));
        body.push(Stmt::tried(Expr::call(
            "rt::only_members",
            vec![Expr::atom("members"), known, at()],
        )));
    }
    // What is cheap to check comes first: members of flat types (a string, a number, an
    // enum) are read before those holding objects or lists, and the required members that
    // would be read after one of those are looked for before it. A value that is not this
    // struct then fails before its subtrees are read, which keeps the alternatives of a
    // recursive union from reading one subtree once per alternative above it.
    let (flat, nested): (Vec<_>, Vec<_>) = members.iter().partition(|(m, _)| cx.is_flat(&m.ty));
    let present: Vec<&Member> = nested
        .iter()
        .skip(1)
        .filter(|(m, _)| m.required)
        .map(|(m, _)| *m)
        .collect();
    if !present.is_empty() {
        let names = wire_names(present.into_iter());
        body.push(Stmt::tried(Expr::call(
            "rt::present",
            vec![Expr::atom("members"), names, at()],
        )));
    }
    // A member named like a binding the later lines read gets one of its own.
    let binding = |f: &str| {
        if matches!(f, "members" | "at") {
            format!("{f}_")
        } else {
            f.to_owned()
        }
    };
    let mut fields: Vec<FieldValue> = members
        .iter()
        .map(|(_, f)| FieldValue::new((*f).to_owned(), Expr::atom(binding(f))))
        .collect();
    for (m, f) in flat.iter().chain(&nested) {
        let reader = if m.required {
            "rt::required"
        } else if shape.null_is_absent {
            "rt::optional_or_null"
        } else {
            "rt::optional"
        };
        let read = Expr::call(
            reader,
            vec![Expr::atom("members"), Expr::atom(lit(&m.wire_name)), at()],
        );
        // A secret type's own errors leave it out; those of what it holds may not.
        let read = if m.sensitive && !cx.held_as_secret(m) {
            Expr::call("rt::redacted", vec![read])
        } else {
            read
        };
        body.push(Stmt::bind(
            binding(f),
            Some(cx.member_type(m)),
            read.tried(),
        ));
    }
    if let Some(extra) = &shape.extra {
        let known = wire_names(members.iter().map(|(m, _)| *m));
        let read = Expr::call(
            "rt::extra_members",
            vec![Expr::atom("members"), known, at()],
        );
        body.push(Stmt::bind(
            extra.field,
            Some(Ty::map(extra.ty.clone())),
            read.tried(),
        ));
        fields.push(FieldValue::new(
            extra.field.to_owned(),
            Expr::atom(extra.field.to_owned()),
        ));
    }
    body.push(Stmt::Tail(Expr::structure("Self", fields).ok()));
    body
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
