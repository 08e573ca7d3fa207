//! Property tests of the generated readers and writers: for every generated type, valid JSON
//! instances of its schema (see `instances/`) read as that type and rendered back as awsJson
//! must give the same JSON document (members in any order, numbers by value).
//!
//! - the checked-in crate `generated/` through its `roundtrip` function, 64 cases a type;
//! - the golden crates the same way (they have the shapes Cognito lacks: blobs, doubles,
//!   64-bit integers, documents, self-containing arrays);
//! - the crate generated from the real corpus (`../shared/corpora/aws-cognito`) through its
//!   `cognito-corpus-roundtrip --batch` example, one process for every case;
//! - targeted cases: unknown enum values kept, unknown members dropped, RFC 3339 timestamps
//!   rendered as epoch seconds, errors led by the JSON path.
//!
//! Instances come from a fixed seed per type: every run checks the same ones.

mod batch;
mod common;
mod instances;

use std::cell::Cell;
use std::path::Path;
use std::time::Instant;

use codegen::ir::ShapeId;
use proptest::test_runner::{TestCaseError, TestError};
use serde_json::{Value, json};

use instances::{Instances, Program, first_difference};

/// Cases per type through a crate linked into the test.
const CASES: u32 = 64;

/// Cases per type through the corpus crate's batch binary.
const CORPUS_CASES: usize = 24;

/// A crate's `roundtrip` function, errors as text.
type Roundtrip<'a> = &'a dyn Fn(&str, &str, &str) -> Option<Result<String, String>>;

/// What a run covered, and what failed.
#[derive(Default)]
struct Outcome {
    types: usize,
    cases: usize,
    failures: Vec<String>,
}

/// The types of a crate's `NAMESPACES`, each with its shape in `ir`. Panics when the two do not
/// list the same types.
fn targets(
    ir: &Program,
    namespaces: &[(&str, &[&str])],
    what: &str,
) -> Vec<(String, String, ShapeId)> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (ns, types) in namespaces {
        for ty in *types {
            match instances::find_shape(ir, ns, ty) {
                Some(id) => out.push(((*ns).to_owned(), (*ty).to_owned(), id)),
                None => missing.push(format!("{ns} {ty}")),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{what} lists types the IR does not have: {missing:?}"
    );
    let unlisted: Vec<String> = (0..ir.shapes.len())
        .map(ShapeId)
        .filter(|&id| {
            let ns = &ir.namespaces[ir.shape(id).namespace].name;
            !out.iter().any(|(n, t, _)| n == ns && t == ir.names.ty(id))
        })
        .map(|id| {
            format!(
                "{} {}",
                ir.namespaces[ir.shape(id).namespace].name,
                ir.names.ty(id)
            )
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "{what} does not list these types of the IR: {unlisted:?}"
    );
    out
}

/// Compares one answer with the instance it was asked about; `Err` says how they differ.
fn check_output(instance: &Value, output: Result<&str, &str>) -> Result<(), String> {
    let output = output.map_err(|e| format!("rejected a valid instance: {e}"))?;
    let parsed: Value = instances::parse_exact(output)
        .map_err(|e| format!("the output is not JSON ({e}): {output}"))?;
    match first_difference(instance, &parsed) {
        None => Ok(()),
        Some(d) => Err(format!(
            "the output differs from the input at {d}\n  output:   {output}"
        )),
    }
}

/// Runs the round-trip property for every type of a crate linked into this test.
fn check_crate(
    what: &str,
    schemas: &Path,
    namespaces: &[(&str, &[&str])],
    roundtrip: Roundtrip<'_>,
    outcome: &mut Outcome,
) {
    let (_corpus, ir) = instances::load_ir(schemas);
    let targets = targets(&ir, namespaces, what);
    check_types(what, &ir, &targets, roundtrip, outcome);
}

/// Runs the round-trip property for the given types, [`CASES`] each, shrinking what fails.
fn check_types(
    what: &str,
    ir: &Program,
    targets: &[(String, String, ShapeId)],
    roundtrip: Roundtrip<'_>,
    outcome: &mut Outcome,
) {
    let shapes = Instances::new(ir);
    let mut left = Vec::new();
    for (ns, ty, id) in targets {
        let (ns, ty, id) = (ns.as_str(), ty.as_str(), *id);
        if shapes.needs_schema(&codegen::ir::TypeRef::Named(id)) {
            left.push(format!("{ns} {ty}"));
            continue;
        }
        let strategy = shapes.shape(id);
        let mut runner = instances::runner(&format!("{ns}/{ty}"), CASES);
        let cases = Cell::new(0usize);
        let result = runner.run(&strategy, |instance| {
            cases.set(cases.get() + 1);
            let text = serde_json::to_string(&instance).expect("an instance serializes");
            let answer = roundtrip(ns, ty, &text)
                .ok_or_else(|| TestCaseError::fail(format!("{what} has no type {ns} {ty}")))?;
            check_output(&instance, answer.as_deref().map_err(String::as_str))
                .map_err(TestCaseError::fail)
        });
        outcome.types += 1;
        // Cases run, shrinking steps included.
        outcome.cases += cases.get();
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, minimal)) => outcome.failures.push(format!(
                "{what} {ns} {ty}: {reason}\n  instance: {} (shrunk)",
                serde_json::to_string(&minimal).expect("an instance serializes")
            )),
            Err(TestError::Abort(reason)) => {
                outcome
                    .failures
                    .push(format!("{what} {ns} {ty}: aborted: {reason}"));
            }
        }
    }
    if !left.is_empty() {
        eprintln!(
            "{what}: {} type(s) checked against their schema as a whole (`not`, `oneOf`, …), \
             which these instances do not know, are left to `cargo xtask conformance`: {}",
            left.len(),
            left.join(", ")
        );
    }
    report_patterns(what, &shapes);
}

