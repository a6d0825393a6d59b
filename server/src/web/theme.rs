//! `GET /theme?set=light|dark|system&back=/path`: remembers the theme in a cookie and goes back.
//! A cookie (not local storage) so the server renders the right colours on the first paint.

use axum::extract::Query;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use berth_app::ui::{THEMES, THEME_COOKIE};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ThemeQuery {
    set: String,
    #[serde(default)]
    back: Option<String>,
}

pub async fn set_theme(Query(query): Query<ThemeQuery>) -> Response {
    if !THEMES.contains(&query.set.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            format!(
                "unknown theme {:?}: use one of {}",
                query.set,
                THEMES.join(", ")
            ),
        )
            .into_response();
    }
    // Only a path on this site: never an open redirect to another origin.
    let back = query
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (
                header::SET_COOKIE,
                format!(
                    "{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                    query.set
                ),
            ),
        ],
    )
        .into_response()
}
