//! Every form of every macro a generated crate calls, written both ways the generator's writer
//! lays a call out: on one line (`rt::impl_from!(Name, i32);`) and, when the line would be too
//! long (a long type name), one argument per line with a trailing comma. Both must compile: a
//! catalogue with 40-character type names must not break the build.

#![allow(dead_code)]

use schema_runtime as rt;
use schema_runtime::{Check, ValidationError};

/// A string newtype with a rule.
#[derive(Clone, PartialEq)]
pub struct Code(String);

impl Code {
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        const CHECK: Check = Check::new("Code", false);
        let value = value.into();
        CHECK.length(&value, Some(1), Some(4))?;
        Ok(Self(value))
    }
}

/// A string newtype without rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Name(String);

/// A number newtype without rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Count(i32);

/// An enum as generated code writes one: `as_str` and `From<&str>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Colour {
    Red,
    Unknown(rt::UnknownValue),
}

impl Colour {
    pub const VALUES: &'static [&'static str] = &["red"];

    pub fn as_str(&self) -> &str {
        match self {
            Colour::Red => "red",
            Colour::Unknown(u) => u.as_str(),
        }
    }
}

impl From<&str> for Colour {
    fn from(value: &str) -> Self {
        match value {
            "red" => Colour::Red,
            other => Colour::Unknown(rt::UnknownValue::new_unchecked(other)),
        }
    }
}

/// A list newtype without rules, and one with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names(Vec<Name>);

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Codes(Vec<Code>);

impl Codes {
    pub fn new(items: Vec<Code>) -> Result<Self, ValidationError> {
        Self::validate(&items)?;
        Ok(Self(items))
    }

    fn validate(items: &[Code]) -> Result<(), ValidationError> {
        const CHECK: Check = Check::new("Codes", false);
        CHECK.count(items.len(), Some(1), None, "items")
    }
}

/// A map newtype without rules, and one with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels(rt::IndexMap<String, Name>);

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Limits(rt::IndexMap<String, Count>);

impl Limits {
    pub fn new(entries: rt::IndexMap<String, Count>) -> Result<Self, ValidationError> {
        Self::validate(&entries)?;
        Ok(Self(entries))
    }

    fn validate(entries: &rt::IndexMap<String, Count>) -> Result<(), ValidationError> {
        const CHECK: Check = Check::new("Limits", false);
        CHECK.count(entries.len(), Some(1), None, "entries")
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Code")
    }
}

/// A secret list with a size rule, read with its size checked first.
#[derive(Clone, PartialEq)]
pub struct Pins(Vec<String>);

impl Pins {
    pub fn new(items: Vec<String>) -> Result<Self, ValidationError> {
        Self::validate_count(items.len())?;
        Ok(Self(items))
    }

    pub fn validate_count(len: usize) -> Result<(), ValidationError> {
        const CHECK: Check = Check::new("Pins", true);
        CHECK.count(len, None, Some(2), "items")
    }
}

rt::impl_redacted_debug!(Pins);

/// Each call on one line.
mod short {
    use super::*;

    pub struct Secret(String);
    pub struct Wired(i32);
    pub struct Both(String);
    pub struct Strict(String);

    rt::impl_try_from!(Code, String);
    rt::impl_str!(Code, checked);
    rt::impl_inner!(Code, String, str);
    rt::impl_display!(Code, str);
    rt::impl_newtype_wire!(Code, checked String);
    rt::impl_newtype_wire!(secret Pins, counted Vec<String>);

    rt::impl_from!(Name, String);
    rt::impl_str!(Name);
    rt::impl_inner!(Name, String, str, secret);
    rt::impl_newtype_wire!(Name);

    rt::impl_from!(Count, i32);
    rt::impl_inner!(Count, i32);
    rt::impl_display!(Count);

    rt::impl_enum!(Colour);
    rt::impl_list!(Names, Name);
    rt::impl_list!(Codes, Code, checked);
    rt::impl_map!(Labels, Name);
    rt::impl_map!(Limits, Count, checked);

    rt::impl_redacted_debug!(Secret);
    rt::impl_inner!(Wired, i32, secret);
    rt::impl_deserialize!(Strict);

    impl rt::FromJson for Strict {
        fn read(r: &mut rt::Reader<'_>, at: &rt::JsonPath<'_>) -> Result<Self, rt::ReadError> {
            rt::string(r, at).map(|s| Self(s.into_owned()))
        }
    }

    pub fn uses() -> (rt::WireName, Both, Secret, Wired) {
        (
            rt::wire!("Member"),
            Both(String::new()),
            Secret(String::new()),
            Wired(0),
        )
    }
}

/// Each call broken one argument per line, with a trailing comma, as the writer breaks a call
/// that does not fit on its line.
mod long {
    use super::*;

    pub struct AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold(String);
    pub struct AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds(i32);
    pub struct AVeryLongEnumNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll(String);
    pub struct AVeryLongSecretTypeNameThatNoLineOfOrdinaryWidthCouldEverHold(String);
    pub struct AVeryLongListTypeNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll(Vec<i32>);
    #[derive(Debug)]
    pub struct AVeryLongSecretListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll(Vec<String>);

