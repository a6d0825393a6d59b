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
use crate::cost::lambda::{lambda_cost_with, LambdaConfig, LambdaCost};
use crate::cost::options::{price_options, Options};
use crate::prices::Catalog;
use crate::projection::{project, Projection};
use crate::reconcile::{reconcile, ModeledFunction, Reconciliation};
use crate::signals::hot_spender::SpendRank;
use crate::signals::{
    concurrency_budget, heavy_startup, hot_spender, large_memory, long_runtime, steady_traffic,
    Signal, SignalKind,
};
use crate::snapshot::{Architecture, Function, Invoker, Snapshot};
use crate::verdict::{decide, Coverage, Verdict, VerdictKind};
use crate::warning::Warning;

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

/// One function of `analysis` (at `index` in `snapshot.functions`, the same order) analysed again
/// with its sentences, in the fleet context of `analysis` (spend rank, Pareto set). `None` when
/// `index` is out of range.
pub fn explain_function(
    snapshot: &Snapshot,
    analysis: &Analysis,
    index: usize,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> Option<FunctionAnalysis> {
    let function = snapshot.functions.get(index)?;
    let summary = analysis.functions.get(index)?;
    let limit = snapshot
        .regions
        .iter()
        .find(|r| r.region == function.region)
        .and_then(|r| r.concurrency_limit)
        .map_or(assumptions.default_concurrency_limit, |l| l as f64);
    let chunk = pass_one(
        std::slice::from_ref(function),
        snapshot.window.hours,
        &|_| limit,
        catalog,
        assumptions,
        true,
    );
    let billed_functions: std::collections::HashSet<&str> = snapshot
        .billed
        .iter()
        .filter_map(|b| b.function.as_deref())
        .collect();
    let context = FleetContext {
        lambda_total: analysis.fleet.lambda_monthly_usd,
        set_size: analysis.fleet.pareto.set_size,
        window_hours: snapshot.window.hours,
        billed_functions: &billed_functions,
        any_billed: !snapshot.billed.is_empty(),
        assumptions,
        explain: true,
    };
    pass_three(chunk.partials, 0, &[summary.spend_rank], &context)
        .into_iter()
        .next()
}

/// What one function's analysis needs from its fleet, taken from a fleet analysis, so the function
/// can be analysed again alone with other assumptions (in the browser, without the fleet): the
/// window, its region's concurrency quota and its place in the fleet's spend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FunctionContext {
    pub window_start: String,
    pub window_hours: u32,
    /// The region's concurrency quota; `None` uses the `default_concurrency_limit` assumption.
    pub concurrency_limit: Option<u32>,
    /// Fleet Lambda spend, monthly, as analysed with the fleet's assumptions.
    pub fleet_lambda_monthly_usd: f64,
    pub pareto_set_size: usize,
    /// 1 = biggest Lambda spender.
    pub spend_rank: usize,
    /// Billed costs cover this function (confidence).
    pub billed_cost_present: bool,
}

/// The context of function `index` (snapshot order) in `analysis`; `None` when out of range.
pub fn function_context(
    snapshot: &Snapshot,
    analysis: &Analysis,
    index: usize,
) -> Option<FunctionContext> {
    let function = snapshot.functions.get(index)?;
    let summary = analysis.functions.get(index)?;
    Some(FunctionContext {
        window_start: snapshot.window.start.clone(),
        window_hours: snapshot.window.hours,
        concurrency_limit: snapshot
            .regions
            .iter()
            .find(|r| r.region == function.region)
            .and_then(|r| r.concurrency_limit),
        fleet_lambda_monthly_usd: analysis.fleet.lambda_monthly_usd,
        pareto_set_size: analysis.fleet.pareto.set_size,
        spend_rank: summary.spend_rank,
        billed_cost_present: summary.coverage.billed_cost_present,
    })
}

