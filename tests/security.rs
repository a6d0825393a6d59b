//! The dashboard as someone else on the network would try it: sign-in and roles on every route
//! and server function, cross-origin posts, the endpoint URL trick, a gzip bomb, security
//! headers. A real `berth serve` with an auth file made by `berth auth add`.

use std::path::Path;

use reqwest::{header, Client, Method, StatusCode};

use crate::support::{berth, Server};

/// `berth auth add FILE --role ROLE --name NAME`, returning the printed token.
fn add_token(file: &Path, role: &str, name: &str) -> String {
    let output = berth()
        .args(["auth", "add"])
        .arg(file)
        .args(["--role", role, "--name", name])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("berth_"), "{token}");
    token
}

struct Signed {
    server: Server,
    admin: String,
    viewer: String,
}

fn start_signed() -> Signed {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let admin = add_token(&file, "admin", "alice");
    let viewer = add_token(&file, "viewer", "bob");
    let file = file.to_str().unwrap().to_string();
    let server = Server::start_with(dir, &["--auth-file", &file]);
    Signed {
        server,
        admin,
        viewer,
    }
}

fn http() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[test]
fn auth_commands_add_list_and_remove_and_keep_only_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let admin = add_token(&file, "admin", "alice");
    let viewer = add_token(&file, "viewer", "bob");
    assert_ne!(admin, viewer);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(&admin[15..]) && !text.contains(&viewer[15..]));
    assert!(text.contains("$argon2id$"));
    let list = berth().args(["auth", "list"]).arg(&file).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("alice") && list.contains("admin"), "{list}");
    assert!(list.contains("bob") && list.contains("viewer"), "{list}");
    assert!(!list.contains(&admin[15..]));
    // A taken label and an unknown one are one-line errors that change nothing.
    let taken = berth()
        .args(["auth", "add"])
        .arg(&file)
        .args(["--role", "viewer", "--name", "alice"])
        .output()
        .unwrap();
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("is taken"));
    let remove = |label: &str| {
        berth()
            .args(["auth", "remove"])
            .arg(&file)
            .arg(label)
            .output()
            .unwrap()
    };
    assert!(remove("bob").status.success());
    let missing = remove("bob");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no token is labelled \"bob\""));
    let list = berth().args(["auth", "list"]).arg(&file).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("alice") && !list.contains("bob"), "{list}");
    let bad_role = berth()
        .args(["auth", "add"])
        .arg(&file)
        .args(["--role", "root"])
        .output()
        .unwrap();
    assert!(!bad_role.status.success());
}

