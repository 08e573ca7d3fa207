//! The intermediate representation between **resolve** and **emit**: named shapes.
//!
//! `resolve` builds it from the documents with every `$ref` and `allOf` already resolved;
//! `name` gives every part of it a Rust identifier (a separate table, [`crate::name::Names`]);
//! `emit` turns both into Rust. Nothing in the IR is left for a later stage to fill in. Shapes live in one list
//! ([`Ir::shapes`]) and refer to each other by [`ShapeId`], so forward and cyclic references need
//! no second pass.

/// Index of a shape in [`Ir::shapes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId(pub usize);

/// Where a schema is: a document (index into the corpus) and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// Index of the document in [`crate::load::Corpus::documents`].
    pub doc: usize,
    /// JSON pointer (RFC 6901, escaped) of the schema in that document; `""` is the root.
    pub ptr: String,
}

impl Loc {
    /// The root of a document.
    pub fn root(doc: usize) -> Self {
        Loc {
            doc,
            ptr: String::new(),
        }
    }

    /// Where a reference that leads nowhere points under `--unresolved=untyped`: a location in
    /// no document, whose schema is `true` (any value).
    pub fn unresolved() -> Self {
        Loc {
            doc: usize::MAX,
            ptr: String::new(),
        }
    }

    /// Whether this is [`Loc::unresolved`].
    pub fn is_unresolved(&self) -> bool {
        self.doc == usize::MAX
    }

    /// The location one segment further down (the segment is escaped here).
    pub fn child(&self, segment: &str) -> Self {
        Loc {
            doc: self.doc,
            ptr: format!("{}/{}", self.ptr, crate::diag::escape_segment(segment)),
        }
    }
}

/// The whole program to emit.
#[derive(Debug, Default)]
pub struct Ir {
    /// One entry per schema-root sub-folder that holds documents, sorted by folder name.
    pub namespaces: Vec<NamespaceIr>,
    /// Every named shape of every namespace.
    pub shapes: Vec<Shape>,
    /// How many distinct `$ref`s were resolved (each `$ref` keyword counted once).
    pub refs_resolved: usize,
    /// The schema documents the crate embeds for [`Shape::check`]s; `None` when no shape has
    /// one (the crate then does not depend on a validator).
    pub schemas: Option<EmbeddedSchemas>,
}

/// The documents a generated crate embeds to check values against their schemas.
#[derive(Debug, Default)]
pub struct EmbeddedSchemas {
    /// The draft of documents that do not name theirs with `$schema` (`draft2020-12`, …).
    pub draft: &'static str,
    /// (URI, document) of every document of the corpus (the meta-schemas that references
    /// reached included), in corpus order.
    pub documents: Vec<(String, serde_json::Value)>,
}

/// A value's check against its schema as a whole, for keywords that no Rust type expresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaCheck {
    /// Its index among the crate's checks (they are numbered in shape order).
    pub index: usize,
    /// The URIs of the schemas the value must match, among the embedded documents
    /// (`document URI#JSON pointer`): the shape's own, and those of the parts merged into it
    /// where several `allOf` parts type one member.
    pub uris: Vec<String>,
    /// The keywords that make the check necessary, for the documentation.
    pub keywords: Vec<String>,
}

impl Ir {
    /// The shape with this id.
    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id.0]
    }
}

/// A namespace: becomes one Rust module.
#[derive(Debug)]
pub struct NamespaceIr {
    /// The folder name (`cognito-idp`).
    pub name: String,
    /// How many documents the folder held.
    pub documents: usize,
}

/// Where a shape's name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The root of a document, named by its `title` (or, without one, its file name).
    Document(String),
    /// An entry of `$defs`, `definitions` or `components/schemas`, named by its key.
    Definition(String),
    /// An inline schema that needs a type of its own. The name stage names it after `parent`
    /// (the nearest enclosing named shape of the same document) and the path from the parent's
    /// location to [`Shape::loc`] (`Parent` + `Member`, `Item`, `Value`).
    Inline {
        /// The enclosing named shape; always registered before this one.
        parent: ShapeId,
    },
}

