//! Stage 4, **emit**: named shapes → formatted Rust source files of one crate.
//!
//! Takes: the [`Ir`], its [`Names`] and a [`CrateSpec`] (crate name, where the runtime crate
//! is). Gives: the crate's files as text (`Cargo.toml`, `src/lib.rs`, one `src/<module>.rs` per
//! namespace, the `<crate name>-roundtrip` and `<crate name>-schema` examples), identical byte for byte from run to run
//! and depending on nothing installed.
//!
//! Every emitter builds a typed model of the code it writes ([`syntax`]: items, expressions,
//! types), never text: where a line breaks is decided in one place, [`syntax::layout`], the
//! way `rustfmt` would decide it, so generated crates are what `cargo fmt` leaves as they are.
//! (No token trees and no formatter run: formatting was most of the generator's time when the
//! output went through `prettyplease`; see BENCHMARKS.md.) One emitter per shape kind builds
//! the definition and every impl of its shapes, one function per impl:
//! - [`structure`] (with [`structure_wire`] for its wire impls): an object → a struct (members
//!   in schema order, required members plain, the others `Option`, a constructor `new` taking
//!   the required members and a `with_*` setter per optional member);
//! - [`enumeration`]: a string enum → an enum with an `Unknown` catch-all;
//! - [`newtype`]: a named primitive with rules → a checking newtype ([`rules`]: the checks);
//! - [`collection`]: a checked list or map → a collection newtype;
//! - [`alias`]: a named array, map or reference → a type alias (a newtype when it contains
//!   itself);
//! - [`union`]: a `oneOf`/`anyOf` of different shapes → an enum with a variant per alternative;
//! - [`json_schema`]: every type's `schemars::JsonSchema` impl (the `schemars` feature).
//!
//! [`types`] gives them Rust types and documentation, [`crate_files`] the files around the
//! types, with their fixed prose in [`template`]s.
//! The impls that are the same for every type of a kind are macros of the runtime crate
//! (`runtime/src/impls.rs`): the emitters write one line for each.
//! Shapes are emitted sorted by Rust name, so a diff of the generated file follows the schema
//! change; the work is cut into units of a few dozen shapes run by [`crate::parallel::map`].

use crate::diag::Diagnostic;
use crate::ir::{Ir, ShapeId, ShapeKind};
use crate::name::Names;

mod alias;
mod collection;
mod crate_files;
mod enumeration;
mod json_schema;
mod newtype;
mod rules;
mod structure;
mod structure_wire;
pub mod syntax;
mod template;
mod types;
mod union;

pub use types::DOC_WIDTH;

use types::Ctx;

/// What crate to emit.
#[derive(Debug, Clone)]
pub struct CrateSpec {
    /// The package name (`generated`).
    pub name: String,
    /// The path of the runtime crate as written in `Cargo.toml` (relative to the output folder
    /// when possible).
    pub runtime_path: String,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub text: String,
}

/// The generated crate.
#[derive(Debug)]
pub struct Emitted {
    /// Its files, in a fixed order.
    pub files: Vec<File>,
    /// How many Rust types were written.
    pub types: usize,
}

/// Shapes per unit of work.
const CHUNK: usize = 48;

/// A piece of a module that one thread writes.
enum Unit {
    /// These shapes of namespace `.0`.
    Shapes(usize, Vec<ShapeId>),
    /// The `TYPE_NAMES`/`roundtrip` registry of namespace `.0` (all its shapes).
    Registry(usize, Vec<ShapeId>),
}

impl Unit {
    fn namespace(&self) -> usize {
        match self {
            Unit::Shapes(ns, _) | Unit::Registry(ns, _) => *ns,
        }
    }
}

/// Emits the crate.
pub fn emit(ir: &Ir, names: &Names, spec: &CrateSpec) -> Result<Emitted, Diagnostic> {
    let mut files = vec![
        File {
            path: String::from("Cargo.toml"),
            text: crate_files::cargo_toml(spec, ir, names),
        },
        File {
            path: String::from("src/lib.rs"),
            text: crate_files::lib_rs(ir, names, spec),
        },
    ];
    if let Some(schemas) = &ir.schemas {
        files.push(File {
            path: String::from("src/schemas.rs"),
            text: crate_files::schemas_rs(ir, schemas),
        });
    }
    // Each namespace's shapes, sorted by Rust name, cut into chunks written independently (the
    // text does not depend on the number of threads); the registry comes last.
    let mut per_namespace: Vec<Vec<ShapeId>> = vec![Vec::new(); ir.namespaces.len()];
    for id in (0..ir.shapes.len()).map(ShapeId) {
        per_namespace[ir.shape(id).namespace].push(id);
    }
    let mut units: Vec<Unit> = Vec::new();
    for (ns, ids) in per_namespace.iter_mut().enumerate() {
        ids.sort_by(|a, b| names.ty(*a).cmp(names.ty(*b)));
        for chunk in ids.chunks(CHUNK) {
            units.push(Unit::Shapes(ns, chunk.to_vec()));
        }
        units.push(Unit::Registry(ns, ids.clone()));
    }
    let texts = crate::parallel::map(&units, |unit| write_unit(ir, names, unit))
        .ok_or_else(|| Diagnostic::general("internal error: an emitting thread failed"))?;
    let mut types = 0;
    for (ns_index, ns) in ir.namespaces.iter().enumerate() {
        let count = per_namespace[ns_index].len();
        types += count;
        let mut text = crate_files::module_head(&ns.name, ns.documents, count);
        for (unit, unit_text) in units.iter().zip(&texts) {
            if unit.namespace() == ns_index {
                text.push('\n');
                text.push_str(unit_text);
            }
        }
        let path = format!("src/{}.rs", names.module(ns_index));
        files.push(File { path, text });
    }
    files.push(File {
        path: format!("examples/{}-roundtrip.rs", spec.name),
        text: crate_files::roundtrip_example(spec),
    });
    files.push(File {
        path: format!("examples/{}-schema.rs", spec.name),
        text: crate_files::schema_example(spec),
    });
    Ok(Emitted { files, types })
}

/// The text of one unit: its shapes one after the other, or the registry.
fn write_unit(ir: &Ir, names: &Names, unit: &Unit) -> String {
    let cx = Ctx {
        ir,
        names,
        ns: unit.namespace(),
    };
    let items = match unit {
        Unit::Shapes(_, ids) => ids.iter().flat_map(|id| shape_items(&cx, *id)).collect(),
        Unit::Registry(_, ids) => crate_files::registry(&cx, ids),
    };
    syntax::render(&items, 0)
}

/// One shape: its definition and all of its impls, by its kind's emitter.
fn shape_items(cx: &Ctx<'_>, id: ShapeId) -> Vec<syntax::Item> {
    let mut items = match &cx.ir.shape(id).kind {
        ShapeKind::Struct(s) => structure::items(cx, id, s),
        ShapeKind::Enum(e) => enumeration::items(cx, id, e),
        ShapeKind::Newtype(n) => newtype::items(cx, id, n),
        ShapeKind::Collection(c) => collection::items(cx, id, c),
        ShapeKind::Alias(t) => alias::items(cx, id, t),
        ShapeKind::Wrapper(t) => alias::wrapper(cx, id, t),
        ShapeKind::Union(u) => union::items(cx, id, u),
    };
    if !matches!(cx.ir.shape(id).kind, ShapeKind::Alias(_)) {
        items.push(json_schema::item(cx, id));
    }
    items
}
