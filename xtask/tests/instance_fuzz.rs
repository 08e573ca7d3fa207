//! Fuzzing the generated readers with hostile instances: valid instances of every type of the
//! checked-in Cognito crate and of the golden crates (see `instances/`), with one node replaced
//! by something a buggy or hostile server might send (long repeated text made to stall a
//! backtracking pattern engine, `"NaN"`, numbers at the edges of their types, deep nesting, large
//! lists with repeats, the wrong kind of value).
//!
//! For every case: reading must not panic, and an accepted value must be written back as JSON
//! that reads again to the same output. The run reports the largest time per byte of an input of
//! at least 16 KB, to be read beside `cargo bench --bench hostile` (no timed assertion here).
//!
//! `cargo test --test instance_fuzz` runs a quick round (a few seconds). A long run:
//! `INSTANCE_FUZZ_SECONDS=600 cargo test --release -p xtask --test instance_fuzz -- --nocapture`
//! (`INSTANCE_FUZZ_SEED` picks another sequence).

mod common;
mod instances;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use codegen::ir::TypeRef;
use serde_json::{Value, json};

use instances::{Instances, Program};

/// Inputs at least this long are timed per byte.
const MEASURED: usize = 16 * 1024;

/// A crate's `roundtrip`, errors as text.
type Roundtrip = fn(&str, &str, &str) -> Option<Result<String, String>>;

/// A small deterministic generator (xorshift64*), so that a seed names a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Something hostile to put in place of a node.
fn hostile(rng: &mut Rng) -> Value {
    let n = [1, 10, 300, 3_000, 20_000][rng.below(5)];
    match rng.below(14) {
        0 => Value::String("{##".repeat(n / 3 + 1)),
        1 => Value::String("a".repeat(n)),
        2 => Value::String(format!("{}!", "ab".repeat(n / 2 + 1))),
        3 => Value::String("\u{10FFFF}é\u{301}".repeat(n / 3 + 1)),
        4 => json!(["NaN", "Infinity", "-Infinity"][rng.below(3)]),
        5 => [
            json!(1e308),
            json!(-1e308),
            json!(9_007_199_254_740_993_u64),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(-0.0),
            json!(0.5),
        ][rng.below(7)]
        .clone(),
        6 => {
            let depth = 1 + rng.below(120);
            let mut v = json!({});
            for _ in 0..depth {
                v = if rng.below(2) == 0 {
                    json!({ "sub": v, "next": v.clone() })
                } else {
                    json!([v])
                };
                if v.to_string().len() > 200_000 {
                    break;
                }
            }
            v
        }
        7 => Value::Array(vec![json!("same"); n]),
        8 => Value::Array((0..n).map(|i| json!({ "id": i % 17, "to": "x" })).collect()),
        9 => Value::Object(
            (0..n.min(3_000))
                .map(|i| (format!("k{i}"), json!(i)))
                .collect(),
        ),
        10 => Value::Null,
        11 => json!(true),
        12 => json!(""),
        _ => json!({ "type": "object", "oneOf": [], "$ref": "#" }),
    }
}

/// `v` with one node (chosen at random, the root included) replaced by a hostile value.
fn mutate(v: &Value, rng: &mut Rng) -> Value {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(members) => members.values().map(count).sum(),
            _ => 0,
        }
    }
    fn replace(v: &mut Value, mut at: usize, with: Value) -> Result<(), (usize, Value)> {
        if at == 0 {
            *v = with;
            return Ok(());
        }
        at -= 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(members) => members.values_mut().collect(),
            _ => Vec::new(),
        };
        let mut with = with;
        for child in children {
            match replace(child, at, with) {
                Ok(()) => return Ok(()),
                Err((left, back)) => {
                    at = left;
                    with = back;
                }
            }
        }
        Err((at, with))
    }
    let mut out = v.clone();
    let at = rng.below(count(v));
    let with = hostile(rng);
    replace(&mut out, at, with).ok();
    out
}

/// One crate to fuzz: its schemas, its types and its reader.
struct Target {
    what: &'static str,
    schemas: &'static str,
    namespaces: &'static [(&'static str, &'static [&'static str])],
    roundtrip: Roundtrip,
}

