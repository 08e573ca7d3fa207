//! A named array, map or plain reference → a type alias; one that contains itself → a newtype
//! around the container (a type alias cannot be recursive), with its wire impls.
//!
//! Takes: the target [`TypeRef`] with the shape's [`ShapeId`]. Gives: the documented alias, or
//! the documented wrapper newtype and its wire impls (the container inside).

use crate::ir::{Collection, Constraints, ShapeId, TypeRef};
use crate::text::{code_span, wrap};

use super::collection::items_noted;
use super::newtype::inner_impls;
use super::syntax::{Item, ItemKind};
use super::types::{Ctx, DOC_WIDTH, description_lines};

/// `pub type Name = Target;`.
pub fn items(cx: &Ctx<'_>, id: ShapeId, target: &TypeRef) -> Vec<Item> {
    // A plain reference without a description of its own reads as the shape it names.
    let lines = match cx.borrowed_description(cx.ir.shape(id), target) {
        Some(borrowed) => {
            let mut lines = description_lines(Some(borrowed));
            lines.push(String::new());
            let wire = format!("Wire name {}.", code_span(cx.names.schema(id)));
            lines.extend(wrap(&wire, DOC_WIDTH));
            lines
        }
        None => cx.shape_doc(id, "shape", &[], None),
    };
    let alias = ItemKind::TypeAlias(cx.names.ty(id).to_owned(), cx.ty(target));
    vec![Item::new(alias).doc(lines)]
}

/// The newtype around a container that contains itself, and its wire impls: a list or map
/// behaves as the collection (its field private, as every collection newtype's is).
pub fn wrapper(cx: &Ctx<'_>, id: ShapeId, target: &TypeRef) -> Vec<Item> {
    let why = String::from("A newtype rather than a type alias because the shape contains itself.");
    if matches!(target, TypeRef::List(_) | TypeRef::Map(_)) {
        let col = Collection {
            ty: target.clone(),
            constraints: Constraints::default(),
            keys: None,
        };
        return items_noted(cx, id, &col, vec![why]);
    }
    let name = cx.names.ty(id);
    let definition = Item::new(ItemKind::TupleStruct(
        name.to_owned(),
        vec![(true, cx.ty(target))],
    ))
    .doc(cx.shape_doc(id, "shape", &[why], None))
    .attr("derive(Debug, Clone, PartialEq, Default)");
    vec![definition, inner_impls(name, None, None, false)]
}
