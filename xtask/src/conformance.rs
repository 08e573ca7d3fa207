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
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use codegen::load::RefRoot;
use codegen::{CrateSpec, Options};
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

/// Where the suite's `remotes/` say they live.
const REMOTES_PREFIX: &str = "http://localhost:1234/";

/// The report's markers in CONFORMANCE.md.
const MARKERS: (&str, &str) = ("<!-- conformance:start -->", "<!-- conformance:end -->");

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
    /// The group's description.
    pub description: String,
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

    /// The document written for this group: its schema with the draft's `$schema`, or `None`
    /// for a boolean schema (or anything else that is not an object).
    fn document(&self) -> Option<Value> {
        let Value::Object(map) = &self.schema else {
            return None;
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
        Ok(text) => parse_baseline(&text),
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
        let text = baseline_text(&lines);
        if let Err(e) = fs::create_dir_all(baseline_path.parent().unwrap_or(root))
            .and_then(|()| fs::write(&baseline_path, text))
        {
            eprintln!("error: {}: {e}", baseline_path.display());
            return 2;
        }
        if let Err(e) = write_report(&root.join("CONFORMANCE.md"), &report) {
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
fn case_ids(run: &Run) -> impl Iterator<Item = (String, CaseResult)> + '_ {
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

fn parse_baseline(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn baseline_text(ids: &BTreeSet<String>) -> String {
    let mut text = String::from(
        "# Cases of the JSON-Schema-Test-Suite whose instance the generated type accepts exactly\n\
         # when it is valid: <draft>/<file>#<group index>/<case index>, both indices from 0.\n\
         # Written by `cargo xtask conformance --write`; `cargo xtask conformance` fails when one\n\
         # of them no longer agrees.\n",
    );
    for id in ids {
        text.push_str(id);
        text.push('\n');
    }
    text
}

/// Reads the suite, generates, builds and runs everything.
pub fn measure(root: &Path, suite: &Path, drafts: &[usize]) -> Result<Run, String> {
    let started = Instant::now();
    let groups = read_groups(suite, drafts)?;
    let work = target_dir(root)?.join("conformance");
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let options = Options {
        ref_roots: vec![RefRoot {
            prefix: Some(String::from(REMOTES_PREFIX)),
            dir: suite.join("remotes"),
        }],
        ..Options::default()
    };
    let runtime = root.join("runtime").display().to_string();
    let mut notes = Vec::new();

    eprintln!(
        "conformance: generating {} groups one by one …",
        groups.len()
    );
    let t = Instant::now();
    let mut status = alone(&groups, &work.join("single"), &options, &runtime)?;
    let accepted = status
        .iter()
        .filter(|s| matches!(s, Status::Built(..)))
        .count();
    eprintln!("  {accepted} accepted ({:.1} s)", t.elapsed().as_secs_f64());

    // Shards: one crate per draft to begin with.
    let mut shards: Vec<Vec<usize>> = drafts
        .iter()
        .map(|&d| {
            (0..groups.len())
                .filter(|&g| groups[g].draft == d && matches!(status[g], Status::Built(..)))
                .collect()
        })
        .filter(|s: &Vec<usize>| !s.is_empty())
        .collect();
    let t = Instant::now();
    let crates = loop {
        let crates = generate_shards(
            &groups,
            &mut shards,
            &mut status,
            &work,
            &options,
            &runtime,
            &mut notes,
        )?;
        eprintln!(
            "conformance: building {} crate(s) of {} groups …",
            crates.len(),
            shards.iter().map(Vec::len).sum::<usize>()
        );
        let failed = build(&work, &crates)?;
        if failed.is_empty() {
            break crates;
        }
        for (g, error) in failed {
            notes.push(format!(
                "{}: the generated code does not compile; rebuilt without it",
                groups[g].id()
            ));
            status[g] = Status::NoCompile(error);
        }
        for shard in &mut shards {
            shard.retain(|&g| matches!(status[g], Status::Built(..)));
        }
        shards.retain(|s| !s.is_empty());
    };
    eprintln!("  built ({:.1} s)", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut results: Vec<Vec<CaseResult>> = groups
        .iter()
        .zip(&status)
        .map(|(g, s)| {
            let verdict = match s {
                Status::Built(..) => Verdict::Agree, // replaced below
                Status::Refused(_) => Verdict::Refused,
                Status::Panicked(_) => Verdict::Panicked,
                Status::NoCompile(_) => Verdict::NoCompile,
            };
            vec![
                CaseResult {
                    verdict,
                    altered: None
                };
                g.cases.len()
            ]
        })
        .collect();
    for krate in &crates {
        let mut requests = Vec::new();
        let mut places = Vec::new();
        for &g in &krate.groups {
            let Status::Built(ty, _) = &status[g] else {
                continue;
            };
            for (c, (data, _)) in groups[g].cases.iter().enumerate() {
                requests.push(
                    serde_json::to_string(&Value::Array(vec![
                        Value::from(groups[g].ns.as_str()),
                        Value::from(ty.as_str()),
                        data.clone(),
                    ]))
                    .map_err(|e| e.to_string())?,
                );
                places.push((g, c));
            }
        }
        let binary = work
            .join("target")
            .join("debug")
            .join("examples")
            .join(format!(
                "{}-roundtrip{}",
                krate.name,
                std::env::consts::EXE_SUFFIX
            ));
        let answers = batch(&binary, &requests)?;
        for ((g, c), answer) in places.into_iter().zip(answers) {
            let (data, valid) = &groups[g].cases[c];
            results[g][c] = match answer {
                Answer::Crashed => CaseResult {
                    verdict: Verdict::Crashed,
                    altered: None,
                },
                Answer::Error => CaseResult {
                    verdict: if *valid {
                        Verdict::TooStrict
                    } else {
                        Verdict::Agree
                    },
                    altered: None,
                },
                Answer::Ok(written) => CaseResult {
                    verdict: if *valid {
                        Verdict::Agree
                    } else {
                        Verdict::TooLax
                    },
                    altered: first_difference(data, &written),
                },
            };
        }
    }
    // Messages name files of the run's folders: shown relative to them, so that the report does
    // not depend on where the checkout is.
    for s in &mut status {
        if let Status::Refused(m) | Status::Panicked(m) | Status::NoCompile(m) = s {
            *m = m
                .replace(&work.join("single").display().to_string(), "<tmp>")
                .replace(&work.display().to_string(), "<tmp>")
                .replace(&suite.display().to_string(), "<suite>");
        }
    }
    notes = notes
        .into_iter()
        .map(|n| {
            n.replace(&work.display().to_string(), "<tmp>")
                .replace(&suite.display().to_string(), "<suite>")
        })
        .collect();
    eprintln!(
        "  {} cases read ({:.1} s)",
        groups.iter().map(|g| g.cases.len()).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );
    Ok(Run {
        groups,
        status,
        results,
        notes,
        elapsed: started.elapsed(),
    })
}

/// Every group of the drafts' files, sorted by draft, file and index.
pub fn read_groups(suite: &Path, drafts: &[usize]) -> Result<Vec<Group>, String> {
    let mut groups = Vec::new();
    for &d in drafts {
        let dir = suite.join("tests").join(DRAFTS[d].dir);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for path in files {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let stem = file
                .trim_end_matches(".json")
                .replace('_', "-")
                .to_lowercase();
            let Value::Array(list) = value else {
                return Err(format!("{}: not a list of groups", path.display()));
            };
            for (index, group) in list.into_iter().enumerate() {
                let bad = || {
                    format!(
                        "{}: group {index} is not {{description, schema, tests}}",
                        path.display()
                    )
                };
                let cases = group["tests"]
                    .as_array()
                    .ok_or_else(bad)?
                    .iter()
                    .map(|t| Some((t.get("data")?.clone(), t.get("valid")?.as_bool()?)))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(bad)?;
                groups.push(Group {
                    draft: d,
                    ns: format!("{}-{stem}-{index:02}", DRAFTS[d].short),
                    file: file.clone(),
                    index,
                    description: group["description"].as_str().unwrap_or_default().to_owned(),
                    schema: group.get("schema").cloned().ok_or_else(bad)?,
                    cases,
                });
            }
        }
    }
    Ok(groups)
}

/// Writes each group's document into `<root>/<ns>/schema.json` of a schema root of its own.
fn write_root(root: &Path, groups: &[&Group]) -> Result<(), String> {
    let _ = fs::remove_dir_all(root);
    for g in groups {
        let Some(doc) = g.document() else { continue };
        let dir = root.join(&g.ns);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        fs::write(dir.join("schema.json"), text).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

/// The last panic message of the generator's thread, caught by the hook [`alone`] installs.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Step 1: every group generated alone. `Built` here carries an empty type name (found later).
fn alone(
    groups: &[Group],
    dir: &Path,
    options: &Options,
    runtime: &str,
) -> Result<Vec<Status>, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| String::from("(no message)"));
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{message}{at}"));
    }));
    let spec = CrateSpec {
        name: String::from("conformance-single"),
        runtime_path: runtime.to_owned(),
    };
    let mut status = Vec::with_capacity(groups.len());
    let mut failure = None;
    for g in groups {
        if g.document().is_none() {
            status.push(Status::Refused(format!(
                "the schema is the boolean `{}`",
                g.schema
            )));
            continue;
        }
        let root = dir.join(&g.ns);
        if let Err(e) = write_root(&root, &[g]) {
            failure = Some(e);
            break;
        }
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = None;
        status.push(match codegen::generate_with(&root, options, &spec) {
            Ok(_) => Status::Built(String::new(), 0),
            Err(f) => {
                let panic = PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
                match panic {
                    Some(message) => Status::Panicked(one_line(&message)),
                    None => Status::Refused(first_error(&f.errors)),
                }
            }
        });
    }
    std::panic::set_hook(previous);
    let _ = fs::remove_dir_all(dir);
    match failure {
        Some(e) => Err(e),
        None => Ok(status),
    }
}

fn first_error(errors: &[codegen::Diagnostic]) -> String {
    errors
        .first()
        .map_or_else(|| String::from("(no diagnostic)"), |d| one_line(&d.message))
}

fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 {
        format!("{}…", line.chars().take(200).collect::<String>())
    } else {
        line
    }
}

/// A generated crate of the run.
pub struct Crate {
    /// Its package name (`conformance-d2020-0`).
    pub name: String,
    /// Its groups.
    pub groups: Vec<usize>,
    /// Module name → group, to read build errors.
    pub modules: HashMap<String, usize>,
}

/// Step 2: generates one crate per shard into `<work>/crates/<name>`, a workspace of their own.
/// Groups that fail only together with others move to a new shard; when an error names no
/// group, the shard is cut in two. Fills in each group's type name and crate.
fn generate_shards(
    groups: &[Group],
    shards: &mut Vec<Vec<usize>>,
    status: &mut [Status],
    work: &Path,
    options: &Options,
    runtime: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<Crate>, String> {
    let crates_dir = work.join("crates");
    let mut crates: Vec<Crate> = Vec::new();
    let mut i = 0;
    while i < shards.len() {
        let shard = shards[i].clone();
        let draft = DRAFTS[groups[shard[0]].draft].short;
        let name = format!("conformance-{draft}-{i}");
        let root = work.join("schemas").join(&name);
        write_root(
            &root,
            &shard.iter().map(|&g| &groups[g]).collect::<Vec<_>>(),
        )?;
        let spec = CrateSpec {
            name: name.clone(),
            runtime_path: runtime.to_owned(),
        };
        match codegen::generate_with(&root, options, &spec) {
            Ok(generated) => {
                let types = root_types(&root, options)?;
                let mut modules = HashMap::new();
                let mut kept = Vec::new();
                for &g in &shard {
                    match types.get(&groups[g].ns) {
                        Some((ty, module)) => {
                            status[g] = Status::Built(ty.clone(), crates.len());
                            modules.insert(module.clone(), g);
                            kept.push(g);
                        }
                        None => {
                            status[g] = Status::Refused(String::from(
                                "(harness) no type is generated for the document's root",
                            ))
                        }
                    }
                }
                let out = crates_dir.join(&name);
                let changes =
                    codegen::write::plan(&out, &generated.files).map_err(|e| e.message)?;
                codegen::write::apply(&out, &changes).map_err(|e| e.message)?;
                shards[i] = kept.clone();
                crates.push(Crate {
                    name,
                    groups: kept,
                    modules,
                });
                i += 1;
            }
            Err(failure) => {
                let named: BTreeSet<usize> = failure
                    .errors
                    .iter()
                    .filter_map(|d| {
                        let path = &d.place.as_ref()?.path;
                        shard
                            .iter()
                            .copied()
                            .find(|&g| path.contains(&format!("/{}/schema.json", groups[g].ns)))
                    })
                    .collect();
                if shard.len() == 1 {
                    let g = shard[0];
                    status[g] = Status::Refused(first_error(&failure.errors));
                    notes.push(format!(
                        "{}: generated alone, but not in its crate: refused",
                        groups[g].id()
                    ));
                    shards.remove(i);
                } else if !named.is_empty() && named.len() < shard.len() {
                    for &g in &named {
                        notes.push(format!(
                            "{}: fails beside other groups ({}): moved to a crate of its own",
                            groups[g].id(),
                            first_error(&failure.errors)
                        ));
                    }
                    shards[i].retain(|g| !named.contains(g));
                    shards.push(named.into_iter().collect());
                } else {
                    let back = shards[i].split_off(shard.len() / 2);
                    notes.push(format!(
                        "crate {name}: fails as a whole ({}): cut in two",
                        first_error(&failure.errors)
                    ));
                    shards.push(back);
                }
            }
        }
    }
    // Remove crates of earlier runs that this one does not make.
    let names: BTreeSet<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    if let Ok(entries) = fs::read_dir(&crates_dir) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !names.contains(file.as_str()) && file != "target" {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    let members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.name)).collect();
    let manifest = format!(
        "# Written by `cargo xtask conformance`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
         # Only the roundtrip examples are run; no debugger reads them.\n[profile.dev]\ndebug = 0\n",
        members.join(", ")
    );
    fs::write(crates_dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let lock = crates_dir.join("Cargo.lock");
    if !lock.exists() {
        let _ = fs::copy(
            Path::new(runtime)
                .parent()
                .unwrap_or(Path::new("."))
                .join("Cargo.lock"),
            &lock,
        );
    }
    Ok(crates)
}

/// Namespace folder → (Rust name of its document's root type, module name), by the same
/// stages `codegen::generate_with` runs: load, resolve, name.
fn root_types(root: &Path, options: &Options) -> Result<HashMap<String, (String, String)>, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                let read = codegen::load::read(root).map_err(|e| first_error(&e))?;
                let mut corpus = read.corpus;
                let _ =
                    codegen::overrides::apply(&mut corpus, &root.join(codegen::load::OVERRIDES));
                let _ = codegen::load::identify(&mut corpus);
                let _ = codegen::load::external::reach(&mut corpus, &options.ref_roots);
                let (ir, _) = codegen::resolve::resolve(&corpus, options.unresolved)
                    .into_result()
                    .map_err(|e| first_error(&e))?;
                let names = codegen::name::name(&ir);
                let mut out = HashMap::new();
                for (i, shape) in ir.shapes.iter().enumerate() {
                    let id = codegen::ir::ShapeId(i);
                    if shape.loc.ptr.is_empty()
                        && !shape.loc.is_unresolved()
                        && matches!(shape.origin, codegen::ir::Origin::Document(_))
                        && corpus.namespaces[corpus.documents[shape.loc.doc].namespace]
                            .external
                            .is_none()
                    {
                        let ns = &ir.namespaces[shape.namespace].name;
                        out.insert(
                            ns.clone(),
                            (
                                names.ty(id).to_owned(),
                                names.module(shape.namespace).to_owned(),
                            ),
                        );
                    }
                }
                Ok(out)
            })
            .map_err(|e| e.to_string())?
            .join()
            .map_err(|_| String::from("naming the shapes panicked"))?
    })
}

