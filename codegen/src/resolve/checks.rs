//! **Checks against the schema as a whole**, for keywords no Rust type expresses.
//!
//! Takes: the shapes whose merged schema has such keywords (`not`, `if`/`then`/`else`,
//! `contains`, `oneOf`, …: [`super::view::CHECKED_BY_SCHEMA`]). Gives: each one's
//! [`SchemaCheck`] (its schema's URI among the documents the crate embeds) and the
//! [`EmbeddedSchemas`] themselves, after compiling every check here with the same validator the
//! generated crate uses (the `jsonschema` crate), so that a check that cannot work (a reference
//! that leads nowhere the validator can see) is a located error now, not a failure when a value
//! is read.
//!
//! Why a validator crate and not generated checks: these keywords combine subschemas in ways
//! (`unevaluatedProperties` across `allOf` and `if`, `$dynamicRef` scopes, `oneOf` counting
//! matches) whose exact semantics `jsonschema` implements and tests against the official suite
//! for every draft; generating them again here would be a second, less tested validator. The
//! cost is paid only by crates that have such a schema (the runtime's `schema-check` feature is
//! off otherwise): the dependency's build time, and a check per value read of those types.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri};
use schema_runtime::schema;
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::ir::{EmbeddedSchemas, Loc, SchemaCheck};
use crate::load::Source;

use super::Resolver;
use super::collector::Collector;
use super::index::schema_uri;
use crate::config::Unresolved;

/// The draft named by a `$schema`, in the runtime's spelling.
fn draft_of(schema: &str) -> Option<&'static str> {
    [
        ("draft-04", "draft4"),
        ("draft-06", "draft6"),
        ("draft-07", "draft7"),
        ("2019-09", "draft2019-09"),
        ("2020-12", "draft2020-12"),
    ]
    .into_iter()
    .find(|(needle, _)| schema.contains(needle))
    .map(|(_, draft)| draft)
}

impl Resolver<'_> {
    /// The documents to embed, and the draft of those without `$schema`: the one most documents
    /// of the schema root name (2020-12 when none does). A `$ref` whose JSON pointer is not in
    /// its document, which this generator resolves by title (`#/components/schemas/Name`), and a
    /// relative file reference (`../shared/money.json`), which it resolves against the referring
    /// file before its `$id`, are written as the URI of the schema they resolve to, so that the
    /// validator finds the same schema.
    /// References looked up on the way are recorded in `cx`.
    pub(super) fn embedded(&self, cx: &mut Collector) -> EmbeddedSchemas {
        let corpus = self.index.corpus;
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        for d in &corpus.documents {
            if corpus.namespaces[d.namespace].source == Source::SchemaRoot
                && let Some(draft) = d
                    .root
                    .get("$schema")
                    .and_then(Value::as_str)
                    .and_then(draft_of)
            {
                *counts.entry(draft).or_default() += 1;
            }
        }
        let draft = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map_or("draft2020-12", |(d, _)| d);
        let documents = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut root = d.root.clone();
                self.rewrite_title_refs(&mut root, &Loc::root(i), cx);
                (d.uri(), root)
            })
            .collect();
        EmbeddedSchemas { draft, documents }
    }

    /// Whether a validator resolving `reference` (at `loc`) against its base URI reaches a
    /// resource the corpus has.
    fn validator_finds(&self, loc: &Loc, reference: &str) -> bool {
        let root = &self.index.corpus.documents[loc.doc].root;
        let base = crate::load::ids::base_at(root, &self.index.doc_uris[loc.doc], &loc.ptr);
        crate::uri::resolve(&base, reference).is_some_and(|uri| {
            let resource = uri.split('#').next().unwrap_or(&uri);
            self.index.resources.contains_key(resource)
        })
    }

    /// Rewrites the references by title and by file path under `value` (at `loc`) into URIs.
    fn rewrite_title_refs(&self, value: &mut Value, loc: &Loc, cx: &mut Collector) {
        match value {
            Value::Object(map) => {
                let rewrite = match map.get("$ref") {
                    Some(Value::String(r)) => match r.strip_prefix('#') {
                        Some(pointer) => {
                            pointer.starts_with('/')
                                && self.index.corpus.documents[loc.doc]
                                    .root
                                    .pointer(pointer)
                                    .is_none()
                        }
                        // A file path, which this generator resolves against the referring
                        // file first and a validator against the base URI (an `$id`): written
                        // out only when the validator would find no loaded resource there (so
                        // references that do resolve keep their dynamic scope).
                        None => !crate::uri::has_scheme(r) && !self.validator_finds(loc, r),
                    },
                    _ => false,
                };
                if rewrite
                    && let Ok(target) = self.lookup_ref(loc, &map["$ref"], cx)
                    && !target.is_unresolved()
                {
                    map.insert(
                        String::from("$ref"),
                        Value::String(schema_uri(self.index.corpus, &target)),
                    );
                } else if let Some(Value::String(r)) = map.get_mut("$ref")
                    && let std::borrow::Cow::Owned(encoded) = crate::uri::encode_reference(r)
                {
                    // The validator parses references strictly: what RFC 3986 does not allow
                    // (`#/definitions/Map<K, V>`) is percent-encoded, which means the same.
                    *r = encoded;
                }
                for (key, child) in map.iter_mut() {
                    self.rewrite_title_refs(child, &loc.child(key), cx);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite_title_refs(child, &loc.child(&i.to_string()), cx);
                }
            }
            _ => {}
        }
    }
}

