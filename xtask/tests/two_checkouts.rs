//! Two checkouts sharing one `CARGO_TARGET_DIR` share one `xtask` binary: cargo builds it in
//! the first and finds it fresh in the second. `cargo xtask codegen --check` must still check
//! the checkout it is run in, so the command finds the workspace at run time (never a path
//! compiled into the binary).
//!
//! Copies this checkout (without `target/` and `.git/`) twice, builds `xtask` once in a target
//! folder shared by both (kept between runs in `CARGO_TARGET_TMPDIR`, so only the first run
//! builds the dependencies), and runs the command as a user does, `cargo xtask codegen --check`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

/// Copies the checkout's files below `from` to `to`, leaving out `target/` and `.git`.
fn copy_checkout(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let dest = to.join(&name);
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_checkout(&entry.path(), &dest);
        } else if kind.is_file() {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// `cargo xtask codegen --check` in `checkout`, building into `target`.
fn check(checkout: &Path, target: &Path) -> Output {
    common::cargo()
        .args(["xtask", "codegen", "--check"])
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", target)
        // The dependencies are already in cargo's cache: the outer build fetched them.
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .expect("cargo runs")
}

fn built_at(binary: &Path) -> SystemTime {
    fs::metadata(binary).and_then(|m| m.modified()).unwrap()
}

#[test]
fn check_compares_the_checkout_it_runs_in_when_the_target_folder_is_shared() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // Both copies exist before the build, so their sources are older than its output and cargo
    // reuses A's binary in B: the situation of the bug.
    copy_checkout(&common::root(), &a);
    copy_checkout(&common::root(), &b);
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("two-checkouts-target");
    let binary = target
        .join("debug")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));

    let first = check(&a, &target);
    assert_eq!(
        first.status.code(),
        Some(0),
        "A:\n{}",
        common::stderr(&first)
    );
    assert!(
        common::stdout(&first).contains("is up to date"),
        "{}",
        common::stdout(&first)
    );
    let built = built_at(&binary);

    let file = b.join("generated/src/cognito_idp.rs");
    let text = fs::read_to_string(&file).unwrap();
    let from = "pub struct ResendConfirmationCodeRequest {";
    assert!(text.contains(from));
    fs::write(
        &file,
        text.replacen(from, &format!("{from}\n    pub sneaky: u8,"), 1),
    )
    .unwrap();
    let second = check(&b, &target);
    assert_eq!(
        built_at(&binary),
        built,
        "cargo rebuilt xtask for the second checkout, so this test no longer shows that one \
         binary serves both"
    );
    let err = common::stderr(&second);
    assert_eq!(
        second.status.code(),
        Some(1),
        "B, after editing a generated file:\n{err}"
    );
    assert!(
        err.contains("stale: generated/src/cognito_idp.rs differs"),
        "{err}"
    );
    assert!(err.contains("-    pub sneaky: u8,"), "{err}");

    let third = check(&a, &target);
    assert_eq!(
        third.status.code(),
        Some(0),
        "A again:\n{}",
        common::stderr(&third)
    );
    assert!(
        common::stdout(&third).contains("is up to date"),
        "{}",
        common::stdout(&third)
    );
}
