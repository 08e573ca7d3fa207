//! The golden cases: every folder `tests/golden/<case>` holds schemas in `schemas/`, the crate
//! generated from them in `out/` (crate `golden-<case>`, a workspace member, so it is compiled
//! and linted too) and the generator's warnings in `warnings.txt` (paths relative to the case
//! folder).
//!
//! The cases are whatever folders exist: adding one is adding a folder, nothing else. This one
//! implementation serves both `cargo xtask golden [--check]` and `xtask/tests/golden.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::{self, Change, ChangeKind};
use codegen::{Diagnostic, Settings};

/// The folder of the golden cases below the workspace root.
pub fn dir(workspace_root: &Path) -> PathBuf {
    workspace_root.join("tests").join("golden")
}

/// One case folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The folder's name: the crate is `golden-<name>`.
    pub name: String,
    /// The case folder.
    pub dir: PathBuf,
}

/// Every case below `golden_dir`: each sub-folder (hidden ones aside), sorted by name.
pub fn cases(golden_dir: &Path) -> Result<Vec<Case>, String> {
    let entries = fs::read_dir(golden_dir)
        .map_err(|e| format!("cannot read `{}`: {e}", golden_dir.display()))?;
    let mut cases = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", golden_dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        cases.push(Case {
            name,
            dir: entry.path(),
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

/// How a case's crate names the runtime crate: four folders up.
pub const RUNTIME: &str = "../../../../runtime";

/// The settings a case is generated with: those of its `schemagen.toml` (a case may carry one,
/// with reference roots, say, as a user's schema root does), in package `golden-<case>`.
pub fn settings(case: &Case) -> Result<Settings, Diagnostic> {
    Ok(Settings {
        crate_name: format!("golden-{}", case.name),
        ..Settings::from_root(&case.dir.join("schemas"))?
    })
}

/// What differs between a case folder and what the generator makes of its schemas.
#[derive(Debug)]
pub struct Plan {
    /// The case.
    pub case: Case,
    /// Differences in `out/` (paths relative to it).
    pub out: Vec<Change>,
    /// `warnings.txt` when it differs (path `warnings.txt`, relative to the case folder).
    pub warnings: Option<Change>,
}

impl Plan {
    /// Nothing differs.
    pub fn is_up_to_date(&self) -> bool {
        self.out.is_empty() && self.warnings.is_none()
    }

    /// How many files differ.
    pub fn len(&self) -> usize {
        self.out.len() + usize::from(self.warnings.is_some())
    }

    /// Nothing differs (the same as [`Plan::is_up_to_date`]).
    pub fn is_empty(&self) -> bool {
        self.is_up_to_date()
    }

    /// Every differing file as `stale: <path> <what>` with a diff of at most `diff_lines` lines.
    pub fn report(&self, diff_lines: usize) -> String {
        let mut text = String::new();
        let out = self.case.dir.join("out");
        let files = self.out.iter().map(|c| (out.join(&c.path), c)).chain(
            self.warnings
                .iter()
                .map(|c| (self.case.dir.join(&c.path), c)),
        );
        for (path, change) in files {
            let what = match change.kind {
                ChangeKind::Added => "missing (would be added)",
                ChangeKind::Modified => "differs from the generated text",
                ChangeKind::Removed => "is not generated (would be removed)",
            };
            text.push_str(&format!("stale: {} {what}\n", path.display()));
            text.push_str(&change.diff(diff_lines));
        }
        text
    }

    /// Writes the case folder so that it is up to date (`out/` two-phase, as `codegen::write`
    /// does, then `warnings.txt`).
    pub fn apply(&self) -> Result<(), Diagnostic> {
        write::apply(&self.case.dir.join("out"), &self.out)?;
        if let Some(change) = &self.warnings {
            let path = self.case.dir.join(&change.path);
            fs::write(&path, change.new.as_deref().unwrap_or("")).map_err(|e| {
                Diagnostic::general(format!("cannot write `{}`: {e}", path.display()))
            })?;
        }
        Ok(())
    }
}

/// Generates `case` in memory and compares it with its folder. Writes nothing. `Err`: the
/// schemas do not generate (the errors).
pub fn plan(case: &Case) -> Result<Plan, Vec<Diagnostic>> {
    let schemas = case.dir.join("schemas");
    let settings = settings(case).map_err(|e| vec![e])?;
    let generated = codegen::generate_with(&schemas, &settings, RUNTIME).map_err(|f| f.errors)?;
    let prefix = format!("{}/", case.dir.display());
    let warnings: String = generated
        .warnings
        .iter()
        .map(|w| w.to_string().replace(&prefix, ""))
        .collect();
    let out = write::plan(&case.dir.join("out"), &generated.files).map_err(|e| vec![e])?;
    let warnings_path = case.dir.join("warnings.txt");
    let warnings = match fs::read_to_string(&warnings_path) {
        Ok(old) if write::same_text(old.as_bytes(), warnings.as_bytes()) => None,
        Ok(old) => Some(Change {
            path: String::from("warnings.txt"),
            kind: ChangeKind::Modified,
            old: Some(old),
            new: Some(warnings),
        }),
        Err(_) => Some(Change {
            path: String::from("warnings.txt"),
            kind: ChangeKind::Added,
            old: None,
            new: Some(warnings),
        }),
    };
    Ok(Plan {
        case: case.clone(),
        out,
        warnings,
    })
}

/// The outcome of one case for [`check_all`].
#[derive(Debug)]
pub enum Outcome {
    /// The case folder is as generated.
    UpToDate(Case),
    /// Files differ.
    Stale(Plan),
    /// The schemas do not generate.
    Failed(Case, Vec<Diagnostic>),
}

/// Compares every case below `golden_dir` (all of them, not stopping at the first that
/// differs).
pub fn check_all(golden_dir: &Path) -> Result<Vec<Outcome>, String> {
    Ok(cases(golden_dir)?
        .into_iter()
        .map(|case| match plan(&case) {
            Ok(p) if p.is_up_to_date() => Outcome::UpToDate(case),
            Ok(p) => Outcome::Stale(p),
            Err(errors) => Outcome::Failed(case, errors),
        })
        .collect())
}