/// Stands in for a document that no loaded file holds, when the validator asks for one: records
/// its URI and gives the schema `true` (what `--unresolved=untyped` makes of such a reference).
#[derive(Clone, Default)]
struct Missing(Arc<Mutex<BTreeSet<String>>>);

impl Retrieve for Missing {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(uri.as_str().to_owned());
        Ok(Value::Bool(true))
    }
}

impl Resolver<'_> {
    /// Compiles every check with the validator the generated crate uses: an error for each that
    /// does not compile, at its schema. A reference the validator cannot find among the
    /// embedded documents is an error where it is written, or a warning under
    /// `--unresolved=untyped` (the check then lets any value through there, as the types do).
    pub(super) fn verify_checks(
        &self,
        schemas: &EmbeddedSchemas,
        checks: &[(Loc, SchemaCheck)],
        cx: &mut Collector,
    ) {
        let corpus = self.index.corpus;
        let place = |loc: &Loc| corpus.documents[loc.doc].place(&loc.ptr);
        let missing = Missing::default();
        // The generated crate's own registry and validators (`schema_runtime::schema`).
        let registry = schema::registry(schemas.draft, schemas.documents.clone(), missing.clone());
        let registry = match registry {
            Ok(registry) => registry,
            Err(e) => {
                let message =
                    format!("the schemas cannot be loaded by the validator that checks them: {e}");
                let error = match checks.first() {
                    Some((loc, _)) => Diagnostic::error(message, place(loc)),
                    None => Diagnostic::general(message),
                };
                cx.error(error);
                return;
            }
        };
        for (loc, check) in checks {
            let uris: Vec<&str> = check.uris.iter().map(String::as_str).collect();
            let built = schema::validator(&registry, schemas.draft, &uris);
            if let Err(e) = built {
                cx.error(Diagnostic::error(
                    format!(
                        "this schema uses `{}`, which values are checked against by the \
                         `jsonschema` validator, but the validator cannot compile it: {e}",
                        check.keywords.join("`, `")
                    ),
                    place(loc),
                ));
            }
        }
        let missing = std::mem::take(&mut *missing.0.lock().unwrap_or_else(|e| e.into_inner()));
        for uri in missing {
            let message = format!(
                "the schema check needs `{uri}`, which no loaded document is: put it in the \
                 schema root, or map its URI prefix to a folder (`--ref-root PREFIX=DIR`)"
            );
            let at = self.reference_to(&uri);
            let diagnostic = match (&at, self.policies.unresolved) {
                (Some(loc), Unresolved::Error) => Diagnostic::error(message, place(loc)),
                (None, Unresolved::Error) => Diagnostic::general(message),
                (Some(loc), Unresolved::Untyped) => Diagnostic::warning(
                    format!(
                        "{message}; with `--unresolved=untyped` the check accepts any value there"
                    ),
                    place(loc),
                ),
                (None, Unresolved::Untyped) => continue,
            };
            // Under `--unresolved=untyped` the reference may have its warning already.
            if cx.warned_reading_at(diagnostic.location().as_deref()) {
                continue;
            }
            match self.policies.unresolved {
                Unresolved::Error => cx.error(diagnostic),
                Unresolved::Untyped => cx.warn(diagnostic),
            }
        }
    }

    /// The first `$ref` whose text names `uri` (as written, or as its last path segments).
    fn reference_to(&self, uri: &str) -> Option<Loc> {
        fn find(value: &Value, loc: Loc, uri: &str, out: &mut Option<Loc>) {
            if out.is_some() {
                return;
            }
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        let target = r.split('#').next().unwrap_or(r).trim_start_matches("./");
                        if !target.is_empty() && uri.ends_with(target) {
                            *out = Some(loc.child("$ref"));
                            return;
                        }
                    }
                    for (k, v) in map {
                        find(v, loc.child(k), uri, out);
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        find(v, loc.child(&i.to_string()), uri, out);
                    }
                }
                _ => {}
            }
        }
        let mut out = None;
        for (d, doc) in self.index.corpus.documents.iter().enumerate() {
            find(&doc.root, Loc::root(d), uri, &mut out);
        }
        out
    }
}
