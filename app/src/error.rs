//! The one error type that crosses the wire: server functions return it, the JSON API answers
//! with it, and pages take their HTTP status from it.
//!
//! A bad argument is a 400 with a message for the caller, a missing thing a 404, and an internal
//! failure a 500 whose detail is logged on the server and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong (400); the message says how.
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// Something failed on the server (500); the detail is in the server's log only.
    #[error("something went wrong on the server; please try again")]
    Internal,
    /// The browser could not reach the server or read its answer (no HTTP status of its own).
    #[error("the server could not be reached; check your connection and try again")]
    Unreachable,
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::NotFound(_) => 404,
            AppError::Internal => 500,
            AppError::Unreachable => 503,
        }
    }

    /// Logs `error` with its whole chain of sources and returns [`AppError::Internal`], so the
    /// detail reaches the operator and never the caller.
    pub fn internal(context: &str, error: &(dyn std::error::Error + 'static)) -> AppError {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(e) = source {
            chain.push_str(": ");
            chain.push_str(&e.to_string());
            source = e.source();
        }
        #[cfg(feature = "ssr")]
        tracing::error!("{context}: {chain}");
        #[cfg(not(feature = "ssr"))]
        leptos::logging::error!("{context}: {chain}");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The arguments did not decode: a repeated or malformed query parameter.
            ServerFnErrorErr::Args(m) => AppError::BadRequest(format!("the request's arguments are not valid ({m})")),
            ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(format!("the request lacks the argument `{m}`")),
            // Raised in the browser: the call never got a readable answer.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) | ServerFnErrorErr::Response(_) => {
                AppError::Unreachable
            }
            other => AppError::internal("server function", &other),
        }
    }
}

/// The JSON API answers `{"error": "…"}` with the error's status.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status =
            axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            axum::Json(ErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response()
    }
}

/// The body of a JSON API error.
#[cfg(feature = "ssr")]
#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_status() {
        assert_eq!(AppError::BadRequest("x".into()).status(), 400);
        assert_eq!(AppError::NotFound("x".into()).status(), 404);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn undecodable_arguments_are_the_callers_mistake() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("invalid digit".into()));
        assert_eq!(e.status(), 400, "{e:?}");
        let e = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("q".into()));
        assert_eq!(e, AppError::BadRequest("the request lacks the argument `q`".into()));
    }

    #[test]
    fn internal_failures_never_carry_their_detail() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("secret path /srv/x".into()));
        assert_eq!(e, AppError::Internal);
        assert!(!serde_json::to_string(&e).expect("json").contains("secret"));
    }
}
