//! **Classification**: what a merged schema becomes.
//!
//! Takes: a [`View`] (a schema with its `$ref` and `allOf` merged). Gives: its [`Form`]: a
//! struct (members), a map, a list, a string enum, a primitive with its rules, or any JSON value.
//! Rules for another kind of value than the one chosen are dropped (a `maxLength` beside
//! `type: integer` does not apply, as JSON Schema has it); `integer` is `i32` unless its bounds
//! or `format: int64` need `i64`; `oneOf`/`anyOf` of string constants is one string enum.

use super::json_type::JsonType;
use std::collections::HashSet;

use serde_json::Value;

use super::collector::Collector;
use super::view::View;
use super::{R, Resolver};
use crate::ir::{Constraints, Loc, Primitive};

/// What a schema becomes.
pub(super) enum Form {
    Struct(Vec<(String, Vec<Loc>)>, Vec<String>),
    EmptyObject,
    Map(Vec<Loc>),
    List(Vec<Loc>),
    Enum(Vec<(Value, Loc)>),
    Primitive(Primitive, Box<Constraints>),
    Any,
}

impl<'c> Resolver<'c> {
    /// Decides what a (merged) schema becomes.
    pub(super) fn classify(&self, view: &View, cx: &mut Collector) -> R<Form> {
        let form = self.classify_keywords(view, cx)?;
        if matches!(form, Form::Any) && !view.alternatives.is_empty() {
            // `oneOf`/`anyOf` of string constants or string enums is one string enum.
            let mut values = Vec::new();
            for alt in &view.alternatives {
                let mut stack = vec![alt.clone()];
                let v = self.merged_view(alt, &mut stack, cx)?;
                match &v.enum_values {
                    Some(vals) if vals.iter().all(|(x, _)| x.is_string()) => {
                        values.extend(vals.iter().cloned());
                    }
                    _ => return Ok(Form::Any),
                }
            }
            let mut seen = HashSet::new();
            values.retain(|(v, _)| seen.insert(v.to_string()));
            return Ok(Form::Enum(values));
        }
        Ok(form)
    }

    /// [`classify`](Self::classify) before looking at `oneOf`/`anyOf`.
    pub(super) fn classify_keywords(&self, view: &View, cx: &mut Collector) -> R<Form> {
        if let Some(form) = only_null(view) {
            return Ok(form);
        }
        let mut types: Option<Vec<JsonType>> = view.types.as_ref().map(|ts| {
            ts.iter()
                .copied()
                .filter(|t| *t != JsonType::Null)
                .collect()
        });
        // `null` among the values is the value's nullability (the use sites wrap the type in
        // `rt::Nullable`), not a value of the type.
        let non_null: Option<Vec<(Value, Loc)>> = match &view.enum_values {
            // Only `null`: untyped JSON (which holds `null`) rather than an enum of nothing.
            Some(values) if !values.is_empty() && values.iter().all(|(v, _)| v.is_null()) => None,
            Some(values) => Some(
                values
                    .iter()
                    .filter(|(v, _)| !v.is_null())
                    .cloned()
                    .collect(),
            ),
            None => None,
        };
        // No `type`, but an `enum`/`const` whose values all have one: that type.
        if types.is_none()
            && let Some(values) = &non_null
            && let Some(first) = values.first()
        {
            let kind = |v: &Value| match v {
                Value::Bool(_) => Some(JsonType::Boolean),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some(JsonType::Integer),
                Value::Number(_) => Some(JsonType::Number),
                _ => None,
            };
            if let Some(k) = kind(&first.0)
                && values.iter().all(|(v, _)| kind(v) == Some(k))
            {
                types = Some(vec![k]);
            }
        }
        let mut enum_texts = Vec::new();
        if let Some(values) = &non_null {
            let stringy = match &types {
                None => values.iter().all(|(v, _)| v.is_string()),
                Some(ts) => ts.as_slice() == [JsonType::String],
            };
            if stringy {
                return Ok(Form::Enum(values.clone()));
            }
            enum_texts = values.iter().map(|(v, _)| v.to_string()).collect();
            // Values of several kinds, or arrays and objects, with nothing else saying what the
            // value is: any JSON value, checked against the list as JSON.
            let nothing_else = view.properties.is_empty()
                && view.required.is_empty()
                && view.additional.is_empty()
                && view.items.is_empty();
            if types.is_none() && nothing_else {
                let c = Constraints {
                    enum_values: enum_texts,
                    sensitive: view.constraints.sensitive,
                    ..Constraints::default()
                };
                return Ok(Form::Primitive(Primitive::Json, Box::new(c)));
            }
        }
        let form = self.form_of_type(view, types.as_deref())?;
        Ok(self.rules_of_its_kind(view, form, &enum_texts, cx))
    }

