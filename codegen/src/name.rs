//! Stage 3, **name**: Rust identifiers for modules, types, fields and enum variants.
//!
//! Takes: the [`Ir`] from resolve. Gives: a table of names ([`Names`]) beside it: the
//! schema-level name of every shape (inline shapes are named here, after their parent and their
//! place in it) and the Rust identifier of every module, type, field and variant. The wire names
//! stay in the IR for serialization.
//!
//! Rules, applied deterministically (in shape order, which is document order):
//! - inline shapes: the parent's name + one word per step of the path from the parent
//!   (`properties/x` → `X`, `items` → `Item` (+ the index of a tuple item), `additionalProperties`
//!   → `Value`; `allOf`/`anyOf`/`oneOf` steps add nothing);
//! - case: `snake_case` fields and modules, `UpperCamelCase` types and variants, after
//!   transliterating non-ASCII text to ASCII (`é` → `e`) with `deunicode`. A name that already is
//!   a conventional `UpperCamelCase` identifier (a schema title such as `CallbackURLsListType`)
//!   is kept as written. Words are split like `heck` does, except that an acronym's plural stays
//!   one word (`CallbackURLs` → `callback_urls`, where `heck` gives `callback_ur_ls`);
//! - a name that starts with a digit gets a leading `_` (`3DSecure` → `_3dSecure`);
//! - a name that is empty after that becomes `Empty`/`empty` (or `ValueN` for an enum value made
//!   only of symbols);
//! - keywords: fields become raw identifiers (`r#type`), except those that cannot be raw
//!   (`self`, `Self`, `super`, `crate`, `_`), which get a trailing `_`, as do types, variants and
//!   modules that are keywords and types that would shadow a name of Rust's prelude (`Option`,
//!   `String`, …) that generated code uses, or be named like their constructor (`New`);
//! - collisions within a scope (`fooBar` / `foo_bar`, `a-b` / `a_b`) are resolved by numbering
//!   the later ones (`foo_bar_2`, `AB2`), in schema order.
//!
//! `heck` is not used: its word splitting breaks acronym plurals (see above), and every other
//! rule here is about identifiers, not case.

use std::collections::HashSet;

use crate::diag::pointer_segments;
use crate::ir::{Ir, Origin, Primitive, ShapeId, ShapeKind, TypeRef};
use crate::text::KEYWORDS;

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names in Rust's prelude that generated code uses unqualified; a generated type by that name
/// would shadow them.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "Hash",
    "Debug",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "ToOwned",
    "ToString",
    "Future",
    "IntoFuture",
];

/// Type names that clash with what generated code writes in them: a type `New` has a
/// constructor `new`, which clippy flags (`self_named_constructors`); `How` is the type
/// parameter of each module's `roundtrip_with`, which would hide a type of that name.
const RESERVED_TYPES: &[&str] = &["New", "How"];

/// The longest type or module name, in bytes: rustdoc writes a file (a folder for a module)
/// named after each, and a file name of more than 255 bytes cannot be made (`struct.` + name +
/// `.html`). Longer names keep their start and end with a hash of the whole name
/// ([`shortened`]), so that they stay distinct and the same from run to run.
const MAX_NAME: usize = 120;

/// Enum variant names that generated enums reserve for themselves.
const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// Module names the generated crate's root already uses (`schemas`: the embedded documents of
/// the checks against the schema as a whole, `src/schemas.rs`).
const RESERVED_MODULES: &[&str] = &["runtime", "schemas"];

/// Every name the emitter needs, indexed like the IR.
#[derive(Debug, Default)]
pub struct Names {
    modules: Vec<String>,
    schema: Vec<String>,
    types: Vec<String>,
    /// Per shape: one field name per struct member (empty for other kinds).
    fields: Vec<Vec<String>>,
    /// Per shape: one variant name per enum value (empty for other kinds).
    variants: Vec<Vec<String>>,
}

