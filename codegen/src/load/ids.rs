//! **Base URIs inside a document**: the schema resources a document embeds (`$id`, or `id` in
//! draft-04), the anchors it names (`$anchor`, `$dynamicAnchor`, draft-06/07 `"$id": "#name"`,
//! draft-04 `"id": "#name"`), and the base URI that a reference at any place of it is resolved
//! against. URIs are resolved with the validator's own RFC 3986 implementation
//! ([`crate::uri::resolve`]), so the generator and the generated checks agree on every URI.
//!
//! Takes: a parsed document and its own URI ([`Document::uri`](super::Document::uri)). Gives:
//! [`Identities`] (resources and anchors by absolute URI), found once per document when it is
//! identified ([`Document::ids`](super::Document::ids)), and [`base_at`].

use serde_json::Value;

use crate::diag::{escape_segment, pointer_segments};
use crate::uri::resolve;

/// Keywords whose values are data, not schemas: an `$id` inside them identifies nothing.
const DATA: &[&str] = &["enum", "const", "examples", "default"];

/// The resources and anchors of one document.
#[derive(Debug, Default)]
pub struct Identities {
    /// (absolute URI without fragment, JSON pointer) of every embedded resource (a schema with
    /// an `$id` below the root; the root's own is the document's URI).
    pub resources: Vec<(String, String)>,
    /// (base URI of the resource, anchor name, JSON pointer) of every anchor.
    pub anchors: Vec<(String, String, String)>,
    /// A `$dynamicRef` or `$dynamicAnchor` (or their 2019-09 forms) is somewhere in it.
    pub dynamic: bool,
}

/// The keywords of dynamic references and their anchors.
const DYNAMIC: [&str; 4] = [
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
];

/// The identifying keywords of the document's draft: `id` in draft-04 (and older), `$id` from
/// draft-06 on, either when the document does not say its draft with `$schema`.
pub fn id_keywords(root: &Value) -> &'static [&'static str] {
    if super::is_draft(root, &["draft-03", "draft-04"]) {
        &["id"]
    } else if root.get("$schema").is_some() {
        &["$id"]
    } else {
        &["$id", "id"]
    }
}

/// The identifier of a schema object, under the first of `keys` it has as a string.
fn id_of<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v str> {
    keys.iter()
        .find_map(|k| value.get(k).and_then(Value::as_str))
}

/// Every resource and anchor of the document whose own URI is `uri`.
pub fn identities(root: &Value, uri: &str) -> Identities {
    let mut out = Identities::default();
    let ref_alone = super::is_draft(root, &["draft-03", "draft-04", "draft-06", "draft-07"]);
    let keys = Keys {
        ids: id_keywords(root),
        ref_alone,
    };
    walk(root, &keys, uri.to_owned(), String::new(), &mut out);
    out
}

/// How a document names its resources.
struct Keys {
    /// [`id_keywords`].
    ids: &'static [&'static str],
    /// Up to draft-07 a `$ref` makes every keyword beside it ignored, `$id` included.
    ref_alone: bool,
}