fn report_patterns(what: &str, shapes: &Instances<'_>) {
    for p in shapes.unchecked_patterns.borrow().iter() {
        eprintln!("{what}: pattern not ECMA-262 (regress), strings checked for length only: {p}");
    }
    for p in shapes.fallback_patterns.borrow().iter() {
        eprintln!("{what}: pattern served by the fallback generator: {p}");
    }
}

fn finish(what: &str, outcome: &Outcome, started: Instant) {
    eprintln!(
        "{what}: {} types, {} cases, {} failing types, {:.1} s",
        outcome.types,
        outcome.cases,
        outcome.failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        outcome.failures.is_empty(),
        "{} of {} types do not round-trip:\n\n{}",
        outcome.failures.len(),
        outcome.types,
        outcome.failures.join("\n\n")
    );
}

fn generated_roundtrip(ns: &str, ty: &str, json: &str) -> Option<Result<String, String>> {
    generated::roundtrip_with::<schema_runtime::Checked>(ns, ty, json)
        .map(|r| r.map_err(|e| e.to_string()))
}

#[test]
fn every_generated_type_round_trips() {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    check_crate(
        "generated",
        &common::root().join("schemas"),
        generated::NAMESPACES,
        &generated_roundtrip,
        &mut outcome,
    );
    finish("generated", &outcome, started);
}

