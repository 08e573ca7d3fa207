//! The accepted groups as crates: generated together (groups that fail only together are moved
//! apart), built in one `cargo build`, and every case read through one `--batch` process per
//! crate.

use super::*;

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
pub(super) fn generate_shards(
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
pub(super) fn root_types(root: &Path, options: &Options) -> Result<HashMap<String, (String, String)>, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                // These schemas already generated, so loading them finds no problem here.
                let ((corpus, _, _), _) =
                    codegen::load_all(root, options).map_err(|e| first_error(&e))?;
                let (ir, _) = codegen::resolve::resolve(&corpus, options.policies())
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

/// Builds every crate's roundtrip example in one `cargo build`; gives the groups whose modules
/// the compile errors name, with the first error of each. Fails when the build fails and no
/// group is named.
pub(super) fn build(work: &Path, crates: &[Crate]) -> Result<Vec<(usize, String)>, String> {
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
pub(super) fn compile_errors(log: &str, crates: &[Crate]) -> Vec<(usize, String)> {
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
pub(super) enum Answer {
    Ok(Value),
    Error,
    /// The process died on this instance.
    Crashed,
}

/// Feeds every request line to `binary --batch`; when the process dies before answering them
/// all, the request it died on is [`Answer::Crashed`] and the rest go to a new process.
pub(super) fn batch(binary: &Path, requests: &[String]) -> Result<Vec<Answer>, String> {
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
