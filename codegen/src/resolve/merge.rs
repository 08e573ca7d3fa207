//! **`allOf` and `$ref` siblings merged**: several schemas that constrain one value, combined.
//!
//! Takes: a location. Gives: the [`View`] of everything that applies there: the schema's own
//! keywords, its `$ref` target's (from 2019-09 on, keywords beside a `$ref` apply together; in
//! draft-07 and older the `$ref` replaces them) and its `allOf` parts'. Merging is per facet:
//! - types are intersected (`integer` ∩ `number` is `integer`);
//! - object members are united in order, each keeping every schema that constrains it, and
//!   `required` is united;
//! - array `items` schemas are collected (the member's type is the one they agree on);
//! - `enum` lists are intersected;
//! - numeric, length, item-count and property-count bounds are tightened ([`tighter`]);
//!   patterns accumulate; formats must agree.
//!
//! What cannot be merged (two types with nothing in common, enums with no value in common,
//! two formats) is an error naming both places.
//!
//! A map's `propertyNames` is settled here too: its keys are checked as that schema when its
//! merged view is a plain string ([`View::key_names`]), else by the schema check.

use super::json_type::JsonType;
use serde_json::Value;

use super::collector::Collector;
use super::view::{View, key_names_candidate};
use super::{R, Resolver};
use crate::diag::Diagnostic;
use crate::ir::{Constraints, Loc};

/// The kind of a merge that contradicts itself.
pub(super) const CONTRADICTION: &str = "allOf contradiction";

