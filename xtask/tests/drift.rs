//! The drift check: `generated/` must be exactly what `cargo xtask codegen` makes of `schemas/`.
//!
//! The first test performs the same comparison as `cargo xtask codegen --check`, so a stale
//! generated file fails `cargo test` as well as CI's explicit check. The others show that the
//! check notices each kind of change and names the file.

mod common;

use std::fs;
use std::path::Path;

use codegen::write::{self, ChangeKind};

#[test]
fn generated_crate_matches_the_schemas() {
    let root = common::root();
    let generated = match codegen::generate(&root.join("schemas"), common::GENERATED_RUNTIME) {
        Ok(g) => g,
        Err(f) => {
            let all: Vec<String> = f.errors.iter().map(ToString::to_string).collect();
            panic!("schemas/ does not generate:\n{}", all.join("\n"));
        }
    };
    assert!(
        generated.warnings.is_empty(),
        "schemas/ should generate without warnings: {:?}",
        generated
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    let changes = write::plan(&root.join("generated"), &generated.files).unwrap();
    if !changes.is_empty() {
        let report: Vec<String> = changes
            .iter()
            .map(|c| format!("generated/{} ({:?})\n{}", c.path, c.kind, c.diff(30)))
            .collect();
        panic!(
            "generated/ is stale; run `cargo xtask codegen` and commit the result:\n{}",
            report.join("\n")
        );
    }
}

/// A copy of `schemas/` and `generated/` in a temporary folder, checked with the real command.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        common::copy_tree(&common::root().join("schemas"), &dir.path().join("schemas"));
        common::copy_tree(
            &common::root().join("generated"),
            &dir.path().join("generated"),
        );
        Copy { dir }
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn check(&self) -> std::process::Output {
        common::xtask(
            self.dir.path(),
            &[
                "codegen",
                "--schemas",
                "schemas",
                "--out",
                "generated",
                "--runtime",
                "../runtime",
                "--check",
            ],
        )
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn check_passes_on_an_unchanged_copy() {
    let copy = Copy::new();
    let out = copy.check();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("is up to date"),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn check_fails_naming_the_file_after_a_schema_edit() {
    let copy = Copy::new();
    let before = common::snapshot(&copy.path("generated"));
    edit(
        &copy.path("schemas/cognito-idp/resend-confirmation-code-request.json"),
        "\"required\": [",
        "\"required\": [\n    \"SecretHash\",",
    );
    let out = copy.check();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stale: generated/src/cognito_idp.rs differs"),
        "{err}"
    );
    // The diff shows the member turning required.
    assert!(
        err.contains("+    pub secret_hash: SecretHashType,"),
        "{err}"
    );
    // --check wrote nothing.
    assert_eq!(before, common::snapshot(&copy.path("generated")));
}

#[test]
fn check_fails_naming_the_file_after_a_generated_file_edit() {
    let copy = Copy::new();
    edit(
        &copy.path("generated/src/cognito_idp.rs"),
        "pub struct ResendConfirmationCodeRequest {",
        "pub struct ResendConfirmationCodeRequest {\n    pub sneaky: u8,",
    );
    let out = copy.check();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stale: generated/src/cognito_idp.rs differs"),
        "{err}"
    );
    assert!(err.contains("-    pub sneaky: u8,"), "{err}");
}

#[test]
fn check_names_missing_and_extra_files() {
    let copy = Copy::new();
    fs::remove_file(copy.path("generated/src/lib.rs")).unwrap();
    fs::write(copy.path("generated/src/extra.rs"), "// not generated\n").unwrap();
    let out = copy.check();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("stale: generated/src/lib.rs missing"), "{err}");
    assert!(
        err.contains("stale: generated/src/extra.rs is not generated"),
        "{err}"
    );
}

#[test]
fn regenerating_repairs_the_copy_and_then_changes_nothing() {
    let copy = Copy::new();
    edit(
        &copy.path("generated/src/cognito_idp.rs"),
        "pub struct ResendConfirmationCodeRequest {",
        "pub struct ResendConfirmationCodeRequest {\n    pub sneaky: u8,",
    );
    let args = [
        "codegen",
        "--schemas",
        "schemas",
        "--out",
        "generated",
        "--runtime",
        "../runtime",
    ];
    let out = common::xtask(copy.dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("1 file(s) changed"),
        "{}",
        common::stdout(&out)
    );
    assert_eq!(
        common::snapshot(&copy.path("generated")),
        common::snapshot(&common::root().join("generated"))
    );
    let again = common::xtask(copy.dir.path(), &args);
    assert!(
        common::stdout(&again).contains("0 file(s) changed"),
        "{}",
        common::stdout(&again)
    );
}

