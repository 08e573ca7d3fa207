//! **What one schema says**: its own keywords read into a [`View`], checked as they are read.
//!
//! Takes: the schema object at a location. Gives: a [`View`] of the keywords that type a value
//! (`type`, `properties`, `required`, `items`, `enum`, the rules, `oneOf`/`anyOf`), without
//! following anything; and the helpers that tell an annotation-only schema (a `description`
//! beside a `$ref`, say) from one that carries a type. Combining views is [`super::merge`], which
//! calls in here and never the other way: what needs a merged view (whether a `propertyNames`
//! schema is a plain string) is decided there.

use super::json_type::JsonType;
use serde_json::{Map, Value};

use super::collector::Collector;
use super::patterns::Verdict;
use super::{R, Resolver};
use crate::diag::Diagnostic;
use crate::ir::{Constraints, Container, Loc};
use crate::load::json_kind;

/// Keywords that type the value (as opposed to annotations such as `description`, which only
/// document it); with [`CHECKED_BY_SCHEMA`], every keyword that says something about the value
/// ([`says_something`]). Any other keyword is ignored for typing.
pub(super) const STRUCTURAL: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
    "contentEncoding",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "allOf",
    "anyOf",
    "oneOf",
];

/// Keywords no Rust type here expresses: a schema that has one is checked as a whole when a
/// value is read (by the `jsonschema` crate, through the runtime's `schema-check` feature).
pub(super) const CHECKED_BY_SCHEMA: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "propertyNames",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "additionalItems",
    "$dynamicRef",
    "$recursiveRef",
    "oneOf",
    "anyOf",
];

/// One `oneOf` or `anyOf`.
#[derive(Debug, Clone)]
pub(super) struct AltGroup {
    /// `oneOf` (exactly one alternative matches), not `anyOf`.
    pub(super) one_of: bool,
    /// The alternatives but those that allow only `null`.
    pub(super) alts: Vec<Loc>,
    /// One alternative allows only `null` (`{"type": "null"}`, `{"const": null}`): `X | null`.
    pub(super) null: bool,
}

/// Whether a keyword says something about the value: it types it, or the schema check
/// enforces it.
pub(super) fn says_something(keyword: &str) -> bool {
    STRUCTURAL.contains(&keyword) || CHECKED_BY_SCHEMA.contains(&keyword)
}

/// What a schema says once its own keywords, its `$ref` target and its `allOf` parts are combined.
#[derive(Debug)]
pub(super) struct View {
    pub(super) loc: Loc,
    /// `type`, when given (several for `["string", "null"]`).
    pub(super) types: Option<Vec<JsonType>>,
    /// Where that `type` was written.
    pub(super) types_at: Option<Loc>,
    pub(super) description: Option<String>,
    /// Members in order, each with every schema that constrains it.
    pub(super) properties: Vec<(String, Vec<Loc>)>,
    pub(super) required: Vec<String>,
    /// `additionalProperties` schemas.
    pub(super) additional: Vec<Loc>,
    /// `additionalProperties: false` seen.
    pub(super) closed: bool,
    /// `patternProperties` seen (not modelled yet: members it would admit are not rejected).
    pub(super) pattern_properties: bool,
    /// OpenAPI 3.0's `nullable: true`.
    pub(super) nullable_keyword: bool,
    pub(super) items: Vec<Loc>,
    /// `items` given as an array (draft-04 tuples) or `prefixItems`.
    pub(super) tuple: bool,
    pub(super) enum_values: Option<Vec<(Value, Loc)>>,
    pub(super) constraints: Constraints,
    pub(super) content_encoding: Option<String>,
    /// The schemas of `oneOf`/`anyOf`, when present, but those that allow only `null`.
    pub(super) alternatives: Vec<Loc>,
    /// Each `oneOf`/`anyOf` (here or in a merged part), with its alternatives.
    pub(super) groups: Vec<AltGroup>,
    /// Keywords (here or in a merged part) that the Rust type does not express, so that the
    /// value is checked against the schema when read ([`CHECKED_BY_SCHEMA`], and forms of
    /// other keywords: `items` as an array, several types, `additionalProperties` beside
    /// `properties`).
    pub(super) unmodelled: Vec<String>,
    /// `propertyNames` of a map (`additionalProperties` without `properties`) when it is a
    /// string with rules of its own, which every key is checked as (not by the schema check).
    pub(super) key_names: Option<Loc>,
}

