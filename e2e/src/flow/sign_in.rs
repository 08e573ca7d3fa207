//! The sign-in and the steps of [`run_flow`](super::run_flow) after it, one method of [`Steps`]
//! each: InitiateAuth → GetUser → AdminGetUser → ListUsers → AdminCreateUser → DeleteUserPool.
//! Each takes what earlier steps gave (the client id, the access token, the pool id), sends one
//! request, checks its answer, logs what happened, and gives the typed answer (with what later
//! steps need) or the [`FlowError`] that stops the flow.

use generated::cognito_idp as idp;

use super::{FlowError, Steps, attribute_names, attribute_value, built, check, required, show};
use crate::requests;

impl Steps<'_> {
    /// InitiateAuth: the sign-in and its access token.
    pub(super) fn initiate_auth(
        &mut self,
        client_id: &idp::ClientIdType,
    ) -> Result<(idp::InitiateAuthResponse, idp::TokenModelType), FlowError> {
        const AUTH: &str = "InitiateAuth";
        let config = self.config;
        let request = built(
            AUTH,
            requests::initiate_auth(client_id, &config.username, &config.password),
        )?;
        let initiate_auth: idp::InitiateAuthResponse = self.client.send(AUTH, &request)?;
        let result = initiate_auth.authentication_result.as_ref();
        let access_token = required(
            AUTH,
            "AuthenticationResult.AccessToken",
            result.and_then(|r| r.access_token.clone()),
        )?;
        self.log(
            AUTH,
            &format!(
                "signed in: {} access token expiring in {} s, ID token {}, refresh token {}",
                show(
                    result
                        .and_then(|r| r.token_type.as_ref())
                        .map(|t| t.as_str())
                ),
                result.and_then(|r| r.expires_in).map_or(0, |n| n.get()),
                if result.is_some_and(|r| r.id_token.is_some()) {
                    "yes"
                } else {
                    "no"
                },
                if result.is_some_and(|r| r.refresh_token.is_some()) {
                    "yes"
                } else {
                    "no"
                },
            ),
        );
        Ok((initiate_auth, access_token))
    }

    /// GetUser: the signed-in user's own profile.
    pub(super) fn get_user(
        &mut self,
        access_token: &idp::TokenModelType,
    ) -> Result<idp::GetUserResponse, FlowError> {
        const GET_USER: &str = "GetUser";
        let config = self.config;
        let get_user: idp::GetUserResponse = self
            .client
            .send(GET_USER, &requests::get_user(access_token))?;
        check(
            GET_USER,
            get_user.username.as_str() == config.username,
            || String::from("Username is not the signed-in user"),
        )?;
        let email = attribute_value(Some(&get_user.user_attributes), "email");
        check(GET_USER, email == Some(config.email.as_str()), || {
            format!("email is {email:?}")
        })?;
        self.log(
            GET_USER,
            &format!("attributes {}", attribute_names(&get_user.user_attributes)),
        );
        Ok(get_user)
    }

    /// AdminGetUser: the user, seen by an administrator.
    pub(super) fn admin_get_user(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<idp::AdminGetUserResponse, FlowError> {
        const ADMIN_GET: &str = "AdminGetUser";
        let request = built(
            ADMIN_GET,
            requests::admin_get_user(pool_id, &self.config.username),
        )?;
        let admin_get_user: idp::AdminGetUserResponse = self.client.send(ADMIN_GET, &request)?;
        check(
            ADMIN_GET,
            admin_get_user.user_status == Some(idp::UserStatusType::Confirmed),
            || {
                format!(
                    "UserStatus is {:?}, not CONFIRMED",
                    admin_get_user.user_status
                )
            },
        )?;
        self.log(
            ADMIN_GET,
            &format!(
                "status {}, enabled {}, created at {} (epoch seconds)",
                show(admin_get_user.user_status.as_ref().map(|s| s.as_str())),
                admin_get_user.enabled.is_some_and(|b| b.get()),
                admin_get_user
                    .user_create_date
                    .map_or(0, |d| d.get().epoch_seconds()),
            ),
        );
        Ok(admin_get_user)
    }

    /// ListUsers: the users found by email, which must be exactly the one signed up.
    pub(super) fn list_users(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<idp::ListUsersResponse, FlowError> {
        const LIST: &str = "ListUsers";
        let config = self.config;
        let request = built(LIST, requests::list_users(pool_id, &config.email))?;
        let list_users: idp::ListUsersResponse = self.client.send(LIST, &request)?;
        let found: Vec<&str> = list_users
            .users
            .iter()
            .flatten()
            .filter_map(|u| u.username.as_ref().map(|n| n.as_str()))
            .collect();
        check(LIST, found == [config.username.as_str()], || {
            format!(
                "the filter found {} users, not exactly the one signed up",
                found.len()
            )
        })?;
        self.log(
            LIST,
            &format!(
                "{} user with {}",
                found.len(),
                request.filter.as_ref().map_or("", |f| f.as_str())
            ),
        );
        Ok(list_users)
    }

    /// AdminCreateUser: the user created by an administrator.
    pub(super) fn admin_create_user(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<idp::AdminCreateUserResponse, FlowError> {
        const ADMIN_CREATE: &str = "AdminCreateUser";
        let config = self.config;
        let request = built(
            ADMIN_CREATE,
            requests::admin_create_user(
                pool_id,
                &config.admin_created_username,
                &config.temporary_password,
                &config.admin_created_email,
            ),
        )?;
        let admin_create_user: idp::AdminCreateUserResponse =
            self.client.send(ADMIN_CREATE, &request)?;
        let user = admin_create_user.user.as_ref();
        let status = user.and_then(|u| u.user_status.as_ref());
        check(
            ADMIN_CREATE,
            status == Some(&idp::UserStatusType::ForceChangePassword),
            || format!("UserStatus is {status:?}, not FORCE_CHANGE_PASSWORD"),
        )?;
        let attributes = user.and_then(|u| u.attributes.as_ref());
        check(
            ADMIN_CREATE,
            attribute_value(attributes, "email") == Some(config.admin_created_email.as_str()),
            || String::from("the created user does not have the email it was given"),
        )?;
        self.log(
            ADMIN_CREATE,
            &format!(
                "status {}, attributes {}",
                show(status.map(|s| s.as_str())),
                attributes.map_or_else(String::new, attribute_names),
            ),
        );
        Ok(admin_create_user)
    }

    /// DeleteUserPool: the raw body of the answer (the operation has no output shape).
    pub(super) fn delete_user_pool(
        &mut self,
        pool_id: &idp::UserPoolIdType,
    ) -> Result<String, FlowError> {
        const DELETE: &str = "DeleteUserPool";
        let delete_user_pool = self
            .client
            .send_without_output(DELETE, &requests::delete_user_pool(pool_id))?;
        self.log(DELETE, &format!("deleted (body {delete_user_pool:?})"));
        Ok(delete_user_pool)
    }
}
