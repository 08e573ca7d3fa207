//! The steps of [`run_flow`](super::run_flow) up to the confirmed sign-up, one method of
//! [`Steps`] each: CreateUserPool → CreateUserPoolClient → SignUp → SignUp again →
//! ResendConfirmationCode → AdminConfirmSignUp. Each takes what earlier steps gave (the pool id,
//! the client id, the sign-up request), sends one request, checks its answer, logs what
//! happened, and gives the typed answer (with what later steps need) or the [`FlowError`] that
//! stops the flow.

use generated::cognito_idp as idp;

use super::{FlowError, Steps, built, check, required, show};
use crate::errors::{ApiError, ServiceError};
use crate::requests;

impl Steps<'_> {
    /// CreateUserPool: the pool and its id.
    pub(super) fn create_user_pool(
        &mut self,
    ) -> Result<(idp::CreateUserPoolResponse, idp::UserPoolIdType), FlowError> {
        const POOL: &str = "CreateUserPool";
        let request = built(POOL, requests::create_user_pool(&self.config.pool_name))?;
        let create_user_pool: idp::CreateUserPoolResponse = self.client.send(POOL, &request)?;
        let pool = create_user_pool.user_pool.as_ref();
        let pool_id = required(POOL, "UserPool.Id", pool.and_then(|p| p.id.clone()))?;
        let min_length = pool
            .and_then(|p| {
                p.policies
                    .as_ref()?
                    .password_policy
                    .as_ref()?
                    .minimum_length
            })
            .map(|n| n.get());
        check(POOL, min_length == Some(8), || {
            format!("Policies.PasswordPolicy.MinimumLength is {min_length:?}, not 8")
        })?;
        let auto_verified = pool.and_then(|p| p.auto_verified_attributes.as_ref());
        check(
            POOL,
            auto_verified.is_some_and(|a| a.contains(&idp::VerifiedAttributeType::Email)),
            || format!("AutoVerifiedAttributes is {auto_verified:?}, without email"),
        )?;
        let schema_attributes = pool.and_then(|p| p.schema_attributes.as_ref());
        self.log(
            POOL,
            &format!(
                "pool {}, {} schema attributes, password minimum length 8, email verified automatically",
                pool_id.as_str(),
                schema_attributes.map_or(0, |s| s.as_slice().len()),
            ),
        );
        Ok((create_user_pool, pool_id))
    }

    /// CreateUserPoolClient: the app client and its id.
    pub(super) fn create_user_pool_client(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<(idp::CreateUserPoolClientResponse, idp::ClientIdType), FlowError> {
        const CLIENT: &str = "CreateUserPoolClient";
        let request = built(
            CLIENT,
            requests::create_user_pool_client(pool_id, &self.config.client_name),
        )?;
        let create_user_pool_client: idp::CreateUserPoolClientResponse =
            self.client.send(CLIENT, &request)?;
        let app = create_user_pool_client.user_pool_client.as_ref();
        let client_id = required(
            CLIENT,
            "UserPoolClient.ClientId",
            app.and_then(|c| c.client_id.clone()),
        )?;
        let flows: Vec<&str> = app
            .and_then(|c| c.explicit_auth_flows.as_ref())
            .map_or_else(Vec::new, |f| f.iter().map(|x| x.as_str()).collect());
        check(CLIENT, flows.contains(&"ALLOW_USER_PASSWORD_AUTH"), || {
            format!("ExplicitAuthFlows is {flows:?}, without ALLOW_USER_PASSWORD_AUTH")
        })?;
        self.log(
            CLIENT,
            &format!(
                "client {}, auth flows {}",
                show(app.and_then(|c| c.client_name.as_ref()).map(|n| n.as_str())),
                flows.join(", ")
            ),
        );
        Ok((create_user_pool_client, client_id))
    }

    /// SignUp: the sign-up, and its request (which [`Self::sign_up_again`] sends again).
    pub(super) fn sign_up(
        &mut self,
        client_id: &idp::ClientIdType,
    ) -> Result<(idp::SignUpResponse, idp::SignUpRequest), FlowError> {
        const SIGN_UP: &str = "SignUp";
        let config = self.config;
        let request = built(
            SIGN_UP,
            requests::sign_up(client_id, &config.username, &config.password, &config.email),
        )?;
        let sign_up: idp::SignUpResponse = self.client.send(SIGN_UP, &request)?;
        check(SIGN_UP, !sign_up.user_confirmed.get(), || {
            String::from("UserConfirmed is true before any confirmation")
        })?;
        let delivery = sign_up.code_delivery_details.as_ref();
        self.log(
            SIGN_UP,
            &format!(
                "user sub {}, confirmed {}, code sent by {} to {}",
                sign_up.user_sub,
                sign_up.user_confirmed,
                show(
                    delivery
                        .and_then(|d| d.delivery_medium.as_ref())
                        .map(|m| m.as_str())
                ),
                show(
                    delivery
                        .and_then(|d| d.destination.as_ref())
                        .map(|d| d.as_str())
                ),
            ),
        );
        Ok((sign_up, request))
    }

    /// SignUp again with the same `request`: it must fail with `UsernameExistsException`, which
    /// is what it gives.
    pub(super) fn sign_up_again(
        &mut self,
        request: &idp::SignUpRequest,
    ) -> Result<idp::UsernameExistsException, FlowError> {
        const SIGN_UP: &str = "SignUp";
        let duplicate_sign_up = match self.client.send::<_, idp::SignUpResponse>(SIGN_UP, request) {
            Err(ApiError::Service {
                status,
                error: ServiceError::UsernameExists(e),
                ..
            }) => {
                check(SIGN_UP, status == 400, || {
                    format!("the second sign-up failed with HTTP {status}, not 400")
                })?;
                e
            }
            Err(other) => {
                return Err(FlowError::Unexpected {
                    operation: SIGN_UP,
                    message: format!(
                        "the second sign-up should fail with UsernameExistsException, not: {other}"
                    ),
                });
            }
            Ok(_) => {
                return Err(FlowError::Unexpected {
                    operation: SIGN_UP,
                    message: String::from("the second sign-up of the same user succeeded"),
                });
            }
        };
        self.log(
            SIGN_UP,
            &format!(
                "again: HTTP 400 UsernameExistsException, message {:?}",
                show(duplicate_sign_up.message.as_ref().map(|m| m.as_str()))
            ),
        );
        Ok(duplicate_sign_up)
    }

    /// ResendConfirmationCode: its answer, or `None` when the server does not implement it.
    pub(super) fn resend_confirmation_code(
        &mut self,
        client_id: &idp::ClientIdType,
    ) -> Result<Option<idp::ResendConfirmationCodeResponse>, FlowError> {
        const RESEND: &str = "ResendConfirmationCode";
        let request = built(
            RESEND,
            requests::resend_confirmation_code(client_id, &self.config.username),
        )?;
        let resend_confirmation_code = match self
            .client
            .send::<_, idp::ResendConfirmationCodeResponse>(RESEND, &request)
        {
            Ok(response) => {
                let delivery = response.code_delivery_details.as_ref();
                self.log(
                    RESEND,
                    &format!(
                        "code sent by {}",
                        show(
                            delivery
                                .and_then(|d| d.delivery_medium.as_ref())
                                .map(|m| m.as_str())
                        )
                    ),
                );
                Some(response)
            }
            // moto (through 5.2.5) raises `NotImplementedError` for this operation, which its server
            // turns into HTTP 500 with an HTML page and no awsJson error. Only that answer is
            // tolerated; an awsJson error or a response that does not read still fails the flow.
            Err(ApiError::Status {
                status: 500, body, ..
            }) if !body.trim_start().starts_with('{') => {
                self.log(
                    RESEND,
                    "skipped: the server does not implement it (HTTP 500, not an awsJson answer)",
                );
                None
            }
            Err(e) => return Err(e.into()),
        };
        Ok(resend_confirmation_code)
    }

    /// AdminConfirmSignUp: the confirmation.
    pub(super) fn admin_confirm_sign_up(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<idp::AdminConfirmSignUpResponse, FlowError> {
        const CONFIRM: &str = "AdminConfirmSignUp";
        let request = built(
            CONFIRM,
            requests::admin_confirm_sign_up(pool_id, &self.config.username),
        )?;
        let admin_confirm_sign_up: idp::AdminConfirmSignUpResponse =
            self.client.send(CONFIRM, &request)?;
        self.log(CONFIRM, "confirmed");
        Ok(admin_confirm_sign_up)
    }
}
