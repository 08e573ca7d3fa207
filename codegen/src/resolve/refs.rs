//! **Reference lookup**: where a `$ref` leads.
//!
//! Takes: the `$ref` value and the location of the schema that holds it. Gives: the location
//! ([`Loc`]) of the schema it designates, or an error naming the reference:
//! - `#/a/b` (a JSON pointer) → that value in the same document;
//! - `#/components/schemas/N`, `#/$defs/N`, `#/definitions/N` that do not exist in the document
//!   → the document titled `N` in the same namespace (the corpus layout: one shape per file);
//! - `other.json#/…` → the file relative to the referring document, confined to the schema root,
//!   then (if no such file) relative to the referring document's `$id`;
//! - `https://…/x.json#/…` or any absolute URI → the loaded document with that `$id`; the network
//!   is never used;
//! - `#name` → the subschema with `"$anchor": "name"`.
//!
//! Following a chain of references is guarded here too ([`Resolver::follow`]): a chain that
//! comes back to itself, or that is longer than [`MAX_CHAIN`], is an error.

use serde_json::Value;

use super::collector::Collector;
use super::{R, Resolver};
use crate::config::Unresolved;
use crate::diag::{Severity, pointer_segments};
use crate::ir::Loc;
use crate::uri::{has_scheme, normalize_path};

/// The kind of a reference that leads nowhere (no such file, `$id`, anchor or pointer).
pub(super) const UNKNOWN_REF: &str = "unknown $ref";
/// The kind of a reference by title that no document of the namespace has.
pub(super) const UNKNOWN_TITLE: &str = "unknown title";
/// The kind of a `$ref` that is not a reference at all.
const INVALID_REF: &str = "invalid $ref";
/// What `--unresolved=untyped` turns into warnings.
const UNRESOLVED_KINDS: &[&str] = &[UNKNOWN_REF, UNKNOWN_TITLE];

/// Longest chain of references followed before giving up (guards the stack).
const MAX_CHAIN: usize = 512;

impl<'c> Resolver<'c> {
    /// Resolves a `$ref` found in the schema at `from` to the location it designates.
    pub(super) fn resolve_ref(&self, from: &Loc, reference: &Value, cx: &mut Collector) -> R<Loc> {
        match self.lookup_ref(from, reference, cx) {
            Err(e)
                if self.policies.unresolved == Unresolved::Untyped
                    && UNRESOLVED_KINDS.contains(&e.kind) =>
            {
                // `--unresolved=untyped`: the reference stands for any JSON value, with a warning.
                let mut w = e;
                w.severity = Severity::Warning;
                w.notes.push(String::from(
                    "with `--unresolved=untyped` the member it types is untyped JSON",
                ));
                cx.warn_reading(w);
                Ok(Loc::unresolved())
            }
            other => other,
        }
    }

