//! Hints: checks from the rules Berth is built on, each with its evidence, threshold and a
//! suggested fix. Like signals they carry a value and a threshold, but they are not part of the
//! verdict: they say what to fix whichever way the function goes.
//!
//! | hint | fires when (thresholds are assumptions) |
//! |---|---|
//! | downstream unprotected | a VPC function peaks at ≥ `hint_vpc_concurrency` concurrent executions without reserved concurrency |
//! | throttled unreserved | throttles without reserved concurrency |
//! | region budget | one function's peak holds ≥ `hint_region_share` of its region's limit |
//! | timeout far above p99 | timeout ≥ `hint_timeout_factor` (20) × the p99 duration |
//! | p99 near timeout | p99 ≥ `long_runtime_timeout_share` of the timeout |
//! | state in /tmp | ephemeral storage ≥ `hint_ephemeral_mb` and cold starts ≥ `hint_cold_start_share` of invocations |
//! | high errors | errors ≥ `hint_error_share` of invocations |
//! | called by a function | its resource policy lets ≥ 1 other function invoke it (the collector's `function_callers`) and it ran in the window |
//!
//! The last one can only see what a resource policy says: a caller that uses its own role's
//! identity-based permissions leaves no trace on the callee, and a grant does not tell whether
//! the caller waits (RequestResponse) or not (Event).

use serde::{Deserialize, Serialize};

use crate::cost::containers::FunctionModel;
use crate::signals::percent;
use crate::text::Num;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HintKind {
    DownstreamUnprotected,
    ThrottledUnreserved,
    RegionBudget,
    TimeoutFarAboveP99,
    P99NearTimeout,
    StateInTmp,
    HighErrors,
    CalledByFunction,
}

