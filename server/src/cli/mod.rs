//! Command-line interface: one module per subcommand, each parsing its arguments into a settings
//! type and calling into the library.

mod analyze;
mod auth;
mod collect;
mod demo;
mod healthcheck;
mod price;
mod report;
mod schema;
mod serve;

use clap::{Parser, Subcommand};

/// Berth: which Lambda functions should stay on functions, which belong on containers, and what
/// each choice costs.
#[derive(Debug, Parser)]
#[command(name = "berth", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the dashboard (loads the demo fleet into an empty database on first start)
    Serve(serve::ServeArgs),
    /// Collect a fleet from AWS (Lambda, CloudWatch, Cost Explorer) into the database or a file
    Collect(collect::CollectArgs),
    /// Write a deterministic demo snapshot file
    Demo(demo::DemoArgs),
    /// Analyse a snapshot: per function cost, options, signals and a verdict
    Analyze(analyze::AnalyzeArgs),
    /// Write a report for clients: HTML, PDF, CSV, JSON or Markdown, optionally redacted
    Report(report::ReportArgs),
    /// Price a Lambda function or Fargate tasks from explicit usage
    Price(price::PriceArgs),
    /// Ask a running `berth serve` whether it is healthy (exit 0) — the container's HEALTHCHECK
    Healthcheck(healthcheck::HealthcheckArgs),
    /// Manage the tokens `berth serve --auth-file` accepts: add, list, remove
    #[command(subcommand)]
    Auth(auth::AuthCommand),
    /// Print the JSON Schema of snapshot files (berth.snapshot/v1), or of JSON reports (--report)
    Schema(schema::SchemaArgs),
}

/// Parses the process arguments and runs the command.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Analyze(_) | Command::Report(_)) {
        crate::allocator::keep_freed_memory();
    }
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Collect(args) => collect::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Report(args) => report::run(args),
        Command::Price(args) => price::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Auth(command) => auth::run(command),
        Command::Healthcheck(args) => healthcheck::run(args),
    }
}
