//! Berth's one integration test binary: the real `berth` binary, a real SQLite database in a
//! temporary folder, a real server on a loopback port, and a real browser (headless Chromium).

mod browser;
mod browser_export;
mod browser_function;
mod browser_security;
mod browser_snapshots;
mod cli_analyze;
mod cli_collect;
mod cli_demo;
mod cli_price;
mod crash;
mod fault_proxy;
mod function_page;
mod ops;
mod report;
mod security;
mod server;
mod snapshots;
mod support;
