//! Strategies for the values of primitives within their rules: strings (free, by length),
//! integers and doubles within bounds and steps, timestamps, base64 blobs, map keys and any JSON.

use codegen::ir::{Constraints, Primitive};
use proptest::prelude::*;
use serde_json::{Number, Value};

use super::{LENGTH_WINDOW, parse_exact};

/// A string's rules, checked the way JSON Schema does: length in characters, each pattern an
/// unanchored ECMA-262 match.
pub(super) struct StringCheck {
    pub(super) lo: u64,
    pub(super) hi: u64,
    pub(super) patterns: Vec<regress::Regex>,
}

impl StringCheck {
    pub(super) fn accepts(&self, s: &str) -> bool {
        let n = s.chars().count() as u64;
        self.lo <= n && n <= self.hi && self.patterns.iter().all(|re| re.find(s).is_some())
    }
}

/// Characters for free text: mostly printable ASCII, some of anything, and the ones JSON must
/// escape or that are easy to get wrong.
pub(super) fn text_char() -> BoxedStrategy<char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        2 => any::<char>(),
        1 => proptest::sample::select(vec![
            '"', '\\', '/', '\n', '\r', '\t', '\u{0}', '\u{8}', '\u{c}', '\u{1f}', '\u{7f}',
            '\u{85}', '\u{a0}', '\u{2028}', '\u{2029}', '\u{feff}', 'é', 'ß', '€', '日', '😀',
        ]),
    ]
    .boxed()
}

