//! No secret in any output of the crate generated from the real Cognito corpus
//! (`../shared/corpora/aws-cognito`), read through its `--batch --debug` binary:
//!
//! - every type, with valid instances whose secrets (each string that a sensitive shape or
//!   member holds, at any depth, in lists and maps too) are a marker: the marker must reach the
//!   wire (so it was planted) and never the `Debug` of the value read, the `Debug` of its value
//!   tree, or an error;
//! - the same instances with each marker made too long for its type (rejected where the type has
//!   a `maxLength`): the error must not show it;
//! - every instance with one string made 100,000 characters long: the error, when there is one,
//!   stays a bounded excerpt.

mod batch;
mod common;
mod instances;

use std::collections::BTreeMap;

use codegen::ir::{Primitive, ShapeId, ShapeKind, TypeRef};
use serde_json::Value;

use instances::{Instances, Program};

/// What every planted secret contains.
const MARK: &str = "Qz7Mark9";

/// Instances per type.
const SAMPLES: usize = 4;

/// No error may be longer than this (the longest path plus a few excerpts).
const LONGEST_ERROR: usize = 2_000;

/// Secrets written as a marker that fits the shape's rules.
struct Planter<'p> {
    ir: &'p Program,
    /// Make each marker too long for any `maxLength` of the corpus.
    long: bool,
    /// Secret shapes no candidate marker fits, by name.
    unplantable: BTreeMap<String, usize>,
}

impl Planter<'_> {
    /// The marker for a secret string of shape `id`: the first candidate its rules accept.
    fn marker(&self, id: ShapeId) -> Option<String> {
        let ShapeKind::Newtype(n) = &self.ir.shape(id).kind else {
            return None;
        };
        let c = &n.constraints;
        let candidates = [MARK.to_owned(), MARK.repeat(4), format!("7319{MARK}")];
        let fits = |m: &String| {
            let len = m.chars().count() as u64;
            c.min_length.is_none_or(|min| len >= min)
                && c.max_length.is_none_or(|max| len <= max)
                && c.patterns.iter().all(|p| {
                    schema_runtime::pattern::compile(p).is_ok_and(|re| re.is_match(m) == Ok(true))
                })
        };
        let found = candidates.into_iter().find(fits)?;
        // Too long: past the `maxLength` of the shape, however large (a map value's 131,072).
        let times = c
            .max_length
            .map_or(600, |max| (max as usize / found.len() + 1).max(600));
        Some(if self.long {
            found.repeat(times)
        } else {
            found
        })
    }

    /// Writes markers in place of the secrets of `v`, read as `ty` (`secret`: everything inside
    /// is). Whether one was written.
    fn plant(&mut self, ty: &TypeRef, v: &mut Value, secret: bool) -> bool {
        match ty {
            TypeRef::Named(id) => match &self.ir.shape(*id).kind {
                ShapeKind::Newtype(n) if n.primitive == Primitive::String => {
                    if !(secret || n.constraints.sensitive) || !v.is_string() {
                        return false;
                    }
                    match self.marker(*id) {
                        Some(m) => {
                            *v = Value::String(m);
                            true
                        }
                        None => {
                            *self
                                .unplantable
                                .entry(self.ir.names.ty(*id).to_owned())
                                .or_default() += 1;
                            false
                        }
                    }
                }
                ShapeKind::Struct(st) => {
                    let Some(obj) = v.as_object_mut() else {
                        return false;
                    };
                    let mut planted = false;
                    for m in &st.members {
                        if let Some(x) = obj.get_mut(&m.wire_name) {
                            planted |= self.plant(&m.ty, x, secret || st.sensitive || m.sensitive);
                        }
                    }
                    planted
                }
                ShapeKind::Collection(c) => self.plant(&c.ty, v, secret || c.constraints.sensitive),
                ShapeKind::Alias(t) | ShapeKind::Wrapper(t) => self.plant(t, v, secret),
                _ => false,
            },
            TypeRef::Primitive(Primitive::String) if secret && v.is_string() => {
                *v = Value::String(if self.long {
                    MARK.repeat(600)
                } else {
                    MARK.to_owned()
                });
                true
            }
            TypeRef::List(t) => {
                let Some(items) = v.as_array_mut() else {
                    return false;
                };
                let mut planted = false;
                for item in items {
                    planted |= self.plant(t, item, secret);
                }
                planted
            }
            TypeRef::Map(t) => {
                let Some(entries) = v.as_object_mut() else {
                    return false;
                };
                let mut planted = false;
                for value in entries.values_mut() {
                    planted |= self.plant(t, value, secret);
                }
                planted
            }
            TypeRef::Nullable(t) | TypeRef::Loose(t, _) => self.plant(t, v, secret),
            _ => false,
        }
    }
}

