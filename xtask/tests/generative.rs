//! Generated code compiles whatever the names and values: random schemas drawn from hostile
//! alphabets, generated and built in one crate per round.
//!
//! Every round draws a catalogue of namespaces, one schema each, whose titles, member names,
//! enum values, constants, patterns and descriptions come from alphabets that break naive
//! writers: identifiers of 40 to 150 characters, keywords and prelude names, names that collide
//! once cased, digits first, non-ASCII letters, bidirectional-text and other control characters,
//! quotes, `*/`, `#`, raw-string terminators, Markdown and HTML. The shapes cover every emitter:
//! structs (required, optional, extra members), string and other enums, constants, newtypes over
//! strings, integers and numbers with rules, lists and maps with and without rules, tagged and
//! untagged unions, nullable members, secrets, timestamps, loose objects, untyped JSON, checks
//! against the schema as a whole, and references between a document's definitions.
//!
//! Each schema is generated alone first: one that the generator refuses must be explained by a
//! located diagnostic (no internal error, no panic). Those it accepts are generated together into
//! one crate, which must be what `rustfmt` makes of it and pass `cargo clippy` (lib and
//! roundtrip example) and `cargo doc` without errors or warnings; a failure prints the schema of
//! the namespace the error names (the round's schemas for a layout that rustfmt would change).
//!
//! `cargo test --test generative` runs one round (what CI runs). A long run:
//! `GENERATIVE_SECONDS=600 cargo test -p xtask --test generative -- --nocapture`
//! (it prints the rounds, schemas generated, refused and built). `GENERATIVE_SEED=N` picks
//! another seed.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use xtask::harness::{Crate, Outcome, Panics, read_build_log, root_types, write_workspace};

/// Names that are not plain identifiers, or that clash with what generated code uses.
const NAMES: &[&str] = &[
    "type",
    "Self",
    "self",
    "super",
    "crate",
    "fn",
    "r#type",
    "_",
    "__",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Vec",
    "String",
    "Box",
    "Default",
    "rt",
    "runtime",
    "schemas",
    "std",
    "core",
    "Unknown",
    "extra",
    "Value",
    "value",
    "new",
    "to_value",
    "from_json",
    "3D",
    "1",
    "0x",
    "é",
    "名前",
    "ß",
    "İstanbul",
    "Ωmega",
    "🦀",
    "",
    " ",
    "-",
    "***",
    "$ref",
    "#",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "a b",
    "a\u{202E}b",
    "x\u{2066}y\u{2069}",
    "line\nbreak",
    "tab\there",
    "nul\u{0}",
    "quote\"d",
    "back\\slash",
    "*/",
    "/*",
    "\"#",
    "r#\"x\"#",
    "`tick`",
    "[link]",
    "<b>html</b>",
    "&amp;",
    "CallbackURLs",
    "HTTPServer",
    "ID",
    "iD",
    "Id",
];

/// Pieces of text that break comments, literals and Markdown.
const PIECES: &[&str] = &[
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{200E}",
    "\u{061C}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{0085}",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{1B}[31m",
    "\"",
    "'",
    "\\",
    "*/",
    "/*",
    "//",
    "#",
    "\"#",
    "\"##",
    "#\"",
    "{",
    "}",
    "{}",
    "${x}",
    "\\u{202e}",
    "`",
    "``",
    "[x]",
    "[x](y)",
    "<script>",
    "&lt;",
    "|",
    "~",
    "_",
    "**",
    "# Heading",
    "- item",
    "1.",
    "```rust",
    "é",
    "名前",
    "🦀",
    " ",
    "  ",
    "a",
    "Z",
    "0",
    "r#",
    "#[doc]",
    "\\n",
];

/// An identifier-like or hostile name.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(NAMES).prop_map(String::from),
        2 => "[A-Za-z][A-Za-z0-9]{40,150}",
        2 => proptest::collection::vec(select(PIECES), 1..5).prop_map(|v| v.concat()),
        1 => "[a-z]{1,6}",
    ]
}

/// Hostile text for values and descriptions.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(select(PIECES), 0..8).prop_map(|v| v.concat()),
        1 => select(NAMES).prop_map(String::from),
        1 => "[ -~]{0,200}",
    ]
}

/// Patterns that compile in ECMA-262 (the generator refuses the others, which is fine) and hold
/// what breaks literals.
fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "^[a-z]+$",
            "^\"#*/$",
            "[\u{202E}]",
            "^[^\u{2066}]*$",
            r"\p{L}+",
            "(?<name>x)\\k<name>",
            r##"^r#"x"#$"##,
            r"\\",
            r"\u{202e}",
            "^\\$\\{[a-z]+\\}$",
            "\\n|\\r",
            "^.{0,3}$",
            "é+",
        ])
        .prop_map(String::from),
        proptest::collection::vec(
            select(vec!["a", "\u{202E}", "\"", "#", "é", "\\\\", "\\*/"]),
            1..5
        )
        .prop_map(|v| format!("^({})+$", v.concat())),
    ]
}

