//! An object shape → a struct and all of its impls.
//!
//! Takes: a [`Struct`] with its [`ShapeId`] (its fields are `names.fields(id)`, in member
//! order). Gives: the documented struct (members in schema order, required members plain, the
//! others `Option`), an inherent impl with the constructor `new` taking the required members and
//! a `with_*` setter per optional member, a redacting `Debug` when the struct or a member is
//! secret (else `Debug` is derived), and the wire impls: a structure of the members by wire
//! name, absent optionals left out (`Deserialize` and a whole secret's `Debug` are one-line
//! calls of the runtime's macros).

use crate::ir::{Member, ShapeId, ShapeKind, Struct, TypeRef};
use crate::name::unraw;
use crate::text::{code_span, wrap};

use super::types::{Ctx, DOC_WIDTH};
use super::writer::{Code, WIDTH, Writer, lit, token_lit};

/// Writes the struct `id` and its impls.
pub fn write(w: &mut Writer, cx: &Ctx<'_>, id: ShapeId, s: &Struct) {
    let name = cx.names.ty(id);
    let fields = cx.names.fields(id);
    let members: Vec<(&Member, &str)> = s
        .members
        .iter()
        .zip(fields)
        .map(|(m, f)| (m, f.as_str()))
        .collect();
    // The map of the members the schema does not list, when the struct keeps them.
    let extra = s.extra.as_ref().map(|ty| Extra {
        field: fields[s.members.len()].as_str(),
        ty: cx.ty(ty),
    });
    definition(w, cx, id, s, &members, extra.as_ref());
    w.blank();
    inherent(w, cx, name, &members, extra.as_ref());
    if s.sensitive {
        w.blank();
        w.line_of(&["rt::impl_redacted_debug!(", name, ");"]);
    } else if s.members.iter().any(|m| m.sensitive) {
        w.blank();
        debug(w, name, &members, extra.as_ref());
    }
    w.blank();
    let schema = cx.schema_check(id);
    let shape = Shape {
        name,
        wire_name: cx.names.schema(id),
        members: &members,
        closed: s.closed,
        null_is_absent: s.null_is_absent,
        schema: schema.as_deref(),
        secret: cx.holds_secret(&TypeRef::Named(id)),
        whole_secret: s.sensitive,
        extra: extra.as_ref(),
    };
    impls(w, cx, &shape);
}

/// The `extra` map of a struct that keeps the members its schema does not list.
struct Extra<'a> {
    /// Its field.
    field: &'a str,
    /// The type of its values.
    ty: String,
}

/// What the wire impls of a struct need.
struct Shape<'a> {
    name: &'a str,
    wire_name: &'a str,
    members: &'a [(&'a Member, &'a str)],
    closed: bool,
    null_is_absent: bool,
    schema: Option<&'a str>,
    /// Whether a value may hold a secret (its schema check then names keywords, not values).
    secret: bool,
    /// Whether the whole structure is a secret.
    whole_secret: bool,
    extra: Option<&'a Extra<'a>>,
}

/// The documented struct.
fn definition(
    w: &mut Writer,
    cx: &Ctx<'_>,
    id: ShapeId,
    s: &Struct,
    members: &[(&Member, &str)],
    extra: Option<&Extra<'_>>,
) {
    w.doc(&cx.shape_doc(id, "shape", &[], None));
    let derive_debug = if s.sensitive || s.members.iter().any(|m| m.sensitive) {
        ""
    } else {
        "Debug, "
    };
    let derive_default = if s.members.iter().any(|m| m.required) {
        ""
    } else {
        ", Default"
    };
    w.line_of(&[
        "#[derive(",
        derive_debug,
        "Clone, PartialEq",
        derive_default,
        ")]",
    ]);
    w.attr("non_exhaustive");
    let name = cx.names.ty(id);
    if members.is_empty() && extra.is_none() {
        w.line_of(&["pub struct ", name, " {}"]);
        return;
    }
    w.open(&format!("pub struct {name}"));
    for (m, field) in members {
        w.doc(&cx.member_doc(m));
        let ty = cx.member_type(m);
        let len = "    pub ".len() + field.chars().count() + ": ".len() + ty.chars().count() + 1;
        if len <= WIDTH {
            w.line_of(&["pub ", field, ": ", &ty, ","]);
        } else {
            w.line_of(&["pub ", field, ":"]);
            w.line_of(&["    ", &ty, ","]);
        }
    }
    if let Some(extra) = extra {
        w.doc(&wrap(
            "The members the schema does not list, in the order read; written back after the \
             others.",
            DOC_WIDTH,
        ));
        w.line_of(&[
            "pub ",
            extra.field,
            ": rt::IndexMap<String, ",
            &extra.ty,
            ">,",
        ]);
    }
    w.close("");
}

