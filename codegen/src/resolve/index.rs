//! What the resolver looks things up in and never changes: the corpus and its indexes (titles,
//! `$id`s, paths, anchors, resources, each document's draft and base URI), built once; and the
//! URI of any place of it.

use std::collections::HashMap;

use crate::ir::Loc;
use crate::load::Corpus;

/// The corpus with its lookups, immutable once built.
pub(super) struct Index<'c> {
    pub(super) corpus: &'c Corpus,
    /// Per namespace: title → the documents that have it (several: ambiguous).
    pub(super) titles: Vec<HashMap<&'c str, Vec<usize>>>,
    /// `$id` → document.
    pub(super) ids: HashMap<&'c str, usize>,
    /// Root-relative path → document.
    pub(super) paths: HashMap<&'c str, usize>,
    /// (document, anchor name) → pointer.
    pub(super) anchors: HashMap<(usize, String), String>,
    /// Absolute URI → the resource it names: every document, and every schema with an `$id`.
    pub(super) resources: HashMap<String, Loc>,
    /// (resource URI, anchor name) → the schema with that anchor.
    pub(super) anchors_by_uri: HashMap<(String, String), Loc>,
    /// Per document: its URI ([`crate::load::Document::uri`]).
    pub(super) doc_uris: Vec<String>,
    /// Per document: it embeds schemas with an `$id` of their own (its base changes below the
    /// root).
    pub(super) embedded_ids: Vec<bool>,
    /// Per document: it has a `$dynamicRef` or `$dynamicAnchor` (or their 2019-09 forms)
    /// somewhere: a document another one extends dynamically has only the anchor.
    pub(super) dynamic: Vec<bool>,
    /// Per document: written for draft-07 or older, where a `$ref` replaces every keyword
    /// beside it (from 2019-09 on, they apply together).
    pub(super) ref_alone: Vec<bool>,
}

impl<'c> Index<'c> {
    pub(super) fn new(corpus: &'c Corpus) -> Self {
        let mut index = Index {
            corpus,
            titles: vec![HashMap::new(); corpus.namespaces.len()],
            ids: HashMap::new(),
            paths: HashMap::new(),
            anchors: HashMap::new(),
            resources: HashMap::new(),
            anchors_by_uri: HashMap::new(),
            doc_uris: Vec::with_capacity(corpus.documents.len()),
            embedded_ids: Vec::with_capacity(corpus.documents.len()),
            dynamic: corpus.documents.iter().map(|d| d.ids.dynamic).collect(),
            ref_alone: corpus
                .documents
                .iter()
                .map(|d| {
                    crate::load::is_draft(
                        &d.root,
                        &["draft-03", "draft-04", "draft-06", "draft-07"],
                    )
                })
                .collect(),
        };
        for (d, doc) in corpus.documents.iter().enumerate() {
            if let Some(t) = doc.title.as_deref() {
                index.titles[doc.namespace].entry(t).or_default().push(d);
            }
            if let Some(id) = doc.id.as_deref() {
                index.ids.insert(id, d);
            }
            index.paths.insert(doc.rel_path.as_str(), d);
            for (_, name, ptr) in &doc.ids.anchors {
                index
                    .anchors
                    .entry((d, name.clone()))
                    .or_insert_with(|| ptr.clone());
            }
            let uri = doc.uri();
            index.doc_uris.push(uri.clone());
            index.embedded_ids.push(!doc.ids.resources.is_empty());
            index.resources.entry(uri).or_insert_with(|| Loc::root(d));
            for (uri, ptr) in &doc.ids.resources {
                index.resources.entry(uri.clone()).or_insert(Loc {
                    doc: d,
                    ptr: ptr.clone(),
                });
            }
            for (uri, name, ptr) in &doc.ids.anchors {
                index
                    .anchors_by_uri
                    .entry((uri.clone(), name.clone()))
                    .or_insert(Loc {
                        doc: d,
                        ptr: ptr.clone(),
                    });
            }
        }
        index
    }
}

/// The URI of the schema at `loc`: its document's, with the JSON pointer as the fragment.
pub(super) fn schema_uri(corpus: &Corpus, loc: &Loc) -> String {
    format!(
        "{}#{}",
        corpus.documents[loc.doc].uri(),
        crate::uri::percent_encode(&loc.ptr, true)
    )
}
