//! The fleet analysis: one snapshot, assumptions and a catalog in; per function the Lambda cost,
//! the options, the six signals and a verdict; fleet totals, the Pareto of spend, each region's
//! concurrency against its limit, verdict counts, the total saving and the reconciliation with
//! billed costs. Never fails because of data: gaps become warnings.
//!
//! Projections are not part of the analysis (31 points × 8 options × every function would cost
//! more than the whole analysis); compute them for the functions on screen with
//! [`project_function`].

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::cost::containers::FunctionModel;
use crate::cost::lambda::LambdaCost;
use crate::cost::options::Options;
use crate::prices::Catalog;
use crate::projection::{project, Projection};
use crate::reconcile::{reconcile, ModeledFunction, Reconciliation};
use crate::signals::{Signal, SignalKind};
use crate::snapshot::{Architecture, Function, Invoker, Snapshot};
use crate::verdict::{Coverage, Verdict, VerdictKind};
use crate::warning::Warning;

mod context;
mod passes;

pub use context::{explain_function, explain_in_context, function_context, FunctionContext};
use passes::{in_parallel, in_parallel_stream, pass_one, pass_three, Chunk, FleetContext, CHUNK};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FunctionAnalysis {
    /// `region/name`.
    pub key: String,
    pub name: String,
    pub region: String,
    pub architecture: Architecture,
    pub memory_mb: u32,
    pub invoker: Option<Invoker>,
    pub mean_requests_per_second: f64,
    /// Invocations in a month of the `hours_per_month` assumption (extrapolated from the
    /// observed hours).
    pub monthly_invocations: f64,
    /// Invocation-weighted mean duration, ms, over the hours with both figures; `None` when no
    /// hour has them.
    pub mean_duration_ms: Option<f64>,
    pub peak_concurrency: f64,
    /// How much of today's provisioned concurrency is used (0..=1; `None` without PC), see
    /// [`crate::cost::lambda::provisioned_utilisation`].
    pub provisioned_utilisation: Option<f64>,
    /// Lambda alone, as configured (what the Lambda bill shows).
    pub lambda: LambdaCost,
    /// The current setup (Lambda plus its API Gateway) and every option, at today's traffic.
    pub options: Options,
    /// The six signals, in [`crate::signals::SignalKind`] order.
    pub signals: Vec<Signal>,
    /// Hints that fired ([`crate::hints`]), not part of the verdict.
    pub hints: Vec<crate::hints::Hint>,
    pub verdict: Verdict,
    pub coverage: Coverage,
    /// 1 = biggest Lambda spender.
    pub spend_rank: usize,
    pub spend_share: f64,
}

impl FunctionAnalysis {
    /// Today's whole setup per month (Lambda plus the API Gateway in front of it, which
    /// containers would drop); savings are measured from it.
    pub fn current_monthly_usd(&self) -> f64 {
        self.options.current.monthly_usd
    }

    /// The cheapest priced alternative to today's setup ([`Options::cheapest_priced`]).
    pub fn cheapest_option(&self) -> Option<&crate::cost::options::OptionCost> {
        self.options.cheapest_priced()
    }

    /// Container score, 0..=100: the mean strength of the six signals (50 = every signal at its
    /// threshold).
    pub fn container_score(&self) -> f64 {
        100.0 * self.signal_strengths().iter().sum::<f64>() / SignalKind::ALL.len() as f64
    }

    /// Each signal's strength, in [`SignalKind::ALL`] order (0 for one not measured).
    pub fn signal_strengths(&self) -> [f64; 6] {
        SignalKind::ALL.map(|kind| self.signal(kind).map_or(0.0, |s| s.strength))
    }

