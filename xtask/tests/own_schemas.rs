//! The `schemars` feature: every generated type's `JsonSchema` means what its schema in the
//! corpus means.
//!
//! For every type of the crate generated from the real Cognito corpus, of the checked-in
//! `generated/` crate and of every golden case, the crate's `<name>-schema` example (built with
//! `--features schemars`) prints the root schema `schemars` gives the type. Instances are then
//! validated twice with the `jsonschema` crate: against that schema, and against the type's
//! schema in the corpus (its document and JSON pointer, among all the corpus's documents). The
//! two verdicts must agree on every instance: valid instances drawn from the type
//! (`instances/`), and mutations of them that break a rule (a required member removed, a value of
//! another kind, a string too long, an item repeated, …), most of which the corpus rejects.
//!
//! And without the feature, `schemars` is not a dependency of the generated crate at all.

mod common;
mod instances;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use codegen::ir::ShapeId;
use jsonschema::{Draft, Registry, Resource, Retrieve, Uri, Validator};
use serde_json::{Map, Value, json};

use instances::{Instances, Program};

/// Valid instances drawn per type (each with its mutations).
const VALID: usize = 6;

/// Where the derived schemas are registered (one resource per type).
const DERIVED: &str = "https://derived.invalid/";

/// The URI a derived schema is registered under: its namespace (a folder name, which may hold
/// spaces and backticks) percent-encoded.
fn derived_uri(ns: &str, ty: &str) -> String {
    format!("{DERIVED}{}/{ty}", codegen::uri::percent_encode(ns, false))
}

/// Records the documents the validator asks for that no loaded file holds (and gives `true`, so
/// that the test can say which they are).
#[derive(Clone, Default)]
struct Missing(Arc<Mutex<BTreeSet<String>>>);

impl Retrieve for Missing {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0.lock().unwrap().insert(uri.to_string());
        Ok(Value::Bool(true))
    }
}

fn draft(name: &str) -> Draft {
    match name {
        "draft4" => Draft::Draft4,
        "draft6" => Draft::Draft6,
        "draft7" => Draft::Draft7,
        "draft2019-09" => Draft::Draft201909,
        _ => Draft::Draft202012,
    }
}

fn registry(
    draft_name: &str,
    documents: Vec<(String, Value)>,
    missing: &Missing,
) -> Registry<'static> {
    Registry::new()
        .draft(draft(draft_name))
        .retriever(missing.clone())
        .retrieve_known_draft_meta_schemas(false)
        .extend(
            documents
                .into_iter()
                .map(|(uri, value)| (uri, Resource::from_contents(value))),
        )
        .and_then(|b| b.prepare())
        .unwrap_or_else(|e| panic!("the documents register: {e}"))
}

fn validator(registry: &Registry<'_>, draft_name: &str, schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(draft(draft_name))
        .with_registry(registry)
        .should_validate_formats(false)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema {schema} compiles: {e}"))
}

