//! The real corpus: `../shared/corpora/aws-cognito` (575 documents in two namespaces), read in
//! place. Every document becomes a type, every `$ref` resolves, the only warnings are the two
//! broken enums, and the generated crate compiles with no warnings.

mod common;

use codegen::ir::{Ir, ShapeId, ShapeKind};
use codegen::name::Names;
use serde_json::Value;

fn resolved_corpus() -> Option<(Ir, Names, Vec<codegen::Diagnostic>, codegen::load::Corpus)> {
    let root = common::corpus("aws-cognito")?;
    let (corpus, _, mut warnings) =
        codegen::load_corpus(&root, &codegen::Settings::default()).expect("the corpus loads");
    let (ir, more) = match codegen::resolve::resolve(&corpus, common::cognito_settings().policies)
        .into_result()
    {
        Ok(r) => r,
        Err(errors) => {
            let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("the corpus does not resolve:\n{}", all.join("\n"));
        }
    };
    warnings.extend(more);
    let names = codegen::name::name(&ir);
    Some((ir, names, warnings, corpus))
}

fn count_refs(v: &Value) -> usize {
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| usize::from(k == "$ref") + count_refs(v))
            .sum(),
        Value::Array(a) => a.iter().map(count_refs).sum(),
        _ => 0,
    }
}

