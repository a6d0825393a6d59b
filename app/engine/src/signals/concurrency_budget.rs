//! Concurrency budget: peak concurrency against the region's limit, throttles against
//! invocations. Fires at ≥ 10 % of the limit, or throttles ≥ 0.1 % of invocations.

use super::{percent, ramp, Signal, SignalKind};
use crate::cost::containers::FunctionModel;
use crate::text::Num;

/// `limit`: the region's concurrent-executions quota (from the snapshot, or the default).
pub fn measure(model: &FunctionModel, limit: f64) -> Signal {
    let a = model.assumptions;
    let peak = model.traffic.peak_concurrency;
    let share = if limit > 0.0 { peak / limit } else { 0.0 };
    let throttles = model.traffic.throttles;
    let invocations = model.traffic.invocations;
    let throttle_share = if invocations + throttles > 0.0 {
        throttles / (invocations + throttles)
    } else {
        0.0
    };
    let t = a.concurrency_limit_share;
    let t_throttle = a.throttle_share;
    let strength = ramp(share, &[(0.0, 0.0), (t, 0.5), (5.0 * t, 1.0)]).max(ramp(
        throttle_share,
        &[(0.0, 0.0), (t_throttle, 0.5), (10.0 * t_throttle, 1.0)],
    ));
    Signal {
        kind: SignalKind::ConcurrencyBudget,
        value: Some(share),
        threshold: t,
        unit: "share of regional limit".into(),
        strength,
        fired: share >= t || throttle_share >= t_throttle,
        evidence: if model.explain {
            format!(
            "Peaks at {peak:.0} concurrent executions, {} of {}'s limit of {limit:.0} (threshold {}); \
             {throttles:.0} throttles, {} of invocations (threshold {}).",
            percent(share),
            model.function.region,
            percent(t),
            percent(throttle_share),
            percent(t_throttle)
        , peak = Num(peak), limit = Num(limit), throttles = Num(throttles))
        } else {
            String::new()
        },
    }
}
