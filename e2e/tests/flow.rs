//! The whole Cognito conversation against a moto server: the one at `MOTO_URL` (`.ci/run` starts
//! one), else one each test starts on a free loopback port when moto is installed and stops when
//! it ends. Without either the tests say they are skipped (on the terminal, past the harness's
//! capture), except under `CI=true`, where they fail.

use cognito_e2e::{ApiError, Client, FlowConfig, ServiceError, requests, run_flow};
use generated::cognito_idp as idp;

#[test]
fn the_cognito_flow_runs_against_moto() {
    let Some(moto) = cognito_e2e::moto::Moto::start_or_skip() else {
        return;
    };
    let url = moto.url.clone();
    let client = Client::new(&url);
    let config = FlowConfig::default();
    let mut log = |operation: &str, what: &str| println!("{operation}: {what}");
    let report = run_flow(&client, &config, &mut log)
        .unwrap_or_else(|e| panic!("the flow against {url} failed: {e}"));

    let pool = report.create_user_pool.user_pool.as_ref().unwrap();
    assert_eq!(
        pool.name.as_ref().map(|n| n.as_str()),
        Some(config.pool_name.as_str())
    );
    assert!(!report.sign_up.user_confirmed.get());
    assert!(!report.sign_up.user_sub.as_str().is_empty());
    assert!(
        report.duplicate_sign_up.message.is_some(),
        "the UsernameExistsException has a message"
    );
    if report.resend_confirmation_code.is_none() {
        println!(
            "note: the server does not implement ResendConfirmationCode; its request was sent and checked against botocore"
        );
    }
    let tokens = report.initiate_auth.authentication_result.as_ref().unwrap();
    assert!(tokens.id_token.is_some() && tokens.refresh_token.is_some());
    assert_eq!(report.get_user.username.as_str(), config.username);
    assert_eq!(report.admin_get_user.username.as_str(), config.username);
    assert_eq!(report.admin_get_user.enabled.map(|b| b.get()), Some(true));
    assert_eq!(report.list_users.users.as_ref().map(Vec::len), Some(1));
    let created = report.admin_create_user.user.as_ref().unwrap();
    assert_eq!(
        created.username.as_ref().map(|n| n.as_str()),
        Some(config.admin_created_username.as_str())
    );
    assert!(matches!(report.delete_user_pool.trim(), "" | "{}"));
}

#[test]
fn an_unknown_pool_is_a_typed_resource_not_found_error() {
    let Some(moto) = cognito_e2e::moto::Moto::start_or_skip() else {
        return;
    };
    let url = moto.url.clone();
    let client = Client::new(&url);
    let pool_id = idp::UserPoolIdType::new("us-east-1_doesnotexist0").unwrap();
    let request = requests::admin_get_user(&pool_id, "nobody").unwrap();
    match client.send::<_, idp::AdminGetUserResponse>("AdminGetUser", &request) {
        Err(ApiError::Service {
            status: 400,
            error: ServiceError::ResourceNotFound(e),
            ..
        }) => println!("ResourceNotFoundException: {:?}", e.message),
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}
