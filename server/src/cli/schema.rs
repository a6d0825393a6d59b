//! `berth schema`: prints the JSON Schema of snapshot format v1 (generated from the types).

use berth_engine::schema::snapshot_schema;
use clap::Args;

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn run(_args: SchemaArgs) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(&snapshot_schema())?;
    text.push('\n');
    super::price::print_stdout(&text)
}
