//! A schema shaped like a large webhook API (`tests/golden/unions/`, written for this test): a
//! root `oneOf` of 50 alternatives told apart by their `action`, `X | null` members written as
//! type lists and as `oneOf`s, unions of structures and of primitives, and `allOf` narrowings
//! (an enum by a smaller one, a boolean by `enum: [true]`, a nullable member by its non-null
//! alternative, an object by a narrower one).
//!
//! The generated types must be typed (an enum for every union, `rt::Nullable` for every
//! `X | null`), read every valid instance of `instances.json` and write it back unchanged, and
//! reject every invalid one.

use serde_json::Value;

fn case(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden/unions")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn instances_are_read_exactly_when_valid_and_written_back_unchanged() {
    let instances: Vec<Value> = serde_json::from_str(&case("instances.json")).unwrap();
    assert_eq!(instances.len(), 12);
    for (i, case) in instances.iter().enumerate() {
        let ty = case["type"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        let text = case["instance"].to_string();
        let answer = golden_unions::roundtrip("events", ty, &text).expect("the type exists");
        match (valid, answer) {
            (true, Ok(out)) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(out, case["instance"], "instance {i} is written back differently");
            }
            (true, Err(e)) => panic!("valid instance {i} is rejected: {e}"),
            (false, Ok(_)) => panic!("invalid instance {i} is accepted: {text}"),
            (false, Err(_)) => {}
        }
    }
}

#[test]
fn unions_are_enums_and_nullable_members_are_nullable() {
    let code = case("out/src/events.rs");
    // The root `oneOf` of 50 `$ref`s: an enum with a variant per alternative, read by `action`.
    let start = code.find("pub enum Event {").expect("Event is an enum");
    let body = &code[start..start + code[start..].find("\n}\n").unwrap()];
    let variants = body.lines().filter(|l| l.trim_end().ends_with("),")).count();
    assert_eq!(variants, 50, "{body}");
    assert!(code.contains("match rt::tag(json, \"action\", at)?"));
    // `X | null` as `oneOf` and as a type list.
    assert!(code.contains("pub assignee: rt::Nullable<User>,"));
    assert!(code.contains("rt::Nullable<"));
    // No union is left as untyped JSON.
    assert!(!code.contains("pub struct Event(rt::Document)"));
    assert!(!code.contains("does not model"), "a union is left untyped");
}
