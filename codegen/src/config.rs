//! The settings of a run, one [`Settings`] value, from three sources applied in order: the
//! defaults, then `schemagen.toml` at the schema root, then the command line (library callers
//! build a [`Settings`] directly). What a source gives is an [`Overlay`]: each setting it names,
//! and reference roots added to the others'.
//!
//! Takes: the schema root (its `schemagen.toml`), the command line's [`Overlay`]. Gives: the
//! [`Settings`] (paths of the file made relative to the schema root); a file that is not valid
//! TOML, or that has a key this version does not know, is an error with its `line:column`. Also
//! the policy enums and the names they are spelled with ([`names`], [`setting`]), one spelling
//! for the file and the command line.
//!
//! ```toml
//! crate-name = "catalog"         # the generated package's name
//! overrides = "../repairs"       # the overrides folder (default: `overrides/`)
//! unresolved = "untyped"         # "error" (default) or "untyped"
//! unknown-enum-values = "keep"   # "reject" (default) or "keep": enums read values not listed
//! date-time = "timestamp"        # "string" (default) or "timestamp": `format: date-time`
//! unknown-members = "drop"       # "keep" (default) or "drop": members a schema does not list
//! null-members = "absent"        # "reject" (default) or "absent": optional members that are null
//!
//! [[ref-root]]                   # a URI prefix that stands for a folder
//! prefix = "https://example.org/schemas/"
//! dir = "../published"
//!
//! [[ref-root]]                   # a sibling folder reached by relative references
//! dir = "../common"
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Place};
use crate::load::RefRoot;

/// The file name, at the schema root.
pub const FILE: &str = "schemagen.toml";

/// The crate name when no source gives one.
pub const DEFAULT_CRATE_NAME: &str = "generated";

/// The settings of a run beside the schema root and where the runtime crate is: the command
/// line, `schemagen.toml` and library callers give them ([`Settings::default`] ←
/// [`Settings::from_root`] ← [`Settings::overlaid`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The generated package's name (default `generated`), checked when the run starts.
    pub crate_name: String,
    /// The folder of override patches; `None`: `overrides/` in the schema root.
    pub overrides: Option<PathBuf>,
    /// Folders beyond the schema root that references may reach.
    pub ref_roots: Vec<RefRoot>,
    /// What the schemas become.
    pub policies: Policies,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: String::from(DEFAULT_CRATE_NAME),
            overrides: None,
            ref_roots: Vec::new(),
            policies: Policies::default(),
        }
    }
}

impl Settings {
    /// The defaults with what `<schema root>/schemagen.toml` says over them (the defaults alone
    /// when there is no such file).
    pub fn from_root(schema_root: &Path) -> Result<Self, Diagnostic> {
        Ok(Settings::default().overlaid(read(schema_root)?))
    }

    /// These settings with each one `overlay` gives in its place; its reference roots are added
    /// after these.
    pub fn overlaid(mut self, overlay: Overlay) -> Self {
        let Overlay {
            crate_name,
            overrides,
            unresolved,
            unknown_enum_values,
            date_times,
            unknown_members,
            null_members,
            ref_roots,
        } = overlay;
        if let Some(name) = crate_name {
            self.crate_name = name;
        }
        if overrides.is_some() {
            self.overrides = overrides;
        }
        self.ref_roots.extend(ref_roots);
        let p = &mut self.policies;
        p.unresolved = unresolved.unwrap_or(p.unresolved);
        p.unknown_enum_values = unknown_enum_values.unwrap_or(p.unknown_enum_values);
        p.date_times = date_times.unwrap_or(p.date_times);
        p.unknown_members = unknown_members.unwrap_or(p.unknown_members);
        p.null_members = null_members.unwrap_or(p.null_members);
        self
    }
}

/// What one source of settings gives (`schemagen.toml`, the command line): each setting it
/// names, to put over those of the sources before it ([`Settings::overlaid`]). The file is
/// read into it as it is, so its fields are the file's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Overlay {
    /// The generated package's name.
    pub crate_name: Option<String>,
    /// The overrides folder.
    pub overrides: Option<PathBuf>,
    /// What a reference that leads nowhere becomes.
    pub unresolved: Option<Unresolved>,
    /// What reading a string enum does with a value the schema does not list.
    pub unknown_enum_values: Option<UnknownEnumValues>,
    /// What a string with `format: date-time` becomes.
    #[serde(rename = "date-time")]
    pub date_times: Option<DateTimes>,
    /// What reading a struct does with a member its schema does not list.
    pub unknown_members: Option<UnknownMembers>,
    /// What reading a struct does with an optional member that is `null`.
    pub null_members: Option<NullMembers>,
    /// Folders beyond the schema root that references may reach (`[[ref-root]]`).
    #[serde(default, rename = "ref-root")]
    pub ref_roots: Vec<RefRoot>,
}

