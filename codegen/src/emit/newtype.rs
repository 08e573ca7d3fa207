//! A named primitive with rules or a secret, and a checked list or map → a newtype, with all
//! of its impls.
//!
//! Takes: a [`Newtype`] or a [`Collection`] with its [`ShapeId`]. Gives: the documented newtype,
//! its constructor `new` (fallible, with `validate`, when the schema's rules must be checked:
//! one shared runtime check per rule), accessors, the conversions (`TryFrom`/`From`, and for a
//! string `FromStr`, `AsRef<str>`), `Display` unless it is a secret, a redacting `Debug` when it
//! is, and the wire impls (the value inside, checked when read); all but the constructor and
//! accessors as one-line calls of the runtime's macros.

use crate::ir::{Collection, Constraints, Newtype, Primitive, ShapeId, ShapeKind, TypeRef};

use super::types::{Ctx, primitive};
use super::writer::{Code, Writer, token_lit};

/// Writes the primitive newtype `id` and its impls.
pub fn write(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, n: &Newtype) {
    let name = cx.names.ty(id);
    let c = &n.constraints;
    let inner = primitive(n.primitive);
    w.doc(&cx.shape_doc(id, "value", &[], Some(c)));
    let derives = match n.primitive {
        Primitive::String | Primitive::Blob => "Clone, PartialEq, Eq, Hash",
        Primitive::Json => "Clone, PartialEq",
        Primitive::Bool => "Clone, Copy, PartialEq, Eq, Hash",
        Primitive::F64 => "Clone, Copy, PartialEq, PartialOrd",
        Primitive::I32 | Primitive::I64 | Primitive::Timestamp => {
            "Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord"
        }
    };
    let debug = if c.sensitive { "" } else { "Debug, " };
    w.line_of(&["#[derive(", debug, derives, ")]"]);
    tuple_struct(w, name, inner);
    w.blank();
    // The check against the schema as a whole: in `validate` for a value that turns into JSON
    // as it is, else (dates, bytes) only when read.
    let schema = cx.schema_check(id);
    let on_new = cx.schema_checked_on_new(id);
    let checked = c.checks() || on_new;
    w.open(&format!("impl {name}"));
    constructor(w, name, n, checked, schema.as_deref().filter(|_| on_new));
    w.blank();
    accessors(w, n.primitive);
    w.close("");
    w.blank();
    let kind = match n.primitive {
        Primitive::String => Inner::String,
        Primitive::Blob | Primitive::Timestamp | Primitive::Json => Inner::Other(inner),
        _ => Inner::Displayed(inner),
    };
    conversions(w, name, kind, checked, c.sensitive);
    let read_schema = schema.as_deref().filter(|_| !on_new);
    let checked_inner = format!("checked {inner}");
    inner_impls(
        w,
        name,
        checked.then_some(checked_inner.as_str()),
        read_schema,
        c.sensitive,
    );
}

/// `new` (and `validate` when the value is `checked`: its rules, and the schema check when it
/// is done on construction).
fn constructor(w: &mut Writer, name: &str, n: &Newtype, checked: bool, schema: Option<&str>) {
    let c = &n.constraints;
    let inner = primitive(n.primitive);
    // What the constructor takes, and how the value is borrowed for `validate`.
    let (input, into, by_ref, borrow) = match n.primitive {
        Primitive::String => ("impl Into<String>", true, "&str", "&value"),
        Primitive::Blob => ("impl Into<rt::Blob>", true, "&rt::Blob", "&value"),
        Primitive::Json => ("impl Into<rt::Document>", true, "&rt::Document", "&value"),
        _ => (inner, false, inner, "value"),
    };
    if checked {
        let secret = if c.sensitive {
            " (never the value: it is secret)"
        } else {
            ""
        };
        w.doc(&crate::text::wrap(
            &format!(
                "Wraps a value after checking it against the schema's rules; the error names the \
                 rule it breaks{secret}."
            ),
            super::types::DOC_WIDTH,
        ));
        signature(
            w,
            "new",
            &format!("value: {input}"),
            "Result<Self, rt::ValidationError>",
        );
        if into {
            w.line("let value = value.into();");
        }
        w.line_of(&["Self::validate(", borrow, ")?;"]);
        w.line("Ok(Self(value))");
        w.close("");
        w.blank();
        w.line("/// Checks a value against the schema's rules without wrapping it.");
        signature(
            w,
            "validate",
            &format!("value: {by_ref}"),
            "Result<(), rt::ValidationError>",
        );
        primitive_checks(w, name, n);
        if let Some(schema) = schema {
            let json = if n.primitive == Primitive::Json {
                "value"
            } else {
                "&rt::Document::from(value)"
            };
            w.line_of(&["CHECK.schema(&", schema, ", ", json, ")?;"]);
        }
        w.line("Ok(())");
        w.close("");
    } else {
        w.line("/// Wraps a value (the schema puts no rules on it).");
        signature(w, "new", &format!("value: {input}"), "Self");
        w.line(if into {
            "Self(value.into())"
        } else {
            "Self(value)"
        });
        w.close("");
    }
}