/// `impl Name { new, with_* }`.
fn inherent(
    w: &mut Writer,
    cx: &Ctx<'_>,
    name: &str,
    members: &[(&Member, &str)],
    extra: Option<&Extra<'_>>,
) {
    w.open(&format!("impl {name}"));
    let required: Vec<&(&Member, &str)> = members.iter().filter(|(m, _)| m.required).collect();
    let doc = if required.is_empty() {
        format!("Creates a new `{name}` with every member empty.")
    } else {
        let wire: Vec<String> = required
            .iter()
            .map(|(m, _)| crate::text::code_span(&m.wire_name))
            .collect();
        format!(
            "Creates a new `{name}` from its required members ({}); the optional members start \
             empty.",
            wire.join(", ")
        )
    };
    w.doc(&wrap(&doc, DOC_WIDTH));
    if required.len() > 7 {
        w.attr("allow(clippy::too_many_arguments)");
    }
    let params = required
        .iter()
        .map(|(m, f)| {
            Code::list(
                format!("{f}: impl Into<"),
                vec![Code::ty(&cx.member_value_type(m))],
                ">",
            )
        })
        .collect();
    w.code("", &Code::list("pub fn new(", params, ") -> Self"), " {");
    w.indent();
    let mut fields: Vec<Code> = members
        .iter()
        .map(|(m, f)| match (m.required, m.boxed) {
            (true, false) => into(&format!("{f}: "), f),
            (true, true) => Code::list(format!("{f}: Box::new("), vec![into("", f)], ")"),
            (false, _) => Code::text(format!("{f}: None")),
        })
        .collect();
    if let Some(extra) = extra {
        fields.push(Code::text(format!("{}: rt::IndexMap::new()", extra.field)));
    }
    w.code(
        "",
        &Code::Struct {
            head: String::from("Self"),
            fields,
        },
        "",
    );
    w.dedent();
    w.line("}");
    for (m, f) in members.iter().filter(|(m, _)| !m.required) {
        w.blank();
        setter(w, cx, m, f);
        if let Some(item) = list_item(cx, &m.ty).filter(|_| !m.boxed && !cx.held_as_secret(m)) {
            w.blank();
            appender(w, m, f, &item, members);
        }
    }
    w.close("");
}

/// The singular of a plural field name (`user_attributes` → `user_attribute`), or `None` when it
/// does not end like an English plural.
fn singular(field: &str) -> Option<String> {
    if let Some(stem) = field.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if field.ends_with(ending) {
            return Some(field[..field.len() - 2].to_owned());
        }
    }
    let stem = field.strip_suffix('s')?;
    (!stem.is_empty() && !["s", "u", "i", "_"].iter().any(|e| stem.ends_with(e)))
        .then(|| stem.to_owned())
}

/// `with_<item>(x)`: adds one item to an optional list member (`with_label("a")` beside
/// `with_labels(["a", "b"])`), named by the field's singular, or `with_<field>_item` when it has
/// none or that name is another member's setter (none when both are).
fn appender(w: &mut Writer, m: &Member, f: &str, item: &str, members: &[(&Member, &str)]) {
    let field = unraw(f).trim_matches('_');
    let taken = |name: &str| {
        members
            .iter()
            .any(|(_, other)| unraw(other).trim_matches('_') == name)
    };
    // Every setter is `with_<field>`: a name no member has is free.
    let Some(one) = singular(field)
        .into_iter()
        .chain([format!("{field}_item")])
        .find(|name| !taken(name))
    else {
        return;
    };
    w.doc(&[format!(
        "Adds one item to the optional list member {} (which is made if it was absent).",
        code_span(&m.wire_name)
    )]);
    w.attr("must_use");
    let param = format!("item: impl Into<{item}>");
    let name = format!("with_{one}");
    if 4 + 7 + name.chars().count() + 11 + param.chars().count() + 11 <= WIDTH {
        w.line_of(&["pub fn ", &name, "(mut self, ", &param, ") -> Self {"]);
    } else {
        w.line_of(&["pub fn ", &name, "("]);
        w.line("    mut self,");
        w.line_of(&["    ", &param, ","]);
        w.line(") -> Self {");
    }
    w.line_of(&[
        "    self.",
        f,
        ".get_or_insert_with(Vec::new).push(item.into());",
    ]);
    w.line("    self");
    w.line("}");
}

