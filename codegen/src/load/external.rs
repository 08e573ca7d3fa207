//! Documents **beyond the schema root**, loaded when a document refers to them: folders that
//! references may reach ([`RefRoot`]: a sibling folder reached by relative paths, or a folder
//! that stands for a URI prefix), and the JSON Schema meta-schemas, built in
//! (`codegen/metaschemas/`). The network is never used.
//!
//! Takes: the corpus read from the schema root (titles and `$id`s known) and the reference
//! roots. Gives: the corpus with every document that a reference reaches beyond the root added
//! (transitively: a document loaded this way may refer further), each in a namespace of its
//! root (named after the folder; `json-schema` for the meta-schemas), and
//! [`Corpus::links`] saying which document each such reference leads to, so that `resolve`
//! finds it without knowing about folders. A reference that reaches nothing here is left to
//! `resolve`, which reports it with its location.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::{Corpus, Document, Namespace, Source, read_document, read_identities};
use crate::diag::Diagnostic;
use crate::uri::{absolute_path, has_scheme};

/// A folder beyond the schema root that references may reach (`[[ref-root]]` of
/// `schemagen.toml`, `--ref-root`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefRoot {
    /// A URI prefix (`https://example.org/schemas/`) that this folder stands for: a reference to
    /// `PREFIX` + `a/b.json` is the file `a/b.json` of the folder. `None`: the folder is reached
    /// only by relative paths that lead into it (`../common/base.json`).
    pub prefix: Option<String>,
    /// The folder.
    pub dir: PathBuf,
}

/// The namespace of the built-in meta-schemas.
pub const META_NAMESPACE: &str = "json-schema";

/// One entry of [`META_SCHEMAS`]: the file `codegen/metaschemas/<name>.json`.
macro_rules! meta {
    ($id:literal, $name:literal) => {
        (
            $id,
            $name,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/metaschemas/",
                $name,
                ".json"
            )),
        )
    };
}

/// The built-in meta-schemas: `$id` (without a trailing `#`), file name, text.
const META_SCHEMAS: &[(&str, &str, &str)] = &[
    meta!("http://json-schema.org/draft-04/schema", "draft-04"),
    meta!("http://json-schema.org/draft-06/schema", "draft-06"),
    meta!("http://json-schema.org/draft-07/schema", "draft-07"),
    meta!(
        "https://json-schema.org/draft/2019-09/schema",
        "draft-2019-09"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/core",
        "draft-2019-09-core"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/applicator",
        "draft-2019-09-applicator"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/validation",
        "draft-2019-09-validation"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/meta-data",
        "draft-2019-09-meta-data"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/format",
        "draft-2019-09-format"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/content",
        "draft-2019-09-content"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/schema",
        "draft-2020-12"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/core",
        "draft-2020-12-core"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/applicator",
        "draft-2020-12-applicator"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/unevaluated",
        "draft-2020-12-unevaluated"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/validation",
        "draft-2020-12-validation"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/meta-data",
        "draft-2020-12-meta-data"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/format-annotation",
        "draft-2020-12-format-annotation"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/format-assertion",
        "draft-2020-12-format-assertion"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/content",
        "draft-2020-12-content"
    ),
];

/// Where a reference beyond the root leads.
enum Target {
    /// A built-in meta-schema (index into [`META_SCHEMAS`]).
    Meta(usize),
    /// A file of a reference root (index into the roots), at this path inside it, standing for
    /// this absolute URI when it was reached by one.
    File {
        root: usize,
        inside: String,
        uri: Option<String>,
    },
}

/// What a reference is looked up in, computed once per run instead of once per reference.
struct Index {
    /// The schema root, absolute.
    root: PathBuf,
    /// The reference roots' folders, absolute, in the order of the roots.
    dirs: Vec<PathBuf>,
    /// The files of the schema root's documents, absolute.
    files: HashSet<PathBuf>,
    /// Every loaded document's `$id` (kept up to date as documents are reached).
    ids: HashSet<String>,
}

impl Index {
    fn new(corpus: &Corpus, roots: &[RefRoot]) -> Self {
        Index {
            root: absolute_path(&corpus.root),
            dirs: roots.iter().map(|r| absolute_path(&r.dir)).collect(),
            files: corpus
                .documents
                .iter()
                .filter(|d| corpus.namespaces[d.namespace].source == Source::SchemaRoot)
                .map(|d| absolute_path(&corpus.root.join(&d.rel_path)))
                .collect(),
            ids: corpus.documents.iter().flat_map(known_uris).collect(),
        }
    }
}