/// Values that break a rule of `value`'s schema, most likely: each member removed, set to
/// `null` or to a value of another kind, an unknown member added, items repeated or dropped,
/// strings lengthened and emptied, numbers moved; one level down as well.
fn mutations(value: &Value, depth: usize, out: &mut Vec<Value>) {
    let kinds = [
        json!(null),
        json!(true),
        json!(7),
        json!(-2.5),
        json!(""),
        json!([]),
        json!({}),
    ];
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                let mut without = map.clone();
                without.shift_remove(key);
                out.push(Value::Object(without));
                for other in [json!(null), json!(12), json!("x"), json!([1])] {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), other);
                    out.push(Value::Object(changed));
                }
                if depth > 0 {
                    let mut inner = Vec::new();
                    mutations(member, depth - 1, &mut inner);
                    for m in inner {
                        let mut changed = map.clone();
                        changed.insert(key.clone(), m);
                        out.push(Value::Object(changed));
                    }
                }
            }
            let mut extra = map.clone();
            extra.insert(String::from("NotInTheSchema"), json!(1));
            out.push(Value::Object(extra));
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                let mut repeated = items.clone();
                repeated.push(first.clone());
                out.push(Value::Array(repeated));
                if depth > 0 {
                    let mut inner = Vec::new();
                    mutations(first, depth - 1, &mut inner);
                    for m in inner {
                        let mut changed = items.clone();
                        changed[0] = m;
                        out.push(Value::Array(changed));
                    }
                }
            }
            out.push(json!([]));
            let mut with_null = items.clone();
            with_null.push(Value::Null);
            out.push(Value::Array(with_null));
        }
        Value::String(s) => {
            out.push(json!(""));
            out.push(json!(" "));
            out.push(Value::String(format!("{s}{}", "x".repeat(300))));
            out.push(Value::String(s.chars().take(1).collect()));
            out.push(json!("2024-01-01T00:00:00Z"));
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            for y in [x + 1.0, -x - 1.0, x * 1000.0 + 1.0, 0.5, 0.0, 1e12] {
                out.push(json!(y));
            }
            if let Some(i) = n.as_i64() {
                out.push(json!(i.saturating_sub(1)));
                out.push(json!(i.saturating_add(1)));
            }
        }
        Value::Bool(b) => out.push(json!(!b)),
        Value::Null => {}
    }
    out.extend(kinds);
}

/// The root schemas the crate at `crate_dir` prints with its `<package>-schema` example:
/// namespace → type → schema.
fn derived_schemas(crate_dir: &Path, package: &str) -> Map<String, Value> {
    let example = format!("{package}-schema");
    let output = common::cargo_in(
        crate_dir,
        &[
            "run",
            "--quiet",
            "--features",
            "schemars",
            "--example",
            &example,
        ],
    );
    match serde_json::from_slice(&output.stdout) {
        Ok(Value::Object(all)) => all,
        other => panic!("{example} prints a JSON object, not {other:?}"),
    }
}

/// What one crate's check found.
#[derive(Default)]
struct Tally {
    types: usize,
    instances: usize,
    rejected: usize,
    without: Vec<String>,
    disagreements: Vec<String>,
}

/// Checks every type of the crate generated from `root` with `settings`.
fn check(
    what: &str,
    root: &Path,
    settings: &codegen::Settings,
    crate_dir: &Path,
    package: &str,
) -> Tally {
    let ((corpus, _, _), errors) = codegen::load_all(root, settings)
        .unwrap_or_else(|e| panic!("{what}: the schemas load: {e:?}"));
    assert!(errors.is_empty(), "{what}: the schemas load: {errors:?}");
    let ir = codegen::resolve::resolve(&corpus, settings.policies)
        .into_result()
        .unwrap_or_else(|e| panic!("{what}: the schemas resolve: {e:?}"))
        .0;
    let names = codegen::name::name(&ir);
    let program = Program { ir, names };
    let documents = codegen::resolve::validation_documents(&corpus, settings.policies.unresolved);
    let missing = Missing::default();
    let source_registry = registry(documents.draft, documents.documents, &missing);

    let derived = derived_schemas(crate_dir, package);
    let mut registered = Vec::new();
    for (ns, types) in &derived {
        for (ty, schema) in types.as_object().expect("types by name") {
            registered.push((derived_uri(ns, ty), schema.clone()));
        }
    }
    let derived_registry = registry("draft2020-12", registered, &missing);

    let shapes = Instances::new(&program);
    let mut tally = Tally::default();
    let mut by_type: BTreeMap<(String, String), ShapeId> = BTreeMap::new();
    for (ns, types) in &derived {
        for ty in types.as_object().expect("types by name").keys() {
            let id = instances::find_shape(&program, ns, ty)
                .unwrap_or_else(|| panic!("{what}: {ns} {ty} is a type of the IR"));
            by_type.insert((ns.clone(), ty.clone()), id);
        }
    }
    assert!(!by_type.is_empty(), "{what}: the example printed no type");
    for ((ns, ty), id) in by_type {
        let shape = program.ir.shape(id);
        let Some(own) = &shape.own_schema else {
            tally.without.push(format!("{ns} {ty}"));
            continue;
        };
        tally.types += 1;
        let uris: Vec<Value> = own
            .parts
            .iter()
            .map(|loc| json!({ "$ref": codegen::resolve::schema_uri(&corpus, loc) }))
            .collect();
        let source = validator(&source_registry, documents.draft, &json!({ "allOf": uris }));
        let mine = validator(
            &derived_registry,
            "draft2020-12",
            &json!({ "$ref": derived_uri(&ns, &ty) }),
        );
        let mut cases = Vec::new();
        if !shapes.needs_schema(&codegen::ir::TypeRef::Named(id)) {
            let mut runner = instances::runner(&format!("own-schema/{ns}/{ty}"), 1);
            for valid in instances::sample(&shapes.shape(id), &mut runner, VALID) {
                mutations(&valid, 1, &mut cases);
                cases.push(valid);
            }
        }
        mutations(&Value::Null, 0, &mut cases);
        for instance in cases {
            tally.instances += 1;
            let expected = source.is_valid(&instance);
            tally.rejected += usize::from(!expected);
            if mine.is_valid(&instance) != expected && tally.disagreements.len() < 20 {
                tally.disagreements.push(format!(
                    "{ns} {ty}: the corpus {} {instance} and the derived schema does not",
                    if expected { "accepts" } else { "rejects" },
                ));
            }
        }
    }
    eprintln!(
        "{what}: {} types, {} instances ({} rejected by the corpus); without an own schema: {:?}",
        tally.types, tally.instances, tally.rejected, tally.without
    );
    let missing = missing.0.lock().unwrap();
    assert!(
        missing.is_empty(),
        "{what}: the validator looked for documents not loaded: {missing:?}"
    );
    assert!(
        tally.disagreements.is_empty(),
        "{what}: the derived schemas disagree with the corpus:\n{}",
        tally.disagreements.join("\n")
    );
    assert!(
        tally.rejected > 0 && tally.rejected < tally.instances,
        "{what}: the instances must include accepted and rejected ones"
    );
    tally
}

