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
                assert_eq!(
                    out, case["instance"],
                    "instance {i} is written back differently"
                );
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
    let variants = body
        .lines()
        .filter(|l| l.trim_end().ends_with("),"))
        .count();
    assert_eq!(variants, 50, "{body}");
    assert!(code.contains("let tag = rt::tag(r, \"action\", at)?;"));
    // `X | null` as `oneOf` and as a type list.
    assert!(code.contains("pub assignee: rt::Nullable<User>,"));
    assert!(code.contains("rt::Nullable<"));
    // No union is left as untyped JSON.
    assert!(!code.contains("pub struct Event(rt::Document)"));
    assert!(!code.contains("does not model"), "a union is left untyped");
}

/// `open` repeated `times`, then `leaf`, then a `}` for each `{` of the repetitions.
fn nested(times: usize, open: &str, leaf: &str) -> String {
    let close = "}".repeat(times * open.matches('{').count());
    format!("{}{leaf}{close}", open.repeat(times))
}

#[test]
fn recursive_unions_are_read_in_time_linear_in_their_depth() {
    // 127 levels is as deep as the JSON parser reads (its recursion limit is 128). Without the
    // runtime's memo of what each node was read as, the `Tree` below takes 2^levels reads: at
    // 126 levels this test would not end.
    let levels = 126;
    // A heading and a note per repetition: two levels each.
    let outline = nested(
        levels / 2,
        r#"{"title":"h","next":{"text":"n","next":"#,
        r#"{"title":"end"}"#,
    );
    let out = golden_unions::roundtrip("events", "Outline", &outline).expect("the type exists");
    let out: Value = serde_json::from_str(&out.expect("a well-formed outline is read")).unwrap();
    assert_eq!(out, serde_json::from_str::<Value>(&outline).unwrap());
    // A level that is both a heading and a note is rejected where it is, whatever its depth.
    let both = nested(
        levels,
        r#"{"title":"h","next":"#,
        r#"{"title":"x","text":"y"}"#,
    );
    let err = golden_unions::roundtrip("events", "Outline", &both)
        .unwrap()
        .unwrap_err();
    assert!(err.to_string().contains("matches none"), "{err}");
    // Every level of `Tree` matches both of its forms: rejected, with an error of bounded size.
    let tree = nested(levels, r#"{"sub":"#, "{}");
    let err = golden_unions::roundtrip("events", "Tree", &tree)
        .unwrap()
        .unwrap_err();
    assert!(
        err.to_string().contains("more than one") || err.to_string().contains("none"),
        "{err}"
    );
    assert!(
        err.to_string().len() < 1_000,
        "{} bytes of error",
        err.to_string().len()
    );
}
