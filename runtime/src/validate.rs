//! Checking values against their schema's rules, for generated newtypes.
//!
//! Each generated newtype of a constrained shape has a `validate` function that calls these
//! shared checks (one non-generic function each, not code generated per type). A failed check
//! is a [`ValidationError`] naming the type, the rule and the value; the value is left out when
//! the type is sensitive (`format: password` or `writeOnly`).

use std::fmt;
use std::sync::OnceLock;

/// A value that breaks a rule of its type's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    type_name: &'static str,
    rule: String,
    value: Option<String>,
    /// The rule's text quotes the value (a schema check's message, for a type not secret).
    rule_quotes_value: bool,
}

impl ValidationError {
    /// The generated type whose rule was broken.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The rule and how it was broken (`is 129 characters long, more than maxLength 128`).
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// The offending value as text, unless the type is sensitive.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The same error without the value (for a value held as a secret where it is used).
    pub fn redacted(mut self) -> Self {
        self.value = None;
        if self.rule_quotes_value {
            self.rule = String::from("does not match its schema");
            self.rule_quotes_value = false;
        }
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => write!(f, "{}: {value} {}", self.type_name, self.rule),
            None => write!(f, "{}: the value (redacted) {}", self.type_name, self.rule),
        }
    }
}

impl std::error::Error for ValidationError {}

/// The error of an enum's strict parse (`parse_listed`) for a value its schema does not list.
pub fn unlisted(type_name: &'static str, value: &str) -> ValidationError {
    ValidationError {
        type_name,
        rule: String::from("is not one of the values the schema lists"),
        value: Some(quoted(value)),
        rule_quotes_value: false,
    }
}

/// Shows `<redacted>` in place of a secret in `Debug` output.
#[derive(Clone, Copy)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A schema `pattern`: an ECMA-262 regular expression with Unicode semantics, matched anywhere
/// in the value (JSON Schema patterns are not anchored), in time linear in the value unless it
/// has look-around or back-references (then within a step limit; see [`crate::pattern`]).
/// Compiled once, on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<crate::pattern::Compiled, String>>,
}

