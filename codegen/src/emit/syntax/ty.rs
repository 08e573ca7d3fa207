//! Rust types as the emitters name them: a path with generic arguments on its last segment
//! (`String`, `rt::IndexMap<String, super::other::Item>`), references, slices and arrays,
//! tuples, `impl Trait`, and an associated-type binding inside generic arguments
//! (`Item = impl Into<T>`).
//!
//! Takes: names (already valid identifiers and paths). Gives: [`Ty`] values, their one-line text
//! ([`std::fmt::Display`]) and, for [`layout`](super::layout), their generic argument lists.

use std::fmt;

use super::Text;

/// A Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A path, with the generic arguments of its last segment (`Vec<T>`; none: `String`).
    Path(Text, Vec<Ty>),
    /// `&T`, `&'a T` (with its lifetime).
    Ref(Option<&'static str>, Box<Ty>),
    /// `[T]`.
    Slice(Box<Ty>),
    /// `[T; N]`.
    Array(Box<Ty>, usize),
    /// `(A, B)`; `()` when empty.
    Tuple(Vec<Ty>),
    /// `impl Bound`.
    Impl(Box<Ty>),
    /// `Name = T`, an associated type bound inside generic arguments.
    Binding(&'static str, Box<Ty>),
}

impl Ty {
    /// A path without generic arguments (`String`, `Self`, `super::m::Name`).
    pub fn path(path: impl Into<Text>) -> Ty {
        Ty::Path(path.into(), Vec::new())
    }

    /// A path with generic arguments (`rt::Nullable<T>`).
    pub fn generic(path: impl Into<Text>, args: Vec<Ty>) -> Ty {
        Ty::Path(path.into(), args)
    }

    /// `Option<T>`.
    pub fn option(t: Ty) -> Ty {
        Ty::generic("Option", vec![t])
    }

    /// `Vec<T>`.
    pub fn vec(t: Ty) -> Ty {
        Ty::generic("Vec", vec![t])
    }

    /// `Box<T>`.
    pub fn boxed(t: Ty) -> Ty {
        Ty::generic("Box", vec![t])
    }

    /// `rt::IndexMap<String, T>`: a JSON object's members in order.
    pub fn map(t: Ty) -> Ty {
        Ty::generic("rt::IndexMap", vec![Ty::path("String"), t])
    }

    /// `Result<T, E>`.
    pub fn result(ok: Ty, err: Ty) -> Ty {
        Ty::generic("Result", vec![ok, err])
    }

    /// `&T`.
    pub fn reference(t: Ty) -> Ty {
        Ty::Ref(None, Box::new(t))
    }

    /// `&[T]`.
    pub fn slice_ref(t: Ty) -> Ty {
        Ty::reference(Ty::Slice(Box::new(t)))
    }

    /// `impl Into<T>`: what a constructor or setter takes for a `T`.
    pub fn impl_into(t: Ty) -> Ty {
        Ty::Impl(Box::new(Ty::generic("Into", vec![t])))
    }

    /// `impl IntoIterator<Item = impl Into<T>>`: what a list setter takes.
    pub fn impl_items_into(t: Ty) -> Ty {
        let item = Ty::Binding("Item", Box::new(Ty::impl_into(t)));
        Ty::Impl(Box::new(Ty::generic("IntoIterator", vec![item])))
    }

    /// The generic arguments of a path type (empty for every other type).
    pub fn args(&self) -> &[Ty] {
        match self {
            Ty::Path(_, args) => args,
            _ => &[],
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Path(path, args) => {
                f.write_str(path)?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    list(f, args)?;
                    f.write_str(">")?;
                }
                Ok(())
            }
            Ty::Ref(None, t) => write!(f, "&{t}"),
            Ty::Ref(Some(lifetime), t) => write!(f, "&{lifetime} {t}"),
            Ty::Slice(t) => write!(f, "[{t}]"),
            Ty::Array(t, n) => write!(f, "[{t}; {n}]"),
            Ty::Tuple(items) => {
                f.write_str("(")?;
                list(f, items)?;
                f.write_str(")")
            }
            Ty::Impl(bound) => write!(f, "impl {bound}"),
            Ty::Binding(name, t) => write!(f, "{name} = {t}"),
        }
    }
}

/// `a, b, c`.
fn list(f: &mut fmt::Formatter<'_>, items: &[Ty]) -> fmt::Result {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{t}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_written() {
        let item = Ty::path("super::other::Item");
        assert_eq!(
            Ty::map(Ty::vec(item.clone())).to_string(),
            "rt::IndexMap<String, Vec<super::other::Item>>"
        );
        assert_eq!(
            Ty::impl_items_into(item).to_string(),
            "impl IntoIterator<Item = impl Into<super::other::Item>>"
        );
        assert_eq!(Ty::slice_ref(Ty::path("u8")).to_string(), "&[u8]");
        let lt = Ty::Ref(
            Some("'static"),
            Box::new(Ty::Slice(Box::new(Ty::path("str")))),
        );
        assert_eq!(lt.to_string(), "&'static [str]");
        assert_eq!(Ty::Tuple(vec![]).to_string(), "()");
        assert_eq!(Ty::Array(Box::new(Ty::path("X")), 3).to_string(), "[X; 3]");
    }
}
