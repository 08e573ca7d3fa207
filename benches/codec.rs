//! Reading and writing with the generated types beside plain serde-derive structs for the same
//! shapes (`codec_baseline.rs`), on the same payloads, in one run.
//!
//! Run with `cargo bench --bench codec` (quicker: `-- --warm-up-time 1 --measurement-time 3`).
//! The payloads are in `benches/data/` (written by `benches/data/codec_data.py`, except the
//! resend request): a `ListUsers` page of 200 users, a `DescribeUserPool` response with every
//! member of the pool set, a `ResendConfirmationCode` request, and the unions golden case's
//! `Event`, a push of 20 commits. For each one it measures:
//!
//! - `read`: `from_json_str::<T>` (JSON text → `Document` → the generated type, every rule
//!   checked);
//! - `read-serde-de`: `serde_json::from_str::<T>`, the generated `Deserialize` (the same two
//!   steps behind serde's interface);
//! - `baseline-read`: `serde_json::from_str` into the serde-derive structs: no checks, the speed
//!   target;
//! - `floor-value`: `serde_json::from_str::<serde_json::Value>`, the parse alone;
//! - `write`: `value.to_value().to_json()`, the value tree rendered as JSON;
//! - `write-serde`: `serde_json::to_string(&value)`, the generated `Serialize`;
//! - `baseline-write`: `serde_json::to_string` of the serde-derive structs.
//!
//! Before measuring it checks that every path reads the payload, and that the three writes give
//! the payload's document back (compared as `serde_json::Value`s). One normalisation: Cognito's
//! timestamps (`CreationDate`, `LastModifiedDate`, `UserCreateDate`, `UserLastModifiedDate`)
//! are compared as numbers, because the generated `Timestamp` writes whole seconds as an integer
//! and a baseline `f64` writes them with `.0`.
//!
//! A counting global allocator gives, before the criterion groups, the allocations of one call
//! of each reading path (after a warm-up call); it counts only while asked to, so the timed runs
//! pay one untaken branch per allocation. After the groups, a summary reads criterion's
//! estimates (`<target>/criterion/codec-*/…/new/estimates.json`) and prints the medians and the
//! ratios to the baseline as a Markdown table.

mod codec_baseline;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use criterion::{Criterion, Throughput};
use generated::cognito_idp::{
    DescribeUserPoolResponse, ListUsersResponse, ResendConfirmationCodeRequest,
};
use generated::runtime::{FromJson, ToValue, from_json_str};
use golden_unions::events::Event;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use codec_baseline as base;

/// Counts allocations (and reallocations) while [`COUNTING`] is on; otherwise `System` as is.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static REALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to `System` with the caller's arguments; the counters do not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and reallocations of one call of `f`, after one call not counted.
fn allocations<R>(mut f: impl FnMut() -> R) -> (usize, usize) {
    drop(black_box(f()));
    ALLOCATIONS.store(0, Ordering::Relaxed);
    REALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    let out = black_box(f());
    COUNTING.store(false, Ordering::SeqCst);
    drop(out);
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        REALLOCATIONS.load(Ordering::Relaxed),
    )
}

const READS: [&str; 4] = ["read", "read-serde-de", "baseline-read", "floor-value"];
const WRITES: [&str; 3] = ["write", "write-serde", "baseline-write"];

/// One payload read as the generated type `T` and as the baseline `B`.
struct Payload<T, B> {
    name: &'static str,
    text: String,
    value: T,
    baseline: B,
}

/// What the run does with a payload, whatever its types.
trait Case {
    fn name(&self) -> &'static str;
    fn bytes(&self) -> usize;
    /// (allocations, reallocations) of one call of each of [`READS`].
    fn allocations(&self) -> [(usize, usize); 4];
    fn bench(&self, c: &mut Criterion);
}

