//! The resolver's rules one at a time: schema text in, a short rendering of the IR out (one
//! line per shape: its Rust name, its kind and what the kind holds), in the style of
//! rust-analyzer's minimal tests. Merging (`allOf`), classification (`type`, `enum`, rules),
//! unions (`oneOf`/`anyOf`, type lists) and every reference form each have their own.

use std::fmt::Write as _;

use crate::ir::{Constraints, Ir, ShapeKind, TypeRef};
use crate::name::Names;

use super::{Outcome, resolve};
use crate::config::{DateTimes, Policies};

/// Resolves `docs` (`(path under the schema root, JSON text)`) with `policies`.
fn outcome_with(docs: &[(&str, &str)], policies: Policies) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in docs {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    let ((corpus, _, _), errors) = crate::load_all(dir.path(), &crate::Settings::default())
        .unwrap_or_else(|e| panic!("loads: {e:?}"));
    assert!(errors.is_empty(), "load errors: {errors:?}");
    resolve(&corpus, policies)
}

/// The IR of `docs`, rendered; panics on an error.
fn ir(docs: &[(&str, &str)]) -> String {
    ir_with(docs, Policies::default())
}

fn ir_with(docs: &[(&str, &str)], policies: Policies) -> String {
    let out = outcome_with(docs, policies);
    let messages: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.is_empty(), "errors: {messages:?}");
    render(&out.ir)
}

/// The first error's message for `docs`.
fn error(docs: &[(&str, &str)]) -> String {
    let out = outcome_with(docs, Policies::default());
    out.errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_else(|| panic!("no error; the IR is\n{}", render(&out.ir)))
}

/// One document `ns/a.json`.
fn one(text: &str) -> String {
    ir(&[("ns/a.json", text)])
}

fn render(ir: &Ir) -> String {
    let names = crate::name::name(ir);
    let mut out = String::new();
    for (i, shape) in ir.shapes.iter().enumerate() {
        let id = crate::ir::ShapeId(i);
        let kind = match &shape.kind {
            ShapeKind::Struct(s) => {
                let members: Vec<String> = s
                    .members
                    .iter()
                    .map(|m| {
                        let mark = if m.required { "" } else { "?" };
                        let secret = if m.sensitive { " secret" } else { "" };
                        format!("{}{mark}: {}{secret}", m.wire_name, ty(&names, &m.ty))
                    })
                    .collect();
                let closed = if s.closed { " closed" } else { "" };
                // Unknown members kept as JSON (the default) are left out of the rendering.
                let extra = match &s.extra {
                    None => String::from(" no-extra"),
                    Some(TypeRef::Any) => String::new(),
                    Some(t) => format!(" extra {}", ty(&names, t)),
                };
                format!("struct {{ {} }}{closed}{extra}", members.join(", "))
            }
            ShapeKind::Enum(e) => {
                let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                let open = if e.open { " open" } else { "" };
                format!("enum [{}]{open}", values.join(", "))
            }
            ShapeKind::Newtype(n) => {
                format!("newtype {:?}{}", n.primitive, rules(&n.constraints))
            }
            ShapeKind::Alias(t) => format!("alias {}", ty(&names, t)),
            ShapeKind::Wrapper(t) => format!("wrapper {}", ty(&names, t)),
            ShapeKind::Collection(c) => {
                format!("collection {}{}", ty(&names, &c.ty), rules(&c.constraints))
            }
            ShapeKind::Union(u) => {
                let how = match (&u.tag, u.one_of) {
                    (Some(tag), _) => format!("tag {tag}"),
                    (None, true) => String::from("oneOf"),
                    (None, false) => String::from("anyOf"),
                };
                let variants: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| {
                        let tags = if v.tags.is_empty() {
                            String::new()
                        } else {
                            format!("={}", v.tags.join("|"))
                        };
                        format!("{}{tags}", ty(&names, &v.ty))
                    })
                    .collect();
                format!("union {how} [{}]", variants.join(", "))
            }
        };
        writeln!(out, "{}: {kind}", names.ty(id)).unwrap();
    }
    out
}

fn ty(names: &Names, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => names.ty(*id).to_owned(),
        TypeRef::Primitive(p) => format!("{p:?}"),
        TypeRef::List(t) => format!("[{}]", ty(names, t)),
        TypeRef::Map(t) => format!("{{{}}}", ty(names, t)),
        TypeRef::Any => String::from("Any"),
        TypeRef::Nullable(t) => format!("{} | null", ty(names, t)),
        TypeRef::Loose(t, c) => format!("{c:?}Or<{}>", ty(names, t)),
    }
}

