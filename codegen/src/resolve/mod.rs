//! Stage 2, **resolve**: documents → named shapes ([`Ir`]), every `$ref` and `allOf` resolved.
//!
//! Takes: a loaded [`Corpus`]. Gives: the [`Ir`] (namespaces and shapes; Rust names are the
//! next stage's) and warnings, or every error found.
//!
//! The resolver's state is in four parts: the [`index`] of the corpus (titles, `$id`s, paths,
//! anchors, resources; built once, never changed), the [`Policies`] (the settings, one value,
//! a field of [`crate::config::Settings`]), the shape registry ([`shapes`]), and a
//! [`collector`] of what the run reports (errors, warnings, the titles that no document has, the
//! references resolved), passed `&mut` to whatever finds something to report.
//!
//! One concern per file, each calling only those above it (`mod.rs` holds the helpers all use):
//! - [`index`]: the corpus and its lookups;
//! - [`shapes`]: the shapes registered so far, by id and by place;
//! - [`collector`]: the diagnostics, and what the run reports beside them;
//! - [`json_type`]: the `type` names as an enum;
//! - [`refs`]: where a `$ref` leads (pointers, titles, files, `$id`s, anchors), and reference
//!   chains;
//! - [`view`]: what one schema's own keywords say;
//! - [`merge`]: `allOf` parts and `$ref` siblings merged, facet by facet (reads with [`view`]);
//! - [`classify`]: what a merged schema becomes (struct, map, list, enum, primitive, any);
//! - [`unions`]: how a schema that is one `oneOf`/`anyOf` is typed (a plan, a discriminator);
//! - [`convert`]: named and inline schemas into shapes and type references (registers the inline
//!   shapes it finds);
//! - [`checks`]: the checks against the schema as a whole, compiled once;
//! - [`cycles`]: recursive aliases become wrappers, structs that contain each other get boxes;
//! - [`own_schema`]: each shape's schema standing alone, for its `schemars::JsonSchema` impl;
//! - `tests`: one unit test per rule, schema text in and the IR rendered out.
//!
//! So keywords are read ([`view`]) ← merged ([`merge`]) ← classified ([`classify`], [`unions`])
//! ← converted ([`convert`]), and never the other way: whatever needs a merged view (whether a
//! map's `propertyNames` is a plain string, say) is decided in [`merge`] or above it.
//!
//! How a `$ref` is resolved ([`refs`]):
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

mod checks;
mod classify;
mod collector;
mod convert;
mod cycles;
mod index;
mod json_type;
mod merge;
mod own_schema;
mod patterns;
mod refs;
mod shapes;
#[cfg(test)]
mod tests;
mod unions;
mod view;

use collector::Collector;
use index::Index;
use shapes::Shapes;

use serde_json::{Map, Value};

use crate::config::{Policies, Unresolved};
use crate::diag::Diagnostic;
use crate::ir::{Ir, Loc, NamespaceIr, Origin, Shape, ShapeId, ShapeKind, TypeRef};
use crate::load::{Corpus, json_kind};

pub use convert::MAX_ENUM_VARIANTS;

type R<T> = Result<T, Diagnostic>;

/// What resolving gave: the IR, and every problem found on the way. When `errors` is not empty
/// the IR is incomplete and must not be emitted.
#[derive(Debug)]
pub struct Outcome {
    /// The named shapes.
    pub ir: Ir,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Errors, every one found (resolving goes on past each).
    pub errors: Vec<Diagnostic>,
    /// (namespace, title) of every title that a reference names and no document has: the
    /// documents to write (or stub).
    pub missing_titles: Vec<(String, String)>,
}

impl Outcome {
    /// The IR and its warnings, or the errors.
    pub fn into_result(self) -> Result<(Ir, Vec<Diagnostic>), Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok((self.ir, self.warnings))
        } else {
            Err(self.errors)
        }
    }
}

