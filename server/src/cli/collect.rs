//! `berth collect`: pulls a fleet from AWS (or a test endpoint) into the database or a file.
//! Arguments become a `CollectConfig`; the collecting is `berth_collect::collect`; this module
//! draws progress, stores the result and prints the summary.

use berth_collect::plan::{USD_PER_1000_METRICS, USD_PER_COST_EXPLORER_REQUEST};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{bail, Context};
use berth_collect::{CollectConfig, CollectStats, Event, Phase, Progress};
use berth_engine::snapshot::Snapshot;
use berth_engine::time::format_rfc3339;
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::collect_rules::{check_days, check_region, endpoint_url, unix_now, window_end};
use crate::snapshot_file;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// AWS profile from the shared config files (default: the default credential chain, like the
    /// AWS CLI)
    #[arg(long)]
    pub profile: Option<String>,
    /// Region to collect; repeat for several (default: the profile's / AWS_REGION)
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Days of hourly data, ending at the last whole hour
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Send every AWS call to this endpoint instead (e.g. a moto server for tests)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Assume this role (with the profile's credentials) before collecting
    #[arg(long, value_name = "ARN")]
    pub assume_role: Option<String>,
    /// Also count cold starts, init duration and memory used from Logs Insights (billed per GB
    /// scanned)
    #[arg(long)]
    pub cold_starts: bool,
    /// Also group billed costs by this tag, e.g. aws:cloudformation:stack-name
    #[arg(long, value_name = "TAG")]
    pub cost_tag: Option<String>,
    /// Write the snapshot to this file (`.bsnp` → the compact layout; `.gz` → gzipped; `-` → stdout) instead of the database
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Path of the SQLite database the snapshot goes into without --out (created when missing)
    #[arg(long, env = "BERTH_DB", default_value = "berth.db")]
    pub db: PathBuf,
    /// End of the window, a whole hour in RFC 3339 UTC (default: the last whole hour)
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// Attempts per AWS call (retries back off on throttling and 5xx)
    #[arg(long, default_value_t = 5)]
    pub max_attempts: u32,
    /// Seconds one attempt of one AWS call may take before it is retried
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub attempt_timeout: u64,
}

/// Validates the arguments into the collector's settings.
fn config(args: &CollectArgs, clock_now: i64) -> anyhow::Result<CollectConfig> {
    check_days("--days", args.days).map_err(anyhow::Error::msg)?;
    let now = window_end("--end", args.end.as_deref(), clock_now).map_err(anyhow::Error::msg)?;
    if args.max_attempts == 0 {
        bail!("--max-attempts must be at least 1");
    }
    for region in &args.regions {
        check_region(region).map_err(|error| anyhow::anyhow!("--region {error}"))?;
    }
    let endpoint_url = match &args.endpoint_url {
        Some(url) => Some(endpoint_url("--endpoint-url", url).map_err(anyhow::Error::msg)?),
        None => None,
    };
    Ok(CollectConfig {
        profile: args.profile.clone(),
        regions: args.regions.clone(),
        days: args.days,
        endpoint_url,
        assume_role: args.assume_role.clone(),
        cold_starts: args.cold_starts,
        cost_tag: args.cost_tag.clone(),
        max_attempts: args.max_attempts,
        attempt_timeout: Duration::from_secs(args.attempt_timeout),
        ..CollectConfig::new(now)
    })
}

pub fn run(args: CollectArgs) -> anyhow::Result<()> {
    let config = config(&args, unix_now())?;
    let progress = CliProgress::new(std::io::stderr().is_terminal());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = berth_collect::collect(&config, &progress) => Some(outcome),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    progress.clear();
    // Dropping the runtime cancels whatever was still in flight.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let Some(outcome) = outcome else {
        bail!("interrupted: nothing was written");
    };
    let (mut snapshot, stats) =
        outcome.context("collection failed (run `berth collect --help` for the options)")?;
    snapshot.collected_at = format_rfc3339(unix_now());
    let destination = match &args.out {
        Some(path) => {
            snapshot_file::write(path, &snapshot)?;
            if path.as_os_str() == "-" {
                "stdout".to_string()
            } else {
                path.display().to_string()
            }
        }
        None => {
            let id = Store::open(&args.db)?.insert_snapshot(&snapshot)?;
            format!("snapshot #{id} in {}", args.db.display())
        }
    };
    eprint!("{}", summary(&snapshot, &stats));
    eprintln!("wrote {destination}");
    Ok(())
}

