//! Reading the catalogue: every schema as the harness gives it to the generator (its published
//! URL as `$id` when it has none, draft-07 when it names no draft), every instance of
//! `test/<name>/` and `negative_test/<name>/` as JSON data (YAML and TOML read as JSON), and the
//! oracle's verdict on each: the `jsonschema` crate, formats as annotations, references to the
//! catalogue served from its folder and nothing from the network.

use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri};

use super::*;

/// Where the catalogue's schemas say they are published; both stand for `schemas/`.
pub const PREFIXES: [&str; 2] = [
    "https://json.schemastore.org/",
    "https://www.schemastore.org/",
];

/// The draft of a schema that names none: the catalogue's own CI (ajv) reads such schemas as
/// draft-07.
const DEFAULT_DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// Every schema of `<catalogue>/schemas` (sorted by name) with its instances and the oracle's
/// verdicts; only those `only` names when it is given.
pub fn read_catalogue(
    catalogue: &Path,
    only: Option<&BTreeSet<String>>,
) -> Result<Vec<Schema>, String> {
    let dir = catalogue.join("schemas");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let names: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some((name, path))
        })
        .filter(|(name, _)| only.is_none_or(|o| o.contains(name)))
        .collect();
    if let Some(only) = only {
        let known: BTreeSet<&String> = names.iter().map(|(n, _)| n).collect();
        let missing: Vec<&String> = only.iter().filter(|n| !known.contains(n)).collect();
        if !missing.is_empty() {
            return Err(format!(
                "not schemas of {}: {}",
                dir.display(),
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let read = |(name, path): &(String, PathBuf)| read_schema(catalogue, name, path);
    codegen::parallel::map(&names, read)
        .ok_or_else(|| String::from("reading the catalogue panicked"))
}

/// One schema, its instances and their verdicts.
fn read_schema(catalogue: &Path, name: &str, path: &Path) -> Schema {
    let file = format!("{name}.json");
    let bytes = fs::metadata(path).map_or(0, |m| m.len());
    let mut instances = Vec::new();
    for (folder, valid) in [("test", true), ("negative_test", false)] {
        let dir = catalogue.join(folder).join(name);
        let mut paths = Vec::new();
        walk(&dir, &mut paths);
        paths.sort();
        for p in paths {
            let rel = p
                .strip_prefix(&dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            instances.push(Instance {
                id: format!("{name}/{folder}/{rel}"),
                listed_valid: valid,
                data: read_instance(&p),
                oracle: None,
            });
        }
    }
    let document = fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()))
        .map(|doc| prepare(doc, &file));
    let mut schema = Schema {
        name: name.to_owned(),
        bytes,
        document: document.clone(),
        instances,
        oracle: Oracle::Built,
    };
    match &document {
        Err(e) => schema.oracle = Oracle::Fails(format!("the schema does not parse: {e}")),
        Ok(doc) => judge(catalogue, doc, &file, &mut schema),
    }
    schema
}

/// Every file below `dir`, at any depth.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The schema as the generator and the oracle are given it: with its published URL as `$id`
/// (`id` in draft 4) when it has none, and `$schema` draft-07 when it names no draft.
pub fn prepare(doc: Value, file: &str) -> Value {
    let Value::Object(map) = doc else { return doc };
    let mut out = serde_json::Map::new();
    let schema = map
        .get("$schema")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if schema.is_none() {
        out.insert(String::from("$schema"), Value::from(DEFAULT_DRAFT));
    }
    let draft4 = schema.as_deref().is_some_and(|s| s.contains("draft-04"));
    let id_key = if draft4 { "id" } else { "$id" };
    if !map.contains_key("$id") && !map.contains_key("id") {
        out.insert(
            String::from(id_key),
            Value::from(format!("{}{file}", PREFIXES[0])),
        );
    }
    out.extend(map);
    Value::Object(out)
}

/// An instance file as JSON data: `.json` as JSON, `.yaml`/`.yml` as one YAML document, `.toml`
/// as TOML (dates and times as their text).
fn read_instance(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => serde_json::from_str(&text).map_err(|e| format!("JSON: {e}")),
        "yaml" | "yml" => serde_saphyr::from_str::<Yaml>(&text)
            .map(|y| y.0)
            .map_err(|e| format!("YAML: {}", one_line(&e.to_string()))),
        "toml" => toml::from_str::<toml::Table>(&text)
            .map(|t| toml_json(toml::Value::Table(t)))
            .map_err(|e| format!("TOML: {}", one_line(&e.to_string()))),
        _ => Err(format!("not JSON, YAML or TOML: `{ext}`")),
    }
}

/// A YAML document as JSON data, as the catalogue's CI reads it (a JavaScript YAML reader):
/// a mapping key that is not a string is its text (`~` → `"null"`, `1` → `"1"`), which
/// `serde_json::Value` alone refuses.
struct Yaml(Value);

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor).map(Yaml)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("YAML data")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Yaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = serde_json::Map::new();
        while let Some((Yaml(key), Yaml(value))) = map.next_entry()? {
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

/// A TOML value as JSON.
fn toml_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect())
        }
    }
}