/// The accessors of a primitive newtype: the value borrowed, and given back.
fn accessors(w: &mut Writer, p: Primitive) {
    let inner = primitive(p);
    match p {
        Primitive::String => {
            accessor(w, "The value.", "as_str", "&self", "&str", "&self.0");
            w.blank();
            accessor(
                w,
                "Gives the value back.",
                "into_inner",
                "self",
                "String",
                "self.0",
            );
        }
        Primitive::Blob => {
            accessor(
                w,
                "The bytes.",
                "as_bytes",
                "&self",
                "&[u8]",
                "self.0.as_bytes()",
            );
            w.blank();
            accessor(
                w,
                "Gives the value back.",
                "into_inner",
                "self",
                "rt::Blob",
                "self.0",
            );
        }
        Primitive::Json => {
            accessor(
                w,
                "The value.",
                "as_json",
                "&self",
                "&rt::Document",
                "&self.0",
            );
            w.blank();
            accessor(
                w,
                "Gives the value back.",
                "into_inner",
                "self",
                "rt::Document",
                "self.0",
            );
        }
        _ => accessor(w, "The value.", "get", "&self", inner, "self.0"),
    }
}

/// Writes the checked collection `id` and its impls.
pub fn write_collection(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, col: &Collection) {
    write_collection_noted(w, cx, id, col, Vec::new());
}

