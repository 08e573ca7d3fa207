//! The statements of a `validate` function: one shared runtime check per rule of the schema
//! (`rt::Check`: lengths, patterns, bounds, sizes, uniqueness, enumerations).
//!
//! Takes: a type's [`Constraints`] (and, for a value of no single kind, its primitive). Gives:
//! the statements that check each rule on `value`, each failing with `?`.

use crate::ir::{Constraints, Newtype, Primitive};

use super::syntax::tree::FieldValue;
use super::syntax::{Expr, Item, Stmt, Ty, lit};

/// `CHECK.rule(args)?;`.
fn check(rule: &'static str, args: Vec<Expr>) -> Stmt {
    Stmt::tried(Expr::atom("CHECK").method(rule, args))
}

/// `const CHECK: rt::Check = rt::Check::new("Name", sensitive);`
pub fn check_const(name: &str, sensitive: bool) -> Stmt {
    let value = Expr::call(
        "rt::Check::new",
        vec![Expr::atom(lit(name)), Expr::atom(sensitive.to_string())],
    );
    Stmt::item(Item::constant("CHECK", Ty::path("rt::Check"), value))
}

/// `Some(n)` or `None`.
fn opt(v: Option<impl ToString>) -> Expr {
    match v {
        Some(x) => Expr::atom(x.to_string()).some(),
        None => Expr::atom("None"),
    }
}

/// An `f64` literal (always with a `.`), or nothing for a value that is not finite.
fn float(x: f64) -> Option<String> {
    x.is_finite().then(|| {
        let mut s = x.to_string();
        if !s.contains('.') {
            s.push_str(".0");
        }
        s
    })
}

/// The body of a primitive newtype's `validate` (before `Ok(())`): one shared runtime check per
/// rule.
pub fn primitive_checks(name: &str, n: &Newtype) -> Vec<Stmt> {
    let c = &n.constraints;
    let mut body = vec![check_const(name, c.sensitive)];
    match n.primitive {
        Primitive::String => body.extend(string_checks(c)),
        Primitive::I32 => body.extend(number_checks(c, "f64::from(value)")),
        Primitive::I64 => body.extend(number_checks(c, "value as f64")),
        Primitive::F64 => body.extend(number_checks(c, "value")),
        Primitive::Json => body.extend(json_checks(c)),
        Primitive::Bool | Primitive::Timestamp | Primitive::Blob => {}
    }
    if !c.enum_values.is_empty() {
        body.extend(enum_check(n.primitive, c));
    }
    body
}

/// `enum`/`const` on a value: compared as JSON (values of several kinds, arrays, objects), by
/// binary search (a string enum too large for a Rust enum), or as text.
fn enum_check(p: Primitive, c: &Constraints) -> Vec<Stmt> {
    let listed =
        |values: &[String]| Expr::slice(values.iter().map(|v| Expr::atom(lit(v))).collect());
    match p {
        Primitive::Json => vec![check(
            "one_of_json",
            vec![Expr::atom("value"), listed(&c.enum_values)],
        )],
        Primitive::String => {
            let mut allowed: Vec<String> = c
                .enum_values
                .iter()
                .filter_map(|t| serde_json::from_str::<String>(t).ok())
                .collect();
            allowed.sort();
            allowed.dedup();
            let constant =
                Item::constant("ALLOWED", Ty::slice_ref(Ty::path("&str")), listed(&allowed));
            vec![
                Stmt::item(constant),
                check(
                    "one_of_sorted",
                    vec![Expr::atom("value"), Expr::atom("ALLOWED")],
                ),
            ]
        }
        _ => {
            let text = Expr::atom("&value").method("to_string", vec![]);
            vec![check("one_of", vec![text, listed(&c.enum_values)])]
        }
    }
}

