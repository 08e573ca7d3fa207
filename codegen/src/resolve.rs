//! Stage 2, **resolve**: documents → named shapes ([`Ir`]), every `$ref` and `allOf` resolved.
//!
//! Takes: a loaded [`Corpus`]. Gives: the [`Ir`] (namespaces and shapes, not yet given Rust
//! names) and warnings, or every error found.
//!
//! How a `$ref` is resolved ([`Resolver::resolve_ref`]):
//! - `#/a/b` (a JSON pointer) → that value in the same document;
//! - `#/components/schemas/N`, `#/$defs/N`, `#/definitions/N` that do not exist in the document
//!   → the document titled `N` in the same namespace (the corpus layout: one shape per file);
//! - `other.json#/…` → the file relative to the referring document, confined to the schema root,
//!   then (if no such file) relative to the referring document's `$id`;
//! - `https://…/x.json#/…` or any absolute URI → the loaded document with that `$id`; the network
//!   is never used;
//! - `#name` → the subschema with `"$anchor": "name"`.
//!
//! Every document root, and every entry of `$defs`, `definitions` and `components/schemas`, gets
//! its identity ([`ShapeId`]) before anything is converted, so forward and cyclic references
//! need no second pass. Inline schemas that need a type of their own (objects, enums, primitives
//! with rules) are named after their parent shape and their place in it (`Parent` + `Member`,
//! `Item` for array items, `Value` for map values), a pure function of their location.
//!
//! `allOf`: parts that only annotate (a `description`, say) document the one part that carries
//! a schema, so `{"allOf": [{"$ref": X}, {"description": D}]}` is "X, documented as D". Several
//! schema-carrying parts are merged: properties and `required` united in order, `type`s
//! intersected, numeric bounds tightened; what cannot be merged is an error naming both places.
//!
//! Chains of references collapse to the shape at their end; a chain that comes back to itself
//! without passing through a type is an error. Structs that contain each other by value get
//! `Box`ed members; a named array or map that contains itself becomes a wrapper newtype.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, pointer_segments};
use crate::ir::{
    Collection, Constraints, Enum, EnumValue, Ir, Loc, Member, NamespaceIr, Newtype, Origin,
    Primitive, Shape, ShapeId, ShapeKind, Struct, TypeRef,
};
use crate::load::{Corpus, json_kind};

type R<T> = Result<T, Diagnostic>;

/// Longest chain of references followed before giving up (guards the stack).
const MAX_CHAIN: usize = 512;

/// Above this many values a string enum becomes a checked string newtype: an enum with one
/// variant per value would take minutes to compile (AWS's largest enums have under 1,000).
pub const MAX_ENUM_VARIANTS: usize = 2048;