impl Names {
    /// The module of namespace `ns` (`cognito_idp`).
    pub fn module(&self, ns: usize) -> &str {
        &self.modules[ns]
    }

    /// The shape's schema-level name: its title, definition key, or (inline) parent + place.
    pub fn schema(&self, id: ShapeId) -> &str {
        &self.schema[id.0]
    }

    /// The shape's Rust type name.
    pub fn ty(&self, id: ShapeId) -> &str {
        &self.types[id.0]
    }

    /// The Rust field names of a struct's members, in member order.
    pub fn fields(&self, id: ShapeId) -> &[String] {
        &self.fields[id.0]
    }

    /// The Rust variant names of an enum's values, in value order.
    pub fn variants(&self, id: ShapeId) -> &[String] {
        &self.variants[id.0]
    }
}

/// Names every module, shape, field and variant of the IR.
pub fn name(ir: &Ir) -> Names {
    let mut names = Names::default();
    let mut modules = Scope::default();
    for ns in &ir.namespaces {
        let mut m = shortened(snake(&ns.name, "namespace"), true);
        if RESERVED_MODULES.contains(&m.as_str()) || is_keyword(&m) {
            m.push('_');
        }
        names.modules.push(modules.claim(m, "_"));
    }
    let mut types: Vec<Scope> = (0..ir.namespaces.len()).map(|_| Scope::default()).collect();
    for shape in &ir.shapes {
        let schema = match &shape.origin {
            Origin::Document(n) | Origin::Definition(n) => n.clone(),
            Origin::Inline { parent } => {
                let parent_loc = &ir.shape(*parent).loc;
                let rest = shape.loc.ptr.get(parent_loc.ptr.len()..).unwrap_or("");
                // A parent whose name leaves nothing once cased (a title of symbols) lends
                // the name it was given instead (`Unnamed`).
                let parent_name = &names.schema[parent.0];
                let parent_name = if upper_camel(parent_name).is_empty() {
                    &names.types[parent.0]
                } else {
                    parent_name
                };
                inline_name(parent_name, &pointer_segments(rest))
            }
        };
        let mut t = type_ident(&schema);
        if is_keyword(&t) || PRELUDE.contains(&t.as_str()) || RESERVED_TYPES.contains(&t.as_str()) {
            t.push('_');
        }
        let t = shortened(t, false);
        names.types.push(types[shape.namespace].claim(t, ""));
        names.schema.push(schema);
        let (fields, variants) = member_names(&shape.kind);
        names.fields.push(fields);
        names.variants.push(variants);
    }
    name_union_variants(ir, &mut names);
    names
}

/// The field names of a struct (members, then `extra`) and the variant names of an enum.
fn member_names(kind: &ShapeKind) -> (Vec<String>, Vec<String>) {
    let mut fields = Vec::new();
    let mut variants = Vec::new();
    match kind {
        ShapeKind::Struct(s) => {
            let mut scope = Scope::default();
            for m in &s.members {
                fields.push(scope.claim(field_ident(&m.wire_name), "_"));
            }
            // The map of the members the schema does not list, after the members.
            if s.extra.is_some() {
                fields.push(scope.claim(String::from("extra"), "_"));
            }
        }
        ShapeKind::Enum(e) => {
            let mut scope = Scope::default();
            for v in RESERVED_VARIANTS {
                scope.taken.insert((*v).to_owned());
            }
            for (i, v) in e.values.iter().enumerate() {
                let fallback = if v.wire.is_empty() {
                    String::from("Empty")
                } else {
                    format!("Value{}", i + 1)
                };
                let mut n = camel(&v.wire, &fallback);
                if is_keyword(&n) {
                    n.push('_');
                }
                if RESERVED_VARIANTS.contains(&n.as_str()) {
                    n.push_str("Value");
                }
                variants.push(scope.claim(n, ""));
            }
        }
        _ => {}
    }
    (fields, variants)
}

