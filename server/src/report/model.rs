//! The report model: everything a report shows, built once from a snapshot, the assumptions and
//! the catalog, then laid out by each renderer. Every number in it comes from the engine
//! (`analyze_explained`, `project_function`) or from the dashboard's own view code
//! (`fleet_view`, `overview`), so a report says what the dashboard and `berth analyze` say.
//! Redaction happens before this (on the snapshot, see `redact`), so no renderer can leak a
//! name it never sees.

use std::collections::{BTreeMap, BTreeSet};

use berth_app::engine::analysis::{analyze_explained, project_function, Analysis};
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::engine::projection::Projection;
use berth_app::engine::snapshot::{Invoker, PackageType, Snapshot};
use berth_app::engine::time;
use berth_app::engine::verdict::VerdictKind;
use berth_app::engine::Warning;
use berth_app::views::{fleet_view, overview, FleetView, OverviewView, SnapshotItem};
use schemars::JsonSchema;
use serde::Serialize;

/// The `format` of JSON reports.
pub const FORMAT: &str = "berth.report/v1";

/// Full function sections (chart, line items) at most, unless `--top` asks for more: past it,
/// the remaining Move and Hybrid functions get one line each ([`Report::more`]), so a fleet
/// of 10,000 (some 3,000 of them Move) stays a readable file of a few megabytes.
pub const MAX_SECTIONS: usize = 100;

/// Top actions listed in the executive summary, at most.
pub const TOP_ACTIONS: usize = 10;

/// What the reviewer says about the report (the CLI's flags, the route's query).
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    pub title: Option<String>,
    pub prepared_for: Option<String>,
    pub prepared_by: Option<String>,
    /// Function sections for the `top` biggest savings (every Move and Hybrid gets one anyway).
    pub top: usize,
    /// The snapshot is redacted (`redact::redact` ran on it).
    pub redacted: bool,
    /// RFC 3339 UTC; the caller's clock.
    pub generated_at: String,
    /// The stored snapshot's id, when it came from the database.
    pub snapshot_id: Option<i64>,
}

/// The cover's facts.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Meta {
    pub title: String,
    pub prepared_for: Option<String>,
    pub prepared_by: Option<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub source_kind: String,
    pub source_label: String,
    pub collected_at: String,
    pub window_start: String,
    pub window_end: String,
    pub window_hours: u32,
    pub generated_at: String,
    /// Oldest as-of date among the prices used.
    pub prices_as_of: String,
    /// Which catalog: the built-in one, or with price overrides.
    pub price_catalog: String,
    pub berth_version: String,
    pub redacted: bool,
    pub snapshot_id: Option<i64>,
    pub confidentiality: String,
    pub top: usize,
}

/// A function's configuration, from the snapshot (snapshot order, like `Analysis::functions`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FunctionFacts {
    pub arn: String,
    pub runtime: Option<String>,
    pub timeout_s: u32,
    pub ephemeral_storage_mb: u32,
    pub package_type: PackageType,
    pub vpc: bool,
    pub reserved_concurrency: Option<u32>,
    pub provisioned_concurrency: Option<u32>,
    pub tags: BTreeMap<String, String>,
    pub invoker: Option<Invoker>,
    /// Functions its resource policy lets invoke it (ARNs, redacted with the rest).
    pub function_callers: Vec<String>,
}

/// A function with its own section: its index (snapshot order) and cost projection.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Detail {
    pub index: usize,
    pub projection: Projection,
}

/// One assumption as used, beside its default.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AssumptionRow {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub value: serde_json::Value,
    pub default: serde_json::Value,
    pub changed: bool,
    pub explanation: String,
}

/// A price source and the as-of date of the prices taken from it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct PriceSource {
    pub source: String,
    pub as_of: String,
}

pub struct Report {
    pub meta: Meta,
    /// The dashboard's fleet data (numbers-only analysis) and overview, as the dashboard has them.
    pub fleet: FleetView,
    pub overview: OverviewView,
    /// The explained analysis (`berth analyze`'s), snapshot order.
    pub analysis: Analysis,
    pub warnings: Vec<Warning>,
    pub functions: Vec<FunctionFacts>,
    /// Sections, biggest saving first.
    pub details: Vec<Detail>,
    /// Move and Hybrid functions past [`MAX_SECTIONS`], biggest saving first: one line each.
    pub more: Vec<usize>,
    /// Indexes of the top actions (non-Stay verdicts with a positive saving, biggest first).
    pub top_actions: Vec<usize>,
    pub assumptions: Vec<AssumptionRow>,
    pub price_overrides: Option<serde_json::Value>,
    pub price_sources: Vec<PriceSource>,
}