/// Serves the catalogue's schemas for the published URLs; remembers every other URI asked for.
struct Catalogue {
    dir: PathBuf,
    missing: Arc<Mutex<Vec<String>>>,
}

impl Retrieve for Catalogue {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let without = text.split('#').next().unwrap_or(text);
        let file = PREFIXES
            .iter()
            .chain(&[
                "http://json.schemastore.org/",
                "http://www.schemastore.org/",
            ])
            .find_map(|p| without.strip_prefix(p));
        let found = file
            .filter(|f| !f.contains('/') && !f.contains(".."))
            .map(|f| self.dir.join(f))
            .filter(|p| p.is_file());
        match found {
            Some(path) => {
                let text = fs::read_to_string(&path)?;
                let mut doc = serde_json::from_str(&text)?;
                encode_refs(&mut doc);
                Ok(doc)
            }
            None => {
                self.missing
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(without.to_owned());
                Err(format!("`{without}` is not in the catalogue").into())
            }
        }
    }
}

/// Every `$ref` of `value` as a URI reference a strict parser takes (`#/definitions/Map<K>`
/// percent-encoded), as the generator writes the documents its checks embed: the same schema.
fn encode_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let std::borrow::Cow::Owned(encoded) = codegen::uri::encode_reference(r)
            {
                *r = encoded;
            }
            map.values_mut().for_each(encode_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(encode_refs),
        _ => {}
    }
}

/// The oracle's verdict on every instance of `schema`, or why there is none. The schema is
/// where the catalogue publishes it: its published URL is the base of its references (which
/// matters where the spec ignores its `$id`, beside a draft-07 `$ref`).
fn judge(catalogue: &Path, doc: &Value, file: &str, schema: &mut Schema) {
    let missing = Arc::new(Mutex::new(Vec::new()));
    let mut doc = doc.clone();
    encode_refs(&mut doc);
    let built = jsonschema::options()
        .should_validate_formats(false)
        .with_base_uri(format!("{}{file}", PREFIXES[0]))
        .with_retriever(Catalogue {
            dir: catalogue.join("schemas"),
            missing: Arc::clone(&missing),
        })
        .build(&doc);
    let validator = match built {
        Ok(v) => v,
        Err(e) => {
            let missing = missing.lock().unwrap_or_else(|e| e.into_inner());
            schema.oracle = match missing.first() {
                Some(uri) => Oracle::Unresolvable(format!(
                    "a reference to `{uri}`, which is not in the catalogue"
                )),
                None => Oracle::Fails(one_line(&e.to_string())),
            };
            return;
        }
    };
    for instance in &mut schema.instances {
        if let Ok(data) = &instance.data {
            instance.oracle = Some(validator.is_valid(data));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_gets_its_published_url_and_a_draft_only_when_it_lacks_them() {
        let doc = prepare(serde_json::json!({"type": "object"}), "x.json");
        assert_eq!(doc["$id"], "https://json.schemastore.org/x.json");
        assert_eq!(doc["$schema"], DEFAULT_DRAFT);
        let four = prepare(
            serde_json::json!({"$schema": "http://json-schema.org/draft-04/schema#"}),
            "y.json",
        );
        assert_eq!(four["id"], "https://json.schemastore.org/y.json");
        assert!(four.get("$id").is_none());
        let own = prepare(
            serde_json::json!({"$id": "urn:a", "$schema": "s"}),
            "z.json",
        );
        assert_eq!(own, serde_json::json!({"$id": "urn:a", "$schema": "s"}));
    }

    #[test]
    fn yaml_keys_that_are_not_strings_are_their_text() {
        let y: Yaml = serde_saphyr::from_str("~: a\n1: b\ntrue: [c, 2.5]\n").unwrap();
        assert_eq!(
            y.0,
            serde_json::json!({"null": "a", "1": "b", "true": ["c", 2.5]})
        );
    }

    #[test]
    fn toml_dates_are_text() {
        let t: toml::Table = toml::from_str("a = 1979-05-27T07:32:00Z\nb = [1, 2.5]").unwrap();
        assert_eq!(
            toml_json(toml::Value::Table(t)),
            serde_json::json!({"a": "1979-05-27T07:32:00Z", "b": [1, 2.5]})
        );
    }
}