/// Builds every crate's roundtrip example in one `cargo build`; gives the groups whose modules
/// the compile errors name, with the first error of each. Fails when the build fails and no
/// group is named.
fn build(work: &Path, crates: &[Crate]) -> Result<Vec<(usize, String)>, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")))
        .args([
            "build",
            "--workspace",
            "--examples",
            "--keep-going",
            "--message-format",
            "short",
        ])
        .current_dir(work.join("crates"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cargo build: {e}"))?;
    if out.status.success() {
        return Ok(Vec::new());
    }
    let log = String::from_utf8_lossy(&out.stderr);
    let failed = compile_errors(&log, crates);
    if failed.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        return Err(format!(
            "cargo build of the conformance crates failed and names no group's module:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(failed)
}

/// The groups whose modules the errors of a `cargo build --message-format short` log name
/// (`conformance-d4-2/src/d4_type_03.rs:12:5: error[E0308]: …`), with the first error of each.
fn compile_errors(log: &str, crates: &[Crate]) -> Vec<(usize, String)> {
    let mut failed: BTreeMap<usize, String> = BTreeMap::new();
    for line in log.lines().filter(|l| l.contains(": error")) {
        for krate in crates {
            let prefix = format!("{}/src/", krate.name);
            let Some(at) = line.find(&prefix) else {
                continue;
            };
            let rest = &line[at + prefix.len()..];
            let module = rest.split(".rs:").next().unwrap_or_default();
            if let Some(&g) = krate.modules.get(module) {
                failed.entry(g).or_insert_with(|| one_line(rest));
            }
        }
    }
    failed.into_iter().collect()
}

/// One answer of the roundtrip process.
enum Answer {
    Ok(Value),
    Error,
    /// The process died on this instance.
    Crashed,
}

/// Feeds every request line to `binary --batch`; when the process dies before answering them
/// all, the request it died on is [`Answer::Crashed`] and the rest go to a new process.
fn batch(binary: &Path, requests: &[String]) -> Result<Vec<Answer>, String> {
    let mut answers = Vec::with_capacity(requests.len());
    while answers.len() < requests.len() {
        let rest = &requests[answers.len()..];
        let mut child = Command::new(binary)
            .arg("--batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let lines: Vec<String> = rest.to_vec();
        let writer = std::thread::spawn(move || {
            for line in lines {
                if writeln!(stdin, "{line}").is_err() {
                    break;
                }
            }
        });
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let before = answers.len();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let parsed: Value = serde_json::from_str(&line)
                .map_err(|e| format!("{} answered `{line}`: {e}", binary.display()))?;
            answers.push(match (parsed.get("ok"), parsed.get("error")) {
                (Some(v), _) => Answer::Ok(v.clone()),
                (None, Some(_)) => Answer::Error,
                _ => return Err(format!("{} answered `{line}`", binary.display())),
            });
        }
        let _ = writer.join();
        let _ = child.wait();
        if answers.len() < requests.len() {
            answers.push(Answer::Crashed);
        }
        if answers.len() == before {
            return Err(format!("{} answers nothing", binary.display()));
        }
    }
    Ok(answers)
}

/// Where `b` (written back) differs from `a` (the instance): objects in any order, numbers by
/// value (`1.0` == `1`). Says where and what kind of change, never the values (the report is
/// committed; the instances are the suite's).
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, path: &mut String) -> Option<String> {
        let here = |path: &str| Some(format!("{path}: {} became {}", kind(a), kind(b)));
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let int = |n: &serde_json::Number| {
                    n.as_i64()
                        .map(i128::from)
                        .or_else(|| n.as_u64().map(i128::from))
                };
                let same = match (int(x), int(y)) {
                    (Some(i), Some(j)) => i == j,
                    _ => x.as_f64() == y.as_f64(),
                };
                if same { None } else { here(path) }
            }
            (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
                for (n, (x, y)) in xs.iter().zip(ys).enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{n}]");
                    let d = walk(x, y, path);
                    path.truncate(len);
                    if d.is_some() {
                        return d;
                    }
                }
                None
            }
            (Value::Object(xs), Value::Object(ys)) => {
                for (k, x) in xs {
                    let len = path.len();
                    let _ = write!(path, "[{}]", Value::from(k.as_str()));
                    let d = match ys.get(k) {
                        Some(y) => walk(x, y, path),
                        None => Some(format!("{path}: dropped")),
                    };
                    path.truncate(len);
                    if d.is_some() {
                        return d;
                    }
                }
                ys.keys()
                    .find(|k| !xs.contains_key(*k))
                    .map(|k| format!("{path}[{}]: added", Value::from(k.as_str())))
            }
            _ if a == b => None,
            _ => here(path),
        }
    }
    walk(a, b, &mut String::from("$"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Agree => "agrees",
        Verdict::TooLax => "too lax (an invalid instance is accepted)",
        Verdict::TooStrict => "too strict (a valid instance is rejected)",
        Verdict::Refused => "refused (the generator refuses the schema)",
        Verdict::Panicked => "panicked (the generator panics on the schema)",
        Verdict::NoCompile => "does not compile",
        Verdict::Crashed => "crashed (the roundtrip process died on it)",
    }
}

