//! Golden tests: small schema folders of our own under `tests/golden/<case>/schemas`, each
//! generated into `tests/golden/<case>/out`, a checked-in crate that is also a workspace member,
//! so every golden output is compiled (and linted in CI) as well as compared.
//!
//! Compared with `expectorate`; after an intended change, regenerate them with
//! `EXPECTORATE=overwrite cargo test --test golden` and review the diff.

mod common;

use std::fs;

use codegen::CrateSpec;
use codegen::write::{self, ChangeKind};

fn golden(case: &str) {
    let dir = common::root().join("tests/golden").join(case);
    let spec = CrateSpec {
        name: format!("golden-{case}"),
        runtime_path: String::from("../../../../runtime"),
    };
    let generated = match codegen::generate(&dir.join("schemas"), &spec) {
        Ok(g) => g,
        Err(f) => {
            let all: Vec<String> = f.errors.iter().map(ToString::to_string).collect();
            panic!("{case} does not generate:\n{}", all.join("\n"));
        }
    };
    // Warnings are part of the expected output (paths made relative to the case folder).
    let prefix = format!("{}/", dir.display());
    let warnings: String = generated
        .warnings
        .iter()
        .map(|w| w.to_string().replace(&prefix, ""))
        .collect();
    expectorate::assert_contents(dir.join("warnings.txt"), &warnings);
    for file in &generated.files {
        let path = dir.join("out").join(&file.path);
        if let Some(parent) = path.parent() {
            // expectorate does not create folders when it writes a new file.
            fs::create_dir_all(parent).unwrap();
        }
        expectorate::assert_contents(path, &file.text);
    }
    let stale: Vec<String> = write::plan(&dir.join("out"), &generated.files)
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == ChangeKind::Removed)
        .map(|c| c.path)
        .collect();
    if std::env::var("EXPECTORATE").is_ok_and(|v| v == "overwrite") {
        for path in &stale {
            fs::remove_file(dir.join("out").join(path)).unwrap();
        }
    } else {
        assert!(stale.is_empty(), "{case}/out holds files that are no longer generated: {stale:?}");
    }
}

#[test]
fn ref_forms() {
    golden("ref-forms");
}

#[test]
fn all_of() {
    golden("all-of");
}

#[test]
fn kinds() {
    golden("kinds");
}

#[test]
fn names_and_cycles() {
    golden("names-and-cycles");
}

#[test]
fn edge_cases() {
    golden("edge-cases");
}

#[test]
fn validation() {
    golden("validation");
}

#[test]
fn every_case_folder_has_a_test() {
    let mut cases: Vec<String> = fs::read_dir(common::root().join("tests/golden"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert_eq!(
        cases,
        ["all-of", "edge-cases", "kinds", "names-and-cycles", "ref-forms", "validation"]
    );
}
