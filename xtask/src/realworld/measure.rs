//! The run: every schema generated alone, the accepted ones packed into crates, built, and every
//! instance read through the crates' roundtrip processes.

use super::*;

/// The most schema text one crate is given (a single larger schema gets a crate of its own): two
/// cores build two crates at a time, and one crate per schema would pay the linker once per
/// schema.
const CRATE_BYTES: u64 = 1_500_000;

/// The most schemas in one crate.
const CRATE_SCHEMAS: usize = 60;

/// How long the roundtrip process may take over one instance before it counts as crashed.
const PATIENCE: Duration = Duration::from_secs(20);

/// The settings every schema is generated with: the catalogue's published URLs are its folder.
pub fn settings(catalogue: &Path) -> Settings {
    Settings {
        ref_roots: PREFIXES
            .iter()
            .map(|p| RefRoot {
                prefix: Some((*p).to_owned()),
                dir: catalogue.join("schemas"),
            })
            .collect(),
        ..Settings::default()
    }
}

/// Generates, builds and reads everything.
pub fn measure(root: &Path, catalogue: &Path, schemas: Vec<Schema>) -> Result<Run, String> {
    let started = Instant::now();
    let work = crate::target_dir(root)?.join("realworld");
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let settings = settings(catalogue);
    let runtime = root.join("runtime").display().to_string();
    let mut notes = Vec::new();

    eprintln!(
        "realworld: generating {} schemas one by one …",
        schemas.len()
    );
    let t = Instant::now();
    let mut status = alone(&schemas, &work.join("single"), &settings, &runtime)?;
    let accepted: Vec<usize> = (0..schemas.len())
        .filter(|&s| matches!(status[s], Status::Built(..)))
        .collect();
    eprintln!(
        "  {} accepted ({:.1} s)",
        accepted.len(),
        t.elapsed().as_secs_f64()
    );

    let mut shards = pack(&schemas, &accepted);
    let mut warnings: Vec<Option<String>> = vec![None; schemas.len()];
    let t = Instant::now();
    let crates = loop {
        let crates = generate_shards(
            &Catalogue(&schemas),
            &mut shards,
            &work,
            &settings,
            &runtime,
            "realworld",
            &mut notes,
            |s, placed| {
                status[s] = match placed {
                    Placed::Built(ty, c) => Status::Built(ty, c),
                    Placed::Refused(m) => Status::Refused(m),
                }
            },
        )?;
        eprintln!(
            "realworld: building {} crate(s) of {} schemas …",
            crates.len(),
            shards.iter().map(Vec::len).sum::<usize>()
        );
        let built = build(&work.join("crates"), &work.join("target"), &crates)?;
        for (s, warning) in built.warnings {
            warnings[s] = Some(warning);
        }
        if built.failed.is_empty() && built.unattributed.is_empty() {
            break crates;
        }
        for (s, error) in built.failed {
            status[s] = Status::NoCompile(error);
        }
        for (c, error) in built.unattributed {
            let members = &crates[c].members;
            if let [only] = members[..] {
                status[only] = Status::NoCompile(error);
            } else if members
                .iter()
                .all(|&s| matches!(status[s], Status::Built(..)))
            {
                // Nothing to blame: cut the crate in two and build both halves.
                notes.push(format!(
                    "crate {}: fails in a file of no schema ({error}): cut in two",
                    crates[c].name
                ));
                let shard = shards
                    .iter_mut()
                    .find(|sh| *sh == members)
                    .ok_or("a crate without its shard")?;
                let back = shard.split_off(shard.len() / 2);
                shards.push(back);
            }
        }
        for shard in &mut shards {
            shard.retain(|&s| matches!(status[s], Status::Built(..)));
        }
        shards.retain(|s| !s.is_empty());
    };
    eprintln!("  built ({:.1} s)", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut results: Vec<Vec<CaseResult>> = schemas
        .iter()
        .zip(&status)
        .map(|(s, st)| {
            s.instances
                .iter()
                .map(|i| CaseResult {
                    verdict: match (st, &i.data) {
                        (_, Err(_)) => Verdict::Unreadable,
                        (Status::Built(..), _) => Verdict::NoOracle, // replaced below
                        _ => Verdict::NotRead,
                    },
                    altered: None,
                })
                .collect()
        })
        .collect();
    for krate in &crates {
        let mut requests = Vec::new();
        let mut places = Vec::new();
        for &s in &krate.members {
            let Status::Built(ty, _) = &status[s] else {
                continue;
            };
            for (c, instance) in schemas[s].instances.iter().enumerate() {
                let Ok(data) = &instance.data else { continue };
                requests.push(
                    serde_json::to_string(&Value::Array(vec![
                        Value::from(schemas[s].name.as_str()),
                        Value::from(ty.as_str()),
                        data.clone(),
                    ]))
                    .map_err(|e| e.to_string())?,
                );
                places.push((s, c));
            }
        }
        if requests.is_empty() {
            continue;
        }
        let answers = batch(
            &roundtrip_binary(&work.join("target"), &krate.name),
            &requests,
            PATIENCE,
        )?;
        for ((s, c), answer) in places.into_iter().zip(answers) {
            let instance = &schemas[s].instances[c];
            let data = instance.data.as_ref().ok();
            let judged = |accepted: bool| match instance.oracle {
                None => Verdict::NoOracle,
                Some(valid) if valid == accepted => Verdict::Agree,
                Some(true) => Verdict::TooStrict,
                Some(false) => Verdict::TooLax,
            };
            results[s][c] = match answer {
                Answer::Crashed => CaseResult {
                    verdict: Verdict::Crashed,
                    altered: None,
                },
                Answer::Error => CaseResult {
                    verdict: judged(false),
                    altered: None,
                },
                Answer::Ok(written) => CaseResult {
                    verdict: judged(true),
                    altered: data.and_then(|d| first_difference(d, &written)),
                },
            };
        }
    }
    eprintln!(
        "  {} instances read ({:.1} s)",
        results.iter().map(Vec::len).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );
    // Messages name files of the run's folders: shown relative to them, so that the report does
    // not depend on where the checkout is.
    let tidy = |m: &str| {
        m.replace(&work.join("single").display().to_string(), "<tmp>")
            .replace(&work.display().to_string(), "<tmp>")
            .replace(&catalogue.display().to_string(), "<catalogue>")
    };
    for s in &mut status {
        if let Status::Refused(m) | Status::Panicked(m) | Status::NoCompile(m) = s {
            *m = tidy(m);
        }
    }
    let notes = notes.iter().map(|n| tidy(n)).collect();
    Ok(Run {
        schemas,
        status,
        warnings,
        results,
        notes,
        elapsed: started.elapsed(),
    })
}

/// Packs the schemas into shards of at most [`CRATE_BYTES`] and [`CRATE_SCHEMAS`], in name
/// order (so that a run over a subset packs like the whole one would).
fn pack(schemas: &[Schema], members: &[usize]) -> Vec<Vec<usize>> {
    let mut shards: Vec<Vec<usize>> = Vec::new();
    let mut bytes = 0;
    for &s in members {
        let fits = shards.last().is_some_and(|last| {
            last.len() < CRATE_SCHEMAS && bytes + schemas[s].bytes <= CRATE_BYTES
        });
        if !fits {
            shards.push(Vec::new());
            bytes = 0;
        }
        bytes += schemas[s].bytes;
        if let Some(last) = shards.last_mut() {
            last.push(s);
        }
    }
    shards
}

/// Writes the documents of `members` into a schema root of their own: `<root>/<name>/<name>.json`.
fn write_root(root: &Path, schemas: &[Schema], members: &[usize]) -> Result<(), String> {
    let _ = fs::remove_dir_all(root);
    for &s in members {
        let Ok(doc) = &schemas[s].document else {
            continue;
        };
        let dir = root.join(&schemas[s].name);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let text = serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?;
        fs::write(dir.join(format!("{}.json", schemas[s].name)), text)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Step 1: every schema generated alone. `Built` here carries an empty type name (found later).
fn alone(
    schemas: &[Schema],
    dir: &Path,
    settings: &Settings,
    runtime: &str,
) -> Result<Vec<Status>, String> {
    let panics = Panics::catch();
    let settings = Settings {
        crate_name: String::from("realworld-single"),
        ..settings.clone()
    };
    let mut status = Vec::with_capacity(schemas.len());
    for (s, schema) in schemas.iter().enumerate() {
        if let Err(e) = &schema.document {
            status.push(Status::Refused(format!("the schema does not parse: {e}")));
            continue;
        }
        let root = dir.join(&schema.name);
        write_root(&root, schemas, &[s])?;
        status.push(match panics.generate(&root, &settings, runtime) {
            Outcome::Generated(_) => Status::Built(String::new(), 0),
            Outcome::Panicked(message) => Status::Panicked(message),
            Outcome::Refused(f) => Status::Refused(first_error(&f.errors)),
        });
        let _ = fs::remove_dir_all(&root);
    }
    drop(panics);
    let _ = fs::remove_dir_all(dir);
    Ok(status)
}

/// The schemas of a run, one namespace each.
struct Catalogue<'a>(&'a [Schema]);

impl Members for Catalogue<'_> {
    fn namespace(&self, member: usize) -> &str {
        &self.0[member].name
    }

    fn label(&self, member: usize) -> String {
        self.0[member].name.clone()
    }

    fn crate_name(&self, _: usize, index: usize) -> String {
        format!("realworld-{index}")
    }

    fn write_root(&self, root: &Path, members: &[usize]) -> Result<(), String> {
        write_root(root, self.0, members)
    }
}
