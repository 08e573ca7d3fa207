//! A string enum shape → an enum with an `Unknown` catch-all, and all of its impls.
//!
//! Takes: an [`Enum`] with its [`ShapeId`] (its variants are `names.variants(id)`, in value
//! order). Gives: the documented enum, `VALUES`, `as_str` and `From<&str>`; the runtime's
//! `impl_enum!` adds `FromStr`, `AsRef<str>`, `Display` and the wire impls (the value as a
//! string).

use crate::ir::{Enum, ShapeId};

use super::types::Ctx;
use super::writer::{WIDTH, Writer, lit};

/// Writes the enum `id` and its impls.
pub fn write(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, e: &Enum) {
    let name = cx.names.ty(id);
    // (variant, wire value)
    let values: Vec<(&str, &str)> = cx
        .names
        .variants(id)
        .iter()
        .zip(&e.values)
        .map(|(variant, v)| (variant.as_str(), v.wire.as_str()))
        .collect();
    w.doc(&cx.shape_doc(id, "enum", &[], None));
    w.attr("derive(Debug, Clone, PartialEq, Eq, Hash)");
    // A value added to the schema later is a new variant: matches need a wildcard arm.
    w.attr("non_exhaustive");
    w.open(&format!("pub enum {name}"));
    for (variant, wire) in &values {
        w.doc(&[format!("`{}`", wire.replace('`', "'"))]);
        w.line_of(&[variant, ","]);
    }
    if e.open {
        w.line("/// A value the schema did not list, kept as it was received.");
    } else {
        w.line("/// A value the schema does not list: only `From<&str>` makes one (reading JSON");
        w.line("/// rejects such a value, as the schema does).");
    }
    w.line("Unknown(rt::UnknownValue),");
    w.close("");
    w.blank();
    inherent(w, name, &values);
    w.blank();
    from_str(w, name, &values);
    w.blank();
    let strict = if e.open { "" } else { ", strict" };
    match cx.schema_check(id) {
        Some(schema) => w.line_of(&["rt::impl_enum!(", name, strict, ", schema ", &schema, ");"]),
        None => w.line_of(&["rt::impl_enum!(", name, strict, ");"]),
    }
}

/// `VALUES` and `as_str`.
fn inherent(w: &mut Writer, name: &str, values: &[(&str, &str)]) {
    w.open(&format!("impl {name}"));
    w.line("/// The values the schema lists, in schema order.");
    let wires: Vec<String> = values.iter().map(|(_, v)| lit(v)).collect();
    let head = "pub const VALUES: &'static [&'static str] = &[";
    let one = format!("{head}{}];", wires.join(", "));
    if 4 + one.chars().count() <= WIDTH {
        w.line(&one);
    } else {
        w.line(head);
        for v in &wires {
            w.line_of(&["    ", v, ","]);
        }
        w.line("];");
    }
    w.blank();
    w.line("/// The value as it appears on the wire.");
    w.open("pub fn as_str(&self) -> &str");
    w.open("match self");
    for (variant, wire) in values {
        w.line_of(&["Self::", variant, " => ", &lit(wire), ","]);
    }
    w.line("Self::Unknown(value) => value.as_str(),");
    w.close("");
    w.close("");
    w.blank();
    w.line(
        "/// The variant of a value the schema lists; an error for any other (`From<&str>` keeps",
    );
    w.line("/// it as `Unknown`).");
    w.open("pub fn parse_listed(value: &str) -> Result<Self, rt::ValidationError>");
    if values.is_empty() {
        // The schema lists nothing: no value is listed.
        w.line_of(&["Err(rt::unlisted(", &lit(name), ", value))"]);
    } else {
        w.open("match Self::from(value)");
        w.line_of(&[
            "Self::Unknown(_) => Err(rt::unlisted(",
            &lit(name),
            ", value)),",
        ]);
        w.line("listed => Ok(listed),");
        w.close("");
    }
    w.close("");
    w.close("");
}

/// `From<&str>`: a listed value is its variant, any other is kept in `Unknown`.
fn from_str(w: &mut Writer, name: &str, values: &[(&str, &str)]) {
    w.open(&format!("impl From<&str> for {name}"));
    w.open("fn from(value: &str) -> Self");
    if values.is_empty() {
        // Only `Unknown`: no `match` with a lone arm.
        w.line("Self::Unknown(rt::UnknownValue::new_unchecked(value))");
    } else {
        w.open("match value");
        for (variant, wire) in values {
            w.line_of(&[&lit(wire), " => Self::", variant, ","]);
        }
        w.line("other => Self::Unknown(rt::UnknownValue::new_unchecked(other)),");
        w.close("");
    }
    w.close("");
    w.close("");
}
