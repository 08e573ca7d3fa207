//! Expressions, statements and items: what an emitter says it writes, with no layout in it.
//!
//! Takes: names, literals and [`Ty`]s. Gives: trees that [`layout`](super::layout) and
//! [`items`](super::items) turn into text. Names and literal text are held as they are written
//! (`self.0`, `"UserPoolId"`, `rt::Redacted`): an [`Expr::Atom`] never breaks.

use super::Text;
use super::ty::Ty;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Text that never breaks: a path, a literal, `self.0`, `<T as rt::FromJson>::NULLABLE`.
    Atom(Text),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// A path with generic arguments, `path::<T, U>` (a callee).
    Turbofish(Text, Vec<Ty>),
    /// `name!(args)`: laid out as a call, without a trailing comma when broken (`rustfmt`
    /// keeps a macro call's trailing comma only where the source has one, and macros need not
    /// take one).
    Macro(Text, Vec<Expr>),
    /// `receiver.name(args)` (`name` may carry a turbofish: `collect::<Vec<_>>`).
    Method(Box<Expr>, Text, Vec<Expr>),
    /// `receiver.name`.
    Field(Box<Expr>, Text),
    /// `e?`.
    Try(Box<Expr>),
    /// `&e`.
    Ref(Box<Expr>),
    /// `Path { name: value, shorthand }`.
    Struct(Text, Vec<FieldValue>),
    /// `[a, b]`.
    Array(Vec<Expr>),
    /// `(a, b)`.
    Tuple(Vec<Expr>),
    /// `a op b op c`, one operator.
    Binary(&'static str, Vec<Expr>),
    /// `|params| body`.
    Closure(Text, Box<Expr>),
    /// `match scrutinee { arms }`.
    Match(Box<Expr>, Vec<Arm>),
    /// A type where an expression goes: a macro argument (`rt::impl_list!(Name, Item)`).
    Ty(Ty),
    /// An item of a type's trait impl: `<Ty as Trait>::ITEM` (the trait and item as written).
    Qualified(Ty, Text),
    /// An array element or match scrutinee with outer attributes (`#[cfg(…)] (a, b)`): the
    /// list holding it is always laid out one element per line.
    Attributed(Vec<String>, Box<Expr>),
}

/// A member of a struct literal: `name: value`, or `name` alone when the value is a binding of
/// the same name.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    /// The member.
    pub name: Text,
    /// Its value; `None`: the shorthand `name`.
    pub value: Option<Expr>,
}

/// A match arm `pattern => body`, with outer attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// `#[…]` lines, without the brackets' `#[`/`]` (`cfg(feature = "x")`).
    pub attrs: Vec<String>,
    /// The pattern: an atom as written (`"A" | "B"`, `_`), or a call for a tuple-variant
    /// pattern (`Self::V(value)`), which breaks as a call does when too long.
    pub pattern: Expr,
    /// The body.
    pub body: Expr,
}

/// A statement of a function body.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `let pattern: ty = init;`.
    Let(String, Option<Ty>, Expr),
    /// `target op value;` (`self.a = …`, `len += …`).
    Assign(String, &'static str, Expr),
    /// `e;`.
    Semi(Expr),
    /// The value of the body, `e`.
    Tail(Expr),
    /// An item in a body (`const CHECK: …`, `use …;`).
    Item(Box<Item>),
    /// `if let pattern = scrutinee { body }`.
    IfLet(String, Expr, Vec<Stmt>),
    /// `for pattern in iter { body }`.
    For(String, Expr, Vec<Stmt>),
}

/// An item: its documentation and attributes, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `///` lines (Markdown, already wrapped).
    pub doc: Vec<String>,
    /// `#[…]` lines, without `#[` and `]`.
    pub attrs: Vec<String>,
    /// Whether an empty line separates it from the item before it.
    pub spaced: bool,
    /// The item itself.
    pub kind: ItemKind,
}

