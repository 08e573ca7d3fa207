//! `cargo xtask conformance`: the generated types measured against the official
//! JSON-Schema-Test-Suite (`../shared/corpora/json-schema-test-suite/`, read in place).
//!
//! Every group of `tests/draft2020-12`, `tests/draft7` and `tests/draft4` (a schema and cases
//! `{data, valid}`) becomes one namespace, `<draft>-<file stem>-<group index>`, whose one document
//! is the group's schema (with the draft's `$schema` added when it has none, so the draft's
//! semantics apply). A case **agrees** when the type of the document's root reads `data` exactly
//! when `valid` is true; an accepted instance is also compared with what the type writes back
//! (numbers by value): a difference is **altered**, silent data loss.
//!
//! The run:
//!
//! 1. Each group is generated alone, in memory (`codegen::generate_with`): a boolean schema or
//!    one the generator refuses is **refused** (its first diagnostic is kept), a generator panic
//!    is **panicked**.
//! 2. The accepted groups are generated into a few crates (one per draft; groups that only fail
//!    together, such as two documents with one `$id`, move to a further crate), which are built
//!    in one `cargo build` in `<target dir>/conformance/`. Code that does not compile is
//!    **does not compile** for the groups whose modules the errors name; they are dropped and the
//!    rest is built again.
//! 3. Every case is fed through one `<crate>-roundtrip --batch` process per crate. A process that
//!    dies on an instance makes that case **crashed**, and the rest is fed to a new process.
//!
//! The suite's `remotes/` are served as the reference root `http://localhost:1234/`; nothing is
//! fetched from the network.
//!
//! The guard: `tests/conformance/baseline.txt` lists every case that agrees
//! (`draft2020-12/type.json#3/2`: file, group index, case index). A case of the baseline that no
//! longer agrees fails the run (exit code 1) and is named; `--write` rewrites the baseline and the
//! report in `CONFORMANCE.md`. Without the suite the command is skipped, except under `CI=true`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod build;
mod measure;
mod report;

use build::*;
use measure::*;
use report::*;

use crate::harness::*;

use codegen::Settings;
use codegen::load::RefRoot;
use serde_json::Value;

/// Options of `cargo xtask conformance`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The suite's folder. Default: `../shared/corpora/json-schema-test-suite` beside the
    /// workspace.
    #[arg(long, value_name = "DIR")]
    pub suite: Option<PathBuf>,
    /// Only these drafts (repeatable; default: all three).
    #[arg(long, value_name = "DRAFT", value_parser = ["2020-12", "7", "4"])]
    pub draft: Vec<String>,
    /// Write the report into CONFORMANCE.md and the agreeing cases into the baseline.
    #[arg(long)]
    pub write: bool,
}

/// A dialect of the suite.
pub struct Draft {
    /// The suite's folder under `tests/` (`draft2020-12`), also the prefix of case ids.
    pub dir: &'static str,
    /// The `--draft` value.
    pub arg: &'static str,
    /// The prefix of namespaces (`d2020`).
    pub short: &'static str,
    /// The `$schema` added to a group's schema that has none.
    pub schema: &'static str,
}

/// The drafts measured, in report order.
pub const DRAFTS: [Draft; 3] = [
    Draft {
        dir: "draft2020-12",
        arg: "2020-12",
        short: "d2020",
        schema: "https://json-schema.org/draft/2020-12/schema",
    },
    Draft {
        dir: "draft7",
        arg: "7",
        short: "d7",
        schema: "http://json-schema.org/draft-07/schema#",
    },
    Draft {
        dir: "draft4",
        arg: "4",
        short: "d4",
        schema: "http://json-schema.org/draft-04/schema#",
    },
];

/// The files of each draft's `optional/` folder that the run reads beside the required tests.
pub(super) const OPTIONAL: [&str; 3] = [
    "ecmascript-regex.json",
    "float-overflow.json",
    "non-bmp-regex.json",
];

