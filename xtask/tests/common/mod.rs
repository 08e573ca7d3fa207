//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The repository root, found at run time (`cargo test` sets `CARGO_MANIFEST_DIR` for the test
/// process), so that a test binary shared between checkouts through one `CARGO_TARGET_DIR` reads
/// the checkout it runs in.
pub fn root() -> PathBuf {
    xtask::workspace_root().expect("the tests run inside the workspace")
}

/// How the checked-in `generated/` crate names the runtime crate, as `cargo xtask codegen` has
/// it (its crate name and other settings are those of `schemas/schemagen.toml`).
pub const GENERATED_RUNTIME: &str = "../runtime";

/// `../shared/corpora/<name>` when present. Missing: fails under `CI=true`, else prints that the
/// test is skipped and gives `None`.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let dir = root().join("..").join("shared").join("corpora").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing: CI runs beside ../shared, so this test cannot be skipped there",
            dir.display()
        );
    }
    eprintln!("skipped: {} is not there", dir.display());
    None
}

/// Runs `cargo xtask` (this package's binary) with `args` in `cwd`.
pub fn xtask(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the xtask binary runs")
}

/// The cargo that runs the tests, for building generated crates.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")))
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, sorted by path (to compare a folder before and after).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_path_buf();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Text of a process's stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Text of a process's stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `text` to `path`, making its folders.
pub fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The crate generated from `../shared/corpora/aws-cognito`, written to
/// `target/corpus-check/cognito-corpus` (a fixed place, so cargo reuses its builds between runs)
/// with the workspace's `Cargo.lock`. `None` (skipped) when the corpus is missing.
pub fn corpus_crate() -> Option<PathBuf> {
    static LOCK: Mutex<()> = Mutex::new(());
    let root = corpus("aws-cognito")?;
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let out = corpus_check_dir().join("cognito-corpus");
    let settings = codegen::Settings {
        crate_name: String::from("cognito-corpus"),
        ..cognito_settings()
    };
    let runtime = self::root().join("runtime").display().to_string();
    let generated =
        codegen::generate_with(&root, &settings, &runtime).expect("the corpus generates");
    let changes = codegen::write::plan(&out, &generated.files).unwrap();
    codegen::write::apply(&out, &changes).unwrap();
    let lock = fs::read(self::root().join("Cargo.lock")).unwrap();
    if fs::read(out.join("Cargo.lock")).ok().as_deref() != Some(&lock[..]) {
        fs::write(out.join("Cargo.lock"), lock).unwrap();
    }
    Some(out)
}

/// Cognito's settings, as `schemas/schemagen.toml` has them, for the corpus (which has no
/// `schemagen.toml` of its own): instants as `rt::Timestamp`, enums that keep unknown values,
/// structs that ignore unknown members.
pub fn cognito_settings() -> codegen::Settings {
    use codegen::config::{DateTimes, Policies, UnknownEnumValues, UnknownMembers};
    codegen::Settings {
        policies: Policies {
            date_times: DateTimes::Timestamp,
            unknown_enum_values: UnknownEnumValues::Keep,
            unknown_members: UnknownMembers::Drop,
            ..Policies::default()
        },
        ..codegen::Settings::default()
    }
}

/// Where corpus builds go: `target/corpus-check`.
pub fn corpus_check_dir() -> PathBuf {
    root().join("target").join("corpus-check")
}

/// Runs cargo in a generated crate with its own target folder; panics with the output on failure.
pub fn cargo_in(crate_dir: &Path, args: &[&str]) -> Output {
    cargo_in_with(crate_dir, args, &[])
}

/// [`cargo_in`] with extra environment variables.
pub fn cargo_in_with(crate_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = cargo();
    command
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", corpus_check_dir().join("target"));
    for (k, v) in env {
        command.env(k, v);
    }
    let result = command.output().unwrap();
    assert!(
        result.status.success(),
        "cargo {args:?} failed in {}:\n{}",
        crate_dir.display(),
        stderr(&result)
    );
    result
}

/// Builds the corpus crate's `cognito-corpus-roundtrip` example and gives its path.
pub fn corpus_roundtrip_binary() -> Option<PathBuf> {
    let dir = corpus_crate()?;
    cargo_in(&dir, &["build", "--example", "cognito-corpus-roundtrip"]);
    let binary = format!("cognito-corpus-roundtrip{}", std::env::consts::EXE_SUFFIX);
    Some(
        corpus_check_dir()
            .join("target/debug/examples")
            .join(binary),
    )
}

/// Whether `rustfmt` (edition 2024, default settings) leaves every Rust file of the crate in
/// `crate_dir` as it is: `Err` with its diff (the first lines) when it would change one. When
/// rustfmt is not installed the check is skipped, visibly, except under `CI=true`.
pub fn rustfmt_leaves_alone(crate_dir: &Path) -> Result<(), String> {
    match xtask::harness::rustfmt_check(crate_dir) {
        Ok(None) => Ok(()),
        Ok(Some(diff)) => Err(format!(
            "rustfmt would change {}:\n{diff}",
            crate_dir.display()
        )),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "rustfmt is needed under CI=true: {e}"
            );
            eprintln!("SKIPPED: {e}; the layout is not checked");
            Ok(())
        }
    }
}