/// `minLength`, `maxLength` and `pattern` on a string `value`.
fn string_checks(c: &Constraints) -> Vec<Stmt> {
    let mut body = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let args = vec![Expr::atom("value"), opt(c.min_length), opt(c.max_length)];
        body.push(check("length", args));
    }
    for (i, p) in c.patterns.iter().enumerate() {
        let name = format!("PATTERN_{i}");
        let value = Expr::call("rt::Pattern::new", vec![Expr::atom(lit(p))]);
        let mut pattern = Item::constant(name.clone(), Ty::path("rt::Pattern"), value);
        if let super::syntax::ItemKind::Const(c) = &mut pattern.kind {
            c.is_static = true;
        }
        body.push(Stmt::item(pattern));
        body.push(check(
            "pattern",
            vec![Expr::atom("value"), Expr::atom(format!("&{name}"))],
        ));
    }
    body
}

/// The numeric bounds on a number `value`, as `f64` through `as_f64`.
fn number_checks(c: &Constraints, as_f64: &'static str) -> Vec<Stmt> {
    let bounds = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
        ("multiple_of", c.multiple_of),
    ];
    if bounds.iter().all(|(_, v)| v.is_none()) {
        return Vec::new();
    }
    let fields = bounds
        .iter()
        .map(|(field, v)| FieldValue::new(*field, opt(v.and_then(float))))
        .collect();
    let constant = Item::constant(
        "BOUNDS",
        Ty::path("rt::Bounds"),
        Expr::structure("rt::Bounds", fields),
    );
    let args = vec![
        Expr::atom(as_f64),
        Expr::Closure(
            "||".into(),
            Box::new(Expr::atom("value").method("to_string", vec![])),
        ),
        Expr::atom("&BOUNDS"),
    ];
    vec![Stmt::item(constant), check("range", args)]
}

/// `CHECK.count(len, min, max, "items"|"entries")`: `min/maxItems` or `min/maxProperties`.
pub fn count(len: Expr, min: Option<u64>, max: Option<u64>, what: &str) -> Expr {
    Expr::atom("CHECK").method(
        "count",
        vec![len, opt(min), opt(max), Expr::atom(lit(what))],
    )
}

/// [`count`]`?;`.
fn count_check(len: Expr, min: Option<u64>, max: Option<u64>, what: &str) -> Stmt {
    Stmt::tried(count(len, min, max, what))
}

/// `value.len()`.
fn value_len() -> Expr {
    Expr::atom("value").method("len", vec![])
}

/// The size and uniqueness rules of a collection `value`.
pub fn collection_checks(
    min: Option<u64>,
    max: Option<u64>,
    what: &str,
    unique: bool,
) -> Vec<Stmt> {
    let mut body = Vec::new();
    if min.is_some() || max.is_some() {
        body.push(count_check(value_len(), min, max, what));
    }
    if unique {
        body.push(check("unique", vec![Expr::atom("value")]));
    }
    body
}

/// The rules of a schema without a `type` on a JSON `value`: each on the values of its kind
/// (strings, numbers, arrays, objects); a value of another kind passes it.
fn json_checks(c: &Constraints) -> Vec<Stmt> {
    let mut body = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() || !c.patterns.is_empty() {
        body.push(Stmt::IfLet(
            String::from("rt::Document::String(value)"),
            Expr::atom("value"),
            string_checks(c),
        ));
    }
    let bounded = [
        c.minimum,
        c.maximum,
        c.exclusive_minimum,
        c.exclusive_maximum,
        c.multiple_of,
    ];
    if bounded.iter().any(Option::is_some) {
        body.push(Stmt::IfLet(
            String::from("Some(value)"),
            Expr::atom("value").method("as_f64", vec![]),
            number_checks(c, "value"),
        ));
    }
    if c.min_items.is_some() || c.max_items.is_some() || c.unique_items {
        let mut inner = Vec::new();
        if c.min_items.is_some() || c.max_items.is_some() {
            inner.push(count_check(value_len(), c.min_items, c.max_items, "items"));
        }
        if c.unique_items {
            inner.push(check("unique_json", vec![Expr::atom("value")]));
        }
        body.push(Stmt::IfLet(
            String::from("rt::Document::Array(value)"),
            Expr::atom("value"),
            inner,
        ));
    }
    if c.min_properties.is_some() || c.max_properties.is_some() {
        let count = count_check(value_len(), c.min_properties, c.max_properties, "entries");
        body.push(Stmt::IfLet(
            String::from("rt::Document::Object(value)"),
            Expr::atom("value"),
            vec![count],
        ));
    }
    body
}
