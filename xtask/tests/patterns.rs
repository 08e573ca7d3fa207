//! The runtime's linear-time pattern engine (`schema_runtime::pattern`: ECMA-262 translated into
//! the `regex` crate's syntax) against an ECMA-262 engine (`regress`, a backtracking one) on
//! every pattern of the real-world corpora: SchemaStore's schemas, the Cognito corpus and the
//! JSON-Schema-Test-Suite (1,249 distinct patterns), and hand-written ones that reach every
//! construct the translation rewrites.
//!
//! For each pattern, texts that match it (drawn from the translated pattern with proptest's
//! regex strategy where it can), the same texts one character off, and random texts over the
//! pattern's own characters and the ones where ECMA-262 and Rust differ (non-ASCII digits and
//! letters, line terminators, Unicode spaces) are matched by both engines, which must agree on
//! every one. A pattern `regress` refuses is one the generator refuses; every other must
//! translate.

mod common;
#[path = "support/patterns.rs"]
mod corpus;

use corpus::collect;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use schema_runtime::pattern;

/// Patterns that reach each rewrite of the translation.
const OWN: &[&str] = &[
    r"^\d+$",
    r"\w+",
    r"^\s*$",
    r"^.$",
    r"a.b",
    r"\bword\b",
    r"\Bx",
    r"^[\d\s-]+$",
    r"[^\w.]",
    r"^[]$",
    r"^[^]+$",
    r"\u00e9",
    r"\uD83D\uDE00",
    r"\u{1F600}",
    r"\x41\cJ\0",
    r"[\b]",
    r"\/",
    r"^[a-z&&x]+$",
    r"[~-]",
    r"[\-a]",
    r"[a-]",
    r"^[\[\]]+$",
    r"\p{L}+",
    r"\P{Lu}",
    r"\p{Script=Greek}",
    r"(?<year>\d{4})-(?<m>\d{2})",
    r"(?:ab)+?",
    r"a{2,3}",
    r"a{2,}",
    r"(?=a)\w",
    r"(?!b).",
    r"(?<=a)b",
    r"(?<!a)b",
    r"(a)\1",
    r"(?<x>a)\k<x>",
    r"^\S+@\S+\.\S+$",
    r"^[^\s]$",
    r"[\s\S]",
    r"^\.{3}$",
    r"[\u0000-\u001F]",
    r"^\$[{]",
    r"\|",
    r"^(?:\+|-)?\d+$",
    r"^#[0-9a-fA-F]{6}$",
    r"^(a+)+$",
    r"(?!x)\bé\B",
    r"(?<=\b)a\b",
];

/// Characters where ECMA-262 and Rust's defaults part: non-ASCII digits and letters, every line
/// terminator, Unicode spaces, a supplementary-plane character, and ASCII punctuation.
const SPECIAL: &[char] = &[
    '٣', '١', 'é', 'ß', 'K', 'İ', '\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{A0}',
    '\u{FEFF}', '\u{3000}', '\u{B}', '\u{C}', '\t', ' ', '😀', '-', '_', '.', '$', '{', '}', '[',
    ']', '\\', '/', 'a', 'Z', '0', '9',
];

#[test]
fn the_linear_engine_agrees_with_an_ecma_engine_on_every_corpus_pattern() {
    let mut patterns: Vec<String> = OWN.iter().map(|p| (*p).to_owned()).collect();
    if let Some(shared) = common::corpus("schemastore") {
        collect(&shared.join("schemas"), &mut patterns);
    }
    if let Some(cognito) = common::corpus("aws-cognito") {
        collect(&cognito, &mut patterns);
    }
    if let Some(suite) = common::corpus("json-schema-test-suite") {
        collect(&suite.join("tests"), &mut patterns);
    }
    patterns.sort();
    patterns.dedup();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[23; 32]),
    );
    let (mut compared, mut texts, mut bounded, mut refused) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for p in &patterns {
        let Ok(ecma) = regress::Regex::with_flags(p, "u") else {
            refused += 1;
            continue;
        };
        let mine = match pattern::compile(p) {
            Ok(c) => c,
            Err(e) => {
                disagreements.push(format!(
                    "`{p}`: regress compiles it, the translation does not: {e}"
                ));
                continue;
            }
        };
        compared += 1;
        bounded += usize::from(!mine.is_linear());
        for text in inputs(p, &mut runner) {
            texts += 1;
            let expected = ecma.find(&text).is_some();
            match mine.is_match(&text) {
                Ok(got) if got == expected => {}
                got => disagreements.push(format!(
                    "`{p}` on {text:?}: regress {expected}, linear engine {got:?} (as `{}`)",
                    pattern::translate(p).map(|t| t.syntax).unwrap_or_default()
                )),
            }
        }
    }
    eprintln!(
        "patterns: {compared} compared on {texts} texts ({bounded} need the bounded engine), \
         {refused} refused by regress, {} disagreement(s)",
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{}",
        disagreements
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Texts to match `p` against: drawn from the pattern where proptest can, each also one
/// character off, and random ones over its characters and [`SPECIAL`].
fn inputs(p: &str, runner: &mut TestRunner) -> Vec<String> {
    let mut out = Vec::new();
    let syntax = pattern::translate(p).map(|t| t.syntax).unwrap_or_default();
    // proptest's regex strategy panics on some classes (an empty one): those get random texts.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let strategy = std::panic::catch_unwind(|| proptest::string::string_regex(&syntax).ok())
        .ok()
        .flatten();
    std::panic::set_hook(previous);
    if let Some(strategy) = strategy {
        for _ in 0..30 {
            let Ok(tree) = strategy.new_tree(runner) else {
                break;
            };
            let text = tree.current();
            if text.chars().count() > 200 {
                continue;
            }
            let mut chars: Vec<char> = text.chars().collect();
            out.push(text);
            if !chars.is_empty() {
                let i = chars.len() / 2;
                chars[i] = SPECIAL[(i * 7 + chars.len()) % SPECIAL.len()];
                out.push(chars.iter().collect());
                chars.remove(i);
                out.push(chars.iter().collect());
            }
        }
    }
    let alphabet: Vec<char> = p
        .chars()
        .filter(|c| !c.is_ascii_control())
        .chain(SPECIAL.iter().copied())
        .collect();
    let strategy = proptest::collection::vec(proptest::sample::select(alphabet), 0..12)
        .prop_map(|cs| cs.into_iter().collect::<String>());
    for _ in 0..40 {
        if let Ok(tree) = strategy.new_tree(runner) {
            out.push(tree.current());
        }
    }
    out
}
