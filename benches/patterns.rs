//! Hostile inputs for every pattern of the real-world corpora: does any take time that grows
//! faster than the text?
//!
//! `cargo bench --bench patterns` reads every `pattern` (and `patternProperties` key) of
//! `../shared/corpora/` (SchemaStore, Cognito, the test suite), and matches each with the
//! runtime's engine (`schema_runtime::pattern`) against texts built to make a backtracking engine
//! work: the pattern's own characters repeated (`{##{##…` for Cognito's
//! `EmailVerificationMessageByLinkType`), ending in a character that spoils a match, at 1,000 and
//! 10,000 characters (and 20,000 for the Cognito case). Linear time gives a ratio near 10
//! between the two sizes; the report lists the largest ratios and times, every pattern that needs
//! the bounded engine, and, as the baseline measured in the same run, the backtracking ECMA-262
//! engine (`regress`, what the runtime used before) on the same texts at 200 and 400 characters,
//! each in a child process given two seconds: some corpus patterns never finish there.

use std::time::{Duration, Instant};

use schema_runtime::pattern;

#[path = "../xtask/tests/support/patterns.rs"]
mod corpus;
use corpus::collect;

/// How long the baseline engine may take over one text before it counts as "over the limit".
const PATIENCE: Duration = Duration::from_secs(2);

fn main() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let root = xtask::workspace_root().expect("run inside the workspace (cargo bench)");
    let shared = root.join("..").join("shared").join("corpora");
    if !shared.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{} is missing", shared.display());
        }
        println!("patterns: skipped: {} is not there", shared.display());
        return;
    }
    let mut patterns = Vec::new();
    for dir in [
        "schemastore/schemas",
        "aws-cognito",
        "json-schema-test-suite/tests",
    ] {
        collect(&shared.join(dir), &mut patterns);
    }
    patterns.sort();
    patterns.dedup();

    struct Row {
        pattern: String,
        small: Duration,
        large: Duration,
        ratio: f64,
        bounded: bool,
        regress: (Option<Duration>, Option<Duration>),
        ran_out: bool,
    }
    let mut rows = Vec::new();
    for p in &patterns {
        let (Ok(compiled), Ok(_)) = (pattern::compile(p), regress::Regex::with_flags(p, "u"))
        else {
            continue;
        };
        let seed = seed(p);
        let text = |n: usize| -> String {
            let mut t: String = seed.chars().cycle().take(n.saturating_sub(1)).collect();
            t.push('\u{1}');
            t
        };
        let mut ran_out = false;
        let mut time = |t: &str| {
            median(|| {
                ran_out |= compiled.is_match(t).is_err();
            })
        };
        let (small, large) = (time(&text(1_000)), time(&text(10_000)));
        let regress = (in_child(p, &text(200)), in_child(p, &text(400)));
        rows.push(Row {
            pattern: p.clone(),
            ratio: large.as_secs_f64() / small.as_secs_f64().max(1e-9),
            small,
            large,
            bounded: !compiled.is_linear(),
            regress,
            ran_out,
        });
    }
    println!(
        "{} patterns, each on texts of 1,000 and 10,000 characters (median of 5 runs)\n",
        rows.len()
    );
    println!(
        "| pattern | 1,000 chars | 10,000 chars | ratio | engine | regress at 200 / 400 chars |"
    );
    println!("|---|---|---|---|---|---|");
    let show = |r: &Row| {
        let mut p: String = r.pattern.chars().take(60).collect();
        if r.pattern.chars().count() > 60 {
            p.push('…');
        }
        println!(
            "| `{}` | {:.1} µs | {:.1} µs | {:.1} | {} | {} / {} |",
            p.replace('|', "\\|").replace('`', "'"),
            r.small.as_secs_f64() * 1e6,
            r.large.as_secs_f64() * 1e6,
            r.ratio,
            if r.bounded {
                if r.ran_out {
                    "bounded (limit reached)"
                } else {
                    "bounded"
                }
            } else {
                "linear"
            },
            shown(r.regress.0),
            shown(r.regress.1),
        );
    };
    // The slowest at 10,000 characters, the largest ratios among those that take measurable
    // time, and every bounded one.
    rows.sort_by_key(|r| std::cmp::Reverse(r.large));
    println!("\nThe ten slowest at 10,000 characters:\n");
    rows.iter().take(10).for_each(show);
    let mut measurable: Vec<&Row> = rows
        .iter()
        .filter(|r| r.large > Duration::from_micros(20))
        .collect();
    measurable.sort_by(|a, b| b.ratio.total_cmp(&a.ratio));
    println!("\nThe ten largest ratios (of those over 20 µs at 10,000 characters):\n");
    measurable.iter().take(10).for_each(|r| show(r));
    println!("\nThe patterns matched by the bounded engine:\n");
    rows.iter().filter(|r| r.bounded).for_each(show);
    let worst = rows.iter().map(|r| r.large).max().unwrap_or_default();
    let superlinear = measurable.iter().filter(|r| r.ratio > 30.0).count();
    let stalled = rows.iter().filter(|r| r.regress.1.is_none()).count();
    println!("\nThe patterns on which regress ran out of time:\n");
    rows.iter().filter(|r| r.regress.1.is_none()).for_each(show);
    let regress_worst = rows
        .iter()
        .filter_map(|r| r.regress.1)
        .max()
        .unwrap_or_default();
    println!(
        "\nslowest match at 10,000 characters: {:.2} ms; patterns over 20 µs whose time grew more \
         than 30× for 10× the text: {superlinear}; regress's slowest finished match at 400 \
         characters: {:.2} ms, and {stalled} pattern(s) over {} s",
        worst.as_secs_f64() * 1e3,
        regress_worst.as_secs_f64() * 1e3,
        PATIENCE.as_secs()
    );

    // The case the issue measured: Cognito's `EmailVerificationMessageByLinkType` at the
    // 20,000 characters its schema allows.
    let by_link = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*";
    let compiled = pattern::compile(by_link).expect("compiles");
    let text = "{##".repeat(6_667);
    let t = median(|| {
        std::hint::black_box(compiled.is_match(&text[..20_000])).ok();
    });
    println!(
        "\nEmailVerificationMessageByLinkType, \"{{##…\": 20,000 characters {:.2} ms (regress: {} at \
         600 characters, {} at 1,200)",
        t.as_secs_f64() * 1e3,
        shown(in_child(by_link, &text[..600])),
        shown(in_child(by_link, &text[..1_200])),
    );
}