/// Union variants, once every type has its name.
fn name_union_variants(ir: &Ir, names: &mut Names) {
    // Union variants, once every type has its name: the alternative's type name (a shape of
    // its own) or the kind of value it holds (`String`, `Integer`, `List`, …).
    for (i, shape) in ir.shapes.iter().enumerate() {
        if let ShapeKind::Union(u) = &shape.kind {
            let mut scope = Scope::default();
            let own = names.types[i].clone();
            let variants = u
                .variants
                .iter()
                .map(|v| {
                    let word = match named_target(&v.ty) {
                        Some(target) => {
                            let t = &names.types[target.0];
                            // An inline alternative is named after the union: `UnionVariant1` →
                            // `Variant1`.
                            match t.strip_prefix(own.as_str()) {
                                Some(rest)
                                    if !rest.is_empty() && rest.starts_with(char::is_uppercase) =>
                                {
                                    rest.to_owned()
                                }
                                _ => t.clone(),
                            }
                        }
                        None => kind_word(&v.ty).to_owned(),
                    };
                    scope.claim(word, "")
                })
                .collect();
            names.variants[i] = variants;
        }
    }
}

/// The kind of value a union variant holds, as a word for its name.
fn kind_word(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Primitive(p) => match p {
            Primitive::String => "String",
            Primitive::I32 | Primitive::I64 => "Integer",
            Primitive::F64 => "Number",
            Primitive::Bool => "Boolean",
            Primitive::Timestamp => "Timestamp",
            Primitive::Blob => "Bytes",
            Primitive::Json => "Json",
        },
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Any => "Json",
        TypeRef::Nullable(t) | TypeRef::Loose(t, _) => kind_word(t),
        TypeRef::Named(_) => "Value",
    }
}

/// The shape a type is, through `Nullable`/`ObjectOr` wrappers.
fn named_target(ty: &TypeRef) -> Option<ShapeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(t) | TypeRef::Loose(t, _) => named_target(t),
        _ => None,
    }
}

/// An inline shape's name: its parent's name, then a word for each step of the path from the
/// parent (`properties/x` → `X`, `items` → `Item`, `additionalProperties` → `Value`).
fn inline_name(parent: &str, rest: &[String]) -> String {
    let mut name = if parent.is_empty() {
        String::new()
    } else {
        type_part(parent)
    };
    let mut i = 0;
    while i < rest.len() {
        let seg = rest[i].as_str();
        match seg {
            "properties" | "$defs" | "definitions" | "patternProperties" => {
                if let Some(next) = rest.get(i + 1) {
                    name.push_str(&type_part(next));
                }
                i += 2;
            }
            "items" | "prefixItems" => {
                name.push_str("Item");
                i += 1;
                if seg == "prefixItems" || rest.get(i).is_some_and(|s| s.parse::<u32>().is_ok()) {
                    if let Some(n) = rest.get(i) {
                        name.push_str(n);
                    }
                    i += 1;
                }
            }
            "additionalProperties" => {
                name.push_str("Value");
                i += 1;
            }
            "allOf" => i += 2,
            // An alternative: `Variant` and its place (`oneOf/0` → `Variant1`).
            "anyOf" | "oneOf" => {
                name.push_str("Variant");
                if let Some(n) = rest.get(i + 1).and_then(|n| n.parse::<usize>().ok()) {
                    name.push_str(&(n + 1).to_string());
                }
                i += 2;
            }
            other => {
                name.push_str(&type_part(other));
                i += 1;
            }
        }
    }
    name
}

