//! A named primitive with rules or a secret → a newtype, with all of its impls.
//!
//! Takes: a [`Newtype`] with its [`ShapeId`]. Gives: the documented newtype, its constructor
//! `new` (fallible, with `validate`, when the schema's rules must be checked: one shared runtime
//! check per rule, from [`rules`](super::rules)), accessors, the conversions
//! (`TryFrom`/`From`, and for a string `FromStr`, `AsRef<str>`), `Display` unless it is a
//! secret, a redacting `Debug` when it is, and the wire impls (the value inside, checked when
//! read); all but the constructor and accessors as one-line calls of the runtime's macros.

use crate::ir::{Newtype, Primitive, ShapeId};
use crate::text::wrap;

use super::rules;
use super::syntax::{Expr, Fn, Item, ItemKind, Param, Stmt, Ty};
use super::types::{Ctx, DOC_WIDTH, primitive, primitive_ty};

/// The primitive newtype `id` and its impls.
pub fn items(cx: &Ctx<'_>, id: ShapeId, n: &Newtype) -> Vec<Item> {
    let name = cx.names.ty(id);
    let c = &n.constraints;
    let derives = match n.primitive {
        Primitive::String | Primitive::Blob => "Clone, PartialEq, Eq, Hash",
        Primitive::Json => "Clone, PartialEq",
        Primitive::Bool => "Clone, Copy, PartialEq, Eq, Hash",
        Primitive::F64 => "Clone, Copy, PartialEq, PartialOrd",
        Primitive::I32 | Primitive::I64 | Primitive::Timestamp => {
            "Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord"
        }
    };
    let debug = if c.sensitive { "" } else { "Debug, " };
    let definition = Item::new(ItemKind::TupleStruct(
        name.to_owned(),
        vec![(false, primitive_ty(n.primitive))],
    ))
    .doc(cx.shape_doc(id, "value", &[], Some(c)))
    .attr(format!("derive({debug}{derives})"));
    // The check against the schema as a whole: in `validate` for a value that turns into JSON
    // as it is, else (dates, bytes) only when read.
    let schema = cx.schema_check(id);
    let on_new = cx.schema_checked_on_new(id);
    let checked = c.checks() || on_new;
    let mut fns = constructor(name, n, checked, schema.as_deref().filter(|_| on_new));
    fns.extend(accessors(n.primitive));
    let mut items = vec![definition, Item::inherent(Ty::path(name.to_owned()), fns)];
    let inner = primitive(n.primitive);
    let kind = match n.primitive {
        Primitive::String => Inner::String,
        Primitive::Blob | Primitive::Timestamp | Primitive::Json => {
            Inner::Other(primitive_ty(n.primitive))
        }
        _ => Inner::Displayed(inner),
    };
    items.extend(conversions(name, kind, checked, c.sensitive));
    let read_schema = schema.as_deref().filter(|_| !on_new);
    let checked_inner = format!("checked {inner}");
    items.push(
        inner_impls(
            name,
            checked.then_some(checked_inner.as_str()),
            read_schema,
            c.sensitive,
        )
        .tight(),
    );
    items
}

/// `new` (and `validate` when the value is `checked`: its rules, and the schema check when it
/// is done on construction).
fn constructor(name: &str, n: &Newtype, checked: bool, schema: Option<&str>) -> Vec<Item> {
    let c = &n.constraints;
    let inner = primitive_ty(n.primitive);
    // What the constructor takes, and how the value is borrowed for `validate`.
    let (input, into, by_ref, borrow) = match n.primitive {
        Primitive::String => (Ty::impl_into(inner), true, Ty::path("&str"), "&value"),
        Primitive::Blob | Primitive::Json => (
            Ty::impl_into(inner.clone()),
            true,
            Ty::reference(inner),
            "&value",
        ),
        _ => (inner.clone(), false, inner, "value"),
    };
    let value = || Expr::atom("value");
    if !checked {
        let wrapped = if into {
            value().method("into", vec![])
        } else {
            value()
        };
        let body = vec![Stmt::Tail(Expr::call("Self", vec![wrapped]))];
        let new = Fn::new(
            "new",
            vec![Param::new("value", input)],
            Some(Ty::path("Self")),
            body,
        );
        return vec![
            new.public()
                .item()
                .doc_line("Wraps a value (the schema puts no rules on it)."),
        ];
    }
    let secret = if c.sensitive {
        " (never the value: it is secret)"
    } else {
        ""
    };
    let doc = format!(
        "Wraps a value after checking it against the schema's rules; the error names the rule it \
         breaks{secret}."
    );
    let mut body = Vec::new();
    if into {
        body.push(Stmt::bind("value", None, value().method("into", vec![])));
    }
    body.push(Stmt::tried(Expr::call(
        "Self::validate",
        vec![Expr::atom(borrow)],
    )));
    body.push(Stmt::Tail(Expr::call("Self", vec![value()]).ok()));
    let validation = Ty::result(Ty::path("Self"), Ty::path("rt::ValidationError"));
    let new = Fn::new(
        "new",
        vec![Param::new("value", input)],
        Some(validation),
        body,
    );
    let mut checks = rules::primitive_checks(name, n);
    if let Some(schema) = schema {
        let json = if n.primitive == Primitive::Json {
            value()
        } else {
            Expr::call("rt::Document::from", vec![value()]).borrowed()
        };
        let call =
            Expr::atom("CHECK").method("schema", vec![Expr::atom(format!("&{schema}")), json]);
        checks.push(Stmt::tried(call));
    }
    checks.push(Stmt::Tail(Expr::atom("Ok(())")));
    let unit_result = Ty::result(Ty::Tuple(vec![]), Ty::path("rt::ValidationError"));
    let validate = Fn::new(
        "validate",
        vec![Param::new("value", by_ref)],
        Some(unit_result),
        checks,
    );
    vec![
        new.public().item().doc(wrap(&doc, DOC_WIDTH)),
        validate
            .public()
            .item()
            .doc_line("Checks a value against the schema's rules without wrapping it."),
    ]
}