/// Counts of one row of the table.
#[derive(Default, Clone, Copy)]
struct Counts {
    groups: usize,
    cases: usize,
    agree: usize,
    lax: usize,
    strict: usize,
    refused: usize,
    panicked: usize,
    no_compile: usize,
    crashed: usize,
    altered: usize,
}

impl Counts {
    fn add_group(&mut self, results: &[CaseResult]) {
        self.groups += 1;
        for r in results {
            self.cases += 1;
            match r.verdict {
                Verdict::Agree => self.agree += 1,
                Verdict::TooLax => self.lax += 1,
                Verdict::TooStrict => self.strict += 1,
                Verdict::Refused => self.refused += 1,
                Verdict::Panicked => self.panicked += 1,
                Verdict::NoCompile => self.no_compile += 1,
                Verdict::Crashed => self.crashed += 1,
            }
            if r.altered.is_some() {
                self.altered += 1;
            }
        }
    }

    fn row(&self, label: &str, percent: bool) -> String {
        let cell = |n: usize| {
            if percent && self.cases > 0 {
                format!("{n} ({:.0}%)", n as f64 * 100.0 / self.cases as f64)
            } else {
                n.to_string()
            }
        };
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.groups,
            self.cases,
            cell(self.agree),
            cell(self.lax),
            cell(self.strict),
            cell(self.refused),
            cell(self.panicked),
            cell(self.no_compile),
            cell(self.crashed),
            cell(self.altered)
        )
    }
}

