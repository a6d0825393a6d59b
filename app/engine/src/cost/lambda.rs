//! Lambda cost: from monthly usage quantities ([`LambdaUsage`]) to priced line items, and from a
//! function's hourly series to that usage.
//!
//! Approximations, all documented here:
//! - Billed duration is each invocation's duration rounded up to 1 ms. From hourly averages only
//!   the expected round-up can be added: `Assumptions::billed_duration_roundup_ms` (0.5 ms) per
//!   invocation. The calculator (exact per-invocation durations) rounds up to the whole ms.
//! - INIT is billed (since 2025-08-01) for on-demand invocations of ZIP functions on managed
//!   runtimes; it is counted when the snapshot carries cold starts and INIT durations.
//! - Provisioned concurrency (PC) is assumed enabled for the whole month, or — for a scheduled
//!   PC — at a level per hour of the day (hours counted from the window's start, 00:00 UTC for
//!   Berth's collector and demo); an hour's invocations run on PC in the share `min(1, PC /
//!   peak concurrency)`, the rest on demand.
//! - Volume tiers are applied to the function's own monthly GB-s (AWS tiers the account's
//!   regional volume: a fleet above 6B GB-s a month pays slightly less than modeled).
//! - The free tier (per account) is applied only when asked; it takes 1M requests and 400,000
//!   GB-s off on-demand requests and duration (as in AWS's worked PC example).

use serde::{Deserialize, Serialize};

pub use super::traffic::{hour_concurrency, init_is_billed, HourLoad, Traffic};
use super::{LineItem, LineKind};
use crate::assumptions::Assumptions;
use crate::prices::{bucket_tiers, Catalog, LambdaPrices, Price};
use crate::snapshot::{Architecture, Function};
use crate::text::Num;
use crate::warning::Warning;

/// A month of Lambda usage for one configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LambdaUsage {
    pub architecture: Architecture,
    pub memory_mb: f64,
    /// Every request of the month (on demand and on PC).
    pub requests: f64,
    /// Billed seconds of on-demand invocations.
    pub duration_s: f64,
    /// Billed INIT seconds (on-demand cold starts of ZIP functions on managed runtimes).
    pub init_s: f64,
    /// Provisioned environments (the mean level over the month for a scheduled PC) and how many
    /// seconds they were enabled.
    pub provisioned_concurrency: f64,
    pub provisioned_seconds: f64,
    /// Billed seconds of invocations served by provisioned environments.
    pub provisioned_duration_s: f64,
    pub ephemeral_storage_mb: f64,
    pub free_tier: bool,
    /// Compute Savings Plans discount on duration and PC (fraction).
    pub savings_plan_discount: f64,
}

/// Lambda's monthly cost with its line items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LambdaCost {
    pub monthly_usd: f64,
    pub lines: Vec<LineItem>,
    /// Oldest as-of date among the prices used.
    pub prices_as_of: String,
    /// Prices the catalog lacks for this region: those items are left out of `monthly_usd`.
    pub missing_prices: Vec<String>,
    /// Data gaps that make the figure an estimate (e.g. hours without duration).
    pub notes: Vec<String>,
}

/// Lambda memory is configured in 1 MB steps; right-sizing rounds up to this many MB.
pub const MB_ROUND: f64 = 64.0;

/// Volume above which the second duration tier starts in every tiered region.
const FIRST_TIER_GB_S: f64 = 6e9;

