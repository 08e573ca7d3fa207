//! Checking a value against the schema it was generated from, for the keywords a Rust type cannot
//! express (`not`, `if`/`then`/`else`, `contains`, `dependentRequired`, `oneOf`'s "exactly one",
//! `unevaluatedProperties`, `$dynamicRef`, …). Only compiled with the `schema-check` feature,
//! which a generated crate turns on when one of its types needs it.
//!
//! The generated crate embeds the schema documents it was generated from ([`Schemas`]) and one
//! [`SchemaCheck`] per type that needs one: the URI of the type's schema in those documents.
//! Validation is the [`jsonschema`] crate's: the JSON Schema semantics of every draft, tested by
//! its authors against the official test suite, rather than a second implementation here. The
//! documents are parsed and the validator is compiled once, on the first check, and never
//! fetched from anywhere: a reference that leads outside the embedded documents fails the check.

use std::sync::OnceLock;

use jsonschema::{Draft, Registry, Resource, Retrieve, Uri, Validator};

use crate::json::excerpt;
use crate::{Document, JsonPath, ReadError};

/// The schema documents a generated crate embeds, each under the URI it was loaded as.
pub struct Schemas {
    draft: &'static str,
    documents: &'static [(&'static str, &'static str)],
    registry: OnceLock<Result<Registry<'static>, String>>,
}

impl Schemas {
    /// The documents (URI, JSON text) and the draft of those that do not say theirs with
    /// `$schema` (`draft4`, `draft6`, `draft7`, `draft2019-09` or `draft2020-12`).
    pub const fn new(
        draft: &'static str,
        documents: &'static [(&'static str, &'static str)],
    ) -> Self {
        Self {
            draft,
            documents,
            registry: OnceLock::new(),
        }
    }

    fn registry(&'static self) -> Result<&'static Registry<'static>, &'static str> {
        self.registry
            .get_or_init(|| {
                let mut documents = Vec::with_capacity(self.documents.len());
                for (uri, text) in self.documents {
                    let value: Document = serde_json::from_str(text)
                        .map_err(|e| format!("embedded schema {uri}: {e}"))?;
                    documents.push(((*uri).to_owned(), value));
                }
                registry(self.draft, documents, Missing)
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// The draft named `name` (`draft4`, `draft6`, `draft7`, `draft2019-09`), 2020-12 for any other.
pub fn draft(name: &str) -> Draft {
    match name {
        "draft4" => Draft::Draft4,
        "draft6" => Draft::Draft6,
        "draft7" => Draft::Draft7,
        "draft2019-09" => Draft::Draft201909,
        _ => Draft::Draft202012,
    }
}

/// The registry of `documents` (URI, parsed document) of the draft named `draft_name` (for
/// those without `$schema`), asking `retriever` for any other URI. The generator builds its
/// own with this function, to compile every check as the generated crate will.
pub fn registry(
    draft_name: &str,
    documents: Vec<(String, Document)>,
    retriever: impl Retrieve + 'static,
) -> Result<Registry<'static>, String> {
    let resources = documents
        .into_iter()
        .map(|(uri, value)| (uri, Resource::from_contents(value)));
    Registry::new()
        .draft(draft(draft_name))
        .retriever(retriever)
        .retrieve_known_draft_meta_schemas(false)
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .map_err(|e| format!("embedded schemas: {e}"))
}

/// The validator of the schemas at `uris` among the registry's documents (a value must match
/// every one); formats are annotations, as the generated types have them.
pub fn validator(
    registry: &Registry<'_>,
    draft_name: &str,
    uris: &[&str],
) -> Result<Validator, String> {
    let refs: Vec<Document> = uris
        .iter()
        .map(|uri| serde_json::json!({ "$ref": uri }))
        .collect();
    let schema = match <[Document; 1]>::try_from(refs) {
        Ok([one]) => one,
        Err(refs) => serde_json::json!({ "allOf": refs }),
    };
    jsonschema::options()
        .with_draft(draft(draft_name))
        .with_registry(registry)
        .should_validate_formats(false)
        .build(&schema)
        .map_err(|e| format!("the schema at {}: {e}", uris.join(" and ")))
}

/// What a document outside the embedded ones is taken to be: the schema `true`. The generator
/// refuses such references unless told to type them as any value (`--unresolved=untyped`),
/// which this keeps.
struct Missing;

impl Retrieve for Missing {
    fn retrieve(
        &self,
        _: &Uri<String>,
    ) -> Result<Document, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Document::Bool(true))
    }
}

/// The check of one generated type: its schema's URI among the embedded [`Schemas`].
pub struct SchemaCheck {
    schemas: &'static Schemas,
    uris: &'static [&'static str],
    validator: OnceLock<Result<Validator, String>>,
}

impl SchemaCheck {
    /// The check against the schemas at `uris` (`document URI#JSON pointer`; a value must match
    /// every one: several when `allOf` parts that type one member were merged).
    pub const fn new(schemas: &'static Schemas, uris: &'static [&'static str]) -> Self {
        Self {
            schemas,
            uris,
            validator: OnceLock::new(),
        }
    }

    fn validator(&'static self) -> Result<&'static Validator, &'static str> {
        self.validator
            .get_or_init(|| {
                let registry = self.schemas.registry().map_err(str::to_owned)?;
                validator(registry, self.schemas.draft, self.uris)
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The first way `json` breaks the schema, if it does: the validator's message, cut to an
    /// excerpt (it quotes the value); for a secret, only the keyword that fails and where.
    pub(crate) fn first_error(&'static self, json: &Document, secret: bool) -> Option<String> {
        match self.validator() {
            Ok(validator) => validator.validate(json).err().map(|e| {
                let at = e.instance_path().to_string();
                let message = if secret {
                    format!("`{}` fails (the value is secret)", e.schema_path())
                } else {
                    excerpt(&e.to_string())
                };
                if at.is_empty() {
                    message
                } else {
                    format!("{at}: {message}")
                }
            }),
            Err(message) => Some(format!("cannot check: {message}")),
        }
    }

    /// Checks a value being read: an error at `at` when it breaks the schema.
    pub fn read(&'static self, json: &Document, at: &JsonPath<'_>) -> Result<(), ReadError> {
        self.read_as(json, at, false)
    }

    /// [`read`](Self::read) for a secret: the error names the keyword that fails, never the
    /// value.
    pub fn read_secret(&'static self, json: &Document, at: &JsonPath<'_>) -> Result<(), ReadError> {
        self.read_as(json, at, true)
    }

    fn read_as(
        &'static self,
        json: &Document,
        at: &JsonPath<'_>,
        secret: bool,
    ) -> Result<(), ReadError> {
        match self.first_error(json, secret) {
            None => Ok(()),
            Some(message) => Err(at.error(format!("does not match its schema: {message}"))),
        }
    }
}
