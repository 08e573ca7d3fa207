//! Unit tests of the value tree: building, viewing, rendering, owning.

use super::render::write_json_string;
use super::tape::Node;
use super::*;

fn sample_tree<'a>(
    name: &'a String,
    blob: &'a Blob,
    map: &'a IndexMap<String, String>,
    doc: &'a Document,
    at: &'a Timestamp,
) -> Value<'a> {
    let mut b = ValueBuilder::new();
    write_sample(&mut b, name, blob, map, doc, at);
    b.finish()
}

/// Every kind of node, and containers left empty.
fn write_sample<'a>(
    b: &mut ValueBuilder<'a>,
    name: &'a String,
    blob: &'a Blob,
    map: &'a IndexMap<String, String>,
    doc: &'a Document,
    at: &'a Timestamp,
) {
    let s = b.begin_structure();
    b.member("Name", name);
    b.member("Count", &3_i32);
    b.member("Big", &(1_i64 << 40));
    b.member("Ratio", &0.25_f64);
    b.member("On", &true);
    b.member("At", at);
    b.member("Data", blob);
    b.member("Tags", map);
    b.member("Doc", doc);
    b.optional::<String>("Absent", None);
    b.key("Nested");
    let list = b.begin_list();
    b.integer(1);
    let inner = b.begin_structure();
    b.key("E");
    b.enum_value("X");
    b.end_container(inner);
    let empty = b.begin_list();
    b.end_container(empty);
    b.end_container(list);
    b.end_container(s);
}

/// The sample as a typed value would write it, in a list after a secret.
struct Sample {
    name: String,
    blob: Blob,
    map: IndexMap<String, String>,
    doc: Document,
    at: Timestamp,
}

impl ToValue for Sample {
    fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
        let list = out.begin_list();
        out.secret(&self.name);
        write_sample(out, &self.name, &self.blob, &self.map, &self.doc, &self.at);
        out.end_container(list);
    }
}

#[test]
fn json_written_straight_from_a_value_is_its_trees_rendering() {
    let mut map = IndexMap::new();
    map.insert(String::from("q\"uote"), String::from("line\nbreak"));
    map.insert(String::from(""), String::new());
    let sample = Sample {
        name: String::from("\u{1}é\u{2028}"),
        blob: Blob::new(vec![0, 255, 7]),
        map,
        doc: serde_json::json!({"k": [1.5, null, "x"], "e": {}}),
        at: Timestamp::new(1_700_000_000, 250_000_000),
    };
    let value = sample.to_value();
    let direct = value.to_json();
    let mut bytes = Vec::new();
    value.write_json_bytes(&mut bytes);
    assert_eq!(bytes, direct.as_bytes());
    // Looking at the value builds its tree; from then on the tree is rendered.
    let mut b = ValueBuilder::new();
    sample.write_value(&mut b);
    let built = b.finish();
    assert_eq!(value, built);
    assert_eq!(value.to_json(), direct);
    assert_eq!(built.to_json(), direct);
    assert!(format!("{value:?}").contains("<redacted>"));
    // A value that writes nothing renders as an empty structure, both ways.
    struct Nothing;
    impl ToValue for Nothing {
        fn write_value<'a>(&'a self, _: &mut ValueBuilder<'a>) {}
    }
    assert_eq!(Nothing.to_value().to_json(), "{}");
    assert_eq!(ValueBuilder::new().finish().to_json(), "{}");
}

#[test]
fn renders_awsjson() {
    let mut map = IndexMap::new();
    map.insert(String::from("z"), String::from("last"));
    map.insert(String::from("a"), String::from("first"));
    let blob = Blob::new(b"hi".to_vec());
    let doc: Document = serde_json::json!({"k": [1, null, "x"]});
    let at = Timestamp::new(1_700_000_000, 250_000_000);
    let name = String::from("quote \" slash \\ nl \n tab \t bell \u{7} é");
    let tree = sample_tree(&name, &blob, &map, &doc, &at);
    assert_eq!(
        tree.to_json(),
        r#"{"Name":"quote \" slash \\ nl \n tab \t bell \u0007 é","Count":3,"Big":1099511627776,"Ratio":0.25,"On":true,"At":1700000000.25,"Data":"aGk=","Tags":{"z":"last","a":"first"},"Doc":{"k":[1,null,"x"]},"Nested":[1,{"E":"X"},[]]}"#
    );
    // The serde path writes the same document.
    let via_serde: serde_json::Value = serde_json::to_value(&tree).unwrap();
    let via_render: serde_json::Value = serde_json::from_str(&tree.to_json()).unwrap();
    assert_eq!(via_serde, via_render);
}

#[test]
fn views_walk_the_tree() {
    let map = IndexMap::new();
    let blob = Blob::default();
    let doc = Document::Null;
    let at = Timestamp::default();
    let name = String::from("n");
    let tree = sample_tree(&name, &blob, &map, &doc, &at);
    let ValueRef::Structure(members) = tree.view() else {
        panic!("not a structure")
    };
    assert_eq!(members.len(), 10);
    let names: Vec<&str> = members.map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "Name", "Count", "Big", "Ratio", "On", "At", "Data", "Tags", "Doc", "Nested"
        ]
    );
    let (_, nested) = members.last().unwrap();
    let ValueRef::List(items) = nested else {
        panic!("not a list")
    };
    let items: Vec<ValueRef<'_>> = items.collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], ValueRef::Integer(1));
    let ValueRef::Structure(mut inner) = items[1] else {
        panic!("not a structure")
    };
    assert_eq!(inner.next(), Some(("E", ValueRef::Enum("X"))));
    assert!(matches!(items[2], ValueRef::List(l) if l.len() == 0));
    assert!(format!("{tree:?}").contains("Nested"));
}

