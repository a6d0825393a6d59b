//! The passes of the fleet analysis and their parallel chunks: pass 1 reads each function's
//! series once (traffic, Lambda cost, options, signals, hints, the steady core's hours), pass 3
//! adds the fleet's context (spend rank, Pareto set, billing coverage) and decides the verdict.
//! Functions go in chunks of [`CHUNK`] to at most eight scoped threads, results in order.

use std::collections::BTreeMap;

use crate::assumptions::Assumptions;
use crate::cost::containers::FunctionModel;
use crate::cost::lambda::{lambda_cost_with, LambdaConfig, LambdaCost};
use crate::cost::options::{price_options, Options};
use crate::prices::Catalog;
use crate::signals::hot_spender::SpendRank;
use crate::signals::{
    concurrency_budget, heavy_startup, hot_spender, large_memory, long_runtime, steady_traffic,
    Signal, SignalKind,
};
use crate::snapshot::{Architecture, Function, Invoker};
use crate::verdict::{decide, Coverage};
use crate::warning::Warning;

use super::*;

/// What pass 3 reads of a function besides pass 1's results (its series are not needed after
/// pass 1, so a streamed function is dropped there).
pub(super) struct Identity {
    pub(super) name: String,
    pub(super) region: String,
    pub(super) arn: String,
    pub(super) architecture: Architecture,
    pub(super) memory_mb: u32,
    pub(super) invoker: Option<Invoker>,
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

pub(super) struct Partial {
    pub(super) function: Identity,
    pub(super) traffic: crate::cost::lambda::Traffic,
    pub(super) provisioned_utilisation: Option<f64>,
    pub(super) hints: Vec<crate::hints::Hint>,
    pub(super) lambda: LambdaCost,
    pub(super) options: Options,
    pub(super) signals: Vec<Signal>,
}

/// What pass 1 makes of a run of functions.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) partials: Vec<Partial>,
    pub(super) plan_groups: BTreeMap<crate::plan::GroupKey, crate::plan::GroupAcc>,
    pub(super) region_hours: BTreeMap<String, (Vec<f64>, usize)>,
    pub(super) missing: BTreeMap<String, usize>,
    pub(super) warnings: Vec<Warning>,
}

type LimitOf<'f> = dyn Fn(&Function) -> f64 + Sync + 'f;

/// Functions per unit of parallel work: small enough that both cores stay busy to the end
/// (functions differ in cost), large enough that sharing the work out costs nothing.
pub(super) const CHUNK: usize = 128;

/// `f` applied to each of `work`, shared out to the available cores (each takes the next
/// unit when done with one); results in `work`'s order. In order on one thread on wasm32.
pub(super) fn in_parallel<T: Send, R: Send>(work: Vec<T>, f: &(dyn Fn(T) -> R + Sync)) -> Vec<R> {
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
pub(super) fn in_parallel_stream<R: Send>(
    mut functions: impl Iterator<Item = Function>,
    f: &(dyn Fn(&[Function]) -> R + Sync),
) -> Vec<R> {
    // `mut` only where the threads below call it; wasm32 hands it straight to `from_fn`.
    #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
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

pub(super) fn pass_one(
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
pub(super) struct FleetContext<'a> {
    pub(super) lambda_total: f64,
    pub(super) set_size: usize,
    pub(super) window_hours: u32,
    pub(super) billed_functions: &'a std::collections::HashSet<&'a str>,
    pub(super) any_billed: bool,
    pub(super) assumptions: &'a Assumptions,
    pub(super) explain: bool,
}

/// Hot spender, coverage and verdict for `partials`, the first of which is function `first`.
pub(super) fn pass_three(
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
