//! The accepted groups as crates: generated together (groups that fail only together are moved
//! apart); building them and reading the cases is [`crate::harness`]'s.

use super::*;

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
                    members: kept,
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
    write_workspace(&crates_dir, &crates, Path::new(runtime).parent().unwrap_or(Path::new(".")), "conformance")?;
    Ok(crates)
}