impl Pattern {
    /// A pattern from its source text (the generator has already checked that it compiles).
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the schema wrote it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` contains a match; an error when the pattern does not compile (the
    /// generator refuses such patterns, so this does not happen for generated code) or the match
    /// was not decided within the step limit.
    pub fn is_match(&self, text: &str) -> Result<bool, &'static str> {
        let compiled = self
            .compiled
            .get_or_init(|| crate::pattern::compile(self.source));
        match compiled {
            Ok(re) => re
                .is_match(text)
                .map_err(|_| "the pattern's step limit ran out"),
            Err(_) => Err("the pattern does not compile"),
        }
    }
}

/// The checks of one type: its name (for errors) and whether its values are secret.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    type_name: &'static str,
    sensitive: bool,
}

impl Check {
    /// Checks for values of `type_name`.
    pub const fn new(type_name: &'static str, sensitive: bool) -> Self {
        Self {
            type_name,
            sensitive,
        }
    }

    /// The keywords of the type's schema that only the schema itself can check (see
    /// [`crate::schema`]); the value is turned into JSON for it.
    #[cfg(feature = "schema-check")]
    pub fn schema(
        &self,
        schema: &'static crate::schema::SchemaCheck,
        json: &crate::Document,
    ) -> Result<(), ValidationError> {
        match schema.first_error(json, self.sensitive) {
            None => Ok(()),
            Some(message) => Err(ValidationError {
                rule_quotes_value: !self.sensitive,
                ..self.fail(
                    || crate::json::excerpt(&json.to_string()),
                    format!("does not match its schema: {message}"),
                )
            }),
        }
    }

    fn fail(&self, value: impl FnOnce() -> String, rule: String) -> ValidationError {
        ValidationError {
            type_name: self.type_name,
            rule,
            value: if self.sensitive { None } else { Some(value()) },
            rule_quotes_value: false,
        }
    }

    /// `minLength`/`maxLength`, counted in characters (Unicode scalar values), as JSON Schema
    /// counts them.
    pub fn length(
        &self,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Result<(), ValidationError> {
        // A character is one to four bytes: when the byte length settles both bounds, the
        // characters need no count.
        let bytes = value.len() as u64;
        if min.is_none_or(|min| bytes.div_ceil(4) >= min) && max.is_none_or(|max| bytes <= max) {
            return Ok(());
        }
        let n = value.chars().count() as u64;
        if let Some(min) = min
            && n < min
        {
            return Err(self.fail(
                || quoted(value),
                format!("is {n} characters long, fewer than minLength {min}"),
            ));
        }
        if let Some(max) = max
            && n > max
        {
            return Err(self.fail(
                || quoted(value),
                format!("is {n} characters long, more than maxLength {max}"),
            ));
        }
        Ok(())
    }

    /// `pattern`.
    pub fn pattern(&self, value: &str, pattern: &Pattern) -> Result<(), ValidationError> {
        match pattern.is_match(value) {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.fail(
                || quoted(value),
                format!("does not match pattern `{}`", pattern.source()),
            )),
            Err(why) => Err(self.fail(
                || quoted(value),
                format!(
                    "cannot be checked against pattern `{}`: {why}",
                    pattern.source()
                ),
            )),
        }
    }

    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf` of a number
    /// (integers are checked as doubles, exactly for every integer up to 2⁵³).
    pub fn range(
        &self,
        value: f64,
        shown: impl Fn() -> String,
        bounds: &Bounds,
    ) -> Result<(), ValidationError> {
        let bounded = bounds.minimum.is_some()
            || bounds.maximum.is_some()
            || bounds.exclusive_minimum.is_some()
            || bounds.exclusive_maximum.is_some()
            || bounds.multiple_of.is_some();
        // NaN compares false with every bound, so it would pass them all: a number with a rule
        // must be finite.
        let rule = if bounded && !value.is_finite() {
            Some(String::from("is not a finite number"))
        } else if let Some(min) = bounds.minimum.filter(|m| value < *m) {
            Some(format!("is less than minimum {}", number(min)))
        } else if let Some(max) = bounds.maximum.filter(|m| value > *m) {
            Some(format!("is greater than maximum {}", number(max)))
        } else if let Some(min) = bounds.exclusive_minimum.filter(|m| value <= *m) {
            Some(format!(
                "is not greater than exclusiveMinimum {}",
                number(min)
            ))
        } else if let Some(max) = bounds.exclusive_maximum.filter(|m| value >= *m) {
            Some(format!("is not less than exclusiveMaximum {}", number(max)))
        } else {
            bounds
                .multiple_of
                .filter(|m| !is_multiple(value, *m))
                .map(|m| format!("is not a multiple of {}", number(m)))
        };
        match rule {
            Some(rule) => Err(self.fail(shown, rule)),
            None => Ok(()),
        }
    }

    /// `minItems`/`maxItems` (and `minProperties`/`maxProperties`, with `what` = "entries").
    pub fn count(
        &self,
        n: usize,
        min: Option<u64>,
        max: Option<u64>,
        what: &str,
    ) -> Result<(), ValidationError> {
        let n = n as u64;
        let (min_name, max_name) = if what == "items" {
            ("minItems", "maxItems")
        } else {
            ("minProperties", "maxProperties")
        };
        if let Some(min) = min
            && n < min
        {
            return Err(self.fail(
                || format!("a collection of {n} {what}"),
                format!("has fewer {what} than {min_name} {min}"),
            ));
        }
        if let Some(max) = max
            && n > max
        {
            return Err(self.fail(
                || format!("a collection of {n} {what}"),
                format!("has more {what} than {max_name} {max}"),
            ));
        }
        Ok(())
    }

    /// `uniqueItems: true`, in time linear in the items: each is hashed by its value tree (a
    /// hash that equal items share: members in any order), and only items of one hash are
    /// compared.
    pub fn unique<T: PartialEq + crate::ToValue>(
        &self,
        items: &[T],
    ) -> Result<(), ValidationError> {
        self.first_repeat(
            items,
            |item| crate::hash::tree(item.to_value().view()),
            |a, b| a == b,
        )
    }

    /// The first item equal to an earlier one, by `hash` and then `same`, as an error.
    fn first_repeat<T>(
        &self,
        items: &[T],
        hash: impl Fn(&T) -> u64,
        same: impl Fn(&T, &T) -> bool,
    ) -> Result<(), ValidationError> {
        let mut seen: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let bucket = seen.entry(hash(item)).or_default();
            if let Some(&first) = bucket.iter().find(|&&j| same(&items[j], item)) {
                return Err(self.fail(
                    || format!("a list of {} items", items.len()),
                    format!("repeats item {first} at {i}, against uniqueItems"),
                ));
            }
            bucket.push(i);
        }
        Ok(())
    }

    /// `enum` of a type that is not a string enum: the value must be one of `allowed` (given as
    /// JSON text).
    pub fn one_of(&self, value: &str, allowed: &[&str]) -> Result<(), ValidationError> {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(self.fail(
                || value.to_owned(),
                format!("is not one of the enum values {}", allowed.join(", ")),
            ))
        }
    }
}

