//! Golden tests: every `tests/docs/cases/<name>.html` is converted with `to_rustdoc(html, 90)` and
//! compared with `tests/docs/cases/<name>.md` (lines joined with `\n`, plus a trailing newline).
//! Regenerate with `EXPECTORATE=overwrite cargo test --test docs_golden`.

#[path = "docs/support.rs"]
mod common;

#[test]
fn golden_cases() {
    let inputs = common::golden_inputs();
    assert!(!inputs.is_empty(), "no cases found in tests/cases");
    for html_path in &inputs {
        let html = std::fs::read_to_string(html_path)
            .unwrap_or_else(|e| panic!("{}: {e}", html_path.display()));
        let lines = codegen::docs::to_rustdoc(&html, 90);
        let mut rendered = lines.join("\n");
        rendered.push('\n');
        expectorate::assert_contents(html_path.with_extension("md"), &rendered);

        let mut problems = common::line_violations(&lines, 90);
        problems.extend(common::markdown_violations(&lines.join("\n")));
        assert!(
            problems.is_empty(),
            "{}: {problems:#?}",
            html_path.display()
        );
    }
    println!("{} golden cases checked", inputs.len());
}
