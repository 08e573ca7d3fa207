//! The project's command line, run as `cargo xtask …` (an alias in `.cargo/config.toml`).
//!
//! `cargo xtask codegen [--schemas DIR] [--out DIR] [--check] [--crate-name NAME]` regenerates
//! the crate in `generated/` from the documents in `schemas/`. Exit codes: 0 done (or up to date),
//! 1 `--check` found differences, 2 the schemas have errors (nothing written).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

mod bench;
use codegen::Diagnostic;
use codegen::config::{
    DateTimes, NullMembers, Overlay, Settings, UnknownEnumValues, UnknownMembers, Unresolved,
};
use codegen::load::RefRoot;
use codegen::write::{self, ChangeKind};
use xtask::golden;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project tasks", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
// Parsed once per run: the size of the codegen arguments does not matter.
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Generate the Rust crate from the JSON Schema documents.
    Codegen(CodegenArgs),
    /// Measure codegen, scale, the generated crate's build and `to_value` (see BENCHMARKS.md).
    Bench(bench::BenchArgs),
    /// Read and parse every document and do nothing else: the baseline of `bench`.
    #[command(hide = true)]
    ParseOnly {
        /// The schema root.
        #[arg(long, value_name = "DIR")]
        schemas: PathBuf,
    },
    /// Measure the generated types against the JSON-Schema-Test-Suite (see CONFORMANCE.md);
    /// exit 1 when a case of the baseline no longer agrees.
    Conformance(xtask::conformance::Args),
    /// Measure the generated types on the SchemaStore catalogue of real-world schemas (see
    /// REALWORLD.md); exit 1 when a line of the baseline no longer holds.
    Realworld(xtask::realworld::Args),
    /// Regenerate the golden test outputs `tests/golden/<case>/out` from their schemas (what
    /// `xtask/tests/golden.rs` compares against); `--check` only compares.
    Golden {
        /// Write nothing; exit 1 when an output differs.
        #[arg(long)]
        check: bool,
    },
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// The schema root: one sub-folder per namespace. Default: `schemas/` of this repository.
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
    /// The crate folder to write. Default: `generated/` of this repository.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write nothing; exit 1 and show a diff when the folder differs from what would be written.
    #[arg(long)]
    check: bool,
    /// The package name of the generated crate. Default: `crate-name` of `schemagen.toml`, else
    /// `generated`.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// A folder of JSON Patch files that repair documents before generation, laid out like
    /// the schema root. Default: `overrides` of `schemagen.toml`, else `overrides/` inside the
    /// schema root.
    #[arg(long, value_name = "DIR")]
    overrides: Option<PathBuf>,
    /// A folder beyond the schema root that references may reach: `PREFIX=DIR` for a URI prefix
    /// that stands for the folder (`https://example.org/schemas/=../published`), or `DIR` for a
    /// sibling folder reached by relative paths. Repeatable; added to those of `schemagen.toml`.
    #[arg(long = "ref-root", value_name = "[PREFIX=]DIR", value_parser = ref_root)]
    ref_roots: Vec<RefRoot>,
    /// What a reference that leads nowhere becomes: `error` (default), or `untyped` (any JSON
    /// value, with a located warning). Default: `unresolved` of `schemagen.toml`.
    #[arg(long, value_name = "POLICY", value_parser = policy::<Unresolved>())]
    unresolved: Option<Unresolved>,
    /// What reading a string enum does with a value the schema does not list: `reject`
    /// (default, as the schema does) or `keep` (as the enum's `Unknown` variant, for APIs that
    /// add values later). Default: `unknown-enum-values` of `schemagen.toml`.
    #[arg(long, value_name = "POLICY", value_parser = policy::<UnknownEnumValues>())]
    unknown_enum_values: Option<UnknownEnumValues>,
    /// What a string with `format: date-time` becomes: `string` (default, written back as read)
    /// or `timestamp` (`rt::Timestamp`, epoch seconds in awsJson). Default: `date-time` of
    /// `schemagen.toml`.
    #[arg(long, value_name = "POLICY", value_parser = policy::<DateTimes>())]
    date_time: Option<DateTimes>,
    /// What reading a struct does with a member its schema does not list: `keep` (default, in
    /// the struct's `extra` map, written back) or `drop` (ignored). Default: `unknown-members`
    /// of `schemagen.toml`.
    #[arg(long, value_name = "POLICY", value_parser = policy::<UnknownMembers>())]
    unknown_members: Option<UnknownMembers>,
    /// What reading a struct does with an optional member that is `null`: `reject` (default, as
    /// the schema does) or `absent` (read as absent, for servers that write absent members as
    /// `null`). Default: `null-members` of `schemagen.toml`.
    #[arg(long, value_name = "POLICY", value_parser = policy::<NullMembers>())]
    null_members: Option<NullMembers>,
    /// When references name titles that no document has, write a stub document for each into
    /// DIR (`DIR/<namespace>/<Title>.json`), to review and move into the schema root.
    #[arg(long, value_name = "DIR")]
    emit_stubs: Option<PathBuf>,
    /// How the generated Cargo.toml names the runtime crate's folder. Default: relative to the
    /// output folder when it is inside this repository, else absolute.
    #[arg(long, value_name = "PATH")]
    runtime: Option<String>,
    /// Lines of diff to show per differing file with `--check`.
    #[arg(long, value_name = "N", default_value_t = 40)]
    diff_lines: usize,
}

