//! `berth schema`: prints the JSON Schema of snapshot format v1, or with `--report` of JSON
//! reports (`berth.report/v1`); both generated from the types.

use berth_engine::schema::snapshot_schema;
use clap::Args;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of JSON reports (`berth report --format json`) instead of snapshots
    #[arg(long)]
    pub report: bool,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<()> {
    let schema = if args.report {
        crate::report::json::schema()
    } else {
        snapshot_schema()
    };
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    super::price::print_stdout(&text)
}
