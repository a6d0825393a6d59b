//! Berth's engine: the pure domain. Snapshot in, analysis out.
//!
//! Invariant: no I/O, no clock, no async; knows nothing about axum, leptos, AWS or SQLite.
//! The same code runs in the server, the CLI, the report writer and the browser (wasm).

pub mod compact;
pub mod demo;
pub mod snapshot;
pub mod time;

pub mod analysis;
pub mod assumptions;
pub mod compare;
pub mod cost;
pub mod hints;
pub mod plan;
pub mod prices;
pub mod projection;
pub mod reconcile;
pub mod schema;
pub mod signals;
pub mod text;
pub mod verdict;
pub mod warning;

pub use analysis::{
    analyze, analyze_explained, explain_function, explain_in_context, function_context,
    project_function, Analysis, FunctionAnalysis, FunctionContext,
};
pub use assumptions::Assumptions;
pub use cost::lambda::{lambda_monthly_cost, LambdaCost};
pub use prices::Catalog;
pub use warning::Warning;

#[cfg(test)]
mod tests;
