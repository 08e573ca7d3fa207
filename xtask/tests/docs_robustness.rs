//! Hostile inputs: deep nesting (no stack exhaustion), huge inputs, degenerate widths.

#[path = "docs/support.rs"]
mod common;

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    let mut s = open.repeat(depth);
    s.push_str(inner);
    s.push_str(&close.repeat(depth));
    s
}

#[test]
fn deep_nesting_does_not_exhaust_the_stack() {
    let cases = [
        ("<div>", "</div>"),
        ("<b>", "</b>"),
        ("<i><b>", "</b></i>"),
        ("<span>", "</span>"),
        ("<ul><li>", "</li></ul>"),
        ("<ol><li><p>", "</p></li></ol>"),
        ("<note>", "</note>"),
        ("<dl><dt>t</dt><dd>", "</dd></dl>"),
        ("<a href=\"https://example.com/\">", "</a>"),
        ("<blockquote>", "</blockquote>"),
        ("<foo>", ""),
        ("<li>", ""),
    ];
    for (open, close) in cases {
        // Far beyond the converter's structural depth limit; html5ever's tree builder itself is
        // quadratic in the nesting depth of some block elements, so stay at a thousand.
        let html = nested(open, close, 1_000, "innermost words");
        let lines = codegen::docs::to_rustdoc(&html, 90);
        let text = lines.join("\n");
        assert!(text.contains("innermost"), "{open}: content lost");
        assert!(
            common::markdown_violations(&text).is_empty(),
            "{open}: {text}"
        );
    }
}

#[test]
fn large_input_is_handled() {
    let paragraph = "<p>Some <b>bold</b> and <code>code</code> with a \
                     <a href=\"https://example.com/\">link</a> and [brackets].</p>";
    let html = paragraph.repeat(5_000);
    let lines = codegen::docs::to_rustdoc(&html, 90);
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 4_999);
    let long_word = "x".repeat(100_000);
    let lines = codegen::docs::to_rustdoc(&long_word, 90);
    assert_eq!(lines, vec![long_word]);
}

#[test]
fn degenerate_widths() {
    let html =
        "<p>Some words <code>and code</code></p><ul><li>item <ul><li>nested</li></ul></li></ul>";
    for width in [0, 1, 2, 5, usize::MAX] {
        let lines = codegen::docs::to_rustdoc(html, width);
        assert!(!lines.is_empty());
        assert!(common::markdown_violations(&lines.join("\n")).is_empty());
    }
    assert_eq!(
        codegen::docs::to_markdown(html),
        "Some words `and code`\n\n- item\n  - nested"
    );
}

#[test]
fn empty_inputs_give_no_lines() {
    for html in [
        "",
        "   ",
        "\n\t ",
        "<p></p>",
        "<p> </p><ul></ul>",
        "<!-- only a comment -->",
        "<br><br>",
    ] {
        assert!(codegen::docs::to_rustdoc(html, 90).is_empty(), "{html:?}");
    }
}