    /// The form of a value by its `type` (`None`: no `type` but `null`).
    fn form_of_type(&self, view: &View, types: Option<&[JsonType]>) -> R<Form> {
        let object = || {
            if !view.properties.is_empty() || !view.required.is_empty() {
                Form::Struct(view.properties.clone(), view.required.clone())
            } else if !view.additional.is_empty() {
                Form::Map(view.additional.clone())
            } else {
                Form::EmptyObject
            }
        };
        let c = &view.constraints;
        Ok(match types {
            None | Some([]) => {
                if !view.properties.is_empty() || !view.required.is_empty() || view.closed {
                    object()
                } else if !view.additional.is_empty() {
                    Form::Map(view.additional.clone())
                } else if view.tuple {
                    Form::List(Vec::new())
                } else if !view.items.is_empty() {
                    Form::List(view.items.clone())
                } else if c.checks() {
                    // Rules without a `type`: each applies to the values of its own kind
                    // (`maxLength` to strings, `maximum` to numbers, …) and any other value is
                    // valid, so the value is any JSON, checked kind by kind.
                    Form::Primitive(Primitive::Json, Box::new(c.clone()))
                } else {
                    Form::Any
                }
            }
            Some([t]) => match *t {
                JsonType::Object => object(),
                JsonType::Array => {
                    if view.tuple {
                        // A tuple (`prefixItems`, `items` as an array): the item schemas differ
                        // by place, so items are JSON; the schema check enforces each.
                        Form::List(Vec::new())
                    } else {
                        Form::List(view.items.clone())
                    }
                }
                other => self.primitive(other, view),
            },
            Some(_) => Form::Any,
        })
    }

    /// `form` with only the rules that apply to its kind of value, and the `enum` values as the
    /// Rust type prints them.
    fn rules_of_its_kind(
        &self,
        view: &View,
        form: Form,
        enum_texts: &[String],
        cx: &mut Collector,
    ) -> Form {
        match form {
            // Untyped JSON keeps every rule: each is checked on the values of its kind.
            Form::Primitive(Primitive::Json, c) => Form::Primitive(Primitive::Json, c),
            Form::Primitive(p, mut c) => {
                // Rules for another kind of value do not apply (a `maxLength` beside
                // `type: integer`, say), as JSON Schema has it.
                if p != Primitive::String {
                    c.min_length = None;
                    c.max_length = None;
                    c.patterns.clear();
                }
                if !matches!(p, Primitive::I32 | Primitive::I64 | Primitive::F64) {
                    c.minimum = None;
                    c.maximum = None;
                    c.exclusive_minimum = None;
                    c.exclusive_maximum = None;
                    c.multiple_of = None;
                }
                c.min_items = None;
                c.max_items = None;
                c.unique_items = false;
                c.min_properties = None;
                c.max_properties = None;
                if matches!(p, Primitive::Blob | Primitive::Timestamp) && !enum_texts.is_empty() {
                    cx.warn(self.warning(
                        &view.loc.child("enum"),
                        "an `enum` of binary or date-time values is not checked",
                    ));
                } else {
                    // Compared with the value read as its Rust type and printed, so numbers
                    // compare by value: `-2.0` in the schema matches `-2` and `-2.0` read.
                    c.enum_values = enum_texts
                        .iter()
                        .map(|text| canonical_text(p, text))
                        .collect();
                }
                Form::Primitive(p, c)
            }
            other => other,
        }
    }

