//! A named array, map or plain reference → a type alias; one that contains itself → a newtype
//! around the container (a type alias cannot be recursive), with its wire impls.
//!
//! Takes: the target [`TypeRef`] with the shape's [`ShapeId`]. Gives: the documented alias, or
//! the documented wrapper newtype and its wire impls (the container inside).

use crate::ir::{Collection, Constraints, ShapeId, TypeRef};
use crate::text::{code_span, wrap};

use super::newtype::{inner_impls, write_collection_noted};
use super::types::{Ctx, DOC_WIDTH, description_lines};
use super::writer::Writer;

/// Writes `pub type Name = Target;`.
pub fn write(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, target: &TypeRef) {
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
    w.doc(&lines);
    w.line_of(&["pub type ", cx.names.ty(id), " = ", &cx.ty(target), ";"]);
}

/// Writes the newtype around a container that contains itself, and its wire impls: a list or
/// map behaves as the collection (its field private, as every collection newtype's is).
pub fn write_wrapper(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, target: &TypeRef) {
    let why = String::from("A newtype rather than a type alias because the shape contains itself.");
    if matches!(target, TypeRef::List(_) | TypeRef::Map(_)) {
        let col = Collection {
            ty: target.clone(),
            constraints: Constraints::default(),
            keys: None,
        };
        write_collection_noted(w, cx, id, &col, vec![why]);
        return;
    }
    w.doc(&cx.shape_doc(id, "shape", &[why], None));
    w.attr("derive(Debug, Clone, PartialEq, Default)");
    let name = cx.names.ty(id);
    w.line_of(&["pub struct ", name, "(pub ", &cx.ty(target), ");"]);
    w.blank();
    inner_impls(w, name, None, None, false);
}
