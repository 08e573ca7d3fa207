//! Reading the `oneOf`/`anyOf` unions of generated crates: by a discriminator member ([`tag`]),
//! or by trying the alternatives' readers ([`any_of`]: the first that reads the value;
//! [`one_of`]: exactly one must).

use std::borrow::Cow;

use crate::Document;
use crate::json::{JsonPath, ReadError, excerpt};
use crate::read::Reader;

/// Reads one alternative of a union (a generated closure per variant).
pub type Alternative<T> = fn(&Document, &JsonPath<'_>) -> Result<T, ReadError>;

/// The string value of the discriminator member `member` of the next value of `r`, an object
/// (not consumed: the alternative it names reads it).
pub fn tag<'de>(
    r: &mut Reader<'de>,
    member: &str,
    at: &JsonPath<'_>,
) -> Result<Cow<'de, str>, ReadError> {
    r.tag(member, at)
}

/// The string value of the discriminator member `member` of the object `json`.
pub(crate) fn tag_of<'j>(
    json: &'j Document,
    member: &str,
    at: &JsonPath<'_>,
) -> Result<&'j str, ReadError> {
    let Document::Object(members) = json else {
        return Err(at.expected("object", json));
    };
    match members.get(member) {
        Some(Document::String(value)) => Ok(value),
        Some(other) => Err(at.member(member).expected("string", other)),
        None => Err(at.error(format!("missing required member `{member}`"))),
    }
}

/// The error for a discriminator value that no alternative has (an excerpt of it, when long).
pub fn unknown_tag(member: &str, value: &str, at: &JsonPath<'_>) -> ReadError {
    at.member(member).error(format!(
        "{} is not the value of any alternative",
        excerpt(&format!("{value:?}"))
    ))
}

/// The value read by the first alternative that reads it (`anyOf`); `names` name the
/// alternatives in errors.
pub fn any_of<T: 'static>(
    json: &Document,
    at: &JsonPath<'_>,
    readers: &[Alternative<T>],
    names: &[&str],
) -> Result<T, ReadError> {
    decide(json, at, readers, names, false)
}

/// The value read by the one alternative that reads it (`oneOf`): an error when none does, or
/// when more than one does.
pub fn one_of<T: 'static>(
    json: &Document,
    at: &JsonPath<'_>,
    readers: &[Alternative<T>],
    names: &[&str],
) -> Result<T, ReadError> {
    decide(json, at, readers, names, true)
}

/// Tries the alternatives, or only the one a memo says reads `json`.
fn decide<T: 'static>(
    json: &Document,
    at: &JsonPath<'_>,
    readers: &[Alternative<T>],
    names: &[&str],
    one: bool,
) -> Result<T, ReadError> {
    let _scope = memo::Scope::enter();
    let key = memo::key::<T>(json);
    match memo::get(key) {
        Some(Ok(index)) => return readers[index](json, at),
        Some(Err(error)) => return Err(error),
        None => {}
    }
    let mut found: Option<(T, usize)> = None;
    let mut errors = Vec::with_capacity(readers.len());
    // Each alternative is tried at `@` (its errors, only excerpts of which are kept, are
    // relative to this value), so a level of a recursive union costs the same at any depth.
    for (index, (read, name)) in readers.iter().zip(names).enumerate() {
        match read(json, &JsonPath::Here) {
            Ok(value) if !one => {
                memo::put(key, Ok(index));
                return Ok(value);
            }
            Ok(value) => match &found {
                Some((_, first)) => {
                    let error = at.error(format!(
                        "matches more than one alternative ({} and {name}); oneOf allows one",
                        names[*first]
                    ));
                    memo::put(key, Err(error.clone()));
                    return Err(error);
                }
                None => found = Some((value, index)),
            },
            Err(e) => errors.push(format!("{name}: {}", excerpt(&e.to_string()))),
        }
    }
    match found {
        Some((value, index)) => {
            memo::put(key, Ok(index));
            Ok(value)
        }
        None => {
            let error = at.error(format!(
                "matches none of the alternatives ({})",
                errors.join("; ")
            ));
            memo::put(key, Err(error.clone()));
            Err(error)
        }
    }
}

