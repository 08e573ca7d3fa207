//! Valid JSON instances of the generator's shapes, as proptest strategies built from the IR.
//!
//! [`Instances::shape`] gives, for any shape, a strategy of JSON documents that its schema
//! accepts: structs as objects with every required member and each optional member about half
//! the time, enums as one of their listed values, primitives within their rules (string lengths
//! in characters, ECMA-262 patterns, numeric bounds), timestamps as epoch-second numbers,
//! blobs as padded base64. Recursion is bounded: past [`MAX_DEPTH`] optional members are left
//! out and lists and maps are empty.
//!
//! Patterns are generated with proptest's regex strategies after translating the ECMA-262
//! syntax they use (`\w`, `\d` and `.` mean less in ECMA-262 than in the `regex` syntax;
//! unbounded repetitions are bounded so that lengths fit), and every generated string is checked
//! with `regress`, an ECMA-262 engine, as an unanchored match, together with its length.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use codegen::ir::{Collection, Constraints, Ir, Primitive, ShapeId, ShapeKind, TypeRef};
use codegen::load::Corpus;
use codegen::name::Names;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Number, Value};

/// Depth (struct members, list items, map values) past which optional members are left out and
/// lists and maps are empty.
pub const MAX_DEPTH: usize = 4;

/// How many characters past the minimum length strings usually get.
const LENGTH_WINDOW: u64 = 24;

/// The resolved shapes with their names.
pub struct Program {
    pub ir: Ir,
    pub names: Names,
}

impl std::ops::Deref for Program {
    type Target = Ir;
    fn deref(&self) -> &Ir {
        &self.ir
    }
}

/// Loads, resolves and names the schemas under `root`, as `cargo xtask codegen` does (with the
/// settings of its `schemagen.toml`).
pub fn load_ir(root: &Path) -> (Corpus, Program) {
    let options = codegen::config::read(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .unwrap_or_default()
        .options();
    load_ir_with(root, options.policies())
}

/// [`load_ir`] with the given settings.
pub fn load_ir_with(root: &Path, policies: codegen::resolve::Policies) -> (Corpus, Program) {
    let (corpus, _overrides, _warnings) = codegen::load_corpus(root, &root.join("overrides"))
        .unwrap_or_else(|e| panic!("the schemas in {} load: {e:?}", root.display()));
    let (ir, _more) = codegen::resolve::resolve(&corpus, policies)
        .into_result()
        .unwrap_or_else(|e| panic!("the schemas in {} resolve: {e:?}", root.display()));
    let names = codegen::name::name(&ir);
    (corpus, Program { ir, names })
}

/// The shape named `rust_name` in the namespace whose folder is `namespace`.
pub fn find_shape(p: &Program, namespace: &str, rust_name: &str) -> Option<ShapeId> {
    (0..p.ir.shapes.len()).map(ShapeId).find(|&id| {
        p.names.ty(id) == rust_name && p.ir.namespaces[p.ir.shape(id).namespace].name == namespace
    })
}

/// A runner whose random numbers depend only on `key` (a type's name, say): the same instances
/// on every run and machine. Failures are not persisted to files.
pub fn runner(key: &str, cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        max_local_rejects: 1_000_000,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed(key)))
}

