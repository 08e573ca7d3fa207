//! Stage 1, **load**: read every `*.json` document under the schema root.
//!
//! Takes: the schema root folder. Each sub-folder is a namespace; every `*.json` file below it
//! (at any depth, hidden entries skipped, symbolic links followed) is a document of that
//! namespace.
//! Gives: a [`Corpus`]: namespaces and documents in a deterministic order (sorted by path), each
//! document with its source text (kept for diagnostics) and its parsed value (key order
//! preserved) ([`read`]); then, once the [`crate::overrides`] are applied, every document's
//! `title` and `$id` ([`identify`]). Problems (unreadable file, invalid UTF-8, malformed JSON, a
//! root that is not an object, a bad or duplicate `title`/`$id`) are all collected before
//! failing. [`json_files`] is the generator's one directory walker.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::diag::{Diagnostic, Place, offset_of};

pub mod external;
pub mod ids;
pub use external::RefRoot;

/// One schema document.
#[derive(Debug)]
pub struct Document {
    /// Index of its namespace in [`Corpus::namespaces`].
    pub namespace: usize,
    /// Path relative to the schema root, `/`-separated (`cognito-idp/foo.json`).
    pub rel_path: String,
    /// Path as shown to the user: the schema root as given, joined with `rel_path`.
    pub display_path: String,
    /// The source text.
    pub text: Arc<str>,
    /// The parsed document.
    pub root: Value,
    /// The `title`, when the document has one.
    pub title: Option<String>,
    /// The `$id`, when the document has one.
    pub id: Option<String>,
    /// Its embedded resources and anchors (found once its `$id` is known).
    pub ids: ids::Identities,
}

impl Document {
    /// The place of a JSON pointer in this document, for diagnostics.
    pub fn place(&self, pointer: &str) -> Place {
        Place::at_pointer(&self.display_path, &self.text, pointer)
    }

    /// The URI the document is known by: its absolute `$id` (or the URI it was reached by),
    /// else `file:///` and its path under the schema root. References in it are resolved
    /// against this URI (and the `$id`s inside it, [`ids`]).
    pub fn uri(&self) -> String {
        match self.id.as_deref() {
            Some(id) if crate::uri::has_scheme(id) => id.split('#').next().unwrap_or(id).to_owned(),
            _ => format!(
                "file:///{}",
                crate::uri::percent_encode(&self.rel_path, false)
            ),
        }
    }

    /// Finds its embedded resources and anchors ([`Document::ids`]) against its URI.
    pub fn find_ids(&mut self) {
        self.ids = ids::identities(&self.root, &self.uri());
    }

    /// The file name without its `.json` extension.
    pub fn stem(&self) -> &str {
        let name = self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path);
        name.strip_suffix(".json").unwrap_or(name)
    }
}

/// One namespace: a sub-folder of the schema root.
#[derive(Debug)]
pub struct Namespace {
    /// The folder name (`cognito-idp`).
    pub name: String,
    /// Its documents, as indices into [`Corpus::documents`], sorted by path.
    pub documents: Vec<usize>,
    /// Where its documents come from.
    pub source: Source,
}

/// Where a namespace's documents come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A folder of the schema root.
    SchemaRoot,
    /// The built-in JSON Schema meta-schemas, reached by a reference ([`external`]).
    MetaSchemas,
    /// Reference root number `i`, reached by a reference ([`external`]).
    RefRoot(usize),
}

/// The folder name at the schema root that holds overrides, not a namespace.
pub const OVERRIDES: &str = "overrides";

/// Everything read from a schema root.
#[derive(Debug)]
pub struct Corpus {
    /// The schema root as given.
    pub root: PathBuf,
    /// Namespaces sorted by folder name.
    pub namespaces: Vec<Namespace>,
    /// All documents, namespace by namespace.
    pub documents: Vec<Document>,
    /// Root-relative paths of the files that could not be read or parsed (each has its own
    /// error), so that a reference to one says so instead of "no such document".
    pub unreadable: Vec<String>,
    /// References that lead beyond the schema root, by (referring document, URI part of the
    /// `$ref`): the document [`external::reach`] loaded for each.
    pub links: HashMap<(usize, String), usize>,
}

/// What [`read`] found: the documents that could be read, and the problems with the others.
#[derive(Debug)]
pub struct Read {
    /// The documents read.
    pub corpus: Corpus,
    /// Warnings (an empty namespace folder, say).
    pub warnings: Vec<Diagnostic>,
    /// Every file that could not be read or parsed, each with its own error.
    pub errors: Vec<Diagnostic>,
}

impl Corpus {
    /// The document at a root-relative path, if loaded.
    pub fn by_rel_path(&self, rel_path: &str) -> Option<usize> {
        self.documents.iter().position(|d| d.rel_path == rel_path)
    }
}