/// The plain (non-raw) text of an identifier: `r#type` → `type`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Names already used in one scope.
#[derive(Default)]
struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// `name`, or `name` + `sep` + the first free number from 2.
    fn claim(&mut self, name: String, sep: &str) -> String {
        let key = unraw(&name).to_owned();
        if self.taken.insert(key.clone()) {
            return name;
        }
        let base = key.trim_end_matches('_').to_owned();
        let mut n = 2;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

fn ascii(s: &str) -> String {
    deunicode::deunicode(s)
}

/// Splits a name into words: at anything not a letter or digit, before an uppercase letter
/// that follows a lowercase letter or digit, and before the last capital of an uppercase run
/// that a lowercase letter follows (`HTTPServer` → `HTTP`, `Server`), unless that lowercase part
/// is a lone plural `s` (`URLs` stays one word).
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = ascii(s).chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if c.is_ascii_uppercase() => {
                if p.is_ascii_lowercase() {
                    true
                } else if p.is_ascii_digit() {
                    // `S3Bucket` → `S3`, `Bucket`; but `3DSecure` → `3D`, `Secure`.
                    current.chars().any(|ch| ch.is_ascii_alphabetic())
                } else if p.is_ascii_uppercase() {
                    // `HTTPServer`: a new word starts at `S` (followed by lowercase) ...
                    let lower_follows = next.is_some_and(|n| n.is_ascii_lowercase());
                    // ... but not in `URLs`, where the lowercase part is only a plural `s`.
                    let plural = next == Some('s')
                        && chars.get(i + 2).is_none_or(|n| !n.is_ascii_lowercase());
                    lower_follows && !plural
                } else {
                    false
                }
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `UpperCamelCase` from words (each capitalized, the rest lowercase).
pub fn upper_camel(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// Whether `s` already is a conventional type name: an ASCII identifier that starts with an
/// uppercase letter, has no `_`, and is not all capitals (which clippy flags as an acronym).
fn is_upper_camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_lowercase())
}

/// A name as a part of a longer type name: kept when already `UpperCamelCase`, else converted.
fn type_part(s: &str) -> String {
    if is_upper_camel(s) {
        s.to_owned()
    } else {
        upper_camel(s)
    }
}

/// `UpperCamelCase`, digit-first names prefixed with `_`, `fallback` when nothing is left.
fn camel(s: &str, fallback: &str) -> String {
    let c = if is_upper_camel(s) {
        s.to_owned()
    } else {
        upper_camel(s)
    };
    if c.is_empty() {
        fallback.to_owned()
    } else if c.starts_with(|ch: char| ch.is_ascii_digit()) {
        format!("_{c}")
    } else {
        c
    }
}

/// A type's name: [`camel`], holding an uppercase letter, so that it is never also a field's
/// or a binding's name (`_31m` would be both, and a parameter or `let` cannot shadow a tuple
/// struct): `31m` → `_31M`, `123` → `_123Type`.
fn type_ident(s: &str) -> String {
    let mut c = camel(s, "Unnamed");
    if !c.chars().any(|ch| ch.is_ascii_uppercase()) {
        match c.find(|ch: char| ch.is_ascii_lowercase()) {
            Some(i) => c[i..=i].make_ascii_uppercase(),
            None => c.push_str("Type"),
        }
    }
    c
}

/// `snake_case`, digit-first names prefixed with `_`, `fallback` when nothing is left.
fn snake(s: &str, fallback: &str) -> String {
    let c = words(s).join("_").to_ascii_lowercase();
    if c.is_empty() {
        fallback.to_owned()
    } else if c.starts_with(|ch: char| ch.is_ascii_digit()) {
        format!("_{c}")
    } else {
        c
    }
}

/// `name` cut to [`MAX_NAME`] bytes when longer: its start and its end (where an inline
/// shape's name says what it is: `…Item`, `…Variant2`) around a hash of the whole (FNV-1a, the
/// same on every platform and toolchain) as 8 hex digits (between `_`s, lowercase, in a
/// `snake_case` name; uppercase in a type's).
fn shortened(name: String, snake: bool) -> String {
    if name.len() <= MAX_NAME {
        return name;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let hash = (hash ^ (hash >> 32)) as u32;
    let keep = MAX_NAME - 8 - 2 * usize::from(snake);
    let mut head = keep * 3 / 5;
    while !name.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = name.len() - (keep - head);
    while !name.is_char_boundary(tail) {
        tail += 1;
    }
    let (start, end) = (
        name[..head].trim_end_matches('_'),
        name[tail..].trim_start_matches('_'),
    );
    if snake {
        format!("{start}_{hash:08x}_{end}")
    } else {
        format!("{start}{hash:08X}{end}")
    }
}

/// A field identifier for a wire name: snake case, keywords raw where possible. A name of digits
/// only (`"200"`) is `n200`: the constructor's parameters and the reader's bindings take the
/// field's name, and a variable of underscores and digits alone (`_200`) is what clippy flags.
fn field_ident(wire: &str) -> String {
    let s = snake(wire, "empty");
    if s.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!("n{}", s.trim_start_matches('_'))
    } else if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_with_a_hash_of_the_whole() {
        let long = "A".repeat(30) + &"Bc".repeat(100) + "Item";
        let t = shortened(long.clone(), false);
        assert_eq!(t.len(), MAX_NAME);
        assert!(t.starts_with("AAAA") && t.ends_with("BcItem"), "{t}");
        assert_ne!(t, shortened(long.clone() + "D", false));
        assert_eq!(t, shortened(long, false));
        let m = shortened("a_".repeat(100), true);
        assert!(
            m.len() <= MAX_NAME
                && m.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{m}"
        );
        assert_eq!(shortened(String::from("Short"), false), "Short");
    }

    #[test]
    fn fields_follow_rust_conventions() {
        assert_eq!(field_ident("ClientId"), "client_id");
        assert_eq!(field_ident("SMSMfaSettings"), "sms_mfa_settings");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("3DSecure"), "_3d_secure");
        assert_eq!(field_ident("200"), "n200");
        assert_eq!(field_ident("1.5"), "n1_5");
        assert_eq!(field_ident("héllo wörld"), "hello_world");
        assert_eq!(field_ident("CallbackURLs"), "callback_urls");
        assert_eq!(field_ident("KMSKeyID"), "kms_key_id");
        assert_eq!(field_ident("AllowedOAuthFlows"), "allowed_o_auth_flows");
        assert_eq!(field_ident("S3Bucket"), "s3_bucket");
        assert_eq!(field_ident("HTTPServer"), "http_server");
        assert_eq!(field_ident("headerName"), "header_name");
        assert_eq!(field_ident(""), "empty");
    }

    #[test]
    fn types_and_variants() {
        assert_eq!(camel("USER_PASSWORD_AUTH", "X"), "UserPasswordAuth");
        assert_eq!(camel("phone_number", "X"), "PhoneNumber");
        assert_eq!(camel("*", "Value1"), "Value1");
        assert_eq!(camel("2fa", "X"), "_2fa");
        assert_eq!(type_ident("2fa"), "_2Fa");
        assert_eq!(type_ident("31m"), "_31M");
        assert_eq!(type_ident("123"), "_123Type");
        assert_eq!(type_ident("3DSecure"), "_3dSecure");
        assert_eq!(type_ident("*"), "Unnamed");
        assert_eq!(camel("CallbackURLsListType", "X"), "CallbackURLsListType");
        assert_eq!(camel("SMS", "X"), "Sms");
        assert_eq!(camel("SMS_MFA", "X"), "SmsMfa");
        assert_eq!(camel("cognito-idp", "X"), "CognitoIdp");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut s = Scope::default();
        assert_eq!(s.claim(field_ident("fooBar"), "_"), "foo_bar");
        assert_eq!(s.claim(field_ident("foo_bar"), "_"), "foo_bar_2");
        assert_eq!(s.claim(field_ident("FooBar"), "_"), "foo_bar_3");
        let mut t = Scope::default();
        assert_eq!(t.claim(camel("a-b", "X"), ""), "AB");
        assert_eq!(t.claim(camel("a_b", "X"), ""), "AB2");
    }
}