#[test]
fn a_network_address_without_sign_in_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = berth()
        .args(["serve", "--addr", "0.0.0.0:0", "--db"])
        .arg(dir.path().join("berth.db"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("without sign-in") && stderr.contains("--auth-file"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("berth.db").exists(),
        "refused before touching the database"
    );
}

/// Every route and server function, with the role it needs. Server functions come from the
/// registry leptos keeps, so a new one cannot be missed.
fn routes() -> Vec<(Method, String, bool)> {
    let mut routes: Vec<(Method, String, bool)> = [
        ("GET", "/", false),
        ("GET", "/functions", false),
        ("GET", "/functions/us-east-1/orders-api-000", false),
        ("GET", "/snapshots", false),
        ("GET", "/assumptions", false),
        ("GET", "/api/snapshots", false),
        ("GET", "/api/compare?a=1&b=1", false),
        ("GET", "/api/collect", false),
        ("GET", "/schema/snapshot-v1.json", false),
        ("GET", "/schema/report-v1.json", false),
        ("GET", "/reports/1/report.csv", false),
        ("GET", "/theme?set=dark", false),
        ("GET", "/no-such-page", false),
        ("POST", "/api/snapshots", true),
        ("DELETE", "/api/snapshots/1", true),
        ("POST", "/api/collect", true),
        ("POST", "/snapshots/import", true),
        ("POST", "/snapshots/1/delete", true),
        ("POST", "/snapshots/collect", true),
    ]
    .into_iter()
    .map(|(m, p, admin)| (m.parse().unwrap(), p.to_string(), admin))
    .collect();
    let server_fns: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(server_fns.len() >= 10, "{server_fns:?}");
    for (path, method) in server_fns {
        let changes = matches!(path, "/api/save_assumptions" | "/api/reset_assumptions");
        routes.push((method.as_str().parse().unwrap(), path.to_string(), changes));
    }
    routes
}

/// GET `url` with a session cookie.
async fn get_with_cookie(http: &Client, url: String, cookie: &str) -> reqwest::Response {
    http.get(url)
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

async fn call(
    http: &Client,
    base: &str,
    method: &Method,
    path: &str,
    token: Option<&str>,
) -> StatusCode {
    let mut request = http.request(method.clone(), format!("{base}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if *method == Method::POST && path.starts_with("/api/") {
        request = request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("");
    }
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn every_route_needs_sign_in_and_state_changes_need_an_admin() {
    let signed = start_signed();
    let base = &signed.server.url;
    let http = http();
    for (method, path, changes) in routes() {
        let anonymous = call(&http, base, &method, &path, None).await;
        assert!(
            anonymous == StatusCode::UNAUTHORIZED || anonymous == StatusCode::SEE_OTHER,
            "anonymous {method} {path}: {anonymous}"
        );
        let viewer = call(&http, base, &method, &path, Some(&signed.viewer)).await;
        if changes {
            assert_eq!(viewer, StatusCode::FORBIDDEN, "viewer {method} {path}");
        } else {
            assert!(
                viewer != StatusCode::UNAUTHORIZED && viewer != StatusCode::FORBIDDEN,
                "viewer {method} {path}: {viewer}"
            );
        }
    }
    // Still there: nothing a viewer or anonymous sent changed anything.
    let list: serde_json::Value = http
        .get(format!("{base}/api/snapshots"))
        .bearer_auth(&signed.admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["snapshots"].as_array().unwrap().len(), 1, "{list}");
    // Open to all: health, the sign-in page, static assets.
    for path in ["/healthz", "/login", "/pkg/berth.css", "/favicon.svg"] {
        let status = call(&http, base, &Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    // A wrong token is refused as such; an admin may do what a viewer may not.
    assert_eq!(
        call(
            &http,
            base,
            &Method::GET,
            "/api/snapshots",
            Some("berth_00000000_00")
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
    let reset = call(
        &http,
        base,
        &Method::POST,
        "/api/reset_assumptions",
        Some(&signed.admin),
    )
    .await;
    assert_eq!(reset, StatusCode::OK);
    let deleted = call(
        &http,
        base,
        &Method::DELETE,
        "/api/snapshots/1",
        Some(&signed.admin),
    )
    .await;
    assert_eq!(deleted, StatusCode::OK);
}

/// Signs in through the form and returns the session cookie (`name=value`).
async fn sign_in(http: &Client, base: &str, token: &str) -> String {
    let response = http
        .post(format!("{base}/login"))
        .header(header::ORIGIN, base)
        .form(&[("token", token), ("next", "/snapshots")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/snapshots");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: {cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn browsers_sign_in_see_their_role_and_sign_out() {
    let signed = start_signed();
    let base = &signed.server.url;
    let http = http();
    // A page asks anonymous visitors to sign in, and comes back after.
    let response = http
        .get(format!("{base}/functions?sort=saving"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/login?next=%2Ffunctions%3Fsort%3Dsaving"
    );
    let login = http
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains(r#"name="token""#), "{login}");
    // A wrong token: 401 and the page says so.
    let wrong = http
        .post(format!("{base}/login"))
        .form(&[("token", "berth_00000000_nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong
        .text()
        .await
        .unwrap()
        .contains("That token is not valid."));

    let viewer = sign_in(&http, base, &signed.viewer).await;
    let page = get_with_cookie(&http, format!("{base}/snapshots"), &viewer)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"data-role="viewer""#) && page.contains("bob"),
        "the role shows"
    );
    assert!(
        !page.contains("import-form") && !page.contains("Delete…"),
        "no admin actions for viewers"
    );
    assert!(page.contains("viewer-note"));

    let admin = sign_in(&http, base, &signed.admin).await;
    let page = get_with_cookie(&http, format!("{base}/snapshots"), &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-role="admin""#) && page.contains("import-form"));
    // The forms carry the session's CSRF token; without Origin a cookie post needs it.
    let csrf = page
        .split("/snapshots/import?csrf=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the import form carries a CSRF token")
        .to_string();
    let no_token = http
        .post(format!("{base}/snapshots/1/delete"))
        .header(header::COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    // Another token of the same shape: the first digit changed (never the same token).
    let first = if csrf.starts_with('0') { '1' } else { '0' };
    let stale = http
        .post(format!(
            "{base}/snapshots/1/delete?csrf={first}{}",
            &csrf[1..]
        ))
        .header(header::COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::FORBIDDEN);
    let list = |cookie: String| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let list: serde_json::Value = http
                .get(format!("{base}/api/snapshots"))
                .header(header::COOKIE, cookie)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            list["snapshots"].as_array().unwrap().len()
        }
    };
    assert_eq!(
        list(admin.clone()).await,
        1,
        "refused posts deleted nothing"
    );

    // Sign out: the cookie is cleared and the session is gone on the server.
    let out = http
        .post(format!("{base}/logout?csrf={csrf}"))
        .header(header::COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(out.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = get_with_cookie(&http, format!("{base}/api/snapshots"), &admin).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);

    // Removing a token signs its sessions out at once.
    assert_eq!(list(viewer.clone()).await, 1);
    let file = signed.server.dir.path().join("auth.json");
    assert!(berth()
        .args(["auth", "remove"])
        .arg(&file)
        .arg("bob")
        .status()
        .unwrap()
        .success());
    let gone = get_with_cookie(&http, format!("{base}/api/snapshots"), &viewer).await;
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failed_sign_ins_are_rate_limited() {
    let signed = start_signed();
    let base = &signed.server.url;
    let http = http();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = http
            .post(format!("{base}/login"))
            .form(&[("token", "berth_12345678_wrong")])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = response.headers()[header::RETRY_AFTER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(wait > 0 && wait <= 300, "{wait}");
        }
    }
    assert_eq!(&statuses[..10], [401; 10]);
    assert_eq!(&statuses[10..], [429; 2]);
    // Even the right token waits now, and bearer tokens are limited the same way.
    let response = http
        .post(format!("{base}/login"))
        .form(&[("token", signed.admin.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let bearer = call(
        &http,
        base,
        &Method::GET,
        "/api/snapshots",
        Some(&signed.admin),
    )
    .await;
    assert_eq!(bearer, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn cross_origin_posts_are_refused_and_change_nothing() {
    // Without sign-in (loopback), the origin is all that stands between another site and the
    // delete button: the attack from the issue.
    let server = Server::start();
    let base = &server.url;
    let http = http();
    for (name, value) in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let response = http
            .post(format!("{base}/snapshots/1/delete"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        let response = http
            .post(format!("{base}/api/reset_assumptions"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let list: serde_json::Value = http
        .get(format!("{base}/api/snapshots"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["snapshots"].as_array().unwrap().len(), 1);
    // The same origin is fine.
    let same = http
        .post(format!("{base}/snapshots/1/delete"))
        .header("origin", base.as_str())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
    assert!(same.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .contains("deleted=1"));
}

#[tokio::test]
async fn a_collection_to_a_host_in_disguise_is_refused() {
    let server = Server::start();
    let http = http();
    for url in [
        "http://127.0.0.1:5000@evil.example/",
        "http://127.0.0.1.evil.example:5000",
        "http://evil.example/@127.0.0.1:5000",
        "http://169.254.169.254",
    ] {
        let response = http
            .post(format!("{}/api/collect", server.url))
            .json(&serde_json::json!({ "regions": ["us-east-1"], "days": 1, "endpoint_url": url }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{url}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("endpoint URL"),
            "{body}"
        );
    }
    let status: serde_json::Value = http
        .get(format!("{}/api/collect", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["state"], "idle", "no collection started: {status}");
}

#[tokio::test]
async fn a_gzip_bomb_is_refused_without_taking_the_memory() {
    use std::io::Write;
    let server = Server::start();
    // 3 GB of zeros in about 3 MB, one gzip member, as in the issue.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 8 * 1024 * 1024];
    for _ in 0..384 {
        encoder.write_all(&block).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 4 * 1024 * 1024, "{}", bomb.len());
    let before = server.peak_rss();
    let response = http()
        .post(format!("{}/api/snapshots", server.url))
        .body(bomb)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("decompresses to more than"),
        "{body}"
    );
    let peak = server.peak_rss();
    eprintln!(
        "gzip bomb: server peak RSS {} MB (before: {} MB)",
        peak >> 20,
        before >> 20
    );
    assert!(peak < 1024 * 1024 * 1024, "peak RSS {} MB", peak >> 20);
    let list: serde_json::Value = reqwest::get(format!("{}/api/snapshots", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["snapshots"].as_array().unwrap().len(),
        1,
        "nothing stored"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = Server::start();
    for path in [
        "/",
        "/healthz",
        "/pkg/berth.css",
        "/api/snapshots",
        "/no-such-page",
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "default-src 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(
            !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{path}: {csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "{path}");
        assert!(
            !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "plain http: {path}"
        );
    }
    // A page's inline scripts carry the nonce its CSP names.
    let response = reqwest::get(format!("{}/", server.url)).await.unwrap();
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce")
        .to_string();
    let page = response.text().await.unwrap();
    let inline_scripts = page.matches("<script").count() - page.matches("<script src=").count();
    assert!(inline_scripts > 0);
    assert_eq!(
        page.matches(&format!(r#"nonce="{nonce}""#)).count(),
        inline_scripts,
        "every inline script has the nonce"
    );
    // Behind a TLS proxy: HSTS.
    let https = Client::new()
        .get(format!("{}/healthz", server.url))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(https
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn the_collectors_error_detail_is_for_admins() {
    let signed = start_signed();
    let base = &signed.server.url;
    let http = http();
    // Nothing listens on port 9 of loopback: the collection fails with the SDK's reasons.
    let started = http
        .post(format!("{base}/api/collect"))
        .bearer_auth(&signed.admin)
        .json(&serde_json::json!({ "regions": ["us-east-1"], "days": 1, "endpoint_url": "http://127.0.0.1:9" }))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    let status = |token: String| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let status: serde_json::Value = http
                .get(format!("{base}/api/collect"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            status
        }
    };
    let failed = crate::support::eventually(120, || {
        let status = status(signed.admin.clone());
        async move {
            let status = status.await;
            (status["state"] == "failed").then_some(status)
        }
    })
    .await
    .expect("the collection fails");
    let detail = failed["error"].as_str().unwrap().to_string();
    let seen = status(signed.viewer.clone()).await;
    assert_eq!(seen["state"], "failed");
    assert_eq!(
        seen["error"], "the collection failed; an admin can see why",
        "admin saw: {detail}"
    );
    assert_ne!(detail, seen["error"].as_str().unwrap());
    assert!(seen["warnings"].as_array().unwrap().is_empty());
}
