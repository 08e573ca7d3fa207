//! The impls of a generated type that follow a fixed pattern, as formatted text: the wire impls
//! (`ToValue`, `FromJson`, serde's `Serialize` and `Deserialize`), an enum's conversions and a
//! newtype's.
//!
//! They are written out directly, in the same style as the rest of the file (four-space indents,
//! calls and lists broken one item per line past 100 columns), instead of being built as tokens
//! and formatted with `syn` + `prettyplease`, which was most of the generator's time.

use std::fmt::Write as _;

use crate::ir::{Member, Struct};

/// Lines longer than this are broken.
const MAX_WIDTH: usize = 100;

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

/// A Rust string literal for `text`.
fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// A member name for `ValueBuilder::member`: a `WireName` checked at compile time (rendered
/// without a scan) when it needs no JSON escaping, which is nearly always, else plain text.
fn key(wire: &str) -> String {
    if wire.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        format!("rt::wire!({})", lit(wire))
    } else {
        lit(wire)
    }
}

/// `head` + arguments + `tail` on one line, or, when that is too long, one argument per line.
fn call(out: &mut String, indent: usize, head: &str, args: &[String], tail: &str) {
    let one = format!("{}{head}{}{tail}", pad(indent), args.join(", "));
    if one.chars().count() <= MAX_WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{}{head}", pad(indent));
    for a in args {
        let _ = writeln!(out, "{}{a},", pad(indent + 4));
    }
    let _ = writeln!(out, "{}{tail}", pad(indent));
}

/// The four impls around the given bodies (each body already indented by eight spaces).
fn impls(name: &str, write_value: &str, from_json: &str, serialize: &str) -> String {
    format!(
        "impl rt::ToValue for {name} {{
    fn write_value<'a>(&'a self, out: &mut rt::ValueBuilder<'a>) {{
{write_value}    }}
}}

impl rt::FromJson for {name} {{
    fn from_json(json: &rt::Document, at: &rt::JsonPath<'_>) -> Result<Self, rt::ReadError> {{
{from_json}    }}
}}

impl rt::serde::Serialize for {name} {{
    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
{serialize}    }}
}}

impl<'de> rt::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{
        rt::deserialize_via_json(deserializer)
    }}
}}
"
    )
}

/// A struct: a structure of its members by wire name, absent optionals left out.
pub(super) fn struct_impls(name: &str, wire_name: &str, s: &Struct, fields: &[String]) -> String {
    let field = |m: &Member| {
        let i = s.members.iter().position(|x| std::ptr::eq(x, m)).unwrap_or(0);
        fields[i].clone()
    };
    let mut write_value = String::from("        let structure = out.begin_structure();\n");
    for m in &s.members {
        if m.required {
            call(
                &mut write_value,
                8,
                "out.member(",
                &[key(&m.wire_name), format!("&self.{}", field(m))],
                ");",
            );
        } else {
            call(
                &mut write_value,
                8,
                "out.optional(",
                &[key(&m.wire_name), format!("self.{}.as_ref()", field(m))],
                ");",
            );
        }
    }
    write_value.push_str("        out.end_container(structure);\n");

    let from_json = if s.members.is_empty() {
        if s.untyped {
            // The schema says nothing about the value: anything is accepted.
            String::from("        let _ = (json, at);\n        Ok(Self {})\n")
        } else {
            String::from("        rt::object(json, at)?;\n        Ok(Self {})\n")
        }
    } else {
        let mut body = String::from("        let members = rt::object(json, at)?;\n        Ok(Self {\n");
        for m in &s.members {
            let reader = if m.required { "rt::required(" } else { "rt::optional(" };
            call(
                &mut body,
                12,
                &format!("{}: {reader}", field(m)),
                &[String::from("members"), lit(&m.wire_name), String::from("at")],
                ")?,",
            );
        }
        body.push_str("        })\n");
        body
    };

    let mut serialize = String::from("        use rt::serde::ser::SerializeStruct as _;\n");
    let required = s.members.iter().filter(|m| m.required).count();
    let mut terms: Vec<String> = Vec::new();
    if required > 0 || s.members.iter().all(|m| m.required) {
        terms.push(required.to_string());
    }
    terms.extend(
        s.members
            .iter()
            .filter(|m| !m.required)
            .map(|m| format!("usize::from(self.{}.is_some())", field(m))),
    );
    let one = format!("        let len = {};", terms.join(" + "));
    if one.chars().count() <= MAX_WIDTH {
        serialize.push_str(&one);
        serialize.push('\n');
    } else {
        let _ = writeln!(serialize, "        let len = {}", terms[0]);
        for (i, t) in terms[1..].iter().enumerate() {
            let end = if i + 2 == terms.len() { ";" } else { "" };
            let _ = writeln!(serialize, "            + {t}{end}");
        }
    }
    let state = if s.members.is_empty() { "let state" } else { "let mut state" };
    let line = format!(
        "        {state} = serializer.serialize_struct({}, len)?;",
        lit(wire_name)
    );
    if line.chars().count() <= MAX_WIDTH {
        serialize.push_str(&line);
        serialize.push('\n');
    } else {
        let _ = writeln!(serialize, "        {state} =");
        let _ = writeln!(
            serialize,
            "            serializer.serialize_struct({}, len)?;",
            lit(wire_name)
        );
    }
    for m in &s.members {
        if m.required {
            call(
                &mut serialize,
                8,
                "state.serialize_field(",
                &[lit(&m.wire_name), format!("&self.{}", field(m))],
                ")?;",
            );
        } else {
            call(
                &mut serialize,
                8,
                "rt::serialize_optional(",
                &[
                    String::from("&mut state"),
                    lit(&m.wire_name),
                    format!("&self.{}", field(m)),
                ],
                ")?;",
            );
        }
    }
    serialize.push_str("        state.end()\n");
    impls(name, &write_value, &from_json, &serialize)
}

