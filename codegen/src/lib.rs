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
//! 5. [`write`]: compare with the output folder, then write (or, with `--check`, report).
//!
//! Problems are [`diag::Diagnostic`]s naming the file, `line:column` and JSON pointer.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

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

/// Why a run failed: the errors, and the warnings found before them.
#[derive(Debug)]
pub struct Failure {
    /// At least one error.
    pub errors: Vec<Diagnostic>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Stack size of the thread [`generate`] runs on: resolving and emitting recurse once per level
/// of nesting of a schema, and deeply nested input must not overflow the caller's stack.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// A schema root read and repaired: the documents with their titles and `$id`s, the override
/// patches applied, and the warnings found.
pub type Loaded = (load::Corpus, Vec<overrides::Applied>, Vec<Diagnostic>);

/// Stage 1: reads the schema root ([`load::read`]), applies the patches of the `overrides`
/// folder (which need not exist) ([`overrides::apply`]), then reads titles and `$id`s
/// ([`load::identify`]).
pub fn load_corpus(schema_root: &Path, overrides: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let (mut corpus, warnings) = load::read(schema_root)?;
    let applied = overrides::apply(&mut corpus, overrides)?;
    load::identify(&mut corpus)?;
    Ok((corpus, applied, warnings))
}

/// Runs load → resolve → name → emit on the schema root, with the overrides of
/// `<schema root>/overrides`. Writes nothing.
pub fn generate(schema_root: &Path, spec: &CrateSpec) -> Result<Generated, Failure> {
    generate_with_overrides(schema_root, &schema_root.join(load::OVERRIDES), spec)
}

/// [`generate`] with the overrides taken from another folder (for a vendor corpus that is
/// read-only, say). Runs on a thread of its own with a large stack, so that any caller can
/// give it deeply nested schemas.
pub fn generate_with_overrides(
    schema_root: &Path,
    overrides: &Path,
    spec: &CrateSpec,
) -> Result<Generated, Failure> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(String::from("codegen"))
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || pipeline(schema_root, overrides, spec));
        let failed = |what: String| Failure {
            errors: vec![Diagnostic::general(what)],
            warnings: Vec::new(),
        };
        match thread {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(failed(String::from("internal error: the generator panicked")))),
            Err(e) => Err(failed(format!("cannot start the generator's thread: {e}"))),
        }
    })
}

/// The pipeline, on the current thread.
fn pipeline(schema_root: &Path, overrides: &Path, spec: &CrateSpec) -> Result<Generated, Failure> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (corpus, applied, mut warnings) =
        load_corpus(schema_root, overrides).map_err(|errors| Failure {
            errors,
            warnings: Vec::new(),
        })?;
    timings.load = started.elapsed();
    let started = Instant::now();
    let (ir, more) = match resolve::resolve(&corpus) {
        Ok(r) => r,
        Err(errors) => return Err(Failure { errors, warnings }),
    };
    warnings.extend(more);
    timings.resolve = started.elapsed();
    let started = Instant::now();
    let names = name::name(&ir);
    timings.name = started.elapsed();
    let started = Instant::now();
    let emitted = emit::emit(&ir, &names, spec).map_err(|e| Failure {
        errors: vec![e],
        warnings: warnings.clone(),
    })?;
    timings.emit = started.elapsed();
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