/// `field.into()`, after `prefix` (a chain: it breaks before `.into()` when too long).
fn into(prefix: &str, field: &str) -> Code {
    let receiver = format!("{prefix}{field}");
    // A receiver of at most four characters at the start of a line does not break.
    Code::Chain(vec![Code::Text(receiver), Code::text(".into()")])
}

/// The `with_*` setter of an optional member.
fn setter(w: &mut Writer, cx: &Ctx<'_>, m: &Member, f: &str) {
    let setter = format!("with_{}", unraw(f).trim_matches('_'));
    let t = cx.member_value_type(m);
    w.doc(&[format!(
        "Sets the optional member {}.",
        code_span(&m.wire_name)
    )]);
    w.attr("must_use");
    // A list takes anything that iterates over what turns into its items (`["a", "b"]` for a
    // list of strings).
    let item = list_item(cx, &m.ty).filter(|_| !m.boxed && !cx.held_as_secret(m));
    let param = match &item {
        Some(item) => format!("{f}: impl IntoIterator<Item = impl Into<{item}>>"),
        None => format!("{f}: impl Into<{t}>"),
    };
    if 4 + 7 + setter.chars().count() + 11 + param.chars().count() + 11 <= WIDTH {
        w.line_of(&["pub fn ", &setter, "(mut self, ", &param, ") -> Self {"]);
    } else {
        w.line_of(&["pub fn ", &setter, "("]);
        w.line("    mut self,");
        w.line_of(&["    ", &param, ","]);
        w.line(") -> Self {");
    }
    let value = if item.is_some() {
        format!("{f}.into_iter().map(Into::into).collect()")
    } else if m.boxed {
        format!("Box::new({f}.into())")
    } else {
        format!("{f}.into()")
    };
    w.line_of(&["    self.", f, " = Some(", &value, ");"]);
    w.line("    self");
    w.line("}");
}

/// The item type of a plain list (`Vec<T>`, or a type alias of one).
fn list_item(cx: &Ctx<'_>, ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::List(item) => Some(cx.ty(item)),
        TypeRef::Named(id) => match &cx.ir.shape(*id).kind {
            ShapeKind::Alias(TypeRef::List(item)) => Some(cx.ty(item)),
            _ => None,
        },
        _ => None,
    }
}

/// A `Debug` that prints `<redacted>` in place of the secret members (there is at least one
/// member): one statement per member on a `DebugStruct`, not one chain of calls, whose cost in
/// rustc grows faster than its length.
fn debug(w: &mut Writer, name: &str, members: &[(&Member, &str)], extra: Option<&Extra<'_>>) {
    let self_field = |f: &str| vec![Code::text("&self"), Code::text(format!(".{f}"))];
    w.open_impl("std::fmt::Debug", name);
    w.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result");
    let head = Code::list("f.debug_struct(", vec![Code::text(token_lit(name))], ")");
    w.code("let mut d = ", &head, ";");
    for (m, f) in members {
        let value = match (m.sensitive, m.required) {
            (false, _) => Code::Chain(self_field(f)),
            (true, true) => Code::text("&rt::Redacted"),
            (true, false) => {
                let mut links = self_field(f);
                links.push(Code::text(".as_ref()"));
                links.push(Code::text(".map(|_| rt::Redacted)"));
                Code::Chain(links)
            }
        };
        let call = Code::list(
            "d.field(",
            vec![Code::text(token_lit(unraw(f))), value],
            ")",
        );
        w.code("", &call, ";");
    }
    if let Some(extra) = extra {
        let value = Code::Chain(self_field(extra.field));
        let call = Code::list(
            "d.field(",
            vec![Code::text(token_lit(unraw(extra.field))), value],
            ")",
        );
        w.code("", &call, ";");
    }
    w.line("d.finish()");
    w.close("");
    w.close("");
}

/// `ToValue`, `FromJson`, `Serialize` (written out: they follow the members), `Deserialize`
/// (the runtime's macro).
fn impls(w: &mut Writer, cx: &Ctx<'_>, shape: &Shape<'_>) {
    let name = shape.name;
    method(
        w,
        format!("impl rt::ToValue for {name}"),
        "fn write_value<'a>(&'a self, out: &mut rt::ValueBuilder<'a>)",
        |w| write_value(w, cx, shape),
    );
    w.blank();
    method(
        w,
        format!("impl rt::FromJson for {name}"),
        "fn from_json(json: &rt::Document, at: &rt::JsonPath<'_>) -> Result<Self, rt::ReadError>",
        |w| from_json(w, cx, shape),
    );
    w.blank();
    method(
        w,
        format!("impl rt::serde::Serialize for {name}"),
        "fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>",
        |w| serialize(w, shape),
    );
    w.blank();
    w.line_of(&["rt::impl_deserialize!(", name, ");"]);
}