/// Reads `<schema root>/schemagen.toml`, its paths made relative to the schema root; nothing
/// when there is no such file.
pub fn read(schema_root: &Path) -> Result<Overlay, Diagnostic> {
    let path = schema_root.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Overlay::default()),
        Err(e) => {
            return Err(
                Diagnostic::general(format!("cannot read `{}`: {e}", path.display()))
                    .with_kind("invalid configuration"),
            );
        }
    };
    let shown = path.display().to_string();
    let at = |offset: usize| Place::at_offset(&shown, &Arc::from(text.as_str()), offset);
    let invalid = |e: toml::de::Error| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim_end().to_owned();
        Diagnostic::syntax_error(
            format!("`{FILE}` is not a valid configuration: {message}"),
            at(offset),
        )
        .with_kind("invalid configuration")
    };
    // Parsed once; where `crate-name` is written is kept for the error that checks it.
    let table = toml::de::DeTable::parse(&text).map_err(invalid)?;
    let name_at = table
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == "crate-name")
        .map_or(0, |(_, value)| value.span().start);
    let mut overlay = Overlay::deserialize(toml::de::Deserializer::from(table)).map_err(invalid)?;
    if let Some(name) = &overlay.crate_name
        && let Err(why) = check_crate_name(name)
    {
        return Err(
            Diagnostic::syntax_error(format!("`{FILE}`: `crate-name` {why}"), at(name_at))
                .with_kind("invalid configuration"),
        );
    }
    overlay.overrides = overlay.overrides.map(|p| schema_root.join(p));
    for root in &mut overlay.ref_roots {
        root.dir = schema_root.join(&root.dir);
    }
    Ok(overlay)
}

/// Words a generated crate's name cannot be besides Rust's keywords (the crate is named in code
/// by its name with `-` made `_`): the standard crates, and the runtime it depends on.
const RESERVED_CRATE_NAMES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "schema_runtime",
];

/// Whether `name` can be the generated package's name: it names the crate, its folder's files
/// (`examples/<name>-roundtrip.rs`) and its code (`use <name>::…`), so it is what cargo accepts
/// and crates.io publishes: an ASCII letter, then letters, digits, `-` and `_`, at most 64
/// characters, and not a keyword or a standard crate. The error says why not.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let shown = format!("{name:?}");
    if name.is_empty() {
        return Err(String::from("is empty"));
    }
    if name.chars().count() > 64 {
        return Err(format!("{shown} is longer than 64 characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "{shown} holds {c:?}: a crate name is ASCII letters, digits, `-` and `_`"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("{shown} does not start with an ASCII letter"));
    }
    let ident = name.replace('-', "_");
    if crate::text::KEYWORDS.contains(&ident.as_str())
        || RESERVED_CRATE_NAMES.contains(&ident.as_str())
    {
        return Err(format!(
            "{shown} is a Rust keyword or the name of a crate it would clash with"
        ));
    }
    Ok(())
}

/// What a reference that leads nowhere becomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unresolved {
    /// An error with its location (the default).
    #[default]
    Error,
    /// Any JSON value, with a located warning (`--unresolved=untyped`).
    Untyped,
}

/// What reading a string enum does with a value the schema does not list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownEnumValues {
    /// Rejects it, as the schema does (the default).
    #[default]
    Reject,
    /// Keeps it as the enum's `Unknown` variant: for APIs that add values later than their
    /// clients are generated (`unknown-enum-values = "keep"`).
    Keep,
}

/// What a string with `format: date-time` becomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateTimes {
    /// A string, written back as it was read (the default: the format is an annotation).
    #[default]
    String,
    /// An `rt::Timestamp` (an instant, rendered as epoch seconds by awsJson): for APIs whose
    /// protocol carries instants (`date-time = "timestamp"`, as for Cognito).
    Timestamp,
}

/// What reading a struct does with a member its schema does not list (and does not forbid).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownMembers {
    /// Keeps it in the struct's `extra` map, written back unchanged (the default).
    #[default]
    Keep,
    /// Ignores it, so it is not written back (`unknown-members = "drop"`: for API clients, where
    /// a server's newer members need not travel back; each struct's documentation says so).
    Drop,
}