impl Resolver<'_> {
    /// The schema's own keywords combined with its `$ref` target's and its `allOf` parts'.
    pub(super) fn merged_view(
        &self,
        loc: &Loc,
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<View> {
        let mut view = self.combined_view(loc, stack, cx)?;
        // Once the whole schema is known: rules for other kinds beside a kindless container.
        view.mark_other_kind_rules();
        view.mark_structured_enum();
        Ok(view)
    }

    /// [`merged_view`](Self::merged_view) of a part (a `$ref` target, an `allOf` part): what it
    /// says, before the whole it is part of is known.
    fn combined_view(&self, loc: &Loc, stack: &mut Vec<Loc>, cx: &mut Collector) -> R<View> {
        let mut view = self.own_merged_view(loc, stack, cx)?;
        // The other `allOf` parts that type the same member (see `merged_member`).
        for part in self.shapes.extra_parts(loc) {
            let other = self.own_merged_view(part, stack, cx)?;
            self.merge(&mut view, other)?;
        }
        Ok(view)
    }

    /// [`merged_view`](Self::merged_view) without the parts merged in by `merged_member`.
    fn own_merged_view(&self, loc: &Loc, stack: &mut Vec<Loc>, cx: &mut Collector) -> R<View> {
        let Some(obj) = self.schema(loc)? else {
            return Ok(View::empty(loc.clone()));
        };
        if self.index.ref_alone[loc.doc]
            && let Some(r) = obj.get("$ref")
        {
            // draft-07 and older: the reference stands for the whole schema.
            let target = self.resolve_ref(loc, r, cx)?;
            self.follow(stack, loc, &target)?;
            let view = self.combined_view(&target, stack, cx);
            stack.pop();
            return view;
        }
        let mut view = self.own_view(loc, obj, cx)?;
        if let Some(names) = key_names_candidate(&view, loc, obj)
            && self.is_plain_string(&names, cx)?
        {
            view.unmodelled.retain(|k| k != "propertyNames");
            view.key_names = Some(names);
        }
        self.read_alternatives(&mut view, loc, obj)?;
        if let Some(r) = obj.get("$ref") {
            let target = self.resolve_ref(loc, r, cx)?;
            self.follow(stack, loc, &target)?;
            let other = self.combined_view(&target, stack, cx);
            stack.pop();
            self.merge(&mut view, other?)?;
        }
        if obj.contains_key("allOf") {
            let n = self.all_of(loc, obj)?.len();
            for i in 0..n {
                let part = loc.child("allOf").child(&i.to_string());
                if self.is_reference_to(&part, loc, cx) {
                    // `X = X and Y` says no more than `X = Y`: a catalogue's slip, not a loop.
                    cx.warn(self.warning(
                        &part.child("$ref"),
                        "this `allOf` part refers to the schema it is part of, which adds \
                         nothing to that schema: it is skipped",
                    ));
                    continue;
                }
                let other = self.combined_view(&part, stack, cx)?;
                self.merge(&mut view, other)?;
            }
        }
        Ok(view)
    }

    /// Whether the schema at `part` is only a `$ref` (nothing beside it, or what draft-07 and
    /// older ignore) that leads to `target`.
    fn is_reference_to(&self, part: &Loc, target: &Loc, cx: &mut Collector) -> bool {
        let Ok(Some(obj)) = self.schema(part) else {
            return false;
        };
        let Some(r) = obj.get("$ref") else {
            return false;
        };
        let alone = self.index.ref_alone[part.doc]
            || obj
                .keys()
                .all(|k| k == "$ref" || !super::view::says_something(k));
        alone && self.resolve_ref(part, r, cx).is_ok_and(|to| &to == target)
    }

    /// Whether the schema at `loc` is a string with, at most, rules on strings (lengths,
    /// patterns): what a map key can be checked as without the schema check.
    fn is_plain_string(&self, loc: &Loc, cx: &mut Collector) -> R<bool> {
        let mut stack = vec![loc.clone()];
        let view = self.merged_view(loc, &mut stack, cx)?;
        Ok(view.types.as_deref() == Some(&[JsonType::String][..])
            && view.enum_values.is_none()
            && view.unmodelled.is_empty()
            && view.properties.is_empty()
            && view.items.is_empty()
            && view.alternatives.is_empty()
            && view.constraints.format.is_none()
            && view.content_encoding.is_none())
    }

    /// Adds what `other` says to `view` (`view` is the outer schema: its description wins),
    /// facet by facet.
    fn merge(&self, view: &mut View, other: View) -> R<()> {
        self.merge_types(view, &other)?;
        if view.description.is_none() {
            view.description = other.description.clone();
        }
        self.merge_enums(view, &other)?;
        self.merge_format(view, &other)?;
        merge_rules(&mut view.constraints, &other.constraints);
        if view.content_encoding.is_none() {
            view.content_encoding = other.content_encoding;
        }
        merge_objects(view, other.properties, other.required);
        view.additional.extend(other.additional);
        view.closed |= other.closed;
        view.pattern_properties |= other.pattern_properties;
        view.nullable_keyword &= other.nullable_keyword || other.types.is_none();
        view.items.extend(other.items);
        view.tuple |= other.tuple;
        view.alternatives.extend(other.alternatives);
        view.groups.extend(other.groups);
        if view.key_names.is_none() {
            view.key_names = other.key_names;
        }
        for k in other.unmodelled {
            if !view.unmodelled.contains(&k) {
                view.unmodelled.push(k);
            }
        }
        Ok(())
    }

    /// A contradiction between `view` and the part `other` merged into it: reported where the
    /// part says so (its own keyword `key` when it is in this document, else the `$ref` that
    /// brought it in), with a note naming where the other side (`first`) comes from.
    fn conflict(
        &self,
        view: &View,
        other: &View,
        what: &str,
        key: &str,
        sides: [&str; 2],
        first: &Loc,
    ) -> Diagnostic {
        let [mine, theirs] = sides;
        let at = if other.loc.doc == view.loc.doc {
            let keyword = other.loc.child(key);
            if self.node(&keyword).is_ok() {
                keyword
            } else {
                other.loc.clone()
            }
        } else {
            view.loc.child("$ref")
        };
        self.error(
            &at,
            format!("allOf combines contradictory {what}: {theirs} here, {mine} elsewhere"),
        )
        .with_note(format!("{mine} comes from {}", self.location_text(first)))
        .with_kind(CONTRADICTION)
    }

    /// `type`: the types both allow (`integer` ∩ `number` is `integer`).
    fn merge_types(&self, view: &mut View, other: &View) -> R<()> {
        view.types = match (view.types.take(), other.types.clone()) {
            (None, t) => {
                view.types_at = other.types_at.clone();
                t
            }
            (t, None) => t,
            (Some(a), Some(b)) => {
                let both: Vec<JsonType> = a
                    .iter()
                    .filter_map(|&t| {
                        let integer_in_number =
                            t == JsonType::Integer && b.contains(&JsonType::Number);
                        if b.contains(&t) || integer_in_number {
                            Some(t)
                        } else if t == JsonType::Number && b.contains(&JsonType::Integer) {
                            Some(JsonType::Integer)
                        } else {
                            None
                        }
                    })
                    .collect();
                if both.is_empty() {
                    let first = view.types_at.clone().unwrap_or_else(|| view.loc.clone());
                    let sides = [
                        format!("`{}`", JsonType::join(&a, "`/`")),
                        format!("`{}`", JsonType::join(&b, "`/`")),
                    ];
                    return Err(self.conflict(
                        view,
                        other,
                        "types",
                        "type",
                        [&sides[0], &sides[1]],
                        &first,
                    ));
                }
                Some(both)
            }
        };
        Ok(())
    }

    /// `enum`/`const`: the values both lists have.
    fn merge_enums(&self, view: &mut View, other: &View) -> R<()> {
        view.enum_values = match (view.enum_values.take(), &other.enum_values) {
            (None, e) => e.clone(),
            (e, None) => e,
            (Some(a), Some(b)) => {
                let both: Vec<(Value, Loc)> = a
                    .into_iter()
                    .filter(|(x, _)| b.iter().any(|(y, _)| x == y))
                    .collect();
                if both.is_empty() {
                    let sides = [
                        "another list of values",
                        "a list of values with none in common",
                    ];
                    return Err(self.conflict(view, other, "enums", "enum", sides, &view.loc));
                }
                Some(both)
            }
        };
        Ok(())
    }

    /// `format`: both must name the same one.
    fn merge_format(&self, view: &mut View, other: &View) -> R<()> {
        view.constraints.format = match (view.constraints.format.take(), &other.constraints.format)
        {
            (None, f) => f.clone(),
            (f, None) => f,
            (Some(a), Some(b)) if a == *b => Some(a),
            (Some(a), Some(b)) => {
                let sides = [format!("`{a}`"), format!("`{b}`")];
                return Err(self.conflict(
                    view,
                    other,
                    "formats",
                    "format",
                    [&sides[0], &sides[1]],
                    &view.loc,
                ));
            }
        };
        Ok(())
    }
}

