//! The text reader against `serde_json`: the same texts accepted, the same values read, every
//! other text a syntax error at `$` (and never a panic).

use schema_runtime::{Document, FromJson, JsonPath, from_json_str};

/// Texts at the edges of JSON's grammar and of `serde_json`'s reading of it.
const TEXTS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "-0.0",
    "1.5e3",
    "1E-2",
    "-12",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "-",
    "--1",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1e309",
    "-1e400",
    "4.9e-324",
    "2.2250738585072011e-308",
    "123456789012345678901234567890",
    "0.1",
    "3.141592653589793",
    r#""""#,
    r#""a\"b\\c\/d\b\f\n\r\t""#,
    r#""\u00e9\u20AC""#,
    r#""\ud83d\ude00""#,
    r#""\ud800""#,
    r#""\udc00""#,
    r#""\ud800\u0041""#,
    r#""\ud800x""#,
    r#""\x""#,
    r#""\u12""#,
    r#""\u12g4""#,
    "\"a\u{1}b\"",
    "\"tab\tin\"",
    "\"é€😀\"",
    r#""unterminated"#,
    "[]",
    "[1,2]",
    "[1,]",
    "[,1]",
    "[1 2]",
    "[",
    "]",
    "[[[]]]",
    "{}",
    r#"{"a":1}"#,
    r#"{"a":1,}"#,
    r#"{"a" 1}"#,
    r#"{a:1}"#,
    r#"{"a":1 "b":2}"#,
    r#"{"a":}"#,
    r#"{"a""#,
    r#"{"a":1,"a":2}"#,
    "{",
    "}",
    " \n\t\r 1 \n",
    "1 2",
    "[1] x",
    "nul",
    "nulll",
    "tru",
    "True",
    "NaN",
    "Infinity",
    "\u{feff}1",
    "",
    " ",
    r#"{"a":[{"b":[null,true,{"c":"d"}]}]}"#,
];

fn serde(text: &str) -> Result<Document, String> {
    serde_json::from_str::<Document>(text).map_err(|e| e.to_string())
}

fn ours(text: &str) -> Result<Document, String> {
    from_json_str::<Document>(text).map_err(|e| e.to_string())
}

/// Same acceptance, same value, and for text that is not JSON a syntax error at `$`.
fn agree(text: &str) {
    match (serde(text), ours(text)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(e)) => assert!(e.starts_with("$: not valid JSON: "), "{text:?}: {e}"),
        (a, b) => panic!("{text:?}: serde_json {a:?}, this reader {b:?}"),
    }
}

#[test]
fn text_is_accepted_and_rejected_as_serde_json_does() {
    for text in TEXTS {
        agree(text);
    }
}

#[test]
fn every_small_edit_of_a_text_is_judged_as_serde_json_judges_it() {
    let alphabet = [
        "", "0", "1", "-", "+", ".", "e", "\"", "\\", "u", "[", "]", "{", "}", ",", ":", " ", "n",
        "t", "\u{1}", "é",
    ];
    for text in TEXTS.iter().filter(|t| t.len() < 40) {
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &at in &cuts {
            let next = cuts.iter().find(|&&c| c > at).copied().unwrap_or(at);
            for insert in alphabet {
                // Replace the character at `at` (or nothing, at the end) by `insert`, and
                // insert `insert` before it.
                agree(&format!("{}{insert}{}", &text[..at], &text[next..]));
                agree(&format!("{}{insert}{}", &text[..at], &text[at..]));
            }
        }
    }
}

#[test]
fn typed_reads_see_the_values_serde_json_sees() {
    let strings = r#"["", "a\"b", "\u00e9\ud83d\ude00", "\\\/\b\f\n\r\t", "plain"]"#;
    assert_eq!(
        from_json_str::<Vec<String>>(strings).unwrap(),
        serde_json::from_str::<Vec<String>>(strings).unwrap()
    );
    let numbers = "[0, -0, 1e2, 0.1, 4.9e-324, 1.7976931348623157e308, 2.5, -7]";
    assert_eq!(
        from_json_str::<Vec<f64>>(numbers)
            .unwrap()
            .iter()
            .map(|f| f.to_bits())
            .collect::<Vec<_>>(),
        serde_json::from_str::<Vec<f64>>(numbers)
            .unwrap()
            .iter()
            .map(|f| f.to_bits())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        from_json_str::<Vec<i64>>("[9223372036854775807, -9223372036854775808, 1.0, 2e3]"),
        Ok(vec![i64::MAX, i64::MIN, 1, 2000])
    );
    let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(from_json_str::<Document>(&deep).is_ok());
    let deeper = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(serde(&deeper).is_err());
    assert!(ours(&deeper).unwrap_err().contains("recursion limit"));
}

#[test]
fn a_type_error_before_a_syntax_error_reports_the_syntax_error() {
    let err = from_json_str::<Vec<bool>>("[1, }").unwrap_err();
    assert_eq!(err.path(), "$");
    assert!(err.message().starts_with("not valid JSON"), "{err}");
    // A parsed value reads the same as its text.
    let json: Document = serde_json::from_str(r#"[true, false]"#).unwrap();
    assert_eq!(
        Vec::<bool>::from_json(&json, &JsonPath::Root),
        Ok(vec![true, false])
    );
}
