//! Reading the suite and generating each group alone: which groups the generator accepts, refuses
//! or panics on.

use super::*;

/// Reads the suite, generates, builds and runs everything.
pub fn measure(root: &Path, suite: &Path, drafts: &[usize]) -> Result<Run, String> {
    let started = Instant::now();
    let groups = read_groups(suite, drafts)?;
    let work = crate::target_dir(root)?.join("conformance");
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let settings = Settings {
        ref_roots: vec![RefRoot {
            prefix: Some(String::from(REMOTES_PREFIX)),
            dir: suite.join("remotes"),
        }],
        ..Settings::default()
    };
    let runtime = root.join("runtime").display().to_string();
    let mut notes = Vec::new();

    eprintln!(
        "conformance: generating {} groups one by one …",
        groups.len()
    );
    let t = Instant::now();
    let mut status = alone(&groups, &work.join("single"), &settings, &runtime)?;
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
            &Groups(&groups),
            &mut shards,
            &work,
            &settings,
            &runtime,
            "conformance",
            &mut notes,
            |g, placed| {
                status[g] = match placed {
                    Placed::Built(ty, c) => Status::Built(ty, c),
                    Placed::Refused(m) => Status::Refused(m),
                }
            },
        )?;
        eprintln!(
            "conformance: building {} crate(s) of {} groups …",
            crates.len(),
            shards.iter().map(Vec::len).sum::<usize>()
        );
        let built = build(&work.join("crates"), &work.join("target"), &crates)?;
        if let Some((c, error)) = built.unattributed.first() {
            return Err(format!(
                "cargo build of {} failed and names no group's module: {error}",
                crates[*c].name
            ));
        }
        let failed = built.failed;
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
        for &g in &krate.members {
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
        let binary = roundtrip_binary(&work.join("target"), &krate.name);
        let answers = batch(&binary, &requests, PATIENCE)?;
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
        // Of the optional tests, those of ECMA-262 regular expressions (patterns are matched by
        // the generated code's own engine).
        files.extend(
            OPTIONAL
                .iter()
                .map(|f| dir.join("optional").join(f))
                .filter(|p| p.is_file()),
        );
        for path in files {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let stem = file
                .trim_end_matches(".json")
                .replace(['_', '/'], "-")
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
                    schema: group.get("schema").cloned().ok_or_else(bad)?,
                    cases,
                });
            }
        }
    }
    Ok(groups)
}

/// Writes each group's document into `<root>/<ns>/schema.json` of a schema root of its own.
pub(super) fn write_root(root: &Path, groups: &[&Group]) -> Result<(), String> {
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

/// Step 1: every group generated alone. `Built` here carries an empty type name (found later).
pub(super) fn alone(
    groups: &[Group],
    dir: &Path,
    settings: &Settings,
    runtime: &str,
) -> Result<Vec<Status>, String> {
    let panics = Panics::catch();
    let settings = Settings {
        crate_name: String::from("conformance-single"),
        ..settings.clone()
    };
    let mut status = Vec::with_capacity(groups.len());
    let mut failure = None;
    for g in groups {
        if g.document().is_none() {
            status.push(Status::Refused(format!(
                "the schema is not an object or a boolean: `{}`",
                g.schema
            )));
            continue;
        }
        let root = dir.join(&g.ns);
        if let Err(e) = write_root(&root, &[g]) {
            failure = Some(e);
            break;
        }
        status.push(match panics.generate(&root, &settings, runtime) {
            Outcome::Generated(_) => Status::Built(String::new(), 0),
            Outcome::Panicked(message) => Status::Panicked(message),
            Outcome::Refused(f) => Status::Refused(first_error(&f.errors)),
        });
    }
    drop(panics);
    let _ = fs::remove_dir_all(dir);
    match failure {
        Some(e) => Err(e),
        None => Ok(status),
    }
}