#[test]
fn escaping_agrees_with_serde_json_on_every_byte_position() {
    let specials = ["\"", "\\", "\n", "\u{1}", "\u{1f}", "é", "\u{7f}", " ", "x"];
    for len in 0..20 {
        for (k, special) in specials.iter().enumerate() {
            for pos in 0..=len {
                let mut text: String = (0..len)
                    .map(|i| char::from(b'a' + (i % 26) as u8))
                    .collect();
                text.insert_str(pos.min(text.len()), special);
                if k % 2 == 0 {
                    text.push_str(special);
                }
                let mut ours = Vec::new();
                write_json_string(&text, &mut ours);
                assert_eq!(ours, serde_json::to_vec(&text).unwrap(), "{text:?}");
            }
        }
    }
}

#[test]
fn non_finite_doubles_are_strings() {
    let render = |d: f64| {
        let mut b = ValueBuilder::new();
        b.double(d);
        b.finish().to_json()
    };
    assert_eq!(render(f64::NAN), "\"NaN\"");
    assert_eq!(render(f64::NEG_INFINITY), "\"-Infinity\"");
    assert_eq!(render(1.0), "1.0");
}

#[test]
fn owned_trees_equal_borrowed_ones() {
    let s = String::from("x");
    let mut b = ValueBuilder::new();
    let open = b.begin_structure();
    b.member("S", &s);
    b.end_container(open);
    let tree = b.finish();
    assert_eq!(tree.clone().into_owned(), tree);
}

#[test]
fn owned_trees_render_and_compare_like_borrowed_ones() {
    let map = IndexMap::new();
    let blob = Blob::new(b"xyz".to_vec());
    let doc: Document = serde_json::json!([1, "two"]);
    let at = Timestamp::from_epoch_seconds(5);
    let name = String::from("n");
    let tree = sample_tree(&name, &blob, &map, &doc, &at);
    let json = tree.to_json();
    let owned = tree.clone().into_owned();
    assert_eq!(owned, tree);
    assert_eq!(owned.to_json(), json);
    let mut b = ValueBuilder::new();
    let open = b.begin_structure();
    b.key_owned(String::from("K"));
    b.string_owned(String::from("v"));
    b.end_container(open);
    assert_eq!(b.finish().to_json(), r#"{"K":"v"}"#);
}

#[test]
fn finish_closes_what_was_left_open() {
    let mut b = ValueBuilder::new();
    let _outer = b.begin_structure();
    b.key("a");
    let _list = b.begin_list();
    b.integer(1);
    let _inner = b.begin_map();
    b.key("k");
    b.boolean(true);
    let tree = b.finish();
    assert_eq!(tree.to_json(), r#"{"a":[1,{"k":true}]}"#);
    let ValueRef::Structure(members) = tree.view() else {
        panic!("not a structure")
    };
    let (_, list) = members.last().unwrap();
    assert!(matches!(list, ValueRef::List(items) if items.len() == 2));
}

#[test]
fn wire_names_render_like_escaped_keys() {
    const NAME: WireName = WireName::new("ClientId");
    let v = 1_i32;
    let mut a = ValueBuilder::new();
    let open = a.begin_structure();
    a.member(NAME, &v);
    a.member("Quote\"d", &v);
    a.end_container(open);
    let mut b = ValueBuilder::new();
    let open = b.begin_structure();
    b.member("ClientId", &v);
    b.member("Quote\"d", &v);
    b.end_container(open);
    let (a, b) = (a.finish(), b.finish());
    assert_eq!(a.to_json(), r#"{"ClientId":1,"Quote\"d":1}"#);
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(a, b);
}

#[test]
#[should_panic(expected = "no JSON escaping")]
fn a_wire_name_that_needs_escaping_is_refused() {
    let name: &'static str = String::from("a\"b").leak();
    let _ = WireName::new(name);
}

#[test]
fn nodes_stay_small() {
    assert!(std::mem::size_of::<Node>() <= 16);
}

#[test]
fn json_written_straight_closes_deep_and_unclosed_containers_as_the_tree_does() {
    /// Lists and maps 100 deep, the inner half closed by closing an outer one, the outer half
    /// left open.
    struct Deep;
    impl ToValue for Deep {
        fn write_value<'a>(&'a self, out: &mut ValueBuilder<'a>) {
            let mut opened = Vec::new();
            for depth in 0..100 {
                opened.push(if depth % 3 == 0 {
                    let open = out.begin_map();
                    out.key("k");
                    open
                } else {
                    out.begin_list()
                });
            }
            out.integer(7);
            out.end_container(opened[50]);
        }
    }
    let direct = Deep.to_value().to_json();
    let mut b = ValueBuilder::new();
    Deep.write_value(&mut b);
    assert_eq!(direct, b.finish().to_json());
    assert!(direct.starts_with(r#"{"k":[[{"k":"#) && direct.ends_with("]]}"));
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them_at_every_length_and_position() {
    for len in 0..=20 {
        let plain: String = "abcdefghé".chars().cycle().take(len).collect();
        let mut cases = vec![plain.clone()];
        for (at, _) in plain.char_indices() {
            for special in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                let mut s = plain.clone();
                s.insert(at, special);
                cases.push(s);
            }
        }
        for s in cases {
            let mut out = Vec::new();
            write_json_string(&s, &mut out);
            let expected = serde_json::to_string(&s).expect("a string");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), expected, "{s:?}");
        }
    }
}