/// What reading a struct does with an optional member whose value is `null` (and whose type
/// does not hold `null`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NullMembers {
    /// Rejects it, as the schema does: `null` is a value, and not one of the member's type (the
    /// default).
    #[default]
    Reject,
    /// Reads it as an absent member, so it is not written back (`null-members = "absent"`: for
    /// protocols whose servers write absent members as `null`, as AWS services and their mocks
    /// do; each struct's documentation says so).
    Absent,
}

/// The settings that change what the schemas become.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policies {
    /// What a reference that leads nowhere becomes.
    pub unresolved: Unresolved,
    /// What reading a string enum does with a value the schema does not list.
    pub unknown_enum_values: UnknownEnumValues,
    /// What a string with `format: date-time` becomes.
    pub date_times: DateTimes,
    /// What reading a struct does with a member its schema does not list.
    pub unknown_members: UnknownMembers,
    /// What reading a struct does with an optional member that is `null`.
    pub null_members: NullMembers,
}

impl Policies {
    /// String enums keep values the schema does not list.
    pub(crate) fn open_enums(&self) -> bool {
        self.unknown_enum_values == UnknownEnumValues::Keep
    }

    /// `format: date-time` strings are `rt::Timestamp`s.
    pub(crate) fn timestamps(&self) -> bool {
        self.date_times == DateTimes::Timestamp
    }

    /// Structs keep the members their schema does not list.
    pub(crate) fn keep_unknown(&self) -> bool {
        self.unknown_members == UnknownMembers::Keep
    }

    /// Structs read an optional member that is `null` as absent.
    pub(crate) fn null_absent(&self) -> bool {
        self.null_members == NullMembers::Absent
    }
}

/// A setting's value read from its name, spelled as in `schemagen.toml` (`untyped`, `keep`, …):
/// how the command line reads one.
pub fn setting<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
    use serde::de::IntoDeserializer as _;
    let text: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        value.into_deserializer();
    T::deserialize(text).map_err(|e| format!("`{value}`: {e}"))
}

/// The names of a setting's values, as [`setting`] reads them (`["error", "untyped"]` for
/// [`Unresolved`]): the serde names of the enum's variants, asked of its `Deserialize` impl,
/// so they are written once, in the enum. Empty for a type that is not an enum.
pub fn names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Error as _, Visitor};
    type Error = serde::de::value::Error;
    /// A deserializer that is asked for an enum and keeps the names of its variants.
    struct Names(&'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for &mut Names {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("not an enum"))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            self.0 = variants;
            Err(Error::custom("only the names are read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
            ignored_any
        }
    }
    let mut names = Names(&[]);
    // Always an error: only what the impl asked for counts.
    let _ = T::deserialize(&mut names);
    names.0
}