impl HintKind {
    pub const ALL: [HintKind; 8] = [
        HintKind::DownstreamUnprotected,
        HintKind::ThrottledUnreserved,
        HintKind::RegionBudget,
        HintKind::TimeoutFarAboveP99,
        HintKind::P99NearTimeout,
        HintKind::StateInTmp,
        HintKind::HighErrors,
        HintKind::CalledByFunction,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HintKind::DownstreamUnprotected => "Downstream unprotected",
            HintKind::ThrottledUnreserved => "Throttled, no reserved concurrency",
            HintKind::RegionBudget => "Large share of the region's concurrency",
            HintKind::TimeoutFarAboveP99 => "Timeout far above p99",
            HintKind::P99NearTimeout => "p99 near the timeout",
            HintKind::StateInTmp => "State in /tmp",
            HintKind::HighErrors => "High error share",
            HintKind::CalledByFunction => "Called by another function",
        }
    }

    /// The suggested fix.
    pub fn fix(self) -> &'static str {
        match self {
            HintKind::DownstreamUnprotected => {
                "The downstream is the bottleneck: pool database connections (RDS Proxy, PgBouncer) and cap the function with reserved concurrency."
            }
            HintKind::ThrottledUnreserved => {
                "Reserve concurrency for it (and raise the regional quota if the region is full), so other functions cannot starve it."
            }
            HintKind::RegionBudget => {
                "Concurrency is your real budget (Little's law: requests/s × duration): cut its duration, reserve its share, or ask for a higher quota."
            }
            HintKind::TimeoutFarAboveP99 => {
                "Lower the timeout to a few times the p99, so a hung call fails fast instead of holding an environment (and its bill)."
            }
            HintKind::P99NearTimeout => {
                "Raise the timeout or split the work (Step Functions, a queue): the slowest calls are about to time out."
            }
            HintKind::StateInTmp => {
                "Large /tmp with frequent cold starts: state kept there is lost on every new environment; move it to S3, EFS or a cache."
            }
            HintKind::HighErrors => {
                "Look at the failures: retries of failed invocations are billed too, and async retries multiply them."
            }
            HintKind::CalledByFunction => {
                "A function that waits for another is billed for both durations: invoke it asynchronously (InvocationType Event), put a queue between them, or let Step Functions orchestrate the two."
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hint {
    pub kind: HintKind,
    pub value: f64,
    pub threshold: f64,
    /// The measured facts, one sentence (empty in numbers-only analyses).
    pub evidence: String,
}

/// The hints that fire for the function of `model`; `limit` is its region's concurrency quota.
pub fn check(model: &FunctionModel, limit: f64) -> Vec<Hint> {
    let a = model.assumptions;
    let f = model.function;
    let t = &model.traffic;
    let explain = model.explain;
    let mut hints = Vec::new();
    let mut push = |kind, value: f64, threshold: f64, evidence: &dyn Fn() -> String| {
        hints.push(Hint {
            kind,
            value,
            threshold,
            evidence: if explain { evidence() } else { String::new() },
        });
    };
    let unreserved = f.reserved_concurrency.is_none();
    if f.vpc && unreserved && t.peak_concurrency >= a.hint_vpc_concurrency {
        push(
            HintKind::DownstreamUnprotected,
            t.peak_concurrency,
            a.hint_vpc_concurrency,
            &|| {
                format!(
                    "In a VPC, peaks at {:.0} concurrent executions (threshold {:.0}) with no reserved concurrency: as many database connections.",
                    Num(t.peak_concurrency),
                    Num(a.hint_vpc_concurrency)
                )
            },
        );
    }
    if unreserved && t.throttles > 0.0 {
        push(HintKind::ThrottledUnreserved, t.throttles, 0.0, &|| {
            format!(
                "{:.0} throttles in the window and no reserved concurrency.",
                Num(t.throttles)
            )
        });
    }
    let share = if limit > 0.0 {
        t.peak_concurrency / limit
    } else {
        0.0
    };
    if share >= a.hint_region_share {
        push(HintKind::RegionBudget, share, a.hint_region_share, &|| {
            format!(
                "Peaks at {:.0} concurrent executions, {} of {}'s limit of {:.0} (threshold {}).",
                Num(t.peak_concurrency),
                percent(share),
                f.region,
                Num(limit),
                percent(a.hint_region_share)
            )
        });
    }
    let timeout_ms = f.timeout_s as f64 * 1000.0;
    if let Some(p99) = t.p99_duration_ms.filter(|&p99| p99 > 0.0) {
        let factor = timeout_ms / p99;
        if factor >= a.hint_timeout_factor {
            push(
                HintKind::TimeoutFarAboveP99,
                factor,
                a.hint_timeout_factor,
                &|| {
                    format!(
                        "Timeout {} s is {:.0}× the p99 of {:.0} ms (threshold {:.0}×).",
                        f.timeout_s,
                        Num(factor),
                        Num(p99),
                        Num(a.hint_timeout_factor)
                    )
                },
            );
        }
        let near = p99 / timeout_ms;
        if near >= a.long_runtime_timeout_share {
            push(
                HintKind::P99NearTimeout,
                near,
                a.long_runtime_timeout_share,
                &|| {
                    format!(
                        "p99 of {:.0} ms is {} of the {} s timeout (threshold {}).",
                        Num(p99),
                        percent(near),
                        f.timeout_s,
                        percent(a.long_runtime_timeout_share)
                    )
                },
            );
        }
    }
    if let Some(cold) = t.cold_starts {
        let cold_share = if t.invocations > 0.0 {
            cold / t.invocations
        } else {
            0.0
        };
        if f.ephemeral_storage_mb as f64 >= a.hint_ephemeral_mb
            && cold_share >= a.hint_cold_start_share
        {
            push(
                HintKind::StateInTmp,
                cold_share,
                a.hint_cold_start_share,
                &|| {
                    format!(
                        "{} MB of /tmp and {} of invocations start cold (threshold {:.0} MB and {}).",
                        f.ephemeral_storage_mb,
                        percent(cold_share),
                        Num(a.hint_ephemeral_mb),
                        percent(a.hint_cold_start_share)
                    )
                },
            );
        }
    }
    let errors = f.series.errors.sum();
    if t.invocations > 0.0 {
        let error_share = errors / t.invocations;
        if error_share >= a.hint_error_share {
            push(
                HintKind::HighErrors,
                error_share,
                a.hint_error_share,
                &|| {
                    format!(
                        "{:.0} errors, {} of {:.0} invocations (threshold {}).",
                        Num(errors),
                        percent(error_share),
                        Num(t.invocations),
                        percent(a.hint_error_share)
                    )
                },
            );
        }
    }
    let callers = &f.function_callers;
    if !callers.is_empty() && t.invocations > 0.0 {
        push(
            HintKind::CalledByFunction,
            callers.len() as f64,
            1.0,
            &|| {
                let mut names: Vec<&str> = callers.iter().take(3).map(|c| caller_name(c)).collect();
                if callers.len() > 3 {
                    names.push("…");
                }
                format!(
                    "Its resource policy lets {} invoke it ({}): a caller that waits for the answer is billed for this function's {:.0} billed seconds in the window too ({:.0} ms per call).",
                    match callers.len() {
                        1 => "another function".to_string(),
                        n => format!("{n} other functions"),
                    },
                    names.join(", "),
                    Num(t.billed_s),
                    Num(if t.invocations > 0.0 {
                        t.billed_s * 1000.0 / t.invocations
                    } else {
                        0.0
                    })
                )
            },
        );
    }
    hints
}

/// A caller as people read it: the function's name from its ARN (with its alias), or "any
/// function" for a grant to `lambda.amazonaws.com` without a source.
fn caller_name(caller: &str) -> &str {
    match caller.split_once(":function:") {
        Some((_, name)) => name,
        None if caller == "lambda.amazonaws.com" => "any function",
        None => caller,
    }
}
