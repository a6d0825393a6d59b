//! The one gate every request passes: who is asking (bearer token, session cookie, or nobody),
//! whether their role may use the route, whether a state-changing request comes from this
//! origin, and the security headers every response carries. The rules are the tables below.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Redirect, Response};
use berth_app::views::{Role, SessionView};

use super::AppState;
use crate::auth::{same_secret, Auth, Principal};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "berth_session";

/// How the server guards itself, from `berth serve`'s flags.
#[derive(Clone, Default)]
pub struct Security {
    /// `None`: no sign-in (loopback, or `--no-auth`): everyone is admin.
    pub auth: Option<Arc<Auth>>,
    /// Mark the session cookie `Secure` even when the request did not arrive over https.
    pub secure_cookies: bool,
    /// The origin browsers see when a proxy rewrites `Host` (e.g. `https://berth.example`).
    pub public_origin: Option<String>,
}

/// What a route needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Health, sign-in and the static assets the sign-in page uses.
    Public,
    Viewer,
    Admin,
}

/// The role `method path` needs.
pub fn access(method: &Method, path: &str) -> Access {
    let static_asset =
        path.starts_with("/pkg/") || matches!(path, "/echarts.min.js" | "/favicon.svg");
    let safe = matches!(*method, Method::GET | Method::HEAD);
    match path {
        "/healthz" | "/readyz" | "/login" | "/logout" => Access::Public,
        _ if static_asset && safe => Access::Public,
        _ if safe => Access::Viewer,
        _ if *method == Method::POST && berth_app::api::READ_ONLY.contains(&path) => Access::Viewer,
        _ => Access::Admin,
    }
}

/// Whether a request that changes state comes from a page of this origin. Browsers send
/// `Origin` (and `Sec-Fetch-Site`) on every cross-origin POST; a request with neither is a
/// script's or a very old browser's, and then a session-cookie request must carry the CSRF
/// token in its query (`?csrf=`), as the plain-HTML forms do.
pub fn same_origin(headers: &HeaderMap, public_origin: Option<&str>) -> Result<(), &'static str> {
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return Err("the request comes from another site");
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin
        .to_str()
        .map_err(|_| "the Origin header is not text")?;
    if public_origin.is_some_and(|expected| expected.trim_end_matches('/') == origin) {
        return Ok(());
    }
    let origin = url::Url::parse(origin).map_err(|_| "the request comes from another origin")?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| url::Url::parse(&format!("{}://{h}", origin.scheme())).ok())
        .ok_or("the request names no host")?;
    let same_host = origin.host() == host.host() && origin.host().is_some();
    let same_port =
        host.port().is_none() || origin.port_or_known_default() == host.port_or_known_default();
    if same_host && same_port && matches!(origin.scheme(), "http" | "https") && origin.path() == "/"
    {
        Ok(())
    } else {
        Err("the request comes from another origin")
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The client's address for rate limiting (the socket's peer; tests without a socket count as
/// one client).
fn client(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |info| info.0.ip())
}

/// Whether the browser reached us over https (directly or through a TLS-terminating proxy).
pub fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"))
}

pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Wants a page (a browser navigation) rather than data.
fn wants_page(request: &Request) -> bool {
    let path = request.uri().path();
    !path.starts_with("/api/")
        && !path.starts_with("/schema/")
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.contains("text/html"))
}

pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let security = &state.security;
    let https = over_https(request.headers());
    let mut response = match admit(security, &mut request) {
        Ok(()) => next.run(request).await,
        Err(refusal) => *refusal,
    };
    add_security_headers(response.headers_mut(), https);
    response
}

/// Decides the request: `Ok` with the session view in its extensions, or the refusal.
fn admit(security: &Security, request: &mut Request) -> Result<(), Box<Response>> {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let needs = access(&method, &path);
    let state_changing = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing {
        if let Err(reason) = same_origin(request.headers(), security.public_origin.as_deref()) {
            tracing::warn!(%method, path, "refused: {reason}");
            return Err(Box::new(error(
                StatusCode::FORBIDDEN,
                &format!("refused: {reason}"),
            )));
        }
    }
    let Some(auth) = &security.auth else {
        request.extensions_mut().insert(SessionView {
            role: Role::Admin,
            name: None,
            auth: false,
            csrf: String::new(),
        });
        return Ok(());
    };
    let principal = identify(auth, request)?;
    if let Some(principal) = &principal {
        // A cookie is sent by the browser on its own: without Origin or Sec-Fetch-Site to
        // vouch for the request, the form's CSRF token must.
        let by_cookie = principal.session.is_some();
        let vouched = request.headers().contains_key(header::ORIGIN)
            || request.headers().contains_key("sec-fetch-site");
        if state_changing && by_cookie && !vouched {
            let expected = auth.csrf_token(principal.session.as_deref());
            let given = request.uri().query().and_then(|q| query_value(q, "csrf"));
            if !given.is_some_and(|given| same_secret(&given, &expected)) {
                tracing::warn!(%method, path, "refused: no valid CSRF token");
                return Err(Box::new(error(
                    StatusCode::FORBIDDEN,
                    "refused: the form's CSRF token is missing or stale; reload the page",
                )));
            }
        }
        request.extensions_mut().insert(SessionView {
            role: principal.role,
            name: Some(principal.name.clone()),
            auth: true,
            csrf: auth.csrf_token(principal.session.as_deref()),
        });
    }
    match (needs, &principal) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(Box::new(if wants_page(request) {
            let next = request
                .uri()
                .path_and_query()
                .map_or("/".to_string(), |p| p.to_string());
            let query: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("next", &next)
                .finish();
            Redirect::to(&format!("/login?{query}")).into_response()
        } else {
            let mut response = error(
                StatusCode::UNAUTHORIZED,
                "sign in first: send `Authorization: Bearer TOKEN` or sign in at /login",
            );
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        })),
        (Access::Admin, Some(principal)) if principal.role != Role::Admin => {
            tracing::warn!(%method, path, who = principal.name, "refused: needs admin");
            Err(Box::new(error(
                StatusCode::FORBIDDEN,
                &format!(
                    "this needs the admin role; {} is a {}",
                    principal.name,
                    principal.role.as_str()
                ),
            )))
        }
        _ => Ok(()),
    }
}