/// An enum: its value as a string.
pub(super) fn enum_impls(name: &str) -> String {
    impls(
        name,
        "        out.enum_value(self.as_str());\n",
        "        rt::string(json, at).map(Self::from)\n",
        "        serializer.serialize_str(self.as_str())\n",
    )
}

/// A newtype: the value inside, checked when read when the type has rules (`checked` is then
/// the inner type, as Rust text).
pub(super) fn inner_impls(name: &str, checked: Option<&str>) -> String {
    let from_json = match checked {
        Some(inner) => format!(
            "        let value: {inner} = rt::FromJson::from_json(json, at)?;\n        \
             Self::new(value).map_err(|e| at.error(e.to_string()))\n"
        ),
        None => String::from("        rt::FromJson::from_json(json, at).map(Self)\n"),
    };
    impls(
        name,
        "        rt::ToValue::write_value(&self.0, out);\n",
        &from_json,
        "        rt::serde::Serialize::serialize(&self.0, serializer)\n",
    )
}

/// An enum's inherent impl (`VALUES`, `as_str`) and conversions (`From<&str>`, `FromStr`,
/// `AsRef<str>`, `Display`); `values` are (variant, wire value).
pub(super) fn enum_conversions(name: &str, values: &[(&str, &str)]) -> String {
    let mut out = format!("impl {name} {{\n    /// The values the schema lists, in schema order.\n");
    let wires: Vec<String> = values.iter().map(|(_, w)| lit(w)).collect();
    let one = format!(
        "    pub const VALUES: &'static [&'static str] = &[{}];",
        wires.join(", ")
    );
    if one.chars().count() <= MAX_WIDTH {
        out.push_str(&one);
        out.push('\n');
    } else {
        out.push_str("    pub const VALUES: &'static [&'static str] = &[\n");
        for w in &wires {
            let _ = writeln!(out, "        {w},");
        }
        out.push_str("    ];\n");
    }
    out.push_str(
        "\n    /// The value as it appears on the wire.\n    pub fn as_str(&self) -> &str {\n        \
         match self {\n",
    );
    for (variant, wire) in values {
        let _ = writeln!(out, "            Self::{variant} => {},", lit(wire));
    }
    out.push_str(
        "            Self::Unknown(value) => value.as_str(),\n        }\n    }\n}\n\n",
    );
    let _ = writeln!(out, "impl From<&str> for {name} {{");
    out.push_str("    fn from(value: &str) -> Self {\n");
    if values.is_empty() {
        // Only `Unknown`: no `match` with a lone arm.
        out.push_str("        Self::Unknown(rt::UnknownValue::new_unchecked(value))\n");
    } else {
        out.push_str("        match value {\n");
        for (variant, wire) in values {
            let _ = writeln!(out, "            {} => Self::{variant},", lit(wire));
        }
        out.push_str(
            "            other => Self::Unknown(rt::UnknownValue::new_unchecked(other)),\n        }\n",
        );
    }
    out.push_str("    }\n}\n\n");
    let _ = write!(
        out,
        "impl std::str::FromStr for {name} {{
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {{
        Ok(Self::from(value))
    }}
}}

