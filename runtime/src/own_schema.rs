//! `schemars` support (feature `schemars`): the schemas generated types describe themselves
//! with.
//!
//! Every generated type's `JsonSchema` impl ([`impl_json_schema!`](crate::impl_json_schema)) is
//! its schema in the corpus, written by the generator as draft 2020-12 JSON that stands alone,
//! plus *links*: the places where it refers to another generated type. [`build`] puts there the
//! schema generator's reference to that type (`{"$ref": "#/$defs/Name"}`, the type's schema
//! then being among the generator's definitions), so each type is described once, by its name,
//! and recursive types need nothing special.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

/// What a link puts in a schema: the generator's schema for one type (a reference to it).
pub type Link = fn(&mut SchemaGenerator) -> Schema;

/// The generator's schema for `T` where another schema refers to it.
pub fn link<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// A generated schema: `text` (JSON written by the generator) with each link's schema put at its
/// JSON pointer: in place of an empty object, else as the object's `$ref` (or, when the
/// generator inlines the type, as one more `allOf` part).
///
/// # Panics
///
/// When `text` is not a JSON object or boolean or a pointer leads nowhere: the generator
/// writes neither (its tests check every schema it writes).
pub fn build(generator: &mut SchemaGenerator, text: &str, links: &[(&str, Link)]) -> Schema {
    let mut value: Value = serde_json::from_str(text).expect("a generated schema is JSON");
    for (at, link) in links {
        let schema = link(generator).to_value();
        let slot = value
            .pointer_mut(at)
            .expect("a generated schema's link points into it");
        place(slot, schema);
    }
    Schema::try_from(value).expect("a generated schema is an object or a boolean")
}

fn place(slot: &mut Value, schema: Value) {
    let Value::Object(here) = slot else {
        return;
    };
    if here.is_empty() {
        *slot = schema;
        return;
    }
    match schema {
        Value::Object(mut reference) if reference.len() == 1 && reference.contains_key("$ref") => {
            // The reference first, then what the schema says beside it.
            reference.extend(std::mem::take(here));
            *here = reference;
        }
        inline => {
            let parts = here
                .entry("allOf")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parts) = parts {
                parts.push(inline);
            }
        }
    }
}

/// The root schema of `T` from a default (draft 2020-12) generator, as JSON.
pub fn root<T: JsonSchema>() -> Value {
    SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Implements `schemars::JsonSchema` for a generated type: named by its Rust name (its id by
/// its module path), its schema [`build`]t from the generator's JSON and links.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_json_schema {
    ($name:ident, $title:literal, $schema:literal, [$(($at:literal, $ty:ty)),* $(,)?] $(,)?) => {
        impl $crate::own_schema::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($title)
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(::std::concat!(::std::module_path!(), "::", $title))
            }

            fn json_schema(
                generator: &mut $crate::own_schema::schemars::SchemaGenerator,
            ) -> $crate::own_schema::schemars::Schema {
                $crate::own_schema::build(
                    generator,
                    $schema,
                    &[$(($at, $crate::own_schema::link::<$ty>)),*],
                )
            }
        }
    };
}

/// The `schemars` crate the impls are written against.
pub use schemars;
