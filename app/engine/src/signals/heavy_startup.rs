//! Heavy startup: cold-start share × INIT duration against billed duration. Leans to containers
//! (which start once, not per environment) when INIT is ≥ 10 % of billed time or ≥ 1 s.

use super::{percent, ramp, Signal, SignalKind};
use crate::cost::containers::FunctionModel;
use crate::text::Num;

pub fn measure(model: &FunctionModel) -> Signal {
    let a = model.assumptions;
    let t_share = a.heavy_startup_init_share;
    let t_ms = a.heavy_startup_init_ms;
    let (Some(cold_starts), Some(init_ms)) =
        (model.traffic.cold_starts, model.traffic.init_ms_total)
    else {
        return Signal {
            kind: SignalKind::HeavyStartup,
            value: None,
            threshold: t_share,
            unit: "share of billed time".into(),
            strength: 0.0,
            fired: false,
            evidence: "No cold-start data was collected (opt-in Logs Insights collection).".into(),
        };
    };
    let average_init_ms = if cold_starts > 0.0 {
        init_ms / cold_starts
    } else {
        0.0
    };
    let billed_ms = model.traffic.billed_s * 1000.0;
    let share = if billed_ms + init_ms > 0.0 {
        init_ms / (billed_ms + init_ms)
    } else {
        0.0
    };
    let strength = ramp(share, &[(0.0, 0.0), (t_share, 0.5), (3.0 * t_share, 1.0)]).max(ramp(
        average_init_ms,
        &[(0.0, 0.0), (t_ms, 0.5), (5.0 * t_ms, 1.0)],
    ));
    let fired = share >= t_share || average_init_ms >= t_ms;
    Signal {
        kind: SignalKind::HeavyStartup,
        value: Some(share),
        threshold: t_share,
        unit: "share of billed time".into(),
        strength,
        fired,
        evidence: if model.explain {
            format!(
            "{cold_starts:.0} cold starts with an average INIT of {:.2} s (threshold {:.1} s); \
             INIT is {} of billed time (threshold {}).",
            Num(average_init_ms / 1000.0),
            Num(t_ms / 1000.0),
            percent(share),
            percent(t_share),
            cold_starts = Num(cold_starts)
        )
        } else {
            String::new()
        },
    }
}
