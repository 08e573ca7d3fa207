//! Hashes that equal values share, for `uniqueItems` in linear time: a value tree's (members
//! and entries in any order, numbers by value) and a JSON value's (as `json_equal` compares
//! them: numbers by value, members in any order). Two values with one hash are then compared
//! exactly; a hash only sorts them into buckets.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::Document;
use crate::value::ValueRef;

/// A number by its value: `1`, `1.0` and `-0.0`/`0.0` alike.
fn number(n: f64, h: &mut DefaultHasher) {
    3u8.hash(h);
    let n = if n == 0.0 { 0.0 } else { n };
    n.to_bits().hash(h);
}

/// An unordered collection of `(key, value hash)`: the sum of each pair's hash.
fn unordered<'k>(pairs: impl Iterator<Item = (&'k str, u64)>, h: &mut DefaultHasher) {
    let sum = pairs.fold(0u64, |acc, (k, v)| {
        let mut pair = DefaultHasher::new();
        k.hash(&mut pair);
        v.hash(&mut pair);
        acc.wrapping_add(pair.finish())
    });
    4u8.hash(h);
    sum.hash(h);
}

/// The hash of a value tree.
pub(crate) fn tree(v: ValueRef<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    match v {
        ValueRef::Structure(members) | ValueRef::Map(members) => {
            unordered(members.map(|(k, x)| (k, tree(x))), &mut h);
        }
        ValueRef::List(items) => {
            5u8.hash(&mut h);
            for x in items {
                tree(x).hash(&mut h);
            }
        }
        ValueRef::String(s) | ValueRef::Enum(s) => {
            6u8.hash(&mut h);
            s.hash(&mut h);
        }
        ValueRef::Integer(n) => number(f64::from(n), &mut h),
        ValueRef::Long(n) => number(n as f64, &mut h),
        ValueRef::Double(d) => number(d, &mut h),
        ValueRef::Boolean(b) => b.hash(&mut h),
        ValueRef::Timestamp(t) => t.hash(&mut h),
        ValueRef::Blob(b) => b.hash(&mut h),
        ValueRef::Document(d) => return json(d),
    }
    h.finish()
}

/// The hash of a JSON value.
pub(crate) fn json(v: &Document) -> u64 {
    let mut h = DefaultHasher::new();
    match v {
        Document::Null => 0u8.hash(&mut h),
        Document::Bool(b) => b.hash(&mut h),
        Document::Number(n) => number(n.as_f64().unwrap_or(f64::NAN), &mut h),
        Document::String(s) => {
            6u8.hash(&mut h);
            s.hash(&mut h);
        }
        Document::Array(items) => {
            5u8.hash(&mut h);
            for x in items {
                json(x).hash(&mut h);
            }
        }
        Document::Object(members) => {
            unordered(members.iter().map(|(k, x)| (k.as_str(), json(x))), &mut h)
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IndexMap, ToValue};

    #[test]
    fn equal_values_hash_alike() {
        let a: Document = serde_json::json!({"x": 1, "y": [1.0, "s"]});
        let b: Document = serde_json::json!({"y": [1, "s"], "x": 1.0});
        assert_eq!(json(&a), json(&b));
        assert_ne!(json(&a), json(&serde_json::json!({"x": 2, "y": [1, "s"]})));
        let m1: IndexMap<String, i64> = [("a".into(), 1), ("b".into(), 2)].into_iter().collect();
        let m2: IndexMap<String, i64> = [("b".into(), 2), ("a".into(), 1)].into_iter().collect();
        assert_eq!(m1, m2);
        assert_eq!(tree(m1.to_value().view()), tree(m2.to_value().view()));
        assert_eq!(
            tree(0.0f64.to_value().view()),
            tree((-0.0f64).to_value().view())
        );
    }

    #[test]
    fn unique_items_take_linear_time() {
        let check = crate::Check::new("T", false);
        let items: Vec<i64> = (0..100_000).collect();
        let t = std::time::Instant::now();
        assert!(check.unique(&items).is_ok());
        let docs: Vec<Document> = (0..100_000).map(|i| serde_json::json!({"n": i})).collect();
        assert!(check.unique_json(&docs).is_ok());
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            t.elapsed()
        );
        let mut repeated = items.clone();
        repeated.push(5);
        assert!(
            check
                .unique(&repeated)
                .unwrap_err()
                .to_string()
                .contains("repeats item 5 at 100000")
        );
    }
}