/// What the alternatives of a union decided for each value already read, so that reading a
/// recursive union tries each alternative once per node instead of once per path to it.
///
/// A union nested in an alternative is read again each time an enclosing alternative is tried
/// (a tree of `oneOf` two levels deep is read 2 × 2 times, 100 levels 2¹⁰⁰ times). The memo
/// records, for each node and union type, which alternative read it (or the error), while the
/// outermost union read is running: within it the document is borrowed, so every node lives at
/// an address of its own for the whole read (generated readers never build a document of their
/// own to read), and the memo is emptied when that read ends, panics included.
mod memo {
    use std::any::TypeId;
    use std::cell::RefCell;
    use std::collections::HashMap;

    use crate::Document;
    use crate::json::ReadError;

    /// A node (by address) read as a union type.
    pub(super) type Key = (usize, TypeId);

    #[derive(Default)]
    struct Memo {
        depth: usize,
        decided: HashMap<Key, Result<usize, ReadError>>,
    }

    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::default();
    }

    /// One union read in progress; the outermost one empties the memo when it ends.
    pub(super) struct Scope(());

    impl Scope {
        pub(super) fn enter() -> Self {
            MEMO.with(|m| m.borrow_mut().depth += 1);
            Scope(())
        }
    }

    impl Drop for Scope {
        fn drop(&mut self) {
            MEMO.with(|m| {
                let mut m = m.borrow_mut();
                m.depth -= 1;
                if m.depth == 0 {
                    m.decided.clear();
                }
            });
        }
    }

    pub(super) fn key<T: 'static>(json: &Document) -> Key {
        (std::ptr::from_ref(json) as usize, TypeId::of::<T>())
    }

    pub(super) fn get(key: Key) -> Option<Result<usize, ReadError>> {
        MEMO.with(|m| m.borrow().decided.get(&key).cloned())
    }

    pub(super) fn put(key: Key, decided: Result<usize, ReadError>) {
        MEMO.with(|m| m.borrow_mut().decided.insert(key, decided));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FromJson;
    use crate::json::EXCERPT;

    #[derive(Debug, PartialEq)]
    enum Either {
        Number(i64),
        Text(String),
    }

    const READERS: &[Alternative<Either>] = &[
        |json, at| FromJson::from_json(json, at).map(Either::Number),
        |json, at| FromJson::from_json(json, at).map(Either::Text),
    ];

    #[test]
    fn alternatives_are_tried_in_order() {
        let at = JsonPath::Root;
        let names = ["Number", "Text"];
        assert_eq!(
            any_of(&serde_json::json!(3), &at, READERS, &names).unwrap(),
            Either::Number(3)
        );
        assert_eq!(
            one_of(&serde_json::json!("x"), &at, READERS, &names).unwrap(),
            Either::Text(String::from("x"))
        );
        let none = one_of(&serde_json::json!(true), &at, READERS, &names).unwrap_err();
        assert!(none.to_string().contains("matches none"), "{none}");
        let both: &[Alternative<Either>] = &[READERS[0], READERS[0]];
        let two = one_of(&serde_json::json!(1), &at, both, &names).unwrap_err();
        assert!(two.to_string().contains("more than one"), "{two}");
    }

    /// A recursive untagged union as the issue wrote it: two alternatives, both objects with an
    /// optional `sub` of the union's own type, told apart by a member of their own.
    #[derive(Debug)]
    enum Tree {
        A(Box<Option<Tree>>),
        B(Box<Option<Tree>>),
    }

    impl Tree {
        /// The alternative of each level, from the root.
        fn levels(&self) -> String {
            let (own, sub) = match self {
                Tree::A(sub) => ("A", sub),
                Tree::B(sub) => ("B", sub),
            };
            format!(
                "{own}{}",
                sub.as_ref().as_ref().map_or_else(String::new, Tree::levels)
            )
        }
    }

    thread_local! {
        static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn node(
        json: &Document,
        at: &JsonPath<'_>,
        own: &str,
        other: &str,
    ) -> Result<Box<Option<Tree>>, ReadError> {
        READS.with(|r| r.set(r.get() + 1));
        // As generated readers do: what is cheap to check before the members are read.
        let mut sub: crate::Slot<Tree> = crate::Slot::new();
        let names: &'static [&'static str] = if own == "a" {
            &["a", "sub"]
        } else {
            &["b", "sub"]
        };
        let fields = crate::Fields {
            names,
            required: &[],
            unknown: true,
        };
        crate::read_members(
            &mut crate::Reader::tree(json),
            at,
            &fields,
            |key, m| match key {
                "sub" => m.read(&mut sub),
                _ if key == other => Err(at.error(format!("`{other}` is not a member of `{own}`"))),
                _ => m.skip(),
            },
        )?;
        Ok(Box::new(sub.optional()))
    }

    impl FromJson for Tree {
        fn read(r: &mut crate::Reader<'_>, at: &JsonPath<'_>) -> Result<Self, ReadError> {
            let json = &r.document()?;
            const READERS: &[Alternative<Tree>] = &[
                |json, at| node(json, at, "a", "b").map(Tree::A),
                |json, at| node(json, at, "b", "a").map(Tree::B),
            ];
            one_of(json, at, READERS, &["A", "B"])
        }
    }

    fn nested(depth: usize, level: &str, leaf: &str) -> String {
        format!("{}{leaf}{}", level.repeat(depth), "}".repeat(depth))
    }

    #[test]
    fn a_recursive_union_is_read_once_per_alternative_and_node() {
        // 127 levels is as deep as the JSON parser goes (its recursion limit is 128).
        for depth in [10, 100, 126] {
            // Every node matches both alternatives: rejected, after two reads per node.
            READS.with(|r| r.set(0));
            let err = crate::from_json_str::<Tree>(&nested(depth, r#"{"sub":"#, "{}")).unwrap_err();
            assert!(err.to_string().contains("matches none"), "{err}");
            assert!(
                err.to_string().len() < 3 * EXCERPT,
                "bounded: {}",
                err.to_string().len()
            );
            let reads = READS.with(|r| r.get());
            assert!(reads <= 2 * (depth + 1), "{depth} levels: {reads} reads");
            // Every level is an A: read as A once, and ruled out as B by its own member.
            READS.with(|r| r.set(0));
            let tree =
                crate::from_json_str::<Tree>(&nested(depth, r#"{"a":1,"sub":"#, r#"{"a":1}"#));
            assert_eq!(tree.map(|t| t.levels()), Ok("A".repeat(depth + 1)));
            let reads = READS.with(|r| r.get());
            assert!(reads <= 4 * (depth + 1), "{depth} levels: {reads} reads");
        }
    }

    #[test]
    fn a_union_error_keeps_an_excerpt_of_each_alternative() {
        let long = "x".repeat(10_000);
        let err = unknown_tag("kind", &long, &JsonPath::Root);
        assert!(
            err.to_string().len() < EXCERPT + 100,
            "{}",
            err.to_string().len()
        );
        assert_eq!(excerpt("short"), "short");
        assert_eq!(
            excerpt(&"é".repeat(EXCERPT + 1)).chars().count(),
            EXCERPT + 1
        );
    }

    #[test]
    fn tags_are_string_members() {
        let at = JsonPath::Root;
        for text in [
            r#"{"kind": "a"}"#,
            r#"{"x": [1, {"kind": 2}], "kind": "a", "y": 3}"#,
        ] {
            let json: Document = serde_json::from_str(text).unwrap();
            assert_eq!(tag(&mut Reader::tree(&json), "kind", &at).unwrap(), "a");
            assert_eq!(tag(&mut Reader::new(text), "kind", &at).unwrap(), "a");
        }
        for text in [r#"{"kind": 1}"#, "[]", "{}", r#"{"x": 1"#] {
            assert!(tag(&mut Reader::new(text), "kind", &at).is_err(), "{text}");
        }
    }
}
