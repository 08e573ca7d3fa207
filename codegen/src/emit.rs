//! Stage 4, **emit**: named shapes → formatted Rust source files of one crate.
//!
//! Takes: the named [`Ir`] and a [`CrateSpec`] (crate name, where the runtime crate is).
//! Gives: the crate's files as text (`Cargo.toml`, `src/lib.rs`, one `src/<module>.rs` per
//! namespace), each built as `quote!` tokens and printed with `prettyplease`, so the output
//! depends on nothing installed and is identical byte for byte from run to run.
//!
//! Per shape: an object → a struct (members in schema order, required members plain, the others
//! `Option`, a constructor `new` taking the required members and a `with_*` setter per optional
//! member); a string enum → an enum with an `Unknown` catch-all; a named primitive → a newtype;
//! a named array, map or reference → a documented type alias. Shapes are emitted sorted by
//! Rust name, so a diff of the generated file follows the schema change.

use std::cell::Cell;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::diag::Diagnostic;
use crate::docs;
use crate::ir::{
    Collection, Constraints, Enum, Ir, Member, Newtype, Origin, Primitive, Shape, ShapeId,
    ShapeKind, Struct, TypeRef,
};
use crate::name::{Names, unraw};

mod wire;

/// Doc comment lines are wrapped to this many characters.
pub const DOC_WIDTH: usize = 90;

/// What crate to emit.
#[derive(Debug, Clone)]
pub struct CrateSpec {
    /// The package name (`generated`).
    pub name: String,
    /// The path of the runtime crate as written in `Cargo.toml` (relative to the output folder
    /// when possible).
    pub runtime_path: String,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub text: String,
}

/// The generated crate.
#[derive(Debug)]
pub struct Emitted {
    /// Its files, in a fixed order.
    pub files: Vec<File>,
    /// How many Rust types were written.
    pub types: usize,
}