/// A leaf schema: a primitive, maybe with rules, or one of the shapes that need no members.
fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        (pattern(), 0u32..5, 5u32..300).prop_map(|(p, min, max)| json!({"type": "string", "pattern": p, "minLength": min, "maxLength": max})),
        (-1000i64..0, 0i64..1000).prop_map(|(a, b)| json!({"type": "integer", "minimum": a, "maximum": b})),
        Just(json!({"type": "integer", "multipleOf": 3})),
        Just(json!({"type": "number", "exclusiveMinimum": 0, "maximum": 1.5})),
        proptest::collection::vec(text(), 1..6).prop_map(|v| json!({"type": "string", "enum": v})),
        proptest::collection::vec(text(), 1..4).prop_map(|v| json!({"enum": v.into_iter().map(Value::String).chain([json!(1), json!(null)]).collect::<Vec<_>>()})),
        text().prop_map(|c| json!({"const": c})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "string", "format": "password", "minLength": 1})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "contentEncoding": "base64"})),
        text().prop_map(|c| json!({"type": "string", "not": {"const": c}})),
        Just(json!({"properties": {"a": {"type": "string"}}})),
        Just(json!({"items": {"type": "integer"}})),
        Just(json!({"type": "integer", "enum": [1, 2, 3]})),
        Just(json!({"$ref": "#/$defs/Shared"})),
    ]
    .boxed()
}

/// A schema: leaves, and objects, lists, maps and unions of schemas, with hostile names and
/// descriptions.
fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((name(), inner.clone(), any::<bool>(), proptest::option::of(text())), 1..6),
                proptest::option::weighted(0.3, inner.clone()),
                any::<bool>(),
            )
                .prop_map(|(members, extra, closed)| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (n, mut s, req, doc) in members {
                        if let (Some(d), Value::Object(m)) = (doc, &mut s) {
                            m.insert(String::from("description"), Value::String(d));
                        }
                        if req {
                            required.push(Value::String(n.clone()));
                        }
                        properties.insert(n, s);
                    }
                    let mut object = json!({"type": "object", "properties": properties, "required": required});
                    match (extra, closed) {
                        (Some(extra), _) => object["additionalProperties"] = extra,
                        (None, true) => object["additionalProperties"] = json!(false),
                        _ => {}
                    }
                    object
                }),
            inner.clone().prop_map(|i| json!({"type": "array", "items": i})),
            inner.clone().prop_map(|i| json!({"type": "array", "items": i, "minItems": 1, "maxItems": 9, "uniqueItems": true})),
            inner.clone().prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            inner.clone().prop_map(|i| json!({"type": "object", "additionalProperties": i, "minProperties": 1, "propertyNames": {"pattern": "^[a-z]"}})),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| json!({"oneOf": v})),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| json!({"anyOf": v})),
            proptest::collection::vec((text(), name(), inner.clone()), 2..4).prop_map(|alts| {
                // Tagged: every alternative requires the tag member with a value of its own.
                let variants: Vec<Value> = alts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (tag, member, s))| {
                        json!({
                            "type": "object",
                            "title": format!("{member}{i}"),
                            "required": ["kind"],
                            "properties": {"kind": {"const": format!("{tag}{i}")}, member: s},
                        })
                    })
                    .collect();
                json!({"oneOf": variants})
            }),
            (inner.clone(), text()).prop_map(|(i, d)| json!({"allOf": [i, {"description": d}]})),
            inner.prop_map(|i| json!({"type": "object", "properties": {"x": i}, "if": {"required": ["x"]}, "then": {"minProperties": 1}})),
        ]
    })
}

/// A document: a schema with a hostile title and description, and the definition that `$ref`s
/// of its leaves name.
fn document() -> impl Strategy<Value = Value> {
    (schema(), name(), text(), leaf(), text()).prop_map(
        |(s, title, description, shared, shared_title)| {
            let mut doc = match s {
                Value::Object(m) => m,
                other => {
                    let mut m = Map::new();
                    m.insert(String::from("allOf"), json!([other]));
                    m
                }
            };
            doc.insert(
                String::from("$schema"),
                json!("https://json-schema.org/draft/2020-12/schema"),
            );
            doc.insert(String::from("title"), Value::String(title));
            doc.insert(String::from("description"), Value::String(description));
            let mut shared = shared;
            if shared.get("$ref").is_some() {
                shared = json!({"type": "string"});
            }
            shared["title"] = Value::String(shared_title);
            doc.insert(String::from("$defs"), json!({ "Shared": shared }));
            Value::Object(doc)
        },
    )
}

/// What one round came to.
#[derive(Default)]
struct Tally {
    rounds: u64,
    generated: u64,
    refused: u64,
    built: u64,
}