impl<T, B> Payload<T, B>
where
    T: FromJson + ToValue + Serialize + DeserializeOwned,
    B: Serialize + DeserializeOwned,
{
    /// Reads `benches/data/<file>` every way, and checks that every write gives it back.
    fn load(name: &'static str, file: &str) -> Self {
        let path = manifest_dir().join("../benches/data").join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: T = from_json_str(&text).unwrap_or_else(|e| panic!("{name}: read: {e}"));
        let _: T = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: generated Deserialize: {e}"));
        let baseline: B =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: baseline: {e}"));
        let input: Value = serde_json::from_str(&text).unwrap();
        let writes = [
            ("write", value.to_value().to_json()),
            ("write-serde", serde_json::to_string(&value).unwrap()),
            ("baseline-write", serde_json::to_string(&baseline).unwrap()),
        ];
        let expected = normalised(input);
        for (path, json) in writes {
            let written = normalised(serde_json::from_str(&json).unwrap());
            assert!(
                written == expected,
                "{name}: `{path}` does not give the payload back:\n{json}"
            );
        }
        Self {
            name,
            text,
            value,
            baseline,
        }
    }
}

impl<T, B> Case for Payload<T, B>
where
    T: FromJson + ToValue + Serialize + DeserializeOwned,
    B: Serialize + DeserializeOwned,
{
    fn name(&self) -> &'static str {
        self.name
    }

    fn bytes(&self) -> usize {
        self.text.len()
    }

    fn allocations(&self) -> [(usize, usize); 4] {
        let text = self.text.as_str();
        [
            allocations(|| from_json_str::<T>(text).unwrap()),
            allocations(|| serde_json::from_str::<T>(text).unwrap()),
            allocations(|| serde_json::from_str::<B>(text).unwrap()),
            allocations(|| serde_json::from_str::<Value>(text).unwrap()),
        ]
    }

    fn bench(&self, c: &mut Criterion) {
        let (text, value, baseline) = (self.text.as_str(), &self.value, &self.baseline);
        let mut group = c.benchmark_group(group_name(self.name));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("read", |b| {
            ran(self.name, "read");
            b.iter(|| from_json_str::<T>(black_box(text)).unwrap())
        });
        group.bench_function("read-serde-de", |b| {
            ran(self.name, "read-serde-de");
            b.iter(|| serde_json::from_str::<T>(black_box(text)).unwrap())
        });
        group.bench_function("baseline-read", |b| {
            ran(self.name, "baseline-read");
            b.iter(|| serde_json::from_str::<B>(black_box(text)).unwrap())
        });
        group.bench_function("floor-value", |b| {
            ran(self.name, "floor-value");
            b.iter(|| serde_json::from_str::<Value>(black_box(text)).unwrap())
        });
        group.bench_function("write", |b| {
            ran(self.name, "write");
            b.iter(|| black_box(value).to_value().to_json())
        });
        group.bench_function("write-serde", |b| {
            ran(self.name, "write-serde");
            b.iter(|| serde_json::to_string(black_box(value)).unwrap())
        });
        group.bench_function("baseline-write", |b| {
            ran(self.name, "baseline-write");
            b.iter(|| serde_json::to_string(black_box(baseline)).unwrap())
        });
        group.finish();
    }
}

/// Cognito's timestamp members, compared as numbers (see the module's documentation).
const TIMESTAMPS: [&str; 4] = [
    "CreationDate",
    "LastModifiedDate",
    "UserCreateDate",
    "UserLastModifiedDate",
];

