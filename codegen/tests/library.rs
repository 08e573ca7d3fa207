//! `codegen` used as a library by another program: `generate` must be safe on deeply nested
//! input by itself, whatever the stack of the thread that calls it.

use std::fs;
use std::path::Path;

/// A document whose definitions each refine the next (`$ref` with a keyword beside it), 500
/// deep, and whose root nests inline objects 50 levels deep (100 levels of JSON): resolving it recurses once per
/// level.
fn deep_document() -> String {
    let mut defs = Vec::new();
    for i in 0..500 {
        defs.push(format!(
            r##""D{i}": {{"$ref": "#/$defs/D{}", "minLength": 1}}"##,
            i + 1
        ));
    }
    defs.push(r#""D500": {"type": "string", "maxLength": 900}"#.to_owned());
    let mut nest = String::from(r##"{"Leaf": {"$ref": "#/$defs/D0"}}"##);
    for _ in 0..50 {
        nest = format!(r#"{{"Inner": {{"type": "object", "properties": {nest}}}}}"#);
    }
    format!(
        r#"{{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Deep",
            "type": "object", "properties": {nest}, "$defs": {{{}}}}}"#,
        defs.join(",\n")
    )
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("the folder is created");
    fs::write(path, text).expect("the file is written");
}

#[test]
fn generate_is_safe_on_deep_input_from_a_small_stack() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let schemas = dir.path().join("schemas");
    write(&schemas.join("ns/deep.json"), &deep_document());
    // A thread with a 512 KiB stack, smaller than any default: only `generate`'s own thread can
    // make this pass.
    let result = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || codegen::generate(&schemas, "../runtime").map(|g| g.types))
        .expect("the thread starts")
        .join()
        .expect("generate does not overflow the caller's stack");
    let types = result.unwrap_or_else(|f| {
        panic!(
            "the document generates: {:?}",
            f.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
        )
    });
    assert!(
        types > 550,
        "every definition and inline object is a type: {types}"
    );
}