/// [`write_collection`] with more paragraphs for its documentation.
pub fn write_collection_noted(
    w: &mut Writer,
    cx: &Ctx<'_>,
    id: ShapeId,
    col: &Collection,
    mut notes: Vec<String>,
) {
    let name = cx.names.ty(id);
    let c = &col.constraints;
    // The items of a secret are held as `rt::Secret`s when their type is not a secret itself.
    let item = match &col.ty {
        TypeRef::List(item) | TypeRef::Map(item) => Some(cx.item_type(item, c.sensitive)),
        _ => None,
    };
    let inner = match (&col.ty, &item) {
        (TypeRef::List(_), Some(item)) => format!("Vec<{item}>"),
        (TypeRef::Map(_), Some(item)) => format!("rt::IndexMap<String, {item}>"),
        _ => cx.ty(&col.ty),
    };
    if c.sensitive && matches!(&col.ty, TypeRef::List(t) | TypeRef::Map(t) if !cx.is_secret(t)) {
        notes.push(String::from(
            "Its items are secrets: each is an [`rt::Secret`], whose `Debug` and errors leave it out.",
        ));
    }
    notes.extend(
        col.keys
            .map(|key| format!("Every key is a [`{}`].", cx.names.ty(key))),
    );
    w.doc(&cx.shape_doc(id, "collection", &notes, Some(c)));
    let (min, max, _) = size_rule(col);
    let debug = if c.sensitive { "" } else { "Debug, " };
    let default = if min.unwrap_or(0) == 0 {
        ", Default"
    } else {
        ""
    };
    w.line_of(&["#[derive(", debug, "Clone, PartialEq", default, ")]"]);
    tuple_struct(w, name, &inner);
    w.blank();
    let (by_ref, accessor_sig, accessor_doc) = match (&col.ty, &item) {
        (TypeRef::List(_), Some(item)) => (
            format!("&[{item}]"),
            ("as_slice", format!("&[{item}]")),
            "The items.",
        ),
        _ => (
            format!("&{inner}"),
            ("as_map", format!("&{inner}")),
            "The entries.",
        ),
    };
    w.open(&format!("impl {name}"));
    let checked = collection_constructor(w, cx, name, col, &inner, &by_ref);
    w.blank();
    accessor(
        w,
        accessor_doc,
        accessor_sig.0,
        "&self",
        &accessor_sig.1,
        "&self.0",
    );
    w.blank();
    accessor(
        w,
        "Gives the container back.",
        "into_inner",
        "self",
        &inner,
        "self.0",
    );
    w.close("");
    w.blank();
    conversions(w, name, Inner::Other(&inner), checked, c.sensitive);
    // The collection's own API: iterate, count, look up; add (checked when there are rules).
    let checked_arg = if checked { ", checked" } else { "" };
    match (&col.ty, &item) {
        (TypeRef::List(_), Some(item)) => {
            w.line_of(&["rt::impl_list!(", name, ", ", item, checked_arg, ");"]);
        }
        (TypeRef::Map(_), Some(value)) => {
            w.line_of(&["rt::impl_map!(", name, ", ", value, checked_arg, ");"]);
        }
        _ => {}
    }
    // With a size rule, reading checks the size before it reads the items.
    let how = if min.is_some() || max.is_some() {
        "counted"
    } else {
        "checked"
    };
    let checked_inner = format!("{how} {inner}");
    inner_impls(
        w,
        name,
        checked.then_some(checked_inner.as_str()),
        cx.schema_check(id).as_deref(),
        col.constraints.sensitive,
    );
}

/// A collection's size rule: `minItems`/`maxItems` of a list, `minProperties`/`maxProperties`
/// of a map, and what it counts.
fn size_rule(col: &Collection) -> (Option<u64>, Option<u64>, &'static str) {
    let c = &col.constraints;
    match col.ty {
        TypeRef::List(_) => (c.min_items, c.max_items, "items"),
        _ => (c.min_properties, c.max_properties, "entries"),
    }
}

/// A collection's `new`: with rules, fallible, beside `validate` (and `validate_count` for a
/// size rule). Whether there are rules.
fn collection_constructor(
    w: &mut Writer,
    cx: &Ctx<'_>,
    name: &str,
    col: &Collection,
    inner: &str,
    by_ref: &str,
) -> bool {
    let c = &col.constraints;
    let (min, max, what) = size_rule(col);
    let mut steps: Vec<(Code, &str)> = Vec::new();
    if min.is_some() || max.is_some() {
        steps.push((count_check(min, max, what), "?;"));
    }
    let unique = matches!(col.ty, TypeRef::List(_)) && c.unique_items;
    if unique {
        steps.push((check("unique", vec![Code::text("value")]), "?;"));
    }
    // `propertyNames`: every key checked as the named string newtype (when it has rules).
    let key_check = col.keys.filter(
        |&key| matches!(&cx.ir.shape(key).kind, ShapeKind::Newtype(n) if n.constraints.checks()),
    );
    let checked = !steps.is_empty() || key_check.is_some();
    if !checked {
        w.line("/// Wraps the container (the schema puts no rules on its size).");
        signature(w, "new", &format!("value: {inner}"), "Self");
        w.line("Self(value)");
        w.close("");
        return false;
    }
    w.line("/// Wraps the container after checking it against the schema's rules.");
    signature(
        w,
        "new",
        &format!("value: {inner}"),
        "Result<Self, rt::ValidationError>",
    );
    w.line("Self::validate(&value)?;");
    w.line("Ok(Self(value))");
    w.close("");
    w.blank();
    w.line("/// Checks a container against the schema's rules without wrapping it.");
    signature(
        w,
        "validate",
        &format!("value: {by_ref}"),
        "Result<(), rt::ValidationError>",
    );
    if !steps.is_empty() {
        check_const(w, name, c.sensitive);
    }
    for (step, suffix) in &steps {
        w.code("", step, suffix);
    }
    if let Some(key) = key_check {
        w.open("for key in value.keys()");
        w.line_of(&[cx.names.ty(key), "::validate(key)?;"]);
        w.close("");
    }
    w.line("Ok(())");
    w.close("");
    if min.is_some() || max.is_some() {
        w.blank();
        w.line("/// Checks the size rule alone: what reading does before it reads any item.");
        signature(
            w,
            "validate_count",
            "len: usize",
            "Result<(), rt::ValidationError>",
        );
        check_const(w, name, c.sensitive);
        let count = count_check_of(Code::text("len"), min, max, what);
        w.code("", &count, "");
        w.close("");
    }
    true
}

