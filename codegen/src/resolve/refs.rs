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

use std::collections::HashMap;

use serde_json::Value;

use super::{R, Resolver};
use crate::diag::pointer_segments;
use crate::ir::Loc;

/// Longest chain of references followed before giving up (guards the stack).
const MAX_CHAIN: usize = 512;

impl<'c> Resolver<'c> {
    /// Resolves a `$ref` found in the schema at `from` to the location it designates.
    pub(super) fn resolve_ref(&self, from: &Loc, reference: &Value) -> R<Loc> {
        let at = from.child("$ref");
        let Value::String(raw) = reference else {
            return Err(self.error(&at, "`$ref` must be a string"));
        };
        let (uri, fragment) = raw.split_once('#').unwrap_or((raw.as_str(), ""));
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| {
                self.error(&at, format!("`$ref` `{raw}` is not valid percent-encoding"))
            })?;
        let doc = if uri.is_empty() {
            from.doc
        } else {
            self.find_document(from, &at, uri, raw)?
        };
        let target = self.resolve_fragment(&at, doc, &fragment, raw)?;
        self.resolved.borrow_mut().insert(at);
        Ok(target)
    }

    pub(super) fn find_document(&self, from: &Loc, at: &Loc, uri: &str, raw: &str) -> R<usize> {
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
                format!(
                    "`$ref` `{raw}` leads outside the schema root; references must stay inside it"
                ),
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

    pub(super) fn resolve_fragment(
        &self,
        at: &Loc,
        doc: usize,
        fragment: &str,
        raw: &str,
    ) -> R<Loc> {
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

    /// Records that a reference from `from` is followed to `target`, failing on a cycle.
    pub(super) fn follow(&self, stack: &mut Vec<Loc>, from: &Loc, target: &Loc) -> R<()> {
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

    pub(super) fn describe_loc(&self, loc: &Loc) -> String {
        let doc = &self.corpus.documents[loc.doc];
        if loc.ptr.is_empty() {
            doc.rel_path.clone()
        } else {
            format!("{}#{}", doc.rel_path, loc.ptr)
        }
    }
}

pub(super) fn collect_anchors(
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

pub(super) fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` in a `/`-separated relative path; `None` when it climbs above the root.
pub(super) fn normalize_path(path: &str) -> Option<String> {
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
pub(super) fn join_uri(base: &str, relative: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out_of_the_root() {
        assert_eq!(
            normalize_path("a/./b/../c.json").as_deref(),
            Some("a/c.json")
        );
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
}
