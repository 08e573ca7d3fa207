//! The house rules that no lint checks, over the hand-written sources (the generated crates,
//! `generated/` and `tests/golden/*/out/`, are the generator's and are held to their own tests):
//!
//! - no source file over 800 lines;
//! - no function over 100 lines in `codegen/src` and `runtime/src` (the two libraries; the
//!   count runs from the `fn` line to its closing brace, which `cargo fmt --check` in CI keeps
//!   on a line of its own at the function's indentation);
//! - tests live with their crate: no manifest has a `[[test]]` outside its own folder, the
//!   top-level `tests/` holds data only (schemas, golden outputs, bad inputs), and every Rust
//!   file under a crate's `tests/` is a test cargo finds (`tests/*.rs`) or a module one declares
//!   (a file nothing names never runs, and nothing else would notice);
//! - no `TODO` or `FIXME` without the issue it waits for (`#12`, `issue 12`).
//!
//! Each rule reports every place that breaks it, not only the first.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 100;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, but for build outputs and generated crates.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            let generated = name == "target"
                || (name == "out" && path.starts_with(root().join("tests/golden")));
            if !generated && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The hand-written sources, relative to the workspace root.
fn hand_written() -> Vec<(String, String)> {
    let root = root();
    let mut files = Vec::new();
    for dir in ["codegen", "runtime", "xtask", "e2e", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, text)
        })
        .collect()
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<String> = hand_written()
        .iter()
        .filter(|(_, text)| text.lines().count() > MAX_FILE_LINES)
        .map(|(path, text)| format!("{path}: {} lines", text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "split these files (at most {MAX_FILE_LINES} lines):\n{}",
        long.join("\n")
    );
}

/// The functions of `text` as (name, first line, line count): a line starting with `fn` (after
/// visibility and qualifiers) that does not end the declaration, to the next line holding only
/// `}` at its indentation.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        for prefix in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
            "extern \"C\" ",
        ] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(after) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || line.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{}}}", " ".repeat(indent));
        // A one-line function closes on its own line.
        if line.trim_end().ends_with('}') {
            continue;
        }
        if let Some(end) = lines[i + 1..].iter().position(|l| l.trim_end() == close) {
            found.push((name, i + 1, end + 2));
        }
    }
    found
}

#[test]
fn no_library_function_is_over_100_lines() {
    let long: Vec<String> = hand_written()
        .iter()
        .filter(|(path, _)| path.starts_with("codegen/src/") || path.starts_with("runtime/src/"))
        .flat_map(|(path, text)| {
            functions(text)
                .into_iter()
                .filter(|(_, _, n)| *n > MAX_FN_LINES)
                .map(move |(name, line, n)| format!("{path}:{line}: `{name}` is {n} lines"))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these functions (at most {MAX_FN_LINES} lines):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_counter_sees_functions() {
    let text = "fn a() {\n    x();\n}\n\nimpl T {\n    pub fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n    fn c(&self);\n    fn d() {}\n}\n";
    assert_eq!(
        functions(text),
        vec![(String::from("a"), 1, 3), (String::from("b"), 6, 5)]
    );
}

/// The crates whose `tests/` cargo searches for test targets.
const CRATES: &[&str] = &["codegen", "runtime", "xtask", "e2e", "generated"];

/// Every test and bench target of the workspace's crates, as files: the `path`s of `[[test]]`
/// and `[[bench]]`, and the `tests/*.rs` cargo finds by itself.
fn targets() -> BTreeSet<PathBuf> {
    let mut targets = BTreeSet::new();
    for krate in CRATES {
        let dir = root().join(krate);
        if let Ok(entries) = fs::read_dir(dir.join("tests")) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "rs") {
                    targets.insert(fs::canonicalize(&path).unwrap());
                }
            }
        }
        for (_, path) in declared_targets(&dir.join("Cargo.toml")) {
            let file = dir.join(path);
            targets.insert(fs::canonicalize(&file).unwrap_or(file));
        }
    }
    targets
}

