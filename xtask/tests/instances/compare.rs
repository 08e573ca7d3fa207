//! JSON read and compared as the tests need: numbers by value, exactly.

use serde_json::{Number, Value};

/// Parses JSON text with every number read exactly: `serde_json` with its `float_roundtrip`
/// feature (which this package's manifest turns on) reads each double correctly rounded; without
/// it some 17-digit numbers are one ulp off, and a test comparing through it would blame the code
/// under test for its own misreading.
pub fn parse_exact(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Whether two JSON documents are equal: object members in any order, numbers by value
/// (`1 == 1.0`; integers exactly).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    first_difference(a, b).is_none()
}

/// The JSON path of the first place where `b` differs from `a`, with both values there.
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, path: &mut String) -> Option<String> {
        let here = |path: &str| Some(format!("{path}: expected {a}, found {b}"));
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let same = match (as_int(x), as_int(y)) {
                    (Some(i), Some(j)) => i == j,
                    _ => x.as_f64() == y.as_f64(),
                };
                if same { None } else { here(path) }
            }
            (Value::Array(xs), Value::Array(ys)) => {
                if xs.len() != ys.len() {
                    return here(path);
                }
                for (n, (x, y)) in xs.iter().zip(ys).enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{n}]"));
                    let d = walk(x, y, path);
                    path.truncate(len);
                    if d.is_some() {
                        return d;
                    }
                }
                None
            }
            (Value::Object(xs), Value::Object(ys)) => {
                for (k, x) in xs {
                    let len = path.len();
                    path.push_str(&format!("[{}]", Value::String(k.clone())));
                    let d = match ys.get(k) {
                        Some(y) => walk(x, y, path),
                        None => Some(format!("{path}: missing (expected {x})")),
                    };
                    path.truncate(len);
                    if d.is_some() {
                        return d;
                    }
                }
                ys.keys()
                    .find(|k| !xs.contains_key(*k))
                    .map(|k| format!("{path}[{}]: unexpected member", Value::String(k.clone())))
            }
            _ => {
                if a == b {
                    None
                } else {
                    here(path)
                }
            }
        }
    }
    walk(a, b, &mut String::from("$"))
}

fn as_int(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}