/// Emits the crate.
pub fn emit(ir: &Ir, names: &Names, spec: &CrateSpec) -> Result<Emitted, Diagnostic> {
    let mut files = vec![File {
        path: String::from("Cargo.toml"),
        text: cargo_toml(spec),
    }];
    files.push(File {
        path: String::from("src/lib.rs"),
        text: render(lib_rs(ir, names, spec), "src/lib.rs", &header(None))?,
    });
    // Each namespace's shapes, sorted by Rust name, cut into chunks that worker threads turn
    // into formatted text independently (top-level items format alike alone or together, so
    // the result does not depend on the number of threads); the registry comes last.
    let mut per_namespace: Vec<Vec<ShapeId>> = vec![Vec::new(); ir.namespaces.len()];
    for id in (0..ir.shapes.len()).map(ShapeId) {
        per_namespace[ir.shape(id).namespace].push(id);
    }
    let mut units: Vec<Unit> = Vec::new();
    for (ns, ids) in per_namespace.iter_mut().enumerate() {
        ids.sort_by(|a, b| names.ty(*a).cmp(names.ty(*b)));
        for chunk in ids.chunks(CHUNK) {
            units.push(Unit::Shapes(ns, chunk.to_vec()));
        }
        units.push(Unit::Registry(ns, ids.clone()));
    }
    let texts = run_units(ir, names, &units)?;
    let mut types = 0;
    for (ns_index, ns) in ir.namespaces.iter().enumerate() {
        let count = per_namespace[ns_index].len();
        types += count;
        let (mut body, mut uses_runtime) = (String::new(), false);
        for ((unit, (text, rt)), _) in units.iter().zip(&texts).zip(0..) {
            if unit.namespace() == ns_index {
                body.push('\n');
                body.push_str(text);
                uses_runtime |= *rt;
            }
        }
        let rt = if uses_runtime {
            quote! { use crate::runtime as rt; }
        } else {
            TokenStream::new()
        };
        let mut module_doc = wrap(
            &format!(
                "Types generated from the `{}` schemas ({} documents, {} types).",
                ns.name, ns.documents, count
            ),
            DOC_WIDTH,
        );
        module_doc.push(String::new());
        module_doc.extend(wrap(
            "Each type's documentation comes from its schema; the wire name of every shape and \
             member is kept for serialization.",
            DOC_WIDTH,
        ));
        let module_doc = doc_attrs_inner(&module_doc);
        let path = format!("src/{}.rs", names.module(ns_index));
        let mut text = render(quote! { #module_doc #rt }, &path, &header(Some(&ns.name)))?;
        text.push_str(&body);
        files.push(File { path, text });
    }
    let path = format!("examples/{}-roundtrip.rs", spec.name);
    let text = render(roundtrip_example(spec), &path, &header(None))?;
    files.push(File { path, text });
    Ok(Emitted { files, types })
}

/// Shapes per unit of work.
const CHUNK: usize = 48;

/// A piece of a module that one thread emits and formats.
enum Unit {
    /// These shapes of namespace `.0`.
    Shapes(usize, Vec<ShapeId>),
    /// The `TYPE_NAMES`/`roundtrip` registry of namespace `.0` (all its shapes).
    Registry(usize, Vec<ShapeId>),
}

impl Unit {
    fn namespace(&self) -> usize {
        match self {
            Unit::Shapes(ns, _) | Unit::Registry(ns, _) => *ns,
        }
    }
}

/// A unit's index and its text (with whether it uses the runtime), or why it failed.
type UnitResult = (usize, Result<(String, bool), Diagnostic>);

/// Emits and formats every unit on as many threads as the machine has (tokens are not `Send`,
/// so each thread builds its own): the text of each unit and whether it uses the runtime.
fn run_units(ir: &Ir, names: &Names, units: &[Unit]) -> Result<Vec<(String, bool)>, Diagnostic> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 16)
        .min(units.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |out: &mut Vec<UnitResult>| loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(unit) = units.get(i) else { break };
        let e = Emitter {
            ir,
            names,
            current: Cell::new(ShapeId(0)),
            ns: unit.namespace(),
            uses_runtime: Cell::new(false),
        };
        let text = match unit {
            Unit::Shapes(_, ids) => {
                let mut text = String::new();
                let mut failed = None;
                for id in ids {
                    match e.shape(*id) {
                        Ok(t) if t.is_empty() => {}
                        Ok(t) => {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                            text.push_str(&t);
                        }
                        Err(d) => {
                            failed = Some(d);
                            break;
                        }
                    }
                }
                match failed {
                    Some(d) => Err(d),
                    None => Ok(text),
                }
            }
            Unit::Registry(_, ids) => render(e.registry(ids), "a generated module", ""),
        };
        out.push((i, text.map(|t| (t, e.uses_runtime.get()))));
    };
    let mut results: Vec<UnitResult> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    work(&mut out);
                    out
                })
            })
            .collect();
        work(&mut results);
        for h in handles {
            match h.join() {
                Ok(out) => results.extend(out),
                Err(_) => results.push((
                    usize::MAX,
                    Err(Diagnostic::general("internal error: an emitting thread failed")),
                )),
            }
        }
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The generated crate's `roundtrip` example: reads an instance on stdin as any generated type
/// and prints its value tree as awsJson, so anyone can check a payload against the types.
fn roundtrip_example(spec: &CrateSpec) -> TokenStream {
    let krate = ident(&spec.name.replace('-', "_"));
    let usage = format!(
        "usage: cargo run -p {0} --example {0}-roundtrip -- <namespace> <TypeName> < instance.json\n       \
         {0}-roundtrip --list        (every namespace and type)\n       \
         {0}-roundtrip --batch       (stdin lines [namespace, type, instance] → lines {{\"ok\": …}} or {{\"error\": …}})",
        spec.name
    );
    let first_line = format!(
        " `{}-roundtrip <namespace> <TypeName>`: reads one JSON instance on stdin, reads it as that",
        spec.name
    );
    quote! {
        #![doc = #first_line]
        //! generated type and prints the type's value tree rendered as awsJson. A document that
        //! does not fit the type is reported with its JSON path on stderr (exit code 1).
        //!
        //! `--list` prints every namespace and type; `--batch` reads lines of
        //! `[namespace, type, instance]` and answers each with a line `{"ok": …}` or
        //! `{"error": "…"}`.

        use std::io::{BufRead, Read, Write};
        use std::process::ExitCode;

        use #krate::runtime::{Document, ValueBuilder, from_json_str};

        const USAGE: &str = #usage;

        fn main() -> ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            match args.as_slice() {
                [flag] if flag == "--list" => {
                    let mut out = std::io::stdout().lock();
                    for (namespace, types) in #krate::NAMESPACES {
                        for type_name in *types {
                            if writeln!(out, "{namespace} {type_name}").is_err() {
                                return ExitCode::from(2);
                            }
                        }
                    }
                    ExitCode::SUCCESS
                }
                [flag] if flag == "--batch" => batch(),
                [namespace, type_name] => single(namespace, type_name),
                _ => {
                    eprintln!("{USAGE}");
                    ExitCode::from(2)
                }
            }
        }

        fn single(namespace: &str, type_name: &str) -> ExitCode {
            let mut input = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut input) {
                eprintln!("cannot read stdin: {e}");
                return ExitCode::from(2);
            }
            match #krate::roundtrip(namespace, type_name, &input) {
                None => {
                    eprintln!("no type `{type_name}` in namespace `{namespace}` (see --list)");
                    ExitCode::from(2)
                }
                Some(Ok(json)) => {
                    // A closed stdout (`| head`) is not worth a panic.
                    match writeln!(std::io::stdout().lock(), "{json}") {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(_) => ExitCode::from(2),
                    }
                }
                Some(Err(e)) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }

        fn batch() -> ExitCode {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else {
                    return ExitCode::from(2);
                };
                if line.trim().is_empty() {
                    continue;
                }
                let answer = match from_json_str::<Document>(&line) {
                    Ok(Document::Array(parts)) if parts.len() == 3 => {
                        match (&parts[0], &parts[1]) {
                            (Document::String(namespace), Document::String(type_name)) => {
                                match #krate::roundtrip(namespace, type_name, &parts[2].to_string()) {
                                    Some(Ok(json)) => format!("{{\"ok\":{json}}}"),
                                    Some(Err(e)) => error_line(&e.to_string()),
                                    None => error_line(&format!("no type `{type_name}` in namespace `{namespace}`")),
                                }
                            }
                            _ => error_line("expected [namespace, type, instance]"),
                        }
                    }
                    _ => error_line("expected [namespace, type, instance]"),
                };
                if writeln!(out, "{answer}").is_err() {
                    return ExitCode::from(2);
                }
            }
            ExitCode::SUCCESS
        }

        fn error_line(message: &str) -> String {
            let mut text = ValueBuilder::new();
            text.string(message);
            format!("{{\"error\":{}}}", text.finish().to_json())
        }
    }
}

/// The first lines of a generated Rust file. They name the namespace folder but not where the
/// schema root is, so the output depends only on the schemas, not on the command line.
fn header(namespace: Option<&str>) -> String {
    let from = match namespace {
        Some(ns) => format!(" from the `{ns}` schemas"),
        None => String::new(),
    };
    format!("// @generated by `cargo xtask codegen`{from}. Do not edit by hand.\n\n")
}

