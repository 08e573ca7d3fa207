//! What the two measuring harnesses share, `cargo xtask conformance` (the JSON-Schema-Test-Suite)
//! and `cargo xtask realworld` (the SchemaStore catalogue): generating one schema root in memory
//! with its panics caught, the root type of each namespace, building generated crates in one
//! `cargo build` and telling which member broke it, feeding instances through a crate's
//! `<crate>-roundtrip --batch` process, and comparing what comes back with what went in.
//!
//! A *member* is whatever the harness measures (a suite group, a catalogue schema): an index
//! into the caller's own list, one namespace of a generated crate.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use codegen::{Failure, Generated, Settings};
use serde_json::Value;

/// A generated crate of a run.
pub struct Crate {
    /// Its package name (`conformance-d2020-0`).
    pub name: String,
    /// Its members.
    pub members: Vec<usize>,
    /// Module name → member, to read build errors.
    pub modules: HashMap<String, usize>,
}

/// The last panic message of a generator thread, caught by the hook [`Panics`] installs.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// A panic hook, as `std::panic::take_hook` gives it.
type Hook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// While alive, panics are not printed but kept, so that [`Panics::generate`] can tell a
/// generator panic (with its message) from a refusal.
pub struct Panics {
    previous: Option<Hook>,
}

/// What generating one schema root came to.
pub enum Outcome {
    /// Generated.
    Generated(Box<Generated>),
    /// Refused: every diagnostic.
    Refused(Failure),
    /// The generator panicked: the message and where.
    Panicked(String),
}

impl Panics {
    /// Installs the hook (until dropped).
    pub fn catch() -> Self {
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
        Panics {
            previous: Some(previous),
        }
    }

    /// `codegen::generate_with` on `root`, a generator panic told apart from a refusal. One
    /// at a time: the panic message is kept in one place.
    pub fn generate(&self, root: &Path, settings: &Settings, runtime: &str) -> Outcome {
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = None;
        match codegen::generate_with(root, settings, runtime) {
            Ok(generated) => Outcome::Generated(Box::new(generated)),
            Err(failure) => match PANIC.lock().unwrap_or_else(|e| e.into_inner()).take() {
                Some(message) => Outcome::Panicked(one_line(&message)),
                None => Outcome::Refused(failure),
            },
        }
    }
}

impl Drop for Panics {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            std::panic::set_hook(previous);
        }
    }
}

/// The first error's message, on one line.
pub fn first_error(errors: &[codegen::Diagnostic]) -> String {
    errors
        .first()
        .map_or_else(|| String::from("(no diagnostic)"), |d| one_line(&d.message))
}

/// `text` on one line, cut at 200 characters.
pub fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 {
        format!("{}…", line.chars().take(200).collect::<String>())
    } else {
        line
    }
}

