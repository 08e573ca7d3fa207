//! `cargo xtask realworld`: the generated types measured on a real-world catalogue, the
//! SchemaStore snapshot in `../shared/corpora/schemastore/` (read in place): configuration-file
//! schemas of hundreds of authors, with instances their CI accepts (`test/<name>/`) and rejects
//! (`negative_test/<name>/`).
//!
//! Every schema of `schemas/` becomes a namespace of its own (its file stem), its document given
//! its published URL as `$id` when it has none; `https://json.schemastore.org/` and
//! `https://www.schemastore.org/` are reference roots standing for that folder, so references
//! between the catalogue's schemas resolve and nothing is fetched. The oracle is the `jsonschema`
//! crate (formats as annotations, as for the suite's required tests): an instance **agrees** when
//! the root type reads it exactly when the validator accepts it; an accepted instance must be
//! written back as the same JSON (else **altered**).
//!
//! Per schema the report says: generated and compiles, **refused** (the first diagnostic),
//! **panicked**, **does not compile** (the first rustc error), and **unresolvable** (the oracle
//! cannot resolve a reference: a schema of the kept-back sample or outside the catalogue).
//! Warnings of rustc in a schema's module are listed too.
//!
//! The guard: `tests/realworld/baseline.txt` lists every schema that compiles and every instance
//! that agrees unaltered; one that no longer does fails the run. `--subset` runs the fixed,
//! varied sample of `tests/realworld/subset.txt` (what CI runs); `--write` rewrites the baseline
//! lines of the schemas run, and after a run of the whole catalogue the report in REALWORLD.md.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod catalogue;
mod measure;
mod report;

use catalogue::*;
use measure::*;
use report::*;

use crate::harness::*;
use codegen::Settings;
use codegen::load::RefRoot;
use serde_json::Value;

/// Options of `cargo xtask realworld`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The catalogue's folder. Default: `../shared/corpora/schemastore` beside the workspace.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// Only the schemas of `tests/realworld/subset.txt` (what CI runs).
    #[arg(long)]
    pub subset: bool,
    /// Only this schema (its file stem; repeatable).
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// Write the baseline lines of the schemas run, and (after a run of the whole catalogue) the
    /// report into REALWORLD.md.
    #[arg(long)]
    pub write: bool,
}

/// The baseline, relative to the workspace root.
pub const BASELINE: &str = "tests/realworld/baseline.txt";

/// The subset CI runs, relative to the workspace root.
pub const SUBSET: &str = "tests/realworld/subset.txt";

/// The report's markers in REALWORLD.md.
const MARKERS: (&str, &str) = ("<!-- realworld:start -->", "<!-- realworld:end -->");

/// One schema of the catalogue.
pub struct Schema {
    /// Its file stem, also its namespace (`abc-supply-plan-1.0.0`).
    pub name: String,
    /// The size of its file.
    pub bytes: u64,
    /// The document given to the generator and the oracle, or why it could not be read.
    pub document: Result<Value, String>,
    /// Its instances.
    pub instances: Vec<Instance>,
    /// Whether the oracle could be built.
    pub oracle: Oracle,
}

/// The oracle of one schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Oracle {
    /// The validator was built; every readable instance has its verdict.
    Built,
    /// A reference leads out of the catalogue (the kept-back sample, another site).
    Unresolvable(String),
    /// The validator refuses the schema for another reason.
    Fails(String),
}

/// One instance file.
pub struct Instance {
    /// `<schema>/test/<file>` or `<schema>/negative_test/<file>`.
    pub id: String,
    /// Whether the catalogue lists it as valid (`test/`) or invalid (`negative_test/`).
    pub listed_valid: bool,
    /// Its data, or why it could not be read.
    pub data: Result<Value, String>,
    /// The oracle's verdict.
    pub oracle: Option<bool>,
}

