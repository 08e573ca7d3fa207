//! Stage 1b, **overrides**: repair vendor documents with reviewed JSON Patch files.
//!
//! Takes: the [`Corpus`] as read (before titles and `$id`s are looked at) and an overrides folder laid out like the schema root:
//! `<overrides>/<namespace>/<path of the document in its namespace>`, each file an RFC 6902
//! JSON Patch (an array of operations). Gives: the corpus with every patch applied to its
//! document (before anything is resolved), and a report of what was applied.
//!
//! A patch whose document does not exist, that is not a valid JSON Patch, or whose operations no
//! longer apply (the vendor changed the document) is an error naming the patch file, the
//! `line:column` and the JSON pointer of the operation. Patches are applied with the `json-patch`
//! crate, all operations of a file or none. The default overrides folder is `overrides/` inside
//! the schema root (so `overrides` is not a namespace there).

use std::fs;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::diag::{Diagnostic, Place, offset_of};
use crate::load::{Corpus, json_files, json_kind};

/// One patch file that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The patch file, as shown to the user.
    pub patch: String,
    /// The patched document, relative to the schema root.
    pub document: String,
    /// How many operations it holds.
    pub operations: usize,
}

/// Applies every patch under `dir` to the corpus: what was applied, and an error for each patch
/// that could not be (its document is left as it was). A missing folder means no overrides.
pub fn apply(corpus: &mut Corpus, dir: &Path) -> (Vec<Applied>, Vec<Diagnostic>) {
    let files = if dir.is_dir() {
        match json_files(dir) {
            Ok(files) => files,
            Err(e) => {
                let message = format!("cannot read the overrides folder `{}`: {e}", dir.display());
                return (Vec::new(), vec![Diagnostic::general(message)]);
            }
        }
    } else {
        Vec::new()
    };
    let mut applied = Vec::new();
    let mut errors = Vec::new();
    for (rel, _) in files {
        let shown = dir.join(&rel).display().to_string();
        match apply_one(corpus, &dir.join(&rel), &rel, &shown) {
            Ok(a) => applied.push(a),
            Err(e) => errors.push(e.with_kind("override")),
        }
    }
    (applied, errors)
}

fn apply_one(
    corpus: &mut Corpus,
    file: &Path,
    rel: &str,
    shown: &str,
) -> Result<Applied, Diagnostic> {
    let text: Arc<str> = match fs::read(file).map(String::from_utf8) {
        Ok(Ok(t)) => Arc::from(t),
        Ok(Err(_)) => {
            return Err(Diagnostic::general(format!("`{shown}` is not valid UTF-8")));
        }
        Err(e) => return Err(Diagnostic::general(format!("cannot read `{shown}`: {e}"))),
    };
    let place = |pointer: &str| Place::at_pointer(shown, &text, pointer);
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let offset = offset_of(&text, e.line(), e.column());
        Diagnostic::syntax_error(
            format!("malformed JSON in an override: {e}"),
            Place::at_offset(shown, &text, offset),
        )
    })?;
    let Some(doc) = corpus.by_rel_path(rel) else {
        return Err(Diagnostic::error(
            format!(
                "this override patches `{rel}`, but the schema root has no such document (was \
                 it renamed or removed?)"
            ),
            place(""),
        ));
    };
    let Value::Array(ops) = &value else {
        return Err(Diagnostic::error(
            format!(
                "an override must be a JSON Patch: an array of operations, not {}",
                json_kind(&value)
            ),
            place(""),
        ));
    };
    let mut operations = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        match serde_json::from_value::<json_patch::PatchOperation>(op.clone()) {
            Ok(o) => operations.push(o),
            Err(e) => {
                return Err(Diagnostic::error(
                    format!("operation {i} is not an RFC 6902 operation: {e}"),
                    place(&format!("/{i}")),
                ));
            }
        }
    }
    let document = &mut corpus.documents[doc];
    // Patched on a copy, kept only if every operation applies.
    let mut patched = document.root.clone();
    if let Err(e) = json_patch::patch_unsafe(&mut patched, &operations) {
        let op = e.operation;
        let at = if ops.get(op).and_then(|o| o.get("path")).is_some() {
            format!("/{op}/path")
        } else {
            format!("/{op}")
        };
        return Err(Diagnostic::error(
            format!(
                "operation {op} no longer applies to `{}` (at `{}`: {}); the document changed \
                 since the override was written",
                document.rel_path, e.path, e.kind
            ),
            place(&at),
        ));
    }
    if !patched.is_object() {
        return Err(Diagnostic::error(
            "after this override the document root is no longer a JSON object",
            place(""),
        ));
    }
    document.root = patched;
    Ok(Applied {
        patch: shown.to_owned(),
        document: document.rel_path.clone(),
        operations: operations.len(),
    })
}
