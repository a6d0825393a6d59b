//! `GET /login` (one field), `POST /login` (form field `token`, optional `next`) and
//! `POST /logout`. A plain HTML page, so signing in needs no JavaScript.

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use maud::html;
use serde::Deserialize;
use std::net::SocketAddr;

use super::guard::{over_https, too_many, SESSION_COOKIE};
use super::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: Option<String>,
}

/// Where to go after signing in: a path of this site only (never `//host` or a URL).
fn local_target(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.starts_with("/login")
                && !next.chars().any(char::is_control) =>
        {
            next.to_string()
        }
        _ => "/".to_string(),
    }
}

fn page(status: StatusCode, next: &str, message: Option<&str>) -> Response {
    let body = html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Sign in · Berth" }
                link rel="stylesheet" href="/pkg/berth.css";
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
            }
            body {
                main class="login" {
                    section class="card" {
                        h1 { "Sign in to Berth" }
                        @if let Some(message) = message {
                            p class="error" role="alert" id="login-error" { (message) }
                        }
                        form method="post" action="/login" class="stacked" {
                            label for="token" { "Access token" }
                            input type="password" id="token" name="token" required autocomplete="current-password" autofocus;
                            input type="hidden" name="next" value=(next);
                            button type="submit" { "Sign in" }
                        }
                        p class="subtle" {
                            "Tokens come from whoever runs this server (" code { "berth auth add" } ")."
                        }
                    }
                }
            }
        }
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into_string(),
    )
        .into_response()
}

pub async fn login_page(
    State(state): State<AppState>,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = local_target(query.next.as_deref());
    if state.security.auth.is_none() {
        return Redirect::to(&next).into_response();
    }
    page(StatusCode::OK, &next, None)
}

pub async fn login(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = local_target(form.next.as_deref());
    let Some(auth) = state.security.auth.clone() else {
        return Redirect::to(&next).into_response();
    };
    let client = connect.map_or(std::net::Ipv4Addr::LOCALHOST.into(), |c| c.0 .0.ip());
    if let Err(wait) = auth.may_try(client) {
        let mut response = too_many(wait);
        let page = page(
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            Some(&format!(
                "Too many failed sign-ins from this address; try again in {wait} s."
            )),
        );
        *response.body_mut() = page.into_body();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return response;
    }
    let token = form.token;
    let started = tokio::task::spawn_blocking(move || auth.start_session(&token)).await;
    let Ok(Some((session, principal))) = started else {
        state
            .security
            .auth
            .as_ref()
            .expect("checked above")
            .failed(client, "sign-in form");
        return page(
            StatusCode::UNAUTHORIZED,
            &next,
            Some("That token is not valid."),
        );
    };
    tracing::info!(
        who = principal.name,
        role = principal.role.as_str(),
        "signed in"
    );
    let lifetime = state
        .security
        .auth
        .as_ref()
        .map_or(0, |a| a.session_lifetime().as_secs());
    let secure = if state.security.secure_cookies || over_https(&headers) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={lifetime}{secure}"
    );
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub async fn logout(
    State(state): State<AppState>,
    session: Option<Extension<berth_app::views::SessionView>>,
    headers: HeaderMap,
) -> Response {
    if let (Some(auth), Some(id)) = (
        &state.security.auth,
        super::guard::cookie(&headers, SESSION_COOKIE),
    ) {
        auth.end_session(id);
        if let Some(Extension(session)) = session {
            tracing::info!(who = session.name.as_deref().unwrap_or("-"), "signed out");
        }
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        ))
        .expect("ascii"),
    );
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn sign_in_only_returns_to_this_site() {
        let target = |next: &str| super::local_target(Some(next));
        assert_eq!(target("/functions?verdict=move"), "/functions?verdict=move");
        assert_eq!(target("//evil.example/"), "/");
        assert_eq!(target("/\\evil.example"), "/");
        assert_eq!(target("https://evil.example/"), "/");
        assert_eq!(target("/login?next=/"), "/");
        assert_eq!(target("/a\r\nSet-Cookie: x"), "/");
        assert_eq!(super::local_target(None), "/");
    }
}