/// `pub struct Name(inner);`
fn tuple_struct(w: &mut Writer, name: &str, inner: &str) {
    w.code(
        "",
        &Code::list(format!("pub struct {name}("), vec![Code::ty(inner)], ")"),
        ";",
    );
}

/// `pub fn name(param) -> ret {` (`param` may be `&self`), broken where it does not fit; opens
/// the body.
fn signature(w: &mut Writer, name: &str, param: &str, ret: &str) {
    let signature = Code::Seq(vec![
        Code::list(format!("pub fn {name}("), vec![Code::ty(param)], ")"),
        Code::text(" -> "),
        Code::ty(ret),
    ]);
    w.code("", &signature, " {");
    w.indent();
}

/// A documented method whose body is one line.
fn accessor(w: &mut Writer, doc: &str, name: &str, param: &str, ret: &str, body: &str) {
    w.line_of(&["/// ", doc]);
    signature(w, name, param, ret);
    w.line(body);
    w.close("");
}

/// `CHECK.rule(args)`.
fn check(rule: &str, args: Vec<Code>) -> Code {
    Code::Chain(vec![
        Code::text("CHECK"),
        Code::list(format!(".{rule}("), args, ")"),
    ])
}

/// `const CHECK: rt::Check = rt::Check::new("Name", sensitive);`
fn check_const(w: &mut Writer, name: &str, sensitive: bool) {
    let args = vec![
        Code::text(token_lit(name)),
        Code::text(sensitive.to_string()),
    ];
    w.code(
        "const CHECK: rt::Check = ",
        &Code::list("rt::Check::new(", args, ")"),
        ";",
    );
}

/// `Some(x)` or `None`.
fn opt(v: Option<String>) -> Code {
    match v {
        Some(x) => Code::list("Some(", vec![Code::Text(x)], ")"),
        None => Code::text("None"),
    }
}

/// An `f64` literal as `proc_macro2` wrote one (always with a `.`).
fn float(x: f64) -> Option<String> {
    x.is_finite().then(|| {
        let mut s = x.to_string();
        if !s.contains('.') {
            s.push_str(".0");
        }
        s
    })
}

/// The body of a primitive newtype's `validate`: one shared runtime check per rule.
fn primitive_checks(w: &mut Writer, name: &str, n: &Newtype) {
    let c = &n.constraints;
    check_const(w, name, c.sensitive);
    match n.primitive {
        Primitive::String => string_checks(w, c),
        Primitive::I32 => number_checks(w, c, "f64::from(value)"),
        Primitive::I64 => number_checks(w, c, "value as f64"),
        Primitive::F64 => number_checks(w, c, "value"),
        Primitive::Json => json_checks(w, c),
        Primitive::Bool | Primitive::Timestamp | Primitive::Blob => {}
    }
    if c.enum_values.is_empty() {
        return;
    }
    if n.primitive == Primitive::Json {
        // Values of several kinds, arrays or objects: compared as JSON, numbers by value.
        let items = c
            .enum_values
            .iter()
            .map(|a| Code::text(token_lit(a)))
            .collect();
        let args = vec![Code::text("value"), Code::list("&[", items, "]")];
        w.code("", &check("one_of_json", args), "?;");
    } else if n.primitive == Primitive::String {
        // A string enum too large for a Rust enum: the values, sorted, for a binary search.
        let mut allowed: Vec<String> = c
            .enum_values
            .iter()
            .filter_map(|t| serde_json::from_str::<String>(t).ok())
            .collect();
        allowed.sort();
        allowed.dedup();
        let items = allowed.iter().map(|a| Code::text(token_lit(a))).collect();
        w.code(
            "const ALLOWED: &[&str] = ",
            &Code::list("&[", items, "]"),
            ";",
        );
        let args = vec![Code::text("value"), Code::text("ALLOWED")];
        w.code("", &check("one_of_sorted", args), "?;");
    } else {
        let items = c
            .enum_values
            .iter()
            .map(|a| Code::text(token_lit(a)))
            .collect();
        let args = vec![
            Code::Chain(vec![Code::text("&value"), Code::text(".to_string()")]),
            Code::list("&[", items, "]"),
        ];
        w.code("", &check("one_of", args), "?;");
    }
}

