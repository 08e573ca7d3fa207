//! The published examples of the real corpus (`../shared/corpora/aws-cognito-examples`), each
//! read as the type of its schema document by the corpus crate's example
//! `cognito-corpus-roundtrip --batch`.
//!
//! Many examples do not match their schema (`"example-value"` for an object, say), so being
//! rejected is often the right outcome. What must hold: every example gets an answer, either
//! `{"ok": …}` or `{"error": "$…"}` with the error led by its JSON path; no crash, no panic, no
//! missing answer. And what was read renders as JSON that reads back to itself.

mod batch;
mod common;
mod instances;

use std::collections::BTreeMap;
use std::fs;
use std::time::Instant;

use serde_json::Value;

/// Examples per namespace in the published corpus.
const EXPECTED: &[(&str, usize)] = &[("cognito-identity", 110), ("cognito-idp", 465)];

#[test]
fn every_published_example_is_read_or_rejected_with_a_path() {
    let started = Instant::now();
    let Some(schemas) = common::corpus("aws-cognito") else {
        return;
    };
    let Some(examples) = common::corpus("aws-cognito-examples") else {
        return;
    };
    let Some(binary) = common::corpus_roundtrip_binary() else {
        return;
    };
    let (corpus, ir) = instances::load_ir(&schemas);

    // Each example with the Rust type of its schema document's root shape.
    let mut requests: Vec<(String, String, Value)> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut namespaces: Vec<String> = fs::read_dir(&examples)
        .unwrap_or_else(|e| panic!("{} lists: {e}", examples.display()))
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    namespaces.sort();
    for ns in &namespaces {
        let mut names: Vec<String> = fs::read_dir(examples.join(ns))
            .unwrap_or_else(|e| panic!("{} lists: {e}", examples.join(ns).display()))
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        for name in names {
            let stem = name
                .strip_suffix("-example.json")
                .unwrap_or_else(|| panic!("{ns}/{name} is not named <stem>-example.json"));
            let schema = format!("{ns}/{stem}-schema.json");
            let doc = corpus
                .by_rel_path(&schema)
                .unwrap_or_else(|| panic!("{ns}/{name} has no schema {schema} in the corpus"));
            let shape = (0..ir.shapes.len())
                .map(codegen::ir::ShapeId)
                .find(|&id| ir.shape(id).loc.doc == doc && ir.shape(id).loc.ptr.is_empty())
                .unwrap_or_else(|| panic!("{schema} has no shape at its root"));
            let path = examples.join(ns).join(&name);
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{} reads: {e}", path.display()));
            let instance: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            requests.push((ns.clone(), ir.names.ty(shape).to_owned(), instance));
            files.push(format!("{ns}/{name}"));
        }
    }

    let answers = batch::run(&binary, &requests);

    // Per namespace: read, rejected; and the errors that are not led by a path.
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut distinct_errors: Vec<&str> = Vec::new();
    let mut without_path = Vec::new();
    for (((ns, ty, _), answer), file) in requests.iter().zip(&answers).zip(&files) {
        let count = counts.entry(ns.as_str()).or_default();
        match answer {
            batch::Answer::Ok(_) => count.0 += 1,
            batch::Answer::Error(e) => {
                count.1 += 1;
                if !e.starts_with('$') {
                    without_path.push(format!("{file} as {ty}: {e}"));
                }
                if !distinct_errors.contains(&e.as_str()) {
                    distinct_errors.push(e);
                }
            }
        }
    }
    for (ns, (ok, rejected)) in &counts {
        eprintln!(
            "examples {ns}: {ok} read, {rejected} rejected, {} in all",
            ok + rejected
        );
    }
    eprintln!(
        "examples: {} distinct error messages; the first three:",
        distinct_errors.len()
    );
    for e in distinct_errors.iter().take(3) {
        eprintln!("  {e}");
    }
    eprintln!(
        "examples: {} answers in {:.1} s",
        answers.len(),
        started.elapsed().as_secs_f64()
    );

    assert!(
        without_path.is_empty(),
        "{} errors are not led by a JSON path:\n{}",
        without_path.len(),
        without_path.join("\n")
    );
    // What was read renders as a valid instance of its type: reading it again gives it back.
    let again: Vec<(String, String, Value)> = requests
        .iter()
        .zip(&answers)
        .filter_map(|((ns, ty, _), a)| match a {
            batch::Answer::Ok(v) => Some((ns.clone(), ty.clone(), v.clone())),
            batch::Answer::Error(_) => None,
        })
        .collect();
    let unstable: Vec<String> = again
        .iter()
        .zip(batch::run(&binary, &again))
        .filter_map(|((ns, ty, first), second)| match second {
            batch::Answer::Ok(v) if instances::json_eq(first, &v) => None,
            other => Some(format!(
                "{ns} {ty}: {first} was rendered, and reads back as {other:?}"
            )),
        })
        .collect();
    assert!(
        unstable.is_empty(),
        "rendered examples that do not read back:\n{}",
        unstable.join("\n")
    );

    let totals: Vec<(&str, usize)> = counts
        .iter()
        .map(|(ns, (ok, rej))| (*ns, ok + rej))
        .collect();
    assert_eq!(totals, EXPECTED, "examples per namespace");
    assert_eq!(requests.len(), 575);
}