/// The rules that are set, as ` rule=value` pairs.
fn rules(c: &Constraints) -> String {
    let mut out = String::new();
    let mut put = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            write!(out, " {name}={v}").unwrap();
        }
    };
    put("minLength", c.min_length.map(|v| v.to_string()));
    put("maxLength", c.max_length.map(|v| v.to_string()));
    for p in &c.patterns {
        put("pattern", Some(p.clone()));
    }
    put("minimum", c.minimum.map(|v| v.to_string()));
    put("maximum", c.maximum.map(|v| v.to_string()));
    put(
        "exclusiveMinimum",
        c.exclusive_minimum.map(|v| v.to_string()),
    );
    put(
        "exclusiveMaximum",
        c.exclusive_maximum.map(|v| v.to_string()),
    );
    put("multipleOf", c.multiple_of.map(|v| v.to_string()));
    put("format", c.format.clone());
    put("minItems", c.min_items.map(|v| v.to_string()));
    put("maxItems", c.max_items.map(|v| v.to_string()));
    put("uniqueItems", c.unique_items.then(|| String::from("true")));
    put("minProperties", c.min_properties.map(|v| v.to_string()));
    put("maxProperties", c.max_properties.map(|v| v.to_string()));
    if !c.enum_values.is_empty() {
        put("enum", Some(c.enum_values.join("|")));
    }
    put("secret", c.sensitive.then(|| String::from("true")));
    out
}

// ---- classification: what `type`, `enum` and the rules make -------------------------------

