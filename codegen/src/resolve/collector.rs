//! **What a resolving run reports beside the IR**, collected as it goes: one [`Collector`] is
//! passed, `&mut`, to whatever finds something to report (as `serde_derive` passes its `Ctxt`).
//!
//! Takes: errors and warnings as they are found, the `$ref` keywords resolved, the titles
//! that references name and no document has, and the patterns read (each checked once,
//! [`patterns`](super::patterns)). Gives: the [`Outcome`] of the run: the errors in the
//! order found; the warnings in the order found, those found while reading a schema (which is
//! read once per use: a reference that leads nowhere under `--unresolved=untyped`, a pattern
//! matched within a step limit) after the others, the pattern's once per place; the missing
//! titles sorted; the count of distinct `$ref` keywords resolved.

use std::collections::{BTreeSet, HashSet};

use crate::diag::Diagnostic;
use crate::ir::{Ir, Loc};

use super::Outcome;
use super::patterns::{Patterns, Verdict};

/// The diagnostics of a run, and what it reports beside them.
#[derive(Debug, Default)]
pub(super) struct Collector {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Warnings found while reading a schema: given after [`Self::warnings`], and asked by the
    /// schema check so that it does not warn of a reference again.
    reading: Vec<Diagnostic>,
    /// (namespace, title) of references by title that no document has.
    missing_titles: BTreeSet<(String, String)>,
    /// The `$ref` keywords resolved so far (their locations).
    resolved: HashSet<Loc>,
    /// The patterns read so far, with what checking each found.
    patterns: Patterns,
}

impl Collector {
    pub(super) fn error(&mut self, error: Diagnostic) {
        self.errors.push(error);
    }

    pub(super) fn warn(&mut self, warning: Diagnostic) {
        self.warnings.push(warning);
    }

    /// A warning found while reading a schema.
    pub(super) fn warn_reading(&mut self, warning: Diagnostic) {
        self.reading.push(warning);
    }

    /// A warning found while reading a schema, said once per kind and place however often the
    /// schema is read.
    pub(super) fn warn_reading_once(&mut self, warning: Diagnostic) {
        fn at(d: &Diagnostic) -> Option<(&str, &str)> {
            d.place
                .as_ref()
                .map(|p| (p.path.as_str(), p.pointer.as_str()))
        }
        let said = |d: &Diagnostic| d.kind == warning.kind && at(d) == at(&warning);
        if !self.reading.iter().any(said) {
            self.reading.push(warning);
        }
    }

    /// Whether a warning found while reading a schema is at `location` (`file:line:column`;
    /// `None`: no place).
    pub(super) fn warned_reading_at(&self, location: Option<&str>) -> bool {
        self.reading
            .iter()
            .any(|w| w.location().as_deref() == location)
    }

    /// The `$ref` keyword at `at` is resolved.
    pub(super) fn resolved(&mut self, at: Loc) {
        self.resolved.insert(at);
    }

    /// How many distinct `$ref` keywords are resolved so far.
    pub(super) fn resolved_count(&self) -> usize {
        self.resolved.len()
    }

    /// A reference names the title `title`, which no document of `namespace` has.
    pub(super) fn missing_title(&mut self, namespace: &str, title: &str) {
        self.missing_titles
            .insert((namespace.to_owned(), title.to_owned()));
    }

    /// What checking `pattern` finds (the first time it is read; remembered after).
    pub(super) fn pattern(&mut self, pattern: &str) -> &Verdict {
        self.patterns.check(pattern)
    }

    pub(super) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The run's outcome, with its IR.
    pub(super) fn finish(self, ir: Ir) -> Outcome {
        let mut warnings = self.warnings;
        warnings.extend(self.reading);
        Outcome {
            ir,
            warnings,
            errors: self.errors,
            missing_titles: self.missing_titles.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diag::Place;

    /// A warning of kind `kind` at `pointer` of a one-line document.
    fn warning(message: &str, kind: &'static str, pointer: &str) -> Diagnostic {
        let source: Arc<str> = Arc::from(r#"{"a": {"pattern": "x"}, "b": 1}"#);
        Diagnostic::warning(message, Place::at_pointer("ns/a.json", &source, pointer))
            .with_kind(kind)
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics.iter().map(|d| d.message.as_str()).collect()
    }

    #[test]
    fn warnings_come_in_the_order_found_those_of_reading_last() {
        let mut cx = Collector::default();
        cx.warn_reading(warning("read 1", "unknown $ref", "/a"));
        cx.warn(warning("first", "", "/b"));
        cx.warn_reading(warning("read 2", "unknown $ref", "/a"));
        cx.warn(warning("second", "", "/a"));
        cx.error(warning("an error", "", "/a"));
        assert!(cx.has_errors());
        let outcome = cx.finish(Ir::default());
        // Repeats stay: dropping them is the caller's (`diag::sort_and_dedup`).
        assert_eq!(
            messages(&outcome.warnings),
            ["first", "second", "read 1", "read 2"]
        );
        assert_eq!(messages(&outcome.errors), ["an error"]);
    }

    #[test]
    fn a_warning_said_once_is_said_once_per_kind_and_place() {
        let mut cx = Collector::default();
        cx.warn_reading_once(warning("bounded", "bounded pattern", "/a/pattern"));
        cx.warn_reading_once(warning("again", "bounded pattern", "/a/pattern"));
        cx.warn_reading_once(warning("elsewhere", "bounded pattern", "/b"));
        cx.warn_reading_once(warning("other kind", "unknown $ref", "/a/pattern"));
        assert!(!cx.has_errors());
        let outcome = cx.finish(Ir::default());
        assert_eq!(
            messages(&outcome.warnings),
            ["bounded", "elsewhere", "other kind"]
        );
    }

    #[test]
    fn the_schema_check_asks_where_reading_warned() {
        let mut cx = Collector::default();
        cx.warn(warning("not reading", "", "/b"));
        cx.warn_reading(warning("reading", "unknown $ref", "/a"));
        let at = |pointer: &str| warning("", "", pointer).location();
        assert!(cx.warned_reading_at(at("/a").as_deref()));
        assert!(!cx.warned_reading_at(at("/b").as_deref()));
        assert!(!cx.warned_reading_at(None));
    }

    #[test]
    fn references_are_counted_once_and_missing_titles_sorted_once() {
        let mut cx = Collector::default();
        let at = |ptr: &str| Loc {
            doc: 0,
            ptr: ptr.to_owned(),
        };
        cx.resolved(at("/a/$ref"));
        cx.resolved(at("/b/$ref"));
        cx.resolved(at("/a/$ref"));
        assert_eq!(cx.resolved_count(), 2);
        cx.missing_title("ns", "Zed");
        cx.missing_title("ns", "Abe");
        cx.missing_title("a", "Zed");
        cx.missing_title("ns", "Zed");
        let outcome = cx.finish(Ir::default());
        let titles: Vec<(&str, &str)> = outcome
            .missing_titles
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        assert_eq!(titles, [("a", "Zed"), ("ns", "Abe"), ("ns", "Zed")]);
    }
}