/// The bearer token's or the session cookie's principal. A wrong bearer token is an error (the
/// script should know); a stale cookie is just anonymous (the browser signs in again).
fn identify(auth: &Auth, request: &Request) -> Result<Option<Principal>, Box<Response>> {
    if let Some(token) = bearer(request.headers()) {
        let client = client(request);
        if let Err(wait) = auth.may_try(client) {
            return Err(Box::new(too_many(wait)));
        }
        return match auth.check_token(token) {
            Some(principal) => Ok(Some(principal)),
            None => {
                auth.failed(client, "bearer token");
                let mut response = error(StatusCode::UNAUTHORIZED, "the bearer token is not valid");
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                Err(Box::new(response))
            }
        };
    }
    Ok(cookie(request.headers(), SESSION_COOKIE).and_then(|id| auth.check_session(id)))
}

pub fn too_many(wait_seconds: u64) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        &format!("too many failed sign-ins from this address; try again in {wait_seconds} s"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait_seconds));
    response
}

/// Security headers for every response. Pages set their own CSP (with the nonce of their
/// hydration script, `berth_app::csp`); everything else gets the nonce-less one.
fn add_security_headers(headers: &mut HeaderMap, https: bool) {
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert_with(|| HeaderValue::from_str(&berth_app::csp::policy(None)).expect("ascii"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_need_the_roles_of_the_table() {
        let check = |method: Method, path: &str, want: Access| {
            assert_eq!(access(&method, path), want, "{method} {path}");
        };
        check(Method::GET, "/healthz", Access::Public);
        check(Method::GET, "/login", Access::Public);
        check(Method::POST, "/login", Access::Public);
        check(Method::GET, "/pkg/berth.wasm", Access::Public);
        check(Method::GET, "/echarts.min.js", Access::Public);
        check(Method::POST, "/pkg/berth.wasm", Access::Admin);
        check(Method::GET, "/", Access::Viewer);
        check(Method::GET, "/reports/1/report.pdf", Access::Viewer);
        check(Method::GET, "/api/snapshots", Access::Viewer);
        check(Method::POST, "/api/functions", Access::Viewer);
        check(Method::POST, "/api/save_assumptions", Access::Admin);
        check(Method::POST, "/api/reset_assumptions", Access::Admin);
        check(Method::POST, "/api/snapshots", Access::Admin);
        check(Method::DELETE, "/api/snapshots/3", Access::Admin);
        check(Method::POST, "/snapshots/3/delete", Access::Admin);
        check(Method::POST, "/api/anything_new", Access::Admin);
        check(Method::PUT, "/", Access::Admin);
    }

    #[test]
    fn every_read_only_server_function_is_registered() {
        // A misspelt entry would leave viewers locked out of a page's data.
        let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .collect();
        for path in berth_app::api::READ_ONLY {
            assert!(registered.contains(&path), "{path} is not registered");
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn only_this_origin_may_change_state() {
        let ok =
            |pairs: &[(&'static str, &'static str)]| same_origin(&headers(pairs), None).is_ok();
        assert!(ok(&[("host", "127.0.0.1:3000")]), "a script: no provenance");
        assert!(ok(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ]));
        assert!(ok(&[
            ("host", "berth.example"),
            ("origin", "https://berth.example")
        ]));
        assert!(ok(&[
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3001")
        ]));
        assert!(!ok(&[("host", "127.0.0.1:3000"), ("origin", "null")]));
        assert!(!ok(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000.evil.example")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "same-site")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000")
        ]));
        assert!(
            !ok(&[("origin", "http://127.0.0.1:3000")]),
            "no Host to compare with"
        );
        let proxied = headers(&[
            ("host", "10.0.0.5:3000"),
            ("origin", "https://berth.example"),
        ]);
        assert!(same_origin(&proxied, Some("https://berth.example/")).is_ok());
        assert!(same_origin(&proxied, None).is_err());
    }

    #[test]
    fn cookies_and_bearer_tokens_are_read_exactly() {
        let map = headers(&[
            ("cookie", "theme=dark; berth_session=abc; x=1"),
            ("authorization", "Bearer  tok "),
        ]);
        assert_eq!(cookie(&map, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&map, "berth"), None);
        assert_eq!(bearer(&map), Some("tok"));
        assert_eq!(bearer(&headers(&[("authorization", "Basic abc")])), None);
    }
}