/// 32 bytes from a string (FNV-1a, four lanes).
fn seed(key: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (lane, chunk) in out.chunks_mut(8).enumerate() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (lane as u64);
        for b in key.bytes().chain([lane as u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        chunk.copy_from_slice(&h.to_le_bytes());
    }
    out
}

/// `n` values drawn from `strategy` (no shrinking), for batch runs.
pub fn sample(strategy: &BoxedStrategy<Value>, runner: &mut TestRunner, n: usize) -> Vec<Value> {
    (0..n)
        .map(|_| {
            strategy
                .new_tree(runner)
                .unwrap_or_else(|e| panic!("cannot generate an instance: {e}"))
                .current()
        })
        .collect()
}

/// Builds (and caches) instance strategies for the shapes of one IR.
pub struct Instances<'ir> {
    ir: &'ir Ir,
    names: &'ir Names,
    shapes: RefCell<HashMap<(ShapeId, usize), BoxedStrategy<Value>>>,
    building: RefCell<HashSet<(ShapeId, usize)>>,
    strings: RefCell<HashMap<ShapeId, BoxedStrategy<Value>>>,
    /// Patterns that `regress` does not accept as ECMA-262 (so generated strings for them are
    /// checked for length only), with the reason.
    pub unchecked_patterns: RefCell<BTreeSet<String>>,
    /// Patterns the regex strategy could not generate, served by the simple fallback generator.
    pub fallback_patterns: RefCell<BTreeSet<String>>,
}

impl<'ir> Instances<'ir> {
    pub fn new(p: &'ir Program) -> Self {
        Instances {
            ir: &p.ir,
            names: &p.names,
            shapes: RefCell::default(),
            building: RefCell::default(),
            strings: RefCell::default(),
            unchecked_patterns: RefCell::default(),
            fallback_patterns: RefCell::default(),
        }
    }

    /// Whether every instance of `ty` must pass a check against the schema as a whole
    /// ([`codegen::ir::Shape::check`]: `not`, `oneOf`, …), which these strategies do not know:
    /// such types are left to the conformance harness, and optional members, items and
    /// nullable values of them are not generated.
    pub fn needs_schema(&self, ty: &TypeRef) -> bool {
        self.needs_schema_at(ty, &mut HashSet::new())
    }