impl Check {
    /// `enum`/`const` of JSON values (several kinds, arrays, objects): the value must equal one
    /// of `allowed` (given as JSON text) as JSON, numbers by value (`1` equals `1.0`).
    pub fn one_of_json(
        &self,
        value: &crate::Document,
        allowed: &[&str],
    ) -> Result<(), ValidationError> {
        let found = allowed.iter().any(|text| {
            serde_json::from_str::<crate::Document>(text).is_ok_and(|a| json_equal(&a, value))
        });
        if found {
            Ok(())
        } else {
            Err(self.fail(
                || value.to_string(),
                format!("is not one of the values {}", allowed.join(", ")),
            ))
        }
    }

    /// `uniqueItems` on JSON values: no two items equal as JSON (numbers by value).
    pub fn unique_json(&self, items: &[crate::Document]) -> Result<(), ValidationError> {
        self.first_repeat(items, crate::hash::json, json_equal)
    }

    /// `enum` of a string type too large to be a Rust enum: the value must be one of `sorted`
    /// (sorted, for a binary search).
    pub fn one_of_sorted(&self, value: &str, sorted: &[&str]) -> Result<(), ValidationError> {
        if sorted.binary_search(&value).is_ok() {
            Ok(())
        } else {
            Err(self.fail(
                || quoted(value),
                format!("is not one of the {} enum values", sorted.len()),
            ))
        }
    }
}

