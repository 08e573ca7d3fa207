//! The whole conversation: takes a [`Client`] and the flow's inputs ([`FlowConfig`]), gives the
//! typed answer of every step ([`FlowReport`]) or why the flow stopped ([`FlowError`]).
//!
//! [`run_flow`] is a driver: each step (one request and the checks on its answer) is a method of
//! the private `Steps`, which holds what every step uses (the client, the inputs, the log); a
//! step gives what later steps need (the pool id, the client id, the access token) and the
//! driver passes it on. The steps up to the confirmed sign-up are in `sign_up.rs`, the sign-in
//! and those after it in `sign_in.rs`.

use std::fmt;

use generated::cognito_idp as idp;
use generated::runtime::ValidationError;

use crate::client::Client;
use crate::errors::ApiError;

mod sign_in;
mod sign_up;

/// Every operation [`run_flow`] sends, in order of first use.
pub const FLOW_OPERATIONS: &[&str] = &[
    "CreateUserPool",
    "CreateUserPoolClient",
    "SignUp",
    "ResendConfirmationCode",
    "AdminConfirmSignUp",
    "InitiateAuth",
    "GetUser",
    "AdminGetUser",
    "ListUsers",
    "AdminCreateUser",
    "DeleteUserPool",
];

/// The inputs of the flow.
#[derive(Debug, Clone)]
pub struct FlowConfig {
    /// The pool's name.
    pub pool_name: String,
    /// The app client's name.
    pub client_name: String,
    /// The user who signs up.
    pub username: String,
    /// Their password (meets the pool's policy).
    pub password: String,
    /// Their email address.
    pub email: String,
    /// The user the administrator creates.
    pub admin_created_username: String,
    /// That user's temporary password.
    pub temporary_password: String,
    /// That user's email address.
    pub admin_created_email: String,
}

impl Default for FlowConfig {
    fn default() -> Self {
        Self {
            pool_name: String::from("e2e-pool"),
            client_name: String::from("e2e-client"),
            username: String::from("jane"),
            password: String::from("Corr3ct-Horse"),
            email: String::from("jane@example.com"),
            admin_created_username: String::from("bob"),
            temporary_password: String::from("Temp0rary!"),
            admin_created_email: String::from("bob@example.com"),
        }
    }
}

/// The typed answers of a flow that went through.
#[derive(Debug)]
pub struct FlowReport {
    /// The created pool.
    pub create_user_pool: idp::CreateUserPoolResponse,
    /// The created app client.
    pub create_user_pool_client: idp::CreateUserPoolClientResponse,
    /// The sign-up.
    pub sign_up: idp::SignUpResponse,
    /// The second sign-up of the same user, as the typed error.
    pub duplicate_sign_up: idp::UsernameExistsException,
    /// `None` when the server does not implement `ResendConfirmationCode` (moto answers HTTP 500
    /// with an HTML page: it raises `NotImplementedError` for it).
    pub resend_confirmation_code: Option<idp::ResendConfirmationCodeResponse>,
    /// The administrator's confirmation.
    pub admin_confirm_sign_up: idp::AdminConfirmSignUpResponse,
    /// The sign-in.
    pub initiate_auth: idp::InitiateAuthResponse,
    /// The user's own profile.
    pub get_user: idp::GetUserResponse,
    /// The user, seen by an administrator.
    pub admin_get_user: idp::AdminGetUserResponse,
    /// The users found by email.
    pub list_users: idp::ListUsersResponse,
    /// The user created by an administrator.
    pub admin_create_user: idp::AdminCreateUserResponse,
    /// The raw body of `DeleteUserPool` (empty or `{}`: the operation has no output shape).
    pub delete_user_pool: String,
}