/// What an item is.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// `pub struct Name { fields }` (`pub struct Name {}` without fields).
    Struct(String, Vec<FieldDef>),
    /// `pub struct Name(fields);`, each field public or not.
    TupleStruct(String, Vec<(bool, Ty)>),
    /// `pub struct Name;`.
    UnitStruct(String),
    /// `pub enum Name { variants }`.
    Enum(String, Vec<Variant>),
    /// `impl Trait for Type { items }`, or `impl Type { items }`.
    Impl(Option<Ty>, Ty, Vec<Item>),
    /// A function.
    Fn(Fn),
    /// `[pub] const|static NAME: Ty = value;`.
    Const(Const),
    /// `pub type Name = Ty;`.
    TypeAlias(String, Ty),
    /// `name!(args);`, an [`Expr::Macro`] where an item goes.
    Macro(Expr),
    /// `pub mod name;`.
    ModDecl(String),
    /// `pub mod name { items }`.
    Mod(String, Vec<Item>),
    /// `[pub] use path;`.
    Use(bool, String),
}

/// A named struct member: `pub name: Ty,`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// `///` lines.
    pub doc: Vec<String>,
    /// The field.
    pub name: String,
    /// Its type.
    pub ty: Ty,
}

/// An enum variant: `Name,` or `Name(Ty),`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// `///` lines.
    pub doc: Vec<String>,
    /// The variant.
    pub name: String,
    /// What it holds.
    pub ty: Option<Ty>,
}

/// A constant or static.
#[derive(Debug, Clone, PartialEq)]
pub struct Const {
    /// `pub`.
    pub public: bool,
    /// `static` rather than `const`.
    pub is_static: bool,
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Its value.
    pub value: Expr,
}

/// A function or method.
#[derive(Debug, Clone, PartialEq)]
pub struct Fn {
    /// `pub`.
    pub public: bool,
    /// Its name.
    pub name: String,
    /// Generic parameters, without the angle brackets (`S: rt::serde::Serializer`, `'a`).
    pub generics: Option<String>,
    /// Its parameters.
    pub params: Vec<Param>,
    /// What it returns; `None`: `()`.
    pub ret: Option<Ty>,
    /// Its body.
    pub body: Vec<Stmt>,
}

/// A parameter: `pattern: Ty`, or a receiver (`&self`, `mut self`, `&'a self`) without a type.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The pattern or receiver.
    pub pattern: String,
    /// Its type; `None` for a receiver.
    pub ty: Option<Ty>,
}

impl Expr {
    /// Text that never breaks.
    pub fn atom(text: impl Into<Text>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `callee(args)`.
    pub fn call(callee: impl Into<Text>, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(Expr::atom(callee)), args)
    }

    /// `path::<types>(args)`.
    pub fn generic_call(path: impl Into<Text>, types: Vec<Ty>, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(Expr::Turbofish(path.into(), types)), args)
    }

    /// `name!(args)`.
    pub fn mac(name: impl Into<Text>, args: Vec<Expr>) -> Expr {
        Expr::Macro(name.into(), args)
    }

    /// `self.name(args)`.
    pub fn method(self, name: impl Into<Text>, args: Vec<Expr>) -> Expr {
        Expr::Method(Box::new(self), name.into(), args)
    }

    /// `self.name`.
    pub fn field(self, name: impl Into<Text>) -> Expr {
        Expr::Field(Box::new(self), name.into())
    }

    /// `self?`.
    pub fn tried(self) -> Expr {
        Expr::Try(Box::new(self))
    }

    /// `&self`.
    pub fn borrowed(self) -> Expr {
        Expr::Ref(Box::new(self))
    }

    /// `Path { fields }`.
    pub fn structure(path: impl Into<Text>, fields: Vec<FieldValue>) -> Expr {
        Expr::Struct(path.into(), fields)
    }

    /// `&[items]`.
    pub fn slice(items: Vec<Expr>) -> Expr {
        Expr::Array(items).borrowed()
    }

    /// `match scrutinee { arms }`.
    pub fn matching(scrutinee: Expr, arms: Vec<Arm>) -> Expr {
        Expr::Match(Box::new(scrutinee), arms)
    }

    /// `Ok(self)`.
    pub fn ok(self) -> Expr {
        Expr::call("Ok", vec![self])
    }

    /// `Some(self)`.
    pub fn some(self) -> Expr {
        Expr::call("Some", vec![self])
    }
}