fn walk(value: &Value, keys: &Keys, mut base: String, ptr: String, out: &mut Identities) {
    match value {
        Value::Object(map) => {
            let ignored = keys.ref_alone && map.contains_key("$ref");
            if let Some(id) = id_of(value, keys.ids).filter(|_| !ignored) {
                match id.strip_prefix('#') {
                    // draft-06/07 (and draft-04 `id`) anchors: a plain name after `#`.
                    Some(name) if !name.is_empty() && !name.starts_with('/') => {
                        out.anchors
                            .push((base.clone(), name.to_owned(), ptr.clone()));
                    }
                    Some(_) => {}
                    None => {
                        if let Some(uri) = resolve_id(&base, id) {
                            let (resource, fragment) =
                                uri.split_once('#').unwrap_or((uri.as_str(), ""));
                            base = resource.to_owned();
                            if !ptr.is_empty() {
                                out.resources.push((base.clone(), ptr.clone()));
                            }
                            if !fragment.is_empty() && !fragment.starts_with('/') {
                                out.anchors
                                    .push((base.clone(), fragment.to_owned(), ptr.clone()));
                            }
                        }
                    }
                }
            }
            out.dynamic |= DYNAMIC.iter().any(|k| map.contains_key(*k));
            for key in ["$anchor", "$dynamicAnchor"] {
                if let Some(Value::String(name)) = map.get(key) {
                    out.anchors.push((base.clone(), name.clone(), ptr.clone()));
                }
            }
            for (k, v) in map {
                if (v.is_object() || v.is_array()) && !DATA.contains(&k.as_str()) {
                    let child = format!("{ptr}/{}", escape_segment(k));
                    walk(v, keys, base.clone(), child, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if v.is_object() || v.is_array() {
                    walk(v, keys, base.clone(), format!("{ptr}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

/// An `$id` resolved against the base: an absolute one without a fragment as it is (most
/// `$id`s: no URI to parse), else by RFC 3986.
fn resolve_id(base: &str, id: &str) -> Option<String> {
    if crate::uri::has_scheme(id) && !id.contains('#') && !id.contains("/.") {
        Some(id.to_owned())
    } else {
        resolve(base, id)
    }
}

/// The base URI at `ptr` in the document whose own URI is `uri`: the innermost `$id` on the way
/// down from the root (the schema at `ptr` included) resolved against the ones above it.
pub fn base_at(root: &Value, uri: &str, ptr: &str) -> String {
    let id_key = id_keywords(root);
    // Up to draft-07 a `$ref` makes every keyword beside it ignored, `$id` included.
    let ref_alone = super::is_draft(root, &["draft-03", "draft-04", "draft-06", "draft-07"]);
    let mut base = uri.to_owned();
    let mut node = Some(root);
    let segments = pointer_segments(ptr);
    let mut in_data = false;
    for i in 0..=segments.len() {
        let Some(value) = node else { break };
        let ignored = in_data || (ref_alone && value.get("$ref").is_some());
        if !ignored
            && let Some(id) = id_of(value, id_key)
            && !id.starts_with('#')
            && let Some(resolved) = resolve_id(&base, id)
        {
            base = resolved.split('#').next().unwrap_or(&resolved).to_owned();
        }
        let Some(segment) = segments.get(i) else {
            break;
        };
        in_data |= value.is_object() && DATA.contains(&segment.as_str());
        node = match value {
            Value::Object(map) => map.get(segment.as_str()),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|n| items.get(n)),
            _ => None,
        };
    }
    base
}

/// Every `$ref` of the document with the base URI it is resolved against, when that base is
/// not the document's own (an embedded `$id` above it): (reference, base).
pub fn refs_with_bases(root: &Value, uri: &str) -> Vec<(String, Option<String>)> {
    fn go(
        value: &Value,
        id_key: &[&str],
        base: Option<&str>,
        uri: &str,
        out: &mut Vec<(String, Option<String>)>,
    ) {
        match value {
            Value::Object(map) => {
                let mut own = base.map(str::to_owned);
                if let Some(id) = id_of(value, id_key)
                    && !id.starts_with('#')
                    && let Some(resolved) = resolve_id(base.unwrap_or(uri), id)
                {
                    let resolved = resolved.split('#').next().unwrap_or(&resolved).to_owned();
                    if resolved != uri {
                        own = Some(resolved);
                    }
                }
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push((r.clone(), own.clone()));
                }
                for (k, v) in map {
                    if (v.is_object() || v.is_array()) && !DATA.contains(&k.as_str()) {
                        go(v, id_key, own.as_deref(), uri, out);
                    }
                }
            }
            Value::Array(items) => {
                for v in items {
                    go(v, id_key, base, uri, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(root, id_keywords(root), None, uri, &mut out);
    out
}