/// A named shape: one Rust type.
#[derive(Debug)]
pub struct Shape {
    /// Index of the namespace in [`Ir::namespaces`].
    pub namespace: usize,
    /// Where the shape is defined.
    pub loc: Loc,
    /// Where its name comes from.
    pub origin: Origin,
    /// The description (an HTML fragment or plain text), as written.
    pub description: Option<String>,
    /// What the generator adds to the documentation (how a schema it cannot model exactly was
    /// generated), as Markdown paragraphs.
    pub notes: Vec<String>,
    /// Whether (and how) a value read is also checked against the schema as a whole.
    pub check: Option<SchemaCheck>,
    /// The type of the schema's values where it is used, when that is more than the shape
    /// itself: `rt::Nullable<Self>` when the schema also allows `null`, `rt::ObjectOr<Self>`
    /// when it types objects without `type`. `roundtrip` reads values as this type.
    pub wrapped: Option<TypeRef>,
    /// What the shape is.
    pub kind: ShapeKind,
    /// Its schema as the generated type describes itself (`schemars::JsonSchema`); `None`
    /// when it cannot stand alone (a dynamic reference: a note says so).
    pub own_schema: Option<OwnSchema>,
}

/// A shape's schema standing alone, in draft 2020-12: its schema in the corpus with every
/// reference to another generated type as a link (see `resolve::own_schema`).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnSchema {
    /// The schema, references to types left out.
    pub value: serde_json::Value,
    /// (JSON pointer into [`OwnSchema::value`], type): where the generator's reference to the
    /// type's schema goes (an empty object there is replaced by it; beside other keywords it
    /// is the object's `$ref`).
    pub links: Vec<(String, ShapeId)>,
    /// The schemas it stands for: the shape's location, then the `allOf` parts merged into it.
    pub parts: Vec<Loc>,
}

/// The kinds of named shapes.
#[derive(Debug)]
pub enum ShapeKind {
    /// An object with named members → a struct.
    Struct(Struct),
    /// A string enum → an enum with a catch-all for values the schema does not list.
    Enum(Enum),
    /// A named primitive (a string with rules, say) → a newtype.
    Newtype(Newtype),
    /// A named array, map, or a plain reference to another shape → a type alias.
    Alias(TypeRef),
    /// A named array or map that contains itself → a newtype around the container (a type
    /// alias cannot be recursive).
    Wrapper(TypeRef),
    /// An array or map with rules (`minItems`, `uniqueItems`, `maxProperties`, …) or that is a
    /// secret → a newtype around the container that checks them (or redacts it).
    Collection(Collection),
    /// A `oneOf`/`anyOf` of alternatives of different shapes → an enum with one variant per
    /// alternative.
    Union(Union),
}

/// A `oneOf`/`anyOf`: the value is one of the alternatives.
#[derive(Debug)]
pub struct Union {
    /// The alternatives in schema order (`null` ones aside: the use sites are nullable).
    pub variants: Vec<Variant>,
    /// `oneOf`: exactly one alternative may match; else (`anyOf`) the first that matches is
    /// the one read.
    pub one_of: bool,
    /// The member whose value tells the alternatives apart, when every alternative requires it
    /// with string values no other alternative has (a discriminator).
    pub tag: Option<String>,
}

/// One alternative of a [`Union`].
#[derive(Debug)]
pub struct Variant {
    /// Its type.
    pub ty: TypeRef,
    /// Where its schema is.
    pub loc: Loc,
    /// The values of the union's tag member that select it.
    pub tags: Vec<String>,
    /// Held in a `Box` to break a cycle of types containing each other; set by resolve.
    pub boxed: bool,
}

/// A checked list or map.
#[derive(Debug)]
pub struct Collection {
    /// The container: [`TypeRef::List`] or [`TypeRef::Map`].
    pub ty: TypeRef,
    /// Its rules.
    pub constraints: Constraints,
    /// A map's `propertyNames` when it is a string with rules of its own: the named string
    /// newtype every key is checked as.
    pub keys: Option<ShapeId>,
}

/// A struct.
#[derive(Debug)]
pub struct Struct {
    /// Members in schema order.
    pub members: Vec<Member>,
    /// The whole struct is a secret (`writeOnly: true`): `Debug` shows none of it.
    pub sensitive: bool,
    /// `additionalProperties: false` (and no `patternProperties`): a member the struct does not
    /// have is rejected when reading.
    pub closed: bool,
    /// The type of the values of the members the struct does not list, which it keeps (in an
    /// `extra` map, read and written back): the `additionalProperties` schema, else any JSON.
    /// `None`: there are none (`closed`), or they are ignored (`unknown-members = "drop"`).
    pub extra: Option<TypeRef>,
    /// An optional member that is `null` (and whose type does not hold `null`) is read as
    /// absent (`null-members = "absent"`), instead of rejected as the schema does.
    pub null_is_absent: bool,
}