#[test]
fn plan_reports_each_kind_of_change() {
    let copy = Copy::new();
    let generated = codegen::generate(&copy.path("schemas"), common::GENERATED_RUNTIME).unwrap();
    fs::remove_file(copy.path("generated/Cargo.toml")).unwrap();
    fs::write(copy.path("generated/Cargo.toml"), write::MARKER).unwrap();
    fs::write(copy.path("generated/src/stale.rs"), "").unwrap();
    let kinds: Vec<ChangeKind> = write::plan(&copy.path("generated"), &generated.files)
        .unwrap()
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(kinds, [ChangeKind::Modified, ChangeKind::Removed]);
}

/// Every file below `dir` rewritten with CRLF line endings, as a checkout with
/// `core.autocrlf=true` and no `.gitattributes` would have it.
fn to_crlf(dir: &Path) {
    for (rel, bytes) in common::snapshot(dir) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains('\r'), "{} already has CR", rel.display());
        fs::write(dir.join(rel), text.replace('\n', "\r\n")).unwrap();
    }
}

#[test]
fn a_crlf_copy_of_the_generated_files_is_up_to_date() {
    let copy = Copy::new();
    to_crlf(&copy.path("generated"));
    let out = copy.check();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("is up to date"),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn a_crlf_copy_still_shows_a_real_edit() {
    let copy = Copy::new();
    to_crlf(&copy.path("generated"));
    edit(
        &copy.path("generated/src/cognito_idp.rs"),
        "pub struct ResendConfirmationCodeRequest {",
        "pub struct ResendConfirmationCodeRequest {\r\n    pub sneaky: u8,",
    );
    let out = copy.check();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stale: generated/src/cognito_idp.rs differs"),
        "{err}"
    );
    // Only that file: the line endings of the others are not a difference.
    assert_eq!(err.matches("stale: ").count(), 1, "{err}");
}

#[test]
fn only_crlf_pairs_count_as_line_ends() {
    assert!(write::same_text(b"a\nb\n", b"a\nb\n"));
    assert!(write::same_text(b"a\r\nb\r\n", b"a\nb\n"));
    assert!(write::same_text(b"a\nb\n", b"a\r\nb\n"));
    // A lone CR is text, not a line end; and CRLF against nothing is a difference.
    assert!(!write::same_text(b"a\rb\n", b"ab\n"));
    assert!(!write::same_text(b"a\r\n", b"a"));
    assert!(!write::same_text(b"a\n", b"a\n\n"));
}

/// Cargo puts every package's examples and binaries in one folder (`target/debug/examples`), so
/// two with one name overwrite each other (cargo warns "output filename collision") and
/// `cargo run --example NAME` cannot tell them apart. Each generated crate's example is named
/// after its crate; this checks every target of the workspace, as cargo sees it.
#[test]
fn no_two_workspace_targets_share_an_output_name() {
    let output = common::cargo()
        .current_dir(common::root())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let mut seen: std::collections::BTreeMap<(String, String), String> = Default::default();
    let mut clashes = Vec::new();
    let packages = metadata["packages"].as_array().expect("a list of packages");
    for package in packages {
        let package_name = package["name"].as_str().unwrap_or_default();
        for target in package["targets"].as_array().into_iter().flatten() {
            let name = target["name"].as_str().unwrap_or_default().to_owned();
            for kind in target["kind"].as_array().into_iter().flatten() {
                let kind = kind.as_str().unwrap_or_default().to_owned();
                if kind != "example" && kind != "bin" {
                    continue;
                }
                if let Some(other) =
                    seen.insert((kind.clone(), name.clone()), package_name.to_owned())
                {
                    clashes.push(format!(
                        "{kind} `{name}` of `{package_name}` and of `{other}`"
                    ));
                }
            }
        }
    }
    assert!(
        packages.len() >= 7,
        "the workspace's packages are listed: {}",
        packages.len()
    );
    assert!(
        clashes.is_empty(),
        "targets whose outputs collide: {clashes:?}"
    );
}