/// The report: a table per draft, the totals, then the refused and disagreeing groups.
pub fn report(run: &Run, drafts: &[usize]) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(String::from("### Totals\n"));
    line(String::from(
        "| draft | groups | cases | agree | too lax | too strict | refused | panicked | does not compile | crashed | altered |",
    ));
    line(String::from(
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ));
    let mut per_draft = Vec::new();
    for &d in drafts {
        let mut files: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut total = Counts::default();
        for (g, results) in run
            .groups
            .iter()
            .zip(&run.results)
            .filter(|(g, _)| g.draft == d)
        {
            files.entry(g.file.as_str()).or_default().add_group(results);
            total.add_group(results);
        }
        line(total.row(DRAFTS[d].dir, true));
        per_draft.push((d, files, total));
    }
    line(format!(
        "\n{} cases in {} groups; {:.0} s (generating, building the crates, reading every \
         instance). A case agrees when the type accepts the instance exactly when it is valid; \
         **altered** counts accepted instances that are written back differently (numbers by \
         value), and is part of the other columns.\n",
        run.results.iter().map(Vec::len).sum::<usize>(),
        run.groups.len(),
        run.elapsed.as_secs_f64()
    ));
    for (d, files, total) in &per_draft {
        line(format!("### {}\n", DRAFTS[*d].dir));
        line(String::from(
            "| file | groups | cases | agree | too lax | too strict | refused | panicked | does not compile | crashed | altered |",
        ));
        line(String::from(
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ));
        for (file, counts) in files {
            line(counts.row(&format!("`{file}`"), false));
        }
        line(total.row("**total**", true));
        line(String::new());
    }
    let described = |g: &Group| format!("`{}` {}", g.id(), g.description.replace('|', "\\|"));
    line(String::from("### Groups not generated\n"));
    let mut any = false;
    for (g, s) in run.groups.iter().zip(&run.status) {
        let (what, message) = match s {
            Status::Built(..) => continue,
            Status::Refused(m) => ("refused", m),
            Status::Panicked(m) => ("panicked", m),
            Status::NoCompile(m) => ("does not compile", m),
        };
        any = true;
        line(format!(
            "- {} — {what}: {}",
            described(g),
            message.replace('\n', " ")
        ));
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from("\n### Generated groups that disagree\n"));
    line(String::from(
        "Each with its cases (index: what happened); `altered` marks an accepted instance \
         written back differently.\n",
    ));
    any = false;
    for (g, results) in run.groups.iter().zip(&run.results) {
        let bad: Vec<String> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                matches!(
                    r.verdict,
                    Verdict::TooLax | Verdict::TooStrict | Verdict::Crashed
                ) || r.altered.is_some()
            })
            .map(|(i, r)| {
                let v = match r.verdict {
                    Verdict::TooLax => "too lax",
                    Verdict::TooStrict => "too strict",
                    Verdict::Crashed => "crashed",
                    _ => "agrees",
                };
                match &r.altered {
                    Some(d) => format!("{i}: {v}, altered ({})", d.replace('|', "\\|")),
                    None => format!("{i}: {v}"),
                }
            })
            .collect();
        if bad.is_empty() {
            continue;
        }
        any = true;
        line(format!("- {} — {}", described(g), bad.join("; ")));
    }
    if !any {
        line(String::from("(none)"));
    }
    if !run.notes.is_empty() {
        line(String::from("\n### Notes on the run\n"));
        for n in &run.notes {
            line(format!("- {n}"));
        }
    }
    out
}