#[test]
fn every_corpus_type_s_schema_means_what_the_corpus_says() {
    let Some(root) = common::corpus("aws-cognito") else {
        return;
    };
    let Some(dir) = common::corpus_crate() else {
        return;
    };
    let tally = check(
        "corpus",
        &root,
        &common::cognito_settings(),
        &dir,
        "cognito-corpus",
    );
    assert!(
        tally.without.is_empty(),
        "every corpus type has its own schema"
    );
}

#[test]
fn every_checked_in_and_golden_type_s_schema_means_what_its_schemas_say() {
    let root = common::root();
    let settings = |schemas: &Path| {
        codegen::Settings::from_root(schemas)
            .unwrap_or_else(|e| panic!("{}: {e}", schemas.display()))
    };
    let schemas = root.join("schemas");
    check(
        "generated",
        &schemas,
        &settings(&schemas),
        &root.join("generated"),
        "generated",
    );
    let golden = root.join("tests/golden");
    let mut cases: Vec<_> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    cases.sort();
    for case in cases {
        let schemas = golden.join(&case).join("schemas");
        check(
            &format!("golden {case}"),
            &schemas,
            &settings(&schemas),
            &golden.join(&case).join("out"),
            &format!("golden-{case}"),
        );
    }
}

#[test]
fn schemars_is_compiled_only_with_the_feature() {
    let tree = |features: &[&str]| {
        let mut args = vec![
            "tree",
            "-p",
            "generated",
            "-e",
            "normal",
            "--prefix",
            "none",
        ];
        args.extend_from_slice(features);
        let out = common::cargo()
            .args(&args)
            .current_dir(common::root())
            .output()
            .expect("cargo tree runs");
        assert!(out.status.success(), "cargo tree: {}", common::stderr(&out));
        common::stdout(&out)
    };
    let has = |text: &str| text.lines().any(|l| l.starts_with("schemars "));
    assert!(!has(&tree(&[])), "the default features pull in schemars");
    assert!(
        has(&tree(&["--features", "schemars"])),
        "the feature pulls in schemars"
    );
}
