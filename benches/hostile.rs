//! Hostile inputs: for the Cognito crate (`generated/`) and the golden crates, the worst values
//! this project could construct for each pattern, union and rule, each read at two sizes.
//!
//! `cargo bench --bench hostile` reads every case with the type's own reader (`from_json_str`,
//! text to checked value, accepted or rejected) and, as the baseline measured in the same run,
//! parses the same text into a `serde_json::Value` (the floor: no reader can skip parsing).
//! Linear time shows as a time per byte that stays flat from the small to the large input
//! (`growth` near the size ratio); the figures go to BENCHMARKS.md, and the random-instance
//! fuzz run (`xtask/tests/instance_fuzz.rs`) is held to the largest time per byte printed here.

use std::hint::black_box;
use std::time::{Duration, Instant};

use generated::cognito_idp as idp;
use golden_unions::events;
use golden_validation::vault;
use schema_runtime::{FromJson, from_json_str};

/// One hostile case at two sizes.
struct Case {
    name: &'static str,
    what: &'static str,
    small: String,
    large: String,
    read: fn(&str) -> bool,
}

/// Reads `text` as `T`: whether it was accepted.
fn read<T: FromJson>(text: &str) -> bool {
    black_box(from_json_str::<T>(text)).is_ok()
}

fn nested(times: usize, open: &str, leaf: &str) -> String {
    let close = "}".repeat(times * open.matches('{').count());
    format!("{}{leaf}{close}", open.repeat(times))
}

fn strings(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| format!("\"serial-{i:08}\"")).collect();
    format!("[{}]", items.join(","))
}

fn shipments(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| format!("{{\"id\":{i},\"to\":\"depot {}\"}}", i % 7))
        .collect();
    format!("[{}]", items.join(","))
}

fn users(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"Username\":\"user-{i}\",\"Attributes\":[{{\"Name\":\"email\",\"Value\":\
                 \"user{i}@example.com\"}},{{\"Name\":\"sub\",\"Value\":\"0f4c-{i:06}\"}}],\
                 \"UserCreateDate\":1700000000.5,\"Enabled\":true,\"UserStatus\":\"CONFIRMED\"}}"
            )
        })
        .collect();
    format!(
        "{{\"Users\":[{}],\"PaginationToken\":\"next-page\"}}",
        items.join(",")
    )
}

fn cases() -> Vec<Case> {
    let quoted = |s: String| format!("\"{s}\"");
    vec![
        Case {
            name: "EmailVerificationMessageByLinkType",
            what: "`{##` repeated: cubic for a backtracking engine",
            small: quoted("{##".repeat(667)[..2_000].to_owned()),
            large: quoted("{##".repeat(6_667)[..20_000].to_owned()),
            read: read::<idp::EmailVerificationMessageByLinkType>,
        },
        Case {
            name: "EmailAddressType",
            what: "`a` repeated, no `@`: quadratic for a backtracking engine",
            small: quoted("a".repeat(2_000)),
            large: quoted("a".repeat(20_000)),
            read: read::<idp::EmailAddressType>,
        },
        Case {
            name: "Tree (unions golden)",
            what: "recursive oneOf, every level both forms (rejected): 12 and 126 levels",
            small: nested(12, r#"{"sub":"#, "{}"),
            large: nested(126, r#"{"sub":"#, "{}"),
            read: read::<events::Tree>,
        },
        Case {
            name: "Outline (unions golden)",
            what: "recursive oneOf, well formed (accepted): 12 and 126 levels",
            small: nested(
                6,
                r#"{"title":"h","next":{"text":"n","next":"#,
                r#"{"title":"end"}"#,
            ),
            large: nested(
                63,
                r#"{"title":"h","next":{"text":"n","next":"#,
                r#"{"title":"end"}"#,
            ),
            read: read::<events::Outline>,
        },
        Case {
            name: "Serials (validation golden)",
            what: "uniqueItems over distinct strings: 10,000 and 100,000 items",
            small: strings(10_000),
            large: strings(100_000),
            read: read::<vault::Serials>,
        },
        Case {
            name: "Shipments (validation golden)",
            what: "uniqueItems over distinct objects: 10,000 and 100,000 items",
            small: shipments(10_000),
            large: shipments(100_000),
            read: read::<vault::Shipments>,
        },
        Case {
            name: "TagList (validation golden)",
            what: "maxItems 3 given 10,000 and 100,000 items (rejected before they are read)",
            small: strings(10_000),
            large: strings(100_000),
            read: read::<vault::TagList>,
        },
        Case {
            name: "ListUsersResponse",
            what: "an ordinary response, for comparison: 20 and 200 users",
            small: users(20),
            large: users(200),
            read: read::<idp::ListUsersResponse>,
        },
    ]
}

/// The median of 5 timed runs (after one untimed run).
fn median(mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

fn main() {
    println!(
        "| case | input | bytes (small / large) | read, small / large | accepted | ns per byte (large) | serde_json::Value parse (large) | ratio to parse | growth for the size ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for case in cases() {
        let read = case.read;
        let small = median(|| {
            read(&case.small);
        });
        let large = median(|| {
            read(&case.large);
        });
        let parse = median(|| {
            black_box(serde_json::from_str::<serde_json::Value>(&case.large)).ok();
        });
        let per_byte = large.as_secs_f64() * 1e9 / case.large.len() as f64;
        worst = worst.max(per_byte);
        println!(
            "| {} | {} | {} / {} | {:.3} / {:.3} ms | {} | {:.1} | {:.3} ms | {:.2} | {:.1}× time for {:.1}× bytes |",
            case.name,
            case.what,
            case.small.len(),
            case.large.len(),
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3,
            if read(&case.large) { "yes" } else { "no" },
            per_byte,
            parse.as_secs_f64() * 1e3,
            large.as_secs_f64() / parse.as_secs_f64().max(1e-9),
            large.as_secs_f64() / small.as_secs_f64().max(1e-9),
            case.large.len() as f64 / case.small.len() as f64,
        );
    }
    println!("\nthe largest time per byte of these cases: {worst:.1} ns");
}
