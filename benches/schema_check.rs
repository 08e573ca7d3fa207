//! What a check against the schema as a whole costs (the runtime's `schema-check` feature, for
//! keywords no Rust type expresses), beside what reading the same value costs without it.
//!
//! Run with `cargo bench --bench schema_check`. On one object of a dozen members (schema of our
//! own: typed members, an `if`/`then`, a `not`, a `contains`), in one run:
//! - `parse`: `serde_json::from_str` of the text (every read starts with it; the baseline);
//! - `typed`: reading the parsed value as a `rt::IndexMap<String, rt::Document>` (what a
//!   generated struct's reader does, roughly, without the check);
//! - `check`: `SchemaCheck::read` on the parsed value (the validator is compiled on first use,
//!   outside the measurement).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use schema_runtime::schema::{SchemaCheck, Schemas};
use schema_runtime::{Document, FromJson, IndexMap, JsonPath};

static SCHEMAS: Schemas = Schemas::new(
    "draft2020-12",
    &[(
        "file:///bench/order.json",
        r#"{
            "type": "object",
            "required": ["id", "kind", "lines"],
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "kind": {"enum": ["retail", "wholesale"]},
                "customer": {"type": "string", "minLength": 1},
                "lines": {
                    "type": "array",
                    "items": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}},
                    "contains": {"properties": {"qty": {"minimum": 1}}}
                },
                "note": {"not": {"const": ""}}
            },
            "if": {"properties": {"kind": {"const": "wholesale"}}},
            "then": {"required": ["customer"]}
        }"#,
    )],
);

static CHECK: SchemaCheck = SchemaCheck::new(&SCHEMAS, &["file:///bench/order.json#"]);

const INSTANCE: &str = r#"{
    "id": 7, "kind": "wholesale", "customer": "Harbour Foods", "note": "back door",
    "lines": [
        {"sku": "A-1", "qty": 3}, {"sku": "B-2", "qty": 0}, {"sku": "C-3", "qty": 12},
        {"sku": "D-4", "qty": 1}, {"sku": "E-5", "qty": 2}, {"sku": "F-6", "qty": 5}
    ],
    "created": "2026-11-30T10:00:00Z", "channel": "phone", "priority": 2, "tags": ["new", "north"]
}"#;

fn schema_check(c: &mut Criterion) {
    let json: Document = serde_json::from_str(INSTANCE).unwrap();
    let at = JsonPath::Root;
    CHECK.read(&json, &at).expect("the instance is valid");
    let mut group = c.benchmark_group("order");
    group.bench_function("parse", |b| {
        b.iter(|| black_box(serde_json::from_str::<Document>(black_box(INSTANCE)).unwrap()))
    });
    group.bench_function("typed", |b| {
        b.iter(|| {
            black_box(IndexMap::<String, Document>::from_json(black_box(&json), &at).unwrap())
        })
    });
    group.bench_function("check", |b| {
        b.iter(|| black_box(CHECK.read(black_box(&json), &at)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, schema_check);
criterion_main!(benches);
