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
