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

use super::types::Ctx;
use super::writer::{Writer, lit};

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

/// Writes the union `id` and its impls.
pub fn write(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, u: &Union) {
    let name = cx.names.ty(id);
    let variants: Vec<(&str, String)> = cx
        .names
        .variants(id)
        .iter()
        .zip(&u.variants)
        .map(|(variant, v)| {
            let ty = cx.ty(&v.ty);
            let ty = if v.boxed { format!("Box<{ty}>") } else { ty };
            (variant.as_str(), ty)
        })
        .collect();
    declaration(w, cx, id, u, &variants);
    from_impls(w, cx, name, u, &variants);
    reader(w, cx, id, u, &variants);
    writers(w, name, &variants);
}

/// The enum, with a doc saying how an alternative is chosen.
fn declaration(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, u: &Union, variants: &[(&str, String)]) {
    let name = cx.names.ty(id);
    let how = match (&u.tag, u.one_of) {
        (Some(tag), _) => format!(
            "The alternative is the one whose {} member has the value read.",
            crate::text::code_span(tag)
        ),
        (None, true) => String::from(
            "A value is read as the one alternative that reads it (`oneOf`: a value that more \
             than one alternative reads is rejected).",
        ),
        (None, false) => String::from(
            "A value is read as the first alternative, in schema order, that reads it (`anyOf`).",
        ),
    };
    w.doc(&cx.shape_doc(id, "union", &[how], None));
    w.attr("derive(Debug, Clone, PartialEq)");
    // The alternatives are held by value, as their own types are: boxing the large ones would
    // cost an allocation per value read for a size that only matters in large collections.
    if u.variants
        .iter()
        .any(|v| matches!(v.ty, TypeRef::Named(_)) && !v.boxed)
    {
        w.attr("allow(clippy::large_enum_variant)");
    }
    w.open(&format!("pub enum {name}"));
    for ((variant, ty), v) in variants.iter().zip(&u.variants) {
        let doc = match (&u.tag, v.tags.as_slice()) {
            (Some(tag), values) if !values.is_empty() => {
                let values: Vec<String> =
                    values.iter().map(|t| crate::text::code_span(t)).collect();
                format!(
                    "The alternative whose {} is {}.",
                    crate::text::code_span(tag),
                    values.join(" or ")
                )
            }
            _ => format!("The alternative that is a {}.", crate::text::code_span(ty)),
        };
        w.doc(&crate::text::wrap(&doc, super::types::DOC_WIDTH));
        w.line_of(&[variant, "(", ty, "),"]);
    }
    w.close("");
    w.blank();
}

/// `From` each alternative's type, when it names one variant only.
fn from_impls(w: &mut Writer, cx: &Ctx<'_>, name: &str, u: &Union, variants: &[(&str, String)]) {
    // `From` each alternative's type, when it names one variant only: types compared with
    // their aliases expanded (`rt::ArrayOr<Shared>` is `rt::ArrayOr<Vec<i64>>` when
    // `type Shared = Vec<i64>`).
    let keys: Vec<(TypeRef, bool)> = u
        .variants
        .iter()
        .map(|v| (expanded(cx, &v.ty), v.boxed))
        .collect();
    let mut seen = HashSet::new();
    let duplicated: HashSet<&(TypeRef, bool)> = keys.iter().filter(|k| !seen.insert(*k)).collect();
    for ((variant, ty), key) in variants.iter().zip(&keys) {
        if duplicated.contains(key) {
            continue;
        }
        w.open(&format!("impl From<{ty}> for {name}"));
        w.open(&format!("fn from(value: {ty}) -> Self"));
        w.line_of(&["Self::", variant, "(value)"]);
        w.close("");
        w.close("");
        w.blank();
    }
}

/// `FromJson`: by the tag's value, or the alternatives tried in turn.
fn reader(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, u: &Union, variants: &[(&str, String)]) {
    let name = cx.names.ty(id);
    // Reading.
    w.open(&format!("impl rt::FromJson for {name}"));
    // Each type once: two alternatives of one type would make `x || x` (clippy's `eq_op`).
    let mut seen = HashSet::new();
    let nullable: Vec<String> = variants
        .iter()
        .filter(|(_, ty)| seen.insert(ty.as_str()))
        .map(|(_, ty)| format!("<{ty} as rt::FromJson>::NULLABLE"))
        .collect();
    w.line_of(&["const NULLABLE: bool = ", &nullable.join(" || "), ";"]);
    w.blank();
    w.open(
        "fn from_json(json: &rt::Document, at: &rt::JsonPath<'_>) -> Result<Self, rt::ReadError>",
    );
    if let Some(schema) = cx.schema_check(id) {
        let read = if cx.holds_secret(&TypeRef::Named(id)) {
            ".read_secret(json, at)?;"
        } else {
            ".read(json, at)?;"
        };
        w.line_of(&[&schema, read]);
    }
    match &u.tag {
        Some(tag) => {
            w.open(&format!("match rt::tag(json, {}, at)?", lit(tag)));
            for ((variant, _), v) in variants.iter().zip(&u.variants) {
                let pattern: Vec<String> = v.tags.iter().map(|t| lit(t)).collect();
                w.line_of(&[
                    &pattern.join(" | "),
                    " => rt::FromJson::from_json(json, at).map(Self::",
                    variant,
                    "),",
                ]);
            }
            w.line_of(&["other => Err(rt::unknown_tag(", &lit(tag), ", other, at)),"]);
            w.close("");
        }
        None => {
            w.line_of(&["const READERS: &[rt::Reader<", name, ">] = &["]);
            w.indent();
            for (variant, _) in variants {
                w.line_of(&[
                    "|json, at| rt::FromJson::from_json(json, at).map(",
                    name,
                    "::",
                    variant,
                    "),",
                ]);
            }
            w.dedent();
            w.line("];");
            let names: Vec<String> = variants.iter().map(|(v, _)| lit(v)).collect();
            let reader = if u.one_of { "rt::one_of" } else { "rt::any_of" };
            w.call(&format!("{reader}(json, at, READERS, &["), &names, "])");
        }
    }
    w.close("");
    w.close("");
    w.blank();
}

/// `ToValue`, `Serialize` (the alternative's own) and `Deserialize`.
fn writers(w: &mut Writer, name: &str, variants: &[(&str, String)]) {
    // Writing.
    w.open(&format!("impl rt::ToValue for {name}"));
    w.open("fn write_value<'a>(&'a self, out: &mut rt::ValueBuilder<'a>)");
    w.open("match self");
    for (variant, _) in variants {
        w.line_of(&[
            "Self::",
            variant,
            "(value) => rt::ToValue::write_value(value, out),",
        ]);
    }
    w.close("");
    w.close("");
    w.close("");
    w.blank();
    w.open(&format!("impl rt::serde::Serialize for {name}"));
    w.open(
        "fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>",
    );
    w.open("match self");
    for (variant, _) in variants {
        w.line_of(&[
            "Self::",
            variant,
            "(value) => rt::serde::Serialize::serialize(value, serializer),",
        ]);
    }
    w.close("");
    w.close("");
    w.close("");
    w.blank();
    w.line_of(&["rt::impl_deserialize!(", name, ");"]);
}
