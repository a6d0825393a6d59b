//! The six signals of DESIGN.md, one module each. Every signal carries its measured value, its
//! threshold, a strength in 0..=1 (0.5 at the threshold, 1 well past it) and one sentence of
//! evidence with the numbers in it. `fired` says whether the design's rule holds.

pub mod concurrency_budget;
pub mod heavy_startup;
pub mod hot_spender;
pub mod large_memory;
pub mod long_runtime;
pub mod steady_traffic;

use std::borrow::Cow;

use crate::text::Num;
use serde::{Deserialize, Serialize};

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
pub enum SignalKind {
    SteadyTraffic,
    LongRuntime,
    HeavyStartup,
    LargeMemory,
    HotSpender,
    ConcurrencyBudget,
}

impl SignalKind {
    /// The six, in the order every analysis lists them (the order of this enum).
    pub const ALL: [SignalKind; 6] = [
        SignalKind::SteadyTraffic,
        SignalKind::LongRuntime,
        SignalKind::HeavyStartup,
        SignalKind::LargeMemory,
        SignalKind::HotSpender,
        SignalKind::ConcurrencyBudget,
    ];

    /// The name in JSON and URLs (`long_runtime`), as serde writes it.
    pub fn key(self) -> &'static str {
        match self {
            SignalKind::SteadyTraffic => "steady_traffic",
            SignalKind::LongRuntime => "long_runtime",
            SignalKind::HeavyStartup => "heavy_startup",
            SignalKind::LargeMemory => "large_memory",
            SignalKind::HotSpender => "hot_spender",
            SignalKind::ConcurrencyBudget => "concurrency_budget",
        }
    }

    /// What the signal means, one sentence (a tooltip on the function page).
    pub fn explanation(self) -> &'static str {
        match self {
            SignalKind::SteadyTraffic => "Traffic that never stops (busy almost every hour, a low peak-to-mean) keeps containers busy: paying per request stops being a bargain.",
            SignalKind::LongRuntime => "Invocations near the timeout or long on average: Lambda's 15-minute wall and per-millisecond billing fight the workload.",
            SignalKind::HeavyStartup => "Slow INIT (cold starts) paid again and again; a long-running container starts once.",
            SignalKind::LargeMemory => "Large memory or a GPU: Lambda tops out at 10 GB and has no GPU; big sizes are dear per GB-second.",
            SignalKind::HotSpender => "One of the few functions making most of the fleet's Lambda spend: where a move pays back. Needs the whole fleet (spend rank, Pareto set).",
            SignalKind::ConcurrencyBudget => "Uses a large share of the region's concurrency quota or gets throttled: it starves the other functions of the account.",
        }
    }

    /// What the signal measures, short (a tooltip on the functions table's indicators).
    pub fn help(self) -> &'static str {
        match self {
            SignalKind::SteadyTraffic => "busy nearly every hour with a low peak-to-mean ratio — a container running all the time is cheaper.",
            SignalKind::LongRuntime => "durations close to the timeout or the 15-minute wall.",
            SignalKind::HeavyStartup => "cold starts × init time is a large share of billed time (INIT is billed since Aug 2025).",
            SignalKind::LargeMemory => "big memory footprints or GPU needs that Lambda prices dearly or cannot serve.",
            SignalKind::HotSpender => "among the few functions that make most of the bill.",
            SignalKind::ConcurrencyBudget => "concurrency = rate × duration uses a large share of the regional limit.",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SignalKind::SteadyTraffic => "Steady traffic",
            SignalKind::LongRuntime => "Long runtime",
            SignalKind::HeavyStartup => "Heavy startup",
            SignalKind::LargeMemory => "Large memory / GPU",
            SignalKind::HotSpender => "Hot spender",
            SignalKind::ConcurrencyBudget => "Concurrency budget",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Signal {
    pub kind: SignalKind,
    /// The main measured value (`None` when the data needed was not collected).
    pub value: Option<f64>,
    pub threshold: f64,
    pub unit: Cow<'static, str>,
    /// 0..=1: 0.5 at the threshold, 1 well past it.
    pub strength: f64,
    /// The design's rule holds: this signal leans the function towards containers.
    pub fired: bool,
    pub evidence: String,
}

/// Piecewise-linear strength through `(x, y)` points (x ascending), clamped at both ends.
pub fn ramp(value: f64, points: &[(f64, f64)]) -> f64 {
    let Some(first) = points.first() else {
        return 0.0;
    };
    if !value.is_finite() || value <= first.0 {
        return if value.is_nan() { 0.0 } else { first.1 };
    }
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if value <= x1 {
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0);
        }
    }
    points[points.len() - 1].1
}

/// `12 %` for a fraction.
pub(crate) fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p != 0.0 && p.abs() < 1.0 {
        format!("{p:.2} %", p = Num(p))
    } else {
        format!("{p:.0} %", p = Num(p))
    }
}

#[cfg(test)]
mod tests;