/// What became of a schema before its instances were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Generated and built; `.0` is the Rust name of its root type, `.1` the crate.
    Built(String, usize),
    /// The generator refused it: the first diagnostic.
    Refused(String),
    /// The generator panicked: the panic's message.
    Panicked(String),
    /// The generated code does not compile: the first error.
    NoCompile(String),
}

/// The outcome of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Accepted exactly when the oracle accepts it.
    Agree,
    /// Accepted, though the oracle rejects it.
    TooLax,
    /// Rejected, though the oracle accepts it.
    TooStrict,
    /// The roundtrip process died on it, or took too long.
    Crashed,
    /// Read, but the oracle has no verdict (its schema is unresolvable).
    NoOracle,
    /// Its schema was not built.
    NotRead,
    /// The file is not JSON, YAML or TOML that parses.
    Unreadable,
}

/// The outcome of one instance, with whether an accepted instance came back altered.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Agree, too lax, …
    pub verdict: Verdict,
    /// For an accepted instance written back differently: where and how.
    pub altered: Option<String>,
}

/// The whole measurement.
pub struct Run {
    /// Every schema run, by name.
    pub schemas: Vec<Schema>,
    /// What became of each.
    pub status: Vec<Status>,
    /// The first rustc warning in each schema's module.
    pub warnings: Vec<Option<String>>,
    /// Each schema's instance results.
    pub results: Vec<Vec<CaseResult>>,
    /// Notes on the run (schemas moved to another crate, rebuilds).
    pub notes: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
}

impl Run {
    /// The baseline lines this run satisfies: every schema that compiles, every instance that
    /// agrees and is written back unaltered.
    fn passing(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (s, schema) in self.schemas.iter().enumerate() {
            if matches!(self.status[s], Status::Built(..)) {
                out.insert(schema.name.clone());
            }
            for (i, r) in schema.instances.iter().zip(&self.results[s]) {
                if r.verdict == Verdict::Agree && r.altered.is_none() {
                    out.insert(i.id.clone());
                }
            }
        }
        out
    }
}

/// `cargo xtask realworld`: 0 done (no regression), 1 a line of the baseline no longer holds,
/// 2 the harness failed.
pub fn run(args: &Args, root: &Path) -> u8 {
    match run_checked(args, root) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn run_checked(args: &Args, root: &Path) -> Result<u8, String> {
    let catalogue = codegen::uri::absolute_path(&args.catalogue.clone().unwrap_or_else(|| {
        root.join("..")
            .join("shared")
            .join("corpora")
            .join("schemastore")
    }));
    if !catalogue.join("schemas").is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(format!(
                "the SchemaStore catalogue is not at {}: CI runs beside ../shared, so the \
                 real-world run cannot be skipped there",
                catalogue.display()
            ));
        }
        println!(
            "realworld: skipped: the catalogue is not at {}",
            catalogue.display()
        );
        return Ok(0);
    }
    let mut only: Option<BTreeSet<String>> = None;
    if args.subset {
        let path = root.join(SUBSET);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        only = Some(read_lines(&text));
    }
    if !args.only.is_empty() {
        only.get_or_insert_with(BTreeSet::new)
            .extend(args.only.iter().cloned());
    }
    let t = Instant::now();
    let schemas = read_catalogue(&catalogue, only.as_ref())?;
    eprintln!(
        "realworld: {} schemas, {} instances read and judged by the validator ({:.1} s)",
        schemas.len(),
        schemas.iter().map(|s| s.instances.len()).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );
    let whole = only.is_none();
    let run = measure(root, &catalogue, schemas)?;
    let report = report(&run);
    println!("{report}");
    let misplaced = layout(root)?;

    let names: BTreeSet<&str> = run.schemas.iter().map(|s| s.name.as_str()).collect();
    let in_run = |line: &String| names.contains(line.split('/').next().unwrap_or(line));
    let baseline_path = root.join(BASELINE);
    let baseline = fs::read_to_string(&baseline_path)
        .map(|t| read_lines(&t))
        .unwrap_or_default();
    let passing = run.passing();
    let regressions: Vec<&String> = baseline
        .iter()
        .filter(|l| in_run(l) && !passing.contains(*l))
        .collect();
    let gained = passing.iter().filter(|l| !baseline.contains(*l)).count();
    if !regressions.is_empty() {
        eprintln!(
            "{} line(s) of {BASELINE} no longer hold{}:",
            regressions.len(),
            if args.write {
                " (the baseline is rewritten: --write)"
            } else {
                ""
            }
        );
        for line in &regressions {
            eprintln!("  {line}: {}", describe(&run, line));
        }
    }
    if args.write {
        let mut lines: BTreeSet<String> = baseline.into_iter().filter(|l| !in_run(l)).collect();
        lines.extend(passing);
        if let Some(dir) = baseline_path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&baseline_path, lines_text(BASELINE_HEADER, &lines))
            .map_err(|e| format!("{}: {e}", baseline_path.display()))?;
        if whole {
            write_between_markers(&root.join("REALWORLD.md"), MARKERS, &report)?;
            println!("(written to REALWORLD.md and {BASELINE})");
        } else {
            println!(
                "(written to {BASELINE}; REALWORLD.md is written only by a run of the whole catalogue)"
            );
        }
        return Ok(0);
    }
    if gained > 0 {
        println!(
            "note: {gained} line(s) now hold that the baseline does not list: run with --write"
        );
    }
    if !misplaced.is_empty() {
        eprintln!(
            "realworld: rustfmt would change the layout of {} crate(s):",
            misplaced.len()
        );
        for diff in &misplaced {
            eprintln!("{diff}");
        }
    }
    if regressions.is_empty() && misplaced.is_empty() {
        println!("realworld: no regression against {BASELINE}; every crate as rustfmt lays it out");
        Ok(0)
    } else {
        eprintln!(
            "realworld: {} regression(s) against {BASELINE}",
            regressions.len()
        );
        Ok(1)
    }
}

