//! The leptos UI: the HTML shell, the app's routes and its pages.

mod assumption_editor;
mod assumptions;
mod chart;
pub mod export;
pub mod fleet;
pub mod format;
mod function;
mod functions;
mod snapshots;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

pub use chart::ChartView;

use crate::views::SessionView;

/// The themes a user can pick; "system" follows the operating system's light or dark setting.
pub const THEMES: [&str; 3] = ["system", "light", "dark"];

/// The theme cookie's name; `/theme?set=dark` sets it (see the server's `web::theme`).
pub const THEME_COOKIE: &str = "berth_theme";

/// The theme picked in this request's cookie, "system" when none. In the browser, the one the
/// server rendered into `<html data-theme>` (the cookie is not readable there).
fn requested_theme() -> &'static str {
    #[cfg(feature = "hydrate")]
    if let Some(theme) = leptos::prelude::document()
        .document_element()
        .and_then(|html| html.get_attribute("data-theme"))
        .and_then(|value| THEMES.iter().find(|t| **t == value))
    {
        return theme;
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        let cookies = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='));
        for (name, value) in cookies {
            if name == THEME_COOKIE {
                if let Some(theme) = THEMES.iter().find(|t| **t == value) {
                    return theme;
                }
            }
        }
    }
    "system"
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = requested_theme();
    #[cfg(feature = "ssr")]
    send_content_security_policy();
    let session = current_session()
        .and_then(|session| serde_json::to_string(&session).ok())
        .unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // ECharts from our own origin (copied from the npm package at build time).
                <script src="/echarts.min.js" defer></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body data-session=session>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let session = current_session();
    provide_context(session.clone());
    view! {
        <Stylesheet id="leptos" href="/pkg/berth.css"/>
        <Title text="Berth"/>
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">"Berth"</A>
                <nav aria-label="Main">
                    <A href="/" exact=true>"Fleet"</A>
                    <A href="/functions">"Functions"</A>
                    <A href="/snapshots">"Snapshots"</A>
                    <A href="/assumptions">"Assumptions"</A>
                </nav>
                <SignedIn session/>
                <ThemeSwitch/>
            </header>
            <main>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=fleet::FleetPage ssr=SsrMode::Async/>
                    <Route path=path!("/functions") view=functions::FunctionsPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/functions/:region/:name")
                        view=function::FunctionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/snapshots") view=snapshots::SnapshotsPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/assumptions")
                        view=assumptions::AssumptionsPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// This request's signed-in identity, as the server's guard decided it. In the browser, the one
/// the server rendered into `<body data-session>`.
fn current_session() -> Option<SessionView> {
    #[cfg(feature = "hydrate")]
    if let Some(session) = leptos::prelude::document()
        .body()
        .and_then(|body| body.get_attribute("data-session"))
        .and_then(|json| serde_json::from_str(&json).ok())
    {
        return Some(session);
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.extensions.get::<SessionView>().cloned();
    }
    None
}

/// The session of this page (from `App`'s context); admin actions show only when it is an
/// admin's. The server refuses them to others either way.
pub fn use_session() -> Option<SessionView> {
    use_context::<Option<SessionView>>().flatten()
}

/// The session when it is an admin's: admin actions render only then.
pub fn admin_session() -> Option<SessionView> {
    use_session().filter(SessionView::is_admin)
}

/// Pages carry the nonce of their inline scripts in their CSP (`crate::csp`).
#[cfg(feature = "ssr")]
fn send_content_security_policy() {
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = http::HeaderValue::from_str(&crate::csp::policy(Some(&nonce))) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Who is signed in, with which role, and a sign-out (a form: it works without JavaScript).
#[component]
fn SignedIn(session: Option<SessionView>) -> impl IntoView {
    session.map(|session| {
        let who = session.name.clone().unwrap_or_else(|| "sign-in off".into());
        let logout = session.auth.then(|| {
            view! {
                <form method="post" action=session.form_action("/logout") class="inline">
                    <button type="submit" class="link">"Sign out"</button>
                </form>
            }
        });
        view! {
            <div class="signed-in" data-role=session.role.as_str()>
                <span class="who">{who}</span>
                " "
                <span class="role">{session.role.as_str()}</span>
                {logout}
            </div>
        }
    })
}

/// Light / dark / system links: a cookie set by the server, so the first paint already has the
/// right colours (no flash) and it works without JavaScript.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let current = requested_theme();
    let back = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let target = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        crate::views::encode_component(&target)
    };
    view! {
        <div class="theme-switch" role="group" aria-label="Theme">
            {THEMES
                .map(|theme| {
                    view! {
                        <a
                            href=move || format!("/theme?set={theme}&back={}", back())
                            rel="external"
                            aria-current=if theme == current { "true" } else { "false" }
                        >
                            {theme}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="empty">
            <h1>"Page not found"</h1>
            <p>"This address is not part of Berth. " <A href="/">"Back to the fleet"</A></p>
        </section>
    }
}
