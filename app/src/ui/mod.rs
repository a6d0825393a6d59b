//! The leptos UI: the HTML shell, the app's routes and its pages.

mod assumptions;
mod chart;
mod fleet;
pub mod format;
mod function;
mod snapshots;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

pub use chart::ChartView;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
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
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
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
            </header>
            <main>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=fleet::FleetPage ssr=SsrMode::Async/>
                    <Route path=path!("/functions") view=fleet::FleetPage ssr=SsrMode::Async/>
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
