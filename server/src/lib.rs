//! The server side of Berth: the CLI, the web server, the SQLite store and snapshot files.
//! Adapters only: every decision is made by the engine (`berth_engine`).

// leptos view types of whole pages nest deeply (see `berth-app`); the routes are compiled here.
#![recursion_limit = "512"]

pub mod allocator;
pub mod auth;
pub mod cli;
pub mod collect_rules;
pub mod report;
pub mod snapshot_file;
pub mod store;
pub mod web;
