//! `berth analyze SNAPSHOT`: reads a snapshot (JSON or compact, plain or gzipped), analyses it
//! with the given assumptions and prices, prints a table, JSON or CSV. Warnings go to stderr,
//! counted.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use berth_engine::analysis::{analyze_explained, analyze_stream, Analysis, FunctionAnalysis};
use berth_engine::assumptions::Assumptions;
use berth_engine::prices::format_usd;
use berth_engine::Warning;
use clap::{Args, ValueEnum};

use super::price::{load_catalog, print_stdout};
use crate::snapshot_file;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Snapshot file (JSON or the compact layout, plain or gzipped)
    pub snapshot: PathBuf,
    /// Assumptions file (JSON; any subset of `berth analyze --help`'s tunables)
    #[arg(long, value_name = "FILE")]
    pub assumptions: Option<PathBuf>,
    /// Price overrides file (JSON; see the README's "Prices" section)
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// The assumptions of `path` over the defaults, validated.
pub fn load_assumptions(path: Option<&Path>) -> anyhow::Result<Assumptions> {
    let Some(path) = path else {
        return Ok(Assumptions::default());
    };
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read assumptions file {}", path.display()))?;
    let assumptions: Assumptions = serde_json::from_slice(&bytes)
        .with_context(|| format!("assumptions file {}", path.display()))?;
    assumptions
        .validate()
        .with_context(|| format!("assumptions file {}", path.display()))?;
    Ok(assumptions)
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    let assumptions = load_assumptions(args.assumptions.as_deref())?;
    let catalog = load_catalog(args.prices.as_deref())?;
    // A compact file is analysed as it is read, function by function (its series are never
    // all in memory); JSON is read whole.
    let (analysis, warnings) = match snapshot_file::stream(&args.snapshot)? {
        Some((head, mut functions)) => {
            let result = analyze_stream(&head, &mut functions, &assumptions, &catalog, true);
            functions.finish()?;
            result
        }
        None => {
            let snapshot = snapshot_file::read(&args.snapshot)?;
            analyze_explained(&snapshot, &assumptions, &catalog)
        }
    };
    match args.format {
        Format::Table => print_stdout(&table(&analysis))?,
        Format::Csv => print_stdout(&csv(&analysis))?,
        Format::Json => write_stdout(|out| write_json(out, &analysis, &warnings))?,
    }
    report_warnings(&warnings);
    Ok(())
}

/// The JSON output: the same bytes as `serde_json::to_string(&json!({"analysis": analysis,
/// "plan": analysis.plan, "warnings": warnings}))` (keys sorted, one line), without holding
/// the tree of every function at once.
/// Functions rendered per run (a few megabytes of text held at once) and per core's share.
const RUN: usize = 4096;
const SHARE: usize = 256;

/// `{"analysis", "plan", "warnings"}`, every object's keys in the order of the analysis types,
/// the same in every build (a `serde_json::Value` would sort them or not depending on Cargo's
/// feature unification). Written as it goes, the functions a run at a time, each run rendered
/// on every core: at 100,000 functions the text is gigabytes.
fn write_json(
    out: &mut dyn Write,
    analysis: &Analysis,
    warnings: &[Warning],
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let head = serde_json::to_vec(&Analysis {
        window_start: analysis.window_start.clone(),
        window_hours: analysis.window_hours,
        prices_as_of: analysis.prices_as_of.clone(),
        functions: Vec::new(),
        fleet: analysis.fleet.clone(),
        plan: analysis.plan.clone(),
    })?;
    // The functions go inside the head's empty list. The fields before it are a number and
    // strings, in which a quote is escaped, so the first match is the field itself.
    const EMPTY: &[u8] = b"\"functions\":[]";
    let at = head
        .windows(EMPTY.len())
        .position(|window| window == EMPTY)
        .expect("an analysis serializes its functions")
        + EMPTY.len()
        - 1;
    out.write_all(b"{\"analysis\":")?;
    out.write_all(&head[..at])?;
    for (index, run) in analysis.functions.chunks(RUN).enumerate() {
        let texts = run
            .par_chunks(SHARE)
            .map(|share| {
                let mut text = Vec::with_capacity(share.len() * 8 * 1024);
                for (index, function) in share.iter().enumerate() {
                    if index > 0 {
                        text.push(b',');
                    }
                    serde_json::to_writer(&mut text, function)?;
                }
                Ok(text)
            })
            .collect::<serde_json::Result<Vec<Vec<u8>>>>()?;
        for (share, text) in texts.iter().enumerate() {
            if index > 0 || share > 0 {
                out.write_all(b",")?;
            }
            out.write_all(text)?;
        }
    }
    out.write_all(&head[at..])?;
    out.write_all(b",\"plan\":")?;
    serde_json::to_writer(&mut *out, &analysis.plan)?;
    out.write_all(b",\"warnings\":")?;
    serde_json::to_writer(&mut *out, warnings)?;
    out.write_all(b"}\n")
}

/// Writes to stdout through a buffer; a closed pipe (`berth … | head`) is not an error.
fn write_stdout(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.context("cannot write to stdout")?),
    }
}

fn report_warnings(warnings: &[Warning]) {
    const SHOWN: usize = 20;
    for warning in warnings.iter().take(SHOWN) {
        let fix = if warning.scope == Warning::PRICES {
            "; give one with --prices FILE"
        } else {
            ""
        };
        eprintln!("warning: {}: {}{fix}", warning.scope, warning.message);
    }
    if warnings.len() > SHOWN {
        eprintln!(
            "… and {} more warnings (all of them are in --format json)",
            warnings.len() - SHOWN
        );
    }
    if !warnings.is_empty() {
        eprintln!("{} warnings", warnings.len());
    }
}