/// Why the flow stopped.
#[derive(Debug)]
pub enum FlowError {
    /// A call failed.
    Api(ApiError),
    /// An input broke a rule of its generated type.
    Invalid {
        /// The operation whose request was being built.
        operation: &'static str,
        /// The rule that failed.
        error: ValidationError,
    },
    /// The server answered, but not what the flow expects.
    Unexpected {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::Invalid { operation, error } => {
                write!(f, "{operation}: the request breaks a rule: {error}")
            }
            Self::Unexpected { operation, message } => write!(f, "{operation}: {message}"),
        }
    }
}

impl std::error::Error for FlowError {}

impl From<ApiError> for FlowError {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

fn check(
    operation: &'static str,
    ok: bool,
    message: impl FnOnce() -> String,
) -> Result<(), FlowError> {
    if ok {
        Ok(())
    } else {
        Err(FlowError::Unexpected {
            operation,
            message: message(),
        })
    }
}

fn built<T>(operation: &'static str, request: Result<T, ValidationError>) -> Result<T, FlowError> {
    request.map_err(|error| FlowError::Invalid { operation, error })
}

fn attribute_value<'a>(
    attributes: Option<&'a idp::AttributeListType>,
    name: &str,
) -> Option<&'a str> {
    attributes?
        .iter()
        .find(|a| a.name.as_str() == name)
        .and_then(|a| a.value.as_ref())
        .map(|v| v.as_str())
}

/// What every step of [`run_flow`] uses: the client, the flow's inputs and the log.
struct Steps<'a> {
    client: &'a Client,
    config: &'a FlowConfig,
    log: &'a mut dyn FnMut(&str, &str),
}

impl Steps<'_> {
    fn log(&mut self, operation: &str, what: &str) {
        (self.log)(operation, what);
    }
}

/// Runs the whole conversation against `client`, calling `log(operation, what happened)` after
/// each step, and checks each answer: CreateUserPool → CreateUserPoolClient → SignUp → SignUp
/// again (must fail with `UsernameExistsException`) → ResendConfirmationCode →
/// AdminConfirmSignUp → InitiateAuth → GetUser → AdminGetUser → ListUsers → AdminCreateUser →
/// DeleteUserPool.
pub fn run_flow(
    client: &Client,
    config: &FlowConfig,
    log: &mut dyn FnMut(&str, &str),
) -> Result<FlowReport, FlowError> {
    let mut steps = Steps {
        client,
        config,
        log,
    };
    let (create_user_pool, pool_id) = steps.create_user_pool()?;
    let (create_user_pool_client, client_id) = steps.create_user_pool_client(&pool_id)?;
    let (sign_up, sign_up_request) = steps.sign_up(&client_id)?;
    let duplicate_sign_up = steps.sign_up_again(&sign_up_request)?;
    let resend_confirmation_code = steps.resend_confirmation_code(&client_id)?;
    let admin_confirm_sign_up = steps.admin_confirm_sign_up(&pool_id)?;
    let (initiate_auth, access_token) = steps.initiate_auth(&client_id)?;
    let get_user = steps.get_user(&access_token)?;
    let admin_get_user = steps.admin_get_user(&pool_id)?;
    let list_users = steps.list_users(&pool_id)?;
    let admin_create_user = steps.admin_create_user(&pool_id)?;
    let delete_user_pool = steps.delete_user_pool(&pool_id)?;

    Ok(FlowReport {
        create_user_pool,
        create_user_pool_client,
        sign_up,
        duplicate_sign_up,
        resend_confirmation_code,
        admin_confirm_sign_up,
        initiate_auth,
        get_user,
        admin_get_user,
        list_users,
        admin_create_user,
        delete_user_pool,
    })
}

fn required<T>(operation: &'static str, what: &str, value: Option<T>) -> Result<T, FlowError> {
    value.ok_or_else(|| FlowError::Unexpected {
        operation,
        message: format!("no {what} in the response"),
    })
}

fn show(value: Option<&str>) -> &str {
    value.unwrap_or("-")
}

fn attribute_names(attributes: &idp::AttributeListType) -> String {
    attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
