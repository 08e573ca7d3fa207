//! The fixed prose of the generated files (the crate's documentation, the examples' and
//! `schemas.rs`'s headers), kept as text files in `templates/` with named holes (`{{krate}}`),
//! so that it reads as it will be read.
//!
//! Takes: a template and the text of each of its holes. Gives: the text with every hole filled.

/// The crate's documentation: `{{modules}}` (a line per module), `{{examples}}` (a
/// [`CRATE_EXAMPLE`] per namespace that has one).
pub const CRATE_DOC: &str = include_str!("templates/crate_doc.md");

/// One namespace's example in the crate documentation: `{{namespace}}` (a code span),
/// `{{krate}}`, `{{module}}`, `{{example}}` (the type), `{{build}}` (how a value is made).
pub const CRATE_EXAMPLE: &str = include_str!("templates/crate_example.md");

/// The head of the `<crate>-roundtrip` example: `{{example}}`.
pub const ROUNDTRIP_EXAMPLE: &str = include_str!("templates/roundtrip_example.md");

/// The head of the `<crate>-schema` example: `{{example}}`.
pub const SCHEMA_EXAMPLE: &str = include_str!("templates/schema_example.md");

/// The head of `src/schemas.rs`.
pub const SCHEMAS_RS: &str = include_str!("templates/schemas_rs.md");

/// `template` with each `{{name}}` replaced by its value in `holes`. Every hole of a template
/// has a value, and every value a hole (the tests fill every template).
pub fn fill(template: &str, holes: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            break;
        };
        let name = &after[..end];
        match holes.iter().find(|(hole, _)| *hole == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                debug_assert!(false, "the template has a hole `{name}` with no value");
                out.push_str(&rest[start..start + 4 + end]);
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    debug_assert!(
        holes
            .iter()
            .all(|(hole, _)| template.contains(&format!("{{{{{hole}}}}}"))),
        "a value for a hole the template does not have"
    );
    out
}

/// The lines of `text` (for `//!` and `///` comments).
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_are_filled_and_other_braces_kept() {
        let text = fill(
            "use {{krate}}::{A, B}; {{x}}{{x}}",
            &[("krate", "k"), ("x", "1")],
        );
        assert_eq!(text, "use k::{A, B}; 11");
    }

    #[test]
    fn every_template_has_the_holes_its_callers_fill() {
        let holes = |t: &str| {
            let mut found: Vec<String> = t
                .split("{{")
                .skip(1)
                .filter_map(|s| s.split_once("}}").map(|(h, _)| h.to_owned()))
                .collect();
            found.sort();
            found.dedup();
            found
        };
        assert_eq!(holes(CRATE_DOC), ["examples", "modules"]);
        assert_eq!(
            holes(CRATE_EXAMPLE),
            ["build", "example", "krate", "module", "namespace"]
        );
        assert_eq!(holes(ROUNDTRIP_EXAMPLE), ["example"]);
        assert_eq!(holes(SCHEMA_EXAMPLE), ["example"]);
        assert!(holes(SCHEMAS_RS).is_empty());
    }
}