/// Where the suite's `remotes/` say they live.
pub(super) const REMOTES_PREFIX: &str = "http://localhost:1234/";

/// The report's markers in CONFORMANCE.md.
pub(super) const MARKERS: (&str, &str) = ("<!-- conformance:start -->", "<!-- conformance:end -->");

/// How long the roundtrip process may take over one instance before it counts as crashed.
pub(super) const PATIENCE: Duration = Duration::from_secs(20);

/// The baseline, relative to the workspace root.
pub const BASELINE: &str = "tests/conformance/baseline.txt";

/// One group of a suite file.
#[derive(Debug)]
pub struct Group {
    /// Index into [`DRAFTS`].
    pub draft: usize,
    /// The file name (`type.json`).
    pub file: String,
    /// The group's index in its file.
    pub index: usize,
    /// Its schema.
    pub schema: Value,
    /// Its cases: instance and whether it is valid.
    pub cases: Vec<(Value, bool)>,
    /// Its namespace (`d2020-type-03`).
    pub ns: String,
}

impl Group {
    /// `draft2020-12/type.json#3`.
    pub fn id(&self) -> String {
        format!("{}/{}#{}", DRAFTS[self.draft].dir, self.file, self.index)
    }

    /// The document written for this group: its schema with the draft's `$schema` (a boolean
    /// schema as it is: the generator takes its draft from the others), or `None` for anything
    /// that is not a schema.
    fn document(&self) -> Option<Value> {
        let map = match &self.schema {
            Value::Object(map) => map,
            Value::Bool(_) => return Some(self.schema.clone()),
            _ => return None,
        };
        let mut map = map.clone();
        if !map.contains_key("$schema") {
            let mut with = serde_json::Map::new();
            with.insert(
                String::from("$schema"),
                Value::from(DRAFTS[self.draft].schema),
            );
            with.extend(map);
            map = with;
        }
        Some(Value::Object(map))
    }
}

/// What became of a group before its cases were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Generated and built; `.0` is the Rust name of its root type, `.1` the crate.
    Built(String, usize),
    /// The generator refused it (or it is a boolean schema): the first diagnostic.
    Refused(String),
    /// The generator panicked: the panic's message.
    Panicked(String),
    /// The generated code does not compile: the first error.
    NoCompile(String),
}

/// The outcome of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Accepted exactly when valid.
    Agree,
    /// An invalid instance accepted.
    TooLax,
    /// A valid instance rejected.
    TooStrict,
    /// The group was refused.
    Refused,
    /// The generator panicked on the group.
    Panicked,
    /// The group's generated code does not compile.
    NoCompile,
    /// The roundtrip process died on the instance.
    Crashed,
}

/// The outcome of one case, with whether an accepted instance came back altered (the first
/// difference).
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Agree, too lax, …
    pub verdict: Verdict,
    /// For an accepted instance written back differently: where and how.
    pub altered: Option<String>,
}

/// The whole measurement.
pub struct Run {
    /// Every group read, in suite order (draft, file, index).
    pub groups: Vec<Group>,
    /// What became of each group.
    pub status: Vec<Status>,
    /// Each group's case results.
    pub results: Vec<Vec<CaseResult>>,
    /// Notes on the run (groups moved to another crate, rebuilds), for the report.
    pub notes: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
}