/// `head { signature { body } }`.
fn method(w: &mut Writer, head: String, signature: &str, body: impl FnOnce(&mut Writer)) {
    w.open(&head);
    w.open(signature);
    body(w);
    w.close("");
    w.close("");
}

/// The body of `write_value`: a structure of the members by wire name, absent optionals left out.
fn write_value(w: &mut Writer, cx: &Ctx<'_>, shape: &Shape<'_>) {
    let Shape {
        members,
        whole_secret,
        extra,
        ..
    } = *shape;
    // What a secret writes is marked so, for the tree's `Debug` to redact.
    if whole_secret {
        w.line("let secret = out.begin_secret();");
    }
    w.line("let structure = out.begin_structure();");
    for (m, f) in members {
        // (An `rt::Secret` marks itself.)
        let prefix = if m.sensitive && !cx.held_as_secret(m) {
            "out.secret_"
        } else {
            "out."
        };
        if m.required {
            w.call(
                &format!("{prefix}member("),
                &[key(&m.wire_name), format!("&self.{f}")],
                ");",
            );
        } else {
            w.call(
                &format!("{prefix}optional("),
                &[key(&m.wire_name), format!("self.{f}.as_ref()")],
                ");",
            );
        }
    }
    if let Some(extra) = extra {
        w.line_of(&["rt::write_extra(out, &self.", extra.field, ");"]);
    }
    w.line("out.end_container(structure);");
    if whole_secret {
        w.line("out.end_secret(secret);");
    }
}

/// The body of `from_json`: the schema check if there is one, then the members.
fn from_json(w: &mut Writer, cx: &Ctx<'_>, shape: &Shape<'_>) {
    let Shape {
        members,
        closed,
        schema,
        secret,
        extra,
        ..
    } = *shape;
    if let Some(schema) = schema {
        // The validator's message quotes the value: not for a secret, or one with secrets.
        let read = if secret {
            ".read_secret(json, at)?;"
        } else {
            ".read(json, at)?;"
        };
        w.line_of(&[schema, read]);
    }
    if members.is_empty() {
        if closed {
            w.line("let members = rt::object(json, at)?;");
            w.line("rt::only_members(members, &[], at)?;");
            w.line("Ok(Self {})");
        } else if let Some(extra) = extra {
            w.line("let members = rt::object(json, at)?;");
            w.line_of(&[
                "let ",
                extra.field,
                " = rt::extra_members(members, &[], at)?;",
            ]);
            w.line_of(&["Ok(Self { ", extra.field, " })"]);
        } else {
            w.line("rt::object(json, at)?;");
            w.line("Ok(Self {})");
        }
        return;
    }
    read_members(w, cx, shape);
}

/// Reads the members of a struct that has some, one `let` each, then builds it.
fn read_members(w: &mut Writer, cx: &Ctx<'_>, shape: &Shape<'_>) {
    let Shape {
        members,
        closed,
        null_is_absent,
        extra,
        ..
    } = *shape;
    // One `let` per member, with its type, then the struct from them: a single struct
    // expression with a `?` per member costs rustc time that grows much faster than the
    // number of members, and so do hundreds of bindings whose types are only known at the
    // end (800 members: over 1,000 s of debug build; 4.0 s untyped; 2.4 s typed).
    w.line("let members = rt::object(json, at)?;");
    if closed {
        let known: Vec<String> = members.iter().map(|(m, _)| lit(&m.wire_name)).collect();
        w.call("rt::only_members(members, &[", &known, "], at)?;");
    }
    // What is cheap to check comes first: members of flat types (a string, a number, an
    // enum) are read before those holding objects or lists, and the required members that
    // would be read after one of those are looked for before it. A value that is not this
    // struct then fails before its subtrees are read, which keeps the alternatives of a
    // recursive union from reading one subtree once per alternative above it.
    let (flat, nested): (Vec<_>, Vec<_>) = members.iter().partition(|(m, _)| cx.is_flat(&m.ty));
    let present: Vec<String> = nested
        .iter()
        .skip(1)
        .filter(|(m, _)| m.required)
        .map(|(m, _)| lit(&m.wire_name))
        .collect();
    if !present.is_empty() {
        w.call("rt::present(members, &[", &present, "], at)?;");
    }
    // A member named like a binding the later lines read gets one of its own.
    let binding = |f: &str| {
        if matches!(f, "members" | "at") {
            format!("{f}_")
        } else {
            f.to_owned()
        }
    };
    let mut fields: Vec<Code> = members
        .iter()
        .map(|(_, f)| match binding(f) {
            b if b == *f => Code::text(*f),
            b => Code::text(format!("{f}: {b}")),
        })
        .collect();
    for (m, f) in flat.iter().chain(&nested) {
        let reader = if m.required {
            "rt::required("
        } else if null_is_absent {
            "rt::optional_or_null("
        } else {
            "rt::optional("
        };
        let binding = binding(f);
        let args = [
            String::from("members"),
            lit(&m.wire_name),
            String::from("at"),
        ];
        let ty = cx.member_type(m);
        if m.sensitive && !cx.held_as_secret(m) {
            // A secret type's own errors leave it out; those of what it holds may not.
            w.call(
                &format!("let {binding}: {ty} = rt::redacted({reader}"),
                &args,
                "))?;",
            );
        } else {
            w.call(&format!("let {binding}: {ty} = {reader}"), &args, ")?;");
        }
    }
    if let Some(extra) = extra {
        let known: Vec<String> = members.iter().map(|(m, _)| lit(&m.wire_name)).collect();
        let f = extra.field;
        w.call(
            &format!(
                "let {f}: rt::IndexMap<String, {}> = rt::extra_members(members, &[",
                extra.ty
            ),
            &known,
            "], at)?;",
        );
        fields.push(Code::text(f));
    }
    let head = String::from("Self");
    w.code("Ok(", &Code::Struct { head, fields }, ")");
}

