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
    assert!(
        cases.len() >= 15,
        "expected the whole catalogue, found {}",
        cases.len()
    );
    // An existing generated crate that a failed run must not touch.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    common::copy_tree(&common::root().join("tests/golden/kinds/out"), &out);
    let before = common::snapshot(&out);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let result = common::xtask(
            case,
            &[
                "codegen",
                "--schemas",
                "schemas",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let stderr = common::stderr(&result);
        assert_eq!(
            result.status.code(),
            Some(2),
            "{name}: expected exit code 2\n{stderr}"
        );
        assert!(
            stderr.contains("error: schemas/") && stderr.contains(".json:"),
            "{name}: the diagnostic does not name the file\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
        expectorate::assert_contents(case.join("expected.txt"), &stderr);
        assert_eq!(
            before,
            common::snapshot(&out),
            "{name}: the output folder changed"
        );
    }
}

#[test]
fn errors_name_file_line_column_and_pointer() {
    let case = common::root().join("tests/bad/unknown-title-ref");
    let out = tempfile::tempdir().unwrap();
    let result = common::xtask(
        &case,
        &[
            "codegen",
            "--schemas",
            "schemas",
            "--out",
            out.path().to_str().unwrap(),
        ],
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

/// Names that come from outside the schemas (a folder name, the crate name) reach comments and
/// paths: checked before anything is generated or written.
#[test]
fn names_from_outside_the_schemas_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = r#"{"title": "T", "type": "string"}"#;
    // A crate name that is a path: an error, and nothing written anywhere.
    let root = tmp.path().join("case");
    common::write(&root.join("schemas/ns/t.json"), doc);
    let out = root.join("a/b/out");
    let result = common::xtask(
        &root,
        &[
            "codegen",
            "--schemas",
            "schemas",
            "--out",
            out.to_str().unwrap(),
            "--crate-name",
            "../../x",
        ],
    );
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(r#"the crate name "../../x" holds '.'"#),
        "{stderr}"
    );
    assert!(
        !root.join("a").exists(),
        "something was written: {:?}",
        common::snapshot(&root)
    );
    // The same from schemagen.toml, located.
    common::write(
        &root.join("schemas/schemagen.toml"),
        "crate-name = \"../../x\"\n",
    );
    let result = common::xtask(
        &root,
        &[
            "codegen",
            "--schemas",
            "schemas",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("schemagen.toml:1:14"), "{stderr}");
    assert!(!root.join("a").exists());
    fs::remove_file(root.join("schemas/schemagen.toml")).unwrap();
    // A namespace folder whose name would end the comment it is written in.
    let evil = "ns\n}\nfn injected() {}\n//";
    common::write(&root.join("schemas").join(evil).join("t.json"), doc);
    let result = common::xtask(
        &root,
        &[
            "codegen",
            "--schemas",
            "schemas",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot be a namespace: its name holds U+000A"),
        "{stderr}"
    );
    assert!(!out.exists());
    // Bidirectional-text controls in a folder name: refused the same way.
    fs::remove_dir_all(root.join("schemas").join(evil)).unwrap();
    common::write(&root.join("schemas/a\u{202E}b/t.json"), doc);
    let result = common::xtask(
        &root,
        &[
            "codegen",
            "--schemas",
            "schemas",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(result.status.code(), Some(2));
    assert!(common::stderr(&result).contains("U+202E"));
}
