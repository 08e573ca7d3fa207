//! What every shape-kind emitter needs from the IR: the Rust type of a [`TypeRef`] or
//! [`Primitive`] as written in the module being emitted, and the documentation of shapes,
//! members and rules.
//!
//! Takes: the IR, the [`Names`] table and the namespace being emitted ([`Ctx`]). Gives: Rust
//! types ([`Ty`]: `Vec<super::other::Name>`, `rt::IndexMap<String, String>`) and doc comment
//! lines (descriptions converted by [`crate::docs`], wrapped at [`DOC_WIDTH`]).

use crate::docs;
use crate::ir::{
    Constraints, Container, Ir, Member, Origin, Primitive, Shape, ShapeId, ShapeKind, TypeRef,
};
use crate::name::Names;
use crate::text::{code_span, wrap};

use super::syntax::Ty;

/// Doc comment lines are wrapped to this many characters.
pub const DOC_WIDTH: usize = 90;

/// The shape-independent context of an emitter: the IR, the names, and which namespace's module
/// is being written (types of other namespaces are written `super::module::Type`).
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The program.
    pub ir: &'a Ir,
    /// Its names.
    pub names: &'a Names,
    /// The namespace being emitted.
    pub ns: usize,
}

impl Ctx<'_> {
    /// A type as used in a field, an item or a map value.
    pub fn ty(&self, t: &TypeRef) -> Ty {
        match t {
            TypeRef::Named(id) => Ty::path(self.named(*id)),
            TypeRef::Primitive(p) => primitive_ty(*p),
            TypeRef::List(item) => Ty::vec(self.ty(item)),
            TypeRef::Map(value) => Ty::map(self.ty(value)),
            TypeRef::Any => Ty::path("rt::Document"),
            TypeRef::Nullable(t) => Ty::generic("rt::Nullable", vec![self.ty(t)]),
            TypeRef::Loose(t, Container::Object) => Ty::generic("rt::ObjectOr", vec![self.ty(t)]),
            TypeRef::Loose(t, Container::Array) => Ty::generic("rt::ArrayOr", vec![self.ty(t)]),
        }
    }

    /// The path of shape `id` as written in the module being emitted (`super::module::Type`
    /// for another namespace's).
    pub fn named(&self, id: ShapeId) -> String {
        let shape = self.ir.shape(id);
        if shape.namespace == self.ns {
            self.names.ty(id).to_owned()
        } else {
            format!(
                "super::{}::{}",
                self.names.module(shape.namespace),
                self.names.ty(id)
            )
        }
    }

    /// Whether reading a value of type `t` reads no subtree: a primitive other than a JSON
    /// document, an enum, a newtype over one (or an alias or `null` of those).
    pub fn is_flat(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Primitive(p) => *p != Primitive::Json,
            TypeRef::Nullable(t) => self.is_flat(t),
            TypeRef::Named(id) => match &self.ir.shape(*id).kind {
                ShapeKind::Enum(_) => true,
                ShapeKind::Newtype(n) => n.primitive != Primitive::Json,
                ShapeKind::Alias(t) => self.is_flat(t),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a value of type `t` may hold a secret anywhere inside: a secret itself, a member
    /// marked secret, or a shape that holds one (cycles are followed once).
    pub fn holds_secret(&self, t: &TypeRef) -> bool {
        self.holds_secret_in(t, &mut std::collections::HashSet::new())
    }

    fn holds_secret_in(&self, t: &TypeRef, seen: &mut std::collections::HashSet<ShapeId>) -> bool {
        match t {
            TypeRef::Primitive(_) | TypeRef::Any => false,
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Loose(t, _) => {
                self.holds_secret_in(t, seen)
            }
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    return false;
                }
                match &self.ir.shape(*id).kind {
                    ShapeKind::Struct(s) => {
                        s.sensitive
                            || s.members
                                .iter()
                                .any(|m| m.sensitive || self.holds_secret_in(&m.ty, seen))
                    }
                    ShapeKind::Enum(_) => false,
                    ShapeKind::Newtype(n) => n.constraints.sensitive,
                    ShapeKind::Alias(t) | ShapeKind::Wrapper(t) => self.holds_secret_in(t, seen),
                    ShapeKind::Collection(c) => {
                        c.constraints.sensitive || self.holds_secret_in(&c.ty, seen)
                    }
                    ShapeKind::Union(u) => {
                        u.variants.iter().any(|v| self.holds_secret_in(&v.ty, seen))
                    }
                }
            }
        }
    }

    /// Whether a member marked secret has a type that is not a secret itself: its value is then
    /// held as an `rt::Secret`, whose `Debug`, errors and value tree leave it out.
    pub fn held_as_secret(&self, m: &Member) -> bool {
        m.sensitive && !self.is_secret(&m.ty)
    }

    /// Whether every value of type `t` is a secret as a whole (a secret newtype, structure or
    /// collection, or a list, map or union of those), so that nothing of it shows in its `Debug`
    /// or errors. A type that only holds a secret somewhere is not.
    pub fn is_secret(&self, t: &TypeRef) -> bool {
        self.is_secret_in(t, &mut std::collections::HashSet::new())
    }

    fn is_secret_in(&self, t: &TypeRef, seen: &mut std::collections::HashSet<ShapeId>) -> bool {
        match t {
            TypeRef::Primitive(_) | TypeRef::Any => false,
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Loose(t, _) => {
                self.is_secret_in(t, seen)
            }
            TypeRef::Named(id) => {
                // A cycle back to a shape being looked at adds nothing either way.
                if !seen.insert(*id) {
                    return true;
                }
                match &self.ir.shape(*id).kind {
                    ShapeKind::Struct(s) => s.sensitive,
                    ShapeKind::Enum(_) => false,
                    ShapeKind::Newtype(n) => n.constraints.sensitive,
                    ShapeKind::Collection(c) => {
                        c.constraints.sensitive || self.is_secret_in(&c.ty, seen)
                    }
                    ShapeKind::Alias(t) | ShapeKind::Wrapper(t) => self.is_secret_in(t, seen),
                    ShapeKind::Union(u) => {
                        u.variants.iter().all(|v| self.is_secret_in(&v.ty, seen))
                    }
                }
            }
        }
    }

    /// A member's value type: its type, as an `rt::Secret` when [`held_as_secret`](Self::held_as_secret).
    pub fn member_value_type(&self, m: &Member) -> Ty {
        let t = self.ty(&m.ty);
        if self.held_as_secret(m) {
            Ty::generic("rt::Secret", vec![t])
        } else {
            t
        }
    }

    /// The item (or map value) type of a collection: as an `rt::Secret` when the collection is
    /// a secret and the item type is not.
    pub fn item_type(&self, item: &TypeRef, secret: bool) -> Ty {
        let t = self.ty(item);
        if secret && !self.is_secret(item) {
            Ty::generic("rt::Secret", vec![t])
        } else {
            t
        }
    }

    /// A member's field type: `Option` when not required, `Box` when boxed.
    pub fn member_type(&self, m: &Member) -> Ty {
        let t = self.slot_type(m);
        if m.required { t } else { Ty::option(t) }
    }

    /// What a member's value is read as (boxed where the struct boxes it), present or not.
    pub fn slot_type(&self, m: &Member) -> Ty {
        let t = self.member_value_type(m);
        if m.boxed { Ty::boxed(t) } else { t }
    }

    /// A shape's doc: its description (or a sentence naming it), the `extra` paragraphs and the
    /// generator's notes, then one line with its wire name and the rules its schema puts on the
    /// value.
    pub fn shape_doc(
        &self,
        id: ShapeId,
        what: &str,
        extra: &[String],
        rules: Option<&Constraints>,
    ) -> Vec<String> {
        let shape = self.ir.shape(id);
        let schema_name = self.names.schema(id);
        let mut lines = description_lines(shape.description.as_deref());
        if lines.is_empty() {
            lines.push(format!("The {} {what}.", code_span(schema_name)));
        }
        let checked = shape.check.as_ref().map(|check| {
            let keywords: Vec<String> = check.keywords.iter().map(|k| code_span(k)).collect();
            let built = if self.schema_checked_on_new(id) {
                "`new` checks a value built in code the same way"
            } else {
                "a value built in code is not checked against the schema"
            };
            format!(
                "The schema says more than this type can ({}): a value read is also checked \
                 against the schema as a whole, by the `jsonschema` crate; {built}.",
                keywords.join(", ")
            )
        });
        for e in extra.iter().chain(&shape.notes).chain(checked.iter()) {
            lines.push(String::new());
            lines.extend(wrap(e, DOC_WIDTH));
        }
        let mut summary = match shape.origin {
            Origin::Inline { .. } => String::from("Defined inline in its parent's schema"),
            Origin::Document(_) | Origin::Definition(_) => {
                format!("Wire name {}", code_span(schema_name))
            }
        };
        let rules = rules.map(constraint_parts).unwrap_or_default();
        if !rules.is_empty() {
            summary.push_str("; ");
            summary.push_str(&rules.join("; "));
        }
        summary.push('.');
        lines.push(String::new());
        lines.extend(wrap(&summary, DOC_WIDTH));
        lines
    }

    /// Whether the shape's check against its schema runs in `new` too (a primitive newtype, whose
    /// value is turned into JSON for it), not only when a value is read.
    pub fn schema_checked_on_new(&self, id: ShapeId) -> bool {
        let shape = self.ir.shape(id);
        shape.check.is_some()
            && matches!(
                &shape.kind,
                ShapeKind::Newtype(n) if !matches!(n.primitive, Primitive::Timestamp | Primitive::Blob)
            )
    }

    /// The path of the shape's check against its schema (an expression), if it has one.
    pub fn schema_check(&self, id: ShapeId) -> Option<String> {
        let check = self.ir.shape(id).check.as_ref()?;
        Some(format!("crate::schemas::CHECKS[{}]", check.index))
    }

    /// A member's doc: its own description, else the referenced shape's, else a sentence.
    pub fn member_doc(&self, m: &Member) -> Vec<String> {
        let own = description_lines(m.description.as_deref());
        if !own.is_empty() {
            return own;
        }
        if let TypeRef::Named(id) = &m.ty {
            let lines = description_lines(self.ir.shape(*id).description.as_deref());
            if !lines.is_empty() {
                return lines;
            }
        }
        wrap(
            &format!("The {} member.", code_span(&m.wire_name)),
            DOC_WIDTH,
        )
    }

    /// The description a plain reference without one of its own borrows from the shape it
    /// names.
    pub fn borrowed_description<'s>(&'s self, shape: &Shape, target: &TypeRef) -> Option<&'s str> {
        match target {
            TypeRef::Named(id) if shape.description.is_none() && shape.notes.is_empty() => {
                self.ir.shape(*id).description.as_deref()
            }
            _ => None,
        }
    }
}

