//! `berth price lambda|fargate`: the pricing calculator. Parses flags into the engine's quote
//! inputs, prints the quote (rounded to cents) or `--json` (unrounded).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use berth_engine::cost::calculator::{
    quote_fargate, quote_lambda, FargateQuoteInput, LambdaQuoteInput, ProvisionedInput, Quote,
    QuoteError,
};
use berth_engine::prices::{format_usd, Catalog};
use berth_engine::snapshot::Architecture;
use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
pub struct PriceArgs {
    #[command(subcommand)]
    pub product: Product,
}

#[derive(Debug, Subcommand)]
pub enum Product {
    /// Monthly cost of a Lambda function from its usage
    Lambda(LambdaArgs),
    /// Cost of Fargate tasks running some seconds a day for some days
    Fargate(FargateArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Arch {
    #[value(name = "x86_64")]
    X86_64,
    #[value(name = "arm64")]
    Arm64,
}

impl From<Arch> for Architecture {
    fn from(arch: Arch) -> Architecture {
        match arch {
            Arch::X86_64 => Architecture::X86_64,
            Arch::Arm64 => Architecture::Arm64,
        }
    }
}

#[derive(Debug, Args)]
pub struct LambdaArgs {
    /// AWS region whose prices apply
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    #[arg(long, value_enum, default_value = "x86_64")]
    pub arch: Arch,
    /// Configured memory, MB (128 to 10240)
    #[arg(long)]
    pub memory_mb: u32,
    /// The month's total requests
    #[arg(long)]
    pub requests: f64,
    /// Average duration of the on-demand requests, ms
    #[arg(long)]
    pub duration_ms: Option<f64>,
    /// Ephemeral storage, MB (512 free, up to 10240)
    #[arg(long, default_value_t = 512)]
    pub ephemeral_mb: u32,
    /// Do not apply the monthly free tier (1M requests, 400,000 GB-s)
    #[arg(long)]
    pub no_free_tier: bool,
    /// Provisioned concurrency: environments kept warm
    #[arg(long, requires_all = ["provisioned_seconds", "provisioned_requests", "provisioned_duration_ms"])]
    pub provisioned: Option<u32>,
    /// Seconds in the month provisioned concurrency is enabled
    #[arg(long, requires = "provisioned")]
    pub provisioned_seconds: Option<f64>,
    /// Requests (of --requests) served by provisioned concurrency
    #[arg(long, requires = "provisioned")]
    pub provisioned_requests: Option<f64>,
    /// Average duration of the requests on provisioned concurrency, ms
    #[arg(long, requires = "provisioned")]
    pub provisioned_duration_ms: Option<f64>,
    /// Price overrides file (JSON; see the README's "Prices" section)
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Print JSON with unrounded numbers
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FargateArgs {
    /// AWS region whose prices apply
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    #[arg(long, value_enum, default_value = "x86_64")]
    pub arch: Arch,
    /// vCPU per task (0.25, 0.5, 1, 2, 4, 8 or 16)
    #[arg(long)]
    pub vcpu: f64,
    /// Memory per task, GB (a size Fargate offers with --vcpu)
    #[arg(long)]
    pub memory_gb: f64,
    /// Number of tasks
    #[arg(long)]
    pub tasks: u32,
    /// Seconds each task runs per day (billed at least a minute)
    #[arg(long)]
    pub seconds_per_day: f64,
    /// Number of days
    #[arg(long)]
    pub days: f64,
    /// Ephemeral storage per task, GB (20 free, up to 200)
    #[arg(long, default_value_t = 20.0)]
    pub ephemeral_gb: f64,
    /// Fargate Spot (interruptible) instead of on-demand
    #[arg(long)]
    pub spot: bool,
    /// Price overrides file (JSON; see the README's "Prices" section)
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Print JSON with unrounded numbers
    #[arg(long)]
    pub json: bool,
}

/// The built-in catalog, with the overrides of `path` applied when given.
pub fn load_catalog(path: Option<&Path>) -> anyhow::Result<Catalog> {
    let builtin = Catalog::builtin();
    let Some(path) = path else {
        return Ok(builtin);
    };
    let text = std::fs::read(path)
        .with_context(|| format!("cannot read prices file {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&text)
        .with_context(|| format!("prices file {} is not JSON", path.display()))?;
    builtin
        .with_overrides(&value)
        .with_context(|| format!("prices file {}", path.display()))
}

/// The engine's error, with how to fix it from the command line.
fn with_flags(error: QuoteError) -> anyhow::Error {
    match error {
        QuoteError::MissingPrice { .. } => {
            anyhow::anyhow!("{error}: give one with --prices FILE")
        }
        error => error.into(),
    }
}

pub fn run(args: PriceArgs) -> anyhow::Result<()> {
    let (quote, title, json) = match args.product {
        Product::Lambda(args) => {
            let catalog = load_catalog(args.prices.as_deref())?;
            let provisioned = match args.provisioned {
                Some(concurrency) => Some(ProvisionedInput {
                    concurrency,
                    seconds: args.provisioned_seconds.unwrap_or_default(),
                    requests: args.provisioned_requests.unwrap_or_default(),
                    duration_ms: args.provisioned_duration_ms.unwrap_or_default(),
                }),
                None => None,
            };
            let on_demand = args.requests - provisioned.as_ref().map_or(0.0, |p| p.requests);
            let duration_ms = match args.duration_ms {
                Some(duration) => duration,
                None if on_demand > 0.0 => {
                    bail!("--duration-ms is needed for the {on_demand} requests not on provisioned concurrency")
                }
                None => 0.0,
            };
            let input = LambdaQuoteInput {
                region: args.region.clone(),
                architecture: args.arch.into(),
                memory_mb: args.memory_mb,
                requests: args.requests,
                duration_ms,
                ephemeral_mb: args.ephemeral_mb,
                free_tier: !args.no_free_tier,
                provisioned,
            };
            let title = format!(
                "Lambda in {}, {}, {} MB, {} requests a month{}",
                args.region,
                Architecture::from(args.arch).as_str(),
                args.memory_mb,
                args.requests,
                if args.no_free_tier {
                    ""
                } else {
                    ", free tier applied"
                }
            );
            (
                quote_lambda(&input, &catalog).map_err(with_flags)?,
                title,
                args.json,
            )
        }
        Product::Fargate(args) => {
            let catalog = load_catalog(args.prices.as_deref())?;
            let input = FargateQuoteInput {
                region: args.region.clone(),
                architecture: args.arch.into(),
                vcpu: args.vcpu,
                memory_gb: args.memory_gb,
                tasks: args.tasks,
                seconds_per_day: args.seconds_per_day,
                days: args.days,
                ephemeral_gb: args.ephemeral_gb,
                spot: args.spot,
            };
            let title = format!(
                "Fargate{} in {}, {}, {} tasks of {} vCPU / {} GB, {} s a day for {} days",
                if args.spot { " Spot" } else { "" },
                args.region,
                Architecture::from(args.arch).as_str(),
                args.tasks,
                args.vcpu,
                args.memory_gb,
                args.seconds_per_day,
                args.days
            );
            (
                quote_fargate(&input, &catalog).map_err(with_flags)?,
                title,
                args.json,
            )
        }
    };
    if json {
        let mut text = serde_json::to_string_pretty(&quote_json(&quote))?;
        text.push('\n');
        print_stdout(&text)
    } else {
        print_stdout(&quote_table(&title, &quote))
    }
}

/// Writes `text` to stdout; a closed pipe (`berth … | head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.context("cannot write to stdout")?),
    }
}

/// `{"total_usd", "lines": [{"item", "quantity", "unit", "unit_usd", "usd"}], "prices_as_of"}`,
/// numbers unrounded (plus `price_sources`).
pub fn quote_json(quote: &Quote) -> serde_json::Value {
    serde_json::json!({
        "total_usd": quote.total_usd,
        "lines": quote.lines.iter().map(|line| serde_json::json!({
            "item": line.item,
            "quantity": line.quantity,
            "unit": line.unit,
            "unit_usd": line.unit_usd,
            "usd": line.usd,
        })).collect::<Vec<_>>(),
        "prices_as_of": quote.prices_as_of,
        "price_sources": quote.sources,
    })
}

/// The human form: one line per item, amounts rounded to cents.
pub fn quote_table(title: &str, quote: &Quote) -> String {
    let mut out = format!("{title}\n");
    let width = quote
        .lines
        .iter()
        .map(|l| l.item.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    for line in &quote.lines {
        let quantity = if line.kind.is_discount() {
            format!(
                "{:.0} % of {}",
                -line.unit_usd * 100.0,
                format_usd(line.quantity)
            )
        } else {
            format!(
                "{} {} × ${}",
                trim_number(line.quantity),
                line.unit,
                line.unit_usd
            )
        };
        out.push_str(&format!(
            "  {:<width$}  {:<44} {:>12}\n",
            line.item,
            quantity,
            format_usd(line.usd)
        ));
    }
    out.push_str(&format!(
        "  {:<width$}  {:<44} {:>12}\n",
        "Total",
        "",
        format_usd(quote.total_usd)
    ));
    out.push_str(&format!(
        "Prices as of {} ({})\n",
        quote.prices_as_of,
        quote.sources.join("; ")
    ));
    out
}

/// A quantity with at most 4 decimals and no trailing zeros.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}