/// One function analysed alone, with its sentences, in a fleet `context` kept from a fleet
/// analysis: the same result as [`explain_function`] when the assumptions are the fleet's. With
/// other assumptions everything of the function's own is recomputed; the spend rank and the
/// Pareto set stay the fleet's. `assumptions` must be valid ([`Assumptions::validate`]).
pub fn explain_in_context(
    function: &Function,
    context: &FunctionContext,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> FunctionAnalysis {
    let limit = context
        .concurrency_limit
        .map_or(assumptions.default_concurrency_limit, |l| l as f64);
    let chunk = pass_one(
        std::slice::from_ref(function),
        context.window_hours,
        &|_| limit,
        catalog,
        assumptions,
        true,
    );
    // pass_three reads billing coverage from the set of billed functions.
    let mut billed_functions = std::collections::HashSet::new();
    if context.billed_cost_present {
        billed_functions.insert(function.name.as_str());
    }
    let fleet = FleetContext {
        lambda_total: context.fleet_lambda_monthly_usd,
        set_size: context.pareto_set_size,
        window_hours: context.window_hours,
        billed_functions: &billed_functions,
        any_billed: context.billed_cost_present,
        assumptions,
        explain: true,
    };
    pass_three(chunk.partials, 0, &[context.spend_rank], &fleet)
        .into_iter()
        .next()
        .expect("one function in, one analysis out")
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

/// What pass 3 reads of a function besides pass 1's results (its series are not needed after
/// pass 1, so a streamed function is dropped there).
struct Identity {
    name: String,
    region: String,
    arn: String,
    architecture: Architecture,
    memory_mb: u32,
    invoker: Option<Invoker>,
}

impl Identity {
    fn of(function: &Function) -> Identity {
        Identity {
            name: function.name.clone(),
            region: function.region.clone(),
            arn: function.arn.clone(),
            architecture: function.architecture,
            memory_mb: function.memory_mb,
            invoker: function.invoker,
        }
    }

    fn key(&self) -> String {
        format!("{}/{}", self.region, self.name)
    }
}

struct Partial {
    function: Identity,
    traffic: crate::cost::lambda::Traffic,
    provisioned_utilisation: Option<f64>,
    hints: Vec<crate::hints::Hint>,
    lambda: LambdaCost,
    options: Options,
    signals: Vec<Signal>,
}

/// What pass 1 makes of a run of functions.
#[derive(Default)]
struct Chunk {
    partials: Vec<Partial>,
    plan_groups: BTreeMap<crate::plan::GroupKey, crate::plan::GroupAcc>,
    region_hours: BTreeMap<String, (Vec<f64>, usize)>,
    missing: BTreeMap<String, usize>,
    warnings: Vec<Warning>,
}

type LimitOf<'f> = dyn Fn(&Function) -> f64 + Sync + 'f;

/// Functions per unit of parallel work: small enough that both cores stay busy to the end
/// (functions differ in cost), large enough that sharing the work out costs nothing.
const CHUNK: usize = 128;

/// `f` applied to each of `work`, shared out to the available cores (each takes the next
/// unit when done with one); results in `work`'s order. In order on one thread on wasm32.
fn in_parallel<T: Send, R: Send>(work: Vec<T>, f: &(dyn Fn(T) -> R + Sync)) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8)
            .min(work.len());
        if threads > 1 {
            let units = work.len();
            let queue = std::sync::Mutex::new(work.into_iter().enumerate());
            let next = || queue.lock().expect("no thread panics holding it").next();
            let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut done = Vec::new();
                            while let Some((index, unit)) = next() {
                                done.push((index, f(unit)));
                            }
                            done
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().expect("analysis threads do not panic"))
                    .collect()
            });
            done.sort_unstable_by_key(|(index, _)| *index);
            debug_assert_eq!(done.len(), units);
            return done.into_iter().map(|(_, result)| result).collect();
        }
    }
    work.into_iter().map(f).collect()
}

/// `f` applied to runs of [`CHUNK`] functions taken from `functions` as they come, shared out to
/// the available cores while this thread takes the next run; results in order. At most a few
/// runs are waiting at any time, so memory does not grow with the fleet; each run is dropped
/// once `f` is done with it. In order on one thread on wasm32.
fn in_parallel_stream<R: Send>(
    mut functions: impl Iterator<Item = Function>,
    f: &(dyn Fn(&[Function]) -> R + Sync),
) -> Vec<R> {
    let mut next_run = move || -> Option<Vec<Function>> {
        let run: Vec<Function> = functions.by_ref().take(CHUNK).collect();
        (!run.is_empty()).then_some(run)
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8);
        if threads > 1 {
            let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<Function>)>(threads);
            let receive = std::sync::Mutex::new(receive);
            let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut done = Vec::new();
                            loop {
                                let next =
                                    receive.lock().expect("no thread panics holding it").recv();
                                let Ok((index, run)) = next else { break };
                                done.push((index, f(&run)));
                            }
                            done
                        })
                    })
                    .collect();
                let mut index = 0;
                while let Some(run) = next_run() {
                    if send.send((index, run)).is_err() {
                        break;
                    }
                    index += 1;
                }
                drop(send);
                handles
                    .into_iter()
                    .flat_map(|h| h.join().expect("analysis threads do not panic"))
                    .collect()
            });
            done.sort_unstable_by_key(|(index, _)| *index);
            return done.into_iter().map(|(_, result)| result).collect();
        }
    }
    std::iter::from_fn(next_run).map(|run| f(&run)).collect()
}

