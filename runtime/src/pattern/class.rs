//! Patterns that are one character class, repeated: matched a character at a time.
//!
//! Takes: a pattern already translated into the `regex` crate's syntax. Gives: for the common
//! shapes of schema patterns (`[\w+]+`, `\S`, `^[a-z0-9-]{1,63}$`), a [`ClassRun`] that decides
//! a match by looking each character up in a table (a bit per ASCII character, sorted ranges
//! for the rest), with none of the set-up of a regex search; other patterns get `None` and are
//! matched by the `regex` crate.
//!
//! The shape is read from the pattern's syntax tree as the `regex` crate parses it
//! (`regex-syntax`, the parser that crate itself uses), so the class is exactly the one the
//! regex would match: the fast path cannot mean something else.

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

/// A character class repeated from `min` to `max` times: anywhere in the text, or (anchored)
/// as the whole text.
#[derive(Debug, Clone)]
pub struct ClassRun {
    /// Bit `c` is set when the ASCII character `c` is in the class.
    ascii: u128,
    /// The rest of the class: sorted, disjoint, inclusive ranges above ASCII.
    others: Box<[(char, char)]>,
    /// The whole text must be the run (`^…$`); else a run anywhere in it will do.
    anchored: bool,
    min: usize,
    max: Option<usize>,
}

impl ClassRun {
    /// The run that `syntax` (the `regex` crate's) is, if it is one.
    pub fn of(syntax: &str) -> Option<ClassRun> {
        Self::of_hir(&regex_syntax::Parser::new().parse(syntax).ok()?)
    }