/// A documented method whose body is one expression.
pub fn accessor(doc: &str, name: &str, receiver: &str, ret: Ty, body: Expr) -> Item {
    Fn::new(
        name,
        vec![Param::receiver(receiver)],
        Some(ret),
        vec![Stmt::Tail(body)],
    )
    .public()
    .item()
    .doc_line(doc)
}

/// The accessors of a primitive newtype: the value borrowed, and given back.
fn accessors(p: Primitive) -> Vec<Item> {
    let inner = primitive_ty(p);
    let own = || Expr::atom("self.0");
    let back = |ty: Ty| accessor("Gives the value back.", "into_inner", "self", ty, own());
    match p {
        Primitive::String => vec![
            accessor(
                "The value.",
                "as_str",
                "&self",
                Ty::path("&str"),
                Expr::atom("&self.0"),
            ),
            back(inner),
        ],
        Primitive::Blob => vec![
            accessor(
                "The bytes.",
                "as_bytes",
                "&self",
                Ty::path("&[u8]"),
                own().method("as_bytes", vec![]),
            ),
            back(inner),
        ],
        Primitive::Json => vec![
            accessor(
                "The value.",
                "as_json",
                "&self",
                Ty::reference(inner.clone()),
                Expr::atom("&self.0"),
            ),
            back(inner),
        ],
        _ => vec![accessor("The value.", "get", "&self", inner, own())],
    }
}

/// What a newtype wraps, for its conversions.
#[derive(Clone, PartialEq, Eq)]
pub enum Inner<'a> {
    /// `String`: `TryFrom<&str>`/`From<&str>`, `FromStr`, `AsRef<str>`, `Display`.
    String,
    /// A number or boolean: `Display`.
    Displayed(&'a str),
    /// Anything else (`rt::Blob`, `rt::Timestamp`, a container).
    Other(Ty),
}

/// A newtype's conversions (`TryFrom` when it checks rules, else `From`), the `&str` ones and
/// `AsRef<str>` for a string, `Display` where it applies (never for a secret), and a redacting
/// `Debug` for a secret: one macro call each, the first after an empty line, the others right
/// after it.
pub fn conversions(name: &str, inner: Inner<'_>, checked: bool, sensitive: bool) -> Vec<Item> {
    let inner_ty = match &inner {
        Inner::String => Ty::path("String"),
        Inner::Displayed(t) => Ty::path((*t).to_owned()),
        Inner::Other(t) => t.clone(),
    };
    let from = if checked {
        "rt::impl_try_from"
    } else {
        "rt::impl_from"
    };
    let named = || Expr::atom(name.to_owned());
    let mut items = vec![Item::mac(from, vec![named(), Expr::Ty(inner_ty)])];
    let mut tight = |mac: &'static str, args: Vec<Expr>| items.push(Item::mac(mac, args).tight());
    if matches!(inner, Inner::String) {
        let mut args = vec![named()];
        if checked {
            args.push(Expr::atom("checked"));
        }
        tight("rt::impl_str", args);
    }
    // Unwrapping, comparing with and borrowing the value inside (a secret is not `Deref`).
    let secret = sensitive.then(|| Expr::atom("secret"));
    match &inner {
        Inner::String => {
            let args = [named(), Expr::atom("String"), Expr::atom("str")];
            tight("rt::impl_inner", args.into_iter().chain(secret).collect());
        }
        Inner::Displayed(t) => {
            let args = [named(), Expr::atom((*t).to_owned())];
            tight("rt::impl_inner", args.into_iter().chain(secret).collect());
        }
        Inner::Other(t) if t.to_string() == "rt::Document" => {
            let args = [named(), Expr::Ty(t.clone())];
            tight("rt::impl_inner", args.into_iter().chain(secret).collect());
        }
        Inner::Other(_) => {}
    }
    match inner {
        _ if sensitive => tight("rt::impl_redacted_debug", vec![named()]),
        Inner::String => tight("rt::impl_display", vec![named(), Expr::atom("str")]),
        Inner::Displayed(_) => tight("rt::impl_display", vec![named()]),
        Inner::Other(_) => {}
    }
    items
}

/// The wire impls of a newtype: the value inside, checked when read when the type has rules
/// (`checked` is then `checked <inner type>`, or `counted <inner type>` for a collection whose
/// size is checked before its items are read) and against its schema when `schema` is its
/// check (whose error, for a secret, names the failing keyword but not the value).
pub fn inner_impls(
    name: &str,
    checked: Option<&str>,
    schema: Option<&str>,
    sensitive: bool,
) -> Item {
    // A secret marks what it writes into a value tree, whose `Debug` then redacts it.
    let head = if sensitive {
        format!("secret {name}")
    } else {
        name.to_owned()
    };
    let mut args = vec![Expr::atom(head)];
    args.extend(checked.map(|c| Expr::atom(c.to_owned())));
    let keyword = if sensitive { "secret_schema" } else { "schema" };
    args.extend(schema.map(|schema| Expr::atom(format!("{keyword} {schema}"))));
    Item::mac("rt::impl_newtype_wire", args)
}