impl FieldValue {
    /// `name: value`, or `name` when `value` is that name.
    pub fn new(name: impl Into<Text>, value: Expr) -> FieldValue {
        let name = name.into();
        let value = match value {
            Expr::Atom(a) if *a == *name => None,
            v => Some(v),
        };
        FieldValue { name, value }
    }
}

impl Arm {
    /// `pattern => body`.
    pub fn new(pattern: impl Into<Text>, body: Expr) -> Arm {
        Arm::matching(Expr::Atom(pattern.into()), body)
    }

    /// `pattern => body` with a pattern that may break (`Self::V(value)`).
    pub fn matching(pattern: Expr, body: Expr) -> Arm {
        Arm {
            attrs: Vec::new(),
            pattern,
            body,
        }
    }

    /// With `#[attr]` above it.
    pub fn attr(mut self, attr: impl Into<String>) -> Arm {
        self.attrs.push(attr.into());
        self
    }
}

impl Stmt {
    /// `let pattern: ty = init;`.
    pub fn bind(pattern: impl Into<String>, ty: Option<Ty>, init: Expr) -> Stmt {
        Stmt::Let(pattern.into(), ty, init)
    }

    /// `e?;`.
    pub fn tried(e: Expr) -> Stmt {
        Stmt::Semi(e.tried())
    }

    /// An item in the body.
    pub fn item(item: Item) -> Stmt {
        Stmt::Item(Box::new(item))
    }
}

impl Item {
    /// An undocumented item without attributes, after an empty line.
    pub fn new(kind: ItemKind) -> Item {
        Item {
            doc: Vec::new(),
            attrs: Vec::new(),
            spaced: true,
            kind,
        }
    }

    /// With `///` lines.
    pub fn doc(mut self, lines: Vec<String>) -> Item {
        self.doc = lines;
        self
    }

    /// With one `///` line.
    pub fn doc_line(mut self, line: impl Into<String>) -> Item {
        self.doc.push(line.into());
        self
    }

    /// With `#[attr]`.
    pub fn attr(mut self, attr: impl Into<String>) -> Item {
        self.attrs.push(attr.into());
        self
    }

    /// Right after the item before it, without an empty line.
    pub fn tight(mut self) -> Item {
        self.spaced = false;
        self
    }

    /// `impl Trait for ty { items }`.
    pub fn trait_impl(r#trait: Ty, ty: Ty, items: Vec<Item>) -> Item {
        Item::new(ItemKind::Impl(Some(r#trait), ty, items))
    }

    /// `impl ty { items }`.
    pub fn inherent(ty: Ty, items: Vec<Item>) -> Item {
        Item::new(ItemKind::Impl(None, ty, items))
    }

    /// `name!(args);`.
    pub fn mac(name: impl Into<Text>, args: Vec<Expr>) -> Item {
        Item::new(ItemKind::Macro(Expr::mac(name, args)))
    }

    /// `const name: ty = value;` (private).
    pub fn constant(name: impl Into<String>, ty: Ty, value: Expr) -> Item {
        Item::new(ItemKind::Const(Const {
            public: false,
            is_static: false,
            name: name.into(),
            ty,
            value,
        }))
    }
}

impl Fn {
    /// `fn name(params) -> ret { body }`, not public.
    pub fn new(
        name: impl Into<String>,
        params: Vec<Param>,
        ret: Option<Ty>,
        body: Vec<Stmt>,
    ) -> Fn {
        Fn {
            public: false,
            name: name.into(),
            generics: None,
            params,
            ret,
            body,
        }
    }

    /// `pub fn …`.
    pub fn public(mut self) -> Fn {
        self.public = true;
        self
    }

    /// With generic parameters (`S: rt::serde::Serializer`).
    pub fn generics(mut self, generics: impl Into<String>) -> Fn {
        self.generics = Some(generics.into());
        self
    }

    /// The function as an item.
    pub fn item(self) -> Item {
        Item::new(ItemKind::Fn(self))
    }
}

impl Param {
    /// `pattern: ty`.
    pub fn new(pattern: impl Into<String>, ty: Ty) -> Param {
        Param {
            pattern: pattern.into(),
            ty: Some(ty),
        }
    }

    /// A receiver: `&self`, `self`, `mut self`, `&'a self`.
    pub fn receiver(text: &str) -> Param {
        Param {
            pattern: text.to_owned(),
            ty: None,
        }
    }
}
