//! JSON Schema documents → a Rust crate of documented types.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`load`]: read every `*.json` under the schema root (one sub-folder per namespace); then
//!    [`overrides`] applies the reviewed JSON Patch files, and `load` reads titles and `$id`s
//!    ([`load_corpus`] runs the three in that order).
//! 2. [`resolve`]: resolve every `$ref` and `allOf` into named shapes ([`ir`]).
//! 3. [`name`]: give every module, type, field and variant its Rust identifier.
//! 4. [`emit`]: write the crate's files as text (docs via [`docs`]).
//! 5. [`write`](mod@write): compare with the output folder, then write (or, with `--check`, report).
//!
//! Problems are [`diag::Diagnostic`]s naming the file, `line:column` and JSON pointer.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The module docs link to private items: the architecture is documented for those who work on
// it (`cargo doc --document-private-items`).
#![allow(rustdoc::private_intra_doc_links)]

pub mod config;
pub mod diag;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod load;
pub mod name;
pub mod overrides;
pub mod parallel;
pub mod resolve;
mod text;
pub mod uri;
pub mod write;

use std::path::Path;
use std::time::{Duration, Instant};

pub use diag::{Diagnostic, Severity};
pub use emit::{CrateSpec, File};

/// A generated crate, ready to be compared with or written to a folder.
#[derive(Debug)]
pub struct Generated {
    /// The crate's files.
    pub files: Vec<File>,
    /// How many documents were read.
    pub documents: usize,
    /// How many namespaces (modules) they formed.
    pub namespaces: usize,
    /// How many Rust types were written.
    pub types: usize,
    /// Warnings (the run still succeeded).
    pub warnings: Vec<Diagnostic>,
    /// The override patches that were applied.
    pub overrides: Vec<overrides::Applied>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Wall time of each stage of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing the documents, applying overrides.
    pub load: Duration,
    /// Resolving references into named shapes.
    pub resolve: Duration,
    /// Naming.
    pub name: Duration,
    /// Emitting and formatting the files.
    pub emit: Duration,
}

/// Why a run failed: every error found (one run reports them all, sorted by file and position,
/// repeats dropped), and the warnings.
#[derive(Debug)]
pub struct Failure {
    /// At least one error.
    pub errors: Vec<Diagnostic>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// (namespace, title) of every title that a reference names and no document has: the
    /// documents to write, which `cargo xtask codegen --emit-stubs DIR` writes as stubs.
    pub missing_titles: Vec<(String, String)>,
}

impl Failure {
    fn new(mut errors: Vec<Diagnostic>, mut warnings: Vec<Diagnostic>) -> Self {
        diag::sort_and_dedup(&mut errors);
        diag::sort_and_dedup(&mut warnings);
        Failure {
            errors,
            warnings,
            missing_titles: Vec::new(),
        }
    }
}

pub use config::Settings;

/// Stack size of the thread [`generate`] runs on: resolving and emitting recurse once per level
/// of nesting of a schema, and deeply nested input must not overflow the caller's stack.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// A schema root read and repaired: the documents with their titles and `$id`s, the override
/// patches applied, and the warnings found.
pub type Loaded = (load::Corpus, Vec<overrides::Applied>, Vec<Diagnostic>);

