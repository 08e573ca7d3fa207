//! The layout rules, each as rustfmt was seen to apply it, written down as an exact case. (That
//! rustfmt leaves whole generated crates as they are is tested on the crates themselves:
//! `cargo fmt --check` in CI for the checked-in ones, `xtask/tests/rustfmt.rs` for the corpus
//! crate and the generative test's hostile names.)

use super::tree::FieldValue;
use super::*;

/// `items` rendered inside nothing, at indentation 0.
fn text(items: &[Item]) -> String {
    render(items, 0)
}

/// A function `f() { body }` inside `impl X`, so that its statements are at indentation 8.
fn in_method(body: Vec<Stmt>) -> String {
    let f = Fn::new("f", vec![], None, body).item();
    text(&[Item::inherent(Ty::path("X"), vec![f])])
}

/// The statement lines of [`in_method`] without their indentation of 8.
fn statements(body: Vec<Stmt>) -> String {
    let all = in_method(body);
    let lines: Vec<&str> = all.lines().collect();
    lines[2..lines.len() - 2]
        .iter()
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn call(callee: &'static str, args: &[&'static str]) -> Expr {
    Expr::call(callee, args.iter().map(|a| Expr::atom(*a)).collect())
}

#[test]
fn a_value_that_does_not_fit_beside_its_binding_goes_to_the_next_line() {
    let read = call(
        "rt::optional_or_null",
        &["members", "\"RecoveryMechanisms\"", "at"],
    )
    .tried();
    let ty = Ty::option(Ty::path("RecoveryMechanismsType"));
    assert_eq!(
        statements(vec![Stmt::bind("recovery_mechanisms", Some(ty), read)]),
        "let recovery_mechanisms: Option<RecoveryMechanismsType> =\n    \
         rt::optional_or_null(members, \"RecoveryMechanisms\", at)?;"
    );
}

#[test]
fn a_lone_struct_literal_overflows_its_call() {
    let fields = ["user_pool_id", "username"]
        .map(|f| FieldValue::new(f, Expr::atom(f)))
        .into();
    let ok = Expr::structure("Self", fields).ok();
    assert_eq!(
        statements(vec![Stmt::Tail(ok)]),
        "Ok(Self {\n    user_pool_id,\n    username,\n})"
    );
    let short = Expr::structure("Self", vec![FieldValue::new("a", Expr::atom("a"))]).ok();
    assert_eq!(statements(vec![Stmt::Tail(short)]), "Ok(Self { a })");
}

#[test]
fn a_chain_breaks_before_each_link_and_a_short_parent_keeps_its_first() {
    let push = Expr::atom("self")
        .field("user_attributes_long_name")
        .method("get_or_insert_with", vec![Expr::atom("Vec::new")])
        .method("push", vec![Expr::atom("item").method("into", vec![])]);
    assert_eq!(
        statements(vec![Stmt::Semi(push)]),
        "self.user_attributes_long_name\n    .get_or_insert_with(Vec::new)\n    .push(item.into());"
    );
}

#[test]
fn a_chain_that_ends_in_a_question_mark_keeps_two_columns_more_free() {
    // 98 columns with its indentation: on one line; 99: the value goes to the next line.
    let stmt = |binding: &str| {
        let args = vec![
            Expr::atom("\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\""),
            Expr::atom("len"),
        ];
        let begin = Expr::atom("serializer")
            .method("serialize_struct", args)
            .tried();
        in_method(vec![Stmt::bind(binding, None, begin)])
    };
    assert_eq!(stmt("xxxxxxxx").lines().nth(2).map(str::len), Some(98));
    assert!(stmt("xxxxxxxxx").lines().nth(2).unwrap().ends_with(" ="));
}

#[test]
fn operators_break_before_each_operand() {
    let term = |t: &str| Expr::atom(format!("<{t} as rt::FromJson>::NULLABLE"));
    let any = Expr::Binary(
        "||",
        vec![term(&"A".repeat(16)), term(&"B".repeat(20)), term("C")],
    );
    let constant = Item::constant("NULLABLE", Ty::path("bool"), any);
    assert_eq!(
        statements(vec![Stmt::item(constant)]),
        format!(
            "const NULLABLE: bool = <{} as rt::FromJson>::NULLABLE\n    || <{} as \
             rt::FromJson>::NULLABLE\n    || <C as rt::FromJson>::NULLABLE;",
            "A".repeat(16),
            "B".repeat(20)
        )
    );
}

#[test]
fn an_arm_whose_body_fits_on_the_next_line_gets_a_block() {
    let arm = Arm::new(
        format!("Self::{}(value)", "V".repeat(50)),
        call("rt::serde::Serialize::serialize", &["value", "serializer"]),
    );
    let m = Expr::matching(Expr::atom("self"), vec![arm]);
    assert_eq!(
        statements(vec![Stmt::Tail(m)]),
        format!(
            "match self {{\n    Self::{}(value) => {{\n        \
             rt::serde::Serialize::serialize(value, serializer)\n    }}\n}}",
            "V".repeat(50)
        )
    );
}

#[test]
fn an_impl_bound_has_the_whole_width() {
    // rustfmt gives `impl Bound` the width of the whole type: a parameter line of 102 columns
    // stays on one line.
    let ty = Ty::impl_items_into(Ty::path("VerifiedAttributesListTypeItem"));
    let f = Fn::new(
        "with_auto_verified_attributes",
        vec![
            Param::receiver("mut self"),
            Param::new("auto_verified_attributes", ty),
        ],
        Some(Ty::path("Self")),
        vec![Stmt::Tail(Expr::atom("self"))],
    );
    let out = text(&[Item::inherent(Ty::path("X"), vec![f.public().item()])]);
    assert!(out.lines().any(|l| l.len() == 102), "{out}");
}

#[test]
fn short_simple_items_fill_lines() {
    let items: Vec<Expr> = (0..30).map(|i| Expr::atom(format!("\"v{i}\""))).collect();
    let listed = Item::constant(
        "ALLOWED",
        Ty::slice_ref(Ty::path("&str")),
        Expr::slice(items),
    );
    let out = statements(vec![Stmt::item(listed)]);
    assert!(
        out.starts_with("const ALLOWED: &[&str] = &[\n    \"v0\", \"v1\","),
        "{out}"
    );
    assert!(out.lines().count() < 10, "{out}");
}

#[test]
fn long_heads_put_their_brace_on_a_line_of_its_own() {
    let name = "N".repeat(100);
    let out = text(&[Item::trait_impl(
        Ty::path("rt::ToValue"),
        Ty::path(name.clone()),
        vec![],
    )]);
    assert_eq!(out, format!("impl rt::ToValue\n    for {name}\n{{\n}}\n"));
}