/// Reads and parses every document under the schema root; titles and `$id`s are read later by
/// [`identify`], after the overrides are applied. A file that cannot be read is an error and the
/// others are still read, so that one run reports every problem; only an unreadable schema root
/// fails the read at once.
pub fn read(root: &Path) -> Result<Read, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let entries = match sorted_entries(root) {
        Ok(e) => e,
        Err(e) => {
            return Err(vec![Diagnostic::general(format!(
                "cannot read the schema root `{}`: {e}",
                root.display()
            ))]);
        }
    };
    let (mut namespaces, pending) = namespace_folders(root, entries, &mut errors, &mut warnings);
    let mut documents = Vec::new();
    // Reading and parsing are independent per file: spread over the machine's cores, in order.
    let mut unreadable = Vec::new();
    for ((ns_index, rel_path, _), read) in pending.iter().zip(read_all(root, &pending)) {
        match read {
            Ok((display_path, text, value)) => {
                namespaces[*ns_index].documents.push(documents.len());
                documents.push(Document {
                    namespace: *ns_index,
                    rel_path: rel_path.clone(),
                    display_path,
                    text,
                    root: value,
                    title: None,
                    id: None,
                    ids: Default::default(),
                });
            }
            Err(d) => {
                unreadable.push(rel_path.clone());
                errors.push(d);
            }
        }
    }
    let corpus = Corpus {
        root: root.to_path_buf(),
        namespaces,
        documents,
        unreadable,
        links: HashMap::new(),
    };
    Ok(Read {
        corpus,
        warnings,
        errors,
    })
}

/// The namespaces of the schema root's folders (but the overrides' folder), and the files each
/// holds: (namespace, root-relative path, file). A folder that cannot be a namespace and a file
/// beside the folders are errors, an empty folder a warning.
#[allow(clippy::type_complexity)]
fn namespace_folders(
    root: &Path,
    entries: Vec<(String, PathBuf, bool)>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Namespace>, Vec<(usize, String, PathBuf)>) {
    let mut namespaces: Vec<Namespace> = Vec::new();
    let mut pending: Vec<(usize, String, PathBuf)> = Vec::new();
    for (name, path, is_dir) in entries {
        if is_dir && name == OVERRIDES {
            continue;
        }
        if !is_dir {
            if name.ends_with(".json") {
                errors.push(Diagnostic::general(format!(
                    "`{}` is directly in the schema root; documents belong in a namespace \
                     sub-folder (for example `{}/{name}`)",
                    path.display(),
                    root.join("my-namespace").display()
                )));
            }
            continue;
        }
        if let Some(c) = name.chars().find(|&c| !fits_a_namespace_name(c)) {
            errors.push(
                Diagnostic::general(format!(
                    "namespace folder {:?} cannot be a namespace: its name holds U+{:04X}, a \
                     control or bidirectional-text character (the name is written in the \
                     generated code's comments); rename the folder",
                    path.display().to_string(),
                    c as u32
                ))
                .with_kind("invalid namespace name"),
            );
            continue;
        }
        let files = match json_files(&path) {
            Ok(files) => files,
            Err(e) => {
                errors.push(Diagnostic::general(format!(
                    "cannot read `{}`: {e}",
                    path.display()
                )));
                continue;
            }
        };
        if files.is_empty() {
            warnings.push(Diagnostic {
                severity: crate::diag::Severity::Warning,
                ..Diagnostic::general(format!(
                    "namespace folder `{}` holds no `.json` documents; it is skipped",
                    path.display()
                ))
            });
            continue;
        }
        let ns_index = namespaces.len();
        namespaces.push(Namespace {
            name: name.clone(),
            documents: Vec::new(),
            source: Source::SchemaRoot,
        });
        pending.extend(
            files
                .into_iter()
                .map(|(rel, file)| (ns_index, format!("{name}/{rel}"), file)),
        );
    }
    (namespaces, pending)
}

/// Reads every document's `title` and `$id`, and checks that `$id`s are unique: the problems
/// found, errors (a bad `$id`) and warnings (a `title` that cannot name the shape: the document
/// keeps none). Titles may repeat: two documents with one title are a problem only for a
/// reference that names that title (see `resolve`).
pub fn identify(corpus: &mut Corpus) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    read_identities(&mut corpus.documents, &mut errors);
    for doc in &mut corpus.documents {
        doc.find_ids();
    }
    check_unique_ids(&corpus.documents, &mut errors);
    errors
}

/// Whether a namespace's name (a folder name) may hold `c`: not a control character (a line
/// break would end the comment the name is written in) nor a bidirectional-text control (which
/// rustc refuses in comments).
pub(crate) fn fits_a_namespace_name(c: char) -> bool {
    !c.is_control() && !crate::text::is_bidi_control(c)
}

/// Entries of a folder sorted by name: (name, path, is a folder). Hidden entries are skipped.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows symbolic links, like reading the file would.
        let is_dir = fs::metadata(&path)?.is_dir();
        out.push((name, path, is_dir));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The generator's one directory walker: every `*.json` file below `dir`, at any depth, as
