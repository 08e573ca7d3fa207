//! **Each type's own schema**, the one its `schemars::JsonSchema` impl gives.
//!
//! Takes: the resolved shapes and their documents. Gives: per shape an [`OwnSchema`]: its
//! schema in the corpus, rewritten to stand alone as draft 2020-12:
//! - a `$ref` to a schema that is a shape (a struct, an enum, a newtype, a union, and a type alias
//!   through a marker type of its own), and an inline schema that is one, become *links*: the
//!   generated impl puts the schema generator's reference to that type there (`#/$defs/Name`),
//!   so every shape is described once and by its name, however many refer to it;
//! - a `$ref` to a schema that is no shape (a pointer into another schema) is replaced by that
//!   schema, rewritten the same way (beside other keywords, in an `allOf`);
//! - identifiers and what only references need go (`$id`, `$anchor`, `$schema`, `$defs`,
//!   `definitions`, `components`): once references are links nothing refers into them; so do
//!   keywords no JSON Schema vocabulary defines (vendor extensions), which validators ignore;
//! - older drafts' keywords are written as 2020-12 says them: `items` arrays as `prefixItems`
//!   (and `additionalItems` as `items`), draft-04's boolean `exclusiveMaximum`, `dependencies`,
//!   the keywords beside a `$ref` that draft-07 and older ignore (annotations kept), and the
//!   keywords a draft does not have (which its validators ignore: `const` in draft-04, say).
//!
//! So the schema means what the corpus says, checked by a test that validates instances against
//! both (`xtask/tests/own_schemas.rs`). A schema with dynamic references (`$dynamicRef`,
//! `$recursiveRef`), whose meaning depends on where evaluation started, or a chain of
//! references that comes back to itself without a type, cannot stand alone: that shape gets no
//! own schema, a note in its documentation and a warning.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::Resolver;
use super::collector::Collector;
use crate::config::Unresolved;
use crate::diag::{Diagnostic, escape_segment};
use crate::ir::{Ir, Loc, OwnSchema, ShapeId};
use crate::load::is_draft;

/// Keywords whose value is one schema (`items` and `additionalItems` are handled apart).
const ONE: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
/// Keywords whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const MAP: &[&str] = &["properties", "patternProperties", "dependentSchemas"];
/// Keywords left out: identifiers, and containers nothing refers into any more.
const DROPPED: &[&str] = &[
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
    "$defs",
    "definitions",
    "components",
];
/// Keywords whose value is kept as written: the assertions and annotations of JSON Schema's
/// vocabularies. Any other keyword (a vendor extension such as `x-…`, OpenAPI's `nullable`) is
/// left out: validators ignore it, and it may be large.
const VERBATIM: &[&str] = &[
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "format",
    "contentEncoding",
    "contentMediaType",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "$comment",
];
/// Keywords that annotate only: kept beside a draft-07 `$ref`, which ignores the others.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
];
/// How many references to schemas without a shape of their own (a pointer into another schema)
/// are replaced inside one another at most.
const MAX_INLINED: usize = 64;
/// References whose target depends on the dynamic scope.
const DYNAMIC: &[&str] = &["$dynamicRef", "$recursiveRef"];

/// The drafts whose words differ, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Draft {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

impl Draft {
    fn of(root: &Value) -> Self {
        if is_draft(root, &["draft-03", "draft-04"]) {
            Draft::D4
        } else if is_draft(root, &["draft-06"]) {
            Draft::D6
        } else if is_draft(root, &["draft-07"]) {
            Draft::D7
        } else if is_draft(root, &["2019-09"]) {
            Draft::D2019
        } else {
            Draft::D2020
        }
    }

    /// Whether `keyword` is one 2020-12 has and this draft does not (its validators ignore it).
    fn lacks(self, keyword: &str) -> bool {
        let since = match keyword {
            "const" | "contains" | "propertyNames" => Draft::D6,
            "if" | "then" | "else" => Draft::D7,
            "dependentRequired"
            | "dependentSchemas"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "minContains"
            | "maxContains"
            | "contentSchema" => Draft::D2019,
            "prefixItems" => Draft::D2020,
            _ => return false,
        };
        self < since
    }
}

/// A schema written, with its links (JSON pointers relative to it).
type Written = (Value, Vec<(String, ShapeId)>);