    fn needs_schema_at(&self, ty: &TypeRef, seen: &mut HashSet<ShapeId>) -> bool {
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    return false;
                }
                let shape = self.ir.shape(*id);
                shape.check.is_some()
                    || match &shape.kind {
                        // No listed value and none other read: no valid instance.
                        ShapeKind::Enum(e) => e.values.is_empty() && !e.open,
                        // Untagged alternatives of shapes of their own: an instance of one may
                        // be read by another (these strategies do not know which).
                        ShapeKind::Union(u) => {
                            u.tag.is_none()
                                && u.variants.iter().any(|v| {
                                    !matches!(
                                        v.ty,
                                        TypeRef::Primitive(_) | TypeRef::List(_) | TypeRef::Map(_)
                                    )
                                })
                        }
                        ShapeKind::Struct(st) => st
                            .members
                            .iter()
                            .any(|m| m.required && self.needs_schema_at(&m.ty, seen)),
                        ShapeKind::Collection(col) => {
                            let c = &col.constraints;
                            let (min, inner) = match &col.ty {
                                TypeRef::List(item) => (c.min_items, item.as_ref()),
                                TypeRef::Map(value) => (c.min_properties, value.as_ref()),
                                other => (Some(1), other),
                            };
                            min.unwrap_or(0) > 0 && self.needs_schema_at(inner, seen)
                        }
                        ShapeKind::Alias(t) | ShapeKind::Wrapper(t) => {
                            self.needs_schema_at(t, seen)
                        }
                        _ => false,
                    }
            }
            _ => false,
        }
    }

    /// Valid instances of a shape.
    pub fn shape(&self, id: ShapeId) -> BoxedStrategy<Value> {
        self.shape_at(id, 0)
    }

    fn shape_at(&self, id: ShapeId, depth: usize) -> BoxedStrategy<Value> {
        // Every depth past the limit generates alike.
        let depth = depth.min(MAX_DEPTH + 1);
        if let Some(s) = self.shapes.borrow().get(&(id, depth)) {
            return s.clone();
        }
        let shape = self.ir.shape(id);
        assert!(
            self.building.borrow_mut().insert((id, depth)),
            "{} contains itself through required members only: no finite instance",
            self.names.ty(id)
        );
        let strategy = match &shape.kind {
            ShapeKind::Struct(st) => {
                if st.members.is_empty() {
                    Just(Value::Object(Map::new())).boxed()
                } else {
                    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = st
                        .members
                        .iter()
                        .filter(|m| m.required || depth < MAX_DEPTH)
                        .filter(|m| m.required || !self.needs_schema(&m.ty))
                        .map(|m| {
                            let wire = m.wire_name.clone();
                            let value = self.member_value(&m.ty, depth + 1);
                            let pair = value.prop_map(move |v| (wire.clone(), v));
                            if m.required {
                                pair.prop_map(Some).boxed()
                            } else {
                                proptest::option::weighted(0.5, pair).boxed()
                            }
                        })
                        .collect();
                    members
                        .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
                        .boxed()
                }
            }
            ShapeKind::Enum(e) => {
                let values: Vec<String> = e.values.iter().map(|v| v.wire.clone()).collect();
                if values.is_empty() {
                    // No listed value: any string is kept as an unknown value.
                    free_string().prop_map(Value::String).boxed()
                } else {
                    proptest::sample::select(values)
                        .prop_map(Value::String)
                        .boxed()
                }
            }
            ShapeKind::Newtype(n) if !n.constraints.enum_values.is_empty() => {
                let values: Vec<Value> = n
                    .constraints
                    .enum_values
                    .iter()
                    .map(|t| serde_json::from_str(t).expect("enum values are JSON texts"))
                    .collect();
                proptest::sample::select(values).boxed()
            }
            ShapeKind::Collection(col) => self.collection(col, depth),
            ShapeKind::Newtype(n) => {
                if n.primitive == Primitive::String {
                    self.constrained_string(id, &n.constraints)
                } else {
                    primitive(n.primitive, &n.constraints)
                }
            }
            ShapeKind::Alias(t) | ShapeKind::Wrapper(t) => self.type_at(t, depth),
            // One alternative's instance (a tagged union's carries its tag).
            ShapeKind::Union(u) => {
                let variants: Vec<BoxedStrategy<Value>> = u
                    .variants
                    .iter()
                    .filter(|v| !self.needs_schema(&v.ty))
                    .map(|v| self.type_at(&v.ty, depth))
                    .collect();
                proptest::strategy::Union::new(variants).boxed()
            }
        };
        self.building.borrow_mut().remove(&(id, depth));
        self.shapes
            .borrow_mut()
            .insert((id, depth), strategy.clone());
        strategy
    }

    /// A checked list or map: sizes within `minItems`/`maxItems` (`minProperties`/
    /// `maxProperties`), items distinct under `uniqueItems`.
    fn collection(&self, col: &Collection, depth: usize) -> BoxedStrategy<Value> {
        let c = &col.constraints;
        let inner_checked = match &col.ty {
            TypeRef::List(item) => self.needs_schema(item),
            TypeRef::Map(value) => self.needs_schema(value),
            _ => false,
        };
        let sizes = |min: Option<u64>, max: Option<u64>| {
            let lo = min.unwrap_or(0) as usize;
            let hi = max.map_or(lo + 3, |m| m as usize).min(lo + 3).max(lo);
            if depth >= MAX_DEPTH || inner_checked {
                lo..=lo
            } else {
                lo..=hi
            }
        };
        // `propertyNames`: keys are instances of the key type.
        let keys = match col.keys {
            Some(key) => self
                .shape_at(key, depth + 1)
                .prop_map(|k| match k {
                    Value::String(k) => k,
                    other => other.to_string(),
                })
                .boxed(),
            None => map_key().boxed(),
        };
        match &col.ty {
            TypeRef::List(item) => {
                let items = proptest::collection::vec(
                    self.type_at(item, depth + 1),
                    sizes(c.min_items, c.max_items),
                );
                if c.unique_items {
                    items
                        .prop_filter("uniqueItems", |v| {
                            v.iter().enumerate().all(|(i, a)| !v[i + 1..].contains(a))
                        })
                        .prop_map(Value::Array)
                        .boxed()
                } else {
                    items.prop_map(Value::Array).boxed()
                }
            }
            TypeRef::Map(value) => proptest::collection::btree_map(
                keys,
                self.type_at(value, depth + 1),
                sizes(c.min_properties, c.max_properties),
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect()))
            .boxed(),
            other => self.type_at(other, depth),
        }
    }

    /// A struct member's value: anything its type allows except `null`, which awsJson (and the
    /// runtime's readers) take as an absent member.
    fn member_value(&self, ty: &TypeRef, depth: usize) -> BoxedStrategy<Value> {
        self.type_at(ty, depth)
    }

    fn type_at(&self, ty: &TypeRef, depth: usize) -> BoxedStrategy<Value> {
        match ty {
            TypeRef::Named(id) => self.shape_at(*id, depth),
            TypeRef::Primitive(p) => primitive(*p, &Constraints::default()),
            TypeRef::List(item) => {
                if depth >= MAX_DEPTH || self.needs_schema(item) {
                    Just(Value::Array(Vec::new())).boxed()
                } else {
                    proptest::collection::vec(self.type_at(item, depth + 1), 0..=3)
                        .prop_map(Value::Array)
                        .boxed()
                }
            }
            TypeRef::Map(value) => {
                if depth >= MAX_DEPTH || self.needs_schema(value) {
                    Just(Value::Object(Map::new())).boxed()
                } else {
                    proptest::collection::vec((map_key(), self.type_at(value, depth + 1)), 0..=3)
                        .prop_map(|entries| Value::Object(entries.into_iter().collect()))
                        .boxed()
                }
            }
            TypeRef::Any => any_json(),
            // `null` or a value: `null` must come back as `null`, not be dropped.
            // The typed value, or a value of another kind (kept as it is).
            TypeRef::Loose(inner, kind) => {
                let other = any_json().prop_filter("another kind", {
                    let kind = *kind;
                    move |v| match kind {
                        codegen::ir::Container::Object => !v.is_object(),
                        codegen::ir::Container::Array => !v.is_array(),
                    }
                });
                if self.needs_schema(inner) {
                    other.boxed()
                } else {
                    prop_oneof![3 => self.type_at(inner, depth), 1 => other].boxed()
                }
            }
            TypeRef::Nullable(inner) if self.needs_schema(inner) => Just(Value::Null).boxed(),
            TypeRef::Nullable(inner) => {
                prop_oneof![1 => Just(Value::Null), 3 => self.type_at(inner, depth)].boxed()
            }
        }
    }

    /// Strings within a newtype's rules, cached per shape (building one samples the pattern).
    fn constrained_string(&self, id: ShapeId, c: &Constraints) -> BoxedStrategy<Value> {
        if let Some(s) = self.strings.borrow().get(&id) {
            return s.clone();
        }
        let s = self
            .string_strategy(self.names.ty(id), c)
            .prop_map(Value::String)
            .boxed();
        self.strings.borrow_mut().insert(id, s.clone());
        s
    }

    fn string_strategy(&self, owner: &str, c: &Constraints) -> BoxedStrategy<String> {
        let lo = c.min_length.unwrap_or(0);
        let hi = c.max_length.unwrap_or(u64::MAX);
        assert!(lo <= hi, "{owner}: minLength {lo} > maxLength {hi}");
        if c.patterns.is_empty() {
            return length_string(lo, hi);
        }
        let mut checks = Vec::new();
        for p in &c.patterns {
            match regress::Regex::with_flags(p, "u") {
                Ok(re) => checks.push(re),
                Err(e) => {
                    self.unchecked_patterns
                        .borrow_mut()
                        .insert(format!("{owner}: /{p}/ ({e})"));
                }
            }
        }
        let checker = StringCheck {
            lo,
            hi,
            patterns: checks,
        };
        let window_hi = hi.min(lo.saturating_add(LENGTH_WINDOW)).max(1);
        let translated = translate_pattern(&c.patterns[0], window_hi);
        let candidate = translated
            .as_deref()
            .ok()
            .and_then(|t| proptest::string::string_regex(t).ok())
            .map(|s| s.boxed());
        let acceptance = |s: &BoxedStrategy<String>| {
            let mut runner = runner(owner, 1);
            (0..200)
                .filter(|_| {
                    s.new_tree(&mut runner)
                        .is_ok_and(|t| checker.accepts(&t.current()))
                })
                .count()
        };
        let chosen = match candidate {
            Some(s) if acceptance(&s) >= 4 => s,
            other => {
                let why = match (&translated, other) {
                    (Err(e), _) => e.clone(),
                    (Ok(t), None) => format!("proptest cannot generate /{t}/"),
                    (Ok(t), Some(_)) => format!("too few strings from /{t}/ fit"),
                };
                self.fallback_patterns
                    .borrow_mut()
                    .insert(format!("{owner}: /{}/: {why}", c.patterns.join("/ and /")));
                let simple = fallback_string(lo, hi);
                assert!(
                    acceptance(&simple) >= 4,
                    "{owner}: cannot generate strings for /{}/ with length {lo}..={hi}",
                    c.patterns.join("/ and /")
                );
                simple
            }
        };
        chosen
            .prop_filter("string within its length and patterns", move |s| {
                checker.accepts(s)
            })
            .boxed()
    }
}

