//! Runs rustdoc itself over converted output that does not depend on external data: every golden
//! case plus 600 random HTML-ish fragments (fixed seed). The generated crate must pass
//! `RUSTDOCFLAGS="-D warnings" cargo doc --no-deps` with `#![deny(missing_docs, rustdoc::all)]`
//! and `cargo test --doc` must find 0 doctests.

#[path = "docs/support.rs"]
mod common;

#[test]
fn golden_and_random_fragments_pass_rustdoc() {
    let mut docs = Vec::new();
    for path in common::golden_inputs() {
        let html = std::fs::read_to_string(&path).expect("golden case is readable");
        docs.push(codegen::docs::to_rustdoc(&html, 90));
    }
    let golden = docs.len();
    let mut rng = common::Rng::new(0x5eed_d0c5);
    for i in 0..600 {
        let n = 1 + rng.below(60);
        let html = common::random_fragment(&mut rng, n);
        let width = if i % 3 == 0 { 90 } else { 20 + rng.below(100) };
        docs.push(codegen::docs::to_rustdoc(&html, width));
    }
    let outcome = common::rustdoc_check("fragments", &docs);
    assert!(outcome.is_ok(), "{}", outcome.err().unwrap_or_default());
    let doctests = outcome.map(|o| o.doctests).unwrap_or(usize::MAX);
    assert_eq!(doctests, 0, "generated crate must contain no doctests");
    println!(
        "rustdoc: {golden} golden + 600 random fragments; cargo doc -D warnings: ok; \
         cargo test --doc: {doctests} doctests"
    );
}

/// The harness itself must notice rustdoc warnings and doctests, or the checks above prove nothing.
#[test]
fn harness_detects_rustdoc_problems() {
    for (name, bad) in [
        ("intra", "see [nothing]"),
        ("bareurl", "see https://example.com/x"),
        ("html", "a <b> tag"),
    ] {
        let name = format!("harness-{name}");
        let outcome = common::rustdoc_check(&name, &[vec![bad.to_string()]]);
        let _ = std::fs::remove_dir_all(common::check_dir(&name));
        assert!(outcome.is_err(), "`{bad}` should fail cargo doc");
    }
    let lines: Vec<String> = ["x", "", "```", "let _x = 1;", "```"]
        .map(String::from)
        .to_vec();
    let outcome = common::rustdoc_check("harness-doctest", &[lines]);
    assert_eq!(
        outcome.map(|o| o.doctests).ok(),
        Some(1),
        "a rust block is one doctest"
    );
}
