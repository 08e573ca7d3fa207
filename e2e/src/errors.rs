//! The errors of one call: takes an error answer (its HTTP status, the `X-Amzn-ErrorType`
//! header and the body), gives an [`ApiError`], with the exception it names read into its
//! generated type ([`ServiceError`]).

use std::fmt;

use generated::cognito_idp as idp;
use generated::runtime::{Document, ReadError, from_json_str};

/// What went wrong with one call.
#[derive(Debug)]
pub enum ApiError {
    /// The request did not get an answer (connection refused, timeout, …).
    Transport {
        /// The operation.
        operation: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The server answered with an awsJson error: the exception it named, read into its
    /// generated type.
    Service {
        /// The operation.
        operation: String,
        /// The HTTP status (400 for client errors).
        status: u16,
        /// The typed exception.
        error: ServiceError,
    },
    /// The server answered with a status that is not 2xx and no awsJson error, or with an
    /// unexpected body.
    Status {
        /// The operation.
        operation: String,
        /// The HTTP status.
        status: u16,
        /// The body as received.
        body: String,
        /// Why it is an error.
        note: &'static str,
    },
    /// A body could not be read into its generated type.
    Read {
        /// The operation.
        operation: String,
        /// What was being read (`the response`, or `the error UsernameExistsException`).
        what: String,
        /// The body as received.
        body: String,
        /// The located reading error.
        error: ReadError,
    },
}

impl ApiError {
    pub(crate) fn from_error_response(
        operation: &str,
        status: u16,
        header: Option<&str>,
        body: String,
    ) -> Self {
        let json = from_json_str::<Document>(&body).ok();
        // awsJson 1.1: the `X-Amzn-ErrorType` header, else `code`, else `__type` in the body.
        let code = header.map(str::to_owned).or_else(|| {
            let object = json.as_ref()?.as_object()?;
            ["code", "__type"]
                .iter()
                .find_map(|key| object.get(*key)?.as_str().map(str::to_owned))
        });
        let Some(code) = code else {
            return Self::Status {
                operation: operation.to_owned(),
                status,
                body,
                note: "not an awsJson error (no `__type`)",
            };
        };
        let code = sanitize_error_code(&code);
        match ServiceError::read(code, &body) {
            Ok(error) => Self::Service {
                operation: operation.to_owned(),
                status,
                error,
            },
            Err(error) => Self::Read {
                operation: operation.to_owned(),
                what: format!("the error {code}"),
                body,
                error,
            },
        }
    }

    /// The typed exception, when the server named one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport { operation, message } => {
                write!(f, "{operation}: no answer: {message}")
            }
            Self::Service {
                operation,
                status,
                error,
            } => write!(f, "{operation}: HTTP {status}: {error}"),
            Self::Status {
                operation,
                status,
                body,
                note,
            } => write!(f, "{operation}: HTTP {status}, {note}: {}", shorten(body)),
            Self::Read {
                operation,
                what,
                body,
                error,
            } => write!(
                f,
                "{operation}: {what} does not read into the generated type: {error}; body: {}",
                shorten(body)
            ),
        }
    }
}

impl std::error::Error for ApiError {}

/// The shape name in an error code: `aws.protocoltests#FooError:http://…` → `FooError`.
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code)
}

fn shorten(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

macro_rules! service_errors {
    ($($variant:ident($shape:ident)),* $(,)?) => {
        /// An exception the Cognito API declares, read into its generated type, or one it does
        /// not declare.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ServiceError {
            $(
                #[doc = concat!("`", stringify!($shape), "`.")]
                $variant(idp::$shape),
            )*
            /// An error code that is none of the above, with the body's `message` if any.
            Unknown {
                /// The (sanitized) error code.
                code: String,
                /// The `message` (or `Message`) member of the body.
                message: Option<String>,
            },
        }

        impl ServiceError {
            /// Reads an error `body` as the generated exception type `code` names.
            pub fn read(code: &str, body: &str) -> Result<Self, ReadError> {
                match code {
                    $(stringify!($shape) => from_json_str::<idp::$shape>(body).map(Self::$variant),)*
                    _ => {
                        let json = from_json_str::<Document>(body)?;
                        let message = ["message", "Message"]
                            .iter()
                            .find_map(|key| json.get(*key)?.as_str().map(str::to_owned));
                        Ok(Self::Unknown { code: code.to_owned(), message })
                    }
                }
            }

            /// The error code (the exception's shape name).
            pub fn code(&self) -> &str {
                match self {
                    $(Self::$variant(_) => stringify!($shape),)*
                    Self::Unknown { code, .. } => code,
                }
            }

            /// The exception's message.
            pub fn message(&self) -> Option<&str> {
                match self {
                    $(Self::$variant(e) => e.message.as_ref().map(|m| m.as_str()),)*
                    Self::Unknown { message, .. } => message.as_deref(),
                }
            }
        }
    };
}

