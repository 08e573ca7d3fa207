//! **Unions**: a schema that is one `oneOf`/`anyOf` of alternatives, and nothing else that types
//! it, becomes a Rust type that is one of them.
//!
//! Takes: a merged [`View`] with one `oneOf`/`anyOf` group. Gives: a [`Plan`]: `X | null` (one
//! alternative beside `null`-only ones) is `X` where used (nullable there), several alternatives
//! are a [`Union`] with a variant per alternative, told apart by a discriminator member when every
//! alternative requires one with string values of its own (`"action": {"const": "opened"}`),
//! else tried in order (`anyOf`: the first that reads it; `oneOf`: exactly one must). The
//! readers of the alternatives are exact, so the union is: no check against the schema is needed
//! for `oneOf`/`anyOf` then. A `oneOf` whose alternatives also allow `null` beside a `null`
//! alternative, or a group beside keywords the type does not express, stays JSON checked
//! against the schema. Typing each alternative of a union is [`super::convert`]'s, which asks
//! here for the plan and the discriminator.

use super::json_type::JsonType;
use std::collections::HashSet;

use super::classify::Form;
use super::collector::Collector;
use super::view::View;
use super::{R, Resolver};
use crate::ir::{Loc, Primitive, ShapeKind, TypeRef, Union, Variant};

/// How a schema's one `oneOf`/`anyOf` is typed.
pub(super) enum Plan {
    /// One alternative (beside `null`-only ones): its type.
    Single(Loc),
    /// Several: a union.
    Union { one_of: bool, alts: Vec<Loc> },
    /// A list of types (`["string", "integer"]`) with no rules beside it: a union of the kinds.
    Kinds(Vec<TypeRef>),
}

impl Resolver<'_> {
    /// The plan for `view`, when its only typing keywords are one `oneOf`/`anyOf` (and those
    /// are not all string constants: that is one string enum, see `classify`).
    pub(super) fn union_plan(&self, view: &View, cx: &mut Collector) -> R<Option<Plan>> {
        if let Some(kinds) = self.kinds(view) {
            return Ok(Some(Plan::Kinds(kinds)));
        }
        let [group] = view.groups.as_slice() else {
            return Ok(None);
        };
        let others = view.unmodelled.iter().any(|k| k != "oneOf" && k != "anyOf");
        let typed = view.types.is_some()
            || !view.properties.is_empty()
            || !view.required.is_empty()
            || !view.additional.is_empty()
            || !view.items.is_empty()
            || view.tuple
            || view.closed
            || view.enum_values.is_some()
            || view.constraints.checks();
        if others || typed || group.alts.is_empty() {
            return Ok(None);
        }
        let group = group.clone();
        if !matches!(self.classify(view, cx)?, Form::Any) {
            return Ok(None);
        }
        // `oneOf` with a `null` alternative: `null` must match no other alternative.
        if group.one_of && group.null {
            for alt in &group.alts {
                let mut stack = vec![alt.clone()];
                if self.merged_view(alt, &mut stack, cx)?.allows_null() {
                    return Ok(None);
                }
            }
        }
        Ok(Some(match group.alts.as_slice() {
            [one] => Plan::Single(one.clone()),
            alts => Plan::Union {
                one_of: group.one_of,
                alts: alts.to_vec(),
            },
        }))
    }

    /// The kinds of a list of several types with nothing else that types the value or puts a
    /// rule on it (rules are per kind: the value is then JSON checked against the schema), in
    /// an order where `integer` comes before `number` (an integral number is read as one).
    fn kinds(&self, view: &View) -> Option<Vec<TypeRef>> {
        let mut kinds: Vec<JsonType> = view
            .types
            .as_ref()?
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        let alone = view.unmodelled.iter().all(|k| k == "type")
            && view.groups.is_empty()
            && view.properties.is_empty()
            && view.required.is_empty()
            && view.additional.is_empty()
            && view.items.is_empty()
            && !view.tuple
            && !view.closed
            && view.enum_values.is_none()
            && !view.constraints.checks()
            && view.constraints.format.is_none()
            && view.content_encoding.is_none();
        if kinds.len() < 2 || !alone {
            return None;
        }
        // The enum's order: `integer` before `number`.
        kinds.sort();
        kinds.dedup();
        Some(
            kinds
                .into_iter()
                .map(|k| match k {
                    JsonType::Integer => TypeRef::Primitive(Primitive::I64),
                    JsonType::Number => TypeRef::Primitive(Primitive::F64),
                    JsonType::String => TypeRef::Primitive(Primitive::String),
                    JsonType::Boolean => TypeRef::Primitive(Primitive::Bool),
                    JsonType::Object => TypeRef::Map(Box::new(TypeRef::Any)),
                    JsonType::Array | JsonType::Null => TypeRef::List(Box::new(TypeRef::Any)),
                })
                .collect(),
        )
    }

    /// The union of the kinds of a list of types.
    pub(super) fn kinds_union(&self, loc: &Loc, kinds: Vec<TypeRef>) -> ShapeKind {
        ShapeKind::Union(Union {
            variants: kinds
                .into_iter()
                .map(|ty| Variant {
                    ty,
                    loc: loc.child("type"),
                    tags: Vec::new(),
                    boxed: false,
                })
                .collect(),
            one_of: false,
            tag: None,
        })
    }

    /// The member every alternative requires with string values (`const`/`enum`) that no other
    /// alternative has, and each alternative's values; the first such member of the first
    /// alternative's `required`.
    pub(super) fn discriminator(
        &self,
        alts: &[Loc],
        cx: &mut Collector,
    ) -> R<Option<(String, Vec<Vec<String>>)>> {
        let mut views = Vec::with_capacity(alts.len());
        for alt in alts {
            let mut stack = vec![alt.clone()];
            views.push(self.merged_view(alt, &mut stack, cx)?);
        }
        let candidates = views[0].required.clone();
        'candidates: for member in candidates {
            let mut seen: HashSet<String> = HashSet::new();
            let mut all = Vec::with_capacity(views.len());
            for view in &views {
                let Some((_, locs)) = view.properties.iter().find(|(name, _)| *name == member)
                else {
                    continue 'candidates;
                };
                if !view.required.contains(&member) {
                    continue 'candidates;
                }
                let mut values: Option<Vec<String>> = None;
                for loc in locs.clone() {
                    let mut stack = vec![loc.clone()];
                    let member_view = self.merged_view(&loc, &mut stack, cx)?;
                    if let Some(listed) = member_view.enum_values {
                        let strings: Option<Vec<String>> = listed
                            .iter()
                            .map(|(v, _)| v.as_str().map(str::to_owned))
                            .collect();
                        match strings {
                            Some(s) if !s.is_empty() => values = Some(s),
                            _ => continue 'candidates,
                        }
                    }
                }
                let Some(values) = values else {
                    continue 'candidates;
                };
                if values.iter().any(|v| !seen.insert(v.clone())) {
                    continue 'candidates;
                }
                all.push(values);
            }
            return Ok(Some((member, all)));
        }
        Ok(None)
    }
}
