//! A Cognito user-pool conversation driven only by the generated types.
//!
//! Everything sent is built with the constructors and `with_*` setters of
//! [`generated::cognito_idp`] and rendered with `to_value().to_json()`; everything received is
//! read with [`generated::runtime::from_json_str`] into the generated response type, or, for an
//! error, into the generated exception type named by the error's `__type` ([`ServiceError`]).
//! No JSON is written by hand.
//!
//! The protocol is awsJson 1.1: `POST /` with `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. Requests are not signed: the
//! client is meant for a local Cognito-compatible server (moto), which does not check signatures.
//!
//! - [`Client::call`] sends one body and gives the response body or an [`ApiError`];
//! - [`requests`] builds each request of the flow from its inputs (shared by the flow and the
//!   botocore conformance test, so that the conformance test checks exactly what is sent);
//! - [`run_flow`] runs the whole conversation and checks what comes back.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod moto;

/// The README's Rust example, compiled and run by `cargo test` as a doctest.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctest;

mod client;
mod errors;
mod flow;
pub mod requests;

pub use client::{CONTENT_TYPE, Client, TARGET_PREFIX, target};
pub use errors::{ApiError, ServiceError, sanitize_error_code};
pub use flow::{FLOW_OPERATIONS, FlowConfig, FlowError, FlowReport, run_flow};