/// Object members: united in order, each keeping every schema that constrains it; `required`
/// united.
fn merge_objects(view: &mut View, properties: Vec<(String, Vec<Loc>)>, required: Vec<String>) {
    for (name, locs) in properties {
        match view.properties.iter_mut().find(|(n, _)| *n == name) {
            Some((_, mine)) => {
                for l in locs {
                    if !mine.contains(&l) {
                        mine.push(l);
                    }
                }
            }
            None => view.properties.push((name, locs)),
        }
    }
    for r in required {
        if !view.required.contains(&r) {
            view.required.push(r);
        }
    }
}

/// The rules on a value (strings, numbers, arrays, objects): every bound tightened, patterns
/// accumulated, a secret stays a secret. `format` is merged apart, since two formats conflict.
fn merge_rules(c: &mut Constraints, o: &Constraints) {
    use Bound::{Lower, Upper};
    // Strings.
    c.min_length = tighter(c.min_length, o.min_length, Lower);
    c.max_length = tighter(c.max_length, o.max_length, Upper);
    for p in &o.patterns {
        if !c.patterns.contains(p) {
            c.patterns.push(p.clone());
        }
    }
    // Numbers.
    c.minimum = tighter(c.minimum, o.minimum, Lower);
    c.maximum = tighter(c.maximum, o.maximum, Upper);
    c.exclusive_minimum = tighter(c.exclusive_minimum, o.exclusive_minimum, Lower);
    c.exclusive_maximum = tighter(c.exclusive_maximum, o.exclusive_maximum, Upper);
    c.multiple_of = c.multiple_of.or(o.multiple_of);
    // Arrays.
    c.min_items = tighter(c.min_items, o.min_items, Lower);
    c.max_items = tighter(c.max_items, o.max_items, Upper);
    c.unique_items |= o.unique_items;
    // Objects.
    c.min_properties = tighter(c.min_properties, o.min_properties, Lower);
    c.max_properties = tighter(c.max_properties, o.max_properties, Upper);
    c.sensitive |= o.sensitive;
}

/// Which side of the value a bound limits.
#[derive(Clone, Copy)]
enum Bound {
    /// A minimum: the larger of two is the tighter.
    Lower,
    /// A maximum: the smaller of two is the tighter.
    Upper,
}

/// The tighter of two optional bounds (either one when only one is given).
fn tighter<T: PartialOrd>(a: Option<T>, b: Option<T>, bound: Bound) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => {
            let y_tighter = match bound {
                Bound::Lower => y > x,
                Bound::Upper => y < x,
            };
            Some(if y_tighter { y } else { x })
        }
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::{Bound, tighter};

    #[test]
    fn bounds_tighten() {
        assert_eq!(tighter(Some(1u64), Some(3), Bound::Lower), Some(3));
        assert_eq!(tighter(Some(1u64), Some(3), Bound::Upper), Some(1));
        assert_eq!(tighter(None, Some(2.5), Bound::Upper), Some(2.5));
        assert_eq!(tighter(Some(-1.0), None, Bound::Lower), Some(-1.0));
        assert_eq!(tighter::<u64>(None, None, Bound::Lower), None);
    }
}