/// The body of `serialize`: a serde struct of the members present, or a map with the extra
/// members.
fn serialize(w: &mut Writer, shape: &Shape<'_>) {
    let Shape {
        wire_name,
        members,
        extra,
        ..
    } = *shape;
    if let Some(extra) = extra {
        serialize_map(w, members, extra);
        return;
    }
    w.line("use rt::serde::ser::SerializeStruct as _;");
    // The number of members present: a sum when it fits on one line, else one statement
    // per optional member (a sum of hundreds of terms costs rustc more than its length).
    let required = members.iter().filter(|(m, _)| m.required).count();
    let optional: Vec<String> = members
        .iter()
        .filter(|(m, _)| !m.required)
        .map(|(_, f)| format!("usize::from(self.{f}.is_some())"))
        .collect();
    let mut terms: Vec<String> = Vec::new();
    if required > 0 || optional.is_empty() {
        terms.push(required.to_string());
    }
    terms.extend(optional.iter().cloned());
    let one = format!("let len = {};", terms.join(" + "));
    if 8 + one.chars().count() <= WIDTH {
        w.line(&one);
    } else {
        w.line(&format!("let mut len = {required};"));
        for t in &optional {
            w.line_of(&["len += ", t, ";"]);
        }
    }
    let state = if members.is_empty() {
        "let state"
    } else {
        "let mut state"
    };
    let call = format!("serializer.serialize_struct({}, len)?;", lit(wire_name));
    if 8 + state.len() + 3 + call.chars().count() <= WIDTH {
        w.line_of(&[state, " = ", &call]);
    } else {
        w.line_of(&[state, " ="]);
        w.line_of(&["    ", &call]);
    }
    serialize_members(
        w,
        members,
        "state.serialize_field(",
        "rt::serialize_optional(",
    );
    w.line("state.end()");
}

/// A struct with extra members is serialized as a map: a serde struct's member names are
/// fixed.
fn serialize_map(w: &mut Writer, members: &[(&Member, &str)], extra: &Extra<'_>) {
    w.line("use rt::serde::ser::SerializeMap as _;");
    w.line("let mut state = serializer.serialize_map(None)?;");
    serialize_members(
        w,
        members,
        "state.serialize_entry(",
        "rt::serialize_optional_entry(",
    );
    w.line_of(&["rt::serialize_extra(&mut state, &self.", extra.field, ")?;"]);
    w.line("state.end()");
}

/// One statement per member of a `Serialize` impl: `required(name, &self.f)?;` for a required
/// member, `optional(&mut state, name, &self.f)?;` for an optional one.
fn serialize_members(w: &mut Writer, members: &[(&Member, &str)], required: &str, optional: &str) {
    for (m, f) in members {
        if m.required {
            w.call(required, &[lit(&m.wire_name), format!("&self.{f}")], ")?;");
        } else {
            let args = [
                String::from("&mut state"),
                lit(&m.wire_name),
                format!("&self.{f}"),
            ];
            w.call(optional, &args, ")?;");
        }
    }
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