/// Resolves the corpus into the IR.
pub fn resolve(corpus: &Corpus, policies: Policies) -> Outcome {
    let mut cx = Collector::default();
    let mut r = Resolver::new(corpus, policies);
    r.register_named(&mut cx);
    // Inline shapes discovered while converting are appended and converted in turn.
    let mut kinds: Vec<ShapeKind> = Vec::new();
    while kinds.len() < r.shapes.len() {
        let id = ShapeId(kinds.len());
        let kind = match r.convert_named(id, &mut cx) {
            Ok(kind) => kind,
            Err(e) => {
                // Nothing is emitted once there is an error; the shape only holds its place.
                cx.error(e);
                ShapeKind::Alias(TypeRef::Any)
            }
        };
        kinds.push(kind);
    }
    // Checks against the schema as a whole, numbered in shape order, compiled here once.
    let mut checks = Vec::new();
    for head in r.shapes.heads_mut() {
        if let Some(check) = &mut head.check {
            check.index = checks.len();
            checks.push((head.loc.clone(), check.clone()));
        }
    }
    let schemas = (!checks.is_empty()).then(|| r.embedded(&mut cx));
    if let Some(schemas) = &schemas
        && !cx.has_errors()
    {
        r.verify_checks(schemas, &checks, &mut cx);
    }
    let wrapped = r.uses(&kinds, &mut cx);
    let heads = r.shapes.take_heads();
    let mut ir = Ir {
        namespaces: corpus
            .namespaces
            .iter()
            .map(|ns| NamespaceIr {
                name: ns.name.clone(),
                documents: ns.documents.len(),
            })
            .collect(),
        shapes: heads
            .into_iter()
            .zip(kinds)
            .zip(wrapped)
            .map(|((h, kind), wrapped)| Shape {
                namespace: h.namespace,
                loc: h.loc,
                origin: h.origin,
                description: h.description,
                notes: h.notes,
                check: h.check,
                wrapped,
                kind,
                own_schema: None,
            })
            .collect(),
        refs_resolved: cx.resolved_count(),
        schemas,
    };
    if !cx.has_errors() {
        r.break_recursive_aliases(&mut ir, &mut cx);
    }
    if !cx.has_errors() {
        cycles::mark_boxes(&mut ir);
        r.own_schemas(&mut ir, &mut cx);
    }
    cx.finish(ir)
}

impl Resolver<'_> {
    /// How each shape's values are typed where it is used, for `roundtrip` (an alias's type is
    /// its target's use already: a chain of aliases is not walked again for each link).
    fn uses(&mut self, kinds: &[ShapeKind], cx: &mut Collector) -> Vec<Option<TypeRef>> {
        (0..self.shapes.len())
            .map(|i| {
                let reference = |t: &TypeRef| {
                    matches!(
                        t,
                        TypeRef::Named(_) | TypeRef::Nullable(_) | TypeRef::Loose(..)
                    )
                };
                if matches!(&kinds[i], ShapeKind::Alias(t) | ShapeKind::Wrapper(t) if reference(t))
                {
                    return None;
                }
                let loc = self.shapes.head(ShapeId(i)).loc.clone();
                let t = self.named(&loc, ShapeId(i), cx);
                (t != TypeRef::Named(ShapeId(i))).then_some(t)
            })
            .collect()
    }
}

/// The corpus's documents as the generated checks give them to a validator (references by
/// title written as the URIs they lead to), and the draft of those that name none: for tools and
/// tests that check values against the corpus itself.
pub fn validation_documents(corpus: &Corpus, unresolved: Unresolved) -> crate::ir::EmbeddedSchemas {
    let policies = Policies {
        unresolved,
        ..Policies::default()
    };
    Resolver::new(corpus, policies).embedded(&mut Collector::default())
}

/// The URI of the schema at `loc` among [`validation_documents`]: its document's URI with the
/// JSON pointer as the fragment.
pub fn schema_uri(corpus: &Corpus, loc: &Loc) -> String {
    index::schema_uri(corpus, loc)
}

/// The resolver's state: the corpus and its indexes (immutable), the settings, and the shapes
/// registered so far. What it reports goes to a [`Collector`] passed beside it.
pub struct Resolver<'c> {
    /// The corpus and its lookups (immutable).
    index: Index<'c>,
    /// The settings that change what the schemas become.
    policies: Policies,
    /// The shapes registered so far.
    shapes: Shapes,
}