service_errors! {
    AliasExists(AliasExistsException),
    CodeDeliveryFailure(CodeDeliveryFailureException),
    CodeMismatch(CodeMismatchException),
    ExpiredCode(ExpiredCodeException),
    FeatureUnavailableInTier(FeatureUnavailableInTierException),
    Forbidden(ForbiddenException),
    InternalError(InternalErrorException),
    InvalidEmailRoleAccessPolicy(InvalidEmailRoleAccessPolicyException),
    InvalidLambdaResponse(InvalidLambdaResponseException),
    InvalidOAuthFlow(InvalidOAuthFlowException),
    InvalidParameter(InvalidParameterException),
    InvalidPassword(InvalidPasswordException),
    InvalidSmsRoleAccessPolicy(InvalidSmsRoleAccessPolicyException),
    InvalidSmsRoleTrustRelationship(InvalidSmsRoleTrustRelationshipException),
    InvalidUserPoolConfiguration(InvalidUserPoolConfigurationException),
    LimitExceeded(LimitExceededException),
    MfaMethodNotFound(MFAMethodNotFoundException),
    NotAuthorized(NotAuthorizedException),
    OperationNotEnabled(OperationNotEnabledException),
    PasswordHistoryPolicyViolation(PasswordHistoryPolicyViolationException),
    PasswordResetRequired(PasswordResetRequiredException),
    PreconditionNotMet(PreconditionNotMetException),
    ResourceNotFound(ResourceNotFoundException),
    ScopeDoesNotExist(ScopeDoesNotExistException),
    SoftwareTokenMfaNotFound(SoftwareTokenMFANotFoundException),
    TierChangeNotAllowed(TierChangeNotAllowedException),
    TooManyFailedAttempts(TooManyFailedAttemptsException),
    TooManyRequests(TooManyRequestsException),
    UnexpectedLambda(UnexpectedLambdaException),
    UnsupportedOperation(UnsupportedOperationException),
    UnsupportedUserState(UnsupportedUserStateException),
    UserImportInProgress(UserImportInProgressException),
    UserLambdaValidation(UserLambdaValidationException),
    UserNotConfirmed(UserNotConfirmedException),
    UserNotFound(UserNotFoundException),
    UserPoolTagging(UserPoolTaggingException),
    UsernameExists(UsernameExistsException),
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(message) => write!(f, "{}: {message}", self.code()),
            None => f.write_str(self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_lose_their_namespace_and_uri() {
        assert_eq!(
            sanitize_error_code("UsernameExistsException"),
            "UsernameExistsException"
        );
        assert_eq!(
            sanitize_error_code("com.amazonaws.cognitoidentityprovider#UsernameExistsException"),
            "UsernameExistsException"
        );
        assert_eq!(
            sanitize_error_code(
                "UsernameExistsException:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "UsernameExistsException"
        );
    }

    #[test]
    fn an_error_body_reads_into_its_generated_exception() {
        let body = r#"{"__type": "com.amazonaws.cognitoidentityprovider#UsernameExistsException", "message": "User already exists"}"#;
        let error = ApiError::from_error_response("SignUp", 400, None, body.to_owned());
        let ApiError::Service {
            status: 400,
            error: ServiceError::UsernameExists(e),
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(
            e.message.as_ref().map(|m| m.as_str()),
            Some("User already exists")
        );
        assert_eq!(
            error.to_string(),
            "SignUp: HTTP 400: UsernameExistsException: User already exists"
        );
    }

    #[test]
    fn the_error_type_header_wins_and_unknown_codes_keep_their_message() {
        let body = r#"{"__type": "Ignored", "Message": "slow down"}"#;
        let error = ApiError::from_error_response(
            "SignUp",
            429,
            Some("ThrottlingException:http://x/"),
            body.to_owned(),
        );
        let Some(ServiceError::Unknown { code, message }) = error.service_error() else {
            panic!("{error:?}")
        };
        assert_eq!(
            (code.as_str(), message.as_deref()),
            ("ThrottlingException", Some("slow down"))
        );
    }

    #[test]
    fn a_body_without_an_error_type_is_a_status_error() {
        let error = ApiError::from_error_response(
            "ResendConfirmationCode",
            500,
            None,
            String::from("<html>boom</html>"),
        );
        assert!(
            matches!(error, ApiError::Status { status: 500, .. }),
            "{error:?}"
        );
    }
}
