//! Hot spender: share of fleet Lambda spend and rank in the Pareto set (the fewest functions
//! making 80 % of spend). Fires in the set and ≥ 5 % alone: where a change pays most.

use super::{percent, ramp, Signal, SignalKind};
use crate::assumptions::Assumptions;
use crate::prices::format_usd;

/// Where one function stands in the fleet's spend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpendRank {
    pub monthly_usd: f64,
    pub fleet_usd: f64,
    /// 1 = the biggest spender.
    pub rank: usize,
    /// Size of the Pareto set.
    pub pareto_size: usize,
}

/// `explain`: write the evidence sentence (fleet analyses skip it, see `analysis`).
pub fn measure(spend: SpendRank, assumptions: &Assumptions, explain: bool) -> Signal {
    let t = assumptions.hot_spender_alone_share;
    let share = if spend.fleet_usd > 0.0 {
        spend.monthly_usd / spend.fleet_usd
    } else {
        0.0
    };
    let in_set = spend.rank <= spend.pareto_size && spend.monthly_usd > 0.0;
    let mut strength = ramp(share, &[(0.0, 0.0), (t, 0.5), (4.0 * t, 1.0)]);
    if !in_set {
        strength = strength.min(0.4);
    }
    let set_text = if !explain {
        String::new()
    } else if in_set {
        format!(
            "#{} of the {} functions making {} of spend",
            spend.rank,
            spend.pareto_size,
            percent(assumptions.hot_spender_pareto_share)
        )
    } else {
        format!(
            "#{}, outside the {} functions making {} of spend",
            spend.rank,
            spend.pareto_size,
            percent(assumptions.hot_spender_pareto_share)
        )
    };
    Signal {
        kind: SignalKind::HotSpender,
        value: Some(share),
        threshold: t,
        unit: "share of fleet spend".into(),
        strength,
        fired: in_set && share >= t,
        evidence: if explain {
            format!(
            "Makes {} of the fleet's Lambda spend ({} of {} a month; threshold {}), {set_text}.",
            percent(share),
            format_usd(spend.monthly_usd),
            format_usd(spend.fleet_usd),
            percent(t)
        )
        } else {
            String::new()
        },
    }
}
