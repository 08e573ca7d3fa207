//! Fuzzing load → resolve → name → emit with random schema folders.
//!
//! A structured fuzzer built on proptest: each case is a schema root of one to three namespaces
//! holding up to six documents made of JSON Schema keywords in random, often wrong, combinations
//! (references that do and do not resolve, cycles, `allOf` contradictions, bad patterns, odd
//! names, wrong types for every keyword, malformed text). For every case the generator must not
//! panic, must give the same output twice, must emit Rust that parses, and must explain every
//! failure with a located diagnostic. Some successful cases are also compiled.
//!
//! `cargo test --test fuzz` runs a quick round. A long run, as the hardening issue asks:
//! `FUZZ_SECONDS=600 cargo test --release -p xtask --test fuzz -- --nocapture`
//! (it prints the number of executions, failures and compiled crates).

mod common;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

/// Names from which titles, members and references are drawn: some collide, some are keywords,
/// some are not identifiers at all.
const NAMES: &[&str] = &[
    "A", "B", "Node", "node", "type", "Self", "self", "crate", "Option", "String", "Some", "3D",
    "é", "", " ", "a-b", "a_b", "Unknown", "fooBar", "foo_bar", "Value", "rt", "runtime", "x/y",
    "~0", "%25",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NAMES).prop_map(String::from),
        1 => "[A-Za-z0-9_ -]{0,8}",
    ]
}

/// A `$ref` value: good and bad references of every form.
fn reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        name().prop_map(|n| json!(format!("#/components/schemas/{n}"))),
        name().prop_map(|n| json!(format!("#/$defs/{n}"))),
        name().prop_map(|n| json!(format!("#/definitions/{n}"))),
        name().prop_map(|n| json!(format!("#/properties/{n}"))),
        Just(json!("#")),
        Just(json!("#/allOf/0")),
        Just(json!("#anchor")),
        proptest::sample::select(vec![
            "d0.json",
            "d1.json#",
            "sub/d2.json",
            "../n1/d0.json",
            "../../x.json",
            "/abs.json"
        ])
        .prop_map(|s| json!(s)),
        proptest::sample::select(vec![
            "https://example.test/x.json",
            "urn:x:y",
            "urn:fuzz:0",
            "%%%",
            "#/%zz"
        ])
        .prop_map(|s| json!(s)),
        Just(json!(5)),
        Just(json!(null)),
    ]
}

/// A JSON value of any kind, small.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..100).prop_map(|n| json!(n)),
        (-10.0f64..10.0).prop_map(|f| json!(f)),
        name().prop_map(Value::String),
    ]
}

/// A schema: keywords picked at random, their values usually right and sometimes wrong.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({})),
        Just(json!(true)),
        Just(json!(false)),
        proptest::sample::select(vec![
            "string", "integer", "number", "boolean", "object", "array", "null", "strng"
        ])
        .prop_map(|t| json!({ "type": t })),
        reference().prop_map(|r| json!({ "$ref": r })),
        proptest::collection::vec(scalar(), 0..4).prop_map(|v| json!({ "enum": v })),
        scalar().prop_map(|v| json!({ "const": v })),
        Just(json!(3)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        (
            proptest::collection::vec((keyword(), inner.clone()), 0..5),
            proptest::collection::vec((name(), inner.clone()), 0..4),
            proptest::collection::vec(inner, 0..3),
        )
            .prop_map(|(keywords, props, parts)| {
                let mut m = Map::new();
                for ((key, fallback), sub) in keywords {
                    let value = match key {
                        "properties" => Value::Object(
                            props.iter().map(|(n, s)| (n.clone(), s.clone())).collect(),
                        ),
                        "allOf" | "oneOf" | "anyOf" => Value::Array(parts.clone()),
                        "items" | "additionalProperties" | "not" | "propertyNames" => sub,
                        "$defs" | "definitions" => Value::Object(
                            props.iter().map(|(n, s)| (n.clone(), s.clone())).collect(),
                        ),
                        _ => fallback,
                    };
                    m.insert(key.to_owned(), value);
                }
                Value::Object(m)
            })
    })
}

