//! `berth demo`: writes the demo fleet as a snapshot file.

use std::path::PathBuf;

use anyhow::bail;
use berth_engine::demo::{self, generate, DemoConfig};
use clap::Args;

use crate::snapshot_file;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of functions in the fleet
    #[arg(long, default_value_t = 64)]
    pub functions: usize,
    /// Days of hourly data
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Seed of the generator: the same seed writes the same bytes
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where to write the snapshot (`.bsnp` → the compact layout; `.gz` → gzipped; `-` → stdout)
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    if !(1..=100_000).contains(&args.functions) {
        bail!(
            "--functions must be between 1 and 100000, got {}",
            args.functions
        );
    }
    // The longest window a collection can have, so a demo is never longer than a real one.
    let max_days = berth_collect::plan::MAX_DAYS;
    if !(1..=max_days).contains(&args.days) {
        bail!(
            "--days must be between 1 and {max_days} (CloudWatch keeps hourly data {max_days} days), got {}",
            args.days
        );
    }
    let config = DemoConfig {
        functions: args.functions,
        days: args.days,
        seed: args.seed,
    };
    if args.out.as_os_str() == "-" {
        return snapshot_file::write(&args.out, &generate(&config));
    }
    if snapshot_file::is_compact_name(&args.out) {
        // Written as made: 100,000 functions × 455 days never sit in memory at once.
        snapshot_file::write_compact(
            &args.out,
            &demo::head(&config),
            config.functions,
            demo::functions(&config),
        )?;
    } else {
        snapshot_file::write(&args.out, &generate(&config))?;
    }
    eprintln!(
        "wrote {} functions × {} hours to {}",
        config.functions,
        config.days * 24,
        args.out.display()
    );
    Ok(())
}