fn cargo_toml(spec: &CrateSpec) -> String {
    let runtime = toml_string(&spec.runtime_path);
    let name = toml_string(&spec.name);
    format!(
        "# @generated by `cargo xtask codegen`. Do not edit by hand.\n\
         \n\
         [package]\n\
         name = {name}\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         description = \"Rust types generated from JSON Schema documents.\"\n\
         \n\
         [lib]\n\
         doctest = false\n\
         \n\
         [dependencies]\n\
         schema-runtime = {{ path = {runtime} }}\n"
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lib_rs(ir: &Ir, names: &Names, spec: &CrateSpec) -> TokenStream {
    let mut doc = vec![
        String::from("Rust types generated from JSON Schema documents by `cargo xtask codegen`."),
        String::new(),
        String::from("One module per namespace (a sub-folder of the schema root):"),
        String::new(),
    ];
    for (i, ns) in ir.namespaces.iter().enumerate() {
        doc.push(format!(
            "- [`{}`]: the `{}` schemas ({} documents).",
            names.module(i),
            ns.name,
            ns.documents
        ));
    }
    let doc = doc_attrs_inner(&doc);
    let modules = (0..ir.namespaces.len()).map(|i| {
        let m = ident(names.module(i));
        quote! { pub mod #m; }
    });
    let folders: Vec<&str> = ir.namespaces.iter().map(|ns| ns.name.as_str()).collect();
    let module_names: Vec<&str> = (0..ir.namespaces.len()).map(|i| names.module(i)).collect();
    let module_idents: Vec<Ident> = module_names.iter().map(|m| ident(m)).collect();
    let arms = folders.iter().zip(&module_names).zip(&module_idents).map(|((f, m), i)| {
        if f == m {
            quote! { #f => #i::roundtrip(type_name, json), }
        } else {
            quote! { #f | #m => #i::roundtrip(type_name, json), }
        }
    });
    let roundtrip_doc = format!(
        " renders the value tree as awsJson: what the `{}-roundtrip` example does. `None` when",
        spec.name
    );
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        /// The runtime support crate the generated types use (timestamps, blobs, maps).
        pub use schema_runtime as runtime;

        #(#modules)*

        /// Every namespace (schema folder name) with the Rust names of its types.
        pub const NAMESPACES: &[(&str, &[&str])] = &[#((#folders, #module_idents::TYPE_NAMES)),*];

        /// Reads `json` as type `type_name` of `namespace` (its folder name or module name) and
        #[doc = #roundtrip_doc]
        /// there is no such type.
        pub fn roundtrip(
            namespace: &str,
            type_name: &str,
            json: &str,
        ) -> Option<Result<String, runtime::ReadError>> {
            match namespace {
                #(#arms)*
                _ => None,
            }
        }
    }
}

fn render(tokens: TokenStream, path: &str, header: &str) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Diagnostic::general(format!(
            "internal error: the code generated for `{path}` does not parse: {e}"
        ))
    })?;
    Ok(format!("{header}{}", space_items(&prettyplease::unparse(&file))))
}

/// Formats the items of a shape (no header).
fn render_item(tokens: TokenStream) -> Result<String, Diagnostic> {
    render(tokens, "a generated module", "")
}

/// A struct's pieces: formatted separately so that the setters, written as text, go inside the
/// `impl` block that holds `new`.
struct StructParts {
    definition: String,
    constructor: TokenStream,
    setters: Vec<String>,
    debug: TokenStream,
}

impl StructParts {
    fn render(self) -> Result<String, Diagnostic> {
        let mut text = self.definition;
        text.push('\n');
        let constructor = render_item(self.constructor)?;
        // `impl X { … new … }`: the setters go before its closing brace.
        let body = constructor.trim_end().strip_suffix('}').unwrap_or(&constructor);
        text.push_str(body);
        for setter in &self.setters {
            text.push('\n');
            text.push_str(setter);
        }
        text.push_str("}\n");
        if !self.debug.is_empty() {
            text.push('\n');
            text.push_str(&render_item(self.debug)?);
        }
        Ok(text)
    }
}

/// Puts an empty line between items, as `rustfmt`-formatted hand-written code has:
/// `prettyplease` prints items back to back. An item ends with a line that closes a block
/// (`}` at the item's indentation) or, at the top level, a line ending in `;`; doc and
/// attribute lines of the next item follow it directly.
fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { break };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let trimmed = line.trim_start();
        let comment = trimmed.starts_with("//");
        let ends_item = !comment && (trimmed == "}" || (indent == 0 && trimmed.ends_with(';')));
        let both_uses = trimmed.starts_with("use ") && next.trim_start().starts_with("use ");
        let next_starts_item = next_indent == indent
            && !next.trim_start().starts_with('}')
            && !next.trim().is_empty()
            && !both_uses;
        // Inner attributes (`#![…]`, `//!`) stay together; so do the fields of a struct.
        let in_header = trimmed.starts_with("//!") || trimmed.starts_with("#!");
        let header_ends = in_header && !next.trim_start().starts_with("//!")
            && !next.trim_start().starts_with("#!");
        if (ends_item && next_starts_item) || header_ends {
            out.push('\n');
        }
    }
    out
}

/// Wraps generator-written Markdown at `width`, never inside a code span.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut in_code = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if in_code {
            if let Some(last) = tokens.last_mut() {
                last.push(' ');
                last.push_str(word);
            }
        } else {
            tokens.push(word.to_owned());
        }
        if word.matches('`').count() % 2 == 1 {
            in_code = !in_code;
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for t in tokens {
        if !line.is_empty() && line.len() + 1 + t.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&t);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// An identifier (raw when written `r#…`). Names come from the name stage, which only makes
/// valid identifiers; anything else is mangled rather than allowed to panic.
fn ident(name: &str) -> Ident {
    let plain = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && s != "_"
    };
    if let Some(raw) = name.strip_prefix("r#") {
        if plain(raw) && !["self", "Self", "super", "crate"].contains(&raw) {
            return Ident::new_raw(raw, Span::call_site());
        }
    } else if plain(name) {
        return Ident::new(name, Span::call_site());
    }
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format_ident!("_{}", cleaned)
}

fn doc_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
        .collect()
}

