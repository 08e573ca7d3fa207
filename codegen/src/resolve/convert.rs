//! **Conversion**: named and inline schemas into IR shapes and type references.
//!
//! Takes: a location whose schema is known to the resolver. Gives: the [`ShapeKind`] of a named
//! shape ([`Resolver::convert_named`]), or the [`TypeRef`] of a schema where it is used (a
//! member, an item, a map value: [`Resolver::type_at`]). An inline schema that needs a type of
//! its own (an object, an enum, a primitive or collection with rules) is registered as a shape
//! under its nearest enclosing named shape, and converted in turn.

use super::json_type::JsonType;
use std::collections::HashSet;

use serde_json::Value;

use super::classify::Form;
use super::collector::Collector;
use super::merge::CONTRADICTION;
use super::unions::Plan;
use super::view::{View, member_is_secret};
use super::{R, Resolver};
use crate::ir::{
    Collection, Constraints, Container, Enum, EnumValue, Loc, Member, Newtype, Origin, Primitive,
    SchemaCheck, ShapeId, ShapeKind, Struct, TypeRef, Union, Variant,
};
use crate::load::json_kind;

/// Above this many values a string enum becomes a checked string newtype: an enum with one
/// variant per value would take minutes to compile (AWS's largest enums have under 1,000).
pub const MAX_ENUM_VARIANTS: usize = 2048;

impl<'c> Resolver<'c> {
    /// Converts the named shape `id` (its location is already registered).
    pub(super) fn convert_named(&mut self, id: ShapeId, cx: &mut Collector) -> R<ShapeKind> {
        let loc = self.shapes.head(id).loc.clone();
        let mut stack = vec![loc.clone()];
        let Some(obj) = self.schema(&loc)? else {
            // The schema `true`: any JSON value, kept as it is.
            return Ok(ShapeKind::Alias(TypeRef::Any));
        };
        // A document with `$dynamicRef`s is checked from its root, where the dynamic scope
        // starts (a check of an inner schema alone would resolve them without it).
        let dynamic_root = loc.ptr.is_empty() && self.index.dynamic[loc.doc];
        let merged = self.shapes.has_extra_parts(&loc);
        // A shape whose own schema makes a secret of what it refers to (`writeOnly` beside the
        // `$ref` or in an annotating `allOf` part) is not an alias: the alias would drop it.
        if !dynamic_root
            && !merged
            && !member_is_secret(obj)
            && let Some(target) = self.alias_target(&loc, obj, cx)?
        {
            self.shapes.head_mut(id).description = self.own_description(obj);
            if let Some(target_id) = self.shapes.at(&target) {
                return Ok(ShapeKind::Alias(TypeRef::Named(target_id)));
            }
            self.follow(&mut stack, &loc, &target)?;
            let target_type = self.type_at(&target, &mut stack, cx)?;
            return Ok(ShapeKind::Alias(target_type));
        }
        let view = match self.merged_view(&loc, &mut stack, cx) {
            Ok(mut view) if dynamic_root => {
                if !view.unmodelled.iter().any(|k| k == "$dynamicRef") {
                    view.unmodelled.push(String::from("$dynamicRef"));
                }
                view
            }
            // A document that contradicts itself is an error; a part of one (a definition, a
            // member) is a type that rejects every value, with a warning.
            Err(e)
                if e.kind == CONTRADICTION
                    && !matches!(self.shapes.head(id).origin, Origin::Document(_)) =>
            {
                return Ok(self.contradiction(id, e, cx));
            }
            view => view?,
        };
        self.shapes.head_mut(id).description = view.description.clone();
        // One `oneOf`/`anyOf` and nothing else that types the value: its alternative (`X | null`)
        // or a union of them.
        if let Some(plan) = self.union_plan(&view, cx)? {
            return match plan {
                Plan::Single(alt) => Ok(ShapeKind::Alias(self.type_at(&alt, &mut stack, cx)?)),
                Plan::Union { one_of, alts } => self.convert_union(one_of, &alts, &mut stack, cx),
                Plan::Kinds(kinds) => Ok(self.kinds_union(&loc, kinds)),
            };
        }
        // Objects (arrays) typed without `type`, with keywords that only the schema check
        // enforces: JSON checked against the schema, as the check must see every kind of value.
        let kindless = view.kindless_container().is_some() && !view.unmodelled.is_empty();
        let kind = if kindless {
            ShapeKind::Alias(TypeRef::Any)
        } else {
            self.convert_view(id, &view, &mut stack, cx)?
        };
        if view.unmodelled.is_empty() {
            return Ok(kind);
        }
        // Keywords no Rust type expresses: the value is checked against the schema as a whole
        // when read, so the shape needs impls of its own (not a type alias).
        let mut uris = vec![super::index::schema_uri(self.index.corpus, &loc)];
        for part in self.shapes.extra_parts(&loc) {
            uris.push(super::index::schema_uri(self.index.corpus, part));
        }
        self.shapes.head_mut(id).check = Some(SchemaCheck {
            index: 0,
            uris,
            keywords: view.unmodelled.clone(),
        });
        Ok(match kind {
            ShapeKind::Alias(TypeRef::Any) => ShapeKind::Newtype(Newtype {
                primitive: Primitive::Json,
                constraints: Constraints::default(),
            }),
            ShapeKind::Alias(ty @ (TypeRef::List(_) | TypeRef::Map(_))) => {
                ShapeKind::Collection(Collection {
                    ty,
                    constraints: view.constraints.clone(),
                    keys: None,
                })
            }
            other => other,
        })
    }

