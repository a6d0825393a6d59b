//! Server functions of the function detail and assumptions pages (their data types are in
//! [`crate::views::function`]).

use leptos::prelude::*;

use crate::views::function::{AssumptionSet, Draft, FunctionDetail, PreviewData};

/// One function of the newest snapshot; `None` when the snapshot has no such function (or there
/// is no snapshot).
#[server(prefix = "/api", endpoint = "function")]
pub async fn get_function(
    region: String,
    name: String,
) -> Result<Option<FunctionDetail>, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(move |backend| backend.function_detail(&region, &name))
        .await
        .map_err(|e| e.into_server_fn_error("loading the function"))
}

/// The preview of `function` (`region/name`; empty: the biggest spender).
#[server(prefix = "/api", endpoint = "preview")]
pub async fn get_preview(function: String) -> Result<PreviewData, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(move |backend| {
        let functions = backend.preview_functions(PREVIEW_FUNCTIONS)?;
        let chosen = match function.split_once('/') {
            Some((region, name)) => Some((region.to_string(), name.to_string())),
            None => functions.first().cloned(),
        };
        let detail = match chosen {
            Some((region, name)) => backend.function_detail(&region, &name)?,
            None => None,
        };
        Ok(PreviewData { functions, detail })
    })
    .await
    .map_err(|e| e.into_server_fn_error("loading the preview"))
}

/// How many functions the assumptions page offers to preview.
pub const PREVIEW_FUNCTIONS: usize = 50;

/// The saved assumptions and price overrides (the defaults when none were saved).
#[server(prefix = "/api", endpoint = "assumptions")]
pub async fn get_assumptions() -> Result<AssumptionSet, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(|backend| backend.saved_assumptions())
        .await
        .map_err(|e| e.into_server_fn_error("loading the assumptions"))
}

/// Checks and saves a draft; the server's analyses use it from then on. A refused draft stores
/// nothing and names every field at fault (`field: problem`, one per line).
#[server(prefix = "/api", endpoint = "save_assumptions", input = leptos::server_fn::codec::Json)]
pub async fn save_assumptions(draft: Draft) -> Result<AssumptionSet, ServerFnError> {
    use crate::backend::with_backend;
    let set = draft.parse().map_err(|errors| {
        ServerFnError::new(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    with_backend(move |backend| backend.save_assumptions(set))
        .await
        .map_err(|e| e.into_server_fn_error("saving the assumptions"))
}

/// Forgets the saved set: the defaults and the built-in prices apply again.
#[server(prefix = "/api", endpoint = "reset_assumptions")]
pub async fn reset_assumptions() -> Result<AssumptionSet, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(|backend| backend.reset_assumptions())
        .await
        .map_err(|e| e.into_server_fn_error("resetting the assumptions"))
}