/// Prices `usage` with `prices`; items whose price is unknown are left out and named in
/// `missing_prices`.
pub fn price_lambda(usage: &LambdaUsage, prices: &LambdaPrices, region: &str) -> LambdaCost {
    let mut lines = Vec::with_capacity(6);
    let mut missing = Vec::new();
    let mut notes = Vec::new();
    let gb = usage.memory_mb / 1024.0;
    let arm = usage.architecture == Architecture::Arm64;
    let (free_requests, free_gb_s) = match (&prices.free_tier, usage.free_tier) {
        (Some(free), true) => (free.requests, free.gb_s),
        (None, true) => {
            missing.push(format!("Lambda free tier in {region}"));
            (0.0, 0.0)
        }
        _ => (0.0, 0.0),
    };

    let billable_requests = (usage.requests - free_requests).max(0.0);
    match &prices.requests_per_million {
        Some(price) => lines.push(LineItem::priced(
            if usage.free_tier {
                "Requests (after free tier)"
            } else {
                "Requests"
            },
            LineKind::LambdaRequests,
            billable_requests / 1e6,
            "1M requests",
            price,
        )),
        None => missing.push(format!("Lambda requests in {region}")),
    }

    let mut discountable = Vec::new();
    let on_demand_gb_s = ((usage.duration_s + usage.init_s) * gb - free_gb_s).max(0.0);
    let tiers = if arm {
        &prices.duration_arm64
    } else {
        &prices.duration_x86
    };
    if tiers.is_empty() {
        if on_demand_gb_s > 0.0 {
            missing.push(format!(
                "Lambda duration ({}) in {region}",
                usage.architecture.as_str()
            ));
        }
    } else {
        if tiers.len() == 1 && on_demand_gb_s > FIRST_TIER_GB_S {
            notes.push(format!(
                "only the first duration tier is known in {region}: volume above 6B GB-s is priced at it"
            ));
        }
        for (index, quantity, price) in bucket_tiers(tiers, on_demand_gb_s) {
            let item = match (arm, index, usage.free_tier) {
                (false, 0, false) => "Duration x86_64",
                (false, 0, true) => "Duration x86_64 (after free tier)",
                (false, 1, _) => "Duration x86_64, tier 2",
                (false, _, _) => "Duration x86_64, tier 3",
                (true, 0, false) => "Duration arm64",
                (true, 0, true) => "Duration arm64 (after free tier)",
                (true, 1, _) => "Duration arm64, tier 2",
                (true, _, _) => "Duration arm64, tier 3",
            };
            lines.push(LineItem::priced(
                item,
                LineKind::LambdaDuration,
                quantity,
                "GB-s",
                price,
            ));
            discountable.push(lines.len() - 1);
        }
    }

    if usage.provisioned_concurrency > 0.0 {
        let (pc, pc_duration) = if arm {
            (
                &prices.provisioned_arm64,
                &prices.provisioned_duration_arm64,
            )
        } else {
            (&prices.provisioned_x86, &prices.provisioned_duration_x86)
        };
        push_or_missing(
            &mut lines,
            &mut missing,
            &mut discountable,
            pc.as_ref(),
            "Provisioned concurrency",
            LineKind::LambdaProvisioned,
            usage.provisioned_concurrency * gb * usage.provisioned_seconds,
            region,
        );
        push_or_missing(
            &mut lines,
            &mut missing,
            &mut discountable,
            pc_duration.as_ref(),
            "Duration on provisioned concurrency",
            LineKind::LambdaProvisionedDuration,
            usage.provisioned_duration_s * gb,
            region,
        );
    }

    let extra_storage_gb = (usage.ephemeral_storage_mb - 512.0).max(0.0) / 1024.0;
    if extra_storage_gb > 0.0 {
        let mut ignored = Vec::new();
        push_or_missing(
            &mut lines,
            &mut missing,
            &mut ignored,
            prices.ephemeral_gb_s.as_ref(),
            "Ephemeral storage above 512 MB",
            LineKind::LambdaEphemeral,
            extra_storage_gb * (usage.duration_s + usage.provisioned_duration_s),
            region,
        );
    }

    if usage.savings_plan_discount > 0.0 && !discountable.is_empty() {
        let base: f64 = discountable.iter().map(|&i| lines[i].usd).sum();
        let price = lines[discountable[0]].clone();
        lines.push(LineItem {
            item: "Compute Savings Plans discount".into(),
            kind: LineKind::SavingsPlan,
            quantity: base,
            unit: "USD discounted".into(),
            unit_usd: -usage.savings_plan_discount,
            usd: -usage.savings_plan_discount * base,
            source: price.source,
            as_of: price.as_of,
        });
    }

    LambdaCost {
        monthly_usd: super::total(&lines),
        prices_as_of: super::oldest_as_of(&lines),
        lines,
        missing_prices: missing,
        notes,
    }
}

