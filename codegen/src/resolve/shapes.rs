//! **The shape registry**: the shapes found so far, and what is known of each.
//!
//! Takes: the locations that are shapes (document roots and definitions up front, inline schemas
//! that need a type of their own as conversion finds them). Gives: each one's [`ShapeId`] (in
//! registration order) and [`Head`] (namespace, location, origin, and the documentation and
//! schema check conversion finds), the shape at a location, the other `allOf` parts merged into
//! a member's schema, and how each shape is typed where it is used (worked out once, asked at
//! every use).

use std::collections::HashMap;

use crate::diag::{escape_segment, pointer_segments};
use crate::ir::{Container, Loc, Origin, SchemaCheck, ShapeId};

/// A shape registered while resolving: everything but its kind, which is known once it is
/// converted.
pub(super) struct Head {
    pub(super) namespace: usize,
    pub(super) loc: Loc,
    pub(super) origin: Origin,
    pub(super) description: Option<String>,
    pub(super) notes: Vec<String>,
    pub(super) check: Option<SchemaCheck>,
}

/// How a named shape is typed where it is used: whether its schema also allows `null`, and the
/// kind of value it types without `type` (other kinds being valid too).
pub(super) type Use = (bool, Option<Container>);

/// The shapes registered so far, by [`ShapeId`] and by location.
#[derive(Default)]
pub(super) struct Shapes {
    /// By [`ShapeId`].
    heads: Vec<Head>,
    /// Locations that are shapes.
    at: HashMap<Loc, ShapeId>,
    /// A member's place → the other `allOf` parts that type the same member, merged into its
    /// view (see `convert::merged_member`).
    extra_parts: HashMap<Loc, Vec<Loc>>,
    /// Per shape: how it is typed where it is used, once worked out.
    uses: HashMap<ShapeId, Use>,
}

impl Shapes {
    /// How many shapes there are.
    pub(super) fn len(&self) -> usize {
        self.heads.len()
    }

    /// Registers the shape at `loc` (of namespace `namespace`): its id, the next one.
    pub(super) fn register(&mut self, namespace: usize, loc: Loc, origin: Origin) -> ShapeId {
        let id = ShapeId(self.heads.len());
        self.heads.push(Head {
            namespace,
            loc: loc.clone(),
            origin,
            description: None,
            notes: Vec::new(),
            check: None,
        });
        self.at.insert(loc, id);
        id
    }

    /// The shape at `loc`, when there is one.
    pub(super) fn at(&self, loc: &Loc) -> Option<ShapeId> {
        self.at.get(loc).copied()
    }

    /// The nearest shape that encloses `loc` in its document (`loc` itself excluded).
    pub(super) fn enclosing(&self, loc: &Loc) -> Option<ShapeId> {
        let segments = pointer_segments(&loc.ptr);
        (0..segments.len()).rev().find_map(|cut| {
            let prefix = Loc {
                doc: loc.doc,
                ptr: segments[..cut]
                    .iter()
                    .map(|s| format!("/{}", escape_segment(s)))
                    .collect(),
            };
            self.at(&prefix)
        })
    }

    pub(super) fn head(&self, id: ShapeId) -> &Head {
        &self.heads[id.0]
    }

    pub(super) fn head_mut(&mut self, id: ShapeId) -> &mut Head {
        &mut self.heads[id.0]
    }

    /// Every shape's head, in id order.
    pub(super) fn heads_mut(&mut self) -> impl Iterator<Item = &mut Head> {
        self.heads.iter_mut()
    }

    /// The heads, taken out once every shape is converted (the rest of the registry stays).
    pub(super) fn take_heads(&mut self) -> Vec<Head> {
        std::mem::take(&mut self.heads)
    }

    /// The other `allOf` parts merged into the schema at `loc` (none, mostly).
    pub(super) fn extra_parts(&self, loc: &Loc) -> &[Loc] {
        self.extra_parts.get(loc).map_or(&[], Vec::as_slice)
    }

    /// Whether the schema at `loc` has other `allOf` parts merged into it.
    pub(super) fn has_extra_parts(&self, loc: &Loc) -> bool {
        self.extra_parts.contains_key(loc)
    }

    /// Merges `others` into the schema at `loc`, the place of shape `id`, whose use is then
    /// worked out again.
    pub(super) fn set_extra_parts(&mut self, id: ShapeId, loc: Loc, others: Vec<Loc>) {
        self.extra_parts.insert(loc, others);
        self.uses.remove(&id);
    }

    /// How shape `id` is typed where it is used, once worked out.
    pub(super) fn use_of(&self, id: ShapeId) -> Option<Use> {
        self.uses.get(&id).copied()
    }

    pub(super) fn set_use(&mut self, id: ShapeId, known: Use) {
        self.uses.insert(id, known);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: usize, ptr: &str) -> Loc {
        Loc {
            doc,
            ptr: ptr.to_owned(),
        }
    }

    #[test]
    fn shapes_are_found_by_place_and_enclose_what_is_below_them() {
        let mut shapes = Shapes::default();
        let root = shapes.register(0, Loc::root(0), Origin::Document(String::from("A")));
        let def = shapes.register(
            0,
            at(0, "/$defs/B~1C"),
            Origin::Definition(String::from("B/C")),
        );
        assert_eq!((root, def), (ShapeId(0), ShapeId(1)));
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes.at(&at(0, "/$defs/B~1C")), Some(def));
        assert_eq!(shapes.at(&at(1, "")), None);
        // The nearest registered prefix, escapes kept; never the place itself.
        assert_eq!(
            shapes.enclosing(&at(0, "/$defs/B~1C/properties/x")),
            Some(def)
        );
        assert_eq!(shapes.enclosing(&at(0, "/$defs/B~1C")), Some(root));
        assert_eq!(shapes.enclosing(&at(0, "/properties/x")), Some(root));
        assert_eq!(shapes.enclosing(&at(1, "/properties/x")), None);
        assert_eq!(shapes.head(def).loc, at(0, "/$defs/B~1C"));
    }

    #[test]
    fn merging_parts_forgets_the_use() {
        let mut shapes = Shapes::default();
        let member = at(0, "/allOf/1/properties/x");
        let id = shapes.register(0, member.clone(), Origin::Inline { parent: ShapeId(0) });
        shapes.set_use(id, (true, None));
        assert_eq!(shapes.use_of(id), Some((true, None)));
        assert!(shapes.extra_parts(&member).is_empty());
        assert!(!shapes.has_extra_parts(&member));
        let other = at(0, "/allOf/0/properties/x");
        shapes.set_extra_parts(id, member.clone(), vec![other.clone()]);
        assert_eq!(shapes.extra_parts(&member), [other]);
        assert!(shapes.has_extra_parts(&member));
        assert_eq!(shapes.use_of(id), None);
        assert_eq!(shapes.take_heads().len(), 1);
        assert_eq!(shapes.at(&member), Some(id), "the places stay");
    }
}
