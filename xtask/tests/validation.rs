//! Types that keep their promises: constrained newtypes check their schema's rules in every
//! constructor and when read from JSON, secrets never reach `Debug` output or error messages,
//! and enums keep values they do not know.

use generated::cognito_idp as idp;
use golden_validation::vault;

mod common;

#[test]
fn username_pattern_is_unicode_and_lengths_count_characters() {
    // The real UsernameType: `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, 1 to 128 characters.
    assert!(idp::UsernameType::new("hello").is_ok());
    assert!(idp::UsernameType::new("héllo").is_ok());
    let err = idp::UsernameType::new("     ").unwrap_err();
    assert_eq!(
        err.rule(),
        r"does not match pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`"
    );
    assert!(
        idp::UsernameType::new("é".repeat(128)).is_ok(),
        "128 characters, 256 bytes"
    );
    let err = idp::UsernameType::new("é".repeat(129)).unwrap_err();
    assert_eq!(
        err.rule(),
        "is 129 characters long, more than maxLength 128"
    );
    // The same rules in the golden case, with a small maximum.
    assert!(vault::UserName::new("éééééééé").is_ok());
    assert!(vault::UserName::new("ééééééééé").is_err());
    assert!(vault::UserName::try_from("").is_err());
    assert!("héllo".parse::<vault::UserName>().is_ok());
}

#[test]
fn lookbehind_patterns_work() {
    assert!(vault::BucketName::new("my-bucket.logs").is_ok());
    let err = vault::BucketName::new("name.").unwrap_err();
    assert_eq!(err.type_name(), "BucketName");
    assert!(err.to_string().contains("does not match pattern"), "{err}");
}

#[test]
fn numbers_enums_and_collections_are_checked() {
    assert!(vault::RetryLimit::new(10).is_ok());
    assert_eq!(
        vault::RetryLimit::new(11).unwrap_err().to_string(),
        "RetryLimit: 11 is greater than maximum 10"
    );
    assert!(vault::Tier::new(2).is_ok());
    assert!(vault::Tier::new(4).is_err());
    assert!(vault::HalfStep::new(2.5).is_ok());
    assert!(vault::HalfStep::new(2.25).is_err());
    let tag = |s: &str| String::from(s);
    assert!(vault::TagList::new(vec![tag("a"), tag("b")]).is_ok());
    assert!(vault::TagList::new(Vec::new()).is_err(), "minItems 1");
    assert!(
        vault::TagList::new(vec![tag("a"), tag("a")]).is_err(),
        "uniqueItems"
    );
    assert!(vault::TagList::new(vec![tag("a"), tag("b"), tag("c"), tag("d")]).is_err());
    let mut labels = golden_validation::runtime::IndexMap::new();
    labels.insert(tag("a"), tag("1"));
    labels.insert(tag("b"), tag("2"));
    assert!(vault::Labels::new(labels.clone()).is_ok());
    labels.insert(tag("c"), tag("3"));
    assert!(vault::Labels::new(labels).is_err(), "maxProperties 2");
}

#[test]
fn reading_json_checks_the_rules_and_names_path_and_rule() {
    // A bounded integer of the real API: PasswordPolicyMinLengthType is 6 to 99.
    let err = generated::roundtrip(
        "cognito-idp",
        "PasswordPolicyType",
        r#"{"MinimumLength": 5}"#,
    )
    .expect("the type exists")
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.MinimumLength: PasswordPolicyMinLengthType: 5 is less than minimum 6"
    );
    let err = golden_validation::roundtrip(
        "vault",
        "Login",
        r#"{"User": "u", "Pin": "1234", "Tags": ["x", "x"]}"#,
    )
    .expect("the type exists")
    .unwrap_err();
    assert!(err.to_string().starts_with("$.Tags: TagList: "), "{err}");
    assert!(err.to_string().contains("uniqueItems"), "{err}");
    // serde reads alike.
    let err =
        serde_json::from_str::<idp::PasswordPolicyType>(r#"{"MinimumLength": 100}"#).unwrap_err();
    assert!(err.to_string().contains("greater than maximum 99"), "{err}");
}