#[allow(clippy::too_many_arguments)]
fn push_or_missing(
    lines: &mut Vec<LineItem>,
    missing: &mut Vec<String>,
    discountable: &mut Vec<usize>,
    price: Option<&Price>,
    item: &'static str,
    kind: LineKind,
    quantity: f64,
    region: &str,
) {
    match price {
        Some(price) => {
            lines.push(LineItem::priced(item, kind, quantity, "GB-s", price));
            discountable.push(lines.len() - 1);
        }
        None => missing.push(format!("{item} in {region}")),
    }
}

/// A Lambda configuration to price a function's traffic under (as-is or a Tune option).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LambdaConfig {
    pub architecture: Architecture,
    pub memory_mb: f64,
    /// Duration relative to the observed one (a faster or slower configuration).
    pub duration_factor: f64,
    pub provisioned_concurrency: f64,
    /// PC per hour of the day (index 0 = the window's first hour of day), replacing the flat
    /// `provisioned_concurrency` when set.
    pub provisioned_schedule: Option<[f64; 24]>,
}

impl LambdaConfig {
    pub fn as_is(function: &Function) -> LambdaConfig {
        LambdaConfig {
            architecture: function.architecture,
            memory_mb: function.memory_mb as f64,
            duration_factor: 1.0,
            provisioned_concurrency: function.provisioned_concurrency.unwrap_or(0) as f64,
            provisioned_schedule: None,
        }
    }

    /// The PC configured in hour `hour` of the window.
    #[inline]
    pub fn provisioned_at(&self, hour: usize) -> f64 {
        match &self.provisioned_schedule {
            Some(schedule) => schedule[hour % 24],
            None => self.provisioned_concurrency,
        }
    }

    /// The mean PC over a day (the flat level without a schedule).
    pub fn mean_provisioned(&self) -> f64 {
        match &self.provisioned_schedule {
            Some(schedule) => schedule.iter().sum::<f64>() / 24.0,
            None => self.provisioned_concurrency,
        }
    }
}

/// How much of today's provisioned concurrency is used: over the hours with invocations,
/// `Σ_h min(mean concurrency_h, PC) / (PC × hours)`, the hour's mean concurrency being its billed
/// time / 3,600 s (Little's law; the peak minute uses more). `None` without PC or such hours.
pub fn provisioned_utilisation(hours: &[HourLoad], provisioned_concurrency: f64) -> Option<f64> {
    if provisioned_concurrency <= 0.0 {
        return None;
    }
    let (mut used, mut counted) = (0.0, 0u32);
    for hour in hours {
        if hour.invocations > 0.0 {
            used += (hour.billed_ms / 3.6e6).min(provisioned_concurrency);
            counted += 1;
        }
    }
    (counted > 0).then(|| used / (provisioned_concurrency * counted as f64))
}