/// A struct member.
#[derive(Debug)]
pub struct Member {
    /// The property name on the wire.
    pub wire_name: String,
    /// The member's own description (the `allOf` sibling's, say), if any.
    pub description: Option<String>,
    /// The member's type.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// Held in a `Box` to break a cycle of structs containing each other; set by resolve.
    pub boxed: bool,
    /// The member itself is marked secret (`writeOnly: true` or `format: password` beside its
    /// reference), whatever its type: `Debug` redacts it.
    pub sensitive: bool,
    /// Where the member's schema is.
    pub loc: Loc,
}

/// A string enum.
#[derive(Debug)]
pub struct Enum {
    /// The listed values in schema order.
    pub values: Vec<EnumValue>,
    /// Reading keeps a value the schema does not list (as `Unknown`) instead of rejecting it.
    pub open: bool,
}

/// One value of a string enum.
#[derive(Debug)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
}

/// A named primitive.
#[derive(Debug)]
pub struct Newtype {
    /// The value type inside.
    pub primitive: Primitive,
    /// The rules the schema puts on the value.
    pub constraints: Constraints,
}

/// Rules a schema puts on a value. Recorded for documentation now and for validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength` (characters).
    pub min_length: Option<u64>,
    /// `maxLength` (characters).
    pub max_length: Option<u64>,
    /// `pattern`s (ECMA-262, unanchored); several when `allOf` parts each bring one.
    pub patterns: Vec<String>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `format` as written (`password`, `date-time`, …).
    pub format: Option<String>,
    /// `format: password` or `writeOnly: true`: the value is a secret.
    pub sensitive: bool,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `enum` of a type that is not a string enum, as JSON texts (`1`, `true`).
    pub enum_values: Vec<String>,
}

impl Constraints {
    /// Whether any rule restricts the value, or it is a secret (so an inline schema needs a
    /// newtype of its own to check or redact it).
    pub fn restricts(&self) -> bool {
        self.checks() || self.sensitive
    }

    /// Whether any rule must be checked (the newtype's constructor is then fallible).
    pub fn checks(&self) -> bool {
        self.min_length.is_some()
            || self.max_length.is_some()
            || !self.patterns.is_empty()
            || self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.multiple_of.is_some()
            || self.min_items.is_some()
            || self.max_items.is_some()
            || self.unique_items
            || self.min_properties.is_some()
            || self.max_properties.is_some()
            || !self.enum_values.is_empty()
    }
}

/// A primitive value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `type: string`.
    String,
    /// `type: integer` that fits in 32 bits.
    I32,
    /// `type: integer` that needs 64 bits (by its bounds or `format: int64`).
    I64,
    /// `type: number`.
    F64,
    /// `type: boolean`.
    Bool,
    /// `type: string, format: date-time`.
    Timestamp,
    /// `type: string, contentEncoding: base64` (or `format: byte`).
    Blob,
    /// Any JSON value, checked against an `enum`/`const` of values of several kinds or of
    /// arrays and objects (compared as JSON, numbers by value).
    Json,
}

/// A reference to a type, as a member, item or map value uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A named shape.
    Named(ShapeId),
    /// A primitive with no rules of its own.
    Primitive(Primitive),
    /// An array.
    List(Box<TypeRef>),
    /// An object whose keys are free (`additionalProperties`): an ordered map from string.
    Map(Box<TypeRef>),
    /// A schema that says nothing about its value (`{}`, `oneOf`, …): any JSON value.
    Any,
    /// The type, or `null` (`["string", "null"]`, `null` in an `enum`, `nullable: true`).
    Nullable(Box<TypeRef>),
    /// The type for objects (arrays), any other JSON value as it is: a schema with object
    /// (array) keywords and no `type` (`rt::ObjectOr`, `rt::ArrayOr`).
    Loose(Box<TypeRef>, Container),
}

/// What kind of JSON value a [`TypeRef::Loose`] types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    /// Objects.
    Object,
    /// Arrays.
    Array,
}