/// A primitive's Rust type.
pub fn primitive_ty(p: Primitive) -> Ty {
    Ty::path(primitive(p))
}

/// A primitive's Rust type, as its path.
pub fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::F64 => "f64",
        Primitive::Bool => "bool",
        Primitive::Timestamp => "rt::Timestamp",
        Primitive::Blob => "rt::Blob",
        Primitive::Json => "rt::Document",
    }
}

/// Markdown lines of a description, or nothing. Converting is memoized per thread: vendor
/// corpora repeat descriptions (and a member without its own reads its shape's).
pub fn description_lines(description: Option<&str>) -> Vec<String> {
    thread_local! {
        static CONVERTED: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
            std::cell::RefCell::default();
    }
    let Some(d) = description else {
        return Vec::new();
    };
    CONVERTED.with(|cache| {
        if let Some(lines) = cache.borrow().get(d) {
            return lines.clone();
        }
        let mut lines = docs::to_rustdoc(d, DOC_WIDTH);
        // A description of whitespace alone (a line separator, say) documents nothing: the
        // item gets the sentence it would have without one (an empty doc is a clippy warning).
        if lines.iter().all(|l| l.trim().is_empty()) {
            lines.clear();
        }
        cache.borrow_mut().insert(d.to_owned(), lines.clone());
        lines
    })
}