/// A month of usage for `function` under `config` at `multiplier` × the observed traffic.
pub fn usage(
    function: &Function,
    traffic: &Traffic,
    hours: &[HourLoad],
    config: &LambdaConfig,
    multiplier: f64,
    assumptions: &Assumptions,
) -> LambdaUsage {
    let factor = traffic.month_factor * multiplier;
    let mut usage = LambdaUsage {
        architecture: config.architecture,
        memory_mb: config.memory_mb,
        requests: traffic.invocations * factor,
        duration_s: traffic.billed_s * factor * config.duration_factor,
        init_s: traffic.init_s * factor,
        provisioned_concurrency: 0.0,
        provisioned_seconds: 0.0,
        provisioned_duration_s: 0.0,
        ephemeral_storage_mb: function.ephemeral_storage_mb as f64,
        free_tier: assumptions.free_tier,
        savings_plan_discount: assumptions.lambda_savings_plan_discount,
    };
    let mean_provisioned = config.mean_provisioned();
    if mean_provisioned > 0.0 {
        // Split each hour's invocations between PC and on demand; INIT is not billed on PC.
        // Hours without invocations bill nothing.
        let mut on_pc_ms = 0.0;
        for (index, hour) in hours.iter().enumerate() {
            let concurrency = hour.concurrency * multiplier;
            let provisioned = config.provisioned_at(index);
            let share = if concurrency > 0.0 {
                (provisioned / concurrency).min(1.0)
            } else if provisioned > 0.0 {
                1.0
            } else {
                0.0
            };
            on_pc_ms += share * hour.billed_ms;
        }
        let on_pc_s = on_pc_ms / 1000.0;
        let on_pc_s = on_pc_s * factor * config.duration_factor;
        let on_pc_share = if usage.duration_s > 0.0 {
            (on_pc_s / usage.duration_s).min(1.0)
        } else {
            1.0
        };
        usage.provisioned_duration_s = on_pc_s.min(usage.duration_s);
        usage.duration_s -= usage.provisioned_duration_s;
        if usage.duration_s < 1e-6 {
            // All of it ran on PC: drop the floating-point residue.
            usage.duration_s = 0.0;
        }
        usage.init_s *= 1.0 - on_pc_share;
        usage.provisioned_concurrency = mean_provisioned;
        usage.provisioned_seconds = assumptions.hours_per_month * 3600.0;
    }
    usage
}

/// The function's monthly Lambda cost as configured, from its series.
///
/// `window_hours` is the snapshot's window; usage is scaled from the hours actually observed
/// (at most `window_hours`) to a month. Never fails: gaps become notes, unknown prices become
/// `missing_prices`.
pub fn lambda_monthly_cost(
    function: &Function,
    window_hours: u32,
    catalog: &Catalog,
    assumptions: &Assumptions,
) -> LambdaCost {
    let (traffic, hours) = Traffic::with_hours(function, assumptions);
    let mut cost = lambda_cost_with(
        function,
        &traffic,
        &hours,
        &LambdaConfig::as_is(function),
        1.0,
        catalog,
        assumptions,
    );
    if traffic.observed_hours < window_hours {
        cost.notes.push(format!(
            "{} of {window_hours} hours have no invocation count: the month is extrapolated from {} hours",
            window_hours - traffic.observed_hours.min(window_hours),
            traffic.observed_hours
        ));
    }
    cost
}

/// Lambda cost for `config` at `multiplier` × traffic, with data-gap notes.
pub fn lambda_cost_with(
    function: &Function,
    traffic: &Traffic,
    hours: &[HourLoad],
    config: &LambdaConfig,
    multiplier: f64,
    catalog: &Catalog,
    assumptions: &Assumptions,
) -> LambdaCost {
    let usage = usage(function, traffic, hours, config, multiplier, assumptions);
    let mut cost = price_lambda(
        &usage,
        &catalog.region(&function.region).lambda,
        &function.region,
    );
    if traffic.observed_hours == 0 {
        cost.notes
            .push("no invocation data: cost unknown, shown as $0".into());
    }
    if traffic.hours_without_duration > 0 {
        cost.notes.push(format!(
            "{} hours with invocations lack a duration: the mean duration ({:.0} ms) was used",
            traffic.hours_without_duration,
            Num(traffic.mean_duration_ms)
        ));
    }
    cost
}

/// The notes and missing prices of `cost` as warnings scoped to the function.
pub fn warnings_of(function: &Function, cost: &LambdaCost) -> Vec<Warning> {
    let scope = function.key();
    cost.missing_prices
        .iter()
        .map(|m| {
            Warning::new(
                &scope,
                format!("no price for {m}: left out of the Lambda cost"),
            )
        })
        .chain(cost.notes.iter().map(|n| Warning::new(&scope, n.clone())))
        .collect()
}
