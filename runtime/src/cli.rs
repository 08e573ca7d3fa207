//! The command line of every generated crate's `<crate name>-roundtrip` example, written once
//! here instead of in every generated crate.
//!
//! Takes: the example's name, the crate's `NAMESPACES` and its `roundtrip` function. Gives:
//! [`roundtrip_main`], which reads one JSON instance on stdin as the named type and prints its
//! value tree rendered as awsJson (a located error on stderr, exit code 1, when it does not
//! fit); `--list` prints every namespace and type; `--batch` reads lines
//! `[namespace, type, instance]` and answers each with `{"ok": …}` or `{"error": "…"}`
//! (`--batch --debug`: `{"ok": …, "debug": "…", "tree": "…"}`, the `Debug` of the value read and
//! of its value tree, for tests that look for what a type prints).
//! With the `schemars` feature, `schema_main` is the `<crate name>-schema` example's: it
//! prints the JSON Schema of one type, or of every type.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{Document, ReadError, ValueBuilder, from_json_str};

/// A generated crate's `roundtrip`: reads `json` as type `type_name` of `namespace`, `None` when
/// there is no such type.
pub type Roundtrip = fn(&str, &str, &str) -> Option<Result<String, ReadError>>;

/// Runs the roundtrip command line with the process's arguments, stdin and stdout. `package`
/// and `example` name the cargo package and example, for the usage message.
pub fn roundtrip_main(
    package: &str,
    example: &str,
    namespaces: &[(&str, &[&str])],
    roundtrip: Roundtrip,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag] if flag == "--list" => list(namespaces),
        [flag] if flag == "--batch" => batch(roundtrip),
        [flag, debug] if flag == "--batch" && debug == "--debug" => {
            SHOW_DEBUG.store(true, Ordering::Relaxed);
            batch(roundtrip)
        }
        [namespace, type_name] => single(roundtrip, namespace, type_name),
        _ => {
            eprintln!(
                "usage: cargo run -p {package} --example {example} -- <namespace> <TypeName> < \
                 instance.json\n       {example} --list        (every namespace and type)\n       \
                 {example} --batch       (stdin lines [namespace, type, instance] → lines \
                 {{\"ok\": …}} or {{\"error\": …}}; with --debug, the Debug of each value too)"
            );
            ExitCode::from(2)
        }
    }
}

/// Whether `--batch --debug` asked for the `Debug` of every value read.
static SHOW_DEBUG: AtomicBool = AtomicBool::new(false);

pub(crate) fn showing_debug() -> bool {
    SHOW_DEBUG.load(Ordering::Relaxed)
}

fn list(namespaces: &[(&str, &[&str])]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for (namespace, types) in namespaces {
        for type_name in *types {
            if writeln!(out, "{namespace} {type_name}").is_err() {
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn single(roundtrip: Roundtrip, namespace: &str, type_name: &str) -> ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read stdin: {e}");
        return ExitCode::from(2);
    }
    match roundtrip(namespace, type_name, &input) {
        None => {
            eprintln!("no type `{type_name}` in namespace `{namespace}` (see --list)");
            ExitCode::from(2)
        }
        Some(Ok(json)) => match writeln!(std::io::stdout().lock(), "{json}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(2),
        },
        Some(Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn batch(roundtrip: Roundtrip) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else {
            return ExitCode::from(2);
        };
        if line.trim().is_empty() {
            continue;
        }
        if writeln!(out, "{}", answer(roundtrip, &line)).is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// The answer to one `--batch` line.
fn answer(roundtrip: Roundtrip, line: &str) -> String {
    let parts = match from_json_str::<Document>(line) {
        Ok(Document::Array(parts)) if parts.len() == 3 => parts,
        _ => return error_line("expected [namespace, type, instance]"),
    };
    let (Document::String(namespace), Document::String(type_name)) = (&parts[0], &parts[1]) else {
        return error_line("expected [namespace, type, instance]");
    };
    match roundtrip(namespace, type_name, &parts[2].to_string()) {
        Some(Ok(json)) => match json.split_once('\u{1}') {
            Some((json, debug)) => {
                let (value, tree) = debug.split_once('\u{1}').unwrap_or((debug, ""));
                format!(
                    "{{\"ok\":{json},\"debug\":{},\"tree\":{}}}",
                    string(value),
                    string(tree)
                )
            }
            None => format!("{{\"ok\":{json}}}"),
        },
        Some(Err(e)) => error_line(&e.to_string()),
        None => error_line(&format!("no type `{type_name}` in namespace `{namespace}`")),
    }
}

/// `{"error": "…"}` with the message as a JSON string.
fn error_line(message: &str) -> String {
    format!("{{\"error\":{}}}", string(message))
}

/// `text` as a JSON string.
fn string(text: &str) -> String {
    let mut out = ValueBuilder::new();
    out.string(text);
    out.finish().to_json()
}

/// A generated crate's `schema_of`: the root JSON Schema of type `type_name` of `namespace`.
#[cfg(feature = "schemars")]
pub type SchemaOf = fn(&str, &str) -> Option<Document>;

/// Runs the `<crate>-schema` command line: `<namespace> <TypeName>` prints that type's JSON
/// Schema; no argument prints `{namespace: {type: schema}}` for every type.
#[cfg(feature = "schemars")]
pub fn schema_main(
    package: &str,
    example: &str,
    namespaces: &[(&str, &[&str])],
    schema_of: SchemaOf,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let schema = match args.as_slice() {
        [] => {
            let mut all = serde_json::Map::new();
            for (namespace, types) in namespaces {
                let mut by_type = serde_json::Map::new();
                for type_name in *types {
                    if let Some(schema) = schema_of(namespace, type_name) {
                        by_type.insert((*type_name).to_owned(), schema);
                    }
                }
                all.insert((*namespace).to_owned(), Document::Object(by_type));
            }
            Document::Object(all)
        }
        [namespace, type_name] => match schema_of(namespace, type_name) {
            Some(schema) => schema,
            None => {
                eprintln!("no type `{type_name}` in namespace `{namespace}`");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: cargo run -p {package} --features schemars --example {example} -- \
                 [<namespace> <TypeName>]"
            );
            return ExitCode::from(2);
        }
    };
    match writeln!(std::io::stdout().lock(), "{schema:#}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(namespace: &str, type_name: &str, json: &str) -> Option<Result<String, ReadError>> {
        (namespace == "ns" && type_name == "T").then(|| Ok(json.replace(' ', "")))
    }

    #[test]
    fn batch_lines_are_answered_one_by_one() {
        assert_eq!(
            answer(fake, r#"["ns", "T", {"a": 1}]"#),
            r#"{"ok":{"a":1}}"#
        );
        assert_eq!(
            answer(fake, r#"["ns", "U", 1]"#),
            r#"{"error":"no type `U` in namespace `ns`"}"#
        );
        assert_eq!(
            answer(fake, "[1, 2]"),
            r#"{"error":"expected [namespace, type, instance]"}"#
        );
        assert_eq!(
            answer(fake, "not json"),
            r#"{"error":"expected [namespace, type, instance]"}"#
        );
        assert_eq!(error_line("a \"b\"\n"), r#"{"error":"a \"b\"\n"}"#);
    }
}
