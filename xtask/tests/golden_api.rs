//! The golden crates used as a consumer would use them: these tests only compile if the
//! generated types have the shapes the schemas promise (member types, optionality, boxes,
//! constructors and setters), and they check the values that come out.

use std::error::Error;

use golden_all_of::orders;
use golden_kinds::library;
use golden_names_and_cycles::{misc, self_ as cycles};
use golden_ref_forms::{catalog, shared};

type Result = std::result::Result<(), Box<dyn Error>>;

#[test]
fn each_ref_form_reaches_its_type() -> Result {
    let book = catalog::Book::new(
        catalog::BookId::new("bk-000001")?,
        catalog::TitleText::new("Dune")?,
    )
    .with_author(catalog::Person::new("Frank Herbert").with_born(1920))
    .with_price(shared::Money::new(9.5, shared::CurrencyCode::Eur))
    .with_isbn(catalog::Isbn13::new("9780441013593")?)
    .with_publisher(shared::Publisher::new("Chilton").with_country(shared::Country::new("US")?))
    .with_edition(catalog::BookRevision::new(2)?)
    .with_format(catalog::Binding::Paperback)
    .with_shelf(catalog::LocationCode::new("R1-A2-S3")?)
    .with_labels(vec![String::from("sci-fi")])
    .with_margin(catalog::MarginNote::new().with_text("reread"));
    // A chain of references collapses: ShelfCode is LocationCode.
    let shelf: Option<catalog::ShelfCode> = book.shelf.clone();
    assert_eq!(shelf.unwrap().as_str(), "R1-A2-S3");
    // Title and Subtitle share the in-document definition.
    let _: Option<catalog::TitleText> = book.subtitle;
    assert_eq!(book.isbn.unwrap().as_str(), "9780441013593");
    assert_eq!(
        catalog::Binding::from("spiral-bound"),
        catalog::Binding::SpiralBound
    );
    // The rules travel with the types.
    assert!(catalog::BookId::new("bk-12").is_err());
    assert!(catalog::BookRevision::new(0).is_err());
    Ok(())
}

#[test]
fn all_of_merges_members_and_required() -> Result {
    // Street, City and Postcode come from Address, in its order, then Instructions from the
    // second part; the second part makes Postcode required too.
    let ship = orders::ShippingAddress::new("1 Main St", "Springfield", "12345", "Leave at door");
    assert_eq!(ship.postcode, "12345");
    let order = orders::Order::new(ship, orders::Status::Pending)
        .with_bill(orders::Address::new("2 Side St", "Shelbyville"))
        .with_quantity(orders::OrderQuantity::new(3)?)
        .with_promo(orders::OrderPromo::new("SAVE10")?)
        .with_discount(
            orders::OrderDiscount::new(orders::OrderDiscountPercent::new(10)?)
                .with_reason("loyalty"),
        );
    assert_eq!(order.quantity.unwrap().get(), 3);
    // Merged rules: Count's minimum 0 and this member's maximum 100; Code's pattern and maxLength 8.
    assert!(orders::OrderQuantity::new(101).is_err());
    assert!(orders::OrderQuantity::new(-1).is_err());
    assert!(orders::OrderPromo::new("TOOLONGCODE").is_err());
    assert!(orders::OrderPromo::new("lower").is_err());
    let audited = orders::AuditedOrder::new(
        order.ship.clone(),
        orders::Status::Shipped,
        golden_all_of::runtime::Timestamp::from_epoch_seconds(1_700_000_000),
    )
    .with_created_by("clerk");
    assert_eq!(audited.created_at.epoch_seconds(), 1_700_000_000);
    Ok(())
}

