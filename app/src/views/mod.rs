//! What pages show, as plain serializable data built from a snapshot and the engine's results.
//! Built once per snapshot on the server (and cached there), sent to the browser as is.

pub mod function;
mod overview;
pub mod session;
pub mod snapshots;
mod table;

use serde::{Deserialize, Serialize};

pub use overview::{overview, OverviewView, ParetoBar, ScatterPoint};
pub use session::{Role, SessionView};
pub use snapshots::SnapshotItem;
pub use table::{
    encode as encode_component, functions_page, Column, FunctionsPageView, TableIndex, TableQuery,
    PAGE_SIZES,
};

use crate::engine::signals::SignalKind;
use crate::engine::snapshot::{Function, Snapshot};
use crate::engine::verdict::VerdictKind;

/// One line of the functions table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetRow {
    pub name: String,
    pub region: String,
    /// `—` when the snapshot does not say (container images).
    pub runtime: String,
    pub memory_mb: u32,
    pub architecture: String,
    /// Invocations in a month of the `hours_per_month` assumption.
    pub monthly_invocations: f64,
    /// Invocation-weighted average duration, ms; `None` when the function never ran.
    pub avg_duration_ms: Option<f64>,
    pub peak_concurrency: Option<f64>,
    pub monthly_cost_usd: f64,
    /// Today's whole setup per month (Lambda plus the API Gateway that containers would drop);
    /// savings are measured from it.
    pub current_usd: f64,
    /// What `current_usd` is made of: `Lambda $17.10 + API Gateway REST API requests $37.25`.
    pub current_includes: String,
    pub verdict: VerdictKind,
    /// The recommended option ("Lambda as is" for Stay).
    pub option: String,
    pub saving_usd: f64,
    /// One-time cost of the recommended change (0 for Stay) and the months its saving takes to
    /// repay it (`None` for Stay).
    pub one_time_usd: f64,
    pub payback_months: Option<f64>,
    /// The cheapest priced alternative to today's setup, and its monthly cost.
    pub best_option: String,
    pub best_option_usd: Option<f64>,
    /// Container score, 0..=100: the mean strength of the six signals (50 = every signal at its
    /// threshold).
    pub score: f64,
    /// Each signal's strength (0..=1) in [`SignalKind::ALL`] order, and whether it fired.
    pub strengths: [f64; 6],
    pub fired: [bool; 6],
    /// The signals that lean this function towards containers.
    pub signals: Vec<SignalKind>,
    /// The hints that fired (the table's search matches their labels).
    pub hints: Vec<crate::engine::hints::HintKind>,
}

impl FleetRow {
    /// The detail page of this function.
    pub fn href(&self) -> String {
        format!("/functions/{}/{}", self.region, self.name)
    }
}

/// One shared service of the steady-core plan, as the fleet page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanService {
    /// `us-east-1`, or `us-east-1 (team-a)` when grouped by a tag.
    pub name: String,
    pub members: usize,
    pub average_tasks: f64,
    pub peak_tasks: f64,
    pub before_usd: f64,
    pub after_usd: f64,
    pub payback_months: Option<f64>,
}

/// The steady-core plan's figures (the engine's [`crate::engine::plan::Plan`], without the
/// hourly series and line items).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub services: Vec<PlanService>,
    pub members: usize,
    pub edges: usize,
    pub before_usd: f64,
    pub after_usd: f64,
    pub saving_usd: f64,
    pub one_time_usd: f64,
    pub payback_months: Option<f64>,
}

impl PlanView {
    pub fn of(plan: &crate::engine::plan::Plan) -> PlanView {
        PlanView {
            services: plan
                .groups
                .iter()
                .map(|g| PlanService {
                    name: if g.tag.is_empty() {
                        g.region.clone()
                    } else {
                        format!("{} ({})", g.region, g.tag)
                    },
                    members: g.members.len(),
                    average_tasks: g.average_tasks,
                    peak_tasks: g.peak_tasks,
                    before_usd: g.before_usd,
                    after_usd: g.after_usd,
                    payback_months: g.payback_months,
                })
                .collect(),
            members: plan.members,
            edges: plan.edges,
            before_usd: plan.before_usd,
            after_usd: plan.after_usd,
            saving_usd: plan.saving_usd,
            one_time_usd: plan.one_time_usd,
            payback_months: plan.payback_months,
        }
    }
}

