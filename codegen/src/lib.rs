//! JSON Schema documents → a Rust crate of documented types.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`load`]: read every `*.json` under the schema root (one sub-folder per namespace), and
//!    apply the reviewed JSON Patch files of [`overrides`].
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

/// Runs load → resolve → name → emit on the schema root, with the overrides of
/// `<schema root>/overrides`. Writes nothing.
pub fn generate(schema_root: &Path, spec: &CrateSpec) -> Result<Generated, Failure> {
    generate_with_overrides(schema_root, &schema_root.join(load::OVERRIDES), spec)
}

/// [`generate`] with the overrides taken from another folder (for a vendor corpus that is
/// read-only, say).
pub fn generate_with_overrides(
    schema_root: &Path,
    overrides: &Path,
    spec: &CrateSpec,
) -> Result<Generated, Failure> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (corpus, mut warnings) =
        load::load_with_overrides(schema_root, overrides).map_err(|errors| Failure {
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
        overrides: corpus.overrides,
        timings,
    })
}