/// The crates of the run whose layout rustfmt would change (each with the start of its diff):
/// generated code is laid out as `cargo fmt` lays it out, real-world names included. Without
/// rustfmt the check is skipped, visibly, but under `CI=true`, where it is an error.
fn layout(root: &Path) -> Result<Vec<String>, String> {
    let crates = crate::target_dir(root)?.join("realworld").join("crates");
    let mut dirs: Vec<_> = fs::read_dir(&crates)
        .map_err(|e| format!("{}: {e}", crates.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    let mut misplaced = Vec::new();
    for dir in dirs {
        match crate::harness::rustfmt_check(&dir) {
            Ok(None) => {}
            Ok(Some(diff)) => misplaced.push(format!("{}:\n{diff}", dir.display())),
            Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => return Err(e),
            Err(e) => {
                println!("realworld: layout not checked: {e}");
                return Ok(Vec::new());
            }
        }
    }
    Ok(misplaced)
}

/// What happened to the schema or instance a baseline line names.
fn describe(run: &Run, line: &str) -> String {
    for (s, schema) in run.schemas.iter().enumerate() {
        if schema.name == line {
            return status_text(&run.status[s]);
        }
        if let Some(c) = schema.instances.iter().position(|i| i.id == line) {
            let r = &run.results[s][c];
            let mut text = verdict_name(r.verdict).to_owned();
            if let Some(a) = &r.altered {
                let _ = write!(text, ", altered ({a})");
            }
            return text;
        }
    }
    String::from("not in the catalogue any more")
}

/// The comment lines that open the baseline.
const BASELINE_HEADER: &str = "# The SchemaStore catalogue (../shared/corpora/schemastore): every schema whose generated\n\
     # crate compiles (`<name>`), and every instance its root type reads exactly when the\n\
     # validator accepts it, written back unaltered (`<name>/test/<file>`,\n\
     # `<name>/negative_test/<file>`). Written by `cargo xtask realworld --write`;\n\
     # `cargo xtask realworld` fails when one of them no longer holds.\n";