/// `minLength`, `maxLength` and `pattern` on a string `value`.
fn string_checks(w: &mut Writer, c: &Constraints) {
    if c.min_length.is_some() || c.max_length.is_some() {
        let args = vec![
            Code::text("value"),
            opt(c.min_length.map(|n| n.to_string())),
            opt(c.max_length.map(|n| n.to_string())),
        ];
        w.code("", &check("length", args), "?;");
    }
    for (i, p) in c.patterns.iter().enumerate() {
        let pattern = Code::list("rt::Pattern::new(", vec![Code::text(token_lit(p))], ")");
        w.code(
            &format!("static PATTERN_{i}: rt::Pattern = "),
            &pattern,
            ";",
        );
        let args = vec![Code::text("value"), Code::text(format!("&PATTERN_{i}"))];
        w.code("", &check("pattern", args), "?;");
    }
}

/// The numeric bounds on a number `value`, as `f64` through `as_f64`.
fn number_checks(w: &mut Writer, c: &Constraints, as_f64: &str) {
    let bounds = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
        ("multiple_of", c.multiple_of),
    ];
    if bounds.iter().any(|(_, v)| v.is_some()) {
        let fields = bounds
            .iter()
            .map(|(field, v)| match v.and_then(float) {
                Some(x) => Code::list(format!("{field}: Some("), vec![Code::Text(x)], ")"),
                None => Code::text(format!("{field}: None")),
            })
            .collect();
        let head = String::from("rt::Bounds");
        w.code(
            "const BOUNDS: rt::Bounds = ",
            &Code::Struct { head, fields },
            ";",
        );
        let args = vec![
            Code::text(as_f64),
            Code::text("|| value.to_string()"),
            Code::text("&BOUNDS"),
        ];
        w.code("", &check("range", args), "?;");
    }
}

/// `CHECK.count(value.len(), min, max, "items"|"entries")`: `min/maxItems` or
/// `min/maxProperties` on a collection `value`.
fn count_check(min: Option<u64>, max: Option<u64>, what: &str) -> Code {
    count_check_of(
        Code::Chain(vec![Code::text("value"), Code::text(".len()")]),
        min,
        max,
        what,
    )
}

/// [`count_check`] of a length given as `len`.
fn count_check_of(len: Code, min: Option<u64>, max: Option<u64>, what: &str) -> Code {
    let args = vec![
        len,
        opt(min.map(|n| n.to_string())),
        opt(max.map(|n| n.to_string())),
        Code::text(format!("\"{what}\"")),
    ];
    check("count", args)
}

