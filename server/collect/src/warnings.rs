//! Partial failures as warnings: one line per SDK error, and the same failure of many
//! functions of a region merged into one.

use std::collections::BTreeMap;

use aws_sdk_lambda::config::http::HttpResponse;
use berth_engine::snapshot::CollectionWarning;

/// One line for a warning from an SDK error: the service's code and message when it sent them,
/// the HTTP status when it sent something else (an endpoint that lacks the call), else the whole
/// error chain; at most 300 characters.
pub(crate) fn describe<E>(error: &aws_sdk_lambda::error::SdkError<E, HttpResponse>) -> String
where
    E: aws_sdk_lambda::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_lambda::error::SdkError;
    let text = match error {
        SdkError::ServiceError(service) => match service.err().code() {
            Some(code) => format!(
                "{code}: {}",
                service.err().message().unwrap_or("(no message)")
            ),
            None => format!(
                "HTTP {} without an AWS error in the body (does the endpoint implement this call?)",
                service.raw().status().as_u16()
            ),
        },
        other => aws_sdk_lambda::error::DisplayErrorContext(other).to_string(),
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Warnings that say the same thing about many functions of a region become one.
pub(crate) fn merge_warnings(
    region: &str,
    failures: Vec<(String, String, String)>,
) -> Vec<CollectionWarning> {
    // (operation, message) -> function names
    let mut grouped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (function, operation, message) in failures {
        grouped
            .entry((operation, message))
            .or_default()
            .push(function);
    }
    grouped
        .into_iter()
        .map(|((operation, message), functions)| {
            if let [function] = functions.as_slice() {
                CollectionWarning {
                    scope: format!("{region}/{function}"),
                    message: format!("{operation} failed: {message}"),
                }
            } else {
                let shown = functions.iter().take(5).cloned().collect::<Vec<_>>();
                let more = if functions.len() > 5 { ", …" } else { "" };
                CollectionWarning {
                    scope: region.to_string(),
                    message: format!(
                        "{operation} failed for {} functions ({}{more}): {message}",
                        functions.len(),
                        shown.join(", ")
                    ),
                }
            }
        })
        .collect()
}