/// JSON equality as JSON Schema has it: numbers by value, object members in any order.
pub fn json_equal(a: &crate::Document, b: &crate::Document) -> bool {
    use crate::Document as D;
    match (a, b) {
        (D::Number(x), D::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (D::Array(xs), D::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| json_equal(x, y))
        }
        (D::Object(xs), D::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

/// The numeric bounds of a type (as in its schema).
#[derive(Debug, Clone, Copy, Default)]
pub struct Bounds {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

/// Whether `value` is a multiple of `of`, exactly where the numbers allow: integers by their
/// remainder (exact for doubles), decimals (`0.01`) by scaling both to integers by the power of
/// ten that `of`'s shortest decimal form needs; a tolerance of a few units in the last place only
/// for what is left (`of` with more than 15 decimals, or a scaled value that overflows).
fn is_multiple(value: f64, of: f64) -> bool {
    if of == 0.0 || value == 0.0 {
        return true;
    }
    if !value.is_finite() || !of.is_finite() {
        return false;
    }
    if value.fract() == 0.0 && of.fract() == 0.0 {
        return value % of == 0.0;
    }
    let close = |x: f64| (x - x.round()).abs() <= x.abs() * 4.0 * f64::EPSILON;
    let decimals = format!("{of}").split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 15 {
        // `of` is m / 10^d exactly as written; `value` is a multiple when value · 10^d is one of m.
        let scale = 10f64.powi(decimals as i32);
        let m = (of.abs() * scale).round();
        if value.fract() == 0.0 && m < 9_007_199_254_740_992.0 {
            // An integer: (value mod m) · (10^d mod m) mod m, in exact integer arithmetic (`%`
            // of two floats is exact), however large the value.
            let m = m as u128;
            let r = (value.abs() % m as f64) as u128;
            return (r * (10u128.pow(decimals as u32) % m)).is_multiple_of(m);
        }
        let v = value * scale;
        if v.is_finite() {
            return close(v) && v.round() % m == 0.0;
        }
    }
    close(value / of)
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn quoted(value: &str) -> String {
    let shown: String = value.chars().take(64).collect();
    let more = if value.chars().count() > 64 {
        "…"
    } else {
        ""
    };
    format!("{shown:?}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    static USERNAME: Pattern = Pattern::new(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+");
    static BUCKET: Pattern = Pattern::new(r"^[0-9A-Za-z\.\-_]*(?<!\.)$");

    #[test]
    fn patterns_are_unicode_and_unanchored() {
        let check = Check::new("UsernameType", false);
        assert!(check.pattern("hello", &USERNAME).is_ok());
        assert!(check.pattern("héllo", &USERNAME).is_ok());
        assert!(
            check.pattern("  x  ", &USERNAME).is_ok(),
            "unanchored: a match anywhere"
        );
        let err = check.pattern("   ", &USERNAME).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"UsernameType: "   " does not match pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`"#
        );
    }

    #[test]
    fn lookbehind_works() {
        let check = Check::new("S3BucketType", false);
        assert!(check.pattern("name", &BUCKET).is_ok());
        assert!(check.pattern("name.", &BUCKET).is_err());
    }

    #[test]
    fn lengths_count_characters() {
        let check = Check::new("T", false);
        assert!(check.length("é", Some(1), Some(1)).is_ok());
        let err = check.length("éé", None, Some(1)).unwrap_err();
        assert_eq!(err.rule(), "is 2 characters long, more than maxLength 1");
    }

    #[test]
    fn sensitive_values_stay_out_of_errors() {
        let check = Check::new("PasswordType", true);
        let err = check.length("hunter2", Some(8), None).unwrap_err();
        assert_eq!(err.value(), None);
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert_eq!(format!("{:?}", Redacted), "<redacted>");
    }

    #[test]
    fn numbers_lists_and_enums() {
        let check = Check::new("N", false);
        let b = Bounds {
            minimum: Some(6.0),
            maximum: Some(99.0),
            ..Bounds::default()
        };
        assert!(check.range(6.0, || "6".into(), &b).is_ok());
        let err = check.range(100.0, || "100".into(), &b).unwrap_err();
        assert_eq!(err.to_string(), "N: 100 is greater than maximum 99");
        let m = Bounds {
            multiple_of: Some(0.5),
            exclusive_minimum: Some(0.0),
            ..Bounds::default()
        };
        assert!(check.range(1.5, || "1.5".into(), &m).is_ok());
        assert!(check.range(1.25, || "1.25".into(), &m).is_err());
        assert!(check.range(0.0, || "0".into(), &m).is_err());
        assert!(check.count(0, Some(1), None, "items").is_err());
        assert!(check.unique(&[1, 2, 1]).is_err());
        assert!(check.unique(&[1, 2, 3]).is_ok());
        let nan = Bounds {
            minimum: Some(0.0),
            ..Bounds::default()
        };
        assert!(check.range(f64::NAN, || "NaN".into(), &nan).is_err());
        assert!(check.range(f64::INFINITY, || "inf".into(), &nan).is_err());
        let two = Bounds {
            multiple_of: Some(2.0),
            ..Bounds::default()
        };
        assert!(
            check
                .range(1_000_000_001.0, || "1000000001".into(), &two)
                .is_err()
        );
        assert!(
            check
                .range(1_000_000_002.0, || "1000000002".into(), &two)
                .is_ok()
        );
        for (value, of, expected) in [
            (0.0075, 0.0001, true),
            (0.00751, 0.0001, false),
            (19.99, 0.01, true),
            (4.5, 1.5, true),
            (35.0, 1.5, false),
            (1e308, 0.5, true),
            (1e308, 3.0, false),
            (9_007_199_254_740_993.0, 2.0, true),
            (0.3, 0.1, true),
            (5.413_337_565_965_213e299, 0.5, true),
            (1.294_867_979_907_944_6e66, 0.5, true),
            (3.0, 0.75, true),
            (1e20, 0.3, false),
        ] {
            assert_eq!(is_multiple(value, of), expected, "{value} multiple of {of}");
        }
        assert!(check.one_of("2", &["1", "2"]).is_ok());
        let v: crate::Document = serde_json::json!({"a": [1.0, "x"], "b": null});
        assert!(
            check
                .one_of_json(&v, &["false", r#"{"b": null, "a": [1, "x"]}"#])
                .is_ok()
        );
        assert!(
            check
                .one_of_json(&serde_json::json!(false), &["0", "[false]"])
                .is_err()
        );
        assert!(check.one_of("3", &["1", "2"]).is_err());
    }

    #[test]
    fn a_pattern_that_does_not_compile_fails_the_check_without_panicking() {
        static BAD: Pattern = Pattern::new("(?s).*");
        assert!(Check::new("T", false).pattern("x", &BAD).is_err());
    }
}
