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

use super::{LineItem, LineKind};
use crate::assumptions::Assumptions;
use crate::prices::{bucket_tiers, Catalog, LambdaPrices, Price};
use crate::snapshot::{Architecture, Function, PackageType};
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

/// What the series say about one function, summed once and reused for every configuration
/// and traffic multiplier (everything but the PC split scales linearly with traffic).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Traffic {
    /// Hours with an invocation count.
    pub observed_hours: u32,
    pub window_hours: u32,
    /// `hours_per_month / observed_hours` (0 when nothing was observed).
    pub month_factor: f64,
    /// Over the observed hours.
    pub invocations: f64,
    /// Billed seconds (duration + round-up) over the observed hours.
    pub billed_s: f64,
    /// Billed INIT seconds over the observed hours.
    pub init_s: f64,
    /// Observed hours with invocations but no duration (filled with the mean duration).
    pub hours_without_duration: u32,
    /// Invocation-weighted mean duration, ms, over the hours with both figures; failing those,
    /// the plain mean of the hours' durations (0 when unknown). Used to fill gaps.
    pub mean_duration_ms: f64,
    /// The invocation-weighted mean alone: `None` when no hour has both an invocation count and
    /// a duration (what pages show as the average duration).
    pub weighted_duration_ms: Option<f64>,
    /// Peak hourly concurrency (measured, or estimated from invocations × duration).
    pub peak_concurrency: f64,
    pub mean_concurrency: f64,
    /// Observed hours with at least one invocation.
    pub active_hours: u32,
    /// Throttles over the window.
    pub throttles: f64,
    /// Invocation-weighted mean of the hourly p99 duration, ms (`None` when never collected).
    pub p99_duration_ms: Option<f64>,
    /// Longest duration seen, ms.
    pub max_duration_ms: Option<f64>,
    /// Cold starts and their total INIT time (ms), when collected.
    pub cold_starts: Option<f64>,
    pub init_ms_total: Option<f64>,
}

/// Hour `h`'s concurrency: the measured peak, or invocations × average duration / 3600 s.
#[inline]
pub fn hour_concurrency(function: &Function, hour: usize, mean_duration_ms: f64) -> Option<f64> {
    let series = &function.series;
    if let Some(peak) = series.concurrency_max.get(hour) {
        return Some(peak);
    }
    let invocations = series.invocations.get(hour)?;
    let duration = series.duration_avg_ms.get(hour).unwrap_or(mean_duration_ms);
    Some(invocations * duration / 1000.0 / 3600.0)
}

/// Whether INIT time is billed for this function's on-demand cold starts.
pub fn init_is_billed(function: &Function) -> bool {
    function.package_type == PackageType::Zip
        && function
            .runtime
            .as_deref()
            .is_some_and(|runtime| !runtime.starts_with("provided"))
}

/// One hour of the window, as the PC split, the Hybrid excess and the container sizing need it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourLoad {
    /// Concurrency (the measured peak, or invocations × duration / 3600 s); NaN where unknown.
    pub concurrency: f64,
    /// Invocations, 0 where unknown.
    pub invocations: f64,
    /// Billed milliseconds (invocations × (duration + round-up)), 0 without invocations.
    pub billed_ms: f64,
}

impl Traffic {
    pub fn of(function: &Function, assumptions: &Assumptions) -> Traffic {
        Traffic::with_hours(function, assumptions).0
    }

    /// The traffic and each hour's load (aligned to the window).
    pub fn with_hours(function: &Function, assumptions: &Assumptions) -> (Traffic, Vec<HourLoad>) {
        let series = &function.series;
        let window_hours = series.invocations.len() as u32;
        let hours = window_hours as usize;
        // Dense f32 views (NaN = missing); narrow series are widened into these buffers.
        let mut scratch: [Vec<f32>; 6] = Default::default();
        let [s_invocations, s_durations, s_peaks, s_p99s, s_maxima, s_throttles] = &mut scratch;
        let invocations = &series.invocations.dense(s_invocations)[..hours];
        let durations = &series.duration_avg_ms.dense(s_durations)[..hours];
        let peaks = &series.concurrency_max.dense(s_peaks)[..hours];
        let roundup = assumptions.billed_duration_roundup_ms;

        // Hours with invocations but no duration take the mean duration, known only after a
        // pass over the hours; such gaps are rare, so the pass assumes none and is redone when
        // there were some.
        let mut by_hour = Vec::with_capacity(hours);
        let mut load = LoadSums::of(invocations, durations, peaks, 0.0, roundup, &mut by_hour);
        let mean_duration_ms = if load.duration_weight > 0.0 {
            load.weighted_duration_ms / load.duration_weight
        } else {
            series.duration_avg_ms.present().sum::<f64>()
                / series.duration_avg_ms.present_count().max(1) as f64
        };
        if load.without_duration > 0 {
            by_hour.clear();
            load = LoadSums::of(
                invocations,
                durations,
                peaks,
                mean_duration_ms,
                roundup,
                &mut by_hour,
            );
        }
        let durations = DurationSums::of(
            invocations,
            &series.duration_p99_ms.dense(s_p99s)[..hours],
            &series.duration_max_ms.dense(s_maxima)[..hours],
            &series.throttles.dense(s_throttles)[..hours],
        );
        let mut traffic = Traffic {
            observed_hours: load.observed,
            window_hours,
            month_factor: 0.0,
            invocations: load.invocations,
            billed_s: load.billed_ms / 1000.0,
            init_s: 0.0,
            hours_without_duration: load.without_duration,
            mean_duration_ms,
            weighted_duration_ms: (load.duration_weight > 0.0)
                .then(|| load.weighted_duration_ms / load.duration_weight),
            peak_concurrency: load.peak_concurrency,
            mean_concurrency: load.concurrency_sum / load.concurrency_hours.max(1) as f64,
            active_hours: load.active,
            throttles: durations.throttles,
            p99_duration_ms: (durations.p99_weight > 0.0)
                .then(|| durations.p99_weighted / durations.p99_weight),
            max_duration_ms: durations
                .longest_ms
                .is_finite()
                .then_some(durations.longest_ms),
            cold_starts: None,
            init_ms_total: None,
        };
        if let (Some(cold), Some(init)) = (&series.cold_starts, &series.init_duration_ms) {
            let (mut cold_starts, mut init_ms) = (0.0, 0.0);
            let mut billed_init_ms = 0.0;
            let (mut s_cold, mut s_init) = (Vec::new(), Vec::new());
            for ((&invocations, &c), &i) in invocations
                .iter()
                .zip(cold.dense(&mut s_cold))
                .zip(init.dense(&mut s_init))
            {
                if !c.is_nan() && !i.is_nan() {
                    let (c, i) = (c as f64, i as f64);
                    cold_starts += c;
                    init_ms += c * i;
                    if !invocations.is_nan() {
                        billed_init_ms += c * i;
                    }
                }
            }
            traffic.cold_starts = Some(cold_starts);
            traffic.init_ms_total = Some(init_ms);
            if init_is_billed(function) {
                traffic.init_s = billed_init_ms / 1000.0;
            }
        }
        if traffic.observed_hours > 0 {
            traffic.month_factor = assumptions.hours_per_month / traffic.observed_hours as f64;
        }
        (traffic, by_hour)
    }

