//! `to_value` + awsJson rendering against serde's direct path, on the same values, in one run.
//!
//! Run with `cargo bench --bench to_value`. For each request/response it measures:
//! - `tree`: `value.to_value().to_json()`: build the protocol-agnostic tree, then render it;
//! - `serde`: `serde_json::to_string(&value)`: the generated `Serialize` impl, written straight
//!   to JSON without a tree (the baseline);
//! - `read`: `from_json_str` (JSON text → the generated type), for reference.
//!
//! Both paths produce the same document (checked before measuring).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use generated::cognito_idp::{CreateUserPoolResponse, ResendConfirmationCodeRequest};
use generated::runtime::{FromJson, ToValue, from_json_str};

fn load<T: FromJson>(file: &str) -> (String, T) {
    let path = format!("{}/../benches/data/{file}", manifest_dir().display());
    let text = std::fs::read_to_string(&path).expect("bench data is readable");
    let value = from_json_str(&text).expect("bench data fits its type");
    (text, value)
}

fn same_document<T: ToValue + generated::runtime::serde::Serialize>(value: &T) {
    let tree: serde_json::Value = serde_json::from_str(&value.to_value().to_json()).unwrap();
    let serde: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap();
    assert_eq!(tree, serde, "the two paths must render the same document");
}

fn bench_one<T>(c: &mut Criterion, name: &str, file: &str)
where
    T: FromJson + ToValue + generated::runtime::serde::Serialize,
{
    let (text, value) = load::<T>(file);
    same_document(&value);
    let mut group = c.benchmark_group(name);
    group.bench_function("tree", |b| {
        b.iter(|| black_box(&value).to_value().to_json())
    });
    group.bench_function("tree-build-only", |b| {
        b.iter(|| black_box(&value).to_value())
    });
    let tree = value.to_value();
    group.bench_function("tree-render-only", |b| {
        b.iter(|| black_box(&tree).to_json())
    });
    group.bench_function("serde", |b| {
        b.iter(|| serde_json::to_string(black_box(&value)).unwrap())
    });
    group.bench_function("read", |b| {
        b.iter(|| from_json_str::<T>(black_box(&text)).unwrap())
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_one::<ResendConfirmationCodeRequest>(
        c,
        "ResendConfirmationCodeRequest",
        "resend-confirmation-code-request.json",
    );
    bench_one::<CreateUserPoolResponse>(
        c,
        "CreateUserPoolResponse",
        "create-user-pool-response.json",
    );
}

criterion_group!(to_value, benches);
criterion_main!(to_value);

/// This package's folder, as cargo says at run time (not compiled in: a binary built in one
/// checkout and run from another, sharing a target folder, must read the files of the other).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("run this through cargo, which sets CARGO_MANIFEST_DIR"))
}