fn targets() -> Vec<Target> {
    vec![
        Target {
            what: "generated",
            schemas: "schemas",
            namespaces: generated::NAMESPACES,
            roundtrip: |n, t, j| {
                generated::roundtrip_with::<schema_runtime::Checked>(n, t, j)
                    .map(|r| r.map_err(|e| e.to_string()))
            },
        },
        Target {
            what: "golden unions",
            schemas: "tests/golden/unions/schemas",
            namespaces: golden_unions::NAMESPACES,
            roundtrip: |n, t, j| {
                golden_unions::roundtrip_with::<schema_runtime::Checked>(n, t, j)
                    .map(|r| r.map_err(|e| e.to_string()))
            },
        },
        Target {
            what: "golden validation",
            schemas: "tests/golden/validation/schemas",
            namespaces: golden_validation::NAMESPACES,
            roundtrip: |n, t, j| {
                golden_validation::roundtrip_with::<schema_runtime::Checked>(n, t, j)
                    .map(|r| r.map_err(|e| e.to_string()))
            },
        },
        Target {
            what: "golden kinds",
            schemas: "tests/golden/kinds/schemas",
            namespaces: golden_kinds::NAMESPACES,
            roundtrip: |n, t, j| {
                golden_kinds::roundtrip_with::<schema_runtime::Checked>(n, t, j)
                    .map(|r| r.map_err(|e| e.to_string()))
            },
        },
        Target {
            what: "golden edge-cases",
            schemas: "tests/golden/edge-cases/schemas",
            namespaces: golden_edge_cases::NAMESPACES,
            roundtrip: |n, t, j| {
                golden_edge_cases::roundtrip_with::<schema_runtime::Checked>(n, t, j)
                    .map(|r| r.map_err(|e| e.to_string()))
            },
        },
    ]
}

/// The valid instances each case starts from: a few per type (any JSON for a type whose
/// instances the generator does not know).
fn seeds(ir: &Program, target: &Target) -> Vec<(&'static str, &'static str, Vec<Value>)> {
    let shapes = Instances::new(ir);
    let mut out = Vec::new();
    for (ns, types) in target.namespaces {
        for ty in *types {
            let base = match instances::find_shape(ir, ns, ty) {
                Some(id) if !shapes.needs_schema(&TypeRef::Named(id)) => {
                    let strategy = shapes.shape(id);
                    let mut runner = instances::runner(&format!("fuzz/{ns}/{ty}"), 1);
                    instances::sample(&strategy, &mut runner, 4)
                }
                _ => vec![json!({}), json!("x"), json!([1])],
            };
            out.push((*ns, *ty, base));
        }
    }
    out
}

#[test]
fn hostile_instances_neither_panic_nor_come_back_different() {
    let seconds: u64 = std::env::var("INSTANCE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("INSTANCE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let root = common::root();
    let prepared: Vec<(Target, Vec<_>)> = targets()
        .into_iter()
        .map(|t| {
            let (_corpus, ir) = instances::load_ir(&root.join(t.schemas));
            let seeds = seeds(&ir, &t);
            (t, seeds)
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut cases, mut accepted, mut bytes) = (0usize, 0usize, 0usize);
    let mut slowest: (f64, String) = (0.0, String::new());
    let mut failures = Vec::new();
    while Instant::now() < deadline && failures.len() < 20 {
        let (target, seeds) = &prepared[rng.below(prepared.len())];
        let (ns, ty, base) = &seeds[rng.below(seeds.len())];
        let instance = mutate(&base[rng.below(base.len())], &mut rng);
        let text = instance.to_string();
        let started = Instant::now();
        let answer = catch_unwind(AssertUnwindSafe(|| (target.roundtrip)(ns, ty, &text)));
        let took = started.elapsed();
        cases += 1;
        bytes += text.len();
        // Per byte where fixed costs no longer count; a candidate for the slowest is timed again
        // (the fastest of three), so that one preempted run does not stand for the reader.
        if text.len() >= MEASURED && took.as_secs_f64() * 1e9 / text.len() as f64 > slowest.0 {
            let again = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let _ = catch_unwind(AssertUnwindSafe(|| (target.roundtrip)(ns, ty, &text)));
                    t.elapsed()
                })
                .min()
                .unwrap_or(took);
            let per_byte = again.as_secs_f64() * 1e9 / text.len() as f64;
            if per_byte > slowest.0 {
                slowest = (
                    per_byte,
                    format!("{} {ns} {ty}, {} bytes", target.what, text.len()),
                );
            }
        }
        let shown = || {
            let t: String = text.chars().take(300).collect();
            format!("{} {ns} {ty}: {t}", target.what)
        };
        match answer {
            Err(_) => failures.push(format!("panicked on {}", shown())),
            Ok(None) => failures.push(format!("no such type: {}", shown())),
            Ok(Some(Err(_))) => {}
            Ok(Some(Ok(out))) => {
                accepted += 1;
                match (target.roundtrip)(ns, ty, &out) {
                    Some(Ok(again)) if again == out => {}
                    Some(Ok(again)) => failures.push(format!(
                        "written back differently: {}\n  first {out}\n  then  {again}",
                        shown()
                    )),
                    other => failures.push(format!(
                        "its own output is not read again ({other:?}): {}",
                        shown()
                    )),
                }
            }
        }
    }
    eprintln!(
        "instance fuzz (seed {seed}): {cases} cases, {accepted} accepted, {:.1} MB read in {seconds} s; \
         slowest per byte of the inputs of at least {} KB: {:.1} ns ({}); {} failure(s)",
        bytes as f64 / 1e6,
        MEASURED / 1024,
        slowest.0,
        slowest.1,
        failures.len()
    );
    assert!(cases > 0, "no case ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