/// `v` with its first string (depth first) made 100,000 characters long; `None` without one.
fn with_a_long_string(v: &Value) -> Option<Value> {
    fn first(v: &mut Value) -> bool {
        match v {
            Value::String(s) => {
                *s = "y".repeat(100_000);
                true
            }
            Value::Array(items) => items.iter_mut().any(first),
            Value::Object(members) => members.values_mut().any(first),
            _ => false,
        }
    }
    let mut v = v.clone();
    first(&mut v).then_some(v)
}

#[test]
fn no_secret_of_the_corpus_crate_reaches_a_debug_string_or_an_error() {
    let Some(root) = common::corpus("aws-cognito") else {
        return;
    };
    let Some(binary) = common::corpus_roundtrip_binary() else {
        return;
    };
    let (_corpus, ir) = instances::load_ir_with(&root, &common::cognito_settings());
    let shapes = Instances::new(&ir);
    let mut valid = Planter {
        ir: &ir,
        long: false,
        unplantable: BTreeMap::new(),
    };
    let mut long = Planter {
        ir: &ir,
        long: true,
        unplantable: BTreeMap::new(),
    };

    // Requests: (namespace, type, instance) and what each is for.
    let mut requests = Vec::new();
    let mut kinds = Vec::new();
    for id in (0..ir.shapes.len()).map(ShapeId) {
        if shapes.needs_schema(&TypeRef::Named(id)) {
            continue;
        }
        let ns = ir.namespaces[ir.shape(id).namespace].name.clone();
        let ty = ir.names.ty(id).to_owned();
        let mut runner = instances::runner(&format!("secrets/{ns}/{ty}"), 1);
        for instance in instances::sample(&shapes.shape(id), &mut runner, SAMPLES) {
            let mut planted = instance.clone();
            if valid.plant(&TypeRef::Named(id), &mut planted, false) {
                requests.push((ns.clone(), ty.clone(), planted));
                kinds.push("planted");
                let mut too_long = instance.clone();
                long.plant(&TypeRef::Named(id), &mut too_long, false);
                requests.push((ns.clone(), ty.clone(), too_long));
                kinds.push("too long");
            }
            if let Some(stretched) = with_a_long_string(&instance) {
                requests.push((ns.clone(), ty.clone(), stretched));
                kinds.push("stretched");
            }
        }
    }
    let answers = batch::run_debug(&binary, &requests);

    let mut failures = Vec::new();
    let mut planted_and_read = BTreeMap::<&str, usize>::new();
    let mut rejected_too_long = 0;
    for (((_, ty, instance), kind), answer) in requests.iter().zip(&kinds).zip(&answers) {
        let text = |member: &str| {
            answer
                .get(member)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let error = text("error");
        if let Some(error) = &error {
            if error.len() > LONGEST_ERROR {
                failures.push(format!(
                    "{ty} ({kind}): an error of {} characters: {}…",
                    error.len(),
                    &error[..300]
                ));
            }
            if *kind != "stretched" && error.contains(MARK) {
                failures.push(format!(
                    "{ty} ({kind}): the secret is in the error: {error}"
                ));
            }
            if *kind == "too long" {
                rejected_too_long += 1;
            }
            continue;
        }
        if *kind == "stretched" {
            continue;
        }
        let wire = answer["ok"].to_string();
        let debug = text("debug").unwrap_or_default();
        let tree = text("tree").unwrap_or_default();
        if !wire.contains(MARK) {
            failures.push(format!(
                "{ty} ({kind}): the planted secret is not on the wire: {instance}"
            ));
        }
        if debug.contains(MARK) {
            failures.push(format!(
                "{ty} ({kind}): the secret is in the value's Debug: {debug}"
            ));
        }
        if tree.contains(MARK) {
            failures.push(format!(
                "{ty} ({kind}): the secret is in the value tree's Debug: {tree}"
            ));
        }
        if *kind == "planted" {
            *planted_and_read.entry(ty).or_default() += 1;
        }
    }
    eprintln!(
        "secrets: {} requests; {} types read with planted secrets; {rejected_too_long} too-long \
         secrets rejected; secret shapes no marker fits: {:?}",
        requests.len(),
        planted_and_read.len(),
        valid.unplantable
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The test reaches what it is about: requests that hold passwords, and rejected secrets.
    for ty in [
        "SignUpRequest",
        "InitiateAuthRequest",
        "AdminCreateUserRequest",
        "PasswordType",
    ] {
        assert!(
            planted_and_read.contains_key(ty),
            "no {ty} was read with a planted secret"
        );
    }
    assert!(rejected_too_long > 0, "no too-long secret was rejected");
}