/// Namespace folder → (Rust name of the type of its document's root, module name), by the same
/// stages `codegen::generate_with` runs: load, resolve, name. Only documents of the schema root
/// count (not those reached through a reference root), one per namespace.
pub fn root_types(
    root: &Path,
    settings: &Settings,
) -> Result<HashMap<String, (String, String)>, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                // These schemas already generated, so loading them finds no problem here.
                let ((corpus, _, _), _) =
                    codegen::load_all(root, settings).map_err(|e| first_error(&e))?;
                let (ir, _) = codegen::resolve::resolve(&corpus, settings.policies)
                    .into_result()
                    .map_err(|e| first_error(&e))?;
                let names = codegen::name::name(&ir);
                let mut out = HashMap::new();
                for (i, shape) in ir.shapes.iter().enumerate() {
                    let id = codegen::ir::ShapeId(i);
                    if shape.loc.ptr.is_empty()
                        && !shape.loc.is_unresolved()
                        && matches!(shape.origin, codegen::ir::Origin::Document(_))
                        && corpus.namespaces[corpus.documents[shape.loc.doc].namespace].source
                            == codegen::load::Source::SchemaRoot
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

/// What a harness measures, as [`generate_shards`] needs it: each member is one namespace.
pub trait Members {
    /// The member's namespace folder.
    fn namespace(&self, member: usize) -> &str;
    /// How notes name the member.
    fn label(&self, member: usize) -> String;
    /// The package name of the crate of shard `index`, whose first member is `first`.
    fn crate_name(&self, first: usize, index: usize) -> String;
    /// Writes the documents of `members` into the schema root `root`, one namespace each.
    fn write_root(&self, root: &Path, members: &[usize]) -> Result<(), String>;
}

/// Where [`generate_shards`] put a member.
pub enum Placed {
    /// In crate `.1` of the run, with `.0` the Rust name of its document's root type.
    Built(String, usize),
    /// Nowhere: it generated alone but not beside others (the first diagnostic).
    Refused(String),
}

/// One crate per shard of members, generated into `<work>/crates/<name>`, a workspace of their
/// own (schema roots in `<work>/schemas/<name>`). Members that fail only beside others move to a
/// shard of their own (two documents with one `$id`, say); when an error names no member, the
/// shard is cut in two; a member that fails even alone is [`Placed::Refused`]. `place` learns
/// where every member went; `shards` keeps the members of each crate made, in order.
#[allow(clippy::too_many_arguments)]
pub fn generate_shards(
    set: &impl Members,
    shards: &mut Vec<Vec<usize>>,
    work: &Path,
    settings: &Settings,
    runtime: &str,
    what: &str,
    notes: &mut Vec<String>,
    mut place: impl FnMut(usize, Placed),
) -> Result<Vec<Crate>, String> {
    let crates_dir = work.join("crates");
    let mut crates: Vec<Crate> = Vec::new();
    let mut i = 0;
    while i < shards.len() {
        let shard = shards[i].clone();
        let name = set.crate_name(shard[0], i);
        let root = work.join("schemas").join(&name);
        set.write_root(&root, &shard)?;
        let shard_settings = Settings {
            crate_name: name.clone(),
            ..settings.clone()
        };
        match codegen::generate_with(&root, &shard_settings, runtime) {
            Ok(generated) => {
                let types = root_types(&root, settings)?;
                let mut modules = HashMap::new();
                let mut kept = Vec::new();
                for &m in &shard {
                    match types.get(set.namespace(m)) {
                        Some((ty, module)) => {
                            place(m, Placed::Built(ty.clone(), crates.len()));
                            modules.insert(module.clone(), m);
                            kept.push(m);
                        }
                        None => place(
                            m,
                            Placed::Refused(String::from(
                                "(harness) no type is generated for the document's root",
                            )),
                        ),
                    }
                }
                let out = crates_dir.join(&name);
                let changes =
                    codegen::write::plan(&out, &generated.files).map_err(|e| e.message)?;
                codegen::write::apply(&out, &changes).map_err(|e| e.message)?;
                shards[i] = kept.clone();
                crates.push(Crate {
                    name,
                    members: kept,
                    modules,
                });
                i += 1;
            }
            Err(failure) => {
                let prefix = root.display().to_string();
                let named: std::collections::BTreeSet<usize> = failure
                    .errors
                    .iter()
                    .filter_map(|d| {
                        let path = d.place.as_ref()?.path.as_str();
                        let within = path.split_once(prefix.as_str())?.1;
                        shard
                            .iter()
                            .copied()
                            .find(|&m| within.starts_with(&format!("/{}/", set.namespace(m))))
                    })
                    .collect();
                let first = first_error(&failure.errors);
                if let [m] = shard[..] {
                    place(m, Placed::Refused(first));
                    notes.push(format!(
                        "{}: generated alone, but not in its crate: refused",
                        set.label(m)
                    ));
                    shards.remove(i);
                } else if !named.is_empty() && named.len() < shard.len() {
                    for &m in &named {
                        notes.push(format!(
                            "{}: fails beside others ({first}): moved to a crate of its own",
                            set.label(m)
                        ));
                    }
                    shards[i].retain(|m| !named.contains(m));
                    shards.push(named.into_iter().collect());
                } else {
                    let back = shards[i].split_off(shard.len() / 2);
                    notes.push(format!(
                        "crate {name}: fails as a whole ({first}): cut in two"
                    ));
                    shards.push(back);
                }
            }
        }
    }
    let workspace_root = Path::new(runtime).parent().unwrap_or(Path::new("."));
    write_workspace(&crates_dir, &crates, workspace_root, what)?;
    Ok(crates)
}

/// Writes a workspace manifest over `crates` into `dir` (and a lock file copied from this
/// workspace's, so that the run resolves no dependency anew), removing crate folders of earlier
/// runs that this one does not make.
pub fn write_workspace(
    dir: &Path,
    crates: &[Crate],
    workspace_root: &Path,
    what: &str,
) -> Result<(), String> {
    let names: std::collections::BTreeSet<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !names.contains(file.as_str()) && file != "target" {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.name)).collect();
    let manifest = format!(
        "# Written by `cargo xtask {what}`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
         # Only the roundtrip examples are run; no debugger reads them.\n[profile.dev]\ndebug = 0\n",
        members.join(", ")
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(workspace_root.join("Cargo.lock"), &lock);
    }
    Ok(())
}

