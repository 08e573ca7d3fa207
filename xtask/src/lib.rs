//! What the command line (`src/main.rs`) shares with the integration tests: where the
//! workspace is, the golden cases ([`golden`]), so that `cargo xtask golden` and
//! `xtask/tests/golden.rs` are one implementation, and the JSON-Schema-Test-Suite harness
//! ([`conformance`]).

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

pub mod conformance;
pub mod golden;
pub mod harness;
pub mod realworld;

/// The workspace root, found at run time, never compiled in: several checkouts may share one
/// `CARGO_TARGET_DIR`, and then one binary serves them all.
///
/// Tried in order: upwards from the `CARGO_MANIFEST_DIR` environment variable (which `cargo run`
/// and `cargo test` set for the process they start: the `xtask/` folder of the checkout it was
/// run in), then upwards from the current folder. The root is the first folder whose
/// `Cargo.toml` has a `[workspace]` table and which holds `xtask/Cargo.toml`.
pub fn workspace_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().ok();
    find_workspace_root(std::env::var_os("CARGO_MANIFEST_DIR"), cwd.as_deref())
}

/// [`workspace_root`] with its inputs given: the value of `CARGO_MANIFEST_DIR` and the
/// current folder.
pub fn find_workspace_root(
    manifest_dir: Option<OsString>,
    cwd: Option<&Path>,
) -> Result<PathBuf, String> {
    let manifest_dir = manifest_dir.filter(|d| !d.is_empty()).map(PathBuf::from);
    let starts: Vec<&Path> = manifest_dir.as_deref().into_iter().chain(cwd).collect();
    for start in &starts {
        if let Some(root) = start.ancestors().find(|dir| is_workspace_root(dir)) {
            return Ok(root.to_path_buf());
        }
    }
    let tried: Vec<String> = starts
        .iter()
        .map(|s| format!("`{}`", s.display()))
        .collect();
    Err(format!(
        "cannot find the schemagen workspace (a folder whose Cargo.toml has `[workspace]` and \
         which holds xtask/Cargo.toml) above {}; run this through `cargo xtask` inside a checkout",
        if tried.is_empty() {
            String::from("nothing")
        } else {
            tried.join(" or ")
        }
    ))
}

fn is_workspace_root(dir: &Path) -> bool {
    dir.join("xtask").join("Cargo.toml").is_file()
        && fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
}

/// The workspace's target folder as cargo sees it (`CARGO_TARGET_DIR`, `build.target-dir`, or
/// `target/`).
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let out = std::process::Command::new(
        std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")),
    )
    .args(["metadata", "--no-deps", "--format-version", "1"])
    .current_dir(root)
    .output()
    .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    json["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| String::from("cargo metadata gave no target_directory"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(dir: &Path) {
        fs::create_dir_all(dir.join("xtask/src")).unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )
        .unwrap();
        fs::write(
            dir.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        )
        .unwrap();
    }

    #[test]
    fn the_manifest_dir_comes_first_then_the_current_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        workspace(&a);
        workspace(&b);
        let found = find_workspace_root(Some(a.join("xtask").into()), Some(&b.join("xtask/src")));
        assert_eq!(found.unwrap(), a);
        assert_eq!(
            find_workspace_root(None, Some(&b.join("xtask/src"))).unwrap(),
            b
        );
        // A manifest folder outside any workspace (another tool's): the current folder decides.
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        assert_eq!(
            find_workspace_root(Some(elsewhere.clone().into()), Some(&b)).unwrap(),
            b
        );
        let err = find_workspace_root(Some(elsewhere.into()), None).unwrap_err();
        assert!(err.contains("cannot find the schemagen workspace"), "{err}");
    }

    #[test]
    fn a_member_without_workspace_table_is_not_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        workspace(tmp.path());
        // xtask/Cargo.toml has no [workspace]: the search goes on to the folder above.
        let found = find_workspace_root(Some(tmp.path().join("xtask").into()), None).unwrap();
        assert_eq!(found, tmp.path());
    }
}
