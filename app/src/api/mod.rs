//! Server functions: thin calls into the backend, typed results, no storage or AWS error text
//! reaching the browser. One file per page family.

pub mod function;
pub mod snapshots;

use std::sync::Arc;

use leptos::prelude::*;

use crate::views::{FleetView, FunctionsPageView, OverviewView};

/// The server functions that only read (all are POSTs): a viewer may call them. Every other one
/// changes what is stored and needs an admin, so a new function is closed until it is listed
/// here. Paths as registered (`prefix` + `endpoint`).
pub const READ_ONLY: [&str; 8] = [
    "/api/fleet",
    "/api/overview",
    "/api/functions",
    "/api/function",
    "/api/preview",
    "/api/assumptions",
    "/api/snapshots_view",
    "/api/compare_view",
];

/// Every function of the newest snapshot with its figures (`None` when the store holds no
/// snapshot yet). For scripts; the pages ask for bounded slices below.
#[server(prefix = "/api", endpoint = "fleet")]
pub async fn get_fleet() -> Result<Option<Arc<FleetView>>, ServerFnError> {
    fleet_then("loading the fleet", |fleet| fleet).await
}

/// The fleet overview (headline figures, chart data) of the newest snapshot.
#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview() -> Result<Option<OverviewView>, ServerFnError> {
    fleet_then("loading the overview", |fleet| {
        crate::views::overview(&fleet)
    })
    .await
}

/// One page of the functions table; `query` is the page's URL query string
/// (`verdict=Move&sort=saving&page=2`, see `TableQuery::from_params`).
#[server(prefix = "/api", endpoint = "functions")]
pub async fn get_functions(query: String) -> Result<Option<FunctionsPageView>, ServerFnError> {
    use crate::views::{functions_page, TableQuery};
    let pairs = parse_query(&query);
    let (table, ignored) =
        TableQuery::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    fleet_then("loading the functions", move |fleet| {
        functions_page(&fleet, &table, ignored)
    })
    .await
}

/// `a=1&b=x%20y` → pairs, percent- and plus-decoded; invalid escapes are kept as typed.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

/// The role the server's guard gave this request (viewer when it says nothing: fail closed).
#[cfg(feature = "ssr")]
pub fn request_role() -> crate::views::Role {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::views::SessionView>()
                .map(|s| s.role)
        })
        .unwrap_or(crate::views::Role::Viewer)
}

/// Runs `then` on the newest snapshot's fleet view off the async runtime, with errors turned into
/// messages fit for the browser.
#[cfg(feature = "ssr")]
async fn fleet_then<T: Send + 'static>(
    name: &'static str,
    then: impl FnOnce(Arc<FleetView>) -> T + Send + 'static,
) -> Result<Option<T>, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(move |backend| Ok(backend.fleet_view()?.map(then)))
        .await
        .map_err(|error| error.into_server_fn_error(name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings_decode_escapes_and_plus_and_keep_broken_escapes() {
        assert_eq!(
            super::parse_query("?q=etl+job%2Fnightly&verdict=Move&bad=%zz&x"),
            [
                ("q".to_string(), "etl job/nightly".to_string()),
                ("verdict".into(), "Move".into()),
                ("bad".into(), "%zz".into()),
                ("x".into(), String::new()),
            ]
        );
        assert_eq!(
            super::parse_query("q=caf%C3%A9%"),
            [("q".to_string(), "café%".to_string())]
        );
    }
}