    /// [`resolve_ref`](Self::resolve_ref) without the unresolved policy. A reference resolved,
    /// and a title that no document has, are recorded in `cx`.
    pub(super) fn lookup_ref(&self, from: &Loc, reference: &Value, cx: &mut Collector) -> R<Loc> {
        let at = from.child("$ref");
        let Value::String(raw) = reference else {
            return Err(self
                .error(&at, "`$ref` must be a string")
                .with_kind(INVALID_REF));
        };
        let (uri, fragment) = raw.split_once('#').unwrap_or((raw.as_str(), ""));
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| {
                self.error(&at, format!("`$ref` `{raw}` is not valid percent-encoding"))
                    .with_kind(INVALID_REF)
            })?;
        if let Some(target) = self.by_base_uri(from, raw) {
            cx.resolved(at);
            return Ok(target);
        }
        let doc = if uri.is_empty() {
            from.doc
        } else {
            self.find_document(from, &at, uri, raw)?
        };
        let target = self.resolve_fragment(&at, doc, &fragment, raw, cx)?;
        cx.resolved(at);
        Ok(target)
    }

    /// The reference resolved as JSON Schema has it: against the base URI at `from` (the
    /// document's URI, changed by every embedded `$id` above), to a resource (a document or an
    /// embedded `$id`) and a JSON pointer or anchor in it. `None` when that finds nothing here;
    /// the by-file and by-title lookups then get their turn.
    fn by_base_uri(&self, from: &Loc, raw: &str) -> Option<Loc> {
        let doc = &self.index.corpus.documents[from.doc];
        let uri = &self.index.doc_uris[from.doc];
        // Only a document with embedded `$id`s changes the base below its root.
        let base = if self.index.embedded_ids[from.doc] {
            crate::load::ids::base_at(&doc.root, uri, &from.ptr)
        } else {
            uri.clone()
        };
        let absolute = match raw.strip_prefix('#') {
            // A fragment alone: the base itself (no URI to parse).
            Some(_) => format!("{base}{raw}"),
            None => crate::uri::resolve(&base, raw)?,
        };
        let (resource, fragment) = absolute.split_once('#').unwrap_or((absolute.as_str(), ""));
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .ok()?;
        let at = self.index.resources.get(resource)?;
        if fragment.is_empty() {
            return Some(at.clone());
        }
        if fragment.starts_with('/') {
            let target = Loc {
                doc: at.doc,
                ptr: format!("{}{fragment}", at.ptr),
            };
            return self.index.corpus.documents[at.doc]
                .root
                .pointer(&target.ptr)
                .is_some()
                .then_some(target);
        }
        self.index
            .anchors_by_uri
            .get(&(resource.to_owned(), fragment.into_owned()))
            .cloned()
    }

    pub(super) fn find_document(&self, from: &Loc, at: &Loc, uri: &str, raw: &str) -> R<usize> {
        // Documents beyond the schema root that `load` reached for this very reference.
        if let Some(&d) = self.index.corpus.links.get(&(from.doc, uri.to_owned())) {
            return Ok(d);
        }
        if has_scheme(uri) {
            if let Some(&d) = self.index.ids.get(uri) {
                return Ok(d);
            }
            let remote = uri.starts_with("http://") || uri.starts_with("https://");
            let why = if remote {
                "; references are never fetched from the network: put the document in the \
                 schema root, or map its URI prefix to a folder (`--ref-root PREFIX=DIR`)"
            } else {
                ""
            };
            return Err(self
                .error(
                    at,
                    format!("`$ref` `{raw}`: no loaded document has the `$id` `{uri}`{why}"),
                )
                .with_kind(UNKNOWN_REF));
        }
        let path = percent_encoding::percent_decode_str(uri)
            .decode_utf8()
            .map_err(|_| {
                self.error(at, format!("`$ref` `{raw}` is not valid percent-encoding"))
                    .with_kind(INVALID_REF)
            })?;
        let doc = &self.index.corpus.documents[from.doc];
        let dir = doc.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if let Some(abs) = path.strip_prefix('/') {
            abs.to_owned()
        } else {
            format!("{dir}/{path}")
        };
        let Some(normalized) = normalize_path(&joined) else {
            return Err(self
                .error(
                    at,
                    format!(
                        "`$ref` `{raw}` leads outside the schema root; make the folder it leads to \
                         reachable with `--ref-root DIR`"
                    ),
                )
                .with_kind(UNKNOWN_REF));
        };
        if let Some(&d) = self.index.paths.get(normalized.as_str()) {
            return Ok(d);
        }
        if let Some(base) = doc.id.as_deref()
            && let Some(abs) = crate::uri::resolve(base, uri)
            && let Some(&d) = self.index.ids.get(abs.as_str())
        {
            return Ok(d);
        }
        if self.index.corpus.unreadable.contains(&normalized) {
            return Err(self
                .error(
                    at,
                    format!("`$ref` `{raw}`: `{normalized}` could not be read (see its own error)"),
                )
                .with_kind(UNKNOWN_REF));
        }
        Err(self
            .error(
                at,
                format!(
                    "`$ref` `{raw}`: there is no document `{normalized}` in the schema root `{}`",
                    self.index.corpus.root.display()
                ),
            )
            .with_kind(UNKNOWN_REF))
    }

    pub(super) fn resolve_fragment(
        &self,
        at: &Loc,
        doc: usize,
        fragment: &str,
        raw: &str,
        cx: &mut Collector,
    ) -> R<Loc> {
        let document = &self.index.corpus.documents[doc];
        if fragment.is_empty() {
            return Ok(Loc::root(doc));
        }
        if !fragment.starts_with('/') {
            return match self.index.anchors.get(&(doc, fragment.to_owned())) {
                Some(ptr) => Ok(Loc {
                    doc,
                    ptr: ptr.clone(),
                }),
                None => Err(self
                    .error(
                        at,
                        format!(
                            "`$ref` `{raw}`: no schema in `{}` has `\"$anchor\": \"{fragment}\"`",
                            document.rel_path
                        ),
                    )
                    .with_kind(UNKNOWN_REF)),
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
        let ns = &self.index.corpus.namespaces[document.namespace].name;
        match titled {
            Some(name) => match self.index.titles[document.namespace]
                .get(name.as_str())
                .map(Vec::as_slice)
            {
                Some(&[d]) => Ok(Loc::root(d)),
                Some(&[first, second, ..]) => {
                    let others = self.index.titles[document.namespace][name.as_str()].len() - 1;
                    Err(self
                        .error(
                            at,
                            format!(
                                "ambiguous `$ref` `{raw}`: {} documents in namespace `{ns}` have \
                                 the title `{name}`",
                                others + 1
                            ),
                        )
                        .with_note(format!(
                            "`{}` and `{}` both have it: give one another title, or refer to \
                             it by file",
                            self.index.corpus.documents[first].display_path,
                            self.index.corpus.documents[second].display_path
                        ))
                        .with_kind("ambiguous title"))
                }
                _ => {
                    cx.missing_title(ns, name);
                    Err(self
                        .error(
                            at,
                            format!(
                                "unknown `$ref` `{raw}`: `{fragment}` is not in `{}`, and no \
                                 document in namespace `{ns}` has the title `{name}`",
                                document.rel_path
                            ),
                        )
                        .with_kind(UNKNOWN_TITLE))
                }
            },
            None => Err(self
                .error(
                    at,
                    format!(
                        "unknown `$ref` `{raw}`: the JSON pointer `{fragment}` does not exist in \
                         `{}`",
                        document.rel_path
                    ),
                )
                .with_kind(UNKNOWN_REF)),
        }
    }

    /// Records that a reference from `from` is followed to `target`, failing on a cycle.
    pub(super) fn follow(&self, stack: &mut Vec<Loc>, from: &Loc, target: &Loc) -> R<()> {
        if let Some(start) = stack.iter().position(|l| l == target) {
            let mut chain: Vec<String> = stack[start..]
                .iter()
                .map(|l| self.describe_loc(l))
                .collect();
            chain.push(self.describe_loc(target));
            return Err(self
                .error(
                    &from.child("$ref"),
                    format!(
                        "reference cycle with no type in between: {}",
                        chain.join(" → ")
                    ),
                )
                .with_kind("reference cycle"));
        }
        if stack.len() >= MAX_CHAIN {
            return Err(self
                .error(
                    from,
                    format!("more than {MAX_CHAIN} references in a chain; giving up"),
                )
                .with_kind("reference cycle"));
        }
        stack.push(target.clone());
        Ok(())
    }

    pub(super) fn describe_loc(&self, loc: &Loc) -> String {
        let doc = &self.index.corpus.documents[loc.doc];
        if loc.ptr.is_empty() {
            doc.rel_path.clone()
        } else {
            format!("{}#{}", doc.rel_path, loc.ptr)
        }
    }
}
