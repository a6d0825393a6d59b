//! What pages show, as plain serializable data built from a snapshot and the engine's results.
//! Built once per snapshot on the server (and cached there), sent to the browser as is.

use serde::{Deserialize, Serialize};

use crate::engine::snapshot::{Function, Snapshot};

/// AWS bills a month as 730 hours; every monthly figure is normalised to it.
pub const HOURS_PER_MONTH: f64 = 730.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub id: i64,
    pub label: String,
    pub source_kind: String,
    pub account_id: Option<String>,
    pub window_start: String,
    pub hours: u32,
    pub functions: usize,
    pub regions: Vec<String>,
}

/// One line of the fleet table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetRow {
    pub name: String,
    pub region: String,
    pub memory_mb: u32,
    pub architecture: String,
    pub monthly_invocations: f64,
    /// Invocation-weighted average duration, ms; `None` when the function never ran.
    pub avg_duration_ms: Option<f64>,
    pub peak_concurrency: Option<f64>,
    pub monthly_cost_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetView {
    pub snapshot: SnapshotSummary,
    pub rows: Vec<FleetRow>,
    /// The whole fleet's invocations per hour of the window (`None` where no function reported).
    pub hourly_invocations: Vec<Option<f64>>,
    pub total_monthly_cost_usd: f64,
    /// Where the prices come from and their date, shown under every money figure.
    pub prices_note: String,
}

/// Invocation-weighted average duration over the hours that have both figures.
pub fn average_duration_ms(function: &Function) -> Option<f64> {
    let series = &function.series;
    let (weighted, count) = series
        .invocations
        .iter()
        .zip(series.duration_avg_ms.iter())
        .filter_map(|(n, d)| Some((n? * d?, n?)))
        .fold((0.0, 0.0), |(w, c), (nd, n)| (w + nd, c + n));
    (count > 0.0).then(|| weighted / count)
}

/// Invocations in the window scaled to a 730-hour month (over the hours actually observed).
pub fn monthly_invocations(function: &Function) -> f64 {
    let observed = function.series.invocations.present_count();
    if observed == 0 {
        return 0.0;
    }
    function.series.invocations.sum() * HOURS_PER_MONTH / observed as f64
}

/// Fleet total per hour; an hour is missing only when every function is missing it.
pub fn fleet_hourly_invocations(snapshot: &Snapshot) -> Vec<Option<f64>> {
    let mut totals: Vec<Option<f64>> = vec![None; snapshot.window.hours as usize];
    for function in &snapshot.functions {
        for (total, value) in totals.iter_mut().zip(function.series.invocations.iter()) {
            if let Some(value) = value {
                *total = Some(total.unwrap_or(0.0) + value);
            }
        }
    }
    totals
}

pub fn summary(id: i64, snapshot: &Snapshot) -> SnapshotSummary {
    SnapshotSummary {
        id,
        label: snapshot.source.label.clone(),
        source_kind: snapshot.source.kind.as_str().to_string(),
        account_id: snapshot.source.account_id.clone(),
        window_start: snapshot.window.start.clone(),
        hours: snapshot.window.hours,
        functions: snapshot.functions.len(),
        regions: snapshot.regions.iter().map(|r| r.region.clone()).collect(),
    }
}

/// The fleet page's data for one stored snapshot.
pub fn fleet_view(
    id: i64,
    snapshot: &Snapshot,
    catalog: &crate::engine::prices::Catalog,
    assumptions: &crate::engine::assumptions::Assumptions,
) -> FleetView {
    use crate::engine::cost::lambda::lambda_monthly_cost;
    let mut as_of = Vec::new();
    let rows: Vec<FleetRow> = snapshot
        .functions
        .iter()
        .map(|function| {
            let cost = lambda_monthly_cost(function, snapshot.window.hours, catalog, assumptions);
            as_of.push(cost.prices_as_of.clone());
            FleetRow {
                name: function.name.clone(),
                region: function.region.clone(),
                memory_mb: function.memory_mb,
                architecture: function.architecture.as_str().to_string(),
                monthly_invocations: monthly_invocations(function),
                avg_duration_ms: average_duration_ms(function),
                peak_concurrency: function.series.concurrency_max.max(),
                monthly_cost_usd: cost.monthly_usd,
            }
        })
        .collect();
    as_of.sort();
    as_of.dedup();
    FleetView {
        snapshot: summary(id, snapshot),
        total_monthly_cost_usd: rows.iter().map(|r| r.monthly_cost_usd).sum(),
        rows,
        hourly_invocations: fleet_hourly_invocations(snapshot),
        prices_note: format!(
            "Modeled with Berth's built-in AWS price catalog (public AWS pricing pages), prices as of {}; monthly = 730 hours.",
            if as_of.is_empty() { "—".to_string() } else { as_of.join(", ") }
        ),
    }
}