    impl AVeryLongSecretListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll {
        pub fn new(items: Vec<String>) -> Result<Self, ValidationError> {
            Ok(Self(items))
        }

        pub fn validate_count(len: usize) -> Result<(), ValidationError> {
            Pins::validate_count(len)
        }
    }
    pub struct AVeryLongMapTypeNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll(
        rt::IndexMap<String, i32>,
    );

    impl AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold {
        pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
            Ok(Self(value.into()))
        }
    }

    rt::impl_try_from!(
        AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        String,
    );
    rt::impl_str!(
        AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        checked,
    );
    rt::impl_inner!(
        AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        String,
        str,
    );
    rt::impl_display!(
        AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        str,
    );
    rt::impl_newtype_wire!(
        AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        checked String,
    );

    rt::impl_from!(
        AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds,
        i32,
    );
    rt::impl_inner!(
        AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds,
        i32,
    );
    rt::impl_display!(AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds,);
    rt::impl_newtype_wire!(AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds,);
    rt::impl_newtype_wire!(
        secret AVeryLongSecretListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,
        counted Vec<String>,
    );
    rt::impl_newtype_wire!(
        AVeryLongCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAllWithItsSchema,
        counted Vec<String>,
        schema SCHEMA,
    );
    rt::impl_newtype_wire!(
        secret AVeryLongSecretCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,
        counted Vec<String>,
        secret_schema SCHEMA,
    );

    /// Stands for a crate's `crate::schemas::CHECKS[i]`: something with `read`/`read_secret`.
    pub struct Schema;

    impl Schema {
        pub fn read(&self, _: &rt::Document, _: &rt::JsonPath<'_>) -> Result<(), rt::ReadError> {
            Ok(())
        }

        pub fn read_secret(
            &self,
            _: &rt::Document,
            _: &rt::JsonPath<'_>,
        ) -> Result<(), rt::ReadError> {
            Ok(())
        }
    }

    pub const SCHEMA: Schema = Schema;

    pub struct AVeryLongCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAllWithItsSchema(
        Vec<String>,
    );
    #[derive(Debug)]
    pub struct AVeryLongSecretCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll(
        Vec<String>,
    );

    impl AVeryLongCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAllWithItsSchema {
        pub fn new(items: Vec<String>) -> Result<Self, ValidationError> {
            Ok(Self(items))
        }

        pub fn validate_count(len: usize) -> Result<(), ValidationError> {
            Pins::validate_count(len)
        }
    }

    impl AVeryLongSecretCountedListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll {
        pub fn new(items: Vec<String>) -> Result<Self, ValidationError> {
            Ok(Self(items))
        }

        pub fn validate_count(len: usize) -> Result<(), ValidationError> {
            Pins::validate_count(len)
        }
    }

    impl AVeryLongEnumNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll {
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    impl From<&str> for AVeryLongEnumNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll {
        fn from(value: &str) -> Self {
            Self(value.to_owned())
        }
    }

    rt::impl_enum!(AVeryLongEnumNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,);

    rt::impl_inner!(
        AVeryLongSecretTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,
        String,
        str,
        secret,
    );
    rt::impl_redacted_debug!(AVeryLongSecretTypeNameThatNoLineOfOrdinaryWidthCouldEverHold,);

    rt::impl_list!(
        AVeryLongListTypeNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,
        i32,
    );
    rt::impl_map!(
        AVeryLongMapTypeNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,
        i32,
    );

    pub fn uses() -> rt::WireName {
        rt::wire!("AMemberNameLongEnoughThatTheCallBreaksOverLinesInTheGeneratedCode",)
    }
}

#[test]
fn both_layouts_of_every_macro_call_compile_and_work() {
    use rt::ToValue as _;
    let code: Code = "abc".parse().expect("a valid code");
    assert_eq!(code.to_value().to_json(), "\"abc\"");
    assert!(Code::try_from("abcdef").is_err());
    let long =
        long::AVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthCouldEverHold::try_from("x")
            .expect("no rules");
    assert_eq!(long.to_string(), "x");
    let n = long::AnotherVeryLongGeneratedTypeNameThatNoLineOfOrdinaryWidthHolds::from(3);
    assert_eq!(n.to_value().to_json(), "3");
    let e = long::AVeryLongEnumNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll::from("red");
    assert_eq!(e.to_value().to_json(), "\"red\"");
    assert_eq!(Colour::from("red").to_string(), "red");
    // The size first, then the items: a list too long fails at its size, whatever its items.
    let err = rt::from_json_str::<Pins>(r#"["1", "2", 3]"#).unwrap_err();
    assert!(err.to_string().contains("maxItems"), "{err}");
    let pins = rt::from_json_str::<Pins>(r#"["8642", "1357"]"#).expect("two pins");
    let tree = format!("{:?}", pins.to_value());
    assert!(
        !tree.contains("8642") && tree.contains("<redacted>"),
        "{tree}"
    );
    assert_eq!(pins.to_value().to_json(), r#"["8642","1357"]"#);
    let long = rt::from_json_str::<
        long::AVeryLongSecretListNameThatNoLineOfOrdinaryWidthCouldEverHoldAtAll,
    >("[]");
    assert!(long.is_ok());
    let _ = (short::uses(), long::uses());
}
