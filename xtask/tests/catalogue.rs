//! Catalogues: what a user who brings a big set of vendor schemas meets.
//!
//! - Every problem in one run: fifty references to titles that no document has, spread over
//!   twenty documents (some deep inside inline objects, beside a document that does not parse),
//!   are all reported at once, counted by kind, with the documents to write listed; the stubs
//!   that `--emit-stubs` writes make the next run succeed.
//! - References beyond the schema root (the golden case `tests/golden/catalogue`: a sibling
//!   folder, a URI prefix mapped to a folder, a meta-schema): with the mapping of its
//!   `schemagen.toml` they generate (the golden test compares and the workspace compiles the
//!   crate); without it each is a located error; with `--unresolved untyped` each is a warning
//!   and the run succeeds.

mod common;

use std::fs;
use std::path::Path;

/// Twenty documents with fifty references to missing titles (`Missing0` … `Missing49`), two or
/// three each, some inside inline objects and arrays, and one document that is not JSON.
fn dangling_catalogue(schemas: &Path) {
    let mut next = 0;
    for d in 0..20 {
        let count = if d < 10 { 3 } else { 2 };
        let mut members = Vec::new();
        for m in 0..count {
            let r = format!(r##"{{"$ref": "#/components/schemas/Missing{next}"}}"##);
            let member = match m {
                0 => r,
                1 => format!(r#"{{"type": "object", "properties": {{"Inner": {r}}}}}"#),
                _ => format!(r#"{{"type": "array", "items": {r}}}"#),
            };
            members.push(format!(r#""M{m}": {member}"#));
            next += 1;
        }
        common::write(
            &schemas.join(format!("vendor/shape-{d:02}.json")),
            &format!(
                r#"{{"title": "Shape{d}", "type": "object", "properties": {{"Id": {{"type": "string"}}, {}}}}}"#,
                members.join(", ")
            ),
        );
    }
    assert_eq!(next, 50);
    common::write(
        &schemas.join("vendor/broken.json"),
        "{\"title\": \"Broken\",",
    );
}

#[test]
fn fifty_dangling_references_are_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    dangling_catalogue(&schemas);
    let out = dir.path().join("out");
    let stubs = dir.path().join("stubs");
    let args = [
        "codegen",
        "--schemas",
        "schemas",
        "--out",
        out.to_str().unwrap(),
        "--runtime",
        "../runtime",
        "--emit-stubs",
        stubs.to_str().unwrap(),
    ];
    let result = common::xtask(dir.path(), &args);
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(!out.exists(), "a failed run writes nothing");
    for n in 0..50 {
        let needle = format!("has the title `Missing{n}`");
        assert_eq!(
            stderr.matches(&needle).count(),
            1,
            "Missing{n} is reported once:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("error: schemas/vendor/broken.json:1:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("51 error(s) in `schemas` (50 unknown title, 1 malformed JSON)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("50 title(s) are referenced but no document has them"),
        "{stderr}"
    );
    assert!(
        stderr.contains("schemas/vendor/Missing7.json: {\"title\": \"Missing7\", …}"),
        "{stderr}"
    );
    // Errors come sorted by file, then position.
    let files: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| l.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(files.len(), 51);
    assert!(files.windows(2).all(|w| w[0] <= w[1]), "{files:?}");

    // The stubs, moved into the schema root with the broken document repaired, make the run
    // succeed.
    let written: Vec<_> = fs::read_dir(stubs.join("vendor")).unwrap().collect();
    assert_eq!(written.len(), 50);
    common::copy_tree(&stubs, &schemas);
    common::write(
        &schemas.join("vendor/broken.json"),
        "{\"title\": \"Broken\", \"type\": \"string\"}",
    );
    let result = common::xtask(dir.path(), &args);
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
}

/// The golden catalogue's schema root without its `schemagen.toml`, in a temporary folder.
fn catalogue_without_mapping() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let case = common::root().join("tests/golden/catalogue");
    common::copy_tree(&case.join("schemas"), &dir.path().join("schemas"));
    fs::remove_file(dir.path().join("schemas").join(codegen::config::FILE)).unwrap();
    dir
}

#[test]
fn references_beyond_the_root_need_their_mapping() {
    let dir = catalogue_without_mapping();
    let out = dir.path().join("out");
    let args = [
        "codegen",
        "--schemas",
        "schemas",
        "--out",
        out.to_str().unwrap(),
        "--runtime",
        "../r",
    ];
    let result = common::xtask(dir.path(), &args);
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    // The sibling folder and the mapped prefix are located errors; the meta-schema is built in.
    assert!(
        stderr.contains("error: schemas/shop/order.json:11:15 at /properties/Total/$ref"),
        "{stderr}"
    );
    assert!(stderr.contains("leads outside the schema root"), "{stderr}");
    assert!(
        stderr.contains("error: schemas/shop/order.json:13:24 at /properties/Buyer/$ref"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 error(s) in `schemas` (2 unknown $ref)"),
        "{stderr}"
    );

    // With `--unresolved untyped`: warnings, and a crate.
    let mut untyped = args.to_vec();
    untyped.extend(["--unresolved", "untyped"]);
    let result = common::xtask(dir.path(), &untyped);
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("warning: schemas/shop/order.json").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("the member it types is untyped JSON"),
        "{stderr}"
    );
    let shop = fs::read_to_string(out.join("src/shop.rs")).unwrap();
    assert!(shop.contains("pub total: rt::Document,"), "{shop}");

    // The same mapping on the command line instead of the file.
    let common_dir = common::root().join("tests/golden/catalogue/common");
    let published = common::root().join("tests/golden/catalogue/published");
    fs::create_dir_all(dir.path().join("common")).unwrap();
    common::copy_tree(&common_dir, &dir.path().join("common"));
    let mapped = format!("https://example.test/published/={}", published.display());
    let mut flags = args.to_vec();
    flags.extend(["--ref-root", "common", "--ref-root", &mapped, "--check"]);
    let result = common::xtask(dir.path(), &flags);
    // `--check` against an empty folder: exit 1 (files would be added), not 2.
    assert_eq!(result.status.code(), Some(1), "{}", common::stderr(&result));
}