#[test]
fn kinds_map_to_rust_types() -> Result {
    // Required members in schema order: LoanId, Due, Books.
    let loan = library::Loan::new(
        "L-1",
        golden_kinds::runtime::Timestamp::from_epoch_seconds(0),
        vec![library::BookRef::new("b-1")?],
    )
    .with_renewals(2_i32)
    .with_fine(library::LoanFine::new(10_000_000_000_i64)?)
    .with_sequence(1_i64)
    .with_rating(4.5)
    .with_returned(false)
    .with_receipt(golden_kinds::runtime::Blob::new(vec![1, 2, 3]))
    .with_notes(vec![String::from("fragile")])
    .with_stamps(vec![library::LoanStampsItem::new("front")])
    .with_borrower(library::LoanBorrower::new(
        library::LoanBorrowerCardNumber::new("12345678")?,
    ))
    .with_channel(library::LoanChannel::SelfService)
    .with_branch(library::LoanBranch::new("north")?)
    .with_period(library::LoanPeriod::new(14)?)
    .with_flags(vec![library::FlagListItem::Overdue]);
    let _: Option<golden_kinds::runtime::IndexMap<String, library::BookRef>> = loan.extras.clone();
    let _: Option<golden_kinds::runtime::IndexMap<String, library::LoanCountersValue>> =
        loan.counters.clone();
    let _: Option<golden_kinds::runtime::Document> = loan.metadata.clone();
    let _: Option<library::LabelMap> = loan.labels.clone();
    assert_eq!(
        loan.channel.as_ref().map(|c| c.as_str()),
        Some("self-service")
    );
    let _: library::OverdueError = serde_json::json!({"anything": [1, "kept"]});
    let _ = library::EmptyObject::new();
    let big = library::BigRequest::new("a", "b", "c", "d", "e", "f", "g", "h").with_i("i");
    assert_eq!(big.h, "h");
    // An exclusive bound, and a number of characters rather than bytes.
    assert!(library::Score::new(0.0).is_err());
    assert!(library::Score::new(5.0).is_ok());
    assert!(library::BookRef::new("éé").is_err());
    assert!(library::BookRef::new("ééé").is_ok());
    Ok(())
}