/// Replaces the text between the markers of CONFORMANCE.md.
fn write_report(path: &Path, report: &str) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (start, end) = MARKERS;
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        return Err(format!("{} has no {start} … {end} markers", path.display()));
    };
    let mut out = String::new();
    out.push_str(&text[..a + start.len()]);
    let _ = write!(out, "\n{report}");
    out.push_str(&text[b..]);
    fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// The workspace's target folder as cargo sees it (`CARGO_TARGET_DIR`, `build.target-dir`, or
/// `target/`).
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")))
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    json["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| String::from("cargo metadata gave no target_directory"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_and_members_in_any_order() {
        let a: Value = serde_json::from_str(r#"{"a": 1.0, "b": [1, 2]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b": [1, 2.0], "a": 1}"#).unwrap();
        assert_eq!(first_difference(&a, &b), None);
        let c: Value = serde_json::from_str(r#"{"a": 1}"#).unwrap();
        assert_eq!(
            first_difference(&a, &c).as_deref(),
            Some(r#"$["b"]: dropped"#)
        );
        assert!(first_difference(&Value::from("x"), &Value::from(1)).is_some());
    }

    #[test]
    fn compile_errors_name_the_groups_of_their_modules() {
        let krate = Crate {
            name: String::from("conformance-d4-2"),
            groups: vec![7, 9],
            modules: [
                (String::from("d4_type_03"), 7),
                (String::from("d4_ref_01"), 9),
            ]
            .into(),
        };
        let log = "   Compiling conformance-d4-2 v0.1.0\n\
                   conformance-d4-2/src/d4_type_03.rs:12:5: error[E0308]: mismatched types\n\
                   conformance-d4-2/src/d4_type_03.rs:14:5: error[E0308]: again\n\
                   conformance-d4-2/src/lib.rs:1:1: warning: unused\n";
        assert_eq!(
            compile_errors(log, &[krate]),
            [(
                7,
                String::from("d4_type_03.rs:12:5: error[E0308]: mismatched types")
            )]
        );
    }

    #[test]
    fn the_baseline_reads_what_it_writes() {
        let ids: BTreeSet<String> = ["draft4/type.json#0/1", "draft7/ref.json#12/0"]
            .map(String::from)
            .into();
        assert_eq!(parse_baseline(&baseline_text(&ids)), ids);
    }

    #[test]
    fn a_group_gets_the_draft_schema_unless_it_names_one() {
        let group = |schema: Value| Group {
            draft: 2,
            file: String::from("type.json"),
            index: 0,
            description: String::new(),
            schema,
            cases: Vec::new(),
            ns: String::from("d4-type-00"),
        };
        let doc = group(serde_json::json!({"type": "integer"}))
            .document()
            .unwrap();
        assert_eq!(doc["$schema"], DRAFTS[2].schema);
        let own = group(serde_json::json!({"$schema": "x", "type": "integer"}))
            .document()
            .unwrap();
        assert_eq!(own["$schema"], "x");
        assert!(group(Value::Bool(true)).document().is_none());
    }
}