/// One round: `count` documents, each a namespace `n<i>`; the failures found.
fn round(docs: &[Value], dir: &Path, tally: &mut Tally) -> Vec<String> {
    let runtime = common::root().join("runtime").display().to_string();
    let settings = codegen::Settings {
        crate_name: String::from("generative"),
        ..codegen::Settings::default()
    };
    let panics = Panics::catch();
    let mut failures = Vec::new();
    let mut accepted = Vec::new();
    let shown = |d: &Value| serde_json::to_string_pretty(d).unwrap_or_default();
    for (i, doc) in docs.iter().enumerate() {
        let root = dir.join("single");
        let _ = fs::remove_dir_all(&root);
        common::write(&root.join(format!("n{i}/schema.json")), &shown(doc));
        match panics.generate(&root, &settings, &runtime) {
            Outcome::Generated(_) => {
                tally.generated += 1;
                accepted.push(i);
            }
            Outcome::Panicked(message) => failures.push(format!(
                "the generator panicked: {message}\nschema: {}",
                shown(doc)
            )),
            Outcome::Refused(failure) => {
                tally.refused += 1;
                if let Some(first) = failure.errors.first() {
                    eprintln!(
                        "generative: n{i} refused: {}",
                        xtask::harness::one_line(&first.to_string())
                    );
                }
                for d in &failure.errors {
                    let text = d.to_string();
                    let located =
                        d.place.is_none() || d.location().is_some_and(|l| text.contains(&l));
                    if !located || text.contains("internal") {
                        failures.push(format!(
                            "a diagnostic that is internal or not located: {text}\nschema: {}",
                            shown(doc)
                        ));
                    }
                }
            }
        }
    }
    drop(panics);
    if accepted.is_empty() {
        return failures;
    }
    let root = dir.join("schemas");
    let _ = fs::remove_dir_all(&root);
    for &i in &accepted {
        common::write(&root.join(format!("n{i}/schema.json")), &shown(&docs[i]));
    }
    let generated = match codegen::generate_with(&root, &settings, &runtime) {
        Ok(g) => g,
        Err(f) => {
            failures.push(format!(
                "schemas that generate alone do not generate together: {}",
                f.errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
            return failures;
        }
    };
    let types = root_types(&root, &settings).unwrap_or_default();
    let krate = Crate {
        name: String::from("generative"),
        members: accepted.clone(),
        modules: accepted
            .iter()
            .filter_map(|&i| Some((types.get(&format!("n{i}"))?.1.clone(), i)))
            .collect(),
    };
    let workspace = dir.join("workspace");
    let out = workspace.join(&krate.name);
    let _ = fs::remove_dir_all(&out);
    for f in &generated.files {
        common::write(&out.join(&f.path), &f.text);
    }
    // Laid out as rustfmt lays it out, whatever the names.
    if let Err(diff) = common::rustfmt_leaves_alone(&out) {
        failures.push(format!(
            "{diff}\nschemas: {}",
            shown(&Value::from(docs.to_vec()))
        ));
        return failures;
    }
    let krate = [krate];
    write_workspace(&workspace, &krate, &common::root(), "test generative").expect("a workspace");
    // Lints, then the documentation: generated code is held to both without warnings.
    for (command, what) in [("clippy", "build"), ("doc", "document")] {
        let mut args = vec![command, "--workspace", "--lib", "--message-format", "short"];
        args.push(if command == "doc" {
            "--no-deps"
        } else {
            "--examples"
        });
        let run = common::cargo()
            .args(&args)
            .current_dir(&workspace)
            .env(
                "CARGO_TARGET_DIR",
                common::corpus_check_dir().join("generative-target"),
            )
            .output()
            .expect("cargo runs");
        let log = common::stderr(&run);
        let read = read_build_log(&log, &krate);
        for (i, message) in read.failed.iter().chain(&read.warnings) {
            failures.push(format!(
                "cargo {command}: {message}\nschema of namespace n{i}: {}",
                shown(&docs[*i])
            ));
        }
        if !run.status.success() && read.failed.is_empty() || !read.unattributed.is_empty() {
            failures.push(format!(
                "the crate does not {what} (no namespace to blame):\n{log}"
            ));
        } else if log.contains("warning") && read.warnings.is_empty() {
            failures.push(format!("cargo {command} warns:\n{log}"));
        }
        if !failures.is_empty() {
            break;
        }
    }
    if failures.is_empty() {
        tally.built += accepted.len() as u64;
    }
    failures
}

#[test]
fn hostile_schemas_generate_code_that_compiles_without_warnings() {
    let seconds: u64 = std::env::var("GENERATIVE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let budget = Duration::from_secs(seconds);
    let per_round = 24;
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed()),
    );
    let strategy = proptest::collection::vec(document(), per_round);
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    loop {
        let docs = strategy.new_tree(&mut runner).expect("a round").current();
        tally.rounds += 1;
        failures.extend(round(&docs, tmp.path(), &mut tally));
        if !failures.is_empty() || started.elapsed() >= budget {
            break;
        }
    }
    eprintln!(
        "generative: {} round(s) in {:.0} s: {} schemas generated, {} refused (with located \
         diagnostics), {} built without errors or warnings; {} failure(s)",
        tally.rounds,
        started.elapsed().as_secs_f64(),
        tally.generated,
        tally.refused,
        tally.built,
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The seed: fixed for the round CI runs (reproducible), from `GENERATIVE_SEED` when given.
fn seed() -> [u8; 32] {
    let n: u64 = std::env::var("GENERATIVE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(19);
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&n.to_le_bytes());
    seed
}
