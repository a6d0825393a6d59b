//! Berth's shared crate, built twice: with `ssr` into the server, with `hydrate` into the
//! browser's wasm. It holds the UI, the chart builders and the server functions; the domain lives
//! in the `berth-engine` crate, re-exported here as [`engine`].

// leptos view types nest deeply; the default limit (128) is too small for a full page.
#![recursion_limit = "256"]

pub use berth_engine as engine;

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod charts;
pub mod csp;
pub mod ui;
pub mod views;

/// Browser entry point: attaches the reactive system to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
}