    /// The run that a parsed pattern is, if it is one.
    pub fn of_hir(hir: &Hir) -> Option<ClassRun> {
        let hir = unwrap_captures(hir);
        let (anchored, repeated) = match hir.kind() {
            HirKind::Concat(parts) => match parts.as_slice() {
                [start, repeated, end] if is(start, Look::Start) && is(end, Look::End) => {
                    (true, unwrap_captures(repeated))
                }
                _ => return None,
            },
            _ => (false, hir),
        };
        let (min, max, class) = match repeated.kind() {
            HirKind::Repetition(rep) => match unwrap_captures(&rep.sub).kind() {
                HirKind::Class(Class::Unicode(class)) => (rep.min, rep.max, class),
                _ => return None,
            },
            HirKind::Class(Class::Unicode(class)) => (1, Some(1), class),
            _ => return None,
        };
        let (ascii, others) = table(class);
        Some(ClassRun {
            ascii,
            others,
            anchored,
            min: usize::try_from(min).ok()?,
            max: match max {
                Some(max) => Some(usize::try_from(max).ok()?),
                None => None,
            },
        })
    }

    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> bool {
        if self.anchored {
            let mut count = 0;
            for c in text.chars() {
                if !self.contains(c) {
                    return false;
                }
                count += 1;
            }
            count >= self.min && self.max.is_none_or(|max| count <= max)
        } else {
            // A run of `min` characters anywhere matches (a longer one holds one that long).
            if self.min == 0 {
                return true;
            }
            let mut run = 0;
            for c in text.chars() {
                if self.contains(c) {
                    run += 1;
                    if run >= self.min {
                        return true;
                    }
                } else {
                    run = 0;
                }
            }
            false
        }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let code = u32::from(c);
        if code < 128 {
            return self.ascii >> code & 1 == 1;
        }
        self.others
            .binary_search_by(|&(start, end)| {
                if end < c {
                    std::cmp::Ordering::Less
                } else if start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// For a search (is there a match anywhere?), the pattern without what may match nothing at
/// its ends: `[…]*\{####\}[…]*` finds a match exactly where `\{####\}` does, since a match of
/// the whole that starts its `[…]*` early is also one that starts it empty. `None` when
/// nothing can be dropped (an anchored pattern, or ends that must match something).
pub fn search_core(hir: &Hir) -> Option<Hir> {
    let optional =
        |h: &Hir| matches!(unwrap_captures(h).kind(), HirKind::Repetition(r) if r.min == 0);
    if optional(hir) {
        // It matches the empty text, so it matches anything.
        return Some(Hir::empty());
    }
    let HirKind::Concat(parts) = unwrap_captures(hir).kind() else {
        return None;
    };
    let start = parts.iter().take_while(|h| optional(h)).count();
    let end = parts.len()
        - parts[start..]
            .iter()
            .rev()
            .take_while(|h| optional(h))
            .count();
    if start == 0 && end == parts.len() {
        return None;
    }
    Some(Hir::concat(parts[start..end].to_vec()))
}

/// `hir` without the groups around it.
fn unwrap_captures(mut hir: &Hir) -> &Hir {
    while let HirKind::Capture(group) = hir.kind() {
        hir = &group.sub;
    }
    hir
}

fn is(hir: &Hir, look: Look) -> bool {
    matches!(hir.kind(), HirKind::Look(l) if *l == look)
}

/// The class as a bit per ASCII character and the ranges above.
fn table(class: &ClassUnicode) -> (u128, Box<[(char, char)]>) {
    let mut ascii = 0u128;
    let mut others = Vec::new();
    for range in class.ranges() {
        let (start, end) = (u32::from(range.start()), u32::from(range.end()));
        for code in start..=end.min(127) {
            ascii |= 1 << code;
        }
        if end >= 128 {
            others.push((range.start().max('\u{80}'), range.end()));
        }
    }
    (ascii, others.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_class_repeated_is_a_run() {
        for run in [
            r"[\w+]+",
            r"^[a-z0-9-]{1,63}$",
            r"\S",
            r"^(?:[ab])*$",
            r"^([\p{L}])+$",
        ] {
            assert!(ClassRun::of(run).is_some(), "{run}");
        }
        for other in [
            r"ab",
            r"^[a-z]+",
            r"[a-z]+$",
            r"^a|b$",
            r"(?m)^[a-z]+$",
            r"x+",
        ] {
            assert!(ClassRun::of(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_search_drops_only_what_may_match_nothing_at_the_ends() {
        let core = |p: &str| {
            let hir = regex_syntax::Parser::new().parse(p).expect("parses");
            search_core(&hir).map(|h| h.to_string())
        };
        let texts = [
            "",
            "{####}",
            "ab{####}cd",
            "{###}",
            "x",
            "ab",
            "^a",
            "1a2",
            "😀{####}",
        ];
        for pattern in [
            r"[a-z]*\{####\}[a-z]*",
            r"a*b",
            r"(?:x)*[0-9]+y?",
            r"a*b*",
            r"q?",
        ] {
            let simpler = core(pattern).expect("something dropped");
            let whole = regex::Regex::new(pattern).expect("compiles");
            let part = regex::Regex::new(&simpler).expect("compiles");
            for text in texts {
                assert_eq!(
                    whole.is_match(text),
                    part.is_match(text),
                    "{pattern} on {text:?}"
                );
            }
        }
        for kept in [r"^a*b$", r"a+b", r"ab", r"a*|b"] {
            assert_eq!(core(kept), None, "{kept}");
        }
    }

    #[test]
    fn a_run_matches_as_the_regex_does() {
        let patterns = [
            r"[\w+]+",
            r"[\w+=/]+",
            r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
            r"^[a-z0-9-]{2,4}$",
            r"^[^\x{80}-\x{10FFFF}]*$",
            r"[0-9]{3}",
            r"^(?:[\x{E9}\x{1F600}-\x{1F64F}x])+$",
            r"[a-c]{0,2}",
        ];
        let texts = [
            "", "a", "ab", "abc", "abcd", "abcde", "a b", "12", "123", "1a23", "é", "éx", "😀😀",
            "x😀", "+", "=/=", " ", "\u{2028}", "A-b", "--", "日本",
        ];
        for pattern in patterns {
            let run = ClassRun::of(pattern).expect("a run");
            let regex = regex::Regex::new(pattern).expect("compiles");
            for text in texts {
                assert_eq!(
                    run.is_match(text),
                    regex.is_match(text),
                    "{pattern} on {text:?}"
                );
            }
        }
    }
}