/// `value` with every timestamp member's number as an `f64`.
fn normalised(mut value: Value) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(members) => {
                for (name, member) in members.iter_mut() {
                    match member {
                        Value::Number(n) if TIMESTAMPS.contains(&name.as_str()) => {
                            let seconds = n.as_f64().expect("a finite number");
                            *n = serde_json::Number::from_f64(seconds).expect("finite");
                        }
                        other => walk(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

fn group_name(payload: &str) -> String {
    format!("codec-{payload}")
}

/// The (payload, path) pairs criterion ran in this process (a filter may leave some out).
static RAN: Mutex<Vec<(&'static str, &'static str)>> = Mutex::new(Vec::new());

fn ran(payload: &'static str, path: &'static str) {
    let mut ran = RAN.lock().unwrap();
    if !ran.contains(&(payload, path)) {
        ran.push((payload, path));
    }
}

fn main() {
    let cases = [
        case::<ListUsersResponse, base::ListUsersResponse>(
            "ListUsersResponse",
            "list-users-response-200.json",
        ),
        case::<DescribeUserPoolResponse, base::DescribeUserPoolResponse>(
            "DescribeUserPoolResponse",
            "describe-user-pool-response.json",
        ),
        case::<ResendConfirmationCodeRequest, base::ResendConfirmationCodeRequest>(
            "ResendConfirmationCodeRequest",
            "resend-confirmation-code-request.json",
        ),
        case::<Event, base::Event>("Event", "push-event-20-commits.json"),
    ];
    print_allocations(&cases);
    let mut criterion = Criterion::default().configure_from_args();
    for case in &cases {
        case.bench(&mut criterion);
    }
    criterion.final_summary();
    print_summary(&cases);
}

fn case<T, B>(name: &'static str, file: &str) -> Box<dyn Case>
where
    T: FromJson + ToValue + Serialize + DeserializeOwned + 'static,
    B: Serialize + DeserializeOwned + 'static,
{
    Box::new(Payload::<T, B>::load(name, file))
}

fn print_allocations(cases: &[Box<dyn Case>]) {
    println!("Allocations of one read (after a warm-up call), reallocations in parentheses:\n");
    println!(
        "| payload | bytes | {} |",
        READS.map(|r| format!("`{r}`")).join(" | ")
    );
    println!("|---|---|---|---|---|---|");
    for case in cases {
        let cells = case.allocations().map(|(a, r)| format!("{a} ({r})"));
        println!(
            "| `{}` | {} | {} |",
            case.name(),
            case.bytes(),
            cells.join(" | ")
        );
    }
    println!();
}

/// Medians from criterion's estimates of this run, with the ratios to the baseline.
fn print_summary(cases: &[Box<dyn Case>]) {
    let ran = RAN.lock().unwrap().clone();
    if ran.is_empty() {
        return;
    }
    let Some(dir) = criterion_dir(&group_name(cases[0].name())) else {
        println!("(no criterion estimates found: no summary)");
        return;
    };
    let median = |payload: &'static str, path: &'static str| -> Option<f64> {
        if !ran.contains(&(payload, path)) {
            return None;
        }
        let file = dir
            .join(group_name(payload))
            .join(path)
            .join("new/estimates.json");
        let estimates: Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
        estimates["median"]["point_estimate"].as_f64()
    };
    let paths: Vec<&str> = READS.iter().chain(&WRITES).copied().collect();
    println!("\nMedians (criterion's estimates of this run):\n");
    println!(
        "| payload | {} | read / baseline | write / baseline |",
        paths
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}---|---|", "---|".repeat(paths.len()));
    for case in cases {
        let name = case.name();
        let cells: Vec<String> = paths
            .iter()
            .map(|p| median(name, p).map_or_else(|| String::from("–"), duration))
            .collect();
        let ratio = |a, b| match (median(name, a), median(name, b)) {
            (Some(a), Some(b)) => format!("{:.2}×", a / b),
            _ => String::from("–"),
        };
        println!(
            "| `{name}` | {} | {} | {} |",
            cells.join(" | "),
            ratio("read", "baseline-read"),
            ratio("write", "baseline-write")
        );
    }
}

/// A duration in nanoseconds, to three significant figures in a fitting unit.
fn duration(ns: f64) -> String {
    let (value, unit) = match ns {
        n if n >= 1e6 => (n / 1e6, "ms"),
        n if n >= 1e3 => (n / 1e3, "µs"),
        n => (n, "ns"),
    };
    let decimals = match value {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    format!("{value:.decimals$} {unit}")
}

/// Criterion's output folder, as it chooses it: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else the `criterion` folder of the nearest ancestor of this
/// executable that has one holding `group`.
fn criterion_dir(group: &str) -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .map(|dir| dir.join("criterion"))
        .find(|dir| dir.join(group).is_dir())
}

/// This package's folder, as cargo says at run time (not compiled in: a binary built in one
/// checkout and run from another, sharing a target folder, must read the files of the other).
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("run this through cargo, which sets CARGO_MANIFEST_DIR"))
}
