//! A value added to an enum of the schema, and the crate regenerated, must not break a consumer
//! that matched on the old values with a wildcard arm (generated enums are `#[non_exhaustive]`);
//! and a consumer that matched without one does not compile even before (so the first check
//! cannot pass by accident).

mod common;

use std::fs;
use std::path::Path;

fn generate(dir: &Path, values: &[&str]) {
    let listed: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    common::write(
        &dir.join("schemas/palette/color.json"),
        &format!(
            r#"{{"title": "Color", "description": "A colour.", "type": "string", "enum": [{}]}}"#,
            listed.join(", ")
        ),
    );
    let runtime = common::root().join("runtime");
    let out = dir.join("evolving");
    let schemas = dir.join("schemas");
    let args = [
        "codegen",
        "--schemas",
        schemas.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "evolving",
        "--runtime",
        runtime.to_str().unwrap(),
    ];
    let result = common::xtask(&common::root(), &args);
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
}

/// A consumer crate of `evolving` whose `lib.rs` is `code`.
fn consumer(dir: &Path, name: &str, code: &str) -> std::path::PathBuf {
    let root = dir.join(name);
    common::write(
        &root.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nevolving = {{ path = \"../evolving\" }}\n\n[workspace]\n"
        ),
    );
    common::write(&root.join("src/lib.rs"), code);
    fs::copy(common::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    root
}

fn build(krate: &Path) -> std::process::Output {
    common::cargo()
        .args(["build", "--quiet"])
        .current_dir(krate)
        .env(
            "CARGO_TARGET_DIR",
            common::corpus_check_dir().join("target"),
        )
        .output()
        .unwrap()
}

#[test]
fn a_new_enum_value_does_not_break_a_match_with_a_wildcard() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &["red", "green"]);
    let wildcard = consumer(
        dir.path(),
        "wildcard",
        "pub fn name(c: &evolving::palette::Color) -> &'static str {\n    \
         use evolving::palette::Color;\n    match c {\n        Color::Red => \"red\",\n        \
         Color::Green => \"green\",\n        _ => \"another\",\n    }\n}\n",
    );
    let exhaustive = consumer(
        dir.path(),
        "exhaustive",
        "pub fn name(c: &evolving::palette::Color) -> &'static str {\n    \
         use evolving::palette::Color;\n    match c {\n        Color::Red => \"red\",\n        \
         Color::Green => \"green\",\n        Color::Unknown(_) => \"unknown\",\n    }\n}\n",
    );
    let first = build(&wildcard);
    assert!(first.status.success(), "{}", common::stderr(&first));
    let refused = build(&exhaustive);
    assert!(
        !refused.status.success(),
        "a match without a wildcard arm compiled"
    );
    assert!(
        common::stderr(&refused).contains("non-exhaustive"),
        "{}",
        common::stderr(&refused)
    );

    // A value added to the schema, the crate regenerated: the consumer still builds.
    generate(dir.path(), &["red", "green", "blue"]);
    let code = fs::read_to_string(dir.path().join("evolving/src/palette.rs")).unwrap();
    assert!(code.contains("Blue,"), "the new value is a variant");
    let second = build(&wildcard);
    assert!(second.status.success(), "{}", common::stderr(&second));
}