/// The result of building a workspace of generated crates.
pub struct Built {
    /// Members whose modules the compile errors name, with the first error of each.
    pub failed: Vec<(usize, String)>,
    /// Crates whose build failed with errors that name no member's module (by index into the
    /// crates given), with the first such error.
    pub unattributed: Vec<(usize, String)>,
    /// Members whose modules have warnings, with the first warning of each.
    pub warnings: Vec<(usize, String)>,
}

/// Builds every crate's roundtrip example of the workspace in `dir` in one `cargo build`
/// (`--keep-going`), into `target`.
pub fn build(dir: &Path, target: &Path, crates: &[Crate]) -> Result<Built, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")))
        .args([
            "build",
            "--workspace",
            "--examples",
            "--keep-going",
            "--message-format",
            "short",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cargo build: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    let mut built = read_build_log(&log, crates);
    if !out.status.success() && built.failed.is_empty() && built.unattributed.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        return Err(format!(
            "cargo build of the generated crates failed and names no crate:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    built.failed.sort();
    Ok(built)
}

/// Reads a `cargo build --message-format short` log: the members whose modules the errors and
/// warnings name (`conformance-d4-2/src/d4_type_03.rs:12:5: error[E0308]: …`), with the first
/// of each, and the crates with errors in no member's module.
pub fn read_build_log(log: &str, crates: &[Crate]) -> Built {
    let mut failed: BTreeMap<usize, String> = BTreeMap::new();
    let mut warned: BTreeMap<usize, String> = BTreeMap::new();
    let mut unattributed: BTreeMap<usize, String> = BTreeMap::new();
    for line in log.lines() {
        let error = line.contains(": error");
        if !error && !line.contains(": warning") {
            continue;
        }
        for (c, krate) in crates.iter().enumerate() {
            let prefix = format!("{}/", krate.name);
            let Some(at) = line.find(&prefix) else {
                continue;
            };
            let rest = &line[at + prefix.len()..];
            let member = rest
                .strip_prefix("src/")
                .and_then(|r| r.split(".rs:").next())
                .and_then(|module| krate.modules.get(module));
            match (member, error) {
                (Some(&m), true) => {
                    failed.entry(m).or_insert_with(|| one_line(rest));
                }
                (Some(&m), false) => {
                    warned.entry(m).or_insert_with(|| one_line(rest));
                }
                (None, true) => {
                    unattributed.entry(c).or_insert_with(|| one_line(rest));
                }
                (None, false) => {}
            }
        }
    }
    // `error: could not compile `x`` and the like name the crate but no file: the crate failed,
    // and if no member is to blame it is unattributed.
    for line in log
        .lines()
        .filter(|l| l.starts_with("error: could not compile"))
    {
        for (c, krate) in crates.iter().enumerate() {
            let named = line.contains(&format!("`{}`", krate.name));
            let blamed = krate.members.iter().any(|m| failed.contains_key(m));
            if named && !blamed {
                unattributed.entry(c).or_insert_with(|| one_line(line));
            }
        }
    }
    Built {
        failed: failed.into_iter().collect(),
        unattributed: unattributed.into_iter().collect(),
        warnings: warned.into_iter().collect(),
    }
}

/// One answer of the roundtrip process.
pub enum Answer {
    /// The instance was read; what the type wrote back.
    Ok(Value),
    /// The instance was rejected.
    Error,
    /// The process died on this instance, or gave no answer within the time allowed.
    Crashed,
}

/// Feeds every request line to `binary --batch`; when the process dies before answering them
/// all, or answers none for `patience`, the request it was on is [`Answer::Crashed`] and the
/// rest go to a new process.
pub fn batch(
    binary: &Path,
    requests: &[String],
    patience: Duration,
) -> Result<Vec<Answer>, String> {
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
        let (send, receive) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let before = answers.len();
        let mut stuck = false;
        while answers.len() < requests.len() {
            let line = match receive.recv_timeout(patience) {
                Ok(line) => line,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    stuck = true;
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let parsed: Value = serde_json::from_str(&line)
                .map_err(|e| format!("{} answered `{line}`: {e}", binary.display()))?;
            answers.push(match (parsed.get("ok"), parsed.get("error")) {
                (Some(v), _) => Answer::Ok(v.clone()),
                (None, Some(_)) => Answer::Error,
                _ => return Err(format!("{} answered `{line}`", binary.display())),
            });
        }
        if stuck {
            let _ = child.kill();
        }
        let _ = child.wait();
        let _ = writer.join();
        let _ = reader.join();
        if answers.len() < requests.len() {
            answers.push(Answer::Crashed);
        }
        if answers.len() == before && !stuck {
            return Err(format!("{} answers nothing", binary.display()));
        }
    }
    Ok(answers)
}

/// The roundtrip example of crate `name` built into `target` (debug).
pub fn roundtrip_binary(target: &Path, name: &str) -> std::path::PathBuf {
    target
        .join("debug")
        .join("examples")
        .join(format!("{name}-roundtrip{}", std::env::consts::EXE_SUFFIX))
}

/// The lines of a baseline or list file, without `#` comments and blank lines.
pub fn read_lines(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// A baseline file: `header` (comment lines, each ending in a line break), then one line each.
pub fn lines_text(header: &str, lines: &std::collections::BTreeSet<String>) -> String {
    let mut text = String::from(header);
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Replaces the text between the two `markers` of the file at `path` with `report`.
pub fn write_between_markers(
    path: &Path,
    markers: (&str, &str),
    report: &str,
) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (start, end) = markers;
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        return Err(format!("{} has no {start} … {end} markers", path.display()));
    };
    let out = format!("{}\n{report}{}", &text[..a + start.len()], &text[b..]);
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where `b` (written back) differs from `a` (the instance): objects in any order, numbers by
/// value (`1.0` == `1`). Says where and what kind of change, never the values (reports are
/// committed; the instances are not ours).
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, path: &mut String) -> Option<String> {
        use codegen::load::json_kind as kind;
        use std::fmt::Write as _;
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

/// What `rustfmt` (edition 2024, default settings) would change in the Rust files of the crate
/// in `crate_dir` (`src/` and `examples/`): `Ok(None)` when nothing, `Ok(Some(diff))` with the
/// first lines of its diff, `Err` when rustfmt cannot be run.
pub fn rustfmt_check(crate_dir: &Path) -> Result<Option<String>, String> {
    let mut files = Vec::new();
    for dir in ["src", "examples"] {
        let Ok(entries) = std::fs::read_dir(crate_dir.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "rs")),
        );
    }
    files.sort();
    let run = Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .args(&files)
        .output()
        .map_err(|e| format!("rustfmt cannot be run: {e}"))?;
    if run.status.success() {
        return Ok(None);
    }
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    let shown: Vec<&str> = out.lines().take(80).chain(err.lines().take(20)).collect();
    Ok(Some(shown.join("\n")))
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
    fn build_logs_name_the_members_of_their_modules() {
        let krate = |name: &str, modules: &[(&str, usize)]| Crate {
            name: name.to_owned(),
            members: modules.iter().map(|m| m.1).collect(),
            modules: modules.iter().map(|(m, i)| ((*m).to_owned(), *i)).collect(),
        };
        let crates = [
            krate("conformance-d4-2", &[("d4_type_03", 7), ("d4_ref_01", 9)]),
            krate("conformance-d4-3", &[("d4_enum_00", 11)]),
        ];
        let log = "   Compiling conformance-d4-2 v0.1.0\n\
                   conformance-d4-2/src/d4_type_03.rs:12:5: error[E0308]: mismatched types\n\
                   conformance-d4-2/src/d4_type_03.rs:14:5: error[E0308]: again\n\
                   conformance-d4-2/src/d4_ref_01.rs:1:1: warning: unused\n\
                   conformance-d4-3/src/lib.rs:3:1: error: expected item\n\
                   error: could not compile `conformance-d4-2` (lib) due to 2 previous errors\n\
                   error: could not compile `conformance-d4-3` (lib) due to 1 previous error\n";
        let built = read_build_log(log, &crates);
        assert_eq!(
            built.failed,
            [(
                7,
                String::from("src/d4_type_03.rs:12:5: error[E0308]: mismatched types")
            )]
        );
        assert_eq!(
            built.warnings,
            [(9, String::from("src/d4_ref_01.rs:1:1: warning: unused"))]
        );
        assert_eq!(
            built.unattributed,
            [(1, String::from("src/lib.rs:3:1: error: expected item"))]
        );
    }
}