/// A string's rules, checked the way JSON Schema does: length in characters, each pattern an
/// unanchored ECMA-262 match.
struct StringCheck {
    lo: u64,
    hi: u64,
    patterns: Vec<regress::Regex>,
}

impl StringCheck {
    fn accepts(&self, s: &str) -> bool {
        let n = s.chars().count() as u64;
        self.lo <= n && n <= self.hi && self.patterns.iter().all(|re| re.find(s).is_some())
    }
}

/// Characters for free text: mostly printable ASCII, some of anything, and the ones JSON must
/// escape or that are easy to get wrong.
fn text_char() -> BoxedStrategy<char> {
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
fn free_string() -> BoxedStrategy<String> {
    proptest::collection::vec(text_char(), 0..=12)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// Free text of `lo..=hi` characters: usually near the minimum, sometimes exactly at a bound.
fn length_string(lo: u64, hi: u64) -> BoxedStrategy<String> {
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
fn fallback_string(lo: u64, hi: u64) -> BoxedStrategy<String> {
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
fn map_key() -> BoxedStrategy<String> {
    proptest::collection::vec(text_char(), 0..=8)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// Values of a primitive within its rules (strings go through [`Instances::string_strategy`]
/// when they have rules; here only their length is honoured).
fn primitive(p: Primitive, c: &Constraints) -> BoxedStrategy<Value> {
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
fn lower_bound(x: f64, exclusive: bool, lo: i64, hi: i64) -> i64 {
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
fn upper_bound(x: f64, exclusive: bool, lo: i64, hi: i64) -> i64 {
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
fn integer(c: &Constraints, lo: i64, hi: i64) -> BoxedStrategy<Value> {
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
fn number(text: &str) -> Value {
    let v = parse_exact(text).unwrap_or_else(|e| panic!("{text} is a number: {e}"));
    assert!(v.is_number(), "{text} is a number");
    v
}

/// Finite doubles within the rules: short decimals (up to 13 significant digits), and doubles
/// of full precision (their shortest text has up to 17 digits).
fn double(c: &Constraints) -> BoxedStrategy<Value> {
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
fn short_double(c: &Constraints) -> BoxedStrategy<Value> {
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
fn timestamp() -> BoxedStrategy<Value> {
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
fn any_json() -> BoxedStrategy<Value> {
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

/// Translates an ECMA-262 pattern into the `regex` syntax proptest generates from, for
/// generating candidates (which are then checked with the ECMA-262 pattern itself):
///
/// - `\w`, `\W`, `\d`, `\D` are ASCII in ECMA-262: written as ASCII classes;
/// - `.` does not match line terminators: written as a class without them;
/// - `[` inside a class is a literal;
/// - `^`, `$`, `\b`, `\B` and lookarounds are dropped (proptest cannot generate assertions;
///   what is generated is the whole string, and the check with the real pattern decides);
/// - `*`, `+` and `{n,}` are bounded by `cap` repetitions, and `{n,m}` too, so that lengths
///   stay near the allowed window;
/// - identity escapes of characters that are not special in `regex` (`\/`) lose the backslash.
///
/// Constructs with no equivalent (backreferences, say) are left in, and make proptest fail (the
/// caller then falls back to a simple generator).
pub fn translate_pattern(p: &str, cap: u64) -> Result<String, String> {
    const META: &str = r"\.+*?()|[]{}^$#&-~";
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut in_class = false;
    let mut i = 0;
    let bounded = |min: u64, max: Option<u64>| {
        let max = max.unwrap_or(u64::MAX).min(min.max(cap));
        format!("{{{min},{max}}}")
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err(String::from("pattern ends with a backslash"));
                };
                i += 1;
                let class_body = |name: &str| {
                    if in_class {
                        format!("[:{name}:]")
                    } else {
                        format!("[[:{name}:]]")
                    }
                };
                match e {
                    'w' => out.push_str(&class_body("word")),
                    'W' => out.push_str(&class_body("^word")),
                    'd' => out.push_str(&class_body("digit")),
                    'D' => out.push_str(&class_body("^digit")),
                    'b' if in_class => out.push_str(r"\x08"),
                    'b' | 'B' => {}
                    'u' if chars.get(i) == Some(&'{') => {
                        let end = chars[i..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or_else(|| String::from("unterminated \\u{"))?;
                        let hex: String = chars[i + 1..i + end].iter().collect();
                        out.push_str(&format!(r"\x{{{hex}}}"));
                        i += end + 1;
                    }
                    'u' if i + 4 <= chars.len() => {
                        let hex: String = chars[i..i + 4].iter().collect();
                        out.push_str(&format!(r"\x{{{hex}}}"));
                        i += 4;
                    }
                    'c' if chars.get(i).is_some_and(char::is_ascii_alphabetic) => {
                        out.push_str(&format!(r"\x{:02x}", (chars[i] as u32) % 32));
                        i += 1;
                    }
                    'p' | 'P' if chars.get(i) == Some(&'{') => {
                        // A property class, `\p{L}`: the same in both syntaxes.
                        let end = chars[i..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or_else(|| String::from("unterminated \\p{"))?;
                        out.push('\\');
                        out.push(e);
                        out.extend(&chars[i..=i + end]);
                        i += end + 1;
                    }
                    '0' => out.push_str(r"\x00"),
                    c if c.is_ascii_alphanumeric() => {
                        // \s \S \p{..} \t \n \x41 …: the same in both syntaxes.
                        out.push('\\');
                        out.push(c);
                    }
                    c if META.contains(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ if in_class => out.push(c),
            '(' if is_lookaround(&chars[i..]) => i += group_len(&chars[i..])?,
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '^' | '$' => {}
            '*' => out.push_str(&bounded(0, None)),
            '+' => out.push_str(&bounded(1, None)),
            '{' => {
                // A quantifier `{n}`, `{n,}` or `{n,m}`; anything else is a literal brace.
                let end = chars[i..].iter().position(|&c| c == '}');
                let body: Option<String> = end.map(|e| chars[i..i + e].iter().collect());
                let parsed = body.as_deref().and_then(|b| {
                    let (a, rest) = b.split_once(',').map_or((b, None), |(a, r)| (a, Some(r)));
                    let a: u64 = a.parse().ok()?;
                    match rest {
                        None => Some((a, Some(a))),
                        Some("") => Some((a, None)),
                        Some(r) => Some((a, Some(r.parse().ok()?))),
                    }
                });
                match (parsed, end) {
                    (Some((a, b)), Some(e)) => {
                        out.push_str(&bounded(a, b));
                        i += e + 1;
                    }
                    _ => out.push_str(r"\{"),
                }
            }
            '}' => out.push_str(r"\}"),
            c => out.push(c),
        }
    }
    if in_class {
        return Err(String::from("unterminated character class"));
    }
    Ok(out)
}

/// Whether the text after a `(` makes it a lookahead or lookbehind.
fn is_lookaround(rest: &[char]) -> bool {
    let starts = |p: &str| rest.iter().copied().take(p.chars().count()).eq(p.chars());
    starts("?=") || starts("?!") || starts("?<=") || starts("?<!")
}

/// The length of the rest of a group, up to and including its `)`, given the text after its
/// `(` (escapes, classes and nested groups skipped).
fn group_len(rest: &[char]) -> Result<usize, String> {
    let (mut depth, mut in_class, mut i) = (1usize, false, 0);
    while i < rest.len() {
        match rest[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(String::from("unterminated group"))
}

/// Parses JSON text like `serde_json::from_str`, except that every number with a fraction or
/// an exponent is read with Rust's correctly rounded `str::parse::<f64>`. (`serde_json` without
/// its `float_roundtrip` feature reads some 17-digit numbers one ulp off; a test that compared
/// through it would blame the code under test for its own misreading.)
pub fn parse_exact(text: &str) -> Result<Value, String> {
    let mut p = ExactParser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing text at byte {}", p.i));
    }
    Ok(v)
}

struct ExactParser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl ExactParser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b" \t\r\n".contains(b)) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let hit = self.s.get(self.i) == Some(&b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn err(&self, what: &str) -> String {
        format!("expected {what} at byte {}", self.i)
    }

    fn value(&mut self) -> Result<Value, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = Map::new();
                if self.eat(b'}') {
                    return Ok(Value::Object(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.err("`:`"));
                    }
                    let v = self.value()?;
                    m.insert(k, v);
                    if self.eat(b'}') {
                        return Ok(Value::Object(m));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("`,` or `}`"));
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Array(a));
                }
                loop {
                    a.push(self.value()?);
                    if self.eat(b']') {
                        return Ok(Value::Array(a));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("`,` or `]`"));
                    }
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') | Some(b'f') | Some(b'n') => {
                for (word, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.s[self.i..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                Err(self.err("a value"))
            }
            Some(_) => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| b"+-.eE0123456789".contains(b))
                {
                    self.i += 1;
                }
                let t = &self.text[start..self.i];
                if t.is_empty() {
                    return Err(self.err("a value"));
                }
                if !t.contains(['.', 'e', 'E']) {
                    if let Ok(n) = t.parse::<i64>() {
                        return Ok(Value::from(n));
                    }
                    if let Ok(n) = t.parse::<u64>() {
                        return Ok(Value::from(n));
                    }
                }
                let f: f64 = t.parse().map_err(|e| format!("number {t}: {e}"))?;
                Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("number {t} is not finite"))
            }
            None => Err(self.err("a value")),
        }
    }

    /// A string literal, its escapes decoded by `serde_json`.
    fn string(&mut self) -> Result<String, String> {
        let start = self.i;
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.err("a string"));
        }
        self.i += 1;
        loop {
            match self.s.get(self.i) {
                Some(b'\\') => self.i += 2,
                Some(b'"') => break,
                Some(_) => self.i += 1,
                None => return Err(self.err("the end of a string")),
            }
        }
        self.i += 1;
        serde_json::from_str(&self.text[start..self.i]).map_err(|e| e.to_string())
    }
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