/// A keyword and a value for it that is not a schema (for keywords that take schemas the value
/// is replaced by the caller).
fn keyword() -> impl Strategy<Value = (&'static str, Value)> {
    prop_oneof![
        Just(("properties", json!({}))),
        Just(("allOf", json!([]))),
        Just(("oneOf", json!([]))),
        Just(("anyOf", json!([]))),
        Just(("items", json!({}))),
        Just(("additionalProperties", json!({}))),
        Just(("not", json!({}))),
        Just(("$defs", json!({}))),
        Just(("definitions", json!({}))),
        reference().prop_map(|r| ("$ref", r)),
        proptest::collection::vec(name(), 0..4).prop_map(|n| ("required", json!(n))),
        proptest::sample::select(vec![
            "string", "integer", "number", "boolean", "object", "array"
        ])
        .prop_map(|t| ("type", json!(t))),
        Just(("type", json!(["string", "null"]))),
        Just(("type", json!(7))),
        (-2i64..300).prop_map(|n| ("minLength", json!(n))),
        (-2i64..300).prop_map(|n| ("maxLength", json!(n))),
        (-100i64..100).prop_map(|n| ("minimum", json!(n))),
        Just(("maximum", json!(1e300))),
        Just(("exclusiveMinimum", json!(true))),
        Just(("multipleOf", json!(0.0))),
        (0i64..5).prop_map(|n| ("minItems", json!(n))),
        Just(("uniqueItems", json!(true))),
        proptest::sample::select(vec![
            "[a-z]+", "(?<!x)y", r"\p{L}", "(", "(?s).*", "[", "^$", r"\d{2,1}"
        ])
        .prop_map(|p| ("pattern", json!(p))),
        proptest::sample::select(vec!["date-time", "password", "int64", "byte", "uuid"])
            .prop_map(|f| ("format", json!(f))),
        Just(("writeOnly", json!(true))),
        Just(("contentEncoding", json!("base64"))),
        proptest::collection::vec(scalar(), 0..5).prop_map(|v| ("enum", json!(v))),
        scalar().prop_map(|v| ("const", v)),
        name().prop_map(|a| ("$anchor", json!(a))),
        proptest::sample::select(vec![
            "<p>doc</p>",
            "<ul><li>x",
            "[not a link]",
            "a <b> c",
            "",
            "``` rust"
        ])
        .prop_map(|d| ("description", json!(d))),
        Just(("title", json!(""))),
        Just(("title", json!(1))),
        Just(("x-vendor", json!({"deep": [1, 2]}))),
    ]
}

/// A document: a schema object with a title (usually) and sometimes an `$id`, or broken text.
fn document() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (schema(), proptest::option::of(name()), proptest::option::of(0u8..3)).prop_map(
            |(s, title, id)| {
                let mut s = match s {
                    Value::Object(m) => m,
                    other => {
                        let mut m = Map::new();
                        m.insert(String::from("allOf"), json!([other]));
                        m
                    }
                };
                if let Some(t) = title {
                    s.insert(String::from("title"), json!(t));
                }
                if let Some(i) = id {
                    s.insert(String::from("$id"), json!(format!("urn:fuzz:{i}")));
                }
                if s.len() % 3 == 0 {
                    s.insert(
                        String::from("$schema"),
                        json!("http://json-schema.org/draft-07/schema#"),
                    );
                }
                serde_json::to_string_pretty(&Value::Object(s)).unwrap_or_default()
            }
        ),
        1 => proptest::sample::select(vec!["{", "[1, 2]", "{\"a\": 1,}", "\u{0}", "null", "{\"title\": \"T\" \"x\": 1}", ""])
            .prop_map(String::from),
    ]
}

/// A reference that resolves in a well-formed folder: to a title `T0`..`T5`, itself, or a
/// member of the referring document (which may or may not exist).
fn good_reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (0u8..6).prop_map(|i| json!(format!("#/components/schemas/T{i}"))),
        1 => Just(json!("#")),
        1 => (0u8..6).prop_map(|i| json!(format!("d{i}.json"))),
    ]
}

