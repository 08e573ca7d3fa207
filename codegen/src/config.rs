//! The settings a catalogue needs, in a file beside its schemas: `schemagen.toml` at the schema
//! root. The command line overrides each setting it gives.
//!
//! Takes: the schema root. Gives: the [`Config`] its `schemagen.toml` says (none when there is
//! no such file), paths made relative to the schema root; a file that is not valid TOML, or
//! that has a key this version does not know, is an error with its `line:column`.
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
use crate::resolve::{DateTimes, NullMembers, UnknownEnumValues, UnknownMembers, Unresolved};

/// The file name, at the schema root.
pub const FILE: &str = "schemagen.toml";

/// The settings of a run beside the schema root and the crate to make (the command line and
/// `schemagen.toml` fill them in).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The folder of override patches; `None`: `overrides/` in the schema root.
    pub overrides: Option<PathBuf>,
    /// Folders beyond the schema root that references may reach.
    pub ref_roots: Vec<RefRoot>,
    /// What a reference that leads nowhere becomes.
    pub unresolved: crate::resolve::Unresolved,
    /// What reading a string enum does with a value the schema does not list.
    pub unknown_enum_values: crate::resolve::UnknownEnumValues,
    /// What a string with `format: date-time` becomes.
    pub date_times: crate::resolve::DateTimes,
    /// What reading a struct does with a member its schema does not list.
    pub unknown_members: crate::resolve::UnknownMembers,
    /// What reading a struct does with an optional member that is `null`.
    pub null_members: crate::resolve::NullMembers,
}

impl Options {
    /// The settings that resolving takes.
    pub fn policies(&self) -> crate::resolve::Policies {
        crate::resolve::Policies {
            unresolved: self.unresolved,
            unknown_enum_values: self.unknown_enum_values,
            date_times: self.date_times,
            unknown_members: self.unknown_members,
            null_members: self.null_members,
        }
    }
}

/// What `schemagen.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The generated package's name.
    pub crate_name: Option<String>,
    /// The overrides folder.
    pub overrides: Option<PathBuf>,
    /// Folders beyond the schema root that references may reach.
    pub ref_roots: Vec<RefRoot>,
    /// What a reference that leads nowhere becomes.
    pub unresolved: Option<Unresolved>,
    /// What reading a string enum does with a value the schema does not list.
    pub unknown_enum_values: Option<UnknownEnumValues>,
    /// What a string with `format: date-time` becomes.
    pub date_times: Option<DateTimes>,
    /// What reading a struct does with a member its schema does not list.
    pub unknown_members: Option<UnknownMembers>,
    /// What reading a struct does with an optional member that is `null`.
    pub null_members: Option<NullMembers>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    crate_name: Option<toml::Spanned<String>>,
    overrides: Option<PathBuf>,
    unresolved: Option<Unresolved>,
    unknown_enum_values: Option<UnknownEnumValues>,
    date_time: Option<DateTimes>,
    unknown_members: Option<UnknownMembers>,
    null_members: Option<NullMembers>,
    #[serde(default)]
    ref_root: Vec<Root>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Root {
    prefix: Option<String>,
    dir: PathBuf,
}

impl Config {
    /// The run's [`Options`] as this file sets them (the defaults elsewhere).
    pub fn options(&self) -> Options {
        Options {
            overrides: self.overrides.clone(),
            ref_roots: self.ref_roots.clone(),
            unresolved: self.unresolved.unwrap_or_default(),
            unknown_enum_values: self.unknown_enum_values.unwrap_or_default(),
            date_times: self.date_times.unwrap_or_default(),
            unknown_members: self.unknown_members.unwrap_or_default(),
            null_members: self.null_members.unwrap_or_default(),
        }
    }
}

/// Reads `<schema root>/schemagen.toml`; `Ok(None)` when there is none.
pub fn read(schema_root: &Path) -> Result<Option<Config>, Diagnostic> {
    let path = schema_root.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(
                Diagnostic::general(format!("cannot read `{}`: {e}", path.display()))
                    .with_kind("invalid configuration"),
            );
        }
    };
    let shown = path.display().to_string();
    let file: File = toml::from_str(&text).map_err(|e| {
        let source: Arc<str> = Arc::from(text.as_str());
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim_end().to_owned();
        Diagnostic::syntax_error(
            format!("`{FILE}` is not a valid configuration: {message}"),
            Place::at_offset(&shown, &source, offset),
        )
        .with_kind("invalid configuration")
    })?;
    if let Some(name) = &file.crate_name
        && let Err(why) = check_crate_name(name.get_ref())
    {
        let source: Arc<str> = Arc::from(text.as_str());
        return Err(Diagnostic::syntax_error(
            format!("`{FILE}`: `crate-name` {why}"),
            Place::at_offset(&shown, &source, name.span().start),
        )
        .with_kind("invalid configuration"));
    }
    Ok(Some(Config {
        crate_name: file.crate_name.map(toml::Spanned::into_inner),
        overrides: file.overrides.map(|p| schema_root.join(p)),
        ref_roots: file
            .ref_root
            .into_iter()
            .map(|r| RefRoot {
                prefix: r.prefix,
                dir: schema_root.join(r.dir),
            })
            .collect(),
        unresolved: file.unresolved,
        unknown_enum_values: file.unknown_enum_values,
        date_times: file.date_time,
        unknown_members: file.unknown_members,
        null_members: file.null_members,
    }))
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

/// A setting given on the command line, spelled as in `schemagen.toml` (`untyped`, `keep`, …).
pub fn setting<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
    use serde::de::IntoDeserializer as _;
    let text: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        value.into_deserializer();
    T::deserialize(text).map_err(|e| format!("`{value}`: {e}"))
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
        let config = read(dir.path()).expect("valid").expect("present");
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
        assert!(text.contains("ref-roots"), "{text}");
        assert_eq!(
            read(&dir.path().join("none")).expect("no file is fine"),
            None
        );
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