/// Keywords that say something about the value (as opposed to annotations such as
/// `description`, which only document it). Any other keyword is ignored for typing.
const STRUCTURAL: &[&str] = &[
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

/// Resolves the corpus into the IR.
pub fn resolve(corpus: &Corpus) -> Result<(Ir, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut r = Resolver::new(corpus);
    r.register_named();
    // Inline shapes discovered while converting are appended and converted in turn.
    let mut next = 0;
    while next < r.ir.shapes.len() {
        let id = ShapeId(next);
        let kind = match r.convert_named(id) {
            Ok(kind) => kind,
            Err(e) => {
                r.errors.push(e);
                ShapeKind::Struct(Struct {
                    members: Vec::new(),
                    untyped: true,
                    sensitive: false,
                })
            }
        };
        r.ir.shapes[next].kind = kind;
        next += 1;
    }
    if r.errors.is_empty() {
        r.break_recursive_aliases();
    }
    if r.errors.is_empty() {
        mark_boxes(&mut r.ir);
        r.ir.refs_resolved = r.resolved.borrow().len();
        Ok((r.ir, r.warnings))
    } else {
        Err(r.errors)
    }
}

/// The resolver's state: the corpus, the indexes that references are looked up in, and the
/// shapes registered so far.
pub struct Resolver<'c> {
    corpus: &'c Corpus,
    ir: Ir,
    /// Locations that are named shapes.
    at: HashMap<Loc, ShapeId>,
    /// Per namespace: title → document.
    titles: Vec<HashMap<&'c str, usize>>,
    /// `$id` → document.
    ids: HashMap<&'c str, usize>,
    /// Root-relative path → document.
    paths: HashMap<&'c str, usize>,
    /// (document, anchor name) → pointer.
    anchors: HashMap<(usize, String), String>,
    /// The `$ref` keywords resolved so far (their locations).
    resolved: RefCell<HashSet<Loc>>,
    /// Per document: written for draft-07 or older, where a `$ref` replaces every keyword
    /// beside it (from 2019-09 on, they apply together).
    ref_alone: Vec<bool>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// What a schema says once its own keywords, its `$ref` target and its `allOf` parts are combined.
#[derive(Debug)]
struct View {
    loc: Loc,
    /// `type`, when given (several for `["string", "null"]`).
    types: Option<Vec<String>>,
    /// Where that `type` was written.
    types_at: Option<Loc>,
    description: Option<String>,
    /// Members in order, each with every schema that constrains it.
    properties: Vec<(String, Vec<Loc>)>,
    required: Vec<String>,
    /// `additionalProperties` schemas.
    additional: Vec<Loc>,
    /// `additionalProperties: false` seen.
    closed: bool,
    items: Vec<Loc>,
    /// `items` given as an array (draft-04 tuples) or `prefixItems`.
    tuple: bool,
    enum_values: Option<Vec<(Value, Loc)>>,
    constraints: Constraints,
    content_encoding: Option<String>,
    /// The schemas of `oneOf`/`anyOf`, when present.
    alternatives: Vec<Loc>,
}

/// What a schema becomes.
enum Form {
    Struct(Vec<(String, Vec<Loc>)>, Vec<String>),
    EmptyObject,
    Map(Vec<Loc>),
    List(Vec<Loc>),
    Enum(Vec<(Value, Loc)>),
    Primitive(Primitive, Box<Constraints>),
    Any,
}

impl<'c> Resolver<'c> {
    fn new(corpus: &'c Corpus) -> Self {
        let mut titles = vec![HashMap::new(); corpus.namespaces.len()];
        let mut ids = HashMap::new();
        let mut paths = HashMap::new();
        let mut anchors = HashMap::new();
        for (d, doc) in corpus.documents.iter().enumerate() {
            if let Some(t) = doc.title.as_deref() {
                titles[doc.namespace].insert(t, d);
            }
            if let Some(id) = doc.id.as_deref() {
                ids.insert(id, d);
            }
            paths.insert(doc.rel_path.as_str(), d);
            collect_anchors(&doc.root, String::new(), d, &mut anchors);
        }
        let ir = Ir {
            namespaces: corpus
                .namespaces
                .iter()
                .map(|ns| NamespaceIr {
                    name: ns.name.clone(),
                    documents: ns.documents.len(),
                })
                .collect(),
            shapes: Vec::new(),
            refs_resolved: 0,
        };
        Resolver {
            corpus,
            ir,
            at: HashMap::new(),
            titles,
            ids,
            paths,
            anchors,
            resolved: RefCell::new(HashSet::new()),
            ref_alone: corpus
                .documents
                .iter()
                .map(|d| {
                    crate::load::is_draft(&d.root, &["draft-03", "draft-04", "draft-06", "draft-07"])
                })
                .collect(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Gives every document root and every definition its identity up front.
    fn register_named(&mut self) {
        for (d, doc) in self.corpus.documents.iter().enumerate() {
            let name = match &doc.title {
                Some(t) => t.clone(),
                None => doc.stem().to_owned(),
            };
            self.register(Loc::root(d), Origin::Document(name));
            for container in [&["$defs"][..], &["definitions"], &["components", "schemas"]] {
                let mut loc = Loc::root(d);
                let mut value = Some(&doc.root);
                for seg in container {
                    value = value.and_then(|v| v.get(seg));
                    loc = loc.child(seg);
                }
                if let Some(Value::Object(defs)) = value {
                    for key in defs.keys() {
                        self.register(loc.child(key), Origin::Definition(key.clone()));
                    }
                }
            }
        }
    }

    fn register(&mut self, loc: Loc, origin: Origin) -> ShapeId {
        let id = ShapeId(self.ir.shapes.len());
        let namespace = self.corpus.documents[loc.doc].namespace;
        self.ir.shapes.push(Shape {
            namespace,
            loc: loc.clone(),
            origin,
            description: None,
            notes: Vec::new(),
            kind: ShapeKind::Pending,
        });
        self.at.insert(loc, id);
        id
    }

    fn error(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message, self.corpus.documents[loc.doc].place(&loc.ptr))
    }

    fn warn(&mut self, loc: &Loc, message: impl Into<String>) {
        let w = Diagnostic::warning(message, self.corpus.documents[loc.doc].place(&loc.ptr));
        self.warnings.push(w);
    }

    fn location_text(&self, loc: &Loc) -> String {
        self.corpus.documents[loc.doc]
            .place(&loc.ptr)
            .location_text()
    }

    fn node(&self, loc: &Loc) -> R<&'c Value> {
        self.corpus.documents[loc.doc]
            .root
            .pointer(&loc.ptr)
            .ok_or_else(|| self.error(loc, "internal: this location does not exist"))
    }

    /// The schema object at `loc`; `None` for the schema `true` (anything goes).
    fn schema(&self, loc: &Loc) -> R<Option<&'c Map<String, Value>>> {
        match self.node(loc)? {
            Value::Object(map) => Ok(Some(map)),
            Value::Bool(true) => Ok(None),
            Value::Bool(false) => Err(self.error(
                loc,
                "the schema `false` accepts no value, so no type can hold it",
            )),
            other => Err(self.error(
                loc,
                format!(
                    "a schema must be an object or a boolean, but this is {}",
                    json_kind(other)
                ),
            )),
        }
    }

    /// Converts the named shape `id` (its location is already registered).
    fn convert_named(&mut self, id: ShapeId) -> R<ShapeKind> {
        let loc = self.ir.shapes[id.0].loc.clone();
        let mut stack = vec![loc.clone()];
        let Some(obj) = self.schema(&loc)? else {
            return Ok(ShapeKind::Struct(Struct {
                members: Vec::new(),
                untyped: true,
                sensitive: false,
            }));
        };
        if let Some(target) = self.alias_target(&loc, obj)? {
            self.ir.shapes[id.0].description = self.own_description(obj);
            if let Some(&target_id) = self.at.get(&target) {
                return Ok(ShapeKind::Alias(TypeRef::Named(target_id)));
            }
            self.follow(&mut stack, &loc, &target)?;
            let target_type = self.type_at(&target, &mut stack)?;
            return Ok(ShapeKind::Alias(target_type));
        }
        let view = self.merged_view(&loc, &mut stack)?;
        self.ir.shapes[id.0].description = view.description.clone();
        Ok(match self.classify(&view)? {
            Form::Struct(props, required) => {
                ShapeKind::Struct(self.convert_struct(&view, props, required, &mut stack)?)
            }
            Form::EmptyObject => ShapeKind::Struct(Struct {
                members: Vec::new(),
                untyped: false,
                sensitive: view.constraints.sensitive,
            }),
            Form::Map(locs) => {
                let ty = TypeRef::Map(Box::new(self.type_of_all(&locs, &mut stack)?));
                collection_or_alias(ty, &view.constraints)
            }
            Form::List(locs) => {
                let ty = TypeRef::List(Box::new(self.type_of_all(&locs, &mut stack)?));
                collection_or_alias(ty, &view.constraints)
            }
            Form::Enum(values) => {
                let e = self.convert_enum(values);
                if e.values.len() > MAX_ENUM_VARIANTS {
                    self.warn(
                        &view.loc.child("enum"),
                        format!(
                            "this enum has {} values, more than {MAX_ENUM_VARIANTS}: it is \
                             generated as a string newtype that checks the value against the \
                             list, not as an enum with one variant per value",
                            e.values.len()
                        ),
                    );
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
            Form::Primitive(primitive, constraints) => ShapeKind::Newtype(Newtype {
                primitive,
                constraints: *constraints,
            }),
            Form::Any if !view.alternatives.is_empty() => {
                let names: Vec<String> = view
                    .alternatives
                    .iter()
                    .map(|l| self.alternative_name(l))
                    .collect();
                self.ir.shapes[id.0].notes.push(format!(
                    "The schema allows one of several alternatives ({}) that this generator does \
                     not model as one Rust type; the value is kept as untyped JSON.",
                    names.join(", ")
                ));
                ShapeKind::Alias(TypeRef::Any)
            }
            Form::Any => ShapeKind::Struct(Struct {
                members: Vec::new(),
                untyped: true,
                sensitive: view.constraints.sensitive,
            }),
        })
    }

    /// How an alternative of `oneOf`/`anyOf` is named in a note: the shape a reference leads to,
    /// else its `type`, else its place.
    fn alternative_name(&self, loc: &Loc) -> String {
        let Ok(Some(obj)) = self.schema(loc) else {
            return String::from("any value");
        };
        if let Some(r) = obj.get("$ref")
            && let Ok(target) = self.resolve_ref(loc, r)
            && let Some(id) = self.at.get(&target)
            && let Origin::Document(name) | Origin::Definition(name) = &self.ir.shapes[id.0].origin
        {
            return format!("`{name}`");
        }
        match obj.get("type") {
            Some(Value::String(t)) => format!("a `{t}`"),
            _ => format!("the schema at `{}`", crate::diag::display_pointer(&loc.ptr)),
        }
    }

    fn convert_struct(
        &mut self,
        view: &View,
        props: Vec<(String, Vec<Loc>)>,
        required: Vec<String>,
        stack: &mut Vec<Loc>,
    ) -> R<Struct> {
        let mut members = Vec::with_capacity(props.len());
        for (wire_name, locs) in props {
            let ty = self.type_of_all(&locs, stack)?;
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
        for name in &required {
            if !members.iter().any(|m| &m.wire_name == name) {
                self.warn(
                    &view.loc.child("required"),
                    format!(
                        "`{name}` is listed in `required` but has no schema under `properties`; \
                         it gets no member"
                    ),
                );
            }
        }
        Ok(Struct {
            members,
            untyped: false,
            sensitive: view.constraints.sensitive,
        })
    }

    /// The values of a string enum. Values that are not strings are kept as their JSON text,
    /// with one warning per enum listing them all (the corpus's YAML-1.1 booleans).
    fn convert_enum(&mut self, values: Vec<(Value, Loc)>) -> Enum {
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
                self.warn(&vloc, format!("enum value \"{wire}\" is listed twice; kept once"));
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
            self.warn(
                &first,
                format!(
                    "string enum has values that are not strings: {}{yaml}; they are kept as \
                     strings of their JSON text, which is likely not what the API sends: \
                     repair the schema with an override",
                    listed.join(", ")
                ),
            );
        }
        for vloc in dropped {
            self.warn(&vloc, "enum value is null, an array or an object; it is left out");
        }
        Enum { values: out }
    }

    /// The type of the schema at `loc` where it is used (a member, an item, a map value).
    fn type_at(&mut self, loc: &Loc, stack: &mut Vec<Loc>) -> R<TypeRef> {
        if let Some(&id) = self.at.get(loc) {
            return Ok(TypeRef::Named(id));
        }
        let Some(obj) = self.schema(loc)? else {
            return Ok(TypeRef::Any);
        };
        if let Some(target) = self.alias_target(loc, obj)? {
            if let Some(&id) = self.at.get(&target) {
                return Ok(TypeRef::Named(id));
            }
            self.follow(stack, loc, &target)?;
            let t = self.type_at(&target, stack);
            stack.pop();
            return t;
        }
        let view = self.merged_view(loc, stack)?;
        Ok(match self.classify(&view)? {
            Form::Struct(..) | Form::Enum(..) => TypeRef::Named(self.register_inline(loc)),
            Form::Primitive(_, c) if c.restricts() => TypeRef::Named(self.register_inline(loc)),
            Form::Primitive(p, _) => TypeRef::Primitive(p),
            // A list or map with rules of its own needs a newtype of its own to check them.
            Form::Map(_) | Form::List(_) if view.constraints.restricts() => {
                TypeRef::Named(self.register_inline(loc))
            }
            Form::Map(locs) => TypeRef::Map(Box::new(self.type_of_all(&locs, stack)?)),
            Form::EmptyObject => TypeRef::Map(Box::new(TypeRef::Any)),
            Form::List(locs) => TypeRef::List(Box::new(self.type_of_all(&locs, stack)?)),
            Form::Any => TypeRef::Any,
        })
    }

    /// The one type that several schemas constraining the same value agree on.
    fn type_of_all(&mut self, locs: &[Loc], stack: &mut Vec<Loc>) -> R<TypeRef> {
        let mut found: Option<(TypeRef, &Loc)> = None;
        for l in locs {
            let t = self.type_at(l, stack)?;
            if t == TypeRef::Any {
                continue;
            }
            match &found {
                None => found = Some((t, l)),
                Some((f, first)) if *f != t => {
                    return Err(self.error(
                        l,
                        "allOf parts give this member two different types; merge them into one \
                         schema",
                    )
                    .with_note(format!("the other is at {}", self.location_text(first))));
                }
                Some(_) => {}
            }
        }
        Ok(found.map_or(TypeRef::Any, |(t, _)| t))
    }

    /// Registers an inline schema that needs a type of its own, under the nearest enclosing
    /// named shape of its document (the name stage names it after that parent and the path).
    fn register_inline(&mut self, loc: &Loc) -> ShapeId {
        let segments = pointer_segments(&loc.ptr);
        let parent = (0..segments.len()).rev().find_map(|cut| {
            let prefix = Loc {
                doc: loc.doc,
                ptr: segments[..cut]
                    .iter()
                    .map(|s| format!("/{}", crate::diag::escape_segment(s)))
                    .collect(),
            };
            self.at.get(&prefix).copied()
        });
        // Every document root is registered first, so an enclosing shape always exists.
        let parent = parent.unwrap_or(ShapeId(0));
        self.register(loc.clone(), Origin::Inline { parent })
    }

    /// Records that a reference from `from` is followed to `target`, failing on a cycle.
    fn follow(&self, stack: &mut Vec<Loc>, from: &Loc, target: &Loc) -> R<()> {
        if let Some(start) = stack.iter().position(|l| l == target) {
            let mut chain: Vec<String> = stack[start..]
                .iter()
                .map(|l| self.describe_loc(l))
                .collect();
            chain.push(self.describe_loc(target));
            return Err(self.error(
                &from.child("$ref"),
                format!(
                    "reference cycle with no type in between: {}",
                    chain.join(" → ")
                ),
            ));
        }
        if stack.len() >= MAX_CHAIN {
            return Err(self.error(
                from,
                format!("more than {MAX_CHAIN} references in a chain; giving up"),
            ));
        }
        stack.push(target.clone());
        Ok(())
    }

    fn describe_loc(&self, loc: &Loc) -> String {
        let doc = &self.corpus.documents[loc.doc];
        if loc.ptr.is_empty() {
            doc.rel_path.clone()
        } else {
            format!("{}#{}", doc.rel_path, loc.ptr)
        }
    }

    /// When the schema is only a reference (with annotations), or an `allOf` with exactly one
    /// part that carries a schema (the others only annotate), the location of that schema.
    fn alias_target(&self, loc: &Loc, obj: &Map<String, Value>) -> R<Option<Loc>> {
        let structural: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| STRUCTURAL.contains(k))
            .collect();
        if self.ref_alone[loc.doc]
            && let Some(r) = obj.get("$ref")
        {
            return Ok(Some(self.resolve_ref(loc, r)?));
        }
        match structural.as_slice() {
            ["$ref"] => Ok(Some(self.resolve_ref(loc, &obj["$ref"])?)),
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

    fn all_of(&self, loc: &Loc, obj: &'c Map<String, Value>) -> R<&'c Vec<Value>> {
        match obj.get("allOf") {
            Some(Value::Array(parts)) => Ok(parts),
            Some(other) => Err(self.error(
                &loc.child("allOf"),
                format!("`allOf` must be an array of schemas, but this is {}", json_kind(other)),
            )),
            None => Err(self.error(loc, "internal: no allOf here")),
        }
    }

    /// The schema's own `description`, or that of an `allOf` part that only annotates.
    fn own_description(&self, obj: &Map<String, Value>) -> Option<String> {
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

    /// The schema's own keywords combined with its `$ref` target's and its `allOf` parts'.
    fn merged_view(&mut self, loc: &Loc, stack: &mut Vec<Loc>) -> R<View> {
        let Some(obj) = self.schema(loc)? else {
            return Ok(View::empty(loc.clone()));
        };
        if self.ref_alone[loc.doc]
            && let Some(r) = obj.get("$ref")
        {
            // draft-07 and older: the reference stands for the whole schema.
            let target = self.resolve_ref(loc, r)?;
            self.follow(stack, loc, &target)?;
            let view = self.merged_view(&target, stack);
            stack.pop();
            return view;
        }
        let mut view = self.own_view(loc, obj)?;
        if let Some(r) = obj.get("$ref") {
            let target = self.resolve_ref(loc, r)?;
            self.follow(stack, loc, &target)?;
            let other = self.merged_view(&target, stack);
            stack.pop();
            self.merge(&mut view, other?)?;
        }
        if obj.contains_key("allOf") {
            let n = self.all_of(loc, obj)?.len();
            for i in 0..n {
                let part = loc.child("allOf").child(&i.to_string());
                let other = self.merged_view(&part, stack)?;
                self.merge(&mut view, other)?;
            }
        }
        Ok(view)
    }

    /// Reads the keywords of one schema object (not following anything).
    fn own_view(&mut self, loc: &Loc, obj: &'c Map<String, Value>) -> R<View> {
        let mut v = View::empty(loc.clone());
        if let Some(t) = obj.get("type") {
            v.types = Some(match t {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => a
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect(),
                _ => {
                    return Err(self.error(
                        &loc.child("type"),
                        "`type` must be a type name or a non-empty array of type names",
                    ));
                }
            });
            v.types_at = Some(loc.child("type"));
            for (i, t) in v.types.iter().flatten().enumerate() {
                const KNOWN: &[&str] =
                    &["object", "array", "string", "integer", "number", "boolean", "null"];
                if !KNOWN.contains(&t.as_str()) {
                    let at = if matches!(obj.get("type"), Some(Value::Array(_))) {
                        loc.child("type").child(&i.to_string())
                    } else {
                        loc.child("type")
                    };
                    return Err(self.error(&at, format!("unknown type `{t}`")));
                }
            }
        }
        if let Some(Value::String(d)) = obj.get("description") {
            v.description = Some(d.clone());
        }
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
                    format!("`properties` must be an object, but this is {}", json_kind(other)),
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
        match obj.get("pattern") {
            None => {}
            Some(Value::String(p)) => {
                // JSON Schema patterns are ECMA-262 with Unicode semantics: compiled here with
                // the engine the runtime uses, so a bad one fails now, not in production.
                if let Err(e) = regress::Regex::with_flags(p, "u") {
                    return Err(self.error(
                        &loc.child("pattern"),
                        format!(
                            "`pattern` is not an ECMA-262 regular expression ({e}); write it in \
                             JavaScript syntax (for example `[\\s\\S]` for \"any character\")"
                        ),
                    ));
                }
                c.patterns.push(p.clone());
            }
            Some(_) => {
                return Err(self.error(&loc.child("pattern"), "`pattern` must be a string"));
            }
        }
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
        for key in ["oneOf", "anyOf"] {
            match obj.get(key) {
                None => {}
                Some(Value::Array(parts)) => {
                    let base = loc.child(key);
                    v.alternatives
                        .extend((0..parts.len()).map(|i| base.child(&i.to_string())));
                }
                Some(other) => {
                    return Err(self.error(
                        &loc.child(key),
                        format!("`{key}` must be an array of schemas, but this is {}", json_kind(other)),
                    ));
                }
            }
        }
        Ok(v)
    }

    fn count(&self, obj: &Map<String, Value>, loc: &Loc, key: &str) -> R<Option<u64>> {
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

    fn number(&self, obj: &Map<String, Value>, loc: &Loc, key: &str) -> R<Option<f64>> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) => Ok(Some(n)),
                None => Err(self.error(&loc.child(key), format!("`{key}` must be a number"))),
            },
        }
    }

    /// Adds what `other` says to `view` (`view` is the outer schema: its description wins).
    fn merge(&self, view: &mut View, other: View) -> R<()> {
        // A conflict is reported where the part that brings it says so (the part's own keyword
        // when it is in this document, else the `$ref` that brought it in), with a note naming
        // where the other side of the conflict comes from.
        let conflict = |what: &str, key: &str, mine: &str, theirs: &str, first: &Loc| {
            let at = if other.loc.doc == view.loc.doc {
                let keyword = other.loc.child(key);
                if self.node(&keyword).is_ok() { keyword } else { other.loc.clone() }
            } else {
                view.loc.child("$ref")
            };
            self.error(&at, format!("allOf combines contradictory {what}: {theirs} here, {mine} elsewhere"))
                .with_note(format!("{mine} comes from {}", self.location_text(first)))
        };
        view.types = match (view.types.take(), other.types.clone()) {
            (None, t) => {
                view.types_at = other.types_at.clone();
                t
            }
            (t, None) => t,
            (Some(a), Some(b)) => {
                let both: Vec<String> = a
                    .iter()
                    .filter_map(|t| {
                        if b.contains(t) || (t == "integer" && b.iter().any(|x| x == "number")) {
                            Some(t.clone())
                        } else if t == "number" && b.iter().any(|x| x == "integer") {
                            Some("integer".to_owned())
                        } else {
                            None
                        }
                    })
                    .collect();
                if both.is_empty() {
                    let first = view.types_at.clone().unwrap_or_else(|| view.loc.clone());
                    return Err(conflict(
                        "types",
                        "type",
                        &format!("`{}`", a.join("`/`")),
                        &format!("`{}`", b.join("`/`")),
                        &first,
                    ));
                }
                Some(both)
            }
        };
        if view.description.is_none() {
            view.description = other.description;
        }
        for (name, locs) in other.properties {
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
        for r in other.required {
            if !view.required.contains(&r) {
                view.required.push(r);
            }
        }
        view.additional.extend(other.additional);
        view.closed |= other.closed;
        view.items.extend(other.items);
        view.tuple |= other.tuple;
        view.enum_values = match (view.enum_values.take(), other.enum_values) {
            (None, e) | (e, None) => e,
            (Some(a), Some(b)) => {
                let both: Vec<(Value, Loc)> =
                    a.into_iter().filter(|(x, _)| b.iter().any(|(y, _)| x == y)).collect();
                if both.is_empty() {
                    let first = view.loc.clone();
                    return Err(conflict(
                        "enums",
                        "enum",
                        "another list of values",
                        "a list of values with none in common",
                        &first,
                    ));
                }
                Some(both)
            }
        };
        let (c, o) = (&mut view.constraints, other.constraints);
        c.min_length = max_opt(c.min_length, o.min_length);
        c.max_length = min_opt(c.max_length, o.max_length);
        for p in o.patterns {
            if !c.patterns.contains(&p) {
                c.patterns.push(p);
            }
        }
        c.minimum = fmax_opt(c.minimum, o.minimum);
        c.maximum = fmin_opt(c.maximum, o.maximum);
        c.exclusive_minimum = fmax_opt(c.exclusive_minimum, o.exclusive_minimum);
        c.exclusive_maximum = fmin_opt(c.exclusive_maximum, o.exclusive_maximum);
        c.multiple_of = c.multiple_of.or(o.multiple_of);
        c.min_items = max_opt(c.min_items, o.min_items);
        c.max_items = min_opt(c.max_items, o.max_items);
        c.unique_items |= o.unique_items;
        c.min_properties = max_opt(c.min_properties, o.min_properties);
        c.max_properties = min_opt(c.max_properties, o.max_properties);
        c.format = match (c.format.take(), o.format) {
            (None, f) | (f, None) => f,
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => {
                let first = view.loc.clone();
                return Err(conflict(
                    "formats",
                    "format",
                    &format!("`{a}`"),
                    &format!("`{b}`"),
                    &first,
                ));
            }
        };
        c.sensitive |= o.sensitive;
        if view.content_encoding.is_none() {
            view.content_encoding = other.content_encoding;
        }
        view.alternatives.extend(other.alternatives);
        Ok(())
    }

    /// Decides what a (merged) schema becomes.
    fn classify(&mut self, view: &View) -> R<Form> {
        let form = self.classify_keywords(view)?;
        if matches!(form, Form::Any) && !view.alternatives.is_empty() {
            // `oneOf`/`anyOf` of string constants or string enums is one string enum.
            let mut values = Vec::new();
            for alt in &view.alternatives {
                let mut stack = vec![alt.clone()];
                let v = self.merged_view(alt, &mut stack)?;
                match &v.enum_values {
                    Some(vals) if vals.iter().all(|(x, _)| x.is_string()) => {
                        values.extend(vals.iter().cloned());
                    }
                    _ => return Ok(Form::Any),
                }
            }
            let mut seen = HashSet::new();
            values.retain(|(v, _)| seen.insert(v.to_string()));
            return Ok(Form::Enum(values));
        }
        Ok(form)
    }

    /// [`classify`](Self::classify) before looking at `oneOf`/`anyOf`.
    fn classify_keywords(&mut self, view: &View) -> R<Form> {
        let mut types: Option<Vec<&str>> = view
            .types
            .as_ref()
            .map(|ts| ts.iter().map(String::as_str).filter(|t| *t != "null").collect());
        // No `type`, but an `enum`/`const` whose values all have one: that type.
        if types.is_none()
            && let Some(values) = &view.enum_values
            && let Some(first) = values.first()
        {
            let kind = |v: &Value| match v {
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                _ => None,
            };
            if let Some(k) = kind(&first.0)
                && values.iter().all(|(v, _)| kind(v) == Some(k))
            {
                types = Some(vec![k]);
            }
        }
        let mut enum_texts = Vec::new();
        if let Some(values) = &view.enum_values {
            let stringy = match &types {
                None => values.iter().all(|(v, _)| v.is_string()),
                Some(ts) => ts.as_slice() == ["string"],
            };
            if stringy {
                return Ok(Form::Enum(values.clone()));
            }
            enum_texts = values.iter().map(|(v, _)| v.to_string()).collect();
        }
        let object = || {
            if !view.properties.is_empty() || !view.required.is_empty() {
                Form::Struct(view.properties.clone(), view.required.clone())
            } else if !view.additional.is_empty() {
                Form::Map(view.additional.clone())
            } else {
                Form::EmptyObject
            }
        };
        let c = &view.constraints;
        Ok(match types.as_deref() {
            None | Some([]) => {
                if !view.properties.is_empty() || !view.required.is_empty() {
                    object()
                } else if !view.additional.is_empty() {
                    Form::Map(view.additional.clone())
                } else if !view.items.is_empty() {
                    Form::List(view.items.clone())
                } else if c.min_length.is_some() || c.max_length.is_some() || !c.patterns.is_empty()
                {
                    self.primitive("string", view)?
                } else {
                    Form::Any
                }
            }
            Some([t]) => match *t {
                "object" => object(),
                "array" => {
                    if view.tuple && view.items.is_empty() {
                        Form::List(Vec::new())
                    } else {
                        Form::List(view.items.clone())
                    }
                }
                other => self.primitive(other, view)?,
            },
            Some(_) => Form::Any,
        })
        .map(|form| match form {
            Form::Primitive(p, mut c) => {
                // Rules for another kind of value do not apply (a `maxLength` beside
                // `type: integer`, say), as JSON Schema has it.
                if p != Primitive::String {
                    c.min_length = None;
                    c.max_length = None;
                    c.patterns.clear();
                }
                if !matches!(p, Primitive::I32 | Primitive::I64 | Primitive::F64) {
                    c.minimum = None;
                    c.maximum = None;
                    c.exclusive_minimum = None;
                    c.exclusive_maximum = None;
                    c.multiple_of = None;
                }
                c.min_items = None;
                c.max_items = None;
                c.unique_items = false;
                c.min_properties = None;
                c.max_properties = None;
                if matches!(p, Primitive::Blob | Primitive::Timestamp) && !enum_texts.is_empty() {
                    self.warn(
                        &view.loc.child("enum"),
                        "an `enum` of binary or date-time values is not checked",
                    );
                } else {
                    c.enum_values = enum_texts;
                }
                Form::Primitive(p, c)
            }
            other => other,
        })
    }

    fn primitive(&mut self, t: &str, view: &View) -> R<Form> {
        let c = view.constraints.clone();
        let p = match t {
            "string" => {
                let base64 = view.content_encoding.as_deref() == Some("base64")
                    || matches!(c.format.as_deref(), Some("byte" | "binary"));
                if c.format.as_deref() == Some("date-time") {
                    Primitive::Timestamp
                } else if base64 {
                    Primitive::Blob
                } else {
                    Primitive::String
                }
            }
            "integer" => {
                let fits = |b: Option<f64>| {
                    b.is_none_or(|b| b >= f64::from(i32::MIN) && b <= f64::from(i32::MAX))
                };
                let wide = c.format.as_deref() == Some("int64")
                    || !fits(c.minimum)
                    || !fits(c.maximum)
                    || !fits(c.exclusive_minimum)
                    || !fits(c.exclusive_maximum);
                if wide { Primitive::I64 } else { Primitive::I32 }
            }
            "number" => Primitive::F64,
            "boolean" => Primitive::Bool,
            _ => return Ok(Form::Any),
        };
        Ok(Form::Primitive(p, Box::new(c)))
    }

    /// Resolves a `$ref` found in the schema at `from` to the location it designates.
    pub fn resolve_ref(&self, from: &Loc, reference: &Value) -> R<Loc> {
        let at = from.child("$ref");
        let Value::String(raw) = reference else {
            return Err(self.error(&at, "`$ref` must be a string"));
        };
        let (uri, fragment) = raw.split_once('#').unwrap_or((raw.as_str(), ""));
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| self.error(&at, format!("`$ref` `{raw}` is not valid percent-encoding")))?;
        let doc = if uri.is_empty() {
            from.doc
        } else {
            self.find_document(from, &at, uri, raw)?
        };
        let target = self.resolve_fragment(&at, doc, &fragment, raw)?;
        self.resolved.borrow_mut().insert(at);
        Ok(target)
    }

    fn find_document(&self, from: &Loc, at: &Loc, uri: &str, raw: &str) -> R<usize> {
        if has_scheme(uri) {
            if let Some(&d) = self.ids.get(uri) {
                return Ok(d);
            }
            let remote = uri.starts_with("http://") || uri.starts_with("https://");
            let why = if remote {
                "; references are never fetched from the network: put the document in the \
                 schema root"
            } else {
                ""
            };
            return Err(self.error(
                at,
                format!("`$ref` `{raw}`: no loaded document has the `$id` `{uri}`{why}"),
            ));
        }
        let path = percent_encoding::percent_decode_str(uri)
            .decode_utf8()
            .map_err(|_| self.error(at, format!("`$ref` `{raw}` is not valid percent-encoding")))?;
        let doc = &self.corpus.documents[from.doc];
        let dir = doc.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if let Some(abs) = path.strip_prefix('/') {
            abs.to_owned()
        } else {
            format!("{dir}/{path}")
        };
        let Some(normalized) = normalize_path(&joined) else {
            return Err(self.error(
                at,
                format!("`$ref` `{raw}` leads outside the schema root; references must stay inside it"),
            ));
        };
        if let Some(&d) = self.paths.get(normalized.as_str()) {
            return Ok(d);
        }
        if let Some(base) = doc.id.as_deref()
            && let Some(abs) = join_uri(base, uri)
            && let Some(&d) = self.ids.get(abs.as_str())
        {
            return Ok(d);
        }
        Err(self.error(
            at,
            format!(
                "`$ref` `{raw}`: there is no document `{normalized}` in the schema root `{}`",
                self.corpus.root.display()
            ),
        ))
    }

    fn resolve_fragment(&self, at: &Loc, doc: usize, fragment: &str, raw: &str) -> R<Loc> {
        let document = &self.corpus.documents[doc];
        if fragment.is_empty() {
            return Ok(Loc::root(doc));
        }
        if !fragment.starts_with('/') {
            return match self.anchors.get(&(doc, fragment.to_owned())) {
                Some(ptr) => Ok(Loc {
                    doc,
                    ptr: ptr.clone(),
                }),
                None => Err(self.error(
                    at,
                    format!(
                        "`$ref` `{raw}`: no schema in `{}` has `\"$anchor\": \"{fragment}\"`",
                        document.rel_path
                    ),
                )),
            };
        }
        if document.root.pointer(fragment).is_some() {
            return Ok(Loc {
                doc,
                ptr: fragment.to_owned(),
            });
        }
        let segments = pointer_segments(fragment);
        let titled = match segments.as_slice() {
            [c, s, name] if c == "components" && s == "schemas" => Some(name),
            [d, name] if d == "$defs" || d == "definitions" => Some(name),
            _ => None,
        };
        let ns = &self.corpus.namespaces[document.namespace].name;
        match titled {
            Some(name) => match self.titles[document.namespace].get(name.as_str()) {
                Some(&d) => Ok(Loc::root(d)),
                None => Err(self.error(
                    at,
                    format!(
                        "unknown `$ref` `{raw}`: `{fragment}` is not in `{}`, and no document in \
                         namespace `{ns}` has the title `{name}`",
                        document.rel_path
                    ),
                )),
            },
            None => Err(self.error(
                at,
                format!(
                    "unknown `$ref` `{raw}`: the JSON pointer `{fragment}` does not exist in `{}`",
                    document.rel_path
                ),
            )),
        }
    }

    /// Named arrays and maps that contain themselves cannot be type aliases (Rust aliases cannot
    /// be recursive): they become wrapper newtypes. A cycle of plain aliases is an error.
    ///
    /// Arrays and maps are looked at first, so that in `A = map of B`, `B = A` the wrapper is
    /// `A` (the shape that is a container) and `B` stays an alias of it.
    fn break_recursive_aliases(&mut self) {
        let containers_first = (0..self.ir.shapes.len())
            .filter(|&i| {
                matches!(
                    &self.ir.shapes[i].kind,
                    ShapeKind::Alias(TypeRef::List(_) | TypeRef::Map(_))
                )
            })
            .chain((0..self.ir.shapes.len()).filter(|&i| {
                !matches!(
                    &self.ir.shapes[i].kind,
                    ShapeKind::Alias(TypeRef::List(_) | TypeRef::Map(_))
                )
            }))
            .collect::<Vec<_>>();
        for i in containers_first {
            let ShapeKind::Alias(target) = &self.ir.shapes[i].kind else {
                continue;
            };
            let mut visited = HashSet::new();
            match reaches(&self.ir, ShapeId(i), target, &mut visited) {
                None => {}
                Some(true) => {
                    let ShapeKind::Alias(t) =
                        std::mem::replace(&mut self.ir.shapes[i].kind, ShapeKind::Pending)
                    else {
                        continue;
                    };
                    self.ir.shapes[i].kind = ShapeKind::Wrapper(t);
                }
                Some(false) => {
                    let shape = &self.ir.shapes[i];
                    let name = match &shape.origin {
                        Origin::Document(n) | Origin::Definition(n) => n.as_str(),
                        Origin::Inline { .. } => "this inline schema",
                    };
                    let has_ref = self
                        .node(&shape.loc)
                        .is_ok_and(|n| n.get("$ref").is_some());
                    let at = if has_ref { shape.loc.child("$ref") } else { shape.loc.clone() };
                    self.errors.push(self.error(
                        &at,
                        format!(
                            "`{name}` is defined only as a reference that leads back to itself; it \
                             never says what its value is"
                        ),
                    ));
                }
            }
        }
    }
}

/// Whether following `ty` through aliases comes back to `start`: `Some(through_container)`.
/// Iterative, so a chain of thousands of aliases cannot overflow the stack.
fn reaches(ir: &Ir, start: ShapeId, ty: &TypeRef, visited: &mut HashSet<ShapeId>) -> Option<bool> {
    let mut ty = ty;
    let mut through_container = false;
    loop {
        match ty {
            TypeRef::Named(id) if *id == start => return Some(through_container),
            TypeRef::Named(id) => {
                if !visited.insert(*id) {
                    return None;
                }
                match &ir.shape(*id).kind {
                    ShapeKind::Alias(t) => ty = t,
                    _ => return None,
                }
            }
            TypeRef::List(t) | TypeRef::Map(t) => {
                through_container = true;
                ty = t;
            }
            TypeRef::Primitive(_) | TypeRef::Any => return None,
        }
    }
}

/// Marks the members that must be boxed: those whose struct type contains, by value (not through
/// a list or map), the struct the member is in (strongly connected components of the
/// "contains by value" graph, Tarjan's algorithm, iterative so deep schemas cannot overflow).
fn mark_boxes(ir: &mut Ir) {
    let n = ir.shapes.len();
    let by_value = |ir: &Ir, ty: &TypeRef| -> Option<ShapeId> {
        let mut ty = ty;
        let mut hops = 0;
        loop {
            match ty {
                TypeRef::Named(id) => match &ir.shape(*id).kind {
                    ShapeKind::Struct(_) => return Some(*id),
                    ShapeKind::Alias(t) if hops < n => {
                        ty = t;
                        hops += 1;
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
    };
    let edges: Vec<Vec<ShapeId>> = (0..n)
        .map(|i| match &ir.shapes[i].kind {
            ShapeKind::Struct(s) => s.members.iter().filter_map(|m| by_value(ir, &m.ty)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let scc = tarjan(&edges);
    for i in 0..n {
        let targets: Vec<Option<ShapeId>> = match &ir.shapes[i].kind {
            ShapeKind::Struct(s) => s.members.iter().map(|m| by_value(ir, &m.ty)).collect(),
            _ => continue,
        };
        if let ShapeKind::Struct(s) = &mut ir.shapes[i].kind {
            for (m, t) in s.members.iter_mut().zip(targets) {
                m.boxed = t.is_some_and(|t| scc[t.0] == scc[i]);
            }
        }
    }
}

/// Strongly connected component index of every node.
fn tarjan(edges: &[Vec<ShapeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if let Some(w) = edges[v].get(*e).map(|w| w.0) {
                *e += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

impl View {
    fn empty(loc: Loc) -> Self {
        View {
            loc,
            types: None,
            types_at: None,
            description: None,
            properties: Vec::new(),
            required: Vec::new(),
            additional: Vec::new(),
            closed: false,
            items: Vec::new(),
            tuple: false,
            enum_values: None,
            constraints: Constraints::default(),
            content_encoding: None,
            alternatives: Vec::new(),
        }
    }
}

/// A named list or map: a plain type alias, or a checked newtype when it has rules or is secret.
fn collection_or_alias(ty: TypeRef, constraints: &Constraints) -> ShapeKind {
    if constraints.restricts() {
        ShapeKind::Collection(Collection {
            ty,
            constraints: constraints.clone(),
        })
    } else {
        ShapeKind::Alias(ty)
    }
}

/// Whether a member's own schema (not the shape it refers to) marks it secret:
/// `"writeOnly": true` or `"format": "password"` beside the reference, or in an annotating
/// `allOf` part.
fn member_is_secret(obj: &Map<String, Value>) -> bool {
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

fn is_annotation_only(schema: &Value) -> bool {
    match schema {
        Value::Bool(b) => *b,
        Value::Object(m) => !m.keys().any(|k| STRUCTURAL.contains(&k.as_str())),
        _ => false,
    }
}

fn collect_anchors(
    value: &Value,
    ptr: String,
    doc: usize,
    out: &mut HashMap<(usize, String), String>,
) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(a)) = map.get("$anchor") {
                out.entry((doc, a.clone())).or_insert_with(|| ptr.clone());
            }
            for (k, v) in map {
                if v.is_object() || v.is_array() {
                    let child = format!("{ptr}/{}", crate::diag::escape_segment(k));
                    collect_anchors(v, child, doc, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if v.is_object() || v.is_array() {
                    collect_anchors(v, format!("{ptr}/{i}"), doc, out);
                }
            }
        }
        _ => {}
    }
}

fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` in a `/`-separated relative path; `None` when it climbs above the root.
fn normalize_path(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// Resolves a relative reference against an absolute base URI (RFC 3986, without queries).
fn join_uri(base: &str, relative: &str) -> Option<String> {
    let (scheme, rest) = base.split_once("://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let joined = if relative.starts_with('/') {
        relative.to_owned()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{relative}")
    };
    let normalized = normalize_path(&joined)?;
    Some(format!("{scheme}://{authority}/{normalized}"))
}

fn max_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn fmax_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn fmin_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out_of_the_root() {
        assert_eq!(normalize_path("a/./b/../c.json").as_deref(), Some("a/c.json"));
        assert_eq!(normalize_path("a/../../x.json"), None);
    }

    #[test]
    fn relative_uris_join_against_the_base() {
        assert_eq!(
            join_uri("https://h.test/s/a/one.json", "../two.json").as_deref(),
            Some("https://h.test/s/two.json")
        );
        assert_eq!(
            join_uri("https://h.test/s/one.json", "/x/y.json").as_deref(),
            Some("https://h.test/x/y.json")
        );
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("urn:example:a"));
        assert!(!has_scheme("other.json"));
        assert!(!has_scheme("dir/x:y.json"));
    }

    #[test]
    fn tarjan_finds_cycles() {
        let edges = vec![
            vec![ShapeId(1)],
            vec![ShapeId(0)],
            vec![ShapeId(2)],
            vec![ShapeId(0)],
        ];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
    }
}