/// The closing summary: functions, series points, API calls per service, warnings, elapsed.
fn summary(snapshot: &Snapshot, stats: &CollectStats) -> String {
    let mut text = format!(
        "collected {} functions in {} region(s): {} hours from {}, {} series points, {} billed cost lines, in {:.1} s\n",
        stats.functions,
        snapshot.regions.len(),
        snapshot.window.hours,
        snapshot.window.start,
        stats.series_points,
        snapshot.billed.len(),
        stats.elapsed.as_secs_f64(),
    );
    for (service, operations) in &stats.api_calls {
        let detail: Vec<String> = operations
            .iter()
            .map(|(operation, count)| format!("{operation} {count}"))
            .collect();
        text += &format!(
            "  {service}: {} calls ({})\n",
            operations.values().sum::<u64>(),
            detail.join(", ")
        );
    }
    // The lower bound: ⌈queries / 500⌉ per window chunk and region (p99 in batches of its own).
    let per_region: Vec<usize> = snapshot
        .regions
        .iter()
        .map(|r| {
            snapshot
                .functions
                .iter()
                .filter(|f| f.region == r.region)
                .count()
        })
        .collect();
    let planned = berth_collect::plan::call_plan(&per_region, snapshot.window.hours, false, false)
        .get_metric_data;
    text += &format!(
        "  GetMetricData: {} calls for {} metrics (lower bound {planned}: ⌈queries / 500⌉ per window chunk; more = NextToken pages); ≈ ${:.4} at ${USD_PER_1000_METRICS} per 1,000 metrics\n",
        stats.calls("cloudwatch", "GetMetricData"),
        stats.metrics_requested,
        stats.metrics_requested as f64 * USD_PER_1000_METRICS / 1000.0,
    );
    let cost_explorer = stats.calls_for_service("costexplorer");
    if cost_explorer > 0 {
        text += &format!(
            "  Cost Explorer: {cost_explorer} requests (≈ ${:.2} at ${USD_PER_COST_EXPLORER_REQUEST} each)\n",
            cost_explorer as f64 * USD_PER_COST_EXPLORER_REQUEST
        );
    }
    text += &format!("{} warning(s)\n", snapshot.warnings.len());
    for warning in &snapshot.warnings {
        text += &format!("  {}: {}\n", warning.scope, warning.message);
    }
    text
}

/// Bars per phase on a terminal, plain lines otherwise.
struct CliProgress {
    bars: Option<MultiProgress>,
    phases: Mutex<HashMap<Phase, (ProgressBar, u64)>>,
}

impl CliProgress {
    fn new(terminal: bool) -> CliProgress {
        CliProgress {
            bars: terminal.then(MultiProgress::new),
            phases: Mutex::new(HashMap::new()),
        }
    }

    fn line(&self, text: String) {
        match &self.bars {
            Some(bars) => {
                let _ = bars.println(text);
            }
            None => eprintln!("{text}"),
        }
    }

    fn clear(&self) {
        if let Some(bars) = &self.bars {
            let _ = bars.clear();
        }
    }
}

impl Progress for CliProgress {
    fn event(&self, event: Event) {
        let mut phases = self.phases.lock().expect("progress lock");
        match event {
            Event::PhaseStarted { phase, total } => {
                let bar = match &self.bars {
                    Some(bars) => {
                        let bar = bars.add(ProgressBar::new(total));
                        bar.set_style(
                            ProgressStyle::with_template(
                                "{prefix:>12} [{bar:30}] {pos}/{len} {elapsed}",
                            )
                            .expect("valid template")
                            .progress_chars("=> "),
                        );
                        bar.set_prefix(phase.label());
                        bar
                    }
                    None => {
                        eprintln!("{}: started", phase.label());
                        ProgressBar::hidden()
                    }
                };
                phases.insert(phase, (bar, 0));
            }
            Event::Found { phase, more } => {
                if let Some((bar, _)) = phases.get(&phase) {
                    bar.inc_length(more);
                }
            }
            Event::Advanced { phase, by } => {
                if let Some((bar, done)) = phases.get_mut(&phase) {
                    bar.inc(by);
                    *done += by;
                }
            }
            Event::PhaseFinished { phase } => {
                if let Some((bar, done)) = phases.get(&phase) {
                    bar.finish();
                    if self.bars.is_none() {
                        eprintln!("{}: done ({done} steps)", phase.label());
                    }
                }
            }
            Event::Planned { region, plan } => {
                drop(phases);
                self.line(format!(
                    "plan: {}",
                    berth_collect::plan::describe_plan(&region, &plan)
                ));
            }
            Event::Warning(warning) => {
                drop(phases);
                self.line(format!("warning: {}: {}", warning.scope, warning.message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: CollectArgs,
    }

    fn check(arguments: &[&str], expected: Result<(i64, u32), &str>) {
        let args =
            Wrapper::try_parse_from(std::iter::once("collect").chain(arguments.iter().copied()))
                .expect("arguments parse")
                .args;
        // 2026-11-04T00:20:00Z on the clock.
        let result = config(&args, 1_793_751_600).map(|c| (c.now, c.days));
        match (result, expected) {
            (Ok(found), Ok(expected)) => assert_eq!(found, expected),
            (Err(error), Err(expected)) => assert!(error.to_string().contains(expected), "{error}"),
            (found, expected) => panic!("{arguments:?}: {found:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn arguments_become_a_config() {
        check(&[], Ok((1_793_750_400, 30)));
        check(
            &["--days", "2", "--end", "2026-11-02T00:00:00Z"],
            Ok((1_793_577_600, 2)),
        );
        check(&["--days", "0"], Err("--days must be between 1 and 455"));
        check(
            &["--end", "2026-11-02T00:30:00Z"],
            Err("not on a whole hour"),
        );
        check(&["--end", "yesterday"], Err("not an RFC 3339 UTC time"));
        check(
            &["--endpoint-url", "localhost:5000"],
            Err("must start with http://"),
        );
    }
}
