//! Inputs too big to check in, made by the test: a 50 MB document, an enum of 100,000 values,
//! nesting 10,000 levels deep, a chain of 10,000 documents each only a reference to the next,
//! and 100 levels of inline objects. Each ends in generated code that builds, or a located
//! diagnostic (exit code 2), never a crash.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

fn codegen(schemas: &Path, out: &Path) -> Output {
    common::xtask(
        &common::root(),
        &[
            "codegen",
            "--schemas",
            schemas.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--crate-name",
            "stress",
        ],
    )
}

/// `cargo check` of a crate generated into `out` (sharing the corpus check's target folder).
fn check_builds(out: &Path) {
    fs::copy(common::root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let mut manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    manifest.push_str("\n[workspace]\n");
    fs::write(out.join("Cargo.toml"), manifest).unwrap();
    common::cargo_in(out, &["check", "--lib"]);
}

#[test]
fn a_fifty_megabyte_document_generates() {
    let dir = tempfile::tempdir().unwrap();
    let padding = "x".repeat(50 * 1024 * 1024);
    let doc = format!(
        r#"{{"title": "Padded", "type": "object", "x-padding": "{padding}",
            "properties": {{"Name": {{"type": "string", "description": "A name."}}}}}}"#
    );
    common::write(&dir.path().join("schemas/ns/padded.json"), &doc);
    let result = codegen(&dir.path().join("schemas"), &dir.path().join("out"));
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
    let module = fs::read_to_string(dir.path().join("out/src/ns.rs")).unwrap();
    assert!(module.len() < 100_000, "the padding is not in the output");
}

#[test]
fn an_enum_of_a_hundred_thousand_values_becomes_a_checked_string() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<String> = (0..100_000).map(|i| format!("\"value-{i}\"")).collect();
    let doc = format!(
        r#"{{"title": "Huge", "type": "string", "enum": [{}]}}"#,
        values.join(", ")
    );
    common::write(&dir.path().join("schemas/ns/huge.json"), &doc);
    let out = dir.path().join("out");
    let result = codegen(&dir.path().join("schemas"), &out);
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("huge.json:1:") && stderr.contains("100000 values"),
        "{stderr}"
    );
    assert!(
        stderr.len() < 5_000,
        "the warning shows a window of the line, not all of it"
    );
    check_builds(&out);
}

#[test]
fn nesting_ten_thousand_levels_deep_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from(r#"{"title": "Deep", "type": "object", "properties": "#);
    for _ in 0..10_000 {
        doc.push_str(r#"{"a": {"type": "object", "properties": "#);
    }
    doc.push_str("{}");
    for _ in 0..10_000 {
        doc.push_str("}}");
    }
    doc.push('}');
    common::write(&dir.path().join("schemas/ns/deep.json"), &doc);
    let result = codegen(&dir.path().join("schemas"), &dir.path().join("out"));
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("deep.json:1:"), "{stderr}");
    assert!(stderr.contains("more than 128 levels deep"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_chain_of_ten_thousand_references_generates() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    for i in 0..10_000 {
        let doc = format!(
            r##"{{"title": "Link{i}", "$ref": "#/components/schemas/Link{}"}}"##,
            i + 1
        );
        common::write(&schemas.join(format!("ns/link-{i:05}.json")), &doc);
    }
    common::write(
        &schemas.join("ns/link-10000.json"),
        r##"{"title": "Link10000", "type": "object", "properties": {"Next": {"$ref": "#/components/schemas/Link0"}}}"##,
    );
    let out = dir.path().join("out");
    let result = codegen(&schemas, &out);
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
    check_builds(&out);
}

#[test]
fn a_hundred_levels_of_inline_objects_generate_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from(r#"{"title": "Nest", "type": "object", "properties": "#);
    for _ in 0..60 {
        doc.push_str(r#"{"Inner": {"type": "object", "properties": "#);
    }
    doc.push_str(r#"{"Leaf": {"type": "string"}}"#);
    for _ in 0..60 {
        doc.push_str("}}");
    }
    doc.push('}');
    common::write(&dir.path().join("schemas/ns/nest.json"), &doc);
    let out = dir.path().join("out");
    let result = codegen(&dir.path().join("schemas"), &out);
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
    check_builds(&out);
}

/// The largest number of `?`, `+` and `.field(` in one statement of `body` (statements end at
/// `;`), with the statement.
fn widest_statement(body: &str) -> (usize, String) {
    body.split(';')
        .map(|s| {
            let n =
                s.matches('?').count() + s.matches(" + ").count() + s.matches(".field(").count();
            (n, s.trim().to_owned())
        })
        .max_by_key(|(n, _)| *n)
        .unwrap_or_default()
}

/// The text of `impl <head> for Wide { … }` in `module`.
fn impl_of<'m>(module: &'m str, head: &str) -> &'m str {
    let start = module
        .find(&format!("impl {head} for Wide {{"))
        .unwrap_or_else(|| panic!("no impl {head} for Wide in:\n{module}"));
    let len = module[start..].find("\n}\n").unwrap();
    &module[start..start + len]
}

/// A struct of hundreds of members is read, counted and printed one statement per member: a
/// single expression with a `?` (or a `+`, or a `.field()`) per member takes rustc time that grows
/// much faster than the number of members (800 optional members: over 1,000 s of debug build).
/// Members named like the reader's own bindings (`members`, `at`) and keywords are read too.
#[test]
fn a_struct_of_three_hundred_members_is_read_one_statement_per_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut properties: Vec<String> = (0..300)
        .map(|i| format!(r#""Member{i:03}": {{"type": "string"}}"#))
        .collect();
    properties.push(String::from(r#""Members": {"type": "integer"}"#));
    properties.push(String::from(r#""At": {"type": "string"}"#));
    properties.push(String::from(r#""type": {"type": "boolean"}"#));
    properties.push(String::from(r#""Secret": {"allOf": [{"type": "string"}, {"description": "A secret."}], "writeOnly": true}"#));
    let doc = format!(
        r#"{{"title": "Wide", "type": "object", "required": ["At"], "properties": {{{}}}}}"#,
        properties.join(", ")
    );
    common::write(&dir.path().join("schemas/ns/wide.json"), &doc);
    let out = dir.path().join("out");
    let result = codegen(&dir.path().join("schemas"), &out);
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
    let module = fs::read_to_string(out.join("src/ns.rs")).unwrap();
    let from_json = impl_of(&module, "rt::FromJson");
    // One slot per member (`let mut`), read into as the members come, and one for the members
    // the schema does not list; then one `let` per member for its value.
    assert_eq!(
        from_json.matches("let mut ").count(),
        304 + 1,
        "one slot per member:\n{from_json}"
    );
    assert_eq!(
        from_json.matches("let ").count(),
        2 * 304 + 1,
        "one `let` per member:\n{from_json}"
    );
    for head in [
        "rt::FromJson",
        "rt::serde::Serialize",
        "std::fmt::Debug",
        "rt::ToValue",
    ] {
        let (n, statement) = widest_statement(impl_of(&module, head));
        assert!(
            n <= 2,
            "{head}: a statement with {n} `?`/`+`/`.field(`:\n{statement}"
        );
    }
    check_builds(&out);
}