/// The URIs a document answers to: its `$id` and those of the resources it embeds.
fn known_uris(doc: &Document) -> impl Iterator<Item = String> + '_ {
    doc.id
        .iter()
        .cloned()
        .chain(doc.ids.resources.iter().map(|(uri, _)| uri.clone()))
}

/// Loads every document beyond the schema root that a reference reaches, transitively, and
/// records the links. Returns the errors (a reached file that cannot be read or parsed).
pub fn reach(corpus: &mut Corpus, roots: &[RefRoot]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut index = Index::new(corpus, roots);
    // Documents loaded so far, by what they were loaded as.
    let mut loaded: HashMap<String, usize> = HashMap::new();
    let mut namespaces: HashMap<Source, usize> = HashMap::new();
    let mut next = 0;
    while next < corpus.documents.len() {
        let from = next;
        next += 1;
        let doc = &corpus.documents[from];
        let refs = super::ids::refs_with_bases(&doc.root, &doc.uri());
        for (raw, base) in refs {
            // Below an embedded `$id`, a relative reference is resolved against that `$id`.
            let raw = match base.and_then(|base| crate::uri::resolve(&base, &raw)) {
                Some(absolute) => absolute,
                None => raw,
            };
            let uri = raw.split_once('#').map_or(raw.as_str(), |(u, _)| u);
            if uri.is_empty() || corpus.links.contains_key(&(from, uri.to_owned())) {
                continue;
            }
            let Some(target) = target(corpus, roots, &index, from, uri) else {
                continue;
            };
            let key = match &target {
                Target::Meta(i) => format!("meta:{i}"),
                Target::File { root, inside, .. } => format!("file:{root}:{inside}"),
            };
            let doc = match loaded.get(&key) {
                Some(&d) => Some(d),
                None => {
                    let d = load(corpus, roots, &target, &mut namespaces, &mut errors);
                    if let Some(d) = d {
                        loaded.insert(key, d);
                        index.ids.extend(known_uris(&corpus.documents[d]));
                    }
                    d
                }
            };
            if let Some(d) = doc {
                corpus.links.insert((from, uri.to_owned()), d);
            }
        }
    }
    errors
}

/// Where the reference `uri` (its part before `#`) of document `from` leads beyond the schema
/// root, if anywhere; `None` also for a reference that the schema root itself answers.
fn target(
    corpus: &Corpus,
    roots: &[RefRoot],
    index: &Index,
    from: usize,
    uri: &str,
) -> Option<Target> {
    let doc = &corpus.documents[from];
    if has_scheme(uri) {
        return by_uri(roots, index, uri);
    }
    // A path relative to the referring document: the schema root answers it when the file
    // is there (or `resolve` reports it missing), unless it climbs out of the root.
    let file = doc_file(corpus, roots, from);
    if let Some(file) = &file {
        let joined = absolute_path(&file.parent().unwrap_or(Path::new("")).join(uri));
        if !joined.starts_with(&index.root) {
            for (i, dir) in index.dirs.iter().enumerate() {
                if let Ok(inside) = joined.strip_prefix(dir) {
                    let inside = inside.to_string_lossy().replace('\\', "/");
                    return Some(Target::File {
                        root: i,
                        inside,
                        uri: None,
                    });
                }
            }
            return None;
        }
        if index.files.contains(&joined) {
            return None;
        }
    }
    // Else against the document's `$id` (a URI prefix mapped to a folder, a meta-schema).
    let base = doc.id.as_deref()?;
    let absolute = crate::uri::resolve(base, uri)?;
    by_uri(roots, index, &absolute)
}

/// The target of an absolute URI: a loaded `$id` (none: the root answers), a built-in
/// meta-schema, or a file under a mapped prefix.
fn by_uri(roots: &[RefRoot], index: &Index, uri: &str) -> Option<Target> {
    let uri = uri.trim_end_matches('#');
    if index.ids.contains(uri) {
        return None;
    }
    let plain = |u: &str| {
        u.trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_owned()
    };
    if let Some(i) = META_SCHEMAS
        .iter()
        .position(|(id, _, _)| plain(id) == plain(uri))
    {
        return Some(Target::Meta(i));
    }
    roots.iter().enumerate().find_map(|(i, root)| {
        let prefix = root.prefix.as_deref()?;
        let inside = uri.strip_prefix(prefix)?;
        (!inside.is_empty() && !inside.ends_with('/')).then(|| Target::File {
            root: i,
            inside: inside.to_owned(),
            uri: Some(uri.to_owned()),
        })
    })
}