    pub fn signal(&self, kind: SignalKind) -> Option<&Signal> {
        self.signals.iter().find(|s| s.kind == kind)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RegionConcurrency {
    pub region: String,
    pub limit: f64,
    /// False when the snapshot lacks the quota and the default was used.
    pub limit_known: bool,
    /// Highest hourly sum of the functions' peak concurrency (an upper bound: peaks within an
    /// hour need not coincide).
    pub peak_concurrency: f64,
    pub share_of_limit: f64,
    pub functions: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pareto {
    /// The share of spend the set makes (assumption, 0.8).
    pub target_share: f64,
    /// Fewest functions making `target_share` of Lambda spend.
    pub set_size: usize,
    pub set_monthly_usd: f64,
    /// Cumulative share of spend by rank (index 0 = the biggest spender), for the chart.
    pub cumulative_share: Vec<f64>,
    /// Function indexes (into `Analysis::functions`) by rank.
    pub ranked: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fleet {
    pub functions: usize,
    /// Lambda alone, monthly.
    pub lambda_monthly_usd: f64,
    /// Lambda plus API Gateway fronts, monthly.
    pub current_monthly_usd: f64,
    /// Sum of the verdicts' savings (Move/Hybrid/Tune).
    pub total_saving_usd: f64,
    /// Sum of the verdicts' one-time costs (engineer-days × day cost).
    pub one_time_usd: f64,
    /// Months for the total saving to repay the total one-time cost (`None` when nothing is
    /// saved).
    pub payback_months: Option<f64>,
    pub verdict_counts: BTreeMap<VerdictKind, usize>,
    pub saving_by_verdict: BTreeMap<VerdictKind, f64>,
    /// One-time cost of the changes, per verdict (0 for Stay).
    #[serde(default)]
    pub one_time_by_verdict: BTreeMap<VerdictKind, f64>,
    /// Functions per hint that fired (every hint kind, 0 included).
    pub hint_counts: BTreeMap<crate::hints::HintKind, usize>,
    pub pareto: Pareto,
    pub regions: Vec<RegionConcurrency>,
    pub reconciliation: Option<Reconciliation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Analysis {
    pub window_start: String,
    pub window_hours: u32,
    /// Oldest as-of date among the prices used.
    pub prices_as_of: String,
    pub functions: Vec<FunctionAnalysis>,
    pub fleet: Fleet,
    /// The steady core: the functions worth moving in shared services ([`crate::plan`]).
    pub plan: crate::plan::Plan,
}

/// Analyses a validated snapshot. Never fails: data gaps and unknown prices become warnings.
///
/// Numbers only: the sentences (signal `evidence`, option `detail`, verdict `reasons`) are left
/// empty, since writing them for every function costs more than the rest of the analysis. Get
/// them for the function on screen with [`explain_function`], or for all with
/// [`analyze_explained`] (CLI and reports).
pub fn analyze(
    snapshot: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> (Analysis, Vec<Warning>) {
    analyze_with(snapshot, assumptions, catalog, false)
}

/// [`analyze`] with every sentence written (evidence, details, reasons).
pub fn analyze_explained(
    snapshot: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> (Analysis, Vec<Warning>) {
    analyze_with(snapshot, assumptions, catalog, true)
}

/// [`analyze`] (or with `explain`, [`analyze_explained`]) of a snapshot read function by
/// function: `head` is the snapshot without its functions (window, regions, billed costs,
/// warnings), `functions` its validated functions in order. Each function's series are read
/// once and dropped, so a fleet is analysed without holding every series at once; the result is
/// the same as that of the whole snapshot.
pub fn analyze_stream(
    head: &Snapshot,
    functions: impl Iterator<Item = Function>,
    assumptions: &Assumptions,
    catalog: &Catalog,
    explain: bool,
) -> (Analysis, Vec<Warning>) {
    let (mut warnings, defaults) = prelude(head, assumptions);
    let assumptions = defaults.as_ref().unwrap_or(assumptions);
    let limits = Limits::new(head, assumptions);
    let chunks = in_parallel_stream(functions, &|part: &[Function]| {
        pass_one(
            part,
            head.window.hours,
            &|function| limits.limit(&function.region).0,
            catalog,
            assumptions,
            explain,
        )
    });
    let analysis = finish(
        head,
        chunks,
        &limits,
        assumptions,
        catalog,
        explain,
        &mut warnings,
    );
    (analysis, warnings)
}

fn analyze_with(
    snapshot: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
    explain: bool,
) -> (Analysis, Vec<Warning>) {
    let (mut warnings, defaults) = prelude(snapshot, assumptions);
    let assumptions = defaults.as_ref().unwrap_or(assumptions);
    let limits = Limits::new(snapshot, assumptions);
    // Pass 1: per function costs, options and the signals that need no fleet context, in
    // chunks shared out to the available cores (kept in snapshot order).
    let chunks = in_parallel(
        snapshot.functions.chunks(CHUNK).collect(),
        &|part: &[Function]| {
            pass_one(
                part,
                snapshot.window.hours,
                &|function| limits.limit(&function.region).0,
                catalog,
                assumptions,
                explain,
            )
        },
    );
    let analysis = finish(
        snapshot,
        chunks,
        &limits,
        assumptions,
        catalog,
        explain,
        &mut warnings,
    );
    (analysis, warnings)
}

/// The snapshot's collection warnings, and the defaults when `assumptions` do not validate
/// (with a warning saying so).
fn prelude(snapshot: &Snapshot, assumptions: &Assumptions) -> (Vec<Warning>, Option<Assumptions>) {
    let mut warnings: Vec<Warning> = snapshot
        .warnings
        .iter()
        .map(|w| Warning::new(&w.scope, format!("collection: {}", w.message)))
        .collect();
    let defaults = match assumptions.validate() {
        Ok(()) => None,
        Err(error) => {
            warnings.push(Warning::new(
                "assumptions",
                format!("{error}: the defaults were used instead"),
            ));
            Some(Assumptions::default())
        }
    };
    (warnings, defaults)
}

/// Each region's concurrency quota, from the snapshot or the `default_concurrency_limit`.
struct Limits<'a> {
    known: HashMap<&'a str, Option<u32>>,
    default: f64,
}

impl<'a> Limits<'a> {
    fn new(snapshot: &'a Snapshot, assumptions: &Assumptions) -> Limits<'a> {
        Limits {
            known: snapshot
                .regions
                .iter()
                .map(|r| (r.region.as_str(), r.concurrency_limit))
                .collect(),
            default: assumptions.default_concurrency_limit,
        }
    }

    /// The quota and whether the snapshot knew it.
    fn limit(&self, region: &str) -> (f64, bool) {
        match self.known.get(region).copied().flatten() {
            Some(limit) => (limit as f64, true),
            None => (self.default, false),
        }
    }
}

/// Passes 2 and 3 and the fleet figures, from pass 1's chunks (in snapshot order).
fn finish(
    snapshot: &Snapshot,
    mut chunks: Vec<Chunk>,
    limits: &Limits,
    assumptions: &Assumptions,
    catalog: &Catalog,
    explain: bool,
    warnings: &mut Vec<Warning>,
) -> Analysis {
    let window_hours = snapshot.window.hours;
    let mut region_hours: BTreeMap<String, (Vec<f64>, usize)> = BTreeMap::new();
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut plan_groups: BTreeMap<crate::plan::GroupKey, crate::plan::GroupAcc> = BTreeMap::new();
    for chunk in &mut chunks {
        for (key, acc) in std::mem::take(&mut chunk.plan_groups) {
            plan_groups.entry(key).or_default().merge(acc);
        }
        for (region, (hours, count)) in std::mem::take(&mut chunk.region_hours) {
            let entry = region_hours
                .entry(region)
                .or_insert_with(|| (vec![0.0; window_hours as usize], 0));
            entry.1 += count;
            for (sum, c) in entry.0.iter_mut().zip(hours) {
                *sum += c;
            }
        }
        for (what, count) in std::mem::take(&mut chunk.missing) {
            *missing.entry(what).or_default() += count;
        }
        warnings.append(&mut chunk.warnings);
    }
    for (what, count) in missing {
        warnings.push(Warning::new(
            Warning::PRICES,
            format!(
                "no price for {what} ({count} function{} affected): left out of those figures",
                if count == 1 { "" } else { "s" }
            ),
        ));
    }

    // Pass 2: spend ranks and the Pareto set.
    let spend: Vec<f64> = chunks
        .iter()
        .flat_map(|chunk| chunk.partials.iter().map(|p| p.lambda.monthly_usd))
        .collect();
    let lambda_total: f64 = spend.iter().sum();
    let mut ranked: Vec<usize> = (0..spend.len()).collect();
    ranked.sort_by(|&a, &b| spend[b].total_cmp(&spend[a]));
    let mut cumulative_share = Vec::with_capacity(ranked.len());
    let mut running = 0.0;
    let mut set_size = 0;
    let mut set_usd = 0.0;
    for &index in &ranked {
        let before = running;
        running += spend[index];
        cumulative_share.push(if lambda_total > 0.0 {
            running / lambda_total
        } else {
            0.0
        });
        if lambda_total > 0.0 && before < assumptions.hot_spender_pareto_share * lambda_total {
            set_size += 1;
            set_usd = running;
        }
    }
    let mut rank_of = vec![0usize; spend.len()];
    for (rank, &index) in ranked.iter().enumerate() {
        rank_of[index] = rank + 1;
    }

    let billed_functions: std::collections::HashSet<&str> = snapshot
        .billed
        .iter()
        .filter_map(|b| b.function.as_deref())
        .collect();
    let any_billed = !snapshot.billed.is_empty();

    // Pass 3: hot spender, verdicts (the same chunks, in parallel, kept in order).
    let context = FleetContext {
        lambda_total,
        set_size,
        window_hours,
        billed_functions: &billed_functions,
        any_billed,
        assumptions,
        explain,
    };
    // The reconciliation matches billed lines on ARNs too; the analyses do not carry them.
    let arns: Vec<String> = chunks
        .iter()
        .flat_map(|chunk| chunk.partials.iter().map(|p| p.function.arn.clone()))
        .collect();
    // Every chunk but the last holds CHUNK functions, so chunk i starts at function i × CHUNK.
    let parts = chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| (i * CHUNK, chunk.partials))
        .collect();
    let parts = in_parallel(parts, &|(first, partials)| {
        pass_three(partials, first, &rank_of, &context)
    });
    let mut functions = Vec::with_capacity(spend.len());
    for part in parts {
        functions.extend(part);
    }
    let mut verdict_counts: BTreeMap<VerdictKind, usize> =
        VerdictKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut saving_by_verdict: BTreeMap<VerdictKind, f64> =
        VerdictKind::ALL.iter().map(|k| (*k, 0.0)).collect();
    let mut one_time_by_verdict = saving_by_verdict.clone();
    let mut current_total = 0.0;
    let mut one_time_total = 0.0;
    let mut hint_counts: BTreeMap<crate::hints::HintKind, usize> = crate::hints::HintKind::ALL
        .iter()
        .map(|k| (*k, 0))
        .collect();
    for f in &functions {
        for hint in &f.hints {
            *hint_counts.entry(hint.kind).or_default() += 1;
        }
        one_time_total += f.verdict.one_time_usd;
        *verdict_counts.entry(f.verdict.kind).or_default() += 1;
        *saving_by_verdict.entry(f.verdict.kind).or_default() += f.verdict.monthly_saving_usd;
        *one_time_by_verdict.entry(f.verdict.kind).or_default() += f.verdict.one_time_usd;
        current_total += f.options.current.monthly_usd;
    }

    let regions = region_hours
        .into_iter()
        .map(|(region, (hours, count))| {
            let (limit, limit_known) = limits.limit(&region);
            let peak = hours.iter().copied().fold(0.0, f64::max);
            RegionConcurrency {
                region,
                limit,
                limit_known,
                peak_concurrency: peak,
                share_of_limit: peak / limit,
                functions: count,
            }
        })
        .collect();

    let modeled: Vec<ModeledFunction> = arns
        .iter()
        .zip(&functions)
        .map(|(arn, analysis)| ModeledFunction {
            key: &analysis.key,
            name: &analysis.name,
            arn,
            lines: &analysis.lambda.lines,
        })
        .collect();
    let reconciliation = reconcile(&snapshot.billed, &modeled, assumptions.hours_per_month);

    let prices_as_of = functions
        .iter()
        .flat_map(|f| {
            std::iter::once(&f.options.current)
                .chain(&f.options.options)
                .map(|o| &*o.prices_as_of)
        })
        .filter(|s| !s.is_empty())
        .min()
        .unwrap_or("")
        .to_string();
    let total_saving_usd = saving_by_verdict.values().sum();
    let fleet = Fleet {
        functions: functions.len(),
        lambda_monthly_usd: lambda_total,
        current_monthly_usd: current_total,
        total_saving_usd,
        one_time_usd: one_time_total,
        payback_months: crate::verdict::payback_months(one_time_total, total_saving_usd),
        verdict_counts,
        saving_by_verdict,
        one_time_by_verdict,
        hint_counts,
        pareto: Pareto {
            target_share: assumptions.hot_spender_pareto_share,
            set_size,
            set_monthly_usd: set_usd,
            cumulative_share,
            ranked,
        },
        regions,
        reconciliation,
    };
    let plan = crate::plan::build(
        plan_groups,
        functions.len(),
        window_hours,
        assumptions,
        catalog,
    );
    Analysis {
        window_start: snapshot.window.start.clone(),
        window_hours,
        prices_as_of,
        functions,
        fleet,
        plan,
    }
}

/// The projection of one function's options over traffic multipliers, with break-evens.
pub fn project_function(
    function: &Function,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> Projection {
    let mut model = FunctionModel::new(function, catalog, assumptions);
    project(&mut model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoConfig};

    #[test]
    fn a_streamed_fleet_is_analysed_as_the_whole_snapshot() {
        // More than a few chunks, so runs are shared out and put back in order.
        let snapshot = generate(&DemoConfig {
            functions: 700,
            days: 3,
            seed: 9,
        });
        let head = Snapshot {
            functions: Vec::new(),
            ..snapshot.clone()
        };
        let assumptions = Assumptions::default();
        let catalog = Catalog::builtin();
        for explain in [false, true] {
            let whole = analyze_with(&snapshot, &assumptions, &catalog, explain);
            let streamed = analyze_stream(
                &head,
                snapshot.functions.iter().cloned(),
                &assumptions,
                &catalog,
                explain,
            );
            assert_eq!(streamed, whole);
        }
    }
}