#[test]
fn a_named_string_without_rules_is_a_newtype() {
    assert_eq!(
        one(r#"{"title":"Name","type":"string"}"#),
        "Name: newtype String\n"
    );
}

#[test]
fn a_string_with_rules_is_a_checked_newtype() {
    assert_eq!(
        one(r#"{"title":"Code","type":"string","minLength":1,"maxLength":4,"pattern":"^[A-Z]+$"}"#),
        "Code: newtype String minLength=1 maxLength=4 pattern=^[A-Z]+$\n"
    );
}

#[test]
fn integers_are_64_bits_unless_both_bounds_fit_32() {
    assert_eq!(
        one(r#"{"title":"Count","type":"integer","minimum":0}"#),
        "Count: newtype I64 minimum=0\n"
    );
    assert_eq!(
        one(r#"{"title":"Small","type":"integer","minimum":0,"maximum":10}"#),
        "Small: newtype I32 minimum=0 maximum=10\n"
    );
    assert_eq!(
        one(r#"{"title":"Wide","type":"integer","format":"int64","minimum":0,"maximum":10}"#),
        "Wide: newtype I64 minimum=0 maximum=10 format=int64\n"
    );
}

#[test]
fn rules_for_another_kind_of_value_do_not_apply() {
    assert_eq!(
        one(r#"{"title":"N","type":"integer","maxLength":3,"minItems":1}"#),
        "N: newtype I64\n"
    );
}

#[test]
fn draft_4_boolean_exclusive_bounds_become_exclusive_numbers() {
    assert_eq!(
        one(
            r#"{"$schema":"http://json-schema.org/draft-04/schema#","title":"P","type":"number","minimum":0,"exclusiveMinimum":true}"#
        ),
        "P: newtype F64 exclusiveMinimum=0\n"
    );
}

#[test]
fn a_string_enum_is_an_enum() {
    assert_eq!(
        one(r#"{"title":"Color","type":"string","enum":["red","green"]}"#),
        "Color: enum [red, green]\n"
    );
}

#[test]
fn an_enum_without_type_whose_values_are_strings_is_an_enum() {
    assert_eq!(
        one(r#"{"title":"Flag","enum":["on","off"]}"#),
        "Flag: enum [on, off]\n"
    );
}

#[test]
fn an_enum_of_integers_is_a_checked_integer() {
    assert_eq!(
        one(r#"{"title":"Level","enum":[1,2,3]}"#),
        "Level: newtype I64 enum=1|2|3\n"
    );
}

#[test]
fn an_enum_of_several_kinds_is_json_checked_against_the_list() {
    assert_eq!(
        one(r#"{"title":"Mixed","enum":["a",1,[2]]}"#),
        "Mixed: newtype Json enum=\"a\"|1|[2]\n"
    );
}

#[test]
fn only_null_is_json_checked_to_be_null() {
    assert_eq!(
        one(r#"{"title":"Nothing","type":"null"}"#),
        "Nothing: newtype Json enum=null\n"
    );
    assert_eq!(
        one(r#"{"title":"Nil","const":null}"#),
        "Nil: newtype Json enum=null\n"
    );
}

#[test]
fn a_type_with_null_is_nullable_where_it_is_used() {
    assert_eq!(
        one(r#"{"title":"Pet","type":"object","properties":{"nick":{"type":["string","null"]}}}"#),
        "Pet: struct { nick?: String | null }\n"
    );
}

#[test]
fn rules_without_a_type_are_json_checked_kind_by_kind() {
    assert_eq!(
        one(r#"{"title":"Short","maxLength":3}"#),
        "Short: newtype Json maxLength=3\n"
    );
}

#[test]
fn an_empty_schema_is_any_json() {
    assert_eq!(one(r#"{"title":"Whatever"}"#), "Whatever: alias Any\n");
}

#[test]
fn date_times_are_timestamps_only_when_the_setting_says_so() {
    let schema = r#"{"title":"When","type":"string","format":"date-time"}"#;
    assert_eq!(one(schema), "When: newtype String format=date-time\n");
    let policies = Policies {
        date_times: DateTimes::Timestamp,
        ..Policies::default()
    };
    assert_eq!(
        ir_with(&[("ns/a.json", schema)], policies),
        "When: newtype Timestamp format=date-time\n"
    );
}

#[test]
fn base64_strings_are_blobs() {
    assert_eq!(
        one(r#"{"title":"Data","type":"string","contentEncoding":"base64"}"#),
        "Data: newtype Blob\n"
    );
}

#[test]
fn password_and_write_only_make_a_secret() {
    assert_eq!(
        one(r#"{"title":"Pw","type":"string","format":"password"}"#),
        "Pw: newtype String format=password secret=true\n"
    );
    assert_eq!(
        one(r#"{"title":"Key","type":"string","writeOnly":true}"#),
        "Key: newtype String secret=true\n"
    );
}

#[test]
fn unknown_members_are_kept_or_dropped_as_the_setting_says() {
    let schema = r#"{"title":"Bag","type":"object","properties":{"a":{"type":"string"}}}"#;
    assert_eq!(one(schema), "Bag: struct { a?: String }\n");
    let policies = Policies {
        unknown_members: crate::config::UnknownMembers::Drop,
        ..Policies::default()
    };
    assert_eq!(
        ir_with(&[("ns/a.json", schema)], policies),
        "Bag: struct { a?: String } no-extra\n"
    );
}

// ---- objects, lists and maps ----------------------------------------------------------------

#[test]
fn properties_make_a_struct_with_required_members() {
    assert_eq!(
        one(
            r#"{"title":"User","type":"object","required":["id"],"properties":{"id":{"type":"string"},"age":{"type":"integer"}}}"#
        ),
        "User: struct { id: String, age?: I64 }\n"
    );
}

#[test]
fn additional_properties_false_closes_the_struct() {
    assert_eq!(
        one(
            r#"{"title":"Closed","type":"object","properties":{"a":{}},"additionalProperties":false}"#
        ),
        "Closed: struct { a?: Any } closed no-extra\n"
    );
}

#[test]
fn additional_properties_alone_make_a_map() {
    assert_eq!(
        one(r#"{"title":"Tags","type":"object","additionalProperties":{"type":"string"}}"#),
        "Tags: alias {String}\n"
    );
}

#[test]
fn items_make_a_list_and_size_rules_a_checked_one() {
    assert_eq!(
        one(r#"{"title":"Names","type":"array","items":{"type":"string"}}"#),
        "Names: alias [String]\n"
    );
    assert_eq!(
        one(
            r#"{"title":"Few","type":"array","items":{"type":"string"},"maxItems":3,"uniqueItems":true}"#
        ),
        "Few: collection [String] maxItems=3 uniqueItems=true\n"
    );
}

#[test]
fn a_tuple_is_a_list_of_json() {
    assert_eq!(
        one(
            r#"{"title":"Pair","type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}"#
        ),
        "Pair: collection [Any]\n"
    );
}

#[test]
fn an_inline_object_is_a_shape_named_after_its_place() {
    assert_eq!(
        one(
            r#"{"title":"Order","type":"object","properties":{"item":{"type":"object","properties":{"sku":{"type":"string"}}}}}"#
        ),
        "Order: struct { item?: OrderItem }\nOrderItem: struct { sku?: String }\n"
    );
}

// ---- allOf: merging ----------------------------------------------------------------------------

#[test]
fn all_of_merges_properties_and_required() {
    assert_eq!(
        one(
            r#"{"title":"Both","allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}},"required":["b"]}]}"#
        ),
        "Both: struct { a: String, b: I64 }\n"
    );
}

#[test]
fn all_of_keeps_the_tighter_bound() {
    assert_eq!(
        one(
            r#"{"title":"Pct","allOf":[{"type":"integer","minimum":0,"maximum":100},{"minimum":10,"maximum":200}]}"#
        ),
        "Pct: newtype I32 minimum=10 maximum=100\n"
    );
}

#[test]
fn all_of_keeps_every_pattern() {
    assert_eq!(
        one(r#"{"title":"Id","allOf":[{"type":"string","pattern":"^a"},{"pattern":"z$"}]}"#),
        "Id: newtype String pattern=^a pattern=z$\n"
    );
}

#[test]
fn integer_and_number_merge_to_integer() {
    assert_eq!(
        one(r#"{"title":"Whole","allOf":[{"type":"number"},{"type":"integer"}]}"#),
        "Whole: newtype I64\n"
    );
}

#[test]
fn contradictory_types_are_an_error_naming_both() {
    let e = error(&[(
        "ns/a.json",
        r#"{"title":"Bad","allOf":[{"type":"string"},{"type":"object"}]}"#,
    )]);
    assert!(e.contains("string") && e.contains("object"), "{e}");
}

#[test]
fn a_secret_part_makes_the_whole_a_secret() {
    assert_eq!(
        one(r#"{"title":"Token","allOf":[{"type":"string","minLength":8},{"writeOnly":true}]}"#),
        "Token: newtype String minLength=8 secret=true\n"
    );
}

#[test]
fn all_of_a_reference_and_rules_merges_them() {
    assert_eq!(
        ir(&[
            (
                "ns/base.json",
                r#"{"title":"Base","type":"string","maxLength":10}"#
            ),
            (
                "ns/short.json",
                r##"{"title":"Short","allOf":[{"$ref":"#/components/schemas/Base"},{"maxLength":5}]}"##
            ),
        ]),
        "Base: newtype String maxLength=10\nShort: newtype String maxLength=5\n"
    );
}

// ---- unions ----------------------------------------------------------------------------------

#[test]
fn one_of_string_constants_is_an_enum() {
    assert_eq!(
        one(r#"{"title":"Size","oneOf":[{"const":"s"},{"const":"m"},{"const":"l"}]}"#),
        "Size: enum [s, m, l]\n"
    );
}

#[test]
fn a_list_of_types_is_a_union_of_the_kinds_integer_first() {
    assert_eq!(
        one(r#"{"title":"Num","type":["string","number","integer"]}"#),
        "Num: union anyOf [I64, F64, String]\n"
    );
}

#[test]
fn a_null_alternative_makes_the_rest_nullable() {
    assert_eq!(
        one(
            r#"{"title":"Holder","type":"object","properties":{"v":{"oneOf":[{"type":"string"},{"type":"null"}]}}}"#
        ),
        "Holder: struct { v?: String | null }\n"
    );
}

#[test]
fn alternatives_with_a_constant_member_are_a_tagged_union() {
    assert_eq!(
        one(r#"{"title":"Event","oneOf":[
                {"type":"object","title":"Opened","required":["kind"],"properties":{"kind":{"const":"open"}}},
                {"type":"object","title":"Closed","required":["kind"],"properties":{"kind":{"const":"close"}}}]}"#),
        "Event: union tag kind [EventVariant1=open, EventVariant2=close]\n\
         EventVariant1: struct { kind: EventVariant1Kind }\n\
         EventVariant2: struct { kind: EventVariant2Kind }\n\
         EventVariant1Kind: enum [open]\n\
         EventVariant2Kind: enum [close]\n"
    );
}

#[test]
fn any_of_structures_is_an_untagged_union() {
    let out = one(r#"{"title":"Shape","anyOf":[
            {"type":"object","required":["r"],"properties":{"r":{"type":"number"}}},
            {"type":"object","required":["w"],"properties":{"w":{"type":"number"}}}]}"#);
    assert!(
        out.starts_with("Shape: union anyOf [ShapeVariant1, ShapeVariant2]\n"),
        "{out}"
    );
}

// ---- references ------------------------------------------------------------------------------

#[test]
fn a_reference_by_title_names_the_shape() {
    assert_eq!(
        ir(&[
            (
                "ns/owner.json",
                r##"{"title":"Owner","type":"object","properties":{"pet":{"$ref":"#/components/schemas/Pet"}}}"##
            ),
            (
                "ns/pet.json",
                r#"{"title":"Pet","type":"object","properties":{"name":{"type":"string"}}}"#
            ),
        ]),
        "Owner: struct { pet?: Pet }\nPet: struct { name?: String }\n"
    );
}

#[test]
fn a_relative_file_reference_resolves_beside_the_document() {
    assert_eq!(
        ir(&[
            (
                "ns/a.json",
                r#"{"title":"A","type":"object","properties":{"b":{"$ref":"./b.json"}}}"#
            ),
            (
                "ns/b.json",
                r#"{"title":"B","type":"string","minLength":1}"#
            ),
        ]),
        "A: struct { b?: B }\nB: newtype String minLength=1\n"
    );
}

#[test]
fn a_pointer_into_defs_makes_a_definition_shape() {
    assert_eq!(
        one(
            r##"{"title":"Doc","type":"object","properties":{"x":{"$ref":"#/$defs/Code"}},"$defs":{"Code":{"type":"string","maxLength":2}}}"##
        ),
        "Doc: struct { x?: Code }\nCode: newtype String maxLength=2\n"
    );
}

#[test]
fn a_pointer_into_definitions_of_draft_7_works_alike() {
    assert_eq!(
        one(
            r##"{"title":"Doc","type":"object","properties":{"x":{"$ref":"#/definitions/Code"}},"definitions":{"Code":{"type":"string","maxLength":2}}}"##
        ),
        "Doc: struct { x?: Code }\nCode: newtype String maxLength=2\n"
    );
}

#[test]
fn a_reference_to_the_root_is_recursion() {
    assert_eq!(
        one(r##"{"title":"Node","type":"object","properties":{"next":{"$ref":"#"}}}"##),
        "Node: struct { next?: Node }\n"
    );
}

#[test]
fn an_anchor_reference_finds_its_schema() {
    assert_eq!(
        one(
            r##"{"title":"Doc","type":"object","properties":{"x":{"$ref":"#code"}},"$defs":{"Code":{"$anchor":"code","type":"string","maxLength":2}}}"##
        ),
        "Doc: struct { x?: Code }\nCode: newtype String maxLength=2\n"
    );
}

#[test]
fn a_reference_by_id_finds_the_document() {
    assert_eq!(
        ir(&[
            (
                "ns/a.json",
                r#"{"title":"A","type":"object","properties":{"b":{"$ref":"https://example.com/b.json"}}}"#
            ),
            (
                "ns/b.json",
                r#"{"$id":"https://example.com/b.json","title":"B","type":"integer","minimum":1}"#
            ),
        ]),
        "A: struct { b?: B }\nB: newtype I64 minimum=1\n"
    );
}

#[test]
fn a_reference_across_namespaces_names_the_other_shape() {
    assert_eq!(
        ir(&[
            (
                "one/a.json",
                r#"{"title":"A","type":"object","properties":{"b":{"$ref":"../two/b.json"}}}"#
            ),
            (
                "two/b.json",
                r#"{"title":"B","type":"string","maxLength":3}"#
            ),
        ]),
        "A: struct { b?: B }\nB: newtype String maxLength=3\n"
    );
}

#[test]
fn an_unknown_title_is_an_error() {
    let e = error(&[(
        "ns/a.json",
        r##"{"title":"A","type":"object","properties":{"b":{"$ref":"#/components/schemas/Nope"}}}"##,
    )]);
    assert!(e.contains("Nope"), "{e}");
}

#[test]
fn a_pointer_that_leads_nowhere_is_an_error() {
    let e = error(&[(
        "ns/a.json",
        r##"{"title":"A","type":"object","properties":{"b":{"$ref":"#/$defs/Missing"}}}"##,
    )]);
    assert!(e.contains("Missing") || e.contains("does not exist"), "{e}");
}