impl View {
    /// The kind of value this schema types without saying `type` (objects by `properties`,
    /// `required` or `additionalProperties`; arrays by `items` or `prefixItems`), so that every
    /// other kind of value is valid too; `None` when it has a `type`, an `enum`, or keywords of
    /// both kinds.
    pub(super) fn kindless_container(&self) -> Option<Container> {
        if self.types.is_some() || self.enum_values.is_some() {
            return None;
        }
        let object = !self.properties.is_empty()
            || !self.required.is_empty()
            || !self.additional.is_empty()
            || self.closed;
        let array = !self.items.is_empty() || self.tuple;
        match (object, array) {
            (true, false) => Some(Container::Object),
            (false, true) => Some(Container::Array),
            _ => None,
        }
    }

    /// Marks an `enum`/`const` beside `type: "array"` or `"object"` as a keyword the type does
    /// not express: a list or a struct holds any value of its items or members, so the values
    /// listed are checked by the schema check (`{"type": "array", "const": ["all"]}`).
    pub(super) fn mark_structured_enum(&mut self) {
        let structured = self.types.as_ref().is_some_and(|ts| {
            ts.iter()
                .any(|t| matches!(t, JsonType::Array | JsonType::Object))
        });
        let Some(values) = &self.enum_values else {
            return;
        };
        if !structured || values.iter().all(|(v, _)| v.is_null()) {
            return;
        }
        let keyword = if values.iter().any(|(_, l)| l.ptr.ends_with("/const")) {
            "const"
        } else {
            "enum"
        };
        if !self.unmodelled.iter().any(|k| k == keyword) {
            self.unmodelled.push(keyword.to_owned());
        }
    }

    /// Marks rules for other kinds of values beside such a kindless container (`minimum` beside
    /// `properties`, say) as keywords the type does not express: they apply to the values
    /// that are not objects (arrays), which only the schema check sees.
    pub(super) fn mark_other_kind_rules(&mut self) {
        let Some(kind) = self.kindless_container() else {
            return;
        };
        let c = &self.constraints;
        let mut rules: Vec<&str> = Vec::new();
        if c.min_length.is_some() || c.max_length.is_some() || !c.patterns.is_empty() {
            rules.push("maxLength");
        }
        if c.minimum.is_some()
            || c.maximum.is_some()
            || c.exclusive_minimum.is_some()
            || c.exclusive_maximum.is_some()
            || c.multiple_of.is_some()
        {
            rules.push("minimum");
        }
        let (own, other) = (
            c.min_items.is_some() || c.max_items.is_some() || c.unique_items,
            c.min_properties.is_some() || c.max_properties.is_some(),
        );
        let other_container = match kind {
            Container::Object => own,
            Container::Array => other,
        };
        if other_container {
            rules.push("maxItems");
        }
        for rule in rules {
            if !self.unmodelled.iter().any(|k| k == rule) {
                self.unmodelled.push(rule.to_owned());
            }
        }
    }

    /// Whether `null` is a value of this schema besides others: `null` in a list of types (and
    /// in the `enum`, when there is one), `null` in an `enum`, or `nullable: true`.
    pub(super) fn allows_null(&self) -> bool {
        let in_enum = |values: &Vec<(Value, Loc)>| values.iter().any(|(v, _)| v.is_null());
        let typed = self
            .types
            .as_ref()
            .map(|t| t.contains(&JsonType::Null) && t.len() > 1);
        match (typed, &self.enum_values) {
            (Some(true), None) => true,
            (Some(true), Some(values)) => in_enum(values),
            (Some(false), _) => false,
            (None, Some(values)) => in_enum(values) && values.len() > 1,
            (None, None) => {
                self.nullable_keyword
                    || (!self.groups.is_empty() && self.groups.iter().all(|g| g.null))
            }
        }
    }