/// (`/`-separated path relative to `dir`, file path), sorted by path. Hidden entries are skipped
/// and symbolic links followed.
pub fn json_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
        for (name, path, is_dir) in sorted_entries(dir)? {
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if is_dir {
                walk(&path, &rel_path, out)?;
            } else if name.ends_with(".json") {
                out.push((rel_path, path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    Ok(out)
}

/// A document read: its path as shown, text and value.
type FileRead = Result<(String, Arc<str>, Value), Diagnostic>;

/// [`read_document`] for every file, on several threads, results in the order of `files`.
fn read_all(root: &Path, files: &[(usize, String, PathBuf)]) -> Vec<FileRead> {
    let read = |(_, rel, file): &(usize, String, PathBuf)| {
        let display_path = root.join(rel).display().to_string();
        read_document(file, &display_path).map(|(t, v)| (display_path, t, v))
    };
    crate::parallel::map(files, read).unwrap_or_else(|| {
        let failed = |(_, rel, _): &(usize, String, PathBuf)| {
            Err(Diagnostic::general(format!(
                "internal error: reading `{rel}` failed"
            )))
        };
        files.iter().map(failed).collect()
    })
}

fn read_document(file: &Path, display_path: &str) -> Result<(Arc<str>, Value), Diagnostic> {
    let bytes = fs::read(file)
        .map_err(|e| Diagnostic::general(format!("cannot read `{display_path}`: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => Arc::<str>::from(text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
            // Offsets of the valid prefix are the same in the lossy text.
            return Err(Diagnostic::syntax_error(
                "the file is not valid UTF-8 (JSON text must be UTF-8)",
                Place::at_offset(display_path, &lossy, valid_up_to),
            ));
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let offset = offset_of(&text, e.line(), e.column());
            let message = json_error_message(&e);
            let message = if message.contains("recursion limit exceeded") {
                String::from(
                    "the document nests arrays and objects more than 128 levels deep; such \
                     documents are refused rather than read with unbounded recursion",
                )
            } else {
                format!("malformed JSON: {message}")
            };
            return Err(Diagnostic::syntax_error(
                message,
                Place::at_offset(display_path, &text, offset),
            ));
        }
    };
    if !value.is_object() && !value.is_boolean() {
        let kind = json_kind(&value);
        return Err(Diagnostic::error(
            format!(
                "the document root is {kind}; a schema document must be a JSON object (or the \
                 boolean schema `true` or `false`)"
            ),
            Place::at_pointer(display_path, &text, ""),
        ));
    }
    Ok((text, value))
}

/// serde_json's message without its trailing " at line L column C" (the location is printed
/// separately).
fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// "an array", "a string", … for messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn read_identities(documents: &mut [Document], errors: &mut Vec<Diagnostic>) {
    for doc in documents.iter_mut() {
        // A title is an annotation: one that cannot name the shape is a warning, and the
        // shape is named after its file, as without a title.
        let unfit = match doc.root.get("title") {
            None => None,
            Some(Value::String(t)) if t.trim().is_empty() => Some(String::from("empty")),
            Some(Value::String(t)) => {
                doc.title = Some(t.clone());
                None
            }
            Some(other) => Some(format!("{}, not a string", json_kind(other))),
        };
        if let Some(what) = unfit {
            errors.push(Diagnostic::warning(
                format!(
                    "the `title` is {what}, so it cannot name the shape: it is named after its \
                     file (`{}`)",
                    doc.stem()
                ),
                doc.place("/title"),
            ));
        }
        // draft-04 named it `id`.
        let key = if doc.root.get("$id").is_none() && is_draft(&doc.root, &["draft-03", "draft-04"])
        {
            "id"
        } else {
            "$id"
        };
        match doc.root.get(key) {
            None => {}
            Some(Value::String(id)) => doc.id = Some(id.trim_end_matches('#').to_owned()),
            Some(other) => errors.push(Diagnostic::error(
                format!("`$id` is {}; it must be a string", json_kind(other)),
                doc.place("/$id"),
            )),
        }
    }
}

/// Whether the document's `$schema` names one of these drafts (`draft-04`, …).
pub fn is_draft(root: &Value, drafts: &[&str]) -> bool {
    root.get("$schema")
        .and_then(Value::as_str)
        .is_some_and(|s| drafts.iter().any(|d| s.contains(d)))
}

/// `$id`s name documents everywhere: each must be unique, or a reference to it would be
/// ambiguous.
fn check_unique_ids(documents: &[Document], errors: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (d, doc) in documents.iter().enumerate() {
        if let Some(id) = doc.id.as_deref() {
            if let Some(&first) = ids.get(id) {
                errors.push(
                    Diagnostic::error(
                        format!("duplicate `$id` `{id}`: another document has the same `$id`"),
                        doc.place("/$id"),
                    )
                    .with_kind("duplicate $id")
                    .with_note(format!(
                        "first used by {}",
                        documents[first].place("/$id").location_text()
                    )),
                );
            } else {
                ids.insert(id, d);
            }
        }
    }
}
