//! A string enum shape → an enum with an `Unknown` catch-all, and all of its impls.
//!
//! Takes: an [`Enum`] with its [`ShapeId`] (its variants are `names.variants(id)`, in value
//! order). Gives: the documented enum, `VALUES`, `as_str`, `parse_listed` and `From<&str>`; the
//! runtime's `impl_enum!` adds `FromStr`, `AsRef<str>`, `Display` and the wire impls (the value
//! as a string).

use crate::ir::{Enum, ShapeId};

use super::syntax::tree::Variant;
use super::syntax::{Arm, Expr, Fn, Item, ItemKind, Param, Stmt, Ty, lit};
use super::types::Ctx;

/// The enum `id` and its impls.
pub fn items(cx: &Ctx<'_>, id: ShapeId, e: &Enum) -> Vec<Item> {
    let name = cx.names.ty(id);
    // (variant, wire value)
    let values: Vec<(&str, &str)> = cx
        .names
        .variants(id)
        .iter()
        .zip(&e.values)
        .map(|(variant, v)| (variant.as_str(), v.wire.as_str()))
        .collect();
    let mut variants: Vec<Variant> = values
        .iter()
        .map(|(variant, wire)| Variant {
            doc: vec![format!("`{}`", wire.replace('`', "'"))],
            name: (*variant).to_owned(),
            ty: None,
        })
        .collect();
    let unknown_doc = if e.open {
        vec![String::from(
            "A value the schema did not list, kept as it was received.",
        )]
    } else {
        vec![
            String::from(
                "A value the schema does not list: only `From<&str>` makes one (reading JSON",
            ),
            String::from("rejects such a value, as the schema does)."),
        ]
    };
    variants.push(Variant {
        doc: unknown_doc,
        name: String::from("Unknown"),
        ty: Some(Ty::path("rt::UnknownValue")),
    });
    let definition = Item::new(ItemKind::Enum(name.to_owned(), variants))
        .doc(cx.shape_doc(id, "enum", &[], None))
        .attr("derive(Debug, Clone, PartialEq, Eq, Hash)")
        // A value added to the schema later is a new variant: matches need a wildcard arm.
        .attr("non_exhaustive");
    let mut args = vec![Expr::atom(name.to_owned())];
    if !e.open {
        args.push(Expr::atom("strict"));
    }
    if let Some(schema) = cx.schema_check(id) {
        args.push(Expr::atom(format!("schema {schema}")));
    }
    vec![
        definition,
        inherent(name, &values),
        from_str(name, &values),
        Item::mac("rt::impl_enum", args),
    ]
}

/// `VALUES`, `as_str` and `parse_listed`.
fn inherent(name: &str, values: &[(&str, &str)]) -> Item {
    let wires = values.iter().map(|(_, v)| Expr::atom(lit(v))).collect();
    let static_str = Ty::Ref(Some("'static"), Box::new(Ty::path("str")));
    let all = Item::new(ItemKind::Const(super::syntax::tree::Const {
        public: true,
        is_static: false,
        name: String::from("VALUES"),
        ty: Ty::Ref(Some("'static"), Box::new(Ty::Slice(Box::new(static_str)))),
        value: Expr::slice(wires),
    }))
    .doc_line("The values the schema lists, in schema order.");
    let mut arms: Vec<super::syntax::Arm> = values
        .iter()
        .map(|(variant, wire)| Arm::new(format!("Self::{variant}"), Expr::atom(lit(wire))))
        .collect();
    arms.push(Arm::new(
        "Self::Unknown(value)",
        Expr::atom("value").method("as_str", vec![]),
    ));
    let as_str = Fn::new(
        "as_str",
        vec![Param::receiver("&self")],
        Some(Ty::path("&str")),
        vec![Stmt::Tail(Expr::matching(Expr::atom("self"), arms))],
    )
    .public()
    .item()
    .doc_line("The value as it appears on the wire.");
    let unlisted = Expr::call(
        "rt::unlisted",
        vec![Expr::atom(lit(name)), Expr::atom("value")],
    );
    let unlisted = Expr::call("Err", vec![unlisted]);
    let body = if values.is_empty() {
        // The schema lists nothing: no value is listed.
        unlisted
    } else {
        let arms = vec![
            Arm::new("Self::Unknown(_)", unlisted),
            Arm::new("listed", Expr::call("Ok", vec![Expr::atom("listed")])),
        ];
        Expr::matching(Expr::call("Self::from", vec![Expr::atom("value")]), arms)
    };
    let parse = Fn::new(
        "parse_listed",
        vec![Param::new("value", Ty::path("&str"))],
        Some(Ty::result(
            Ty::path("Self"),
            Ty::path("rt::ValidationError"),
        )),
        vec![Stmt::Tail(body)],
    )
    .public()
    .item()
    .doc(vec![
        String::from(
            "The variant of a value the schema lists; an error for any other (`From<&str>` keeps",
        ),
        String::from("it as `Unknown`)."),
    ]);
    Item::inherent(Ty::path(name.to_owned()), vec![all, as_str, parse])
}

/// `From<&str>`: a listed value is its variant, any other is kept in `Unknown`.
fn from_str(name: &str, values: &[(&str, &str)]) -> Item {
    let unknown = |v: &'static str| {
        let value = Expr::call("rt::UnknownValue::new_unchecked", vec![Expr::atom(v)]);
        Expr::call("Self::Unknown", vec![value])
    };
    let body = if values.is_empty() {
        // Only `Unknown`: no `match` with a lone arm.
        unknown("value")
    } else {
        let mut arms: Vec<Arm> = values
            .iter()
            .map(|(variant, wire)| Arm::new(lit(wire), Expr::atom(format!("Self::{variant}"))))
            .collect();
        arms.push(Arm::new("other", unknown("other")));
        Expr::matching(Expr::atom("value"), arms)
    };
    let from = Fn::new(
        "from",
        vec![Param::new("value", Ty::path("&str"))],
        Some(Ty::path("Self")),
        vec![Stmt::Tail(body)],
    );
    Item::trait_impl(
        Ty::generic("From", vec![Ty::path("&str")]),
        Ty::path(name.to_owned()),
        vec![from.item()],
    )
}
