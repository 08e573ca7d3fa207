//! The requests of the flow, built from their inputs with the generated constructors and
//! setters only.
//!
//! Each function takes the inputs of one request (names, passwords, the ids earlier answers
//! gave) and gives the generated request value, or the [`ValidationError`] of the input that
//! breaks a rule of its type.

use generated::cognito_idp as idp;
use generated::runtime::ValidationError;

fn attribute(name: &str, value: &str) -> Result<idp::AttributeType, ValidationError> {
    Ok(idp::AttributeType::new(idp::AttributeNameType::new(name)?)
        .with_value(idp::AttributeValueType::new(value)?))
}

/// A pool with a password policy (8 characters, upper and lower case, digits) whose email is
/// verified automatically.
pub fn create_user_pool(pool_name: &str) -> Result<idp::CreateUserPoolRequest, ValidationError> {
    let policy = idp::PasswordPolicyType::new()
        .with_minimum_length(idp::PasswordPolicyMinLengthType::new(8)?)
        .with_require_uppercase(true)
        .with_require_lowercase(true)
        .with_require_numbers(true)
        .with_require_symbols(false)
        .with_temporary_password_validity_days(idp::TemporaryPasswordValidityDaysType::new(7)?);
    Ok(
        idp::CreateUserPoolRequest::new(idp::UserPoolNameType::new(pool_name)?)
            .with_policies(idp::UserPoolPolicyType::new().with_password_policy(policy))
            .with_auto_verified_attributes(vec![idp::VerifiedAttributeType::Email]),
    )
}

/// An app client without a secret that allows sign-in with user name and password.
pub fn create_user_pool_client(
    pool_id: &idp::UserPoolIdType,
    client_name: &str,
) -> Result<idp::CreateUserPoolClientRequest, ValidationError> {
    Ok(idp::CreateUserPoolClientRequest::new(
        pool_id.clone(),
        idp::ClientNameType::new(client_name)?,
    )
    .with_generate_secret(false)
    .with_explicit_auth_flows(vec![
        idp::ExplicitAuthFlowsListTypeItem::AllowUserPasswordAuth,
        idp::ExplicitAuthFlowsListTypeItem::AllowRefreshTokenAuth,
    ]))
}

/// Self-service sign-up with a password and an email address.
pub fn sign_up(
    client_id: &idp::ClientIdType,
    username: &str,
    password: &str,
    email: &str,
) -> Result<idp::SignUpRequest, ValidationError> {
    Ok(
        idp::SignUpRequest::new(client_id.clone(), idp::UsernameType::new(username)?)
            .with_password(idp::PasswordType::new(password)?)
            .with_user_attributes(vec![attribute("email", email)?]),
    )
}

/// Sends the confirmation code again.
pub fn resend_confirmation_code(
    client_id: &idp::ClientIdType,
    username: &str,
) -> Result<idp::ResendConfirmationCodeRequest, ValidationError> {
    Ok(idp::ResendConfirmationCodeRequest::new(
        client_id.clone(),
        idp::UsernameType::new(username)?,
    ))
}

/// Confirms the user as an administrator, with client metadata for the Lambda triggers.
pub fn admin_confirm_sign_up(
    pool_id: &idp::UserPoolIdType,
    username: &str,
) -> Result<idp::AdminConfirmSignUpRequest, ValidationError> {
    let metadata =
        idp::ClientMetadataType::try_from_iter([("source", idp::StringType::new("cognito-e2e")?)])?;
    Ok(
        idp::AdminConfirmSignUpRequest::new(pool_id.clone(), idp::UsernameType::new(username)?)
            .with_client_metadata(metadata),
    )
}

/// Signs in with user name and password (`USER_PASSWORD_AUTH`).
pub fn initiate_auth(
    client_id: &idp::ClientIdType,
    username: &str,
    password: &str,
) -> Result<idp::InitiateAuthRequest, ValidationError> {
    let parameters = idp::AuthParametersType::try_from_iter([
        // Held as secrets from the start: an error that rejects one leaves it out too.
        ("USERNAME", generated::runtime::Secret::try_new(username)?),
        ("PASSWORD", generated::runtime::Secret::try_new(password)?),
    ])?;
    Ok(
        idp::InitiateAuthRequest::new(idp::AuthFlowType::UserPasswordAuth, client_id.clone())
            .with_auth_parameters(parameters),
    )
}

/// The signed-in user's own profile.
pub fn get_user(access_token: &idp::TokenModelType) -> idp::GetUserRequest {
    idp::GetUserRequest::new(access_token.clone())
}

/// A user, as an administrator.
pub fn admin_get_user(
    pool_id: &idp::UserPoolIdType,
    username: &str,
) -> Result<idp::AdminGetUserRequest, ValidationError> {
    Ok(idp::AdminGetUserRequest::new(
        pool_id.clone(),
        idp::UsernameType::new(username)?,
    ))
}

/// The users whose email is `email` (`email = "…"`), at most 10.
pub fn list_users(
    pool_id: &idp::UserPoolIdType,
    email: &str,
) -> Result<idp::ListUsersRequest, ValidationError> {
    Ok(idp::ListUsersRequest::new(pool_id.clone())
        .with_limit(idp::QueryLimitType::new(10)?)
        .with_filter(idp::UserFilterType::new(format!("email = \"{email}\""))?))
}

/// A user created by an administrator with a temporary password, a verified email and no
/// invitation.
pub fn admin_create_user(
    pool_id: &idp::UserPoolIdType,
    username: &str,
    temporary_password: &str,
    email: &str,
) -> Result<idp::AdminCreateUserRequest, ValidationError> {
    Ok(
        idp::AdminCreateUserRequest::new(pool_id.clone(), idp::UsernameType::new(username)?)
            .with_user_attributes(vec![
                attribute("email", email)?,
                attribute("email_verified", "true")?,
            ])
            .with_temporary_password(idp::PasswordType::new(temporary_password)?)
            .with_message_action(idp::MessageActionType::Suppress)
            .with_desired_delivery_mediums(vec![idp::DeliveryMediumType::Email]),
    )
}

/// Deletes the pool.
pub fn delete_user_pool(pool_id: &idp::UserPoolIdType) -> idp::DeleteUserPoolRequest {
    idp::DeleteUserPoolRequest::new(pool_id.clone())
}
