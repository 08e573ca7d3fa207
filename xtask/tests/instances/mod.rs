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

mod compare;
mod patterns;
mod values;

// What the tests use; not every test uses each.
#[allow(unused_imports)]
pub use compare::{first_difference, json_eq, parse_exact};
#[allow(unused_imports)]
pub use patterns::translate_pattern;
#[allow(unused_imports)]
pub use values::base64;
use values::*;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use codegen::ir::{Collection, Constraints, Ir, Primitive, ShapeId, ShapeKind, TypeRef};
use codegen::load::Corpus;
use codegen::name::Names;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value};

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
    let settings =
        codegen::Settings::from_root(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    load_ir_with(root, &settings)
}

/// [`load_ir`] with the given settings.
pub fn load_ir_with(root: &Path, settings: &codegen::Settings) -> (Corpus, Program) {
    let (corpus, _overrides, _warnings) = codegen::load_corpus(root, settings)
        .unwrap_or_else(|e| panic!("the schemas in {} load: {e:?}", root.display()));
    let (ir, _more) = codegen::resolve::resolve(&corpus, settings.policies)
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