impl CodegenArgs {
    /// The settings the command line gives, to put over those of `schemagen.toml`.
    fn overlay(&self) -> Overlay {
        Overlay {
            crate_name: self.crate_name.clone(),
            overrides: self.overrides.clone(),
            unresolved: self.unresolved,
            unknown_enum_values: self.unknown_enum_values,
            date_times: self.date_time,
            unknown_members: self.unknown_members,
            null_members: self.null_members,
            ref_roots: self.ref_roots.clone(),
        }
    }
}

/// Reads a policy as `schemagen.toml` spells it (its serde names, which `--help` lists).
fn policy<T>() -> impl TypedValueParser<Value = T>
where
    T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(codegen::config::names::<T>())
        .try_map(|name| codegen::config::setting::<T>(&name))
}

/// Reads `--ref-root`: `PREFIX=DIR` or `DIR`.
fn ref_root(arg: &str) -> Result<RefRoot, std::convert::Infallible> {
    Ok(codegen::config::parse_ref_root(arg))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Bench(args) => match xtask::workspace_root() {
            Ok(root) => bench::run(&args, &root),
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        Command::ParseOnly { schemas } => bench::parse_only(&schemas),
        Command::Golden { check } => golden(check),
        Command::Conformance(args) => match xtask::workspace_root() {
            Ok(root) => xtask::conformance::run(&args, &root),
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        Command::Realworld(args) => match xtask::workspace_root() {
            Ok(root) => xtask::realworld::run(&args, &root),
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        // `codegen::generate` runs on a thread with a large stack of its own, so deeply nested
        // schemas need nothing here.
        Command::Codegen(args) => codegen(&args),
    };
    if std::env::var_os("CODEGEN_REPORT_PEAK").is_some()
        && let Some(kib) = bench::peak_memory_kib()
    {
        eprintln!("peak memory: {kib} KiB");
    }
    ExitCode::from(code)
}

fn codegen(args: &CodegenArgs) -> u8 {
    let start = Instant::now();
    // Found at run time (see `xtask::workspace_root`); needed only for a default.
    let root = xtask::workspace_root();
    let need_root = || {
        root.as_ref().map_err(|e| {
            eprintln!("error: {e} (or give --schemas, --out and --runtime)");
            2
        })
    };
    // Paths as the user would type them (relative to the current folder when below it), so
    // that diagnostics name files the way the user sees them.
    let schemas = match &args.schemas {
        Some(s) => s.clone(),
        None => match need_root() {
            Ok(root) => relative_path(&root.join("schemas")),
            Err(code) => return code,
        },
    };
    let schemas_shown = relative_display(&schemas);
    let out = match &args.out {
        Some(o) => o.clone(),
        None => match need_root() {
            Ok(root) => root.join("generated"),
            Err(code) => return code,
        },
    };
    let runtime = match &args.runtime {
        Some(r) => r.clone(),
        None => match need_root() {
            Ok(root) => runtime_path(root, &out),
            Err(code) => return code,
        },
    };
    // The defaults, then `schemagen.toml` at the schema root, then the command line.
    let settings = match Settings::from_root(&schemas) {
        Ok(settings) => settings.overlaid(args.overlay()),
        Err(e) => {
            print_all(&[e]);
            return 2;
        }
    };
    let generated = match codegen::generate_with(&schemas, &settings, &runtime) {
        Ok(g) => g,
        Err(failure) => {
            print_all(&failure.warnings);
            print_all(&failure.errors);
            report_failure(&failure, &schemas_shown, args.emit_stubs.as_deref());
            return 2;
        }
    };
    print_all(&generated.warnings);
    if std::env::var_os("CODEGEN_TIMINGS").is_some() {
        let t = generated.timings;
        eprintln!(
            "timings: load {:?}, resolve {:?}, name {:?}, emit {:?}",
            t.load, t.resolve, t.name, t.emit
        );
    }
    for o in &generated.overrides {
        eprintln!(
            "override: applied `{}` to `{}` ({} operation(s))",
            o.patch, o.document, o.operations
        );
    }
    let changes = match write::plan(&out, &generated.files) {
        Ok(c) => c,
        Err(e) => {
            print_all(&[e]);
            return 2;
        }
    };
    let summary = format!(
        "{} documents in {} namespace(s){} → {} types, {} files",
        generated.documents,
        generated.namespaces,
        match generated.overrides.len() {
            0 => String::new(),
            n => format!(" with {n} override(s)"),
        },
        generated.types,
        generated.files.len()
    );
    let out_shown = relative_display(&out);
    if args.check {
        let elapsed = start.elapsed().as_secs_f64();
        if changes.is_empty() {
            println!("codegen --check: {summary}; `{out_shown}` is up to date ({elapsed:.2} s)");
            return 0;
        }
        for c in &changes {
            let what = match c.kind {
                ChangeKind::Added => "missing (would be added)",
                ChangeKind::Modified => "differs from the generated text",
                ChangeKind::Removed => "is not generated (would be removed)",
            };
            eprintln!("stale: {out_shown}/{} {what}", c.path);
            eprint!("{}", c.diff(args.diff_lines));
        }
        eprintln!(
            "codegen --check: {summary}; {} file(s) in `{out_shown}` differ: run `cargo xtask \
             codegen` and commit the result ({elapsed:.2} s)",
            changes.len()
        );
        return 1;
    }
    if let Err(e) = write::apply(&out, &changes) {
        print_all(&[e]);
        return 2;
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "codegen: {summary}; {} file(s) changed in `{out_shown}` ({elapsed:.2} s)",
        changes.len()
    );
    0
}

/// `cargo xtask golden [--check]`: every folder of `tests/golden/` (the implementation shared
/// with `xtask/tests/golden.rs` is `xtask::golden`). Goes through every case even when one fails.
fn golden(check: bool) -> u8 {
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let outcomes = match golden::check_all(&golden::dir(&root)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let (mut stale, mut failed, total) = (0, 0, outcomes.len());
    for outcome in outcomes {
        match outcome {
            golden::Outcome::UpToDate(case) => {
                if !check {
                    println!("golden {}: 0 file(s) changed", case.name);
                }
            }
            golden::Outcome::Failed(case, errors) => {
                print_all(&errors);
                eprintln!("golden {}: the schemas do not generate", case.name);
                failed += 1;
            }
            golden::Outcome::Stale(plan) if check => {
                eprint!("{}", plan.report(40));
                stale += 1;
            }
            golden::Outcome::Stale(plan) => match plan.apply() {
                Ok(()) => println!("golden {}: {} file(s) changed", plan.case.name, plan.len()),
                Err(e) => {
                    print_all(&[e]);
                    failed += 1;
                }
            },
        }
    }
    if failed > 0 {
        2
    } else if stale > 0 {
        eprintln!(
            "golden --check: {stale} case(s) differ: run `cargo xtask golden` and review the diff"
        );
        1
    } else {
        if check {
            println!("golden --check: {total} case(s) up to date");
        }
        0
    }
}

/// The end of a failed run: what to repair, counted by kind, and the mechanical repairs.
fn report_failure(failure: &codegen::Failure, schemas_shown: &str, stubs: Option<&Path>) {
    let counts: Vec<String> = codegen::diag::count_by_kind(&failure.errors)
        .into_iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    if !failure.missing_titles.is_empty() {
        eprintln!(
            "{} title(s) are referenced but no document has them; write one document for each \
             (or run with `--emit-stubs DIR` to have stubs written):",
            failure.missing_titles.len()
        );
        for (namespace, title) in &failure.missing_titles {
            eprintln!(
                "  {schemas_shown}/{namespace}/{}: {{\"title\": \"{title}\", …}}",
                stub_file(title)
            );
        }
    }
    if let Some(dir) = stubs {
        match write_stubs(dir, &failure.missing_titles) {
            Ok(0) => {}
            Ok(n) => eprintln!(
                "wrote {n} stub document(s) under `{}`: review them, then move them into the schema root",
                dir.display()
            ),
            Err(e) => eprintln!(
                "error: cannot write the stubs under `{}`: {e}",
                dir.display()
            ),
        }
    }
    eprintln!(
        "codegen: {} error(s) in `{schemas_shown}` ({}); nothing was written",
        failure.errors.len(),
        counts.join(", ")
    );
}

/// The file name of a stub for a title: the title itself where it is a safe file name.
fn stub_file(title: &str) -> String {
    let safe: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.json", safe.trim_start_matches('.'))
}

/// Writes a stub document for each missing title; how many were written (existing files are
/// left alone).
fn write_stubs(dir: &Path, missing: &[(String, String)]) -> std::io::Result<usize> {
    let mut written = 0;
    for (namespace, title) in missing {
        let path = dir.join(namespace).join(stub_file(title));
        if path.exists() {
            continue;
        }
        std::fs::create_dir_all(dir.join(namespace))?;
        let stub = serde_json::json!({
            "title": title,
            "description": "A stub written by `cargo xtask codegen --emit-stubs`: references name \
                            this title, and no document had it. Say what the shape is.",
            "type": "object",
            "properties": {}
        });
        let text = serde_json::to_string_pretty(&stub).unwrap_or_default();
        std::fs::write(&path, text + "\n")?;
        written += 1;
    }
    Ok(written)
}

fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// `path` relative to the current folder when it is below it, else as it is.
fn relative_path(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => match path.strip_prefix(&cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => path.to_path_buf(),
        },
        Err(_) => path.to_path_buf(),
    }
}

/// A path relative to the current folder when it is below it, else as it is.
fn relative_display(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => match path.strip_prefix(&cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
            _ => path.display().to_string(),
        },
        Err(_) => path.display().to_string(),
    }
}

/// How the generated `Cargo.toml` names the runtime crate: relative to the output folder when
/// the output is inside this repository (so the checked-in crate does not depend on where the
/// repository is), absolute otherwise.
fn runtime_path(root: &Path, out: &Path) -> String {
    let runtime = root.join("runtime");
    let abs_out = absolute(out);
    let abs_root = absolute(root);
    match abs_out.strip_prefix(&abs_root) {
        Ok(rel) => {
            let depth = rel
                .components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count();
            let mut p = "../".repeat(depth);
            p.push_str("runtime");
            p
        }
        Err(_) => absolute(&runtime).display().to_string(),
    }
}

/// An absolute, lexically normalized path (the folder may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let out = codegen::uri::absolute_path(path);
    // Resolve symbolic links where the path exists, so /tmp and /private/tmp agree.
    out.canonicalize().unwrap_or(out)
}