/// Each region's peak concurrency against its limit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionShare {
    pub region: String,
    pub limit: f64,
    /// False when the snapshot did not carry the account's limit (the default was assumed).
    pub limit_known: bool,
    pub peak_concurrency: f64,
    pub share_of_limit: f64,
}

/// Everything the fleet pages show, built once per snapshot and assumption set on the server
/// (and cached there). Pages receive slices of it ([`OverviewView`], [`FunctionsPageView`]), never
/// the whole: 10,000 rows would weigh megabytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetView {
    pub snapshot: SnapshotItem,
    pub rows: Vec<FleetRow>,
    /// The whole fleet's invocations per hour of the window (`None` where no function reported).
    pub hourly_invocations: Vec<Option<f64>>,
    pub total_monthly_cost_usd: f64,
    /// Billed Lambda cost per month when the snapshot carries Cost Explorer lines.
    pub billed_monthly_usd: Option<f64>,
    pub total_saving_usd: f64,
    /// The verdicts' one-time cost and the months the total saving takes to repay it.
    pub total_one_time_usd: f64,
    pub payback_months: Option<f64>,
    /// (verdict, functions) for Stay, Tune, Hybrid, Move.
    pub verdict_counts: Vec<(VerdictKind, usize)>,
    /// The steady core in shared services.
    pub plan: PlanView,
    /// Row indexes by spend, biggest first.
    pub ranked: Vec<usize>,
    /// Cumulative share of spend by rank (parallel to `ranked`).
    pub cumulative_share: Vec<f64>,
    /// Fewest functions making `pareto_target` of the spend.
    pub pareto_set_size: usize,
    pub pareto_target: f64,
    pub regions: Vec<RegionShare>,
    /// Distinct regions and runtimes of the rows, sorted (the table's filter choices).
    pub row_regions: Vec<String>,
    pub runtimes: Vec<String>,
    /// Problems the analysis met (missing hours, unknown regional prices), one line each.
    pub warnings: Vec<String>,
    /// Where the prices come from and their date, shown under every money figure.
    pub prices_note: String,
    /// The functions table's sort orders and search texts, made when first asked for.
    #[serde(skip)]
    pub table: TableIndex,
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

/// Where the prices come from and their date, and the month the figures are normalised to:
/// the note under every money figure. `overridden`: saved price overrides apply.
pub fn prices_note(prices_as_of: &str, hours_per_month: f64, overridden: bool) -> String {
    format!(
        "Modeled with Berth's AWS price catalog{}, prices as of {prices_as_of}; monthly = \
         {hours_per_month} hours.",
        if overridden {
            " and your saved price overrides"
        } else {
            " (public AWS pricing pages)"
        },
    )
}

/// A warning as the dashboard lists it: `scope: message`, with how to fix a missing price here.
pub fn warning_line(warning: &crate::engine::Warning) -> String {
    if warning.scope == crate::engine::Warning::PRICES {
        format!(
            "{}: {}; give one in the price overrides of the Assumptions page",
            warning.scope, warning.message
        )
    } else {
        format!("{}: {}", warning.scope, warning.message)
    }
}

/// The fleet pages' data for one stored snapshot, from the engine's numbers-only analysis.
/// `overridden`: the catalog carries saved price overrides (said in the prices note).
pub fn fleet_view(
    item: SnapshotItem,
    snapshot: &Snapshot,
    catalog: &crate::engine::prices::Catalog,
    assumptions: &crate::engine::assumptions::Assumptions,
    overridden: bool,
) -> FleetView {
    let (analysis, warnings) = crate::engine::analyze(snapshot, assumptions, catalog);
    fleet_view_of(
        item,
        snapshot,
        &analysis,
        &warnings,
        assumptions,
        overridden,
    )
}

