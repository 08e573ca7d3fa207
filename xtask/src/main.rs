//! The project's command line, run as `cargo xtask …` (an alias in `.cargo/config.toml`).
//!
//! `cargo xtask codegen [--schemas DIR] [--out DIR] [--check] [--crate-name NAME]` regenerates
//! the crate in `generated/` from the documents in `schemas/`. Exit codes: 0 done (or up to date),
//! 1 `--check` found differences, 2 the schemas have errors (nothing written).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod bench;
use codegen::write::{self, ChangeKind};
use codegen::{CrateSpec, Diagnostic};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project tasks", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
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
    /// Regenerate the golden test outputs `tests/golden/<case>/out` from their schemas (what
    /// `tests/golden.rs` compares against); `--check` only compares.
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
    /// The package name of the generated crate.
    #[arg(long, value_name = "NAME", default_value = "generated")]
    crate_name: String,
    /// A folder of JSON Patch files that repair documents before generation, laid out like
    /// the schema root. Default: `overrides/` inside the schema root.
    #[arg(long, value_name = "DIR")]
    overrides: Option<PathBuf>,
    /// How the generated Cargo.toml names the runtime crate's folder. Default: relative to the
    /// output folder when it is inside this repository, else absolute.
    #[arg(long, value_name = "PATH")]
    runtime: Option<String>,
    /// Lines of diff to show per differing file with `--check`.
    #[arg(long, value_name = "N", default_value_t = 40)]
    diff_lines: usize,
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
        Command::Codegen(args) => {
            // Deeply nested schemas recurse; give the work a generous stack of its own.
            let worker = std::thread::Builder::new()
                .name(String::from("codegen"))
                .stack_size(256 * 1024 * 1024)
                .spawn(move || codegen(&args));
            match worker.map(|h| h.join()) {
                Ok(Ok(code)) => code,
                _ => {
                    eprintln!("error: internal failure in the code generator");
                    2
                }
            }
        }
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
    let spec = CrateSpec {
        name: args.crate_name.clone(),
        runtime_path: runtime,
    };
    let overrides = args
        .overrides
        .clone()
        .unwrap_or_else(|| schemas.join(codegen::load::OVERRIDES));
    let generated = match codegen::generate_with_overrides(&schemas, &overrides, &spec) {
        Ok(g) => g,
        Err(failure) => {
            print_all(&failure.warnings);
            print_all(&failure.errors);
            eprintln!(
                "codegen: {} error(s) in `{schemas_shown}`; nothing was written",
                failure.errors.len()
            );
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

/// Every golden case, generated as `tests/golden.rs` expects: crate `golden-<case>`, runtime
/// at `../../../../runtime`, warnings in `warnings.txt` (paths relative to the case folder).
fn golden(check: bool) -> u8 {
    let dir = match xtask::workspace_root() {
        Ok(root) => root.join("tests").join("golden"),
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut cases: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", dir.display());
            return 2;
        }
    };
    cases.sort();
    let mut stale = 0;
    for case in cases.iter().filter(|p| p.is_dir()) {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let spec = CrateSpec {
            name: format!("golden-{name}"),
            runtime_path: String::from("../../../../runtime"),
        };
        let generated = match codegen::generate(&case.join("schemas"), &spec) {
            Ok(g) => g,
            Err(failure) => {
                print_all(&failure.errors);
                return 2;
            }
        };
        let prefix = format!("{}/", case.display());
        let warnings: String = generated
            .warnings
            .iter()
            .map(|w| w.to_string().replace(&prefix, ""))
            .collect();
        let out = case.join("out");
        let changes = match write::plan(&out, &generated.files) {
            Ok(c) => c,
            Err(e) => {
                print_all(&[e]);
                return 2;
            }
        };
        let warnings_path = case.join("warnings.txt");
        let warnings_stale = std::fs::read_to_string(&warnings_path).ok().as_deref() != Some(&warnings);
        stale += changes.len() + usize::from(warnings_stale);
        if check {
            for c in &changes {
                eprintln!("stale: {}/{}", out.display(), c.path);
            }
            if warnings_stale {
                eprintln!("stale: {}", warnings_path.display());
            }
            continue;
        }
        if let Err(e) = write::apply(&out, &changes) {
            print_all(&[e]);
            return 2;
        }
        if warnings_stale && std::fs::write(&warnings_path, &warnings).is_err() {
            eprintln!("error: cannot write `{}`", warnings_path.display());
            return 2;
        }
        println!("golden {name}: {} file(s) changed", changes.len() + usize::from(warnings_stale));
    }
    if check && stale > 0 { 1 } else { 0 }
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
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symbolic links where the path exists, so /tmp and /private/tmp agree.
    out.canonicalize().unwrap_or(out)
}