/// A text to repeat: the pattern's literal characters (escapes and class brackets left out), or
/// `a` when it has none.
fn seed(p: &str) -> String {
    let s: String = p.chars().filter(|c| !"\\^$()[]|*+?".contains(*c)).collect();
    if s.is_empty() { String::from("a") } else { s }
}

/// The median of 5 timed runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
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

/// The environment variable that makes the bench a child timing one baseline match; the child
/// reads the pattern's length in bytes, a newline, the pattern and the text from its input.
const CHILD: &str = "PATTERNS_BENCH_CHILD";

/// The median time of `regress` over `text`, in a child process killed after [`PATIENCE`]:
/// `None` when it ran out of time.
fn in_child(pattern: &str, text: &str) -> Option<Duration> {
    let exe = std::env::current_exe().expect("the bench's own path");
    let mut child = std::process::Command::new(exe)
        .env(CHILD, "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the bench starts itself");
    let input = format!("{}\n{pattern}{text}", pattern.len());
    let mut stdin = child.stdin.take().expect("a piped input");
    std::io::Write::write_all(&mut stdin, input.as_bytes()).expect("the child reads its input");
    drop(stdin);
    let started = Instant::now();
    loop {
        match child.try_wait().expect("the child can be waited for") {
            Some(_) => break,
            None if started.elapsed() > PATIENCE => {
                child.kill().ok();
                child.wait().ok();
                return None;
            }
            None => std::thread::sleep(Duration::from_millis(2)),
        }
    }
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("a piped output");
    std::io::Read::read_to_string(&mut stdout, &mut out).expect("the child's output");
    out.trim().parse().ok().map(Duration::from_nanos)
}

/// The child's side of [`in_child`]: one timed run, and the median of five when that one took
/// under 100 ms (so a killed child means one run took over [`PATIENCE`]).
fn child() {
    let mut input = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut input).expect("the parent's input");
    let (len, rest) = input.split_once('\n').expect("a length first");
    let (pattern, text) = rest.split_at(len.parse().expect("a length"));
    let ecma = regress::Regex::with_flags(pattern, "u").expect("compiled by the parent");
    let run = || {
        std::hint::black_box(ecma.find(text));
    };
    let started = Instant::now();
    run();
    let first = started.elapsed();
    let t = if first > Duration::from_millis(100) {
        first
    } else {
        median(run)
    };
    println!("{}", t.as_nanos());
}

/// A baseline time, or that it ran out of time.
fn shown(t: Option<Duration>) -> String {
    t.map_or_else(
        || format!("over {} s", PATIENCE.as_secs()),
        |t| format!("{:.1} µs", t.as_secs_f64() * 1e6),
    )
}
