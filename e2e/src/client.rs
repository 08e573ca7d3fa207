//! HTTP to the server: takes an endpoint URL and request bodies (or generated request values),
//! gives the response bodies, read into generated response types, or an [`ApiError`].
//!
//! Every request is `POST /` with the awsJson 1.1 headers ([`CONTENT_TYPE`], and [`target`] of
//! the operation as `X-Amz-Target`).

use std::time::Duration;

use generated::runtime::{Document, FromJson, ToValue, from_json_str};

use crate::errors::ApiError;

/// The `Content-Type` of every request.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The prefix of `X-Amz-Target`, before `.` and the operation name.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService";

/// The `X-Amz-Target` header of `operation`.
pub fn target(operation: &str) -> String {
    format!("{TARGET_PREFIX}.{operation}")
}

/// A blocking awsJson 1.1 client for one endpoint.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    url: String,
}

impl Client {
    /// A client for the server at `endpoint` (e.g. `http://127.0.0.1:5000`); requests go to
    /// `POST /` there.
    pub fn new(endpoint: &str) -> Self {
        let config = ureq::Agent::config_builder()
            // Error statuses are answers too: their bodies name the exception.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        Self {
            agent: config.into(),
            url: format!("{}/", endpoint.trim_end_matches('/')),
        }
    }

    /// The URL requests are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Posts `body` as `operation` and gives the response body when the status is 2xx.
    ///
    /// An error status gives [`ApiError::Service`] when the body names an exception (its
    /// `__type`, or the `X-Amzn-ErrorType` header), read into the generated exception type, and
    /// [`ApiError::Status`] otherwise.
    pub fn call(&self, operation: &str, body: &str) -> Result<String, ApiError> {
        let transport = |e: ureq::Error| ApiError::Transport {
            operation: operation.to_owned(),
            message: e.to_string(),
        };
        let mut response = self
            .agent
            .post(&self.url)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-Amz-Target", target(operation))
            .send(body)
            .map_err(transport)?;
        let status = response.status().as_u16();
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = response.body_mut().read_to_string().map_err(transport)?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        Err(ApiError::from_error_response(
            operation,
            status,
            error_type.as_deref(),
            text,
        ))
    }

    /// Sends `request` (rendered with `to_value().to_json()`) and reads the response body as `R`.
    pub fn send<Q: ToValue, R: FromJson>(
        &self,
        operation: &str,
        request: &Q,
    ) -> Result<R, ApiError> {
        let body = self.call(operation, &request.to_value().to_json())?;
        from_json_str::<R>(&body).map_err(|error| ApiError::Read {
            operation: operation.to_owned(),
            what: String::from("the response"),
            body,
            error,
        })
    }

    /// Sends `request` for an operation without an output shape: the response body must be empty
    /// or an empty JSON object.
    pub fn send_without_output<Q: ToValue>(
        &self,
        operation: &str,
        request: &Q,
    ) -> Result<String, ApiError> {
        let body = self.call(operation, &request.to_value().to_json())?;
        let empty = body.trim().is_empty()
            || from_json_str::<Document>(&body)
                .is_ok_and(|d| d.as_object().is_some_and(|m| m.is_empty()));
        if empty {
            Ok(body)
        } else {
            Err(ApiError::Status {
                operation: operation.to_owned(),
                status: 200,
                body,
                note: "expected an empty body or `{}` (the operation has no output shape)",
            })
        }
    }
}