/// An own schema being written: the links found so far and the references being followed.
struct Build<'a, 'c> {
    r: &'a Resolver<'c>,
    /// Where the references looked up are recorded.
    cx: &'a mut Collector,
    /// Per location: the shape there, when it has a type of its own.
    typed: &'a dyn Fn(&Loc) -> Option<ShapeId>,
    links: Vec<(String, ShapeId)>,
    /// The schemas being replaced for their `$ref`s (a chain coming back is an error).
    following: HashSet<Loc>,
    /// The schemas replaced for `$ref`s so far, by location, for every shape: a chain of
    /// references is written once, however many shapes go through it.
    inlined: &'a mut HashMap<Loc, Result<Written, String>>,
}

impl Build<'_, '_> {
    /// The schema at `loc`, written at `out` (a JSON pointer into the own schema). `own`: it is
    /// the schema being described (not linked to even if it has a type).
    fn schema(&mut self, loc: &Loc, out: &str, own: bool) -> Result<Value, String> {
        if !own && let Some(id) = (self.typed)(loc) {
            self.links.push((out.to_owned(), id));
            return Ok(Value::Object(Map::new()));
        }
        if loc.is_unresolved() {
            return Ok(Value::Bool(true));
        }
        let node = self.r.node(loc).map_err(|e| e.message)?;
        match node {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::Object(map) => self.object(loc, map, out),
            _ => Err(String::from("a schema here is not an object or a boolean")),
        }
    }

    fn object(&mut self, loc: &Loc, map: &Map<String, Value>, out: &str) -> Result<Value, String> {
        if let Some(k) = DYNAMIC.iter().find(|k| map.contains_key(**k)) {
            return Err(format!(
                "it uses `{k}`, whose target depends on where validation started"
            ));
        }
        let draft = Draft::of(&self.r.index.corpus.documents[loc.doc].root);
        let ref_alone = draft <= Draft::D7 && map.contains_key("$ref");
        let items_list = matches!(map.get("items"), Some(Value::Array(_)));
        let mut o = Map::new();
        for (k, v) in map {
            let key = k.as_str();
            if key == "$ref"
                || DROPPED.contains(&key)
                || (draft == Draft::D4 && key == "id")
                || (ref_alone && !ANNOTATIONS.contains(&key))
                || draft.lacks(key)
            {
                continue;
            }
            let at = loc.child(key);
            let child = |name: &str| format!("{out}/{}", escape_segment(name));
            match (key, v) {
                ("items", Value::Array(list)) => {
                    let written = self.list(&at, list, &child("prefixItems"))?;
                    o.insert(String::from("prefixItems"), written);
                }
                ("additionalItems", _) if !items_list => {}
                ("additionalItems", _) | ("items", _) => {
                    o.insert(
                        String::from("items"),
                        self.schema(&at, &child("items"), false)?,
                    );
                }
                (_, Value::Array(list)) if LIST.contains(&key) => {
                    o.insert(k.clone(), self.list(&at, list, &child(key))?);
                }
                (_, Value::Object(entries)) if MAP.contains(&key) => {
                    let mut written = Map::new();
                    for name in entries.keys() {
                        let here = format!("{}/{}", child(key), escape_segment(name));
                        written.insert(name.clone(), self.schema(&at.child(name), &here, false)?);
                    }
                    o.insert(k.clone(), Value::Object(written));
                }
                ("dependencies", Value::Object(entries)) if draft <= Draft::D7 => {
                    for (name, dep) in entries {
                        let (kind, value) = if dep.is_array() {
                            ("dependentRequired", dep.clone())
                        } else {
                            let here =
                                format!("{}/{}", child("dependentSchemas"), escape_segment(name));
                            (
                                "dependentSchemas",
                                self.schema(&at.child(name), &here, false)?,
                            )
                        };
                        let slot = o.entry(kind).or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(m) = slot {
                            m.insert(name.clone(), value);
                        }
                    }
                }
                ("maximum" | "minimum", _) if draft == Draft::D4 => {
                    let exclusive = format!("exclusive{}{}", &key[..1].to_uppercase(), &key[1..]);
                    let name = if map.get(&exclusive) == Some(&Value::Bool(true)) {
                        exclusive
                    } else {
                        k.clone()
                    };
                    o.insert(name, v.clone());
                }
                ("exclusiveMaximum" | "exclusiveMinimum", Value::Bool(_)) => {}
                _ if ONE.contains(&key) => {
                    o.insert(k.clone(), self.schema(&at, &child(key), false)?);
                }
                _ if VERBATIM.contains(&key) => {
                    o.insert(k.clone(), v.clone());
                }
                _ => {}
            }
        }
        match map.get("$ref") {
            None => Ok(Value::Object(o)),
            Some(reference) => self.with_reference(loc, reference, o, out),
        }
    }

