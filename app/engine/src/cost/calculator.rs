//! The pricing calculator behind `berth price lambda` and `berth price fargate`: explicit usage
//! in, a [`Quote`] out. Unlike the fleet analysis, a missing price or an invalid input here is an
//! error (the user asked for that exact figure).

use serde::{Deserialize, Serialize};

use super::fargate::{rates, task_lines, TaskSize, TaskSizeError};
use super::lambda::{price_lambda, LambdaUsage};
use super::{LineItem, LineKind};
use crate::prices::{fargate::FREE_EPHEMERAL_GB, Catalog};
use crate::snapshot::{lambda_limits, Architecture};

/// A priced answer: total, lines and the oldest as-of date of the prices used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub total_usd: f64,
    pub lines: Vec<LineItem>,
    pub prices_as_of: String,
    pub sources: Vec<String>,
}

impl Quote {
    fn from_lines(lines: Vec<LineItem>) -> Quote {
        Quote {
            total_usd: super::total(&lines),
            prices_as_of: super::oldest_as_of(&lines),
            sources: super::sources(&lines),
            lines,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuoteError {
    /// The catalog lacks a price the quote needs (adapters say how to give one).
    #[error("no price for {what} in {region}")]
    MissingPrice { what: String, region: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    TaskSize(#[from] TaskSizeError),
}

/// Provisioned concurrency in a Lambda quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedInput {
    pub concurrency: u32,
    /// Seconds PC is enabled in the month.
    pub seconds: f64,
    /// Requests (of the month's total) served by PC.
    pub requests: f64,
    pub duration_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaQuoteInput {
    pub region: String,
    pub architecture: Architecture,
    pub memory_mb: u32,
    /// The month's total requests.
    pub requests: f64,
    /// Duration of each on-demand request, ms (billed rounded up to the whole ms).
    pub duration_ms: f64,
    pub ephemeral_mb: u32,
    pub free_tier: bool,
    pub provisioned: Option<ProvisionedInput>,
}

fn non_negative(name: &str, value: f64) -> Result<(), QuoteError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(QuoteError::Invalid(format!(
            "{name} must be a number, not negative (got {value})"
        )))
    }
}

pub fn quote_lambda(input: &LambdaQuoteInput, catalog: &Catalog) -> Result<Quote, QuoteError> {
    if !lambda_limits::MEMORY_MB.contains(&input.memory_mb) {
        return Err(QuoteError::Invalid(format!(
            "--memory-mb {} is outside Lambda's 128..=10240",
            input.memory_mb
        )));
    }
    if !lambda_limits::EPHEMERAL_STORAGE_MB.contains(&input.ephemeral_mb) {
        return Err(QuoteError::Invalid(format!(
            "--ephemeral-mb {} is outside Lambda's 512..=10240",
            input.ephemeral_mb
        )));
    }
    non_negative("--requests", input.requests)?;
    non_negative("--duration-ms", input.duration_ms)?;
    if input.duration_ms > *lambda_limits::TIMEOUT_S.end() as f64 * 1000.0 {
        return Err(QuoteError::Invalid(format!(
            "--duration-ms {} is above Lambda's 15-minute limit",
            input.duration_ms
        )));
    }
    let billed_s = |ms: f64| ms.ceil() / 1000.0;
    let mut usage = LambdaUsage {
        architecture: input.architecture,
        memory_mb: input.memory_mb as f64,
        requests: input.requests,
        duration_s: input.requests * billed_s(input.duration_ms),
        init_s: 0.0,
        provisioned_concurrency: 0.0,
        provisioned_seconds: 0.0,
        provisioned_duration_s: 0.0,
        ephemeral_storage_mb: input.ephemeral_mb as f64,
        free_tier: input.free_tier,
        savings_plan_discount: 0.0,
    };
    if let Some(pc) = &input.provisioned {
        non_negative("--provisioned-seconds", pc.seconds)?;
        non_negative("--provisioned-requests", pc.requests)?;
        non_negative("--provisioned-duration-ms", pc.duration_ms)?;
        if pc.concurrency == 0 {
            return Err(QuoteError::Invalid(
                "--provisioned must be at least 1".into(),
            ));
        }
        if pc.requests > input.requests {
            return Err(QuoteError::Invalid(format!(
                "--provisioned-requests {} is more than --requests {} (the month's total)",
                pc.requests, input.requests
            )));
        }
        if pc.seconds > 31.0 * 86_400.0 {
            return Err(QuoteError::Invalid(format!(
                "--provisioned-seconds {} is longer than a month",
                pc.seconds
            )));
        }
        // PC is billed rounded up to 5 minutes.
        let seconds = (pc.seconds / 300.0).ceil() * 300.0;
        usage.duration_s = (input.requests - pc.requests) * billed_s(input.duration_ms);
        usage.provisioned_concurrency = pc.concurrency as f64;
        usage.provisioned_seconds = seconds;
        usage.provisioned_duration_s = pc.requests * billed_s(pc.duration_ms);
    }
    let cost = price_lambda(&usage, &catalog.region(&input.region).lambda, &input.region);
    if let Some(missing) = cost.missing_prices.first() {
        return Err(QuoteError::MissingPrice {
            what: missing
                .trim_end_matches(&format!(" in {}", input.region))
                .to_string(),
            region: input.region.clone(),
        });
    }
    Ok(Quote::from_lines(cost.lines))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FargateQuoteInput {
    pub region: String,
    pub architecture: Architecture,
    pub vcpu: f64,
    pub memory_gb: f64,
    pub tasks: u32,
    /// Seconds each task runs per day (billed at least one minute).
    pub seconds_per_day: f64,
    pub days: f64,
    /// Ephemeral storage per task, GB (20 free, up to 200).
    pub ephemeral_gb: f64,
    pub spot: bool,
}

pub fn quote_fargate(input: &FargateQuoteInput, catalog: &Catalog) -> Result<Quote, QuoteError> {
    let size = TaskSize::new(input.vcpu, input.memory_gb)?;
    non_negative("--seconds-per-day", input.seconds_per_day)?;
    non_negative("--days", input.days)?;
    if input.seconds_per_day > 86_400.0 {
        return Err(QuoteError::Invalid(format!(
            "--seconds-per-day {} is more than a day",
            input.seconds_per_day
        )));
    }
    if !(FREE_EPHEMERAL_GB..=200.0).contains(&input.ephemeral_gb) {
        return Err(QuoteError::Invalid(format!(
            "--ephemeral-gb {} is outside Fargate's 20..=200",
            input.ephemeral_gb
        )));
    }
    let region = catalog.region(&input.region);
    let missing = |what: &str| QuoteError::MissingPrice {
        what: what.to_string(),
        region: input.region.clone(),
    };
    let (vcpu_price, gb_price) = rates(&region.fargate, input.architecture).map_err(&missing)?;
    let billed_seconds = if input.seconds_per_day > 0.0 {
        input.seconds_per_day.max(60.0)
    } else {
        0.0
    };
    let task_hours = input.tasks as f64 * billed_seconds * input.days / 3600.0;
    let mut lines: Vec<LineItem> =
        task_lines(size, task_hours, vcpu_price, gb_price, input.architecture).into();
    if input.spot {
        let discount = catalog
            .discounts
            .fargate_spot
            .as_ref()
            .ok_or_else(|| missing("the Fargate Spot discount"))?;
        let base = lines[0].usd + lines[1].usd;
        lines.push(LineItem::discount(
            "Fargate Spot discount",
            LineKind::SpotDiscount,
            discount.usd,
            base,
            discount,
        ));
    }
    let extra_gb = input.ephemeral_gb - FREE_EPHEMERAL_GB;
    if extra_gb > 0.0 {
        let price = region
            .fargate
            .ephemeral_gb_hour
            .as_ref()
            .ok_or_else(|| missing("Fargate ephemeral storage"))?;
        lines.push(LineItem::priced(
            "Ephemeral storage above 20 GB",
            LineKind::FargateEphemeral,
            task_hours * extra_gb,
            "GB-hour",
            price,
        ));
    }
    Ok(Quote::from_lines(lines))
}