#[test]
fn every_document_becomes_a_type_and_every_ref_resolves() {
    let Some((ir, _, warnings, corpus)) = resolved_corpus() else {
        return;
    };
    assert_eq!(corpus.documents.len(), 575);
    let names: Vec<&str> = ir.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["cognito-identity", "cognito-idp"]);
    assert_eq!(
        ir.namespaces.iter().map(|n| n.documents).sum::<usize>(),
        575
    );
    // One document root, one type: each document's shape exists, in its own namespace.
    for (d, doc) in corpus.documents.iter().enumerate() {
        assert!(
            ir.shapes
                .iter()
                .any(|s| s.loc.doc == d && s.loc.ptr.is_empty()),
            "{} has no type",
            doc.rel_path
        );
    }
    let total_refs: usize = corpus.documents.iter().map(|d| count_refs(&d.root)).sum();
    assert_eq!(total_refs, 1034);
    assert_eq!(ir.refs_resolved, total_refs, "every $ref is resolved");
    // The only warnings: the two YAML-1.1 enums, one each, and the one pattern with a
    // look-behind (the S3 bucket name), which the bounded engine matches.
    let mut warned: Vec<String> = warnings
        .iter()
        .map(|w| {
            w.place
                .as_ref()
                .unwrap()
                .path
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    warned.sort();
    assert_eq!(
        warned,
        [
            "cognito-idp-advanced-security-mode-type-schema.json",
            "cognito-idp-s3-bucket-type-schema.json",
            "cognito-idp-user-pool-mfa-type-schema.json"
        ]
    );
    let bounded: Vec<&str> = warnings
        .iter()
        .filter(|w| w.kind == "bounded pattern")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(bounded.len(), 1, "{bounded:?}");
}

#[test]
fn resend_confirmation_code_request_has_its_members_in_order_and_documented() {
    let Some((ir, names, _, corpus)) = resolved_corpus() else {
        return;
    };
    let id = (0..ir.shapes.len())
        .map(ShapeId)
        .find(|&id| {
            names.schema(id) == "ResendConfirmationCodeRequest"
                && ir.namespaces[ir.shape(id).namespace].name == "cognito-idp"
        })
        .expect("the shape exists");
    let shape = ir.shape(id);
    let ShapeKind::Struct(st) = &shape.kind else {
        panic!("not a struct")
    };
    let members: Vec<(&str, bool)> = st
        .members
        .iter()
        .map(|m| (m.wire_name.as_str(), m.required))
        .collect();
    assert_eq!(
        members,
        [
            ("ClientId", true),
            ("SecretHash", false),
            ("UserContextData", false),
            ("Username", true),
            ("AnalyticsMetadata", false),
            ("ClientMetadata", false)
        ]
    );
    let fields: Vec<&str> = names.fields(id).iter().map(String::as_str).collect();
    assert_eq!(
        fields,
        [
            "client_id",
            "secret_hash",
            "user_context_data",
            "username",
            "analytics_metadata",
            "client_metadata"
        ]
    );
    // Each member carries its own description: the allOf sibling's, not the referenced shape's.
    let doc = &corpus.documents[shape.loc.doc].root;
    for m in &st.members {
        let sibling = doc["properties"][&m.wire_name]["allOf"][1]["description"]
            .as_str()
            .unwrap();
        assert_eq!(m.description.as_deref(), Some(sibling), "{}", m.wire_name);
        let codegen::ir::TypeRef::Named(target) = &m.ty else {
            panic!("{} is not a named type", m.wire_name)
        };
        assert_ne!(ir.shape(*target).description.as_deref(), Some(sibling));
    }
    let descriptions: std::collections::HashSet<_> =
        st.members.iter().map(|m| m.description.clone()).collect();
    assert_eq!(descriptions.len(), 6, "six different descriptions");
}

#[test]
fn overrides_repair_the_two_broken_enums() {
    let Some(root) = common::corpus("aws-cognito") else {
        return;
    };
    let overrides = common::root().join("tests/overrides/aws-cognito");
    let (corpus, applied, mut warnings) = codegen::load_corpus(
        &root,
        &codegen::Settings {
            overrides: Some(overrides),
            ..codegen::Settings::default()
        },
    )
    .expect("the corpus loads");
    assert_eq!(applied.len(), 2);
    let (ir, more) = codegen::resolve::resolve(&corpus, common::cognito_settings().policies)
        .into_result()
        .expect("the corpus resolves");
    warnings.extend(more);
    let names = codegen::name::name(&ir);
    assert!(
        warnings.iter().all(|w| w.kind == "bounded pattern"),
        "with the overrides, no warnings but the bounded pattern's: {:?}",
        warnings.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let values = |title: &str| -> Vec<String> {
        let id = (0..ir.shapes.len())
            .map(ShapeId)
            .find(|&id| {
                names.schema(id) == title
                    && ir.namespaces[ir.shape(id).namespace].name == "cognito-idp"
            })
            .expect("the enum exists");
        let ShapeKind::Enum(e) = &ir.shape(id).kind else {
            panic!("{title} is not an enum")
        };
        e.values
            .iter()
            .zip(names.variants(id))
            .map(|(v, variant)| format!("{} {variant}", v.wire))
            .collect()
    };
    assert_eq!(
        values("AdvancedSecurityModeType"),
        ["OFF Off", "AUDIT Audit", "ENFORCED Enforced"]
    );
    assert_eq!(
        values("UserPoolMfaType"),
        ["OFF Off", "ON On", "OPTIONAL Optional"]
    );
    // Without them, the same enums still generate, with a warning each and usable variants.
    let (corpus, _, _) =
        codegen::load_corpus(&root, &codegen::Settings::default()).expect("the corpus loads");
    let (ir, _) = codegen::resolve::resolve(&corpus, common::cognito_settings().policies)
        .into_result()
        .expect("the corpus resolves");
    let names = codegen::name::name(&ir);
    let shape = (0..ir.shapes.len())
        .map(ShapeId)
        .find(|&id| names.schema(id) == "UserPoolMfaType")
        .map(|id| ir.shape(id))
        .unwrap();
    let ShapeKind::Enum(e) = &shape.kind else {
        panic!("not an enum")
    };
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["false", "true", "OPTIONAL"]);
}

#[test]
fn the_command_reports_each_applied_override() {
    let Some(root) = common::corpus("aws-cognito") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let result = common::xtask(
        &common::root(),
        &[
            "codegen",
            "--schemas",
            root.to_str().unwrap(),
            "--overrides",
            "tests/overrides/aws-cognito",
            "--out",
            out.path().join("crate").to_str().unwrap(),
        ],
    );
    let stderr = common::stderr(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    // One warning: the S3 bucket name's look-behind, matched by the bounded engine.
    assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
    assert!(
        stderr.contains("s3-bucket-type-schema.json:3:14 at /pattern"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("override: applied").count(), 2, "{stderr}");
    assert!(
        common::stdout(&result).contains("with 2 override(s)"),
        "{}",
        common::stdout(&result)
    );
}

#[test]
fn corpus_crate_compiles_without_warnings() {
    let Some(dir) = common::corpus_crate() else {
        return;
    };
    for args in [
        &[
            "clippy",
            "--all-targets",
            "--",
            "-D",
            "warnings",
            "-W",
            "missing_docs",
        ][..],
        &["rustc", "--lib", "--", "-D", "warnings"][..],
    ] {
        let result = common::cargo_in(&dir, args);
        let stderr = common::stderr(&result);
        assert!(
            !stderr.contains("warning"),
            "cargo {args:?} warned:\n{stderr}"
        );
    }
}

#[test]
fn corpus_crate_is_laid_out_as_rustfmt_lays_it_out() {
    let Some(dir) = common::corpus_crate() else {
        return;
    };
    if let Err(diff) = common::rustfmt_leaves_alone(&dir) {
        panic!("{diff}");
    }
}

#[test]
fn corpus_crate_docs_build_without_warnings() {
    let Some(dir) = common::corpus_crate() else {
        return;
    };
    let result = common::cargo_in_with(
        &dir,
        &["doc", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let stderr = common::stderr(&result);
    assert!(!stderr.contains("warning"), "cargo doc warned:\n{stderr}");
}
