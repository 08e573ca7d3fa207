//! Bad input: each folder under `tests/bad/` is a schema root with one broken document among
//! good ones, and `expected.txt` holds the full diagnostic output. Every case must exit with
//! code 2, name the file, `line:column` and JSON pointer, and leave the output folder exactly as
//! it was.
//!
//! After an intended change of wording: `EXPECTORATE=overwrite cargo test --test bad_input`.

mod common;

use std::fs;

#[test]
fn every_bad_case_fails_cleanly() {
    let bad = common::root().join("tests/bad");
    let mut cases: Vec<_> = fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected the whole catalogue, found {}", cases.len());
    // An existing generated crate that a failed run must not touch.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    common::copy_tree(&common::root().join("tests/golden/kinds/out"), &out);
    let before = common::snapshot(&out);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let result = common::xtask(
            case,
            &["codegen", "--schemas", "schemas", "--out", out.to_str().unwrap()],
        );
        let stderr = common::stderr(&result);
        assert_eq!(result.status.code(), Some(2), "{name}: expected exit code 2\n{stderr}");
        assert!(
            stderr.contains("error: schemas/") && stderr.contains(".json:"),
            "{name}: the diagnostic does not name the file\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
        expectorate::assert_contents(case.join("expected.txt"), &stderr);
        assert_eq!(before, common::snapshot(&out), "{name}: the output folder changed");
    }
}

#[test]
fn errors_name_file_line_column_and_pointer() {
    let case = common::root().join("tests/bad/unknown-title-ref");
    let out = tempfile::tempdir().unwrap();
    let result = common::xtask(
        &case,
        &["codegen", "--schemas", "schemas", "--out", out.path().to_str().unwrap()],
    );
    let stderr = common::stderr(&result);
    let first = stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "error: schemas/ns/broken.json:7:19 at /properties/Owner/allOf/0/$ref: unknown `$ref` \
         `#/components/schemas/Nobody`: `/components/schemas/Nobody` is not in `ns/broken.json`, \
         and no document in namespace `ns` has the title `Nobody`"
    );
    // Nothing was written into the empty output folder either.
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
}