/// `cargo xtask conformance`: 0 done (no regression), 1 a case of the baseline no longer agrees,
/// 2 the harness failed.
pub fn run(args: &Args, root: &Path) -> u8 {
    let suite = codegen::uri::absolute_path(&args.suite.clone().unwrap_or_else(|| {
        root.join("..")
            .join("shared")
            .join("corpora")
            .join("json-schema-test-suite")
    }));
    if !suite.join("tests").is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            eprintln!(
                "error: the JSON-Schema-Test-Suite is not at {}: CI runs beside ../shared, so the \
                 conformance run cannot be skipped there",
                suite.display()
            );
            return 2;
        }
        println!(
            "conformance: skipped: the suite is not at {}",
            suite.display()
        );
        return 0;
    }
    let drafts: Vec<usize> = (0..DRAFTS.len())
        .filter(|&d| args.draft.is_empty() || args.draft.iter().any(|a| a == DRAFTS[d].arg))
        .collect();
    let measured = match measure(root, &suite, &drafts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let report = report(&measured, &drafts);
    println!("{report}");
    let agreeing: BTreeSet<String> = case_ids(&measured)
        .filter(|(_, r)| r.verdict == Verdict::Agree)
        .map(|(id, _)| id)
        .collect();
    let baseline_path = root.join(BASELINE);
    let baseline = match fs::read_to_string(&baseline_path) {
        Ok(text) => read_lines(&text),
        Err(_) => BTreeSet::new(),
    };
    let ran: Vec<&str> = drafts.iter().map(|&d| DRAFTS[d].dir).collect();
    let in_run = |id: &String| ran.iter().any(|d| id.split('/').next() == Some(*d));
    let regressions: Vec<&String> = baseline
        .iter()
        .filter(|id| in_run(id) && !agreeing.contains(*id))
        .collect();
    let gained = agreeing.iter().filter(|id| !baseline.contains(*id)).count();
    let by_id: HashMap<String, CaseResult> = case_ids(&measured).collect();
    if !regressions.is_empty() {
        eprintln!(
            "{} case(s) of {BASELINE} no longer agree{}:",
            regressions.len(),
            if args.write {
                " (the baseline is rewritten: --write)"
            } else {
                ""
            }
        );
        for id in &regressions {
            let now = by_id
                .get(*id)
                .map_or("not in the suite any more", |r| verdict_name(r.verdict));
            eprintln!("  {id}: {now}");
        }
    }
    if args.write {
        // Cases of drafts not run keep their baseline lines.
        let mut lines: BTreeSet<String> = baseline.into_iter().filter(|id| !in_run(id)).collect();
        lines.extend(agreeing);
        let text = lines_text(BASELINE_HEADER, &lines);
        if let Err(e) = fs::create_dir_all(baseline_path.parent().unwrap_or(root))
            .and_then(|()| fs::write(&baseline_path, text))
        {
            eprintln!("error: {}: {e}", baseline_path.display());
            return 2;
        }
        if let Err(e) = write_between_markers(&root.join("CONFORMANCE.md"), MARKERS, &report) {
            eprintln!("error: {e}");
            return 2;
        }
        println!("(written to CONFORMANCE.md and {BASELINE})");
        return 0;
    }
    if gained > 0 {
        println!(
            "note: {gained} case(s) now agree that the baseline does not list: run with --write"
        );
    }
    if regressions.is_empty() {
        println!("conformance: no regression against {BASELINE}");
        0
    } else {
        eprintln!(
            "conformance: {} regression(s) against {BASELINE}",
            regressions.len()
        );
        1
    }
}

/// Every case's id (`draft2020-12/type.json#3/2`) with its result.
pub(super) fn case_ids(run: &Run) -> impl Iterator<Item = (String, CaseResult)> + '_ {
    run.groups
        .iter()
        .zip(&run.results)
        .flat_map(|(g, results)| {
            let id = g.id();
            results
                .iter()
                .enumerate()
                .map(move |(i, r)| (format!("{id}/{i}"), r.clone()))
        })
}

/// The comment lines that open the baseline.
const BASELINE_HEADER: &str = "# Cases of the JSON-Schema-Test-Suite whose instance the generated type accepts exactly\n\
     # when it is valid: <draft>/<file>#<group index>/<case index>, both indices from 0.\n\
     # Written by `cargo xtask conformance --write`; `cargo xtask conformance` fails when one\n\
     # of them no longer agrees.\n";