/// A schema of a well-formed folder: right keyword values, references to titles that exist.
fn good_schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        proptest::sample::select(vec!["string", "integer", "number", "boolean", "object"])
            .prop_map(|t| json!({ "type": t })),
        good_reference().prop_map(|r| json!({ "$ref": r })),
        good_reference()
            .prop_map(|r| json!({ "allOf": [{ "$ref": r }, { "description": "<p>doc</p>" }] })),
        proptest::collection::vec(name(), 0..5)
            .prop_map(|v| json!({ "type": "string", "enum": v })),
        Just(json!({ "type": "string", "format": "date-time" })),
        Just(
            json!({ "type": "string", "format": "password", "minLength": 1, "pattern": "[a-z]+" })
        ),
        Just(json!({ "type": "integer", "minimum": 1, "maximum": 9 })),
        Just(json!({ "type": "integer", "enum": [1, 2] })),
        Just(json!({})),
    ];
    leaf.prop_recursive(3, 20, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((name(), inner.clone()), 0..5),
                proptest::collection::vec(name(), 0..3)
            )
                .prop_map(|(props, required)| json!({
                    "type": "object",
                    "properties": props.into_iter().collect::<Map<String, Value>>(),
                    "required": required,
                })),
            inner
                .clone()
                .prop_map(|i| json!({ "type": "array", "items": i })),
            inner.clone().prop_map(
                |i| json!({ "type": "array", "items": i, "minItems": 1, "uniqueItems": true })
            ),
            inner
                .clone()
                .prop_map(|i| json!({ "type": "object", "additionalProperties": i })),
            proptest::collection::vec(inner.clone(), 1..3)
                .prop_map(|parts| json!({ "allOf": parts })),
            proptest::collection::vec(inner, 1..3).prop_map(|parts| json!({ "oneOf": parts })),
        ]
    })
}

/// A well-formed folder: one namespace, documents `d<i>.json` titled `T<i>`.
fn good_folder() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(good_schema(), 1..7).prop_map(|docs| {
        docs.into_iter()
            .enumerate()
            .map(|(i, s)| {
                let mut m = match s {
                    Value::Object(m) => m,
                    other => {
                        let mut m = Map::new();
                        m.insert(String::from("allOf"), json!([other]));
                        m
                    }
                };
                m.insert(String::from("title"), json!(format!("T{i}")));
                (
                    format!("n0/d{i}.json"),
                    serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default(),
                )
            })
            .collect()
    })
}

/// A schema root: half the time well-formed (to exercise naming, emitting and compiling), half
/// the time anything (to exercise the diagnostics).
fn folder() -> impl Strategy<Value = Vec<(String, String)>> {
    prop_oneof![good_folder(), any_folder()]
}

/// A schema root: namespaces `n0`.. with documents `d0.json`.., one maybe in a sub-folder.
fn any_folder() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(proptest::collection::vec(document(), 1..6), 1..4).prop_map(|nss| {
        let mut files = Vec::new();
        for (n, docs) in nss.into_iter().enumerate() {
            for (d, text) in docs.into_iter().enumerate() {
                let path = if d == 2 {
                    format!("n{n}/sub/d{d}.json")
                } else {
                    format!("n{n}/d{d}.json")
                };
                files.push((path, text));
            }
        }
        files
    })
}

/// What one case came to.
enum Outcome {
    Generated(Vec<codegen::File>),
    Diagnosed,
}