    pub(super) fn primitive(&self, t: JsonType, view: &View) -> Form {
        let c = view.constraints.clone();
        let p = match t {
            JsonType::String => {
                let base64 = view.content_encoding.as_deref() == Some("base64")
                    || matches!(c.format.as_deref(), Some("byte" | "binary"));
                if self.policies.timestamps() && c.format.as_deref() == Some("date-time") {
                    Primitive::Timestamp
                } else if base64 {
                    Primitive::Blob
                } else {
                    Primitive::String
                }
            }
            JsonType::Integer => {
                // 32 bits only when the schema says so: `format: int32`, or a lower and an
                // upper bound that both fit (Cognito's integers have them). Otherwise 64 bits,
                // as JSON Schema's integers are unbounded.
                let fits = |b: f64| b >= f64::from(i32::MIN) && b <= f64::from(i32::MAX);
                let lower = c.minimum.or(c.exclusive_minimum);
                let upper = c.maximum.or(c.exclusive_maximum);
                let bounded = lower.is_some_and(fits) && upper.is_some_and(fits);
                let narrow = match c.format.as_deref() {
                    Some("int64") => false,
                    Some("int32") => true,
                    _ => bounded,
                };
                if narrow {
                    Primitive::I32
                } else {
                    Primitive::I64
                }
            }
            JsonType::Number => Primitive::F64,
            JsonType::Boolean => Primitive::Bool,
            JsonType::Object | JsonType::Array | JsonType::Null => return Form::Any,
        };
        Form::Primitive(p, Box::new(c))
    }
}

/// A JSON value of an `enum`/`const` as the Rust value of primitive `p` prints it (`f64`'s and
/// the integers' `Display`), so that the check compares by value; a value that `p` cannot hold
/// is kept as written (it matches nothing, as in JSON Schema).
fn canonical_text(p: Primitive, text: &str) -> String {
    let Ok(serde_json::Value::Number(n)) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_owned();
    };
    match p {
        Primitive::F64 => n
            .as_f64()
            .map_or_else(|| text.to_owned(), |f| f.to_string()),
        Primitive::I32 | Primitive::I64 => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => (f as i64).to_string(),
            _ => text.to_owned(),
        },
        _ => text.to_owned(),
    }
}

/// Only `null` (`type: "null"`, `const: null`, `enum: [null]`): JSON checked to be null.
fn only_null(view: &View) -> Option<Form> {
    let only_null_type = view
        .types
        .as_ref()
        .is_some_and(|t| !t.is_empty() && t.iter().all(|t| *t == JsonType::Null));
    let only_null_enum = view
        .enum_values
        .as_ref()
        .is_some_and(|v| !v.is_empty() && v.iter().all(|(v, _)| v.is_null()));
    let null_allowed = view
        .types
        .as_ref()
        .is_none_or(|t| t.contains(&JsonType::Null));
    if only_null_type || (only_null_enum && null_allowed) {
        let c = Constraints {
            enum_values: vec![String::from("null")],
            ..Constraints::default()
        };
        return Some(Form::Primitive(Primitive::Json, Box::new(c)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::canonical_text;
    use crate::ir::Primitive;

    #[test]
    fn numbers_of_an_enum_are_compared_by_value() {
        // What `f64::to_string` / `i64::to_string` print for the value read.
        assert_eq!(
            canonical_text(Primitive::F64, "-2.0"),
            (-2.0f64).to_string()
        );
        assert_eq!(canonical_text(Primitive::F64, "-2"), (-2.0f64).to_string());
        assert_eq!(canonical_text(Primitive::F64, "1.5e1"), 15.0f64.to_string());
        assert_eq!(canonical_text(Primitive::I64, "2.0"), "2");
        assert_eq!(canonical_text(Primitive::I32, "-7"), "-7");
        // A value the type cannot hold stays as written and so matches nothing.
        assert_eq!(canonical_text(Primitive::I64, "2.5"), "2.5");
        assert_eq!(canonical_text(Primitive::Bool, "true"), "true");
    }
}
