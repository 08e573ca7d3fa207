//! The patterns of the real-world corpora, for `xtask/tests/patterns.rs` and `benches/patterns.rs`.

use std::path::Path;

/// Every `pattern` value and `patternProperties` key of the JSON documents below `dir`.
pub fn collect(dir: &Path, out: &mut Vec<String>) {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map {
                    match (k.as_str(), x) {
                        ("pattern", serde_json::Value::String(p)) => out.push(p.clone()),
                        ("patternProperties", serde_json::Value::Object(props)) => {
                            out.extend(props.keys().cloned())
                        }
                        _ => {}
                    }
                    walk(x, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
        {
            walk(&value, out);
        }
    }
}
