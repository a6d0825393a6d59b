//! The fleet overview: headline figures and chart data, bounded in size whatever the fleet.

use serde::{Deserialize, Serialize};

use super::{FleetView, RegionShare, SnapshotItem};

/// Bars of the Pareto chart (the biggest spenders); the cumulative line covers them.
pub const PARETO_BARS: usize = 40;
/// Points of the scatter: the biggest spenders, which carry nearly all of the money.
pub const SCATTER_POINTS: usize = 1_000;
/// Warnings listed on the page (the count says how many more exist).
pub const WARNINGS_SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoBar {
    pub name: String,
    pub region: String,
    pub monthly_usd: f64,
    /// Share of the fleet's spend of this function and every bigger one.
    pub cumulative_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    pub name: String,
    pub region: String,
    /// Steady-traffic signal strength, 0 (idle or spiky) ..= 1 (always busy, flat).
    pub steadiness: f64,
    pub monthly_usd: f64,
    pub avg_duration_ms: f64,
    pub verdict: crate::engine::verdict::VerdictKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewView {
    pub snapshot: SnapshotItem,
    pub modeled_monthly_usd: f64,
    pub billed_monthly_usd: Option<f64>,
    pub saving_monthly_usd: f64,
    /// One-time cost of every recommended change, and the months the saving takes to repay it.
    pub one_time_usd: f64,
    pub payback_months: Option<f64>,
    pub monthly_invocations: f64,
    pub verdict_counts: Vec<(crate::engine::verdict::VerdictKind, usize)>,
    /// The steady-core plan.
    pub plan: super::PlanView,
    /// The region closest to its concurrency limit at peak.
    pub busiest_region: Option<RegionShare>,
    pub regions: Vec<RegionShare>,
    pub pareto: Vec<ParetoBar>,
    pub pareto_set_size: usize,
    pub pareto_target: f64,
    pub scatter: Vec<ScatterPoint>,
    pub hourly_invocations: Vec<Option<f64>>,
    pub warnings: Vec<String>,
    pub warning_count: usize,
    pub prices_note: String,
}

/// The overview of `fleet`: a few kilobytes whether it holds 60 functions or 10,000.
pub fn overview(fleet: &FleetView) -> OverviewView {
    let ranked = fleet.ranked.iter().map(|&i| (i, &fleet.rows[i]));
    let pareto = ranked
        .clone()
        .zip(&fleet.cumulative_share)
        .take(PARETO_BARS)
        .map(|((_, row), share)| ParetoBar {
            name: row.name.clone(),
            region: row.region.clone(),
            monthly_usd: row.monthly_cost_usd,
            cumulative_share: *share,
        })
        .collect();
    let scatter = ranked
        .take(SCATTER_POINTS)
        .map(|(_, row)| ScatterPoint {
            name: row.name.clone(),
            region: row.region.clone(),
            steadiness: row.strengths[0],
            monthly_usd: row.monthly_cost_usd,
            avg_duration_ms: row.avg_duration_ms.unwrap_or(0.0),
            verdict: row.verdict,
        })
        .collect();
    OverviewView {
        snapshot: fleet.snapshot.clone(),
        modeled_monthly_usd: fleet.total_monthly_cost_usd,
        billed_monthly_usd: fleet.billed_monthly_usd,
        saving_monthly_usd: fleet.total_saving_usd,
        one_time_usd: fleet.total_one_time_usd,
        plan: fleet.plan.clone(),
        payback_months: fleet.payback_months,
        monthly_invocations: fleet.rows.iter().map(|r| r.monthly_invocations).sum(),
        verdict_counts: fleet.verdict_counts.clone(),
        busiest_region: fleet
            .regions
            .iter()
            .max_by(|a, b| a.share_of_limit.total_cmp(&b.share_of_limit))
            .cloned(),
        regions: fleet.regions.clone(),
        pareto,
        pareto_set_size: fleet.pareto_set_size,
        pareto_target: fleet.pareto_target,
        scatter,
        hourly_invocations: fleet.hourly_invocations.clone(),
        warnings: fleet
            .warnings
            .iter()
            .take(WARNINGS_SHOWN)
            .cloned()
            .collect(),
        warning_count: fleet.warnings.len(),
        prices_note: fleet.prices_note.clone(),
    }
}