/// The rules of a schema without a `type` on a JSON `value`: each on the values of its kind
/// (strings, numbers, arrays, objects); a value of another kind passes it.
fn json_checks(w: &mut Writer, c: &Constraints) {
    if c.min_length.is_some() || c.max_length.is_some() || !c.patterns.is_empty() {
        w.open("if let rt::Document::String(value) = value");
        string_checks(w, c);
        w.close("");
    }
    let bounded = [
        c.minimum,
        c.maximum,
        c.exclusive_minimum,
        c.exclusive_maximum,
        c.multiple_of,
    ];
    if bounded.iter().any(Option::is_some) {
        w.open("if let Some(value) = value.as_f64()");
        number_checks(w, c, "value");
        w.close("");
    }
    if c.min_items.is_some() || c.max_items.is_some() || c.unique_items {
        w.open("if let rt::Document::Array(value) = value");
        if c.min_items.is_some() || c.max_items.is_some() {
            w.code("", &count_check(c.min_items, c.max_items, "items"), "?;");
        }
        if c.unique_items {
            w.code("", &check("unique_json", vec![Code::text("value")]), "?;");
        }
        w.close("");
    }
    if c.min_properties.is_some() || c.max_properties.is_some() {
        w.open("if let rt::Document::Object(value) = value");
        let count = count_check(c.min_properties, c.max_properties, "entries");
        w.code("", &count, "?;");
        w.close("");
    }
}

/// What a newtype wraps, for its conversions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inner<'a> {
    /// `String`: `TryFrom<&str>`/`From<&str>`, `FromStr`, `AsRef<str>`, `Display`.
    String,
    /// A number or boolean: `Display`.
    Displayed(&'a str),
    /// Anything else (`rt::Blob`, `rt::Timestamp`, a container).
    Other(&'a str),
}

/// A newtype's conversions (`TryFrom` when it checks rules, else `From`), the `&str` ones and
/// `AsRef<str>` for a string, `Display` where it applies (never for a secret), and a redacting
/// `Debug` for a secret: one line each, the runtime's macros.
fn conversions(w: &mut Writer, name: &str, inner: Inner<'_>, checked: bool, sensitive: bool) {
    let inner_text = match inner {
        Inner::String => "String",
        Inner::Displayed(t) | Inner::Other(t) => t,
    };
    let from = if checked {
        "rt::impl_try_from!("
    } else {
        "rt::impl_from!("
    };
    w.call(from, &[name.to_owned(), inner_text.to_owned()], ");");
    if inner == Inner::String {
        let checked = if checked { ", checked" } else { "" };
        w.line_of(&["rt::impl_str!(", name, checked, ");"]);
    }
    // Unwrapping, comparing with and borrowing the value inside (a secret is not `Deref`).
    let secret = if sensitive { ", secret" } else { "" };
    match inner {
        Inner::String => w.line_of(&["rt::impl_inner!(", name, ", String, str", secret, ");"]),
        Inner::Displayed(t) => w.line_of(&["rt::impl_inner!(", name, ", ", t, secret, ");"]),
        Inner::Other(t) if t == "rt::Document" => {
            w.line_of(&["rt::impl_inner!(", name, ", ", t, secret, ");"]);
        }
        Inner::Other(_) => {}
    }
    match inner {
        _ if sensitive => w.line_of(&["rt::impl_redacted_debug!(", name, ");"]),
        Inner::String => w.line_of(&["rt::impl_display!(", name, ", str);"]),
        Inner::Displayed(_) => w.line_of(&["rt::impl_display!(", name, ");"]),
        Inner::Other(_) => {}
    }
}

/// The wire impls of a newtype: the value inside, checked when read when the type has rules
/// (`checked` is then `checked <inner type>`, or `counted <inner type>` for a collection whose
/// size is checked before its items are read) and against its schema when `schema` is its
/// check (whose error, for a secret, names the failing keyword but not the value).
pub fn inner_impls(
    w: &mut Writer,
    name: &str,
    checked: Option<&str>,
    schema: Option<&str>,
    sensitive: bool,
) {
    // A secret marks what it writes into a value tree, whose `Debug` then redacts it.
    let head = if sensitive {
        format!("secret {name}")
    } else {
        name.to_owned()
    };
    let mut args = vec![head.clone()];
    args.extend(checked.map(str::to_owned));
    let keyword = if sensitive { "secret_schema" } else { "schema" };
    args.extend(schema.map(|schema| format!("{keyword} {schema}")));
    if args.len() == 1 {
        w.line_of(&["rt::impl_newtype_wire!(", &head, ");"]);
    } else {
        w.call("rt::impl_newtype_wire!(", &args, ");");
    }
}