#[test]
fn every_golden_type_round_trips() {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let golden = |case: &str| {
        common::root()
            .join("tests/golden")
            .join(case)
            .join("schemas")
    };
    check_crate(
        "golden ref-forms",
        &golden("ref-forms"),
        golden_ref_forms::NAMESPACES,
        &|ns, ty, j| {
            golden_ref_forms::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden all-of",
        &golden("all-of"),
        golden_all_of::NAMESPACES,
        &|ns, ty, j| {
            golden_all_of::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden kinds",
        &golden("kinds"),
        golden_kinds::NAMESPACES,
        &|ns, ty, j| {
            golden_kinds::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden names-and-cycles",
        &golden("names-and-cycles"),
        golden_names_and_cycles::NAMESPACES,
        &|ns, ty, j| {
            golden_names_and_cycles::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden edge-cases",
        &golden("edge-cases"),
        golden_edge_cases::NAMESPACES,
        &|ns, ty, j| {
            golden_edge_cases::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden unions",
        &golden("unions"),
        golden_unions::NAMESPACES,
        &|ns, ty, j| {
            golden_unions::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    check_crate(
        "golden validation",
        &golden("validation"),
        golden_validation::NAMESPACES,
        &|ns, ty, j| {
            golden_validation::roundtrip_with::<schema_runtime::Checked>(ns, ty, j)
                .map(|r| r.map_err(|e| e.to_string()))
        },
        &mut outcome,
    );
    finish("golden", &outcome, started);
}

#[test]
fn every_corpus_type_round_trips_through_the_batch_binary() {
    let started = Instant::now();
    let Some(root) = common::corpus("aws-cognito") else {
        return;
    };
    let Some(binary) = common::corpus_roundtrip_binary() else {
        return;
    };
    let built = started.elapsed();
    let (_corpus, ir) = instances::load_ir_with(&root, &common::cognito_settings());

    // The binary's own list of types is what is checked; it must be the IR's.
    let list = std::process::Command::new(&binary)
        .arg("--list")
        .output()
        .unwrap_or_else(|e| panic!("{} --list runs: {e}", binary.display()));
    assert!(
        list.status.success(),
        "--list failed: {}",
        common::stderr(&list)
    );
    let listed = common::stdout(&list);
    let mut namespaces: Vec<(String, Vec<String>)> = Vec::new();
    for line in listed.lines() {
        let (ns, ty) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("--list line `{line}`"));
        match namespaces.last_mut() {
            Some((last, types)) if last == ns => types.push(ty.to_owned()),
            _ => namespaces.push((ns.to_owned(), vec![ty.to_owned()])),
        }
    }
    let borrowed: Vec<(&str, Vec<&str>)> = namespaces
        .iter()
        .map(|(ns, tys)| (ns.as_str(), tys.iter().map(String::as_str).collect()))
        .collect();
    let borrowed: Vec<(&str, &[&str])> = borrowed
        .iter()
        .map(|(ns, tys)| (*ns, tys.as_slice()))
        .collect();
    let targets = targets(&ir, &borrowed, "the corpus crate");

    let shapes = Instances::new(&ir);
    let mut requests = Vec::with_capacity(targets.len() * CORPUS_CASES);
    for (ns, ty, id) in &targets {
        let mut runner = instances::runner(&format!("{ns}/{ty}"), 1);
        for instance in instances::sample(&shapes.shape(*id), &mut runner, CORPUS_CASES) {
            requests.push((ns.clone(), ty.clone(), instance));
        }
    }
    report_patterns("corpus", &shapes);
    let generated_at = started.elapsed();
    let answers = batch::run(&binary, &requests);

    // One failure per type: the first instance that does not round-trip.
    let mut outcome = Outcome {
        types: targets.len(),
        cases: requests.len(),
        failures: Vec::new(),
    };
    let mut failed_types = std::collections::HashSet::new();
    for ((ns, ty, instance), answer) in requests.iter().zip(&answers) {
        let output = match answer {
            batch::Answer::Ok(v) => Ok(v.to_string()),
            batch::Answer::Error(e) => Err(e.clone()),
        };
        if let Err(why) = check_output(instance, output.as_deref().map_err(String::as_str))
            && failed_types.insert((ns, ty))
        {
            outcome.failures.push(format!(
                "corpus {ns} {ty}: {why}\n  instance: {}",
                serde_json::to_string(instance).expect("an instance serializes")
            ));
        }
    }
    eprintln!(
        "corpus: build {:.1} s, generate {:.1} s, batch {:.1} s",
        built.as_secs_f64(),
        (generated_at - built).as_secs_f64(),
        (started.elapsed() - generated_at).as_secs_f64()
    );
    finish("corpus (batch binary)", &outcome, started);
}

/// The property is not vacuous: a writer that loses data fails it, with a shrunk instance.
#[test]
fn the_property_catches_a_lossy_writer() {
    let (_corpus, ir) = instances::load_ir(&common::root().join("schemas"));
    let pick = |ty: &str| {
        let id = instances::find_shape(&ir, "cognito-idp", ty).expect("the type exists");
        (String::from("cognito-idp"), ty.to_owned(), id)
    };
    // Drops the last member of every non-empty top-level object.
    let drop_last = |ns: &str, ty: &str, json: &str| {
        generated_roundtrip(ns, ty, json).map(|r| {
            r.map(
                |out| match serde_json::from_str::<Value>(&out).expect("JSON") {
                    Value::Object(mut m) => {
                        if let Some(last) = m.keys().next_back().cloned() {
                            m.shift_remove(&last);
                        }
                        Value::Object(m).to_string()
                    }
                    other => other.to_string(),
                },
            )
        })
    };
    let mut outcome = Outcome::default();
    check_types(
        "lossy",
        &ir,
        &[pick("InitiateAuthRequest"), pick("UserType")],
        &drop_last,
        &mut outcome,
    );
    assert_eq!(outcome.failures.len(), 2, "{:#?}", outcome.failures);
    // Shrinking leaves the one member that is lost.
    assert!(
        outcome.failures[1].contains("instance: {\"") && outcome.failures[1].contains("missing"),
        "{}",
        outcome.failures[1]
    );
    // A writer that turns numbers into strings fails on the first instance with a number.
    let stringify = |ns: &str, ty: &str, json: &str| {
        generated_roundtrip(ns, ty, json).map(|r| r.map(|out| out.replace("1", "\"1\"")))
    };
    let mut outcome = Outcome::default();
    check_types(
        "stringify",
        &ir,
        &[pick("PasswordPolicyType")],
        &stringify,
        &mut outcome,
    );
    assert_eq!(outcome.failures.len(), 1, "{:#?}", outcome.failures);
}

// Targeted cases, through the checked-in crate.

fn idp(ty: &str, json: &Value) -> Result<Value, String> {
    let text = json.to_string();
    match generated::roundtrip_with::<schema_runtime::Checked>("cognito-idp", ty, &text) {
        None => panic!("cognito-idp has no type {ty}"),
        Some(Ok(out)) => Ok(instances::parse_exact(&out)
            .unwrap_or_else(|e| panic!("{ty}: the output is not JSON ({e}): {out}"))),
        Some(Err(e)) => Err(e.to_string()),
    }
}

fn assert_same(expected: &Value, found: &Value) {
    if let Some(d) = first_difference(expected, found) {
        panic!("{d}\n  expected: {expected}\n  found:    {found}");
    }
}

#[test]
fn unknown_enum_values_survive_unchanged() {
    let input = json!({"AuthFlow": "FUTURE_FLOW", "ClientId": "client"});
    assert_same(&input, &idp("InitiateAuthRequest", &input).expect("read"));
    // In a list too, beside known values.
    let input = json!({"ChallengeName": "NEW_CHALLENGE_FROM_2030", "Session": "a-session-of-twenty-or-more"});
    let out = idp("InitiateAuthResponse", &input).expect("read");
    assert_same(&input, &out);
    let input = json!(["SMS", "CARRIER_PIGEON", "EMAIL"]);
    assert_same(
        &input,
        &idp("DeliveryMediumListType", &input).expect("read"),
    );
}

#[test]
fn unknown_members_are_dropped() {
    let input = json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": "client",
        "NotAMember": {"x": [1, 2, 3]},
        "authflow": "lower case is another name",
        "AnalyticsMetadata": {"AnalyticsEndpointId": "e", "Extra": true},
        "AuthParameters": {"USERNAME": "u", "PASSWORD": "p"}
    });
    let expected = json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": "client",
        "AnalyticsMetadata": {"AnalyticsEndpointId": "e"},
        "AuthParameters": {"USERNAME": "u", "PASSWORD": "p"}
    });
    assert_same(
        &expected,
        &idp("InitiateAuthRequest", &input).expect("read"),
    );
}

#[test]
fn rfc3339_timestamps_come_out_as_epoch_seconds() {
    let input = json!({
        "Username": "someone",
        "UserCreateDate": "2023-11-14T22:13:20Z",
        "UserLastModifiedDate": "2023-11-14T22:13:20.5+01:00"
    });
    let out = idp("UserType", &input).expect("read");
    assert_same(
        &json!({"Username": "someone", "UserCreateDate": 1_700_000_000, "UserLastModifiedDate": 1_699_996_400.5}),
        &out,
    );
    assert!(
        out["UserCreateDate"].is_i64(),
        "whole seconds are written as an integer: {out}"
    );
    // Epoch seconds are read as they are.
    let input = json!({"UserCreateDate": 1_700_000_000, "UserLastModifiedDate": 1_700_000_000.25});
    assert_same(&input, &idp("UserType", &input).expect("read"));
}

/// A timestamp with a fraction renders as the number it was read from, whatever its size:
/// `2.946` (or `1970-01-01T00:00:02.946Z`) must not come out as `2.9459999999999997`.
#[test]
fn fractional_timestamps_render_as_the_number_read() {
    for (input, expected) in [
        (json!(2.946), 2.946),
        (json!(-1.273), -1.273),
        (json!("1970-01-01T00:00:02.946Z"), 2.946),
        (json!(1_700_000_000.123), 1_700_000_000.123),
    ] {
        let out = idp("DateType", &input).expect("read");
        assert_eq!(
            out.as_f64(),
            Some(expected),
            "DateType {input} came out as {out}"
        );
    }
}

/// Doubles and numbers in documents are read exactly: the double nearest to the text, as every
/// correct JSON reader gives it (17 significant digits are what a shortest round-trip writer,
/// such as the runtime's own, emits).
#[test]
fn doubles_are_read_exactly() {
    for text in [
        "0.9856906946328695",
        "447380.19463691907",
        "2.5291976159572794e-191",
    ] {
        let exact: f64 = text.parse().expect("a number");
        // `Score` (0 < x ≤ 5) only for the value its rules allow.
        if exact <= 5.0 {
            let out =
                golden_kinds::roundtrip_with::<schema_runtime::Checked>("library", "Score", text)
                    .expect("the type exists")
                    .expect("read");
            assert_eq!(
                out.parse::<f64>().ok(),
                Some(exact),
                "Score {text} came out as {out}"
            );
        }
        let loan =
            format!(r#"{{"LoanId":"","Due":0,"Books":[],"Rating":{text},"Metadata":[{text}]}}"#);
        let out = golden_kinds::roundtrip_with::<schema_runtime::Checked>("library", "Loan", &loan)
            .expect("the type exists")
            .expect("read");
        let parsed = instances::parse_exact(&out).expect("JSON");
        assert_eq!(
            parsed["Rating"].as_f64(),
            Some(exact),
            "Loan {loan} came out as {out}"
        );
        assert_eq!(
            parsed["Metadata"][0].as_f64(),
            Some(exact),
            "Loan {loan} came out as {out}"
        );
    }
}

#[test]
fn wrong_types_are_errors_led_by_the_json_path() {
    let cases = [
        (
            "InitiateAuthRequest",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": 5}),
            "$.ClientId: expected string, found integer",
        ),
        (
            "InitiateAuthRequest",
            json!({"AuthFlow": ["USER_SRP_AUTH"], "ClientId": "c"}),
            "$.AuthFlow: expected string, found array",
        ),
        (
            "InitiateAuthRequest",
            json!([]),
            "$: expected object, found array",
        ),
        (
            "AdminCreateUserRequest",
            json!({"UserPoolId": "us-east-1_Ab12", "Username": "u", "UserAttributes": [{"Name": "email"}, {"Name": 3}]}),
            "$.UserAttributes[1].Name: expected string, found integer",
        ),
        (
            "InitiateAuthRequest",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "c", "AuthParameters": {"SECRET_HASH": false}}),
            // The values of a secret map are secrets: the path, not what was found.
            "$.AuthParameters.SECRET_HASH: the value (redacted) does not fit its type",
        ),
        (
            "UserType",
            json!({"UserCreateDate": true}),
            "$.UserCreateDate: expected timestamp",
        ),
        (
            "UserType",
            json!({"UserCreateDate": "last tuesday"}),
            "$.UserCreateDate: expected a timestamp",
        ),
    ];
    for (ty, input, expected) in cases {
        let err = idp(ty, &input).expect_err(&format!("{ty} rejects {input}"));
        assert!(
            err.starts_with(expected),
            "{ty} {input}:\n  expected an error starting with {expected:?}\n  found {err:?}"
        );
    }
}

#[test]
fn pattern_translation_and_string_checks() {
    use instances::translate_pattern;
    assert_eq!(
        translate_pattern(r"[\w+=,.@-]+", 5).unwrap(),
        r"[[:word:]+=,.@-]{1,5}"
    );
    assert_eq!(
        translate_pattern(r"^\d{2,}$", 5).unwrap(),
        r"[[:digit:]]{2,5}"
    );
    assert_eq!(
        translate_pattern(r"[\p{L}\p{M}]+", 3).unwrap(),
        r"[\p{L}\p{M}]{1,3}"
    );
    assert_eq!(translate_pattern(r"\p{L}*", 3).unwrap(), r"\p{L}{0,3}");
    assert_eq!(translate_pattern(r"a\/b{2}", 9).unwrap(), r"a/b{2,2}");
    assert_eq!(
        translate_pattern(r"^[a-z.]*(?<!\.)$", 4).unwrap(),
        r"[a-z.]{0,4}"
    );
    assert_eq!(translate_pattern(r"(?=(x))[x(]+", 4).unwrap(), r"[x(]{1,4}");
    assert_eq!(
        translate_pattern(r".*\{####\}.*", 3).unwrap(),
        r"[^\n\r\x{2028}\x{2029}]{0,3}\{####\}[^\n\r\x{2028}\x{2029}]{0,3}"
    );
    assert_eq!(instances::base64(b""), "");
    assert_eq!(instances::base64(b"hi"), "aGk=");
    assert_eq!(instances::base64(b"hi!?"), "aGkhPw==");
    assert_eq!(instances::base64(b"abc"), "YWJj");
    assert!(instances::json_eq(
        &json!({"a": 1, "b": [1.0]}),
        &json!({"b": [1], "a": 1.0})
    ));
    assert!(!instances::json_eq(
        &json!({"a": 1}),
        &json!({"a": 1, "b": 2})
    ));
    assert!(!instances::json_eq(&json!([1, 2]), &json!([1, 3])));
    assert!(!instances::json_eq(&json!(u64::MAX), &json!(i64::MAX)));
    // Numbers are read exactly (serde_json's default reading of this one is one ulp off).
    let exact = instances::parse_exact(r#"[1, -2, 18446744073709551615, 0.9856906946328695, 1e3, "a\"b\u00e9", {"k": null, "t": true}]"#)
        .expect("valid JSON");
    let expected =
        json!([1, -2, u64::MAX, 0.9856906946328695_f64, 1000.0, "a\"bé", {"k": null, "t": true}]);
    assert_eq!(exact, expected);
    assert_eq!(exact[3].as_f64(), Some(0.9856906946328695));
    assert!(instances::parse_exact("[1,]").is_err());
    assert!(instances::parse_exact("{} x").is_err());
}