#[test]
fn secrets_never_reach_debug_output_or_errors() {
    let secret = "8642";
    let mut by_device = golden_validation::runtime::IndexMap::new();
    by_device.insert(String::from("phone"), vault::Pin::new("97531").unwrap());
    let mut params = golden_validation::runtime::IndexMap::new();
    params.insert(
        String::from("SECRET_HASH"),
        String::from("params-secret-value").into(),
    );
    let login = vault::Login::new(
        vault::UserName::new("jane").unwrap(),
        vault::Pin::new(secret).unwrap(),
    )
    .with_old_pins(vec![vault::Pin::new("112233").unwrap()])
    .with_pins_by_device(by_device)
    .with_params(vault::SecretParams::new(params))
    .with_fingerprint(vault::DeviceFingerprint::new().with_data("fingerprint-secret"))
    .with_note("note-secret");
    let shown = format!("{login:?} {login:#?}");
    for leaked in [
        secret,
        "97531",
        "112233",
        "params-secret-value",
        "fingerprint-secret",
        "note-secret",
    ] {
        assert!(!shown.contains(leaked), "`{leaked}` leaked into {shown}");
    }
    assert!(shown.contains("jane"), "non-secrets still show: {shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    // A rule broken by a secret names the rule, never the value.
    let err = vault::Pin::new("12").unwrap_err();
    assert!(!err.to_string().contains("12\""), "{err}");
    assert_eq!(
        err.to_string(),
        "Pin: the value (redacted) is 2 characters long, fewer than minLength 4"
    );
    // The real API: a sign-up request's password.
    let request = idp::SignUpRequest::new(
        idp::ClientIdType::new("client1").unwrap(),
        idp::UsernameType::new("jane").unwrap(),
    )
    .with_password(idp::PasswordType::new("correct-horse-battery").unwrap());
    let shown = format!("{request:?}");
    for part in ["correct", "horse", "battery", "client1", "jane"] {
        // ClientIdType and UsernameType are sensitive in the API too.
        assert!(!shown.contains(part), "`{part}` leaked into {shown}");
    }
}

#[test]
fn secrets_never_reach_the_value_tree_or_the_errors_of_reading_and_checking() {
    use golden_validation::runtime::ToValue as _;
    let mut params = golden_validation::runtime::IndexMap::new();
    params.insert(
        String::from("SECRET_HASH"),
        String::from("params-secret-value").into(),
    );
    let login = vault::Login::new(
        vault::UserName::new("jane").unwrap(),
        vault::Pin::new("8642").unwrap(),
    )
    .with_params(vault::SecretParams::new(params))
    .with_fingerprint(vault::DeviceFingerprint::new().with_data("fingerprint-secret"))
    .with_note("note-secret");
    // The value tree renders every secret (it is what goes on the wire) and shows none.
    let tree = login.to_value();
    let shown = format!("{tree:?} {tree:#?} {:?}", tree.view());
    let wire = tree.to_json();
    for secret in [
        "8642",
        "params-secret-value",
        "fingerprint-secret",
        "note-secret",
    ] {
        assert!(wire.contains(secret), "`{secret}` is on the wire: {wire}");
        assert!(!shown.contains(secret), "`{secret}` leaked into {shown}");
    }
    assert!(
        shown.contains("jane") && shown.contains("<redacted>"),
        "{shown}"
    );
    // A member marked secret over a plain type: its read error keeps the path, not the value.
    let read = |ty: &str, json: &str| {
        golden_validation::roundtrip("vault", ty, json)
            .expect("the type exists")
            .unwrap_err()
            .to_string()
    };
    let err = read(
        "Login",
        r#"{"User":"jane","Pin":"8642","Note":["note-secret"]}"#,
    );
    assert!(
        err.starts_with("$.Note:") && !err.contains("note-secret"),
        "{err}"
    );
    // A rule only the schema check enforces, on a secret: the keyword, never the value.
    let err = vault::Passcode::new("0000").unwrap_err().to_string();
    assert!(!err.contains("0000") && err.contains("/not"), "{err}");
    let err = read("Passcode", r#""0000""#);
    assert!(!err.contains("0000") && err.contains("/not"), "{err}");
    assert!(vault::Passcode::new("1234").is_ok());
    // A long rejected value is quoted as a bounded excerpt.
    let long = "x".repeat(100_000);
    let err = read("UserName", &format!("{long:?}"));
    assert!(err.len() < 400, "{} characters: {}", err.len(), &err[..200]);
}

#[test]
fn values_held_as_secrets_show_in_no_item_member_or_error() {
    use generated::runtime::Secret;
    // The items of a secret map whose value type is not a secret (the golden case and Cognito).
    let params: vault::SecretParams = [("SECRET_HASH", "params-secret-value")]
        .into_iter()
        .collect();
    let item = params.get("SECRET_HASH").unwrap();
    assert_eq!(item.expose(), "params-secret-value");
    let shown = format!(
        "{item:?} {:?} {:?}",
        params.iter().collect::<Vec<_>>(),
        params.as_map()
    );
    assert!(
        !shown.contains("params-secret-value") && shown.contains("<redacted>"),
        "{shown}"
    );
    // A member marked secret over a plain string.
    let login = vault::Login::new(
        vault::UserName::new("jane").unwrap(),
        vault::Pin::new("8642").unwrap(),
    )
    .with_note("note-secret");
    let note = login.note.as_ref().unwrap();
    assert_eq!(note.expose(), "note-secret");
    assert!(!format!("{note:?}").contains("note-secret"));
    let auth = idp::AuthParametersType::try_from_iter([
        ("USERNAME", Secret::try_new("jane").unwrap()),
        ("PASSWORD", Secret::try_new("correct horse").unwrap()),
    ])
    .unwrap();
    let password = auth.get("PASSWORD").unwrap();
    assert_eq!(password.expose().as_str(), "correct horse");
    let shown = format!("{password:?} {:?}", auth.iter().collect::<Vec<_>>());
    assert!(
        !shown.contains("correct") && !shown.contains("jane"),
        "{shown}"
    );
    // Built from a value that breaks its type's rule (StringType: at most 131,072 characters):
    // the error names the rule, not the value, unlike the plain type's.
    let long = format!("Qz7{}", "p".repeat(131_072));
    let err = Secret::<idp::StringType>::try_new(long.as_str())
        .unwrap_err()
        .to_string();
    assert!(
        !err.contains("Qz7") && err.contains("maxLength 131072"),
        "{err}"
    );
    assert!(
        idp::StringType::new(long.as_str())
            .unwrap_err()
            .to_string()
            .contains("Qz7")
    );
    // Read from JSON: the error keeps the path and leaves the value out.
    let json = format!(
        r#"{{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"c","AuthParameters":{{"PASSWORD":"{long}"}}}}"#
    );
    let err = generated::runtime::from_json_str::<idp::InitiateAuthRequest>(&json)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("$.AuthParameters.PASSWORD:") && !err.contains("Qz7"),
        "{err}"
    );
}

#[test]
fn unknown_enum_values_survive_to_value() {
    let json = r#"{"AuthFlow":"AUTH_FLOW_FROM_THE_FUTURE","ClientId":"client1"}"#;
    let out = generated::roundtrip("cognito-idp", "InitiateAuthRequest", json)
        .expect("the type exists")
        .unwrap();
    assert_eq!(out, json);
    let flow: idp::AuthFlowType = "AUTH_FLOW_FROM_THE_FUTURE".parse().unwrap();
    assert!(matches!(flow, idp::AuthFlowType::Unknown(_)));
    assert_eq!(flow.as_str(), "AUTH_FLOW_FROM_THE_FUTURE");
    assert!(idp::AuthFlowType::VALUES.contains(&"USER_PASSWORD_AUTH"));
}

#[test]
fn corpus_lookbehind_pattern_rejects_a_trailing_dot() {
    // S3BucketType of the real corpus carries `^[0-9A-Za-z\.\-_]*(?<!\.)$`.
    let Some(binary) = common::corpus_roundtrip_binary() else {
        return;
    };
    let run = |input: &str| {
        let mut child = std::process::Command::new(&binary)
            .args(["cognito-idp", "S3BucketType"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = run(r#""my-bucket""#);
    assert!(ok.status.success(), "{}", common::stderr(&ok));
    let bad = run(r#""name.""#);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        common::stderr(&bad).contains("does not match pattern"),
        "{}",
        common::stderr(&bad)
    );
}