/// The schema `{"not": {}}`, which the schema `false` is read as.
fn never() -> &'static Map<String, Value> {
    static NEVER: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(|| {
        let mut m = Map::new();
        m.insert(String::from("not"), Value::Object(Map::new()));
        m
    });
    &NEVER
}

impl<'c> Resolver<'c> {
    fn new(corpus: &'c Corpus, policies: Policies) -> Self {
        Resolver {
            index: Index::new(corpus),
            policies,
            shapes: Shapes::default(),
        }
    }

    /// Gives every document root and every definition its identity up front.
    /// A document is named by its title, or by its file name when it has none or when other
    /// documents of its namespace share its title (with a warning: the title is then ambiguous,
    /// which is an error only for a reference that names it).
    fn register_named(&mut self, cx: &mut Collector) {
        for (d, doc) in self.index.corpus.documents.iter().enumerate() {
            let name = match &doc.title {
                Some(t) if self.index.titles[doc.namespace][t.as_str()].len() > 1 => {
                    let sharing = self.index.titles[doc.namespace][t.as_str()].len();
                    cx.warn(
                        Diagnostic::warning(
                            format!(
                                "{sharing} documents of namespace `{}` have the title `{t}`; \
                                 this one is named after its file (`{}`)",
                                self.index.corpus.namespaces[doc.namespace].name,
                                doc.stem()
                            ),
                            doc.place("/title"),
                        )
                        .with_kind("shared title"),
                    );
                    doc.stem().to_owned()
                }
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
                    for (key, def) in defs {
                        if !matches!(def, Value::Object(_) | Value::Bool(_)) {
                            // Validators ignore a definition nothing refers to; so does this, and
                            // a reference to it is the error.
                            cx.warn(
                                Diagnostic::warning(
                                    format!(
                                        "this definition is not a schema but {}: it is not a \
                                         type, and a `$ref` to it is an error",
                                        json_kind(def)
                                    ),
                                    doc.place(&loc.child(key).ptr),
                                )
                                .with_kind("not a schema"),
                            );
                            continue;
                        }
                        self.register(loc.child(key), Origin::Definition(key.clone()));
                    }
                }
            }
        }
    }

    pub(super) fn register(&mut self, loc: Loc, origin: Origin) -> ShapeId {
        let namespace = self.index.corpus.documents[loc.doc].namespace;
        self.shapes.register(namespace, loc, origin)
    }

    pub(super) fn error(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            message,
            self.index.corpus.documents[loc.doc].place(&loc.ptr),
        )
    }

    pub(super) fn warning(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(
            message,
            self.index.corpus.documents[loc.doc].place(&loc.ptr),
        )
    }

    pub(super) fn location_text(&self, loc: &Loc) -> String {
        self.index.corpus.documents[loc.doc]
            .place(&loc.ptr)
            .location_text()
    }

    pub(super) fn node(&self, loc: &Loc) -> R<&'c Value> {
        if loc.is_unresolved() {
            // An unresolved reference under `--unresolved=untyped`: the schema `true`.
            return Ok(&Value::Bool(true));
        }
        self.index.corpus.documents[loc.doc]
            .root
            .pointer(&loc.ptr)
            .ok_or_else(|| self.error(loc, "internal: this location does not exist"))
    }

    /// The schema object at `loc`; `None` for the schema `true` (anything goes).
    pub(super) fn schema(&self, loc: &Loc) -> R<Option<&'c Map<String, Value>>> {
        match self.node(loc)? {
            Value::Object(map) => Ok(Some(map)),
            Value::Bool(true) => Ok(None),
            // `false` accepts nothing, as `{"not": {}}` does: a value that is checked against
            // the schema, and so never read (an optional member must then be absent).
            Value::Bool(false) => Ok(Some(never())),
            other => Err(self.error(
                loc,
                format!(
                    "a schema must be an object or a boolean, but this is {}",
                    json_kind(other)
                ),
            )),
        }
    }
}