/// The (`test` or `bench`, `path`) of each target a manifest declares with a path.
fn declared_targets(manifest: &Path) -> Vec<(&'static str, String)> {
    let Ok(text) = fs::read_to_string(manifest) else {
        return Vec::new();
    };
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let mut found = Vec::new();
    for kind in ["test", "bench"] {
        let entries = doc.get(kind).and_then(|t| t.as_array());
        for entry in entries.into_iter().flatten() {
            if let Some(path) = entry.get("path").and_then(|p| p.as_str()) {
                found.push((kind, path.to_owned()));
            }
        }
    }
    found
}

#[test]
fn no_test_target_lives_outside_its_crate() {
    let outside: Vec<String> = CRATES
        .iter()
        .flat_map(|krate| {
            declared_targets(&root().join(krate).join("Cargo.toml"))
                .into_iter()
                .filter(|(kind, path)| *kind == "test" && path.starts_with(".."))
                .map(move |(_, path)| format!("{krate}/Cargo.toml: [[test]] path = {path:?}"))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "move these into their crate's tests/:\n{}",
        outside.join("\n")
    );
    let mut code = Vec::new();
    rust_files(&root().join("tests"), &mut code);
    assert!(
        code.is_empty(),
        "the top-level tests/ holds data, not code: {code:?}"
    );
}

/// The module files a Rust file declares (`mod name;` → `name.rs` or `name/mod.rs` beside it,
/// or the file a `#[path = "…"]` names).
fn declared_modules(file: &Path, text: &str) -> Vec<PathBuf> {
    let dir = file.parent().unwrap();
    let mut found = Vec::new();
    let mut path_attr: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(p) = line
            .strip_prefix("#[path = \"")
            .and_then(|r| r.strip_suffix("\"]"))
        {
            path_attr = Some(p.to_owned());
            continue;
        }
        let decl = line.strip_prefix("pub ").unwrap_or(line);
        if let Some(name) = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            match path_attr.take() {
                Some(p) => found.push(dir.join(p)),
                None => {
                    found.push(dir.join(format!("{name}.rs")));
                    found.push(dir.join(name).join("mod.rs"));
                }
            }
        } else if !line.starts_with("#[") {
            path_attr = None;
        }
    }
    found
        .into_iter()
        .filter(|p| p.exists())
        .map(|p| fs::canonicalize(&p).unwrap())
        .collect()
}

#[test]
fn every_file_in_tests_is_compiled() {
    let mut compiled = targets();
    assert!(
        compiled.len() > 20,
        "the crates have their tests: {compiled:?}"
    );
    // The modules the targets declare, and theirs.
    let mut queue: Vec<PathBuf> = compiled.iter().cloned().collect();
    while let Some(file) = queue.pop() {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for module in declared_modules(&file, &text) {
            if compiled.insert(module.clone()) {
                queue.push(module);
            }
        }
    }
    let mut files = Vec::new();
    for krate in CRATES {
        rust_files(&root().join(krate).join("tests"), &mut files);
    }
    let orphans: Vec<String> = files
        .iter()
        .filter(|f| !compiled.contains(&fs::canonicalize(f).unwrap()))
        .map(|f| f.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert!(
        orphans.is_empty(),
        "no test target or module names these files, so they never run:\n{}",
        orphans.join("\n")
    );
}

#[test]
fn every_todo_names_its_issue() {
    let markers = ["TODO", "FIXME"];
    let bare: Vec<String> = hand_written()
        .iter()
        .flat_map(|(path, text)| {
            text.lines().enumerate().filter_map(move |(i, line)| {
                let marked = markers.iter().any(|m| line.contains(m));
                let names_issue = line.contains('#') && line.chars().any(|c| c.is_ascii_digit())
                    || line.to_lowercase().contains("issue ");
                (marked && !names_issue && !path.ends_with("tidy.rs"))
                    .then(|| format!("{path}:{}: {}", i + 1, line.trim()))
            })
        })
        .collect();
    assert!(
        bare.is_empty(),
        "name the issue of each (`TODO(#12)`):\n{}",
        bare.join("\n")
    );
}