/// A string of free text.
pub(super) fn free_string() -> BoxedStrategy<String> {
    proptest::collection::vec(text_char(), 0..=12)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// Free text of `lo..=hi` characters: usually near the minimum, sometimes exactly at a bound.
pub(super) fn length_string(lo: u64, hi: u64) -> BoxedStrategy<String> {
    let window_hi = hi.min(lo.saturating_add(LENGTH_WINDOW));
    let of_len = |a: u64, b: u64| {
        proptest::collection::vec(text_char(), (a as usize)..=(b as usize))
            .prop_map(|cs| cs.into_iter().collect::<String>())
            .boxed()
    };
    let mut choices = vec![(8, of_len(lo, window_hi)), (1, of_len(lo, lo))];
    if hi <= 4096 {
        choices.push((1, of_len(hi, hi)));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

/// The simple generator for patterns the regex strategy cannot serve: short word-ish strings,
/// to be filtered by the pattern.
pub(super) fn fallback_string(lo: u64, hi: u64) -> BoxedStrategy<String> {
    let window_hi = hi.min(lo.saturating_add(LENGTH_WINDOW));
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => proptest::char::range('0', '9'),
            1 => proptest::char::range('A', 'Z'),
            1 => proptest::char::range(' ', '~'),
        ],
        (lo as usize)..=(window_hi as usize),
    )
    .prop_map(|cs| cs.into_iter().collect())
    .boxed()
}

/// Map keys: free text, the empty key included.
pub(super) fn map_key() -> BoxedStrategy<String> {
    proptest::collection::vec(text_char(), 0..=8)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// Values of a primitive within its rules (strings go through [`Instances::string_strategy`]
/// when they have rules; here only their length is honoured).
pub(super) fn primitive(p: Primitive, c: &Constraints) -> BoxedStrategy<Value> {
    match p {
        Primitive::String => {
            length_string(c.min_length.unwrap_or(0), c.max_length.unwrap_or(u64::MAX))
                .prop_map(Value::String)
                .boxed()
        }
        Primitive::I32 => integer(c, i64::from(i32::MIN), i64::from(i32::MAX)),
        Primitive::I64 => integer(c, i64::MIN, i64::MAX),
        Primitive::F64 => double(c),
        Primitive::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Primitive::Timestamp => timestamp(),
        Primitive::Blob => proptest::collection::vec(any::<u8>(), 0..=24)
            .prop_map(|bytes| Value::String(base64(&bytes)))
            .boxed(),
        // A value of the listed ones (JSON texts), or any JSON when none are listed.
        Primitive::Json if !c.enum_values.is_empty() => {
            let values: Vec<Value> = c
                .enum_values
                .iter()
                .map(|t| serde_json::from_str(t).expect("enum values are JSON texts"))
                .collect();
            proptest::sample::select(values).boxed()
        }
        // Rules without a type: booleans and `null` pass all of them; without rules any JSON.
        Primitive::Json if c.checks() => {
            proptest::sample::select(vec![Value::Null, Value::Bool(true), Value::Bool(false)])
                .boxed()
        }
        Primitive::Json => any_json(),
    }
}

/// The smallest integer ≥ `x` (or > `x` when exclusive), clamped to `lo..=hi`.
pub(super) fn lower_bound(x: f64, exclusive: bool, lo: i64, hi: i64) -> i64 {
    let b = if exclusive { x.floor() + 1.0 } else { x.ceil() };
    if b <= lo as f64 {
        lo
    } else if b >= hi as f64 {
        hi
    } else {
        b as i64
    }
}

/// The largest integer ≤ `x` (or < `x` when exclusive), clamped to `lo..=hi`.
pub(super) fn upper_bound(x: f64, exclusive: bool, lo: i64, hi: i64) -> i64 {
    let b = if exclusive { x.ceil() - 1.0 } else { x.floor() };
    if b <= lo as f64 {
        lo
    } else if b >= hi as f64 {
        hi
    } else {
        b as i64
    }
}

/// Integers within the rules and within `lo..=hi` (the Rust type's range).
pub(super) fn integer(c: &Constraints, lo: i64, hi: i64) -> BoxedStrategy<Value> {
    let mut min = lo;
    let mut max = hi;
    if let Some(m) = c.minimum {
        min = min.max(lower_bound(m, false, lo, hi));
    }
    if let Some(m) = c.exclusive_minimum {
        min = min.max(lower_bound(m, true, lo, hi));
    }
    if let Some(m) = c.maximum {
        max = max.min(upper_bound(m, false, lo, hi));
    }
    if let Some(m) = c.exclusive_maximum {
        max = max.min(upper_bound(m, true, lo, hi));
    }
    assert!(min <= max, "no integer in {min}..={max} ({c:?})");
    if let Some(step) = c.multiple_of.filter(|s| *s >= 1.0 && s.fract() == 0.0) {
        let step = step as i64;
        let k_min = min.div_euclid(step) + i64::from(min.rem_euclid(step) != 0);
        let k_max = max.div_euclid(step);
        assert!(k_min <= k_max, "no multiple of {step} in {min}..={max}");
        return (k_min..=k_max)
            .prop_map(move |k| Value::from(k * step))
            .boxed();
    }
    let small_lo = min.max(-1000);
    let small_hi = max.min(1000);
    let mut choices = vec![
        (4, (min..=max).boxed()),
        (1, Just(min).boxed()),
        (1, Just(max).boxed()),
    ];
    if small_lo <= small_hi {
        choices.push((4, (small_lo..=small_hi).boxed()));
    }
    proptest::strategy::Union::new_weighted(choices)
        .prop_map(Value::from)
        .boxed()
}

/// A JSON number from decimal text: exactly the double nearest to it.
pub(super) fn number(text: &str) -> Value {
    let v = parse_exact(text).unwrap_or_else(|e| panic!("{text} is a number: {e}"));
    assert!(v.is_number(), "{text} is a number");
    v
}

/// Finite doubles within the rules: short decimals (up to 13 significant digits), and doubles
/// of full precision (their shortest text has up to 17 digits).
pub(super) fn double(c: &Constraints) -> BoxedStrategy<Value> {
    let short = short_double(c);
    let c = c.clone();
    let full = (proptest::num::f64::POSITIVE
        | proptest::num::f64::NEGATIVE
        | proptest::num::f64::NORMAL
        | proptest::num::f64::SUBNORMAL
        | proptest::num::f64::ZERO)
        .prop_filter("double within its bounds", move |v| {
            v.is_finite()
                && c.minimum.is_none_or(|m| *v >= m)
                && c.maximum.is_none_or(|m| *v <= m)
                && c.exclusive_minimum.is_none_or(|m| *v > m)
                && c.exclusive_maximum.is_none_or(|m| *v < m)
                && c.multiple_of.is_none_or(|m| (v / m).fract() == 0.0)
        })
        .prop_map(|v| Value::Number(Number::from_f64(v).expect("finite")));
    prop_oneof![2 => short, 1 => full].boxed()
}

/// Finite doubles with at most 13 significant digits, within the rules.
pub(super) fn short_double(c: &Constraints) -> BoxedStrategy<Value> {
    let lo = c.minimum.or(c.exclusive_minimum).unwrap_or(-1.0e12);
    let hi = c.maximum.or(c.exclusive_maximum).unwrap_or(1.0e12);
    let (elo, ehi) = (c.exclusive_minimum.is_some(), c.exclusive_maximum.is_some());
    let (lo, hi) = (lo.max(-1.0e12), hi.min(1.0e12));
    let scales = 0..=3u32;
    let c = c.clone();
    (scales, any::<u64>())
        .prop_map(move |(k, r)| {
            let scale = 10f64.powi(k as i32);
            let (a, b) = ((lo * scale).ceil(), (hi * scale).floor());
            if a > b {
                return lo;
            }
            let span = (b - a) as u64;
            let n = a + (r % span.saturating_add(1)) as f64;
            n / scale
        })
        .prop_filter("double within its bounds", move |v| {
            let ok_lo = if elo { *v > lo } else { *v >= lo };
            let ok_hi = if ehi { *v < hi } else { *v <= hi };
            let ok_step = c.multiple_of.is_none_or(|m| (v / m).fract() == 0.0);
            ok_lo && ok_hi && ok_step
        })
        .prop_map(|v| number(&v.to_string()))
        .boxed()
}

/// Timestamps as awsJson writes them: epoch seconds, whole or with milliseconds. Mostly recent
/// dates; some anywhere from 1900 to 2100, some within seconds of the epoch (either side),
/// where a double has the most fraction digits to get wrong.
pub(super) fn timestamp() -> BoxedStrategy<Value> {
    let with_millis = |secs: std::ops::RangeInclusive<i64>| {
        (secs, 1..=999u32)
            .prop_map(|(s, ms)| {
                let sign = if s < 0 { "-" } else { "" };
                number(&format!("{sign}{}.{ms:03}", s.unsigned_abs()))
            })
            .boxed()
    };
    prop_oneof![
        3 => (946_684_800..=2_208_988_800_i64).prop_map(Value::from),
        1 => (-2_208_988_800..=4_102_444_800_i64).prop_map(Value::from),
        3 => with_millis(946_684_800..=2_208_988_800),
        1 => with_millis(-2_208_988_800..=4_102_444_800),
        2 => with_millis(-3..=3),
    ]
    .boxed()
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A small JSON value of any kind (never `null` at the top: see [`Instances::member_value`]).
pub(super) fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1000..=1000i64).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (any::<i32>(), 0..=6u32)
            .prop_map(|(n, k)| number(&(f64::from(n) / 10f64.powi(k as i32)).to_string())),
        (-1.0e6..1.0e6f64).prop_map(|f| Value::Number(Number::from_f64(f).expect("finite"))),
        free_string().prop_map(Value::String),
    ];
    let tree = leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..=3).prop_map(Value::Array),
            proptest::collection::vec((map_key(), inner), 0..=3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    });
    tree.prop_filter("not null at the top", |v| !v.is_null())
        .boxed()
}