/// Doc comment lines (`/// …`) at an indentation, as text.
fn doc_text(lines: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in lines {
        // A line break or other control character would end the comment: never in converted
        // docs, but keep the output valid whatever comes in.
        let clean: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if clean.is_empty() {
            out.push_str(&pad);
            out.push_str("///\n");
        } else {
            out.push_str(&pad);
            out.push_str("/// ");
            out.push_str(&clean);
            out.push('\n');
        }
    }
    out
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = doc_lines(lines);
    quote! { #(#[doc = #lines])* }
}

fn doc_attrs_inner(lines: &[String]) -> TokenStream {
    let lines = doc_lines(lines);
    quote! { #(#![doc = #lines])* }
}

/// Markdown lines of a description, or nothing. Converting is memoized per thread: vendor
/// corpora repeat descriptions (and a member without its own reads its shape's).
fn description_lines(description: Option<&str>) -> Vec<String> {
    thread_local! {
        static CONVERTED: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
            std::cell::RefCell::default();
    }
    let Some(d) = description else {
        return Vec::new();
    };
    CONVERTED.with(|cache| {
        if let Some(lines) = cache.borrow().get(d) {
            return lines.clone();
        }
        let lines = docs::to_rustdoc(d, DOC_WIDTH);
        cache.borrow_mut().insert(d.to_owned(), lines.clone());
        lines
    })
}

struct Emitter<'a> {
    ir: &'a Ir,
    names: &'a Names,
    /// The shape being emitted.
    current: Cell<ShapeId>,
    ns: usize,
    uses_runtime: Cell<bool>,
}

impl Emitter<'_> {
    /// The Rust name of the shape being emitted.
    fn rust_name(&self) -> &str {
        self.names.ty(self.current.get())
    }

    /// The schema-level name of the shape being emitted.
    fn schema_name(&self) -> &str {
        self.names.schema(self.current.get())
    }

    /// The Rust field of a member of the struct being emitted.
    fn field(&self, m: &Member) -> &str {
        let id = self.current.get();
        let position = match &self.ir.shape(id).kind {
            ShapeKind::Struct(s) => s.members.iter().position(|x| std::ptr::eq(x, m)),
            _ => None,
        };
        position.map_or("", |i| self.names.fields(id)[i].as_str())
    }

    fn rt(&self) -> TokenStream {
        self.uses_runtime.set(true);
        quote! { rt }
    }

    /// A shape's whole text: its definition and inherent impls (built as tokens and formatted
    /// by `prettyplease`), then its wire impls and setters (written as text, see [`wire`]).
    fn shape(&self, id: ShapeId) -> Result<String, Diagnostic> {
        self.current.set(id);
        let shape = self.ir.shape(id);
        let name = self.names.ty(id);
        let (definition, wire) = match &shape.kind {
            ShapeKind::Struct(s) => {
                let parts = self.structure(shape, s);
                (parts.render()?, wire::struct_impls(name, self.names.schema(id), s, self.names.fields(id)))
            }
            ShapeKind::Enum(e) => {
                let values: Vec<(&str, &str)> = e
                    .values
                    .iter()
                    .zip(self.names.variants(id))
                    .map(|(v, variant)| (variant.as_str(), v.wire.as_str()))
                    .collect();
                (
                    self.enumeration(shape, e),
                    format!(
                        "{}\n{}",
                        wire::enum_conversions(name, &values),
                        wire::enum_impls(name)
                    ),
                )
            }
            ShapeKind::Newtype(n) => {
                let inner = self.primitive_text(n.primitive);
                let c = &n.constraints;
                let kind = match n.primitive {
                    Primitive::String => wire::Inner::String,
                    Primitive::Blob | Primitive::Timestamp => wire::Inner::Other(&inner),
                    _ => wire::Inner::Displayed(&inner),
                };
                let conversions = wire::newtype_conversions(name, kind, c.checks(), c.sensitive);
                let checked = c.checks().then_some(inner.as_str());
                let (doc, tokens) = self.newtype(shape, n);
                (
                    doc_text(&doc, 0) + &render_item(tokens)?,
                    format!("{conversions}\n{}", wire::inner_impls(name, checked)),
                )
            }
            ShapeKind::Collection(c) => {
                let inner = self.ty_text(&c.ty);
                let checked = collection_checks(c);
                let conversions = wire::newtype_conversions(
                    name,
                    wire::Inner::Other(&inner),
                    checked,
                    c.constraints.sensitive,
                );
                let (doc, tokens) = self.collection(shape, c);
                (
                    doc_text(&doc, 0) + &render_item(tokens)?,
                    format!(
                        "{conversions}\n{}",
                        wire::inner_impls(name, checked.then_some(inner.as_str()))
                    ),
                )
            }
            ShapeKind::Wrapper(t) => (self.wrapper(shape, t), wire::inner_impls(name, None)),
            ShapeKind::Alias(t) => return Ok(self.alias(shape, t)),
        };
        self.uses_runtime.set(true);
        Ok(format!("{definition}\n{wire}"))
    }

    /// [`ty`](Self::ty) as Rust text.
    fn ty_text(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Named(id) => {
                let shape = self.ir.shape(*id);
                if shape.namespace == self.ns {
                    self.names.ty(*id).to_owned()
                } else {
                    format!(
                        "super::{}::{}",
                        self.names.module(shape.namespace),
                        self.names.ty(*id)
                    )
                }
            }
            TypeRef::Primitive(p) => self.primitive_text(*p),
            TypeRef::List(item) => format!("Vec<{}>", self.ty_text(item)),
            TypeRef::Map(value) => format!("rt::IndexMap<String, {}>", self.ty_text(value)),
            TypeRef::Any => String::from("rt::Document"),
        }
    }

    /// [`primitive`](Self::primitive) as Rust text.
    fn primitive_text(&self, p: Primitive) -> String {
        String::from(match p {
            Primitive::String => "String",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::F64 => "f64",
            Primitive::Bool => "bool",
            Primitive::Timestamp => "rt::Timestamp",
            Primitive::Blob => "rt::Blob",
        })
    }

    /// The module's `TYPE_NAMES` and `roundtrip`: a type found by name at run time.
    fn registry(&self, ids: &[ShapeId]) -> TokenStream {
        let rt = self.rt();
        let names: Vec<&str> = ids.iter().map(|id| self.names.ty(*id)).collect();
        let types: Vec<Ident> = names.iter().map(|n| ident(n)).collect();
        quote! {
            /// The types of this module, by Rust name, that [`roundtrip`] knows.
            pub const TYPE_NAMES: &[&str] = &[#(#names),*];

            /// Reads `json` as the type of this module named `type_name` and renders its value
            /// tree as awsJson; `None` when the module has no such type.
            pub fn roundtrip(type_name: &str, json: &str) -> Option<Result<String, #rt::ReadError>> {
                Some(match type_name {
                    #(#names => #rt::roundtrip::<#types>(json),)*
                    _ => return None,
                })
            }
        }
    }

    /// A type as used in a field, an item or a map value.
    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Named(id) => {
                let shape = self.ir.shape(*id);
                let name = ident(self.names.ty(*id));
                if shape.namespace == self.ns {
                    quote! { #name }
                } else {
                    let module = ident(self.names.module(shape.namespace));
                    quote! { super::#module::#name }
                }
            }
            TypeRef::Primitive(p) => self.primitive(*p),
            TypeRef::List(item) => {
                let item = self.ty(item);
                quote! { Vec<#item> }
            }
            TypeRef::Map(value) => {
                let value = self.ty(value);
                let rt = self.rt();
                quote! { #rt::IndexMap<String, #value> }
            }
            TypeRef::Any => {
                let rt = self.rt();
                quote! { #rt::Document }
            }
        }
    }

    fn primitive(&self, p: Primitive) -> TokenStream {
        match p {
            Primitive::String => quote! { String },
            Primitive::I32 => quote! { i32 },
            Primitive::I64 => quote! { i64 },
            Primitive::F64 => quote! { f64 },
            Primitive::Bool => quote! { bool },
            Primitive::Timestamp => {
                let rt = self.rt();
                quote! { #rt::Timestamp }
            }
            Primitive::Blob => {
                let rt = self.rt();
                quote! { #rt::Blob }
            }
        }
    }

    /// The shape's doc: its description (or a sentence naming it), then its wire name.
    /// A shape's doc: its description (or a sentence naming it), the `extra` paragraphs, then
    /// one line with its wire name and the rules its schema puts on the value.
    fn shape_doc(
        &self,
        shape: &Shape,
        what: &str,
        extra: &[String],
        rules: Option<&Constraints>,
    ) -> Vec<String> {
        let mut lines = description_lines(shape.description.as_deref());
        if lines.is_empty() {
            lines.push(format!("The `{}` {what}.", self.schema_name()));
        }
        for e in extra.iter().chain(&shape.notes) {
            lines.push(String::new());
            lines.extend(wrap(e, DOC_WIDTH));
        }
        let mut summary = match shape.origin {
            Origin::Inline { .. } => String::from("Defined inline in its parent's schema"),
            Origin::Document(_) | Origin::Definition(_) => {
                format!("Wire name {}", code_span(self.schema_name()))
            }
        };
        let rules = rules.map(constraint_parts).unwrap_or_default();
        if !rules.is_empty() {
            summary.push_str("; ");
            summary.push_str(&rules.join("; "));
        }
        summary.push('.');
        lines.push(String::new());
        lines.extend(wrap(&summary, DOC_WIDTH));
        lines
    }

    fn structure(&self, shape: &Shape, s: &Struct) -> StructParts {
        let name = ident(self.rust_name());
        let mut extra = Vec::new();
        if s.untyped {
            extra.push(String::from(
                "The schema gives this shape no type and no members, so it carries no data: \
                 its name is what matters (an error that occurred, say).",
            ));
        }
        let mut definition = doc_text(&self.shape_doc(shape, "shape", &extra, None), 0);
        let (derive_debug, debug) = self.struct_debug(&name, s);
        let has_required = s.members.iter().any(|m| m.required);
        let derive_default = if has_required { "" } else { ", Default" };
        definition.push_str(&format!(
            "#[derive({derive_debug}Clone, PartialEq{derive_default})]\n#[non_exhaustive]\n"
        ));
        if s.members.is_empty() {
            definition.push_str(&format!("pub struct {} {{}}\n", self.rust_name()));
        } else {
            definition.push_str(&format!("pub struct {} {{\n", self.rust_name()));
            for m in &s.members {
                definition.push_str(&doc_text(&self.member_doc(m), 4));
                let line = format!("    pub {}: {},", self.field(m), self.member_type_text(m));
                if line.chars().count() <= 100 {
                    definition.push_str(&line);
                    definition.push('\n');
                } else {
                    definition.push_str(&format!(
                        "    pub {}:\n        {},\n",
                        self.field(m),
                        self.member_type_text(m)
                    ));
                }
            }
            definition.push_str("}\n");
        }
        let required: Vec<&Member> = s.members.iter().filter(|m| m.required).collect();
        let params = required.iter().map(|m| {
            let f = ident(self.field(m));
            let t = self.ty(&m.ty);
            quote! { #f: impl Into<#t> }
        });
        let inits = s.members.iter().map(|m| {
            let f = ident(self.field(m));
            match (m.required, m.boxed) {
                (true, false) => quote! { #f: #f.into() },
                (true, true) => quote! { #f: Box::new(#f.into()) },
                (false, _) => quote! { #f: None },
            }
        });
        let too_many = if required.len() > 7 {
            quote! { #[allow(clippy::too_many_arguments)] }
        } else {
            quote! {}
        };
        let new_doc = if required.is_empty() {
            format!("Creates a new `{}` with every member empty.", self.rust_name())
        } else {
            let names: Vec<String> =
                required.iter().map(|m| format!("`{}`", m.wire_name)).collect();
            format!(
                "Creates a new `{}` from its required members ({}); the optional members start \
                 empty.",
                self.rust_name(),
                names.join(", ")
            )
        };
        let new_doc = doc_attrs(&wrap(&new_doc, DOC_WIDTH));
        let constructor = quote! {
            impl #name {
                #new_doc
                #too_many
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        };
        let setters: Vec<String> = s
            .members
            .iter()
            .filter(|m| !m.required)
            .map(|m| self.setter_text(m))
            .collect();
        StructParts {
            definition,
            constructor,
            setters,
            debug,
        }
    }

    /// The `with_*` setter of an optional member, as text (in the style of the rest).
    fn setter_text(&self, m: &Member) -> String {
        let f = self.field(m);
        let setter = format!("with_{}", unraw(f).trim_matches('_'));
        let t = self.ty_text(&m.ty);
        let value = if m.boxed {
            format!("Box::new({f}.into())")
        } else {
            format!("{f}.into()")
        };
        let mut text = format!(
            "    /// Sets the optional member {}.\n    #[must_use]\n",
            code_span(&m.wire_name)
        );
        let one = format!("    pub fn {setter}(mut self, {f}: impl Into<{t}>) -> Self {{");
        if one.chars().count() <= 100 {
            text.push_str(&one);
            text.push('\n');
        } else {
            text.push_str(&format!(
                "    pub fn {setter}(\n        mut self,\n        {f}: impl Into<{t}>,\n    ) -> Self {{\n"
            ));
        }
        text.push_str(&format!("        self.{f} = Some({value});\n        self\n    }}\n"));
        text
    }

    /// A struct's `Debug`: derived, unless the struct or some member is secret; then written
    /// out with `<redacted>` in place of the secret (the whole struct, or those members).
    fn struct_debug(&self, name: &Ident, s: &Struct) -> (&'static str, TokenStream) {
        if s.sensitive {
            return ("", self.redacted_debug(name, true));
        }
        if !s.members.iter().any(|m| m.sensitive) {
            return ("Debug, ", quote! {});
        }
        let rt = self.rt();
        let text = name.to_string();
        let fields = s.members.iter().map(|m| {
            let f = ident(self.field(m));
            let label = unraw(self.field(m));
            match (m.sensitive, m.required) {
                (false, _) => quote! { .field(#label, &self.#f) },
                (true, true) => quote! { .field(#label, &#rt::Redacted) },
                (true, false) => quote! { .field(#label, &self.#f.as_ref().map(|_| #rt::Redacted)) },
            }
        });
        let debug = quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#text) #(#fields)* .finish()
                }
            }
        };
        ("", debug)
    }

    /// A member's field type, as Rust text: `Option` when not required, `Box` when boxed.
    fn member_type_text(&self, m: &Member) -> String {
        let t = self.ty_text(&m.ty);
        let t = if m.boxed { format!("Box<{t}>") } else { t };
        if m.required { t } else { format!("Option<{t}>") }
    }

    /// A member's doc: its own description, else the referenced shape's, else a sentence.
    fn member_doc(&self, m: &Member) -> Vec<String> {
        let fallback = |s: String| wrap(&s, DOC_WIDTH);
        let own = description_lines(m.description.as_deref());
        if !own.is_empty() {
            return own;
        }
        if let TypeRef::Named(id) = &m.ty {
            let lines = description_lines(self.ir.shape(*id).description.as_deref());
            if !lines.is_empty() {
                return lines;
            }
        }
        fallback(format!("The `{}` member.", m.wire_name))
    }

    /// A string enum's definition, as text (its impls too: [`wire::enum_conversions`]).
    fn enumeration(&self, shape: &Shape, e: &Enum) -> String {
        let mut out = doc_text(&self.shape_doc(shape, "enum", &[], None), 0);
        out.push_str("#[derive(Debug, Clone, PartialEq, Eq, Hash)]\n");
        out.push_str(&format!("pub enum {} {{\n", self.rust_name()));
        for (v, variant) in e.values.iter().zip(self.names.variants(self.current.get())) {
            let shown = v.wire.replace('`', "'");
            out.push_str(&doc_text(&[format!("`{shown}`")], 4));
            out.push_str(&format!("    {variant},\n"));
        }
        out.push_str("    /// A value the schema did not list, kept as it was received.\n");
        out.push_str("    Unknown(rt::UnknownValue),\n}\n");
        self.uses_runtime.set(true);
        out
    }

    /// A named primitive: a newtype whose constructor checks the schema's rules (when it has
    /// any) and whose `Debug` hides the value (when it is a secret).
    fn newtype(&self, shape: &Shape, n: &Newtype) -> (Vec<String>, TokenStream) {
        let name = ident(self.rust_name());
        let doc = self.shape_doc(shape, "value", &[], Some(&n.constraints));
        let rt = self.rt();
        let inner = self.primitive(n.primitive);
        let c = &n.constraints;
        let checked = c.checks();
        let derives = match n.primitive {
            Primitive::String | Primitive::Blob => quote! { Clone, PartialEq, Eq, Hash },
            Primitive::Bool => quote! { Clone, Copy, PartialEq, Eq, Hash },
            Primitive::F64 => quote! { Clone, Copy, PartialEq, PartialOrd },
            Primitive::I32 | Primitive::I64 | Primitive::Timestamp => {
                quote! { Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord }
            }
        };
        let derive_debug = if c.sensitive { quote! {} } else { quote! { Debug, } };
        // What the constructor takes, and how the value is borrowed for `validate`.
        let (input, into, by_ref, borrow) = match n.primitive {
            Primitive::String => (
                quote! { impl Into<String> },
                quote! { .into() },
                quote! { &str },
                quote! { &value },
            ),
            Primitive::Blob => (
                quote! { impl Into<#inner> },
                quote! { .into() },
                quote! { &#inner },
                quote! { &value },
            ),
            _ => (inner.clone(), quote! {}, inner.clone(), quote! { value }),
        };
        let accessors = match n.primitive {
            Primitive::String => quote! {
                /// The value.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// Gives the value back.
                pub fn into_inner(self) -> String {
                    self.0
                }
            },
            Primitive::Blob => quote! {
                /// The bytes.
                pub fn as_bytes(&self) -> &[u8] {
                    self.0.as_bytes()
                }

                /// Gives the value back.
                pub fn into_inner(self) -> #inner {
                    self.0
                }
            },
            _ => quote! {
                /// The value.
                pub fn get(&self) -> #inner {
                    self.0
                }
            },
        };
        let constructor = if checked {
            let checks = self.primitive_checks(n);
            let convert = if into.is_empty() {
                quote! {}
            } else {
                quote! { let value = value #into; }
            };
            let new_doc = doc_attrs(&wrap(
                &format!(
                    "Wraps a value after checking it against the schema's rules; the error names \
                     the rule it breaks{}.",
                    if c.sensitive { " (never the value: it is secret)" } else { "" }
                ),
                DOC_WIDTH,
            ));
            quote! {
                #new_doc
                pub fn new(value: #input) -> Result<Self, #rt::ValidationError> {
                    #convert
                    Self::validate(#borrow)?;
                    Ok(Self(value))
                }

                /// Checks a value against the schema's rules without wrapping it.
                pub fn validate(value: #by_ref) -> Result<(), #rt::ValidationError> {
                    #checks
                    Ok(())
                }
            }
        } else {
            quote! {
                /// Wraps a value (the schema puts no rules on it).
                pub fn new(value: #input) -> Self {
                    Self(value #into)
                }
            }
        };
        let tokens = quote! {
            #[derive(#derive_debug #derives)]
            pub struct #name(#inner);

            impl #name {
                #constructor

                #accessors
            }
        };
        (doc, tokens)
    }

    /// The body of a primitive newtype's `validate`: one shared runtime check per rule.
    fn primitive_checks(&self, n: &Newtype) -> TokenStream {
        let rt = self.rt();
        let c = &n.constraints;
        let type_name = self.rust_name();
        let sensitive = c.sensitive;
        let mut steps = Vec::new();
        match n.primitive {
            Primitive::String => {
                if c.min_length.is_some() || c.max_length.is_some() {
                    let min = opt_u64(c.min_length);
                    let max = opt_u64(c.max_length);
                    steps.push(quote! { CHECK.length(value, #min, #max)?; });
                }
                for (i, p) in c.patterns.iter().enumerate() {
                    let pattern = format_ident!("PATTERN_{}", i);
                    steps.push(quote! {
                        static #pattern: #rt::Pattern = #rt::Pattern::new(#p);
                        CHECK.pattern(value, &#pattern)?;
                    });
                }
            }
            Primitive::I32 | Primitive::I64 | Primitive::F64 => {
                let bounded = c.minimum.is_some()
                    || c.maximum.is_some()
                    || c.exclusive_minimum.is_some()
                    || c.exclusive_maximum.is_some()
                    || c.multiple_of.is_some();
                if bounded {
                    let [minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of] = [
                        c.minimum,
                        c.maximum,
                        c.exclusive_minimum,
                        c.exclusive_maximum,
                        c.multiple_of,
                    ]
                    .map(opt_f64);
                    let as_f64 = match n.primitive {
                        Primitive::I32 => quote! { f64::from(value) },
                        Primitive::I64 => quote! { value as f64 },
                        _ => quote! { value },
                    };
                    steps.push(quote! {
                        const BOUNDS: #rt::Bounds = #rt::Bounds {
                            minimum: #minimum,
                            maximum: #maximum,
                            exclusive_minimum: #exclusive_minimum,
                            exclusive_maximum: #exclusive_maximum,
                            multiple_of: #multiple_of,
                        };
                        CHECK.range(#as_f64, || value.to_string(), &BOUNDS)?;
                    });
                }
            }
            Primitive::Bool | Primitive::Timestamp | Primitive::Blob => {}
        }
        if !c.enum_values.is_empty() {
            if n.primitive == Primitive::String {
                // A string enum too large for a Rust enum: the values, sorted, for a binary
                // search.
                let mut allowed: Vec<String> = c
                    .enum_values
                    .iter()
                    .filter_map(|t| serde_json::from_str::<String>(t).ok())
                    .collect();
                allowed.sort();
                allowed.dedup();
                steps.push(quote! {
                    const ALLOWED: &[&str] = &[#(#allowed),*];
                    CHECK.one_of_sorted(value, ALLOWED)?;
                });
            } else {
                let allowed = &c.enum_values;
                steps.push(quote! { CHECK.one_of(&value.to_string(), &[#(#allowed),*])?; });
            }
        }
        quote! {
            const CHECK: #rt::Check = #rt::Check::new(#type_name, #sensitive);
            #(#steps)*
        }
    }

    /// A list or map with rules, or secret: a newtype around the container.
    fn collection(&self, shape: &Shape, col: &Collection) -> (Vec<String>, TokenStream) {
        let name = ident(self.rust_name());
        let doc = self.shape_doc(shape, "collection", &[], Some(&col.constraints));
        let rt = self.rt();
        let c = &col.constraints;
        let inner = self.ty(&col.ty);
        let type_name = self.rust_name();
        let sensitive = c.sensitive;
        let is_list = matches!(col.ty, TypeRef::List(_));
        let (by_ref, accessor) = match &col.ty {
            TypeRef::List(item) => {
                let item = self.ty(item);
                (
                    quote! { &[#item] },
                    quote! {
                        /// The items.
                        pub fn as_slice(&self) -> &[#item] {
                            &self.0
                        }
                    },
                )
            }
            _ => (
                quote! { &#inner },
                quote! {
                    /// The entries.
                    pub fn as_map(&self) -> &#inner {
                        &self.0
                    }
                },
            ),
        };
        let mut steps = Vec::new();
        let (min, max, what) = if is_list {
            (c.min_items, c.max_items, "items")
        } else {
            (c.min_properties, c.max_properties, "entries")
        };
        if min.is_some() || max.is_some() {
            let (min, max) = (opt_u64(min), opt_u64(max));
            steps.push(quote! { CHECK.count(value.len(), #min, #max, #what)?; });
        }
        if is_list && c.unique_items {
            steps.push(quote! { CHECK.unique(value)?; });
        }
        let checked = !steps.is_empty();
        let constructor = if checked {
            quote! {
                /// Wraps the container after checking it against the schema's rules.
                pub fn new(value: #inner) -> Result<Self, #rt::ValidationError> {
                    Self::validate(&value)?;
                    Ok(Self(value))
                }

                /// Checks a container against the schema's rules without wrapping it.
                pub fn validate(value: #by_ref) -> Result<(), #rt::ValidationError> {
                    const CHECK: #rt::Check = #rt::Check::new(#type_name, #sensitive);
                    #(#steps)*
                    Ok(())
                }
            }
        } else {
            quote! {
                /// Wraps the container (the schema puts no rules on its size).
                pub fn new(value: #inner) -> Self {
                    Self(value)
                }
            }
        };
        let default = if min.unwrap_or(0) == 0 { quote! { Default, } } else { quote! {} };
        let derive_debug = if sensitive { quote! {} } else { quote! { Debug, } };
        let tokens = quote! {
            #[derive(#derive_debug Clone, PartialEq, #default)]
            pub struct #name(#inner);

            impl #name {
                #constructor

                #accessor

                /// Gives the container back.
                pub fn into_inner(self) -> #inner {
                    self.0
                }
            }
        };
        (doc, tokens)
    }

    /// A hand-written `Debug` for a secret (`<redacted>` in place of the value), or nothing
    /// when the type can derive it.
    fn redacted_debug(&self, name: &Ident, sensitive: bool) -> TokenStream {
        if !sensitive {
            return TokenStream::new();
        }
        let rt = self.rt();
        let text = name.to_string();
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_tuple(#text).field(&#rt::Redacted).finish()
                }
            }
        }
    }

    /// A type alias, as text.
    fn alias(&self, shape: &Shape, target: &TypeRef) -> String {
        // A plain reference without a description of its own reads as the shape it names.
        let borrowed = match target {
            TypeRef::Named(id) if shape.description.is_none() && shape.notes.is_empty() => {
                self.ir.shape(*id).description.as_deref()
            }
            _ => None,
        };
        let lines = if borrowed.is_some() {
            let mut lines = description_lines(borrowed);
            lines.push(String::new());
            lines.extend(wrap(
                &format!("Wire name {}.", code_span(self.schema_name())),
                DOC_WIDTH,
            ));
            lines
        } else {
            self.shape_doc(shape, "shape", &[], None)
        };
        let t = self.ty_text(target);
        if t.contains("rt::") {
            self.uses_runtime.set(true);
        }
        format!("{}pub type {} = {t};\n", doc_text(&lines, 0), self.rust_name())
    }

    /// A newtype around a container that contains itself, as text.
    fn wrapper(&self, shape: &Shape, target: &TypeRef) -> String {
        let lines = self.shape_doc(
            shape,
            "shape",
            &[String::from(
                "A newtype rather than a type alias because the shape contains itself.",
            )],
            None,
        );
        let t = self.ty_text(target);
        format!(
            "{}#[derive(Debug, Clone, PartialEq, Default)]\npub struct {}(pub {t});\n",
            doc_text(&lines, 0),
            self.rust_name()
        )
    }
}

/// The rules a schema puts on a value, as phrases for its documentation.
fn constraint_parts(c: &Constraints) -> Vec<String> {
    let mut parts = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => parts.push(format!("length {a} to {b} characters")),
        (Some(a), None) => parts.push(format!("at least {a} characters")),
        (None, Some(b)) => parts.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    for p in &c.patterns {
        parts.push(format!("pattern {}", code_span(p)));
    }
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    match (c.minimum, c.maximum) {
        (Some(a), Some(b)) => parts.push(format!("from {} to {}", num(a), num(b))),
        (Some(a), None) => parts.push(format!("at least {}", num(a))),
        (None, Some(b)) => parts.push(format!("at most {}", num(b))),
        (None, None) => {}
    }
    if let Some(v) = c.exclusive_minimum {
        parts.push(format!("greater than {}", num(v)));
    }
    if let Some(v) = c.exclusive_maximum {
        parts.push(format!("less than {}", num(v)));
    }
    if let Some(v) = c.multiple_of {
        parts.push(format!("a multiple of {}", num(v)));
    }
    if let Some(f) = &c.format {
        parts.push(format!("format {}", code_span(f)));
    }
    if c.sensitive {
        parts.push(String::from("sensitive"));
    }
    parts
}

/// `text` as a Markdown code span, fenced with enough backticks.
fn code_span(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Whether a collection newtype's constructor checks anything (its size or uniqueness).
fn collection_checks(c: &Collection) -> bool {
    let k = &c.constraints;
    match c.ty {
        TypeRef::List(_) => k.min_items.is_some() || k.max_items.is_some() || k.unique_items,
        _ => k.min_properties.is_some() || k.max_properties.is_some(),
    }
}

/// `Some(n)` / `None` as tokens.
fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote! { Some(#n) }
        }
        None => quote! { None },
    }
}

/// `Some(x)` / `None` as tokens, `x` an `f64` literal.
fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(x) if x.is_finite() => {
            let x = proc_macro2::Literal::f64_unsuffixed(x);
            quote! { Some(#x) }
        }
        _ => quote! { None },
    }
}

fn longest_backtick_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}