/// [`fleet_view`] from an analysis already made (numbers-only [`crate::engine::analyze`] of
/// `snapshot` with `assumptions`), so a server that needs the analysis for more than the fleet
/// pages runs it once.
pub fn fleet_view_of(
    item: SnapshotItem,
    snapshot: &Snapshot,
    analysis: &crate::engine::Analysis,
    warnings: &[crate::engine::Warning],
    assumptions: &crate::engine::assumptions::Assumptions,
    overridden: bool,
) -> FleetView {
    // `analysis.functions` is in snapshot order.
    let rows: Vec<FleetRow> = snapshot
        .functions
        .iter()
        .zip(&analysis.functions)
        .map(|(function, analysed)| row(function, analysed))
        .collect();
    FleetView {
        snapshot: item,
        total_monthly_cost_usd: analysis.fleet.lambda_monthly_usd,
        billed_monthly_usd: analysis
            .fleet
            .reconciliation
            .as_ref()
            .map(|r| r.total.billed_monthly_usd),
        total_saving_usd: analysis.fleet.total_saving_usd,
        total_one_time_usd: analysis.fleet.one_time_usd,
        payback_months: analysis.fleet.payback_months,
        verdict_counts: VerdictKind::ALL
            .iter()
            .map(|kind| {
                let count = analysis
                    .fleet
                    .verdict_counts
                    .get(kind)
                    .copied()
                    .unwrap_or(0);
                (*kind, count)
            })
            .collect(),
        plan: PlanView::of(&analysis.plan),
        ranked: analysis.fleet.pareto.ranked.clone(),
        cumulative_share: analysis.fleet.pareto.cumulative_share.clone(),
        pareto_set_size: analysis.fleet.pareto.set_size,
        pareto_target: analysis.fleet.pareto.target_share,
        regions: analysis
            .fleet
            .regions
            .iter()
            .map(|r| RegionShare {
                region: r.region.clone(),
                limit: r.limit,
                limit_known: r.limit_known,
                peak_concurrency: r.peak_concurrency,
                share_of_limit: r.share_of_limit,
            })
            .collect(),
        warnings: warnings.iter().map(warning_line).collect(),
        row_regions: distinct(&rows, |r| &r.region),
        runtimes: distinct(&rows, |r| &r.runtime),
        rows,
        table: TableIndex::default(),
        hourly_invocations: fleet_hourly_invocations(snapshot),
        prices_note: prices_note(
            &analysis.prices_as_of,
            assumptions.hours_per_month,
            overridden,
        ),
    }
}

fn distinct(rows: &[FleetRow], field: fn(&FleetRow) -> &String) -> Vec<String> {
    let mut values: Vec<String> = rows.iter().map(|r| field(r).clone()).collect();
    values.sort();
    values.dedup();
    values
}

/// `Lambda $17.10 + API Gateway REST API requests $37.25`: today's setup by part.
fn current_includes(analysed: &crate::engine::FunctionAnalysis) -> String {
    let lambda = analysed.lambda.monthly_usd;
    let mut parts = vec![format!(
        "Lambda {}",
        crate::engine::prices::format_usd(lambda)
    )];
    for line in &analysed.options.current.lines {
        if !matches!(
            line.kind,
            crate::engine::cost::LineKind::LambdaRequests
                | crate::engine::cost::LineKind::LambdaDuration
                | crate::engine::cost::LineKind::LambdaProvisioned
                | crate::engine::cost::LineKind::LambdaProvisionedDuration
                | crate::engine::cost::LineKind::LambdaEphemeral
                | crate::engine::cost::LineKind::SavingsPlan
        ) {
            parts.push(format!(
                "{} {}",
                line.item,
                crate::engine::prices::format_usd(line.usd)
            ));
        }
    }
    parts.join(" + ")
}

fn row(function: &Function, analysed: &crate::engine::FunctionAnalysis) -> FleetRow {
    let best = analysed.cheapest_option();
    FleetRow {
        name: function.name.clone(),
        region: function.region.clone(),
        runtime: function.runtime.clone().unwrap_or_else(|| "—".into()),
        memory_mb: function.memory_mb,
        architecture: function.architecture.as_str().to_string(),
        monthly_invocations: analysed.monthly_invocations,
        avg_duration_ms: analysed.mean_duration_ms,
        peak_concurrency: function.series.concurrency_max.max(),
        monthly_cost_usd: analysed.lambda.monthly_usd,
        current_usd: analysed.current_monthly_usd(),
        current_includes: current_includes(analysed),
        verdict: analysed.verdict.kind,
        option: analysed.verdict.option.label().to_string(),
        saving_usd: analysed.verdict.monthly_saving_usd,
        one_time_usd: analysed.verdict.one_time_usd,
        payback_months: analysed.verdict.payback_months,
        best_option: best.map_or_else(|| "—".into(), |o| o.kind.label().to_string()),
        best_option_usd: best.map(|o| o.monthly_usd),
        score: analysed.container_score(),
        strengths: analysed.signal_strengths(),
        fired: SignalKind::ALL.map(|kind| analysed.signal(kind).is_some_and(|s| s.fired)),
        signals: analysed
            .signals
            .iter()
            .filter(|signal| signal.fired)
            .map(|signal| signal.kind)
            .collect(),
        hints: analysed.hints.iter().map(|hint| hint.kind).collect(),
    }
}
