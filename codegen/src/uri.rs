//! URI and path helpers shared by `load` (which reaches documents beyond the schema root) and
//! `resolve` (which looks references up): they must agree on where a reference leads.
//!
//! Takes: reference text, base URIs, `/`-separated paths. Gives: joined and normalized forms;
//! nothing here touches the file system (beyond asking for the current folder) or the network.

/// Whether `uri` starts with a scheme (`https:`, `urn:`), i.e. is absolute.
pub fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` in a `/`-separated relative path; `None` when it climbs above the root.
pub fn normalize_path(path: &str) -> Option<String> {
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

/// `relative` resolved against the absolute URI `base` (RFC 3986, fragments and `urn:` bases
/// included), by the validator's own implementation so that both agree; `None` when either is
/// not a URI.
pub fn resolve(base: &str, relative: &str) -> Option<String> {
    let base = jsonschema::uri::from_str(base).ok()?;
    let resolved = jsonschema::uri::resolve_against(&base.borrow(), relative).ok()?;
    Some(resolved.as_str().to_owned())
}

/// Percent-encodes what a URI path (or, with `fragment`, a fragment) cannot hold as it is.
pub fn percent_encode(text: &str, fragment: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let plain = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@/".contains(&b)
            || (fragment && b == b'?');
        if plain {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `$ref` as a URI reference that a strict parser takes: what RFC 3986 does not allow where
/// it stands (`<`, `>`, spaces, `{`, `|`, a second `#`, a `%` that starts no escape, non-ASCII
/// text, …) percent-encoded, which names the same resource and, decoded, the same JSON pointer.
/// Catalogues write `#/definitions/Map<K, V>`, which lenient validators take as it is; the one
/// the checks run does not. A reference that is already valid comes back unchanged.
pub fn encode_reference(reference: &str) -> std::borrow::Cow<'_, str> {
    let bytes = reference.as_bytes();
    let allowed = |i: usize, in_fragment: bool| {
        let b = bytes[i];
        b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@/?".contains(&b)
            || (b == b'#' && !in_fragment)
            || (b == b'%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    };
    let mut out = String::new();
    let mut in_fragment = false;
    for (i, &b) in bytes.iter().enumerate() {
        if allowed(i, in_fragment) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        in_fragment |= b == b'#';
    }
    if out == reference {
        return std::borrow::Cow::Borrowed(reference);
    }
    std::borrow::Cow::Owned(out)
}

/// `path` made absolute against the current folder, with `.` and `..` resolved as text (the
/// file need not exist; symbolic links are not followed, so a path is judged by what it says).
pub fn absolute_path(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::{Component, PathBuf};
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path))
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
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
    fn relative_uris_resolve_against_the_base() {
        assert_eq!(
            resolve("https://h.test/s/a/one.json", "../two.json").as_deref(),
            Some("https://h.test/s/two.json")
        );
        assert_eq!(
            resolve("https://h.test/s/one.json", "/x/y.json").as_deref(),
            Some("https://h.test/x/y.json")
        );
        // A base that ends in a folder keeps it; `urn:` bases take fragments.
        assert_eq!(
            resolve("http://h.test/a/folder/", "b.json").as_deref(),
            Some("http://h.test/a/folder/b.json")
        );
        assert_eq!(
            resolve("urn:uuid:1234", "#/$defs/x").as_deref(),
            Some("urn:uuid:1234#/$defs/x")
        );
    }

    #[test]
    fn references_are_encoded_only_where_they_must_be() {
        for fine in [
            "#/definitions/a",
            "other.json#/$defs/x%20y",
            "https://h.test/a?b#c:d@e",
            "",
        ] {
            assert!(
                matches!(encode_reference(fine), std::borrow::Cow::Borrowed(_)),
                "{fine}"
            );
        }
        assert_eq!(
            encode_reference("#/definitions/Map<K, V>"),
            "#/definitions/Map%3CK,%20V%3E"
        );
        assert_eq!(encode_reference("#/a#b"), "#/a%23b");
        assert_eq!(encode_reference("#/50%"), "#/50%25");
        assert_eq!(encode_reference("#/é"), "#/%C3%A9");
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("urn:example:a"));
        assert!(!has_scheme("other.json"));
        assert!(!has_scheme("dir/x:y.json"));
    }
}
