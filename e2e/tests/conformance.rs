//! Wire conformance with botocore: every request of the flow, built by the same functions the
//! flow uses ([`cognito_e2e::requests`]) and rendered with `to_value().to_json()`, must equal as
//! JSON the body botocore's serializer makes of the same parameters, and those parameters must be
//! valid for botocore's model of cognito-idp.
//!
//! The parameters are written here as boto3 takes them (`client.sign_up(**params)`), by hand and
//! independently of the generated types. `tests/conformance/botocore_body.py` validates and
//! serializes them and reports every difference; this test also compares the bodies itself and
//! checks the `X-Amz-Target` and `Content-Type` headers our client sends.
//!
//! Needs `python3` (or `$PYTHON`) with botocore. Without it the test prints `skipped`, except
//! under `CI=true`, where it fails.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::process::{Command, Stdio};

use cognito_e2e::{CONTENT_TYPE, FLOW_OPERATIONS, FlowConfig, requests, target};
use generated::cognito_idp as idp;
use generated::runtime::ToValue;
use serde_json::{Value, json};

const POOL_ID: &str = "us-east-1_AbC123xyz";
const CLIENT_ID: &str = "5tq8e1ddcq3uh2alk1l5v0ku9k";
const ACCESS_TOKEN: &str = "eyJraWQiOiJlMmUifQ.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl";

/// One request: the operation, boto3's parameters for it, and our body.
struct Case {
    operation: &'static str,
    params: Value,
    body: String,
}

fn case(operation: &'static str, params: Value, request: &impl ToValue) -> Case {
    Case {
        operation,
        params,
        body: request.to_value().to_json(),
    }
}

/// The requests of the flow with the flow's own inputs (and fixed identifiers where the flow
/// uses what the server returned).
fn cases() -> Vec<Case> {
    let c = FlowConfig::default();
    let pool_id = idp::UserPoolIdType::new(POOL_ID).unwrap();
    let client_id = idp::ClientIdType::new(CLIENT_ID).unwrap();
    let access_token = idp::TokenModelType::new(ACCESS_TOKEN).unwrap();
    vec![
        case(
            "CreateUserPool",
            json!({
                "PoolName": c.pool_name,
                "Policies": {"PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireUppercase": true,
                    "RequireLowercase": true,
                    "RequireNumbers": true,
                    "RequireSymbols": false,
                    "TemporaryPasswordValidityDays": 7,
                }},
                "AutoVerifiedAttributes": ["email"],
            }),
            &requests::create_user_pool(&c.pool_name).unwrap(),
        ),
        case(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": POOL_ID,
                "ClientName": c.client_name,
                "GenerateSecret": false,
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
            &requests::create_user_pool_client(&pool_id, &c.client_name).unwrap(),
        ),
        case(
            "SignUp",
            json!({
                "ClientId": CLIENT_ID,
                "Username": c.username,
                "Password": c.password,
                "UserAttributes": [{"Name": "email", "Value": c.email}],
            }),
            &requests::sign_up(&client_id, &c.username, &c.password, &c.email).unwrap(),
        ),
        case(
            "ResendConfirmationCode",
            json!({"ClientId": CLIENT_ID, "Username": c.username}),
            &requests::resend_confirmation_code(&client_id, &c.username).unwrap(),
        ),
        case(
            "AdminConfirmSignUp",
            json!({
                "UserPoolId": POOL_ID,
                "Username": c.username,
                "ClientMetadata": {"source": "cognito-e2e"},
            }),
            &requests::admin_confirm_sign_up(&pool_id, &c.username).unwrap(),
        ),
        case(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": c.username, "PASSWORD": c.password},
                "ClientId": CLIENT_ID,
            }),
            &requests::initiate_auth(&client_id, &c.username, &c.password).unwrap(),
        ),
        case(
            "GetUser",
            json!({"AccessToken": ACCESS_TOKEN}),
            &requests::get_user(&access_token),
        ),
        case(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": c.username}),
            &requests::admin_get_user(&pool_id, &c.username).unwrap(),
        ),
        case(
            "ListUsers",
            json!({
                "UserPoolId": POOL_ID,
                "Limit": 10,
                "Filter": format!("email = \"{}\"", c.email),
            }),
            &requests::list_users(&pool_id, &c.email).unwrap(),
        ),
        case(
            "AdminCreateUser",
            json!({
                "UserPoolId": POOL_ID,
                "Username": c.admin_created_username,
                "UserAttributes": [
                    {"Name": "email", "Value": c.admin_created_email},
                    {"Name": "email_verified", "Value": "true"},
                ],
                "TemporaryPassword": c.temporary_password,
                "MessageAction": "SUPPRESS",
                "DesiredDeliveryMediums": ["EMAIL"],
            }),
            &requests::admin_create_user(
                &pool_id,
                &c.admin_created_username,
                &c.temporary_password,
                &c.admin_created_email,
            )
            .unwrap(),
        ),
        case(
            "DeleteUserPool",
            json!({"UserPoolId": POOL_ID}),
            &requests::delete_user_pool(&pool_id),
        ),
    ]
}