/// Builds the report of `snapshot` (already redacted when `options.redacted`).
pub fn build(
    snapshot: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
    price_overrides: Option<&serde_json::Value>,
    options: &ReportOptions,
) -> Report {
    let (analysis, warnings) = analyze_explained(snapshot, assumptions, catalog);
    let fleet = fleet_view(
        SnapshotItem::unstored(options.snapshot_id.unwrap_or(0), snapshot),
        snapshot,
        catalog,
        assumptions,
        price_overrides.is_some(),
    );
    let overview = overview(&fleet);

    let mut by_saving: Vec<usize> = (0..analysis.functions.len()).collect();
    by_saving.sort_by(|&a, &b| {
        let (a, b) = (&analysis.functions[a], &analysis.functions[b]);
        b.verdict
            .monthly_saving_usd
            .total_cmp(&a.verdict.monthly_saving_usd)
            .then(a.spend_rank.cmp(&b.spend_rank))
    });
    let top_actions: Vec<usize> = by_saving
        .iter()
        .copied()
        .filter(|&i| {
            let verdict = &analysis.functions[i].verdict;
            verdict.kind != VerdictKind::Stay && verdict.monthly_saving_usd > 0.0
        })
        .take(TOP_ACTIONS)
        .collect();
    let sectioned: Vec<usize> = by_saving
        .iter()
        .enumerate()
        .filter(|&(position, &i)| {
            let kind = analysis.functions[i].verdict.kind;
            position < options.top || matches!(kind, VerdictKind::Move | VerdictKind::Hybrid)
        })
        .map(|(_, &i)| i)
        .collect();
    let full = sectioned.len().min(MAX_SECTIONS.max(options.top));
    let more = sectioned[full..].to_vec();
    let details: Vec<Detail> = sectioned[..full]
        .iter()
        .map(|&index| Detail {
            index,
            projection: project_function(&snapshot.functions[index], assumptions, catalog),
        })
        .collect();

    let functions = snapshot
        .functions
        .iter()
        .map(|f| FunctionFacts {
            arn: f.arn.clone(),
            runtime: f.runtime.clone(),
            timeout_s: f.timeout_s,
            ephemeral_storage_mb: f.ephemeral_storage_mb,
            package_type: f.package_type,
            vpc: f.vpc,
            reserved_concurrency: f.reserved_concurrency,
            provisioned_concurrency: f.provisioned_concurrency,
            tags: f.tags.clone(),
            invoker: f.invoker,
            function_callers: f.function_callers.clone(),
        })
        .collect();

    let used = serde_json::to_value(assumptions).expect("assumptions serialize");
    let assumptions_rows = Assumptions::describe()
        .into_iter()
        .map(|info| {
            let value = used.get(&info.key).cloned().unwrap_or(info.default.clone());
            AssumptionRow {
                changed: value != info.default,
                key: info.key,
                label: info.label,
                unit: info.unit,
                value,
                default: info.default,
                explanation: info.explanation,
            }
        })
        .collect();

    let mut sources = BTreeSet::new();
    for f in &analysis.functions {
        let lines = f.lambda.lines.iter().chain(
            std::iter::once(&f.options.current)
                .chain(&f.options.options)
                .flat_map(|o| &o.lines),
        );
        for line in lines {
            if !sources.contains(&(&*line.source, &*line.as_of)) {
                sources.insert((&*line.source, &*line.as_of));
            }
        }
    }
    let price_sources = sources
        .into_iter()
        .map(|(source, as_of)| PriceSource {
            source: source.to_string(),
            as_of: as_of.to_string(),
        })
        .collect();

    let start = time::parse_rfc3339(&snapshot.window.start).unwrap_or(0);
    let window_end = time::format_rfc3339(start + i64::from(snapshot.window.hours) * 3600);
    let prepared_for = options.prepared_for.clone().filter(|s| !s.is_empty());
    let meta = Meta {
        title: options
            .title
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Lambda and containers: fleet review".to_string()),
        confidentiality: format!(
            "Confidential: prepared for {}. It describes the client's systems and costs; do not \
             share it beyond the people it was prepared for.",
            prepared_for.as_deref().unwrap_or("the client")
        ),
        prepared_for,
        prepared_by: options.prepared_by.clone().filter(|s| !s.is_empty()),
        accounts: snapshot.source.account_id.iter().cloned().collect(),
        regions: fleet.row_regions.clone(),
        source_kind: snapshot.source.kind.as_str().to_string(),
        source_label: snapshot.source.label.clone(),
        collected_at: snapshot.collected_at.clone(),
        window_start: snapshot.window.start.clone(),
        window_end,
        window_hours: snapshot.window.hours,
        generated_at: options.generated_at.clone(),
        prices_as_of: analysis.prices_as_of.clone(),
        price_catalog: if price_overrides.is_some() {
            "Berth's built-in AWS price catalog with the reviewer's price overrides".to_string()
        } else {
            "Berth's built-in AWS price catalog (public AWS pricing pages)".to_string()
        },
        berth_version: env!("CARGO_PKG_VERSION").to_string(),
        redacted: options.redacted,
        snapshot_id: options.snapshot_id,
        top: options.top,
    };
    Report {
        meta,
        fleet,
        overview,
        analysis,
        warnings,
        functions,
        details,
        more,
        top_actions,
        assumptions: assumptions_rows,
        price_overrides: price_overrides.cloned(),
        price_sources,
    }
}

impl Report {
    /// The billed Lambda spend a month, when the snapshot carries Cost Explorer lines.
    pub fn billed_monthly_usd(&self) -> Option<f64> {
        self.fleet.billed_monthly_usd
    }

    /// The first day of the window (`YYYY-MM-DD`).
    pub fn window_start_date(&self) -> &str {
        self.meta
            .window_start
            .get(..10)
            .unwrap_or(&self.meta.window_start)
    }
}
