//! ECMA-262 patterns translated into the syntax of proptest's regex strategies.

/// Translates an ECMA-262 pattern into the `regex` syntax proptest generates from, for
/// generating candidates (which are then checked with the ECMA-262 pattern itself):
///
/// - `\w`, `\W`, `\d`, `\D` are ASCII in ECMA-262: written as ASCII classes;
/// - `.` does not match line terminators: written as a class without them;
/// - `[` inside a class is a literal;
/// - `^`, `$`, `\b`, `\B` and lookarounds are dropped (proptest cannot generate assertions;
///   what is generated is the whole string, and the check with the real pattern decides);
/// - `*`, `+` and `{n,}` are bounded by `cap` repetitions, and `{n,m}` too, so that lengths
///   stay near the allowed window;
/// - identity escapes of characters that are not special in `regex` (`\/`) lose the backslash.
///
/// Constructs with no equivalent (backreferences, say) are left in, and make proptest fail (the
/// caller then falls back to a simple generator).
pub fn translate_pattern(p: &str, cap: u64) -> Result<String, String> {
    const META: &str = r"\.+*?()|[]{}^$#&-~";
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut in_class = false;
    let mut i = 0;
    let bounded = |min: u64, max: Option<u64>| {
        let max = max.unwrap_or(u64::MAX).min(min.max(cap));
        format!("{{{min},{max}}}")
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err(String::from("pattern ends with a backslash"));
                };
                i += 1;
                let class_body = |name: &str| {
                    if in_class {
                        format!("[:{name}:]")
                    } else {
                        format!("[[:{name}:]]")
                    }
                };
                match e {
                    'w' => out.push_str(&class_body("word")),
                    'W' => out.push_str(&class_body("^word")),
                    'd' => out.push_str(&class_body("digit")),
                    'D' => out.push_str(&class_body("^digit")),
                    'b' if in_class => out.push_str(r"\x08"),
                    'b' | 'B' => {}
                    'u' if chars.get(i) == Some(&'{') => {
                        let end = chars[i..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or_else(|| String::from("unterminated \\u{"))?;
                        let hex: String = chars[i + 1..i + end].iter().collect();
                        out.push_str(&format!(r"\x{{{hex}}}"));
                        i += end + 1;
                    }
                    'u' if i + 4 <= chars.len() => {
                        let hex: String = chars[i..i + 4].iter().collect();
                        out.push_str(&format!(r"\x{{{hex}}}"));
                        i += 4;
                    }
                    'c' if chars.get(i).is_some_and(char::is_ascii_alphabetic) => {
                        out.push_str(&format!(r"\x{:02x}", (chars[i] as u32) % 32));
                        i += 1;
                    }
                    'p' | 'P' if chars.get(i) == Some(&'{') => {
                        // A property class, `\p{L}`: the same in both syntaxes.
                        let end = chars[i..]
                            .iter()
                            .position(|&c| c == '}')
                            .ok_or_else(|| String::from("unterminated \\p{"))?;
                        out.push('\\');
                        out.push(e);
                        out.extend(&chars[i..=i + end]);
                        i += end + 1;
                    }
                    '0' => out.push_str(r"\x00"),
                    c if c.is_ascii_alphanumeric() => {
                        // \s \S \p{..} \t \n \x41 …: the same in both syntaxes.
                        out.push('\\');
                        out.push(c);
                    }
                    c if META.contains(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ if in_class => out.push(c),
            '(' if is_lookaround(&chars[i..]) => i += group_len(&chars[i..])?,
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '^' | '$' => {}
            '*' => out.push_str(&bounded(0, None)),
            '+' => out.push_str(&bounded(1, None)),
            '{' => {
                // A quantifier `{n}`, `{n,}` or `{n,m}`; anything else is a literal brace.
                let end = chars[i..].iter().position(|&c| c == '}');
                let body: Option<String> = end.map(|e| chars[i..i + e].iter().collect());
                let parsed = body.as_deref().and_then(|b| {
                    let (a, rest) = b.split_once(',').map_or((b, None), |(a, r)| (a, Some(r)));
                    let a: u64 = a.parse().ok()?;
                    match rest {
                        None => Some((a, Some(a))),
                        Some("") => Some((a, None)),
                        Some(r) => Some((a, Some(r.parse().ok()?))),
                    }
                });
                match (parsed, end) {
                    (Some((a, b)), Some(e)) => {
                        out.push_str(&bounded(a, b));
                        i += e + 1;
                    }
                    _ => out.push_str(r"\{"),
                }
            }
            '}' => out.push_str(r"\}"),
            c => out.push(c),
        }
    }
    if in_class {
        return Err(String::from("unterminated character class"));
    }
    Ok(out)
}

/// Whether the text after a `(` makes it a lookahead or lookbehind.
pub(super) fn is_lookaround(rest: &[char]) -> bool {
    let starts = |p: &str| rest.iter().copied().take(p.chars().count()).eq(p.chars());
    starts("?=") || starts("?!") || starts("?<=") || starts("?<!")
}

/// The length of the rest of a group, up to and including its `)`, given the text after its
/// `(` (escapes, classes and nested groups skipped).
pub(super) fn group_len(rest: &[char]) -> Result<usize, String> {
    let (mut depth, mut in_class, mut i) = (1usize, false, 0);
    while i < rest.len() {
        match rest[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(String::from("unterminated group"))
}