/// Stage 1: reads the schema root ([`load::read`]), applies the patches of the overrides
/// folder of `settings` (which need not exist) ([`overrides::apply`]), reads titles and `$id`s
/// ([`load::identify`]), then loads what references reach beyond the root through the
/// reference roots of `settings` ([`load::external::reach`]). Fails with every error found.
pub fn load_corpus(schema_root: &Path, settings: &Settings) -> Result<Loaded, Vec<Diagnostic>> {
    let (loaded, errors) = load_all(schema_root, settings)?;
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

/// [`load_corpus`], going on past every problem it can: the corpus of what could be read, and
/// the errors. Fails at once only when the schema root cannot be read.
pub fn load_all(
    schema_root: &Path,
    settings: &Settings,
) -> Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let default_overrides = schema_root.join(load::OVERRIDES);
    let overrides = settings.overrides.as_deref().unwrap_or(&default_overrides);
    let ref_roots = &settings.ref_roots;
    let read = load::read(schema_root)?;
    let (mut corpus, mut warnings, mut errors) = (read.corpus, read.warnings, read.errors);
    let (applied, more) = overrides::apply(&mut corpus, overrides);
    errors.extend(more);
    let (identify_errors, identify_warnings): (Vec<_>, Vec<_>) = load::identify(&mut corpus)
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    errors.extend(identify_errors);
    warnings.extend(identify_warnings);
    errors.extend(load::external::reach(&mut corpus, ref_roots));
    Ok(((corpus, applied, warnings), errors))
}

/// Runs load → resolve → name → emit on the schema root, with the settings of its
/// `schemagen.toml` (the defaults when it has none: crate `generated`, the overrides of
/// `<schema root>/overrides`). `runtime_path` is how the crate's `Cargo.toml` names the folder
/// of the runtime crate. Writes nothing.
pub fn generate(schema_root: &Path, runtime_path: &str) -> Result<Generated, Failure> {
    match Settings::from_root(schema_root) {
        Ok(settings) => generate_with(schema_root, &settings, runtime_path),
        Err(e) => Err(Failure::new(vec![e], Vec::new())),
    }
}

/// [`generate`] with all the settings given. Runs on a thread of its own with a large stack, so
/// that any caller can give it deeply nested schemas.
pub fn generate_with(
    schema_root: &Path,
    settings: &Settings,
    runtime_path: &str,
) -> Result<Generated, Failure> {
    let spec = CrateSpec {
        name: settings.crate_name.clone(),
        runtime_path: runtime_path.to_owned(),
    };
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(String::from("codegen"))
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || pipeline(schema_root, settings, &spec));
        let failed = |what: String| Failure::new(vec![Diagnostic::general(what)], Vec::new());
        match thread {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(failed(String::from(
                    "internal error: the generator panicked",
                )))
            }),
            Err(e) => Err(failed(format!("cannot start the generator's thread: {e}"))),
        }
    })
}

/// The pipeline, on the current thread. Every stage runs on what the one before could make of
/// the input, so that one run reports every problem; nothing is emitted if there was one.
fn pipeline(
    schema_root: &Path,
    settings: &Settings,
    spec: &CrateSpec,
) -> Result<Generated, Failure> {
    if let Err(why) = config::check_crate_name(&spec.name) {
        let error =
            Diagnostic::general(format!("the crate name {why}")).with_kind("invalid crate name");
        return Err(Failure::new(vec![error], Vec::new()));
    }
    let mut timings = Timings::default();
    let started = Instant::now();
    let ((corpus, applied, mut warnings), mut errors) =
        load_all(schema_root, settings).map_err(|errors| Failure::new(errors, Vec::new()))?;
    timings.load = started.elapsed();
    let started = Instant::now();
    let resolved = resolve::resolve(&corpus, settings.policies);
    warnings.extend(resolved.warnings);
    errors.extend(resolved.errors);
    if !errors.is_empty() {
        let mut failure = Failure::new(errors, warnings);
        failure.missing_titles = resolved.missing_titles;
        return Err(failure);
    }
    let ir = resolved.ir;
    timings.resolve = started.elapsed();
    let started = Instant::now();
    let names = name::name(&ir);
    timings.name = started.elapsed();
    let started = Instant::now();
    let emitted = match emit::emit(&ir, &names, spec) {
        Ok(e) => e,
        Err(e) => return Err(Failure::new(vec![e], warnings)),
    };
    timings.emit = started.elapsed();
    diag::sort_and_dedup(&mut warnings);
    Ok(Generated {
        files: emitted.files,
        documents: corpus.documents.len(),
        namespaces: ir.namespaces.len(),
        types: emitted.types,
        warnings,
        overrides: applied,
        timings,
    })
}
