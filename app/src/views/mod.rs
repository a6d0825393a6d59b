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
    /// Stay / Tune / Hybrid / Move.
    pub verdict: String,
    /// The recommended option ("Lambda as is" for Stay).
    pub option: String,
    pub saving_usd: f64,
    /// Labels of the signals that lean this function towards containers.
    pub signals: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetView {
    pub snapshot: SnapshotSummary,
    pub rows: Vec<FleetRow>,
    /// The whole fleet's invocations per hour of the window (`None` where no function reported).
    pub hourly_invocations: Vec<Option<f64>>,
    pub total_monthly_cost_usd: f64,
    pub total_saving_usd: f64,
    /// (verdict, functions) for Stay, Tune, Hybrid, Move.
    pub verdict_counts: Vec<(String, usize)>,
    /// Problems the analysis met (missing hours, unknown regional prices), one line each.
    pub warnings: Vec<String>,
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

/// The fleet page's data for one stored snapshot, from the engine's numbers-only analysis.
pub fn fleet_view(
    id: i64,
    snapshot: &Snapshot,
    catalog: &crate::engine::prices::Catalog,
    assumptions: &crate::engine::assumptions::Assumptions,
) -> FleetView {
    use crate::engine::verdict::VerdictKind;
    let (analysis, warnings) = crate::engine::analyze(snapshot, assumptions, catalog);
    // `analysis.functions` is in snapshot order.
    let rows: Vec<FleetRow> = snapshot
        .functions
        .iter()
        .zip(&analysis.functions)
        .map(|(function, analysed)| FleetRow {
            name: function.name.clone(),
            region: function.region.clone(),
            memory_mb: function.memory_mb,
            architecture: function.architecture.as_str().to_string(),
            monthly_invocations: monthly_invocations(function),
            avg_duration_ms: average_duration_ms(function),
            peak_concurrency: function.series.concurrency_max.max(),
            monthly_cost_usd: analysed.lambda.monthly_usd,
            verdict: analysed.verdict.kind.label().to_string(),
            option: analysed.verdict.option.label().to_string(),
            saving_usd: analysed.verdict.monthly_saving_usd,
            signals: analysed
                .signals
                .iter()
                .filter(|signal| signal.fired)
                .map(|signal| signal.kind.label().to_string())
                .collect(),
        })
        .collect();
    FleetView {
        snapshot: summary(id, snapshot),
        total_monthly_cost_usd: analysis.fleet.lambda_monthly_usd,
        total_saving_usd: analysis.fleet.total_saving_usd,
        verdict_counts: VerdictKind::ALL
            .iter()
            .map(|kind| {
                let count = analysis.fleet.verdict_counts.get(kind).copied().unwrap_or(0);
                (kind.label().to_string(), count)
            })
            .collect(),
        warnings: warnings
            .iter()
            .map(|warning| format!("{}: {}", warning.scope, warning.message))
            .collect(),
        rows,
        hourly_invocations: fleet_hourly_invocations(snapshot),
        prices_note: format!(
            "Modeled with Berth's built-in AWS price catalog (public AWS pricing pages), prices as of {}; monthly = 730 hours.",
            analysis.prices_as_of
        ),
    }
}
