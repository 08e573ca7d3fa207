//! The `pattern` keywords read, each checked once: a corpus repeats its patterns across many
//! shapes (and a schema is read once per use), and compiling one with Unicode classes is most
//! of what reading a schema costs.
//!
//! Takes: a pattern's text. Gives: its [`Verdict`] (an ECMA-262 syntax error, an error of the
//! engine generated code matches with, or whether the linear-time engine matches it), worked
//! out the first time and remembered for the run.

use std::collections::HashMap;

/// What checking a pattern found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Not an ECMA-262 regular expression (the syntax error).
    NotEcma(String),
    /// ECMA-262, but the generated code's engine cannot match it (its error).
    NotMatchable(String),
    /// Matched by the engine; `linear`: in linear time (else a backtracking engine within a
    /// step limit).
    Matchable {
        /// Whether the linear-time engine matches it.
        linear: bool,
    },
}

/// The verdicts so far, by pattern.
#[derive(Debug, Default)]
pub(super) struct Patterns {
    seen: HashMap<String, Verdict>,
}

impl Patterns {
    /// The verdict on `pattern`, checked the first time it is asked for.
    pub(super) fn check(&mut self, pattern: &str) -> &Verdict {
        if !self.seen.contains_key(pattern) {
            let verdict = match regress::Regex::with_flags(pattern, "u") {
                Err(e) => Verdict::NotEcma(e.to_string()),
                Ok(_) => match schema_runtime::pattern::compile(pattern) {
                    Err(e) => Verdict::NotMatchable(e.to_string()),
                    Ok(compiled) => Verdict::Matchable {
                        linear: compiled.is_linear(),
                    },
                },
            };
            self.seen.insert(pattern.to_owned(), verdict);
        }
        &self.seen[pattern]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_is_judged_as_the_engines_judge_it() {
        let mut p = Patterns::default();
        assert_eq!(p.check("^[a-z]+$"), &Verdict::Matchable { linear: true });
        assert_eq!(p.check("^(?!x)a$"), &Verdict::Matchable { linear: false });
        assert!(matches!(p.check("(?<"), Verdict::NotEcma(_)));
        // Asked again: the same verdict, remembered.
        assert_eq!(p.check("^[a-z]+$"), &Verdict::Matchable { linear: true });
        assert_eq!(p.seen.len(), 3);
    }
}
