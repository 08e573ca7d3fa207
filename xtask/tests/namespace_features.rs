//! Each namespace of a generated crate is a cargo feature (all on by default): with
//! `default-features = false` and one namespace, the crate builds warning-free with only that
//! namespace and the ones its types refer to (the catalogue golden case: `shop` refers to
//! `common`, `published` and the meta-schemas; the others to nothing), with the `schemars`
//! feature as well as without.

mod common;

#[test]
fn each_namespace_builds_alone() {
    let krate = common::root().join("tests/golden/catalogue/out");
    let toml = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(
        toml.contains("default = [\"shop\", \"common\", \"published\", \"json_schema\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("shop = [\"common\", \"published\", \"json_schema\"]"),
        "{toml}"
    );
    let build = |features: &[&str]| {
        common::cargo()
            .args([
                "build",
                "--quiet",
                "-p",
                "golden-catalogue",
                "--no-default-features",
            ])
            .args(features)
            .current_dir(common::root())
            .env(
                "CARGO_TARGET_DIR",
                common::corpus_check_dir().join("features-target"),
            )
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .unwrap()
    };
    for namespace in ["common", "published", "json_schema", "shop"] {
        let out = build(&["--features", namespace]);
        assert!(
            out.status.success(),
            "{namespace} alone: {}",
            common::stderr(&out)
        );
        // The types its `schemars` schemas refer to come with it too.
        let with_schemas = format!("{namespace},schemars");
        let out = build(&["--features", &with_schemas]);
        assert!(
            out.status.success(),
            "{namespace} with schemars: {}",
            common::stderr(&out)
        );
    }
    // None at all: the crate is empty, and still builds without warnings.
    let none = build(&[]);
    assert!(none.status.success(), "{}", common::stderr(&none));
}