    /// Invocations in a month of `hours_per_month` (the observed hours' count scaled by
    /// `month_factor`; 0 when nothing was observed).
    pub fn monthly_invocations(&self) -> f64 {
        self.invocations * self.month_factor
    }

    /// Mean requests per second over the observed hours.
    pub fn mean_requests_per_second(&self) -> f64 {
        if self.observed_hours == 0 {
            0.0
        } else {
            self.invocations / (self.observed_hours as f64 * 3600.0)
        }
    }
}

/// Sums over the hours' invocations, durations and concurrency (series as dense f32 slices,
/// NaN = missing); [`DurationSums`] reads the other series (one loop of all six measured the same).
#[derive(Default)]
struct LoadSums {
    invocations: f64,
    billed_ms: f64,
    observed: u32,
    active: u32,
    without_duration: u32,
    peak_concurrency: f64,
    concurrency_sum: f64,
    concurrency_hours: u32,
    /// Σ invocations × duration and Σ invocations over hours that have both.
    weighted_duration_ms: f64,
    duration_weight: f64,
}

impl LoadSums {
    /// The sums, with each hour's load pushed to `by_hour`; hours with invocations but no
    /// duration take `fill_duration_ms`.
    fn of(
        invocations: &[f32],
        durations: &[f32],
        peaks: &[f32],
        fill_duration_ms: f64,
        roundup_ms: f64,
        by_hour: &mut Vec<HourLoad>,
    ) -> LoadSums {
        let mut sums = LoadSums::default();
        for ((&invocations, &duration), &peak) in invocations.iter().zip(durations).zip(peaks) {
            let has_invocations = !invocations.is_nan();
            let invocations = invocations as f64;
            let duration = if !duration.is_nan() {
                if has_invocations {
                    sums.weighted_duration_ms += invocations * duration as f64;
                    sums.duration_weight += invocations;
                }
                duration as f64
            } else {
                if invocations > 0.0 {
                    sums.without_duration += 1;
                }
                fill_duration_ms
            };
            let concurrency = if !peak.is_nan() {
                peak as f64
            } else {
                // NaN when the count is missing too.
                invocations * duration * (1.0 / 3.6e6)
            };
            let counted = if has_invocations { invocations } else { 0.0 };
            let billed_ms = counted * (duration + roundup_ms);
            by_hour.push(HourLoad {
                concurrency,
                invocations: counted,
                billed_ms,
            });
            if !concurrency.is_nan() {
                if concurrency > sums.peak_concurrency {
                    sums.peak_concurrency = concurrency;
                }
                sums.concurrency_sum += concurrency;
                sums.concurrency_hours += 1;
            }
            if has_invocations {
                sums.observed += 1;
                sums.invocations += invocations;
                if invocations > 0.0 {
                    sums.active += 1;
                    sums.billed_ms += billed_ms;
                }
            }
        }
        sums
    }
}

/// Sums over the hours' p99 and maximum durations and throttles.
struct DurationSums {
    /// Σ p99 × weight and Σ weight, the weight being the hour's invocations (1 without a count).
    p99_weighted: f64,
    p99_weight: f64,
    longest_ms: f64,
    throttles: f64,
}

impl DurationSums {
    fn of(invocations: &[f32], p99s: &[f32], maxima: &[f32], throttles: &[f32]) -> DurationSums {
        let (mut p99_weighted, mut p99_weight) = (0.0f64, 0.0f64);
        let (mut longest, mut throttle_sum) = (f64::NEG_INFINITY, 0.0f64);
        for ((&invocations, &p99), (&max, &throttled)) in invocations
            .iter()
            .zip(p99s)
            .zip(maxima.iter().zip(throttles))
        {
            if !p99.is_nan() {
                let weight = if invocations > 1.0 {
                    invocations as f64
                } else {
                    1.0
                };
                p99_weighted += p99 as f64 * weight;
                p99_weight += weight;
            }
            if max as f64 > longest {
                longest = max as f64;
            }
            if !throttled.is_nan() {
                throttle_sum += throttled as f64;
            }
        }
        DurationSums {
            p99_weighted,
            p99_weight,
            longest_ms: longest,
            throttles: throttle_sum,
        }
    }
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
