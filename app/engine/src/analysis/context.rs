//! One function analysed again alone: with its sentences in its fleet's context
//! ([`explain_function`]), and from a kept [`FunctionContext`] with other assumptions (the
//! function page, in the browser: [`explain_in_context`]).

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::prices::Catalog;
use crate::snapshot::{Function, Snapshot};

use super::passes::{pass_one, pass_three, FleetContext};
use super::{Analysis, FunctionAnalysis};

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