/// Fails under `CI=true`, else prints `skipped: …`.
fn skip(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}: CI installs botocore (.ci/run), so this test cannot be skipped there");
    }
    eprintln!("skipped: {why}");
}

#[test]
fn the_conformance_cases_cover_every_request_of_the_flow() {
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.operation).collect();
    let flow: BTreeSet<&str> = FLOW_OPERATIONS.iter().copied().collect();
    assert_eq!(covered, flow);
}

#[test]
fn request_bodies_equal_botocore_s() {
    let cases = cases();
    let script = manifest_dir().join("../tests/conformance/botocore_body.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| String::from("python3"));
    let child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return skip(&format!("{python} does not run ({e})")),
    };
    {
        let mut stdin = child.stdin.take().unwrap();
        for c in &cases {
            // Our body is embedded as it was rendered (it is JSON text on one line).
            let line = format!(
                "{{\"operation\":{},\"params\":{},\"body\":{}}}\n",
                json!(c.operation),
                c.params,
                c.body
            );
            stdin.write_all(line.as_bytes()).unwrap();
        }
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0 | 1) => {}
        Some(3) => return skip(&format!("botocore is missing: {}", stderr.trim())),
        other => panic!("{} failed ({other:?}): {stderr}", script.display()),
    }

    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        answers.len(),
        cases.len(),
        "one answer per case; stderr: {stderr}"
    );
    let mut failures = Vec::new();
    for (c, answer) in cases.iter().zip(&answers) {
        assert_eq!(answer["operation"], c.operation);
        let ours: Value = serde_json::from_str(&c.body).unwrap();
        let theirs = &answer["botocore_body"];
        let mut problems = Vec::new();
        if let Some(error) = answer["validation_error"].as_str() {
            problems.push(format!("botocore rejects the parameters: {error}"));
        }
        for difference in answer["differences"].as_array().unwrap() {
            problems.push(difference.as_str().unwrap().to_owned());
        }
        // The script compares strictly; compare here too (serde_json keeps 8 and 8.0 apart).
        if &ours != theirs && problems.is_empty() {
            problems.push(String::from("the bodies differ"));
        }
        if answer["target"] != target(c.operation).as_str() {
            problems.push(format!(
                "X-Amz-Target: ours {}, botocore's {}",
                target(c.operation),
                answer["target"]
            ));
        }
        if answer["content_type"] != CONTENT_TYPE {
            problems.push(format!(
                "Content-Type: ours {CONTENT_TYPE}, botocore's {}",
                answer["content_type"]
            ));
        }
        if problems.is_empty() {
            println!("{}: equal to botocore's body {}", c.operation, c.body);
        } else {
            failures.push(format!(
                "{}:\n  ours:      {}\n  botocore:  {}\n  - {}",
                c.operation,
                c.body,
                theirs,
                problems.join("\n  - ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} request bodies differ from botocore's:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// This package's folder, as cargo says at run time (not compiled in: a binary built in one
/// checkout and run from another, sharing a target folder, must read the files of the other).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("run this through cargo, which sets CARGO_MANIFEST_DIR"))
}