    /// The object `o` written for the schema at `loc`, with its `$ref` (`reference`): a link to
    /// the target's type, or the target inlined (in place of `o` when that is empty, else as
    /// one more `allOf` part).
    fn with_reference(
        &mut self,
        loc: &Loc,
        reference: &Value,
        mut o: Map<String, Value>,
        out: &str,
    ) -> Result<Value, String> {
        let target = match self.r.lookup_ref(loc, reference, self.cx) {
            Ok(target) => target,
            // `--unresolved=untyped`: any value, as the type says (warned about already).
            Err(_) if self.r.policies.unresolved == Unresolved::Untyped => Loc::unresolved(),
            Err(e) => return Err(e.message),
        };
        if let Some(id) = (self.typed)(&target) {
            self.links.push((out.to_owned(), id));
            return Ok(Value::Object(o));
        }
        if o.is_empty() {
            return self.inline(&target, out);
        }
        let all_of = o.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
        let n = all_of.as_array().map_or(0, Vec::len);
        let written = self.inline(&target, &format!("{out}/allOf/{n}"))?;
        if let Some(Value::Array(parts)) = o.get_mut("allOf") {
            parts.push(written);
        }
        Ok(Value::Object(o))
    }

    /// The schema at `target` (which has no type of its own) in place of a `$ref` to it, written
    /// at `out`.
    fn inline(&mut self, target: &Loc, out: &str) -> Result<Value, String> {
        let written = match self.inlined.get(target) {
            Some(done) => done.clone(),
            None => {
                if self.following.len() >= MAX_INLINED {
                    return Err(format!(
                        "it is reached through more than {MAX_INLINED} references to schemas \
                         without a type of their own"
                    ));
                }
                if !self.following.insert(target.clone()) {
                    return Err(String::from(
                        "its references come back to themselves without passing through a type",
                    ));
                }
                let outer = std::mem::take(&mut self.links);
                let value = self.schema(target, "", true);
                let links = std::mem::replace(&mut self.links, outer);
                self.following.remove(target);
                let written = value.map(|v| (v, links));
                self.inlined.insert(target.clone(), written.clone());
                written
            }
        };
        let (value, links) = written?;
        self.links
            .extend(links.into_iter().map(|(at, id)| (format!("{out}{at}"), id)));
        Ok(value)
    }

    fn list(&mut self, at: &Loc, list: &[Value], out: &str) -> Result<Value, String> {
        let mut written = Vec::with_capacity(list.len());
        for i in 0..list.len() {
            let index = i.to_string();
            written.push(self.schema(&at.child(&index), &format!("{out}/{index}"), false)?);
        }
        Ok(Value::Array(written))
    }
}

impl Resolver<'_> {
    /// Every shape's own schema; a shape whose schema cannot stand alone gets a note and a
    /// warning instead.
    pub(super) fn own_schemas(&self, ir: &mut Ir, cx: &mut Collector) {
        // Every shape describes itself (a type alias through a marker type of its own), so a
        // reference to any shape is a link and a chain of aliases is not written out again in
        // each of them.
        let typed = |loc: &Loc| self.shapes.at(loc);
        let mut inlined = HashMap::new();
        for shape in &mut ir.shapes {
            let mut parts = vec![shape.loc.clone()];
            parts.extend(self.shapes.extra_parts(&shape.loc).iter().cloned());
            let mut b = Build {
                r: self,
                cx: &mut *cx,
                typed: &typed,
                links: Vec::new(),
                following: HashSet::new(),
                inlined: &mut inlined,
            };
            let built = if parts.len() == 1 {
                b.schema(&shape.loc, "", true)
            } else {
                let mut all = Vec::new();
                parts
                    .iter()
                    .enumerate()
                    .try_for_each(|(n, part)| {
                        all.push(b.schema(part, &format!("/allOf/{n}"), n == 0)?);
                        Ok::<(), String>(())
                    })
                    .map(|()| serde_json::json!({ "allOf": all }))
            };
            match built {
                Ok(value) => {
                    shape.own_schema = Some(OwnSchema {
                        value,
                        links: b.links,
                        parts,
                    })
                }
                Err(why) => {
                    shape.notes.push(format!(
                        "With the `schemars` feature its schema is `true` (any value): its \
                         schema cannot stand alone, as {why}."
                    ));
                    let place = self.index.corpus.documents[shape.loc.doc].place(&shape.loc.ptr);
                    cx.warn(
                        Diagnostic::warning(
                            format!(
                                "its `schemars` schema is `true`: it cannot stand alone, as {why}"
                            ),
                            place,
                        )
                        .with_kind("schemars schema"),
                    );
                }
            }
        }
    }
}