/// The file a document was read from: the schema root's documents and the reference roots'.
fn doc_file(corpus: &Corpus, roots: &[RefRoot], doc: usize) -> Option<PathBuf> {
    let document = &corpus.documents[doc];
    let ns = &corpus.namespaces[document.namespace];
    match ns.source {
        Source::SchemaRoot => Some(corpus.root.join(&document.rel_path)),
        Source::RefRoot(root) => {
            let inside = document
                .rel_path
                .split_once('/')
                .map_or("", |(_, rest)| rest);
            Some(roots[root].dir.join(inside))
        }
        // A meta-schema: its relative references go through its `$id`.
        Source::MetaSchemas => None,
    }
}

/// Loads a target as a new document of its root's namespace (made on first use).
fn load(
    corpus: &mut Corpus,
    roots: &[RefRoot],
    target: &Target,
    namespaces: &mut HashMap<Source, usize>,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let (source, rel, display, uri) = match target {
        Target::Meta(i) => {
            let (id, name, _) = META_SCHEMAS[*i];
            (
                Source::MetaSchemas,
                format!("{name}.json"),
                format!("<built-in>/{META_NAMESPACE}/{name}.json"),
                Some(id.to_owned()),
            )
        }
        Target::File { root, inside, uri } => {
            let path = lexical(&roots[*root].dir.join(inside));
            // A file of a folder that stands for a URI prefix has that URI however it was
            // reached (a relative path from a neighbour, say).
            let uri = uri.clone().or_else(|| {
                roots[*root]
                    .prefix
                    .as_ref()
                    .map(|prefix| format!("{prefix}{inside}"))
            });
            (
                Source::RefRoot(*root),
                inside.clone(),
                path.display().to_string(),
                uri,
            )
        }
    };
    let read = match target {
        Target::Meta(i) => {
            let text = META_SCHEMAS[*i].2;
            serde_json::from_str::<Value>(text)
                .map(|v| (std::sync::Arc::<str>::from(text), v))
                .map_err(|e| {
                    Diagnostic::general(format!(
                        "internal: the built-in `{display}` is not JSON: {e}"
                    ))
                })
        }
        Target::File { root, .. } => read_document(&roots[*root].dir.join(&rel), &display),
    };
    let (text, value) = match read {
        Ok(read) => read,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let ns = *namespaces
        .entry(source)
        .or_insert_with(|| new_namespace(corpus, roots, source));
    let index = corpus.documents.len();
    let ns_name = corpus.namespaces[ns].name.clone();
    corpus.documents.push(Document {
        namespace: ns,
        rel_path: format!("{ns_name}/{rel}"),
        display_path: display,
        text,
        root: value,
        title: None,
        id: None,
        ids: Default::default(),
    });
    corpus.namespaces[ns].documents.push(index);
    read_identities(&mut corpus.documents[index..], errors);
    let doc = &mut corpus.documents[index];
    if source == Source::MetaSchemas {
        // The meta-schemas are named after their files: two drafts share one title.
        doc.title = None;
    }
    if doc.id.is_none() {
        // Reached by a URI: that URI is its identity, for the references that follow.
        doc.id = uri;
    }
    doc.find_ids();
    Some(index)
}

/// A namespace for the documents of `source`, named after its folder (or the meta-schemas'),
/// with a number added when another namespace has that name.
fn new_namespace(corpus: &mut Corpus, roots: &[RefRoot], source: Source) -> usize {
    let wanted = match source {
        Source::RefRoot(r) => roots[r].dir.file_name().map_or_else(
            || format!("ref-root-{}", r + 1),
            |n| {
                let name = n.to_string_lossy();
                // Not the user's own folder to rename: what a comment cannot hold goes.
                name.chars()
                    .map(|c| {
                        if super::fits_a_namespace_name(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect()
            },
        ),
        _ => META_NAMESPACE.to_owned(),
    };
    let mut name = wanted.clone();
    let mut n = 2;
    while corpus.namespaces.iter().any(|ns| ns.name == name) {
        name = format!("{wanted}-{n}");
        n += 1;
    }
    corpus.namespaces.push(Namespace {
        name,
        documents: Vec::new(),
        source,
    });
    corpus.namespaces.len() - 1
}

/// A path with `x/..` and `.` removed as text, staying relative when it is (for display).
fn lexical(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}