    /// A shape (not a document: that is an error) whose `allOf` parts (or `$ref` and siblings)
    /// contradict each other: no value is valid. A warning with both places, and a type that
    /// holds any JSON and checks it against the schema, so rejects every value read; a whole
    /// run does not fail for a schema that may sit on an optional member or an unused
    /// definition.
    fn contradiction(
        &mut self,
        id: ShapeId,
        error: crate::diag::Diagnostic,
        cx: &mut Collector,
    ) -> ShapeKind {
        let mut warning = error;
        warning.severity = crate::diag::Severity::Warning;
        warning.notes.push(String::from(
            "no value is valid here: its type rejects every value it reads",
        ));
        cx.warn(warning);
        let corpus = self.index.corpus;
        let head = self.shapes.head_mut(id);
        head.notes.push(String::from(
            "The schema contradicts itself (its `allOf` parts, or a `$ref` and the keywords \
             beside it, admit no common value): every value read is rejected.",
        ));
        head.check = Some(SchemaCheck {
            index: 0,
            uris: vec![super::index::schema_uri(corpus, &head.loc)],
            keywords: vec![String::from("allOf")],
        });
        ShapeKind::Newtype(Newtype {
            primitive: Primitive::Json,
            constraints: Constraints::default(),
        })
    }

    /// What the merged schema `view` of the named shape `id` becomes.
    fn convert_view(
        &mut self,
        id: ShapeId,
        view: &View,
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<ShapeKind> {
        Ok(match self.classify(view, cx)? {
            Form::Struct(props, required) => {
                let s = self.convert_struct(view, props, required, stack, cx)?;
                self.note_closed(id, &s);
                ShapeKind::Struct(s)
            }
            Form::EmptyObject => {
                let s = Struct {
                    members: Vec::new(),
                    sensitive: view.constraints.sensitive,
                    closed: view.closed && !view.pattern_properties,
                    extra: self.extra_members(view, stack, cx)?,
                    null_is_absent: self.policies.null_absent(),
                };
                self.note_closed(id, &s);
                ShapeKind::Struct(s)
            }
            Form::Map(locs) => {
                let ty = TypeRef::Map(Box::new(self.type_of_all(&locs, stack, cx)?));
                let keys = match &view.key_names {
                    Some(names) => match self.type_at(names, stack, cx)? {
                        TypeRef::Named(key) => Some(key),
                        _ => None,
                    },
                    None => None,
                };
                collection_or_alias(ty, &view.constraints, keys)
            }
            Form::List(locs) => {
                let ty = TypeRef::List(Box::new(self.type_of_all(&locs, stack, cx)?));
                collection_or_alias(ty, &view.constraints, None)
            }
            Form::Enum(values) => self.enum_shape(view, values, cx),
            Form::Primitive(primitive, constraints) => ShapeKind::Newtype(Newtype {
                primitive,
                constraints: *constraints,
            }),
            Form::Any if !view.alternatives.is_empty() => {
                let names: Vec<String> = view
                    .alternatives
                    .iter()
                    .map(|l| self.alternative_name(l, cx))
                    .collect();
                self.shapes.head_mut(id).notes.push(format!(
                    "The schema allows one of several alternatives ({}) that this generator does \
                     not model as one Rust type; the value is kept as untyped JSON.",
                    names.join(", ")
                ));
                ShapeKind::Alias(TypeRef::Any)
            }
            Form::Any if view.types.as_ref().is_some_and(|t| t.len() > 1) => {
                // Several types (`["object", "boolean"]`, the meta-schemas' own): no one Rust
                // type holds them all, so the value is kept exactly as JSON, never dropped.
                let types = view.types.as_deref().unwrap_or_default();
                self.shapes.head_mut(id).notes.push(format!(
                    "The schema allows several types (`{}`) that this generator does not model \
                     as one Rust type; the value is kept as untyped JSON.",
                    JsonType::join(types, "`, `")
                ));
                ShapeKind::Alias(TypeRef::Any)
            }
            // No `type` and nothing that implies one, no rules either (rules make a checked
            // JSON newtype, see `classify`): any JSON value, kept exactly as it was read.
            Form::Any => ShapeKind::Alias(TypeRef::Any),
        })
    }

    /// A string enum of `values`; above [`MAX_ENUM_VARIANTS`] values, a string newtype that
    /// checks the value against them, with a warning.
    fn enum_shape(&self, view: &View, values: Vec<(Value, Loc)>, cx: &mut Collector) -> ShapeKind {
        let e = self.convert_enum(values, cx);
        if e.values.len() > MAX_ENUM_VARIANTS {
            cx.warn(self.warning(
                &view.loc.child("enum"),
                format!(
                    "this enum has {} values, more than {MAX_ENUM_VARIANTS}: it is \
                     generated as a string newtype that checks the value against the \
                     list, not as an enum with one variant per value",
                    e.values.len()
                ),
            ));
            let constraints = Constraints {
                enum_values: e
                    .values
                    .iter()
                    .map(|v| Value::String(v.wire.clone()).to_string())
                    .collect(),
                ..Constraints::default()
            };
            ShapeKind::Newtype(Newtype {
                primitive: Primitive::String,
                constraints,
            })
        } else {
            ShapeKind::Enum(e)
        }
    }

    /// The union of the alternatives `alts`.
    fn convert_union(
        &mut self,
        one_of: bool,
        alts: &[Loc],
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<ShapeKind> {
        let mut variants = Vec::with_capacity(alts.len());
        for alt in alts {
            let ty = self.type_at(alt, stack, cx)?;
            variants.push(Variant {
                ty,
                loc: alt.clone(),
                tags: Vec::new(),
                boxed: false,
            });
        }
        let tag = match self.discriminator(alts, cx)? {
            Some((member, values)) => {
                for (v, tags) in variants.iter_mut().zip(values) {
                    v.tags = tags;
                }
                Some(member)
            }
            None => None,
        };
        Ok(ShapeKind::Union(Union {
            variants,
            one_of,
            tag,
        }))
    }

    /// How an alternative of `oneOf`/`anyOf` is named in a note: the shape a reference leads to,
    /// else its `type`, else its place.
    pub(super) fn alternative_name(&self, loc: &Loc, cx: &mut Collector) -> String {
        let Ok(Some(obj)) = self.schema(loc) else {
            return String::from("any value");
        };
        if let Some(r) = obj.get("$ref")
            && let Ok(target) = self.resolve_ref(loc, r, cx)
            && let Some(id) = self.shapes.at(&target)
            && let Origin::Document(name) | Origin::Definition(name) = &self.shapes.head(id).origin
        {
            return crate::text::code_span(name);
        }
        // Code spans that hold whatever the names hold: the note is documentation.
        match obj.get("type") {
            Some(Value::String(t)) => format!("a {}", crate::text::code_span(t)),
            _ => format!(
                "the schema at {}",
                crate::text::code_span(&crate::diag::display_pointer(&loc.ptr))
            ),
        }
    }

    pub(super) fn convert_struct(
        &mut self,
        view: &View,
        props: Vec<(String, Vec<Loc>)>,
        required: Vec<String>,
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<Struct> {
        let mut members = Vec::with_capacity(props.len());
        for (wire_name, locs) in props {
            // A member whose type cannot be resolved is an error; the other members are still
            // resolved, so that one run reports every problem of the shape.
            let depth = stack.len();
            let ty = match self.type_of_all(&locs, stack, cx) {
                Ok(ty) => ty,
                Err(e) => {
                    stack.truncate(depth);
                    cx.error(e);
                    TypeRef::Any
                }
            };
            // The last part that documents the member wins: later `allOf` parts refine earlier
            // ones (as the sibling description refines the `$ref` beside it).
            let mut description = None;
            for l in locs.iter().rev() {
                if let Some(obj) = self.schema(l)? {
                    description = self.own_description(obj);
                    if description.is_some() {
                        break;
                    }
                }
            }
            let sensitive = self.schema(&locs[0])?.is_some_and(member_is_secret);
            members.push(Member {
                required: required.contains(&wire_name),
                wire_name,
                description,
                ty,
                boxed: false,
                sensitive,
                loc: locs[0].clone(),
            });
        }
        // A required member without a schema of its own is any JSON value, but must be there.
        for name in &required {
            if !members.iter().any(|m| &m.wire_name == name) {
                members.push(Member {
                    wire_name: name.clone(),
                    description: None,
                    ty: TypeRef::Any,
                    required: true,
                    boxed: false,
                    sensitive: false,
                    loc: view.loc.child("required"),
                });
            }
        }
        Ok(Struct {
            members,
            sensitive: view.constraints.sensitive,
            closed: view.closed && !view.pattern_properties,
            extra: self.extra_members(view, stack, cx)?,
            null_is_absent: self.policies.null_absent(),
        })
    }

    /// The type of a struct's members that its schema does not list, when it keeps them: the
    /// `additionalProperties` schema's, else any JSON (`unknown-members = "keep"`); `None` when
    /// there can be none (`additionalProperties: false`) or they are ignored.
    fn extra_members(
        &mut self,
        view: &View,
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<Option<TypeRef>> {
        if view.closed && !view.pattern_properties {
            return Ok(None);
        }
        if !view.additional.is_empty() {
            return Ok(Some(self.type_of_all(&view.additional, stack, cx)?));
        }
        Ok(self.policies.keep_unknown().then_some(TypeRef::Any))
    }

    /// Documents a closed struct (what it rejects), one that ignores unknown members, and one
    /// that reads `null` members as absent.
    fn note_closed(&mut self, id: ShapeId, s: &Struct) {
        let notes = &mut self.shapes.head_mut(id).notes;
        if s.null_is_absent && s.members.iter().any(|m| !m.required) {
            notes.push(String::from(
                "An optional member that is `null` is read as absent, and so not written back \
                 (`null-members = \"absent\"`).",
            ));
        }
        if !s.closed && s.extra.is_none() {
            notes.push(String::from(
                "A member the schema does not list is ignored when reading, and so not written \
                 back (`unknown-members = \"drop\"`).",
            ));
        }
        if s.closed {
            notes.push(String::from(
                "A member the schema does not list is rejected when reading \
                 (`additionalProperties: false`).",
            ));
        }
    }

    /// The values of a string enum. Values that are not strings are kept as their JSON text,
    /// with one warning per enum listing them all (the corpus's YAML-1.1 booleans).
    pub(super) fn convert_enum(&self, values: Vec<(Value, Loc)>, cx: &mut Collector) -> Enum {
        let mut out: Vec<EnumValue> = Vec::with_capacity(values.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(values.len());
        let mut not_strings: Vec<(String, &'static str, Loc)> = Vec::new();
        let mut dropped: Vec<Loc> = Vec::new();
        for (value, vloc) in values {
            let wire = match value {
                Value::String(s) => s,
                Value::Bool(_) | Value::Number(_) => {
                    let text = value.to_string();
                    let kind = json_kind(&value);
                    not_strings.push((text.clone(), kind, vloc.clone()));
                    text
                }
                _ => {
                    dropped.push(vloc);
                    continue;
                }
            };
            if !seen.insert(wire.clone()) {
                cx.warn(self.warning(
                    &vloc,
                    format!("enum value \"{wire}\" is listed twice; kept once"),
                ));
                continue;
            }
            out.push(EnumValue { wire });
        }
        if let Some((_, _, first)) = not_strings.first() {
            let first = first.clone();
            let listed: Vec<String> = not_strings
                .iter()
                .map(|(text, kind, _)| format!("`{text}` ({})", kind.trim_start_matches("a ")))
                .collect();
            let yaml = if not_strings.iter().any(|(_, k, _)| *k == "a boolean") {
                " (a YAML 1.1 tool turns unquoted `OFF`/`NO` into `false` and `ON`/`YES` into \
                 `true`)"
            } else {
                ""
            };
            cx.warn(self.warning(
                &first,
                format!(
                    "string enum has values that are not strings: {}{yaml}; they are kept as \
                     strings of their JSON text, which is likely not what the API sends: \
                     repair the schema with an override",
                    listed.join(", ")
                ),
            ));
        }
        for vloc in dropped {
            cx.warn(self.warning(
                &vloc,
                "enum value is null, an array or an object; it is left out",
            ));
        }
        Enum {
            values: out,
            open: self.policies.open_enums(),
        }
    }

    /// The type of the schema at `loc` where it is used (a member, an item, a map value).
    pub(super) fn type_at(
        &mut self,
        loc: &Loc,
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<TypeRef> {
        if let Some(id) = self.shapes.at(loc) {
            return Ok(self.named(loc, id, cx));
        }
        let Some(obj) = self.schema(loc)? else {
            return Ok(TypeRef::Any);
        };
        if let Some(target) = self.alias_target(loc, obj, cx)? {
            if let Some(id) = self.shapes.at(&target) {
                return Ok(self.named(&target, id, cx));
            }
            self.follow(stack, loc, &target)?;
            let t = self.type_at(&target, stack, cx);
            stack.pop();
            return t;
        }
        let depth = stack.len();
        let view = match self.merged_view(loc, stack, cx) {
            Err(e) if e.kind == CONTRADICTION => {
                // A type of its own says so (see `contradiction`).
                stack.truncate(depth);
                return Ok(TypeRef::Named(self.register_inline(loc)));
            }
            view => view?,
        };
        let nullable = view.allows_null();
        if let Some(plan) = self.union_plan(&view, cx)? {
            let t = match plan {
                Plan::Single(alt) => self.type_at(&alt, stack, cx)?,
                Plan::Union { .. } | Plan::Kinds(_) => TypeRef::Named(self.register_inline(loc)),
            };
            return Ok(nullable_if(nullable, t));
        }
        if !view.unmodelled.is_empty() {
            // Checked against its schema when read: a type of its own carries the check.
            return Ok(nullable_if(
                nullable,
                TypeRef::Named(self.register_inline(loc)),
            ));
        }
        let closed_object =
            matches!(view.kindless_container(), Some(Container::Object)) && view.closed;
        let t = match self.classify(&view, cx)? {
            Form::Struct(..) | Form::Enum(..) => TypeRef::Named(self.register_inline(loc)),
            Form::EmptyObject if closed_object => TypeRef::Named(self.register_inline(loc)),
            Form::Primitive(_, c) if c.restricts() => TypeRef::Named(self.register_inline(loc)),
            Form::Primitive(p, _) => TypeRef::Primitive(p),
            // A list or map with rules of its own needs a newtype of its own to check them.
            Form::Map(_) | Form::List(_)
                if view.constraints.restricts() || view.key_names.is_some() =>
            {
                TypeRef::Named(self.register_inline(loc))
            }
            Form::Map(locs) => TypeRef::Map(Box::new(self.type_of_all(&locs, stack, cx)?)),
            Form::EmptyObject => TypeRef::Map(Box::new(TypeRef::Any)),
            Form::List(locs) => TypeRef::List(Box::new(self.type_of_all(&locs, stack, cx)?)),
            Form::Any => TypeRef::Any,
        };
        Ok(nullable_if(nullable, loose_if(loose_kind(&view), t)))
    }

    /// A named shape where it is used: `rt::Nullable` when its schema also allows `null` (the
    /// shape's own type holds the other values).
    /// `loc` is the shape's own location; the answer is kept per shape.
    pub(super) fn named(&mut self, loc: &Loc, id: ShapeId, cx: &mut Collector) -> TypeRef {
        let (nullable, loose) = match self.shapes.use_of(id) {
            Some(n) => n,
            None => {
                let mut stack = vec![loc.clone()];
                let n = match self.merged_view(loc, &mut stack, cx) {
                    Ok(view) => (view.allows_null(), loose_kind(&view)),
                    Err(_) => (false, None),
                };
                self.shapes.set_use(id, n);
                n
            }
        };
        nullable_if(nullable, loose_if(loose, TypeRef::Named(id)))
    }

    /// The one type that several schemas constraining the same value agree on.
    /// `null` is allowed only when every part that types the value allows it.
    pub(super) fn type_of_all(
        &mut self,
        locs: &[Loc],
        stack: &mut Vec<Loc>,
        cx: &mut Collector,
    ) -> R<TypeRef> {
        let mut found: Option<(TypeRef, &Loc)> = None;
        let mut nullable = true;
        for l in locs {
            let t = self.type_at(l, stack, cx)?;
            let t = match t {
                TypeRef::Nullable(inner) => *inner,
                TypeRef::Any => continue,
                other => {
                    nullable = false;
                    other
                }
            };
            if t == TypeRef::Any {
                continue;
            }
            match &found {
                None => found = Some((t, l)),
                Some((f, _)) if *f != t => return self.merged_member(locs, cx),
                Some(_) => {}
            }
        }
        Ok(found.map_or(TypeRef::Any, |(t, _)| nullable_if(nullable, t)))
    }

    /// The type of a member that several `allOf` parts type differently (an enum narrowed by
    /// another, a nullable union by one of its alternatives, an object by a narrower one): one
    /// shape at the last part's place (later parts refine earlier ones) whose schema is every
    /// part merged, facet by facet, as `allOf` is ([`Self::merged_view`] adds the others).
    fn merged_member(&mut self, locs: &[Loc], cx: &mut Collector) -> R<TypeRef> {
        let (last, others) = locs.split_last().expect("several parts");
        let id =
            match self.shapes.at(last) {
                Some(id) if matches!(self.shapes.head(id).origin, Origin::Inline { .. }) => id,
                Some(_) => {
                    return Err(self
                    .error(
                        last,
                        "allOf parts give this member two different types, and its last part is \
                         a named schema of its own; merge them into one schema",
                    )
                    .with_note(format!("the other is at {}", self.location_text(&others[0])))
                    .with_kind(super::merge::CONTRADICTION));
                }
                None => self.register_inline(last),
            };
        self.shapes
            .set_extra_parts(id, last.clone(), others.to_vec());
        Ok(self.named(last, id, cx))
    }

    /// Registers an inline schema that needs a type of its own, under the nearest enclosing
    /// named shape of its document (the name stage names it after that parent and the path).
    pub(super) fn register_inline(&mut self, loc: &Loc) -> ShapeId {
        // Every document root is registered first, so an enclosing shape always exists.
        let parent = self.shapes.enclosing(loc).unwrap_or(ShapeId(0));
        self.register(loc.clone(), Origin::Inline { parent })
    }
}

/// A named list or map: a plain type alias, or a checked newtype when it has rules or is secret.
fn collection_or_alias(ty: TypeRef, constraints: &Constraints, keys: Option<ShapeId>) -> ShapeKind {
    if constraints.restricts() || keys.is_some() {
        ShapeKind::Collection(Collection {
            ty,
            constraints: constraints.clone(),
            keys,
        })
    } else {
        ShapeKind::Alias(ty)
    }
}

/// What a schema types without `type`, when the type is that kind's only: not when the schema
/// has keywords the type does not express (it is then JSON checked against the schema).
fn loose_kind(view: &View) -> Option<Container> {
    view.kindless_container()
        .filter(|_| view.unmodelled.is_empty())
}

/// `t`, wrapped in `rt::ObjectOr`/`rt::ArrayOr` when other kinds of values are valid too.
fn loose_if(loose: Option<Container>, t: TypeRef) -> TypeRef {
    match (loose, t) {
        (_, TypeRef::Any) => TypeRef::Any,
        (Some(kind), t) => TypeRef::Loose(Box::new(t), kind),
        (None, t) => t,
    }
}

/// `t`, wrapped in `rt::Nullable` when `null` is also a value (untyped JSON, and the loose
/// types, hold `null` already).
fn nullable_if(nullable: bool, t: TypeRef) -> TypeRef {
    match t {
        TypeRef::Any | TypeRef::Nullable(_) | TypeRef::Loose(..) => t,
        t if nullable => TypeRef::Nullable(Box::new(t)),
        t => t,
    }
}