/// Parses a command-line reference root: `PREFIX=DIR` (a URI prefix, so it holds `:`) or `DIR`.
pub fn parse_ref_root(arg: &str) -> RefRoot {
    match arg.split_once('=') {
        Some((prefix, dir)) if crate::uri::has_scheme(prefix) => RefRoot {
            prefix: Some(prefix.to_owned()),
            dir: PathBuf::from(dir),
        },
        _ => RefRoot {
            prefix: None,
            dir: PathBuf::from(arg),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gives_every_setting_relative_to_the_schema_root() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join(FILE),
            "crate-name = \"catalog\"\nunresolved = \"untyped\"\noverrides = \"fixes\"\n\n\
             [[ref-root]]\nprefix = \"https://example.org/s/\"\ndir = \"../pub\"\n\n\
             [[ref-root]]\ndir = \"../common\"\n",
        )
        .expect("written");
        let config = read(dir.path()).expect("valid");
        assert_eq!(config.crate_name.as_deref(), Some("catalog"));
        assert_eq!(config.unresolved, Some(Unresolved::Untyped));
        assert_eq!(config.overrides, Some(dir.path().join("fixes")));
        assert_eq!(
            config.ref_roots,
            [
                RefRoot {
                    prefix: Some(String::from("https://example.org/s/")),
                    dir: dir.path().join("../pub"),
                },
                RefRoot {
                    prefix: None,
                    dir: dir.path().join("../common"),
                },
            ]
        );
    }

    #[test]
    fn an_unknown_key_is_a_located_error() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join(FILE), "crate-name = \"x\"\nref-roots = 1\n")
            .expect("written");
        let e = read(dir.path()).expect_err("refused");
        let text = e.to_string();
        assert!(text.contains("schemagen.toml:2:1"), "{text}");
        // The file's keys, in the order the message lists them.
        assert!(
            text.contains(
                "unknown field `ref-roots`, expected one of `crate-name`, `overrides`, \
                 `unresolved`, `unknown-enum-values`, `date-time`, `unknown-members`, \
                 `null-members`, `ref-root`"
            ),
            "{text}"
        );
        std::fs::write(
            dir.path().join(FILE),
            "[[ref-root]]\ndir = \"a\"\nprefx = \"b\"\n",
        )
        .expect("written");
        let text = read(dir.path()).expect_err("refused").to_string();
        assert!(text.contains("schemagen.toml:3:1"), "{text}");
        assert!(
            text.contains("unknown field `prefx`, expected `prefix` or `dir`"),
            "{text}"
        );
        assert_eq!(
            read(&dir.path().join("none")).expect("no file is fine"),
            Overlay::default()
        );
    }

    #[test]
    fn the_command_line_goes_over_the_file_over_the_defaults() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        assert_eq!(
            Settings::from_root(dir.path()).expect("no file"),
            Settings::default()
        );
        assert_eq!(Settings::default().crate_name, "generated");
        std::fs::write(
            dir.path().join(FILE),
            "crate-name = \"catalog\"\ndate-time = \"timestamp\"\nunresolved = \"untyped\"\n\
             [[ref-root]]\ndir = \"../common\"\n",
        )
        .expect("written");
        let file = Settings::from_root(dir.path()).expect("valid");
        let command_line = Overlay {
            crate_name: Some(String::from("mine")),
            unresolved: Some(Unresolved::Error),
            null_members: Some(NullMembers::Absent),
            ref_roots: vec![parse_ref_root("../more")],
            ..Overlay::default()
        };
        let settings = file.overlaid(command_line);
        assert_eq!(settings.crate_name, "mine");
        assert_eq!(settings.overrides, None);
        assert_eq!(
            settings.policies,
            Policies {
                unresolved: Unresolved::Error,
                date_times: DateTimes::Timestamp,
                null_members: NullMembers::Absent,
                ..Policies::default()
            }
        );
        let dirs: Vec<&Path> = settings.ref_roots.iter().map(|r| r.dir.as_path()).collect();
        assert_eq!(
            dirs,
            [dir.path().join("../common").as_path(), Path::new("../more")]
        );
    }

    #[test]
    fn settings_are_named_as_in_the_file() {
        assert_eq!(names::<Unresolved>(), ["error", "untyped"]);
        assert_eq!(names::<UnknownEnumValues>(), ["reject", "keep"]);
        assert_eq!(names::<DateTimes>(), ["string", "timestamp"]);
        assert_eq!(names::<UnknownMembers>(), ["keep", "drop"]);
        assert_eq!(names::<NullMembers>(), ["reject", "absent"]);
        assert!(names::<String>().is_empty());
        for name in names::<NullMembers>() {
            assert!(setting::<NullMembers>(name).is_ok(), "{name}");
        }
        assert_eq!(setting::<DateTimes>("timestamp"), Ok(DateTimes::Timestamp));
        let e = setting::<DateTimes>("instant").expect_err("not a name");
        assert!(e.starts_with("`instant`: unknown variant"), "{e}");
    }

    #[test]
    fn crate_names_are_what_cargo_takes_and_paths_cannot_hold() {
        for good in ["generated", "my-types", "a_1", "X"] {
            assert_eq!(check_crate_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "../../x",
            "a/b",
            "a b",
            "1abc",
            "-x",
            "é",
            "self",
            "std",
            "x\ny",
            &"a".repeat(65),
        ] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join(FILE),
            "unresolved = \"untyped\"\ncrate-name = \"../../x\"\n",
        )
        .expect("written");
        let text = read(dir.path()).expect_err("refused").to_string();
        assert!(text.contains("schemagen.toml:2:14"), "{text}");
        assert!(
            text.contains("`crate-name` \"../../x\" holds '.'"),
            "{text}"
        );
    }

    #[test]
    fn command_line_roots() {
        assert_eq!(
            parse_ref_root("https://example.org/s/=../pub"),
            RefRoot {
                prefix: Some(String::from("https://example.org/s/")),
                dir: PathBuf::from("../pub"),
            }
        );
        assert_eq!(parse_ref_root("../a=b").prefix, None);
    }
}