fn fired(analysis: &FunctionAnalysis) -> String {
    analysis
        .signals
        .iter()
        .filter(|s| s.fired)
        .map(|s| s.kind.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One line per function (most expensive first), then the fleet totals.
pub fn table(analysis: &Analysis) -> String {
    let fleet = &analysis.fleet;
    let width = analysis
        .functions
        .iter()
        .map(|f| f.key.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!(
        "{:<width$}  {:>12}  {:<7} {:<44} {:>12}  {:>9}  {:>8}  {:<10} {}\n",
        "function",
        "now / month",
        "verdict",
        "option",
        "saving",
        "one-time",
        "payback",
        "confidence",
        "signals"
    );
    let mut order: Vec<&FunctionAnalysis> = analysis.functions.iter().collect();
    order.sort_by(|a, b| {
        b.options
            .current
            .monthly_usd
            .total_cmp(&a.options.current.monthly_usd)
    });
    for f in order {
        let row = format!(
            "{:<width$}  {:>12}  {:<7} {:<44} {:>12}  {:>9}  {:>8}  {:<10} {}",
            f.key,
            format_usd(f.options.current.monthly_usd),
            f.verdict.kind.label(),
            f.verdict.option.label(),
            format_usd(f.verdict.monthly_saving_usd),
            format_usd(f.verdict.one_time_usd),
            f.verdict
                .payback_months
                .map_or("-".to_string(), |m| format!("{m:.1} mo")),
            f.verdict.confidence.as_str(),
            fired(f)
        );
        out.push_str(row.trim_end());
        out.push('\n');
    }
    let counts = fleet
        .verdict_counts
        .iter()
        .map(|(kind, count)| format!("{} {count}", kind.label()))
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str(&format!(
        "\n{} functions; Lambda {} a month ({} with API Gateway); potential saving {} a month \
         for {} one-time ({})\n\
         verdicts: {counts}; {} functions make {:.0} % of spend\n",
        fleet.functions,
        format_usd(fleet.lambda_monthly_usd),
        format_usd(fleet.current_monthly_usd),
        format_usd(fleet.total_saving_usd),
        format_usd(fleet.one_time_usd),
        berth_engine::verdict::payback_phrase(fleet.payback_months),
        fleet.pareto.set_size,
        fleet.pareto.target_share * 100.0,
    ));
    let plan = &analysis.plan;
    if !plan.groups.is_empty() {
        out.push_str(&format!(
            "steady core: {} functions in {} shared services, {} -> {} a month (saves {}) for {} one-time ({}); {} functions stay on Lambda\n",
            plan.members,
            plan.groups.len(),
            format_usd(plan.before_usd),
            format_usd(plan.after_usd),
            format_usd(plan.saving_usd),
            format_usd(plan.one_time_usd),
            berth_engine::verdict::payback_phrase(plan.payback_months),
            plan.edges
        ));
    }
    let hints = fleet
        .hint_counts
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(kind, count)| format!("{} {count}", kind.label()))
        .collect::<Vec<_>>();
    if !hints.is_empty() {
        out.push_str(&format!("hints: {}\n", hints.join(", ")));
    }
    for region in &fleet.regions {
        out.push_str(&format!(
            "{}: peak {:.0} concurrent of a {:.0} limit{} ({:.1} %)\n",
            region.region,
            region.peak_concurrency,
            region.limit,
            if region.limit_known { "" } else { " (default)" },
            region.share_of_limit * 100.0
        ));
    }
    if let Some(r) = &fleet.reconciliation {
        out.push_str(&format!(
            "billed vs modeled, a month: billed {}, modeled {}, difference {}\n",
            format_usd(r.total.billed_monthly_usd),
            format_usd(r.total.modeled_monthly_usd),
            format_usd(r.total.difference_usd)
        ));
    }
    out.push_str(&format!("prices as of {}\n", analysis.prices_as_of));
    out
}

/// One row per function, unrounded numbers; quoted by the `csv` crate, text cells kept from
/// being read as spreadsheet formulas (as the CSV report's).
pub fn csv(analysis: &Analysis) -> String {
    use crate::report::text::csv_text;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "function",
        "region",
        "architecture",
        "memory_mb",
        "lambda_usd",
        "current_usd",
        "verdict",
        "option",
        "saving_usd",
        "one_time_usd",
        "payback_months",
        "confidence",
        "spend_rank",
        "signals",
        "hints",
    ];
    out.write_record(header).expect("writing to memory");
    for f in &analysis.functions {
        let hints = f
            .hints
            .iter()
            .map(|h| h.kind.label())
            .collect::<Vec<_>>()
            .join("; ");
        out.write_record([
            csv_text(&f.name),
            csv_text(&f.region),
            f.architecture.as_str().to_string(),
            f.memory_mb.to_string(),
            f.lambda.monthly_usd.to_string(),
            f.options.current.monthly_usd.to_string(),
            f.verdict.kind.label().to_string(),
            csv_text(f.verdict.option.label()),
            f.verdict.monthly_saving_usd.to_string(),
            f.verdict.one_time_usd.to_string(),
            f.verdict
                .payback_months
                .map_or(String::new(), |m| m.to_string()),
            f.verdict.confidence.as_str().to_string(),
            f.spend_rank.to_string(),
            csv_text(&fired(f)),
            csv_text(&hints),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}