fn run_case(files: &[(String, String)], root: &Path) -> Result<Outcome, String> {
    let _ = fs::remove_dir_all(root);
    for (path, text) in files {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    let settings = codegen::Settings {
        crate_name: String::from("fuzzed"),
        ..codegen::Settings::default()
    };
    let runtime = common::root().join("runtime").display().to_string();
    let once = || {
        catch_unwind(AssertUnwindSafe(|| {
            codegen::generate_with(root, &settings, &runtime)
        }))
    };
    let first = once().map_err(|_| String::from("the generator panicked"))?;
    let second = once().map_err(|_| String::from("the generator panicked the second time"))?;
    match (first, second) {
        (Ok(a), Ok(b)) => {
            if a.files != b.files {
                return Err(String::from("two runs gave different output"));
            }
            for f in a.files.iter().filter(|f| f.path.ends_with(".rs")) {
                syn::parse_file(&f.text)
                    .map_err(|e| format!("{} does not parse as Rust: {e}", f.path))?;
            }
            for w in &a.warnings {
                let _ = w.to_string();
            }
            Ok(Outcome::Generated(a.files))
        }
        (Err(a), Err(b)) => {
            if a.errors.is_empty() {
                return Err(String::from("a failure without an error"));
            }
            let texts: Vec<String> = a.errors.iter().map(ToString::to_string).collect();
            let again: Vec<String> = b.errors.iter().map(ToString::to_string).collect();
            if texts != again {
                return Err(String::from("two runs gave different diagnostics"));
            }
            for (d, text) in a.errors.iter().zip(&texts) {
                // Located (file:line:column), unless it concerns no single document.
                if d.place.is_some() && d.location().is_none_or(|l| !text.contains(&l)) {
                    return Err(format!("a diagnostic without its location: {text}"));
                }
                if text.contains("internal") {
                    return Err(format!("an internal error: {text}"));
                }
            }
            Ok(Outcome::Diagnosed)
        }
        _ => Err(String::from("one run failed and the other did not")),
    }
}

/// `cargo check` of one generated crate.
fn compiles(files: &[codegen::File], dir: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    for f in files {
        let p = dir.join(&f.path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, &f.text).unwrap();
    }
    let mut manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    manifest.push_str("\n[workspace]\n");
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = common::cargo()
        .args(["check", "--lib", "--quiet"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            common::corpus_check_dir().join("fuzz-target"),
        )
        .output()
        .unwrap();
    let stderr = common::stderr(&out);
    // Generated code must also be free of warnings.
    if out.status.success() && !stderr.contains("warning") {
        Ok(())
    } else {
        Err(stderr)
    }
}

#[test]
fn random_schema_folders_never_crash_the_generator() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let budget = Duration::from_secs(seconds);
    let quick_cases = 96;
    // Compile a successful case now and then: every case in a quick round would be too slow.
    let compile_every = if seconds > 0 {
        Duration::from_secs(2)
    } else {
        Duration::MAX
    };
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut last_compile = Instant::now();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed()),
    );
    let strategy = folder();
    let (mut executions, mut generated, mut diagnosed, mut compiled) = (0u64, 0u64, 0u64, 0u64);
    let mut failures: Vec<String> = Vec::new();
    loop {
        let done = if seconds > 0 {
            started.elapsed() >= budget
        } else {
            executions >= quick_cases
        };
        if done {
            break;
        }
        let files = strategy.new_tree(&mut runner).expect("a case").current();
        executions += 1;
        match run_case(&files, &tmp.path().join("schemas")) {
            Ok(Outcome::Generated(out)) => {
                generated += 1;
                if last_compile.elapsed() >= compile_every {
                    last_compile = Instant::now();
                    compiled += 1;
                    if let Err(e) = compiles(&out, &tmp.path().join("crate")) {
                        failures.push(format!(
                            "generated code does not compile:\n{e}\ninput: {files:#?}"
                        ));
                    }
                }
            }
            Ok(Outcome::Diagnosed) => diagnosed += 1,
            Err(e) => failures.push(format!("{e}\ninput: {files:#?}")),
        }
        if failures.len() >= 3 {
            break;
        }
    }
    eprintln!(
        "fuzz: {executions} executions in {:.0} s ({generated} generated, {diagnosed} diagnosed, \
         {compiled} compiled), {} failure(s)",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The seed: fixed for the quick round (reproducible), from `FUZZ_SEED` when given.
fn seed() -> [u8; 32] {
    let n: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&n.to_le_bytes());
    seed
}