impl AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        self.as_str()
    }}
}}

impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}
"
    );
    out
}

/// What a newtype wraps, for its conversions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Inner<'a> {
    /// `String`: `TryFrom<&str>`/`From<&str>`, `FromStr`, `AsRef<str>`, `Display`.
    String,
    /// A number or boolean: `Display`.
    Displayed(&'a str),
    /// Anything else (`rt::Blob`, `rt::Timestamp`, a container).
    Other(&'a str),
}

/// A newtype's conversions (`TryFrom` when it checks rules, else `From`), `AsRef<str>` and
/// `Display` where they apply (never `Display` for a secret), and a redacting `Debug` for a
/// secret.
pub(super) fn newtype_conversions(name: &str, inner: Inner<'_>, checked: bool, sensitive: bool) -> String {
    let mut out = String::new();
    let inner_text = match inner {
        Inner::String => "String",
        Inner::Displayed(t) | Inner::Other(t) => t,
    };
    if checked {
        let _ = write!(
            out,
            "impl TryFrom<{inner_text}> for {name} {{
    type Error = rt::ValidationError;

    fn try_from(value: {inner_text}) -> Result<Self, Self::Error> {{
        Self::new(value)
    }}
}}
"
        );
        if inner == Inner::String {
            let _ = write!(
                out,
                "
impl TryFrom<&str> for {name} {{
    type Error = rt::ValidationError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {{
        Self::new(value)
    }}
}}

impl std::str::FromStr for {name} {{
    type Err = rt::ValidationError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {{
        Self::new(value)
    }}
}}
"
            );
        }
    } else {
        let _ = write!(
            out,
            "impl From<{inner_text}> for {name} {{
    fn from(value: {inner_text}) -> Self {{
        Self(value)
    }}
}}
"
        );
        if inner == Inner::String {
            let _ = write!(
                out,
                "
impl From<&str> for {name} {{
    fn from(value: &str) -> Self {{
        Self(value.to_owned())
    }}
}}
"
            );
        }
    }
    if inner == Inner::String {
        let _ = write!(
            out,
            "
impl AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        &self.0
    }}
}}
"
        );
    }
    if !sensitive {
        match inner {
            Inner::String => {
                let _ = write!(
                    out,
                    "
impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(&self.0)
    }}
}}
"
                );
            }
            Inner::Displayed(_) => {
                let _ = write!(
                    out,
                    "
impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        std::fmt::Display::fmt(&self.0, f)
    }}
}}
"
                );
            }
            Inner::Other(_) => {}
        }
    } else {
        let _ = write!(
            out,
            "
impl std::fmt::Debug for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.debug_tuple({}).field(&rt::Redacted).finish()
    }}
}}
",
            lit(name)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_calls_break_one_argument_per_line() {
        let mut out = String::new();
        call(&mut out, 8, "out.member(", &[lit("Short"), String::from("&self.short")], ");");
        assert_eq!(out, "        out.member(\"Short\", &self.short);\n");
        let mut out = String::new();
        let long = "x".repeat(90);
        call(&mut out, 8, "out.member(", &[lit(&long), String::from("&self.y")], ");");
        assert_eq!(
            out,
            format!("        out.member(\n            \"{long}\",\n            &self.y,\n        );\n")
        );
    }

    #[test]
    fn string_literals_escape_what_they_must() {
        assert_eq!(lit("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(lit("é"), "\"é\"");
    }
}