    pub(super) fn empty(loc: Loc) -> Self {
        View {
            loc,
            types: None,
            types_at: None,
            description: None,
            properties: Vec::new(),
            required: Vec::new(),
            additional: Vec::new(),
            closed: false,
            pattern_properties: false,
            nullable_keyword: false,
            items: Vec::new(),
            tuple: false,
            enum_values: None,
            constraints: Constraints::default(),
            content_encoding: None,
            alternatives: Vec::new(),
            groups: Vec::new(),
            unmodelled: Vec::new(),
            key_names: None,
        }
    }
}

impl<'c> Resolver<'c> {
    /// When the schema is only a reference (with annotations), or an `allOf` with exactly one
    /// part that carries a schema (the others only annotate), the location of that schema.
    pub(super) fn alias_target(
        &self,
        loc: &Loc,
        obj: &Map<String, Value>,
        cx: &mut Collector,
    ) -> R<Option<Loc>> {
        let structural: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| says_something(k))
            .collect();
        if self.index.ref_alone[loc.doc]
            && let Some(r) = obj.get("$ref")
        {
            return Ok(Some(self.resolve_ref(loc, r, cx)?));
        }
        match structural.as_slice() {
            ["$ref"] => Ok(Some(self.resolve_ref(loc, &obj["$ref"], cx)?)),
            ["allOf"] => {
                let parts = self.all_of(loc, obj)?;
                let carrying: Vec<usize> = parts
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| !is_annotation_only(p))
                    .map(|(i, _)| i)
                    .collect();
                match carrying.as_slice() {
                    [one] => Ok(Some(loc.child("allOf").child(&one.to_string()))),
                    _ => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    pub(super) fn all_of(&self, loc: &Loc, obj: &'c Map<String, Value>) -> R<&'c Vec<Value>> {
        match obj.get("allOf") {
            Some(Value::Array(parts)) => Ok(parts),
            Some(other) => Err(self.error(
                &loc.child("allOf"),
                format!(
                    "`allOf` must be an array of schemas, but this is {}",
                    json_kind(other)
                ),
            )),
            None => Err(self.error(loc, "internal: no allOf here")),
        }
    }

    /// The schema's own `description`, or that of an `allOf` part that only annotates.
    pub(super) fn own_description(&self, obj: &Map<String, Value>) -> Option<String> {
        if let Some(Value::String(d)) = obj.get("description") {
            return Some(d.clone());
        }
        if let Some(Value::Array(parts)) = obj.get("allOf") {
            for p in parts {
                if is_annotation_only(p)
                    && let Some(Value::String(d)) = p.get("description")
                {
                    return Some(d.clone());
                }
            }
        }
        None
    }

    /// Reads the keywords of one schema object (not following anything) but `oneOf`/`anyOf`
    /// ([`read_alternatives`](Self::read_alternatives)), which come after a map's
    /// `propertyNames` is settled (see [`key_names_candidate`]).
    pub(super) fn own_view(
        &self,
        loc: &Loc,
        obj: &'c Map<String, Value>,
        cx: &mut Collector,
    ) -> R<View> {
        let mut v = View::empty(loc.clone());
        self.read_type(&mut v, loc, obj)?;
        if let Some(Value::String(d)) = obj.get("description") {
            v.description = Some(d.clone());
        }
        self.read_object_keywords(&mut v, loc, obj)?;
        self.read_array_and_enum(&mut v, loc, obj)?;
        self.read_rules(&mut v, loc, obj)?;
        self.read_pattern(&mut v, loc, obj, cx)?;
        let c = &mut v.constraints;
        match obj.get("format") {
            None => {}
            Some(Value::String(f)) => {
                c.sensitive |= f == "password";
                c.format = Some(f.clone());
            }
            Some(_) => return Err(self.error(&loc.child("format"), "`format` must be a string")),
        }
        if obj.get("writeOnly") == Some(&Value::Bool(true)) {
            c.sensitive = true;
        }
        if let Some(Value::String(e)) = obj.get("contentEncoding") {
            v.content_encoding = Some(e.clone());
        }
        v.unmodelled = unmodelled_keywords(obj);
        Ok(v)
    }

    /// `type`: a name or a non-empty array of names, each one JSON Schema knows.
    fn read_type(&self, v: &mut View, loc: &Loc, obj: &'c Map<String, Value>) -> R<()> {
        let Some(t) = obj.get("type") else {
            return Ok(());
        };
        let names: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => {
                a.iter().filter_map(Value::as_str).collect()
            }
            _ => {
                return Err(self.error(
                    &loc.child("type"),
                    "`type` must be a type name or a non-empty array of type names",
                ));
            }
        };
        let mut types = Vec::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            let Some(t) = JsonType::parse(name) else {
                let at = if matches!(obj.get("type"), Some(Value::Array(_))) {
                    loc.child("type").child(&i.to_string())
                } else {
                    loc.child("type")
                };
                return Err(self.error(&at, format!("unknown type `{name}`")));
            };
            types.push(t);
        }
        v.types = Some(types);
        v.types_at = Some(loc.child("type"));
        Ok(())
    }

    /// `properties`, `required`, `additionalProperties`.
    fn read_object_keywords(&self, v: &mut View, loc: &Loc, obj: &'c Map<String, Value>) -> R<()> {
        match obj.get("properties") {
            None => {}
            Some(Value::Object(props)) => {
                let base = loc.child("properties");
                v.properties = props
                    .keys()
                    .map(|k| (k.clone(), vec![base.child(k)]))
                    .collect();
            }
            Some(other) => {
                return Err(self.error(
                    &loc.child("properties"),
                    format!(
                        "`properties` must be an object, but this is {}",
                        json_kind(other)
                    ),
                ));
            }
        }
        match obj.get("required") {
            None => {}
            Some(Value::Array(names)) if names.iter().all(Value::is_string) => {
                for n in names.iter().filter_map(Value::as_str) {
                    if !v.required.iter().any(|r| r == n) {
                        v.required.push(n.to_owned());
                    }
                }
            }
            Some(Value::Bool(_)) => {
                // draft-03 style `required: true` on a property; the parent's list decides.
            }
            Some(_) => {
                return Err(self.error(
                    &loc.child("required"),
                    "`required` must be an array of member names",
                ));
            }
        }
        match obj.get("additionalProperties") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => v.closed = true,
            Some(Value::Object(_)) => v.additional.push(loc.child("additionalProperties")),
            Some(other) => {
                return Err(self.error(
                    &loc.child("additionalProperties"),
                    format!(
                        "`additionalProperties` must be a schema, but this is {}",
                        json_kind(other)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `patternProperties`, `nullable`, `items`, `prefixItems`, `enum`, `const`.
    fn read_array_and_enum(&self, v: &mut View, loc: &Loc, obj: &'c Map<String, Value>) -> R<()> {
        v.pattern_properties = obj.contains_key("patternProperties");
        v.nullable_keyword = obj.get("nullable") == Some(&Value::Bool(true));
        match obj.get("items") {
            None => {}
            Some(Value::Object(_) | Value::Bool(_)) => v.items.push(loc.child("items")),
            Some(Value::Array(_)) => v.tuple = true,
            Some(other) => {
                return Err(self.error(
                    &loc.child("items"),
                    format!("`items` must be a schema, but this is {}", json_kind(other)),
                ));
            }
        }
        if obj.contains_key("prefixItems") {
            v.tuple = true;
        }
        if let Some(e) = obj.get("enum") {
            let Value::Array(values) = e else {
                return Err(self.error(&loc.child("enum"), "`enum` must be an array of values"));
            };
            let base = loc.child("enum");
            v.enum_values = Some(
                values
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (x.clone(), base.child(&i.to_string())))
                    .collect(),
            );
        } else if let Some(c) = obj.get("const") {
            v.enum_values = Some(vec![(c.clone(), loc.child("const"))]);
        }
        Ok(())
    }

    /// The rules on lengths, bounds and sizes.
    fn read_rules(&self, v: &mut View, loc: &Loc, obj: &'c Map<String, Value>) -> R<()> {
        let c = &mut v.constraints;
        c.min_length = self.count(obj, loc, "minLength")?;
        c.max_length = self.count(obj, loc, "maxLength")?;
        c.minimum = self.number(obj, loc, "minimum")?;
        c.maximum = self.number(obj, loc, "maximum")?;
        c.multiple_of = self.number(obj, loc, "multipleOf")?;
        // draft-04 writes exclusive bounds as booleans beside minimum/maximum.
        match obj.get("exclusiveMinimum") {
            Some(Value::Bool(true)) => c.exclusive_minimum = c.minimum.take(),
            Some(Value::Bool(false)) | None => {}
            Some(_) => c.exclusive_minimum = self.number(obj, loc, "exclusiveMinimum")?,
        }
        match obj.get("exclusiveMaximum") {
            Some(Value::Bool(true)) => c.exclusive_maximum = c.maximum.take(),
            Some(Value::Bool(false)) | None => {}
            Some(_) => c.exclusive_maximum = self.number(obj, loc, "exclusiveMaximum")?,
        }
        c.min_items = self.count(obj, loc, "minItems")?;
        c.max_items = self.count(obj, loc, "maxItems")?;
        c.unique_items = obj.get("uniqueItems") == Some(&Value::Bool(true));
        c.min_properties = self.count(obj, loc, "minProperties")?;
        c.max_properties = self.count(obj, loc, "maxProperties")?;
        Ok(())
    }

    /// `pattern`: an ECMA-262 expression the runtime's engine matches (a warning when only within a
    /// step limit).
    fn read_pattern(
        &self,
        v: &mut View,
        loc: &Loc,
        obj: &'c Map<String, Value>,
        cx: &mut Collector,
    ) -> R<()> {
        match obj.get("pattern") {
            None => {}
            Some(Value::String(p)) => {
                // JSON Schema patterns are ECMA-262 with Unicode semantics: checked here as such
                // (`regress`), then compiled with the engine the runtime uses, so a bad one fails
                // now, not in production (each pattern once: `patterns.rs`).
                match cx.pattern(p) {
                    Verdict::NotEcma(e) => {
                        let e = e.clone();
                        return Err(self.error(
                            &loc.child("pattern"),
                            format!(
                                "`pattern` is not an ECMA-262 regular expression ({e}); write it in \
                                 JavaScript syntax (for example `[\\s\\S]` for \"any character\")"
                            ),
                        ));
                    }
                    Verdict::NotMatchable(e) => {
                        let e = e.clone();
                        return Err(self.error(
                            &loc.child("pattern"),
                            format!(
                                "`pattern` cannot be matched by the generated code's engine: {e}"
                            ),
                        ));
                    }
                    Verdict::Matchable { linear: false } => {
                        let w = Diagnostic::warning(
                            format!(
                                "this `pattern` uses look-around or back-references, which the linear-time \
                                 engine does not match: a value is matched by a \
                                 backtracking engine within {} steps, and rejected when it \
                                 needs more",
                                schema_runtime::pattern::STEP_LIMIT
                            ),
                            self.index.corpus.documents[loc.doc].place(&loc.child("pattern").ptr),
                        )
                        .with_kind("bounded pattern");
                        // A schema is viewed once per use: say it once.
                        cx.warn_reading_once(w);
                    }
                    Verdict::Matchable { linear: true } => {}
                }
                v.constraints.patterns.push(p.clone());
            }
            Some(_) => {
                return Err(self.error(&loc.child("pattern"), "`pattern` must be a string"));
            }
        }
        Ok(())
    }

    /// `oneOf`, `anyOf`: the alternatives, with a `null` alternative noted apart.
    pub(super) fn read_alternatives(
        &self,
        v: &mut View,
        loc: &Loc,
        obj: &'c Map<String, Value>,
    ) -> R<()> {
        for key in ["oneOf", "anyOf"] {
            match obj.get(key) {
                None => {}
                Some(Value::Array(parts)) => {
                    let base = loc.child(key);
                    let mut group = AltGroup {
                        one_of: key == "oneOf",
                        alts: Vec::new(),
                        null: false,
                    };
                    for (i, part) in parts.iter().enumerate() {
                        if only_null(part) {
                            group.null = true;
                        } else {
                            group.alts.push(base.child(&i.to_string()));
                        }
                    }
                    v.alternatives.extend(group.alts.iter().cloned());
                    v.groups.push(group);
                }
                Some(other) => {
                    return Err(self.error(
                        &loc.child(key),
                        format!(
                            "`{key}` must be an array of schemas, but this is {}",
                            json_kind(other)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(super) fn count(&self, obj: &Map<String, Value>, loc: &Loc, key: &str) -> R<Option<u64>> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            }) {
                Some(n) => Ok(Some(n)),
                None => Err(self.error(
                    &loc.child(key),
                    format!("`{key}` must be a non-negative integer"),
                )),
            },
        }
    }

    pub(super) fn number(&self, obj: &Map<String, Value>, loc: &Loc, key: &str) -> R<Option<f64>> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) => Ok(Some(n)),
                None => Err(self.error(&loc.child(key), format!("`{key}` must be a number"))),
            },
        }
    }
}

/// The `propertyNames` schema of a map (`additionalProperties` without `properties`) read into
/// `v` from `obj` at `loc`: every key is checked as that schema when it is a plain string
/// ([`View::key_names`]), which takes its merged view to tell.
pub(super) fn key_names_candidate(v: &View, loc: &Loc, obj: &Map<String, Value>) -> Option<Loc> {
    (v.properties.is_empty() && !v.additional.is_empty() && obj.contains_key("propertyNames"))
        .then(|| loc.child("propertyNames"))
}

/// Whether a schema, as written, allows only `null`: `{"type": "null"}`, `{"const": null}`,
/// `{"enum": [null]}` (annotations beside them aside).
fn only_null(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let typing: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| says_something(k))
        .collect();
    match typing.as_slice() {
        ["type"] => map["type"] == "null",
        ["const"] => map["const"].is_null(),
        ["enum"] => map["enum"] == Value::Array(vec![Value::Null]),
        _ => false,
    }
}

/// The keywords of one schema object that its Rust type cannot express (see
/// [`View::unmodelled`]), in the object's order.
fn unmodelled_keywords(obj: &Map<String, Value>) -> Vec<String> {
    let several_types = match obj.get("type") {
        Some(Value::Array(types)) => {
            types.iter().filter(|t| t.as_str() != Some("null")).count() > 1
        }
        _ => false,
    };
    // `additionalProperties` applies to the members this object's own `properties` and
    // `patternProperties` do not list: beside an `allOf` or `$ref` that brings members of its
    // own, the struct's merged members do not say which (a struct keeps its extra members,
    // typed by `additionalProperties`, otherwise).
    let typed_extras = match obj.get("additionalProperties") {
        Some(Value::Object(_) | Value::Bool(false)) => {
            obj.contains_key("allOf") || obj.contains_key("$ref")
        }
        _ => false,
    };
    obj.keys()
        .filter(|k| {
            CHECKED_BY_SCHEMA.contains(&k.as_str())
                || (*k == "items" && obj[k.as_str()].is_array())
                || (*k == "type" && several_types)
                || (*k == "additionalProperties" && typed_extras)
        })
        .cloned()
        .collect()
}

/// Whether a member's own schema (not the shape it refers to) marks it secret:
/// `"writeOnly": true` or `"format": "password"` beside the reference, or in an annotating
/// `allOf` part.
pub(super) fn member_is_secret(obj: &Map<String, Value>) -> bool {
    let secret = |m: &Map<String, Value>| {
        m.get("writeOnly") == Some(&Value::Bool(true))
            || m.get("format").and_then(Value::as_str) == Some("password")
    };
    if obj.contains_key("$ref") || obj.contains_key("allOf") {
        if secret(obj) {
            return true;
        }
        if let Some(Value::Array(parts)) = obj.get("allOf") {
            return parts
                .iter()
                .filter(|p| is_annotation_only(p))
                .filter_map(Value::as_object)
                .any(secret);
        }
    }
    false
}

pub(super) fn is_annotation_only(schema: &Value) -> bool {
    match schema {
        Value::Bool(b) => *b,
        Value::Object(m) => !m.keys().any(|k| says_something(k)),
        _ => false,
    }
}