/// The rules a schema puts on a value, as phrases for its documentation.
fn constraint_parts(c: &Constraints) -> Vec<String> {
    let mut parts = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => parts.push(format!("length {a} to {b} characters")),
        (Some(a), None) => parts.push(format!("at least {a} characters")),
        (None, Some(b)) => parts.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    for p in &c.patterns {
        // Look-around or back-references: matched within a step limit (`rt::pattern`).
        let bounded = schema_runtime::pattern::translate(p).is_ok_and(|t| t.bounded);
        let limit = if bounded {
            " (matched by a backtracking engine within a step limit: a value that needs more is \
             rejected)"
        } else {
            ""
        };
        parts.push(format!("pattern {}{limit}", code_span(p)));
    }
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    match (c.minimum, c.maximum) {
        (Some(a), Some(b)) => parts.push(format!("from {} to {}", num(a), num(b))),
        (Some(a), None) => parts.push(format!("at least {}", num(a))),
        (None, Some(b)) => parts.push(format!("at most {}", num(b))),
        (None, None) => {}
    }
    if let Some(v) = c.exclusive_minimum {
        parts.push(format!("greater than {}", num(v)));
    }
    if let Some(v) = c.exclusive_maximum {
        parts.push(format!("less than {}", num(v)));
    }
    if let Some(v) = c.multiple_of {
        parts.push(format!("a multiple of {}", num(v)));
    }
    if let Some(f) = &c.format {
        parts.push(format!("format {}", code_span(f)));
    }
    if c.sensitive {
        parts.push(String::from("sensitive"));
    }
    parts
}