fn pass_one(
    functions: &[Function],
    window_hours: u32,
    limit_of: &LimitOf,
    catalog: &Catalog,
    assumptions: &Assumptions,
    explain: bool,
) -> Chunk {
    let mut chunk = Chunk {
        partials: Vec::with_capacity(functions.len()),
        ..Chunk::default()
    };
    for function in functions {
        let mut model = FunctionModel::new(function, catalog, assumptions);
        model.explain = explain;
        let mut lambda = lambda_cost_with(
            function,
            &model.traffic,
            &model.hours,
            &LambdaConfig::as_is(function),
            1.0,
            catalog,
            assumptions,
        );
        if model.traffic.observed_hours < window_hours && model.traffic.observed_hours > 0 {
            lambda.notes.push(format!(
                "{} of {window_hours} hours have no invocation count: the month is extrapolated from {} hours",
                window_hours - model.traffic.observed_hours,
                model.traffic.observed_hours
            ));
        }
        let options = price_options(&model, 1.0);
        for m in lambda
            .missing_prices
            .iter()
            .chain(options.options.iter().flat_map(|o| &o.missing_prices))
            .chain(options.current.missing_prices.iter())
        {
            match chunk.missing.get_mut(m) {
                Some(count) => *count += 1,
                None => {
                    chunk.missing.insert(m.clone(), 1);
                }
            }
        }
        for note in &lambda.notes {
            chunk
                .warnings
                .push(Warning::new(function.key(), note.clone()));
        }
        // Room for all six: hot spender is added in pass 3, once spend ranks are known.
        let mut signals = Vec::with_capacity(SignalKind::ALL.len());
        signals.extend([
            steady_traffic::measure(&model),
            long_runtime::measure(&model),
            heavy_startup::measure(&model),
            large_memory::measure(&model),
            concurrency_budget::measure(&model, limit_of(function)),
        ]);
        if !chunk.region_hours.contains_key(&function.region) {
            chunk.region_hours.insert(
                function.region.clone(),
                (vec![0.0; window_hours as usize], 0),
            );
        }
        let entry = chunk
            .region_hours
            .get_mut(&function.region)
            .expect("inserted above");
        entry.1 += 1;
        for (sum, hour) in entry.0.iter_mut().zip(&model.hours) {
            if !hour.concurrency.is_nan() {
                *sum += hour.concurrency;
            }
        }
        let provisioned_utilisation = crate::cost::lambda::provisioned_utilisation(
            &model.hours,
            function.provisioned_concurrency.unwrap_or(0) as f64,
        );
        let hints = crate::hints::check(&model, limit_of(function));
        crate::plan::gather(
            &mut chunk.plan_groups,
            &model,
            &options,
            window_hours as usize,
        );
        chunk.partials.push(Partial {
            function: Identity::of(function),
            provisioned_utilisation,
            hints,
            traffic: model.traffic,
            lambda,
            options,
            signals,
        });
    }
    chunk
}

/// What pass 3 needs to know about the fleet.
struct FleetContext<'a> {
    lambda_total: f64,
    set_size: usize,
    window_hours: u32,
    billed_functions: &'a std::collections::HashSet<&'a str>,
    any_billed: bool,
    assumptions: &'a Assumptions,
    explain: bool,
}

/// Hot spender, coverage and verdict for `partials`, the first of which is function `first`.
fn pass_three(
    partials: Vec<Partial>,
    first: usize,
    rank_of: &[usize],
    context: &FleetContext,
) -> Vec<FunctionAnalysis> {
    let lambda_total = context.lambda_total;
    let assumptions = context.assumptions;
    let mut functions = Vec::with_capacity(partials.len());
    for (offset, partial) in partials.into_iter().enumerate() {
        let index = first + offset;
        let Partial {
            function,
            provisioned_utilisation,
            hints,
            traffic,
            lambda,
            options,
            mut signals,
        } = partial;
        let spend = SpendRank {
            monthly_usd: lambda.monthly_usd,
            fleet_usd: lambda_total,
            rank: rank_of[index],
            pareto_size: context.set_size,
        };
        signals.push(hot_spender::measure(spend, assumptions, context.explain));
        // `SignalKind`'s order is the signals' order (its `Ord` is the declaration order).
        signals.sort_unstable_by_key(|signal| signal.kind);
        debug_assert!(signals.iter().map(|s| s.kind).eq(SignalKind::ALL));
        let key = function.key();
        let billed = context.billed_functions;
        let billed_present = billed.contains(function.name.as_str())
            || billed.contains(function.arn.as_str())
            || billed.contains(key.as_str());
        let coverage = Coverage {
            hours_observed: traffic.observed_hours,
            window_hours: context.window_hours,
            invocations: traffic.invocations,
            billed_cost_present: billed_present || (context.any_billed && billed.is_empty()),
            prices_complete: lambda.missing_prices.is_empty()
                && options.current.missing_prices.is_empty(),
        };
        let verdict = decide(&options, &signals, &coverage, assumptions, context.explain);
        functions.push(FunctionAnalysis {
            key,
            name: function.name.clone(),
            region: function.region.clone(),
            architecture: function.architecture,
            memory_mb: function.memory_mb,
            invoker: function.invoker,
            mean_requests_per_second: traffic.mean_requests_per_second(),
            monthly_invocations: traffic.monthly_invocations(),
            mean_duration_ms: traffic.weighted_duration_ms,
            peak_concurrency: traffic.peak_concurrency,
            provisioned_utilisation,
            spend_share: if lambda_total > 0.0 {
                lambda.monthly_usd / lambda_total
            } else {
                0.0
            },
            spend_rank: rank_of[index],
            lambda,
            options,
            signals,
            hints,
            verdict,
            coverage,
        });
    }
    functions
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
