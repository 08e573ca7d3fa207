//! Property tests: no panic on arbitrary input, structural invariants on random HTML-ish
//! fragments, and an exact round trip for plain text through a CommonMark parser.

#[path = "docs/support.rs"]
mod common;

use proptest::prelude::*;

fn pieces() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..common::PIECES.len(), 0..80)
        .prop_map(|idx| idx.into_iter().map(|i| common::PIECES[i]).collect())
}

proptest! {
    // 2000 cases per property unless PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn never_panics_on_random_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        width in 0usize..120,
    ) {
        let html = String::from_utf8_lossy(&bytes);
        let _ = codegen::docs::to_rustdoc(&html, width);
    }

    #[test]
    fn never_panics_on_random_strings(html in ".{0,300}", width in 0usize..120) {
        let _ = codegen::docs::to_rustdoc(&html, width);
        let _ = codegen::docs::to_markdown(&html);
    }

    #[test]
    fn random_fragments_are_well_formed(html in pieces(), width in 20usize..120) {
        let lines = codegen::docs::to_rustdoc(&html, width);
        let markdown = lines.join("\n");
        let mut problems = common::line_violations(&lines, width);
        problems.extend(common::markdown_violations(&markdown));
        // Markdown syntax characters must never leak into the visible text: the reader may see
        // at most as many of them as the input contained.
        let seen = common::rendered_text_outside_links(&markdown);
        for ch in ['*', '_', '`', '\\', '~', '|', '#', '[', ']'] {
            let shown = seen.chars().filter(|&c| c == ch).count();
            let given = html.chars().filter(|&c| c == ch).count();
            if shown > given {
                problems.push(format!("{shown} `{ch}` shown, {given} in the input"));
            }
        }
        prop_assert!(problems.is_empty(), "{problems:#?}\n--- html:\n{html}\n--- markdown:\n{markdown}");
        // Deterministic.
        prop_assert_eq!(&lines, &codegen::docs::to_rustdoc(&html, width));
    }

    #[test]
    fn plain_text_round_trips(
        text in "[a-zA-Z0-9 \\n\\t.,:;!?#*_`\\\\\\[\\]()<>&|~+=\\-\"'/^{}$%@éß\u{a0}“”—\u{2028}]{0,200}",
        width in 10usize..100,
    ) {
        // HTML-escape so that the parser sees exactly `text` as character data.
        let html = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let lines = codegen::docs::to_rustdoc(&html, width);
        let markdown = lines.join("\n");
        let expected = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(common::rendered_text(&markdown), expected, "markdown:\n{}", markdown);
        let mut problems = common::line_violations(&lines, width);
        problems.extend(common::markdown_violations(&markdown));
        prop_assert!(problems.is_empty(), "{problems:#?}\n{markdown}");
    }

    #[test]
    fn plain_text_with_urls_round_trips(
        words in proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,8}",
                "https?://[a-z]{2,8}\\.(com|org)(/[a-z_()]{0,8})?[.,;)]?",
                "\\(https://[a-z]{2,5}\\.com/[a-z]{1,5}\\)",
                "[-+#=:]{1,3}",
                "[0-9]{1,3}[.)]",
            ],
            0..30,
        ),
        width in 10usize..100,
    ) {
        let text = words.join(" ");
        let html = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let markdown = codegen::docs::to_rustdoc(&html, width).join("\n");
        prop_assert_eq!(common::rendered_text(&markdown), text, "markdown:\n{}", markdown);
        prop_assert!(common::markdown_violations(&markdown).is_empty(), "{}", markdown);
    }
}

/// Inline-only HTML trees (text, `b`, `i`, `code`, `a`, `br`) with their expected visible text.
#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Code(String),
    Br,
    Bold(Vec<Node>),
    Italic(Vec<Node>),
    Link(bool, Vec<Node>),
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn to_html(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(&html_escape(t)),
            Node::Code(t) => {
                out.push_str("<code>");
                out.push_str(&html_escape(t));
                out.push_str("</code>");
            }
            Node::Br => out.push_str("<br>"),
            Node::Bold(c) | Node::Italic(c) | Node::Link(_, c) => {
                let (open, close) = match n {
                    Node::Bold(_) => ("<b>", "</b>"),
                    Node::Italic(_) => ("<i>", "</i>"),
                    Node::Link(true, _) => ("<a href=\"https://example.com/p_(1)\">", "</a>"),
                    _ => ("<a href=\"relative.html\">", "</a>"),
                };
                out.push_str(open);
                to_html(c, out);
                out.push_str(close);
            }
        }
    }
}

fn visible_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) | Node::Code(t) => out.push_str(t),
            Node::Br => out.push(' '),
            Node::Bold(c) | Node::Italic(c) | Node::Link(_, c) => visible_text(c, out),
        }
    }
}

fn has_text(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Text(t) | Node::Code(t) => !t.trim().is_empty(),
        Node::Br => false,
        Node::Bold(c) | Node::Italic(c) | Node::Link(_, c) => has_text(c),
    })
}

fn unlink(nodes: Vec<Node>) -> Vec<Node> {
    nodes
        .into_iter()
        .map(|n| match n {
            Node::Link(_, c) | Node::Bold(c) => Node::Bold(unlink(c)),
            Node::Italic(c) => Node::Italic(unlink(c)),
            other => other,
        })
        .collect()
}

fn inline_tree() -> impl Strategy<Value = Vec<Node>> {
    let leaf = prop_oneof![
        4 => "[a-z]{1,6}|[ ]{1,2}|[.,;:!?()\"'*_`#\\[\\]<>&|~+=\\-]{1,2}|https://x\\.org/[a-z_]{1,4}|&amp;[a-z]{2};?"
            .prop_map(Node::Text),
        1 => "[ ]?[a-z`*_ ]{1,6}[ ]?".prop_map(Node::Code),
        1 => Just(Node::Br),
    ];
    let node = leaf.prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Node::Bold),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Node::Italic),
            (any::<bool>(), proptest::collection::vec(inner, 1..4)).prop_map(|(abs, c)| {
                // No links inside links, and some text so that the link is not empty.
                let mut c = unlink(c);
                if !has_text(&c) {
                    c.push(Node::Text("link".into()));
                }
                Node::Link(abs, c)
            }),
        ]
    });
    proptest::collection::vec(node, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    /// Whatever the nesting of emphasis, code and links, the reader sees exactly the text of the
    /// HTML: no delimiter leaks as a literal character and nothing is lost.
    #[test]
    fn inline_markup_round_trips(tree in inline_tree(), width in 10usize..100) {
        let mut html = String::from("<p>");
        to_html(&tree, &mut html);
        let mut expected = String::new();
        visible_text(&tree, &mut expected);
        let expected = expected.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        let lines = codegen::docs::to_rustdoc(&html, width);
        let markdown = lines.join("\n");
        let seen = common::rendered_text(&markdown);
        let seen = seen.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(seen, expected, "html:\n{}\nmarkdown:\n{}", html, markdown);
        let mut problems = common::line_violations(&lines, width);
        problems.extend(common::markdown_violations(&markdown));
        prop_assert!(problems.is_empty(), "{problems:#?}\n{markdown}");
    }
}