#[test]
fn names_are_rust_and_cycles_are_boxed() {
    let a = misc::Awkward::new("t")
        .with_self("s")
        .with_async("a")
        .with_foo_bar("1")
        .with_foo_bar_2("2")
        .with_3d_secure(true)
        .with_hello("h")
        .with_empty("e")
        .with_callback_urls(vec![String::from("https://x.test/cb")])
        .with_kind(misc::AwkwardKind::from("a_b"));
    assert_eq!(a.r#type, "t");
    assert_eq!(a.kind, Some(misc::AwkwardKind::AB2));
    assert_eq!(
        misc::AwkwardKind::from("Unknown"),
        misc::AwkwardKind::UnknownValue
    );
    let other = misc::AwkwardKind::from("brand-new");
    assert_eq!(other.as_str(), "brand-new");
    assert!(matches!(other, misc::AwkwardKind::Unknown(_)));
    let _ = misc::Cafe::new().with_name(misc::String_::new("x"));
    let _ = misc::UntitledThing::new().with_setting(misc::_2faSetting::On);

    let leaf = cycles::TreeNode::new("leaf");
    let root = cycles::TreeNode::new("root").with_children(vec![leaf.clone()]);
    let child = leaf.with_parent(root);
    let _: Option<Box<cycles::TreeNode>> = child.parent;
    let pong = cycles::Pong::new(cycles::Ping::new());
    let _: Box<cycles::Ping> = pong.reply;
    // A self-containing list or map is a collection newtype with its field private.
    let nested: cycles::NestedList = [cycles::NestedList::new(Vec::new())].into_iter().collect();
    assert_eq!(nested.len(), 1);
    assert_eq!(nested.iter().next().map(cycles::NestedList::len), Some(0));
    let mut map = cycles::JsonValue::default();
    map.insert("a", cycles::JsonValue::default());
    let _: golden_names_and_cycles::runtime::IndexMap<String, cycles::JsonValueAlias> =
        map.into_inner();
}

#[test]
fn a_list_member_takes_its_items_one_at_a_time_too() {
    use golden_ref_forms::catalog::{Book, BookId, TitleText};
    let id = BookId::new("bk-000001").unwrap();
    let title = TitleText::new("Dune").unwrap();
    let one_by_one = Book::new(id.clone(), title.clone())
        .with_label("sci-fi")
        .with_label("classic");
    let at_once = Book::new(id, title).with_labels(["sci-fi", "classic"]);
    assert_eq!(one_by_one, at_once);
    assert_eq!(
        one_by_one.labels.as_deref(),
        Some(&[String::from("sci-fi"), String::from("classic")][..])
    );
}

#[test]
fn a_closed_object_rejects_members_it_does_not_list() -> Result {
    use golden_edge_cases::keywords::Closed;
    use golden_edge_cases::runtime::from_json_str;
    let read: Closed = from_json_str(r#"{"Key": "k", "Note": "n"}"#)?;
    assert_eq!(read.note.as_deref(), Some("n"));
    let err = from_json_str::<Closed>(r#"{"Key": "k", "Extra": 1}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.Extra: member not allowed: the schema lists the members it accepts"
    );
    // serde reads through the same rules.
    assert!(serde_json::from_str::<Closed>(r#"{"Key": "k", "Extra": 1}"#).is_err());
    Ok(())
}

#[test]
fn rules_without_a_type_apply_to_their_own_kind() {
    use golden_edge_cases::keywords::Loose;
    use golden_edge_cases::runtime::from_json_str;
    for ok in ["2.5", "\"ab\"", "[1, 2]", "{\"a\": 1}", "true", "null"] {
        let read: Loose = from_json_str(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(
            read.as_json(),
            &serde_json::from_str::<serde_json::Value>(ok).unwrap()
        );
    }
    for bad in ["3.5", "\"abc\"", "[1, 2, 3]", "[1, 1.0]", "{}"] {
        assert!(from_json_str::<Loose>(bad).is_err(), "{bad} is refused");
    }
}

/// Newtypes behave like the value inside, collections like the collection (issue 13): compare,
/// borrow, unwrap; iterate, count, add, with the rules kept.
#[test]
fn newtypes_and_collections_behave_like_what_they_wrap() -> Result {
    use generated::cognito_idp as idp;
    let pool = idp::UserPoolIdType::new("eu-west-1_abc")?;
    assert!(pool == "eu-west-1_abc" && pool == *"eu-west-1_abc");
    assert_eq!(pool.len(), 13, "Deref to str");
    assert!(pool.starts_with("eu-"));
    let borrowed: &str = std::borrow::Borrow::borrow(&pool);
    assert_eq!(borrowed, "eu-west-1_abc");
    assert_eq!(String::from(pool), "eu-west-1_abc");
    // A secret compares and unwraps, but has no `Deref` (no accidental `&str` of it).
    let name = idp::UsernameType::new("jane")?;
    assert!(name == "jane");
    assert_eq!(String::from(name), "jane");

    // A map whose keys have rules: an entry that breaks them leaves the map as it was.
    let mut tags = idp::UserPoolTagsType::try_from_iter([("team", idp::TagValueType::new("id")?)])?;
    assert!(tags.try_insert("", idp::TagValueType::new("x")?).is_err());
    assert_eq!(tags.len(), 1);
    assert_eq!(tags.get("team").map(|v| v.as_str()), Some("id"));
    assert!(
        tags.try_insert("owner", idp::TagValueType::new("me")?)?
            .is_none()
    );
    let keys: Vec<&String> = tags.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["team", "owner"]);

    // A list with rules (at most 100 callback URLs): pushed items are checked.
    let mut urls = idp::CallbackURLsListType::try_from_iter([idp::RedirectUrlType::new(
        "https://a.example",
    )?])?;
    urls.try_push(idp::RedirectUrlType::new("https://b.example")?)?;
    assert_eq!(urls.len(), 2);
    assert_eq!((&urls).into_iter().count(), 2);
    assert_eq!(urls.get(1).map(|u| u.as_str()), Some("https://b.example"));
    Ok(())
}
