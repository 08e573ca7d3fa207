//! A typed model of the Rust code the emitters write, and its layout.
//!
//! Takes: items built by the shape-kind emitters ([`Item`]: structs, enums, impls, functions,
//! constants, macro calls, with their docs and attributes), made of types ([`Ty`]), expressions
//! ([`Expr`]) and statements ([`Stmt`]). Gives: their text, laid out in one place
//! ([`layout`] for expressions, [`items`] for statements and items) the way `rustfmt` lays out
//! the same code with its default settings, so that `cargo fmt` leaves a generated crate as it
//! is (and a user's `cargo fmt --all` never makes their drift check fail).
//!
//! No emitter decides where a line breaks or counts characters: an emitter says *what* it
//! writes; [`layout`] knows how wide each construct may be. The one width setting is
//! [`MAX_WIDTH`]; the limits of single constructs (a call's arguments, a struct literal, a chain
//! of method calls, an array) are rustfmt's, derived from it by the same ratios rustfmt uses.
//!
//! - [`ty`]: Rust types (paths with generic arguments, references, `impl Trait`, tuples);
//! - [`tree`]: expressions, statements and items, with the builders the emitters use;
//! - [`mod@lit`]: literals (strings, raw JSON text) and comment text made safe;
//! - [`layout`]: an expression at a place on a line → its text, broken where it does not fit
//!   (chains of method calls in `chain.rs`, match expressions in `arms.rs`);
//! - [`items`]: statements, function bodies and items → text, documented and indented.

mod arms;
pub(super) mod chain;
pub mod items;
pub mod layout;
pub mod lit;
#[cfg(test)]
mod tests;
pub mod tree;
pub mod ty;

pub use items::render;
pub use lit::{json_lit, lit};
pub use tree::{Arm, Expr, Fn, Item, ItemKind, Param, Stmt};
pub use ty::Ty;

/// Text in the model: a name or literal, borrowed when it is fixed (`"json"`, `rt::Redacted`),
/// owned when it comes from the schemas.
pub type Text = std::borrow::Cow<'static, str>;

/// The longest line of generated source, in columns (rustfmt's `max_width`).
pub const MAX_WIDTH: usize = crate::text::WIDTH;
