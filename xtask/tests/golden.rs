//! Golden tests: small schema folders of our own under `tests/golden/<case>/schemas`, each
//! generated into `tests/golden/<case>/out`, a checked-in crate that is also a workspace member,
//! so every golden output is compiled (and linted in CI) as well as compared.
//!
//! Every folder of `tests/golden/` is a case: a new case is a new folder, with no test to add.
//! The comparison is `xtask::golden`, the same code as `cargo xtask golden --check`; after an
//! intended change, regenerate with `cargo xtask golden` and review the diff.

mod common;

use std::fs;
use std::path::Path;

use xtask::golden::{self, Outcome};

/// Every case, and every differing one reported (not only the first).
fn failures(golden_dir: &Path) -> Vec<String> {
    golden::check_all(golden_dir)
        .unwrap()
        .into_iter()
        .filter_map(|outcome| match outcome {
            Outcome::UpToDate(_) => None,
            Outcome::Stale(plan) => Some(format!("{}:\n{}", plan.case.name, plan.report(30))),
            Outcome::Failed(case, errors) => {
                let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
                Some(format!(
                    "{} does not generate:\n{}",
                    case.name,
                    all.join("\n")
                ))
            }
        })
        .collect()
}

#[test]
fn every_golden_case_matches_its_schemas() {
    let dir = golden::dir(&common::root());
    let cases = golden::cases(&dir).unwrap();
    assert!(!cases.is_empty(), "no golden cases in {}", dir.display());
    let failures = failures(&dir);
    assert!(
        failures.is_empty(),
        "{} of {} golden case(s) differ; run `cargo xtask golden` and review the diff:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Copies `tests/golden/<case>` (schemas, out and warnings; not out/target) to `to`.
fn copy_case(case: &str, to: &Path) {
    let from = golden::dir(&common::root()).join(case);
    // The schemas, and any folder beside them that a case's references reach.
    for entry in fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() && entry.file_name() != "out" {
            common::copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    }
    common::copy_tree(&from.join("out/src"), &to.join("out/src"));
    common::copy_tree(&from.join("out/examples"), &to.join("out/examples"));
    fs::copy(from.join("out/Cargo.toml"), to.join("out/Cargo.toml")).unwrap();
    fs::copy(from.join("warnings.txt"), to.join("warnings.txt")).unwrap();
}

#[test]
fn the_folder_listing_drives_the_cases_and_every_difference_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for case in ["all-of", "kinds", "ref-forms"] {
        copy_case(case, &dir.join(case));
    }
    // A new case is only a folder with schemas.
    common::copy_tree(
        &golden::dir(&common::root()).join("edge-cases/schemas"),
        &dir.join("new-case/schemas"),
    );
    fs::write(
        dir.join("not-a-case.txt"),
        "files beside the cases are ignored",
    )
    .unwrap();
    let names: Vec<String> = golden::cases(dir)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["all-of", "kinds", "new-case", "ref-forms"]);
    let failures_before = failures(dir);
    assert_eq!(failures_before.len(), 1, "{failures_before:#?}");
    assert!(
        failures_before[0].contains("new-case/out/Cargo.toml missing"),
        "{}",
        failures_before[0]
    );

    // Two hand edits in two other cases: all three are reported.
    let lib = dir.join("all-of/out/src/lib.rs");
    fs::write(
        &lib,
        fs::read_to_string(&lib).unwrap() + "// edited by hand\n",
    )
    .unwrap();
    fs::write(dir.join("ref-forms/warnings.txt"), "warning: invented\n").unwrap();
    let found = failures(dir);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("all-of:"), "{}", found[0]);
    assert!(
        found[0].contains("all-of/out/src/lib.rs differs"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("-// edited by hand"), "{}", found[0]);
    assert!(found[1].starts_with("new-case:"), "{}", found[1]);
    assert!(found[2].starts_with("ref-forms:"), "{}", found[2]);
    assert!(
        found[2].contains("ref-forms/warnings.txt differs"),
        "{}",
        found[2]
    );

    // Applying the plans (what `cargo xtask golden` does) makes every case up to date.
    for outcome in golden::check_all(dir).unwrap() {
        if let Outcome::Stale(plan) = outcome {
            plan.apply().unwrap();
        }
    }
    assert!(failures(dir).is_empty(), "{:#?}", failures(dir));
    assert!(dir.join("new-case/out/src/lib.rs").is_file());
    assert!(dir.join("new-case/warnings.txt").is_file());
}

#[test]
fn a_case_that_does_not_generate_is_reported_with_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("broken/schemas/ns")).unwrap();
    fs::write(
        dir.join("broken/schemas/ns/a.json"),
        "{\"title\": \"A\", \"type\": \"object\", \"properties\": {\"b\": {\"$ref\": \"#/nowhere\"}}}",
    )
    .unwrap();
    copy_case("kinds", &dir.join("kinds"));
    // Copied under another name: the crate name in Cargo.toml differs.
    copy_case("kinds", &dir.join("kinds-renamed"));
    let found = failures(dir);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("broken does not generate:"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("#/nowhere"), "{}", found[0]);
    assert!(found[1].starts_with("kinds-renamed:"), "{}", found[1]);
    assert!(
        found[1].contains("kinds-renamed/out/Cargo.toml differs"),
        "{}",
        found[1]
    );
}

#[test]
fn a_crlf_checkout_of_a_case_is_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    // A case with warnings, so that `warnings.txt` is compared too.
    let case = tmp.path().join("catalogue");
    copy_case("catalogue", &case);
    let mut files: Vec<_> = common::snapshot(&case.join("out"))
        .into_iter()
        .map(|(rel, _)| case.join("out").join(rel))
        .collect();
    files.push(case.join("warnings.txt"));
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        assert!(
            text.contains('\n') && !text.contains('\r'),
            "{}",
            path.display()
        );
        fs::write(path, text.replace('\n', "\r\n")).unwrap();
    }
    assert!(
        failures(tmp.path()).is_empty(),
        "{:#?}",
        failures(tmp.path())
    );
}
