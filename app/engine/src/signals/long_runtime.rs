//! Long runtime: p99 and max duration against the timeout and the 900 s wall, and the average.
//! Leans to containers when p99 ≥ 80 % of the timeout, or the average ≥ 30 s.

use super::{percent, ramp, Signal, SignalKind};
use crate::cost::containers::FunctionModel;
use crate::text::Num;

/// Lambda's hard limit on one invocation, seconds.
pub const WALL_S: f64 = 900.0;

pub fn measure(model: &FunctionModel) -> Signal {
    let a = model.assumptions;
    let timeout_s = model.function.timeout_s as f64;
    let average_s = model.traffic.mean_duration_ms / 1000.0;
    let max_s = model.traffic.max_duration_ms.map(|ms| ms / 1000.0);
    let p99_ms = model.traffic.p99_duration_ms;
    if p99_ms.is_none() && model.traffic.mean_duration_ms == 0.0 {
        return Signal {
            kind: SignalKind::LongRuntime,
            value: None,
            threshold: a.long_runtime_timeout_share,
            unit: "share of timeout".into(),
            strength: 0.0,
            fired: false,
            evidence: "No durations were collected.".into(),
        };
    }
    let p99_s = p99_ms.map_or(average_s, |ms| ms / 1000.0);
    let share = p99_s / timeout_s;
    let t_share = a.long_runtime_timeout_share;
    let t_avg = a.long_runtime_average_s;
    let strength = ramp(share, &[(0.0, 0.0), (t_share, 0.5), (1.0, 1.0)]).max(ramp(
        average_s,
        &[(0.0, 0.0), (t_avg, 0.5), (4.0 * t_avg, 1.0)],
    ));
    let fired = share >= t_share || average_s >= t_avg;
    let max_text = match max_s.filter(|_| model.explain) {
        Some(max) => format!(
            "; the longest run took {max:.1} s of the {WALL_S:.0} s wall",
            max = Num(max),
            WALL_S = Num(WALL_S)
        ),
        None => String::new(),
    };
    Signal {
        kind: SignalKind::LongRuntime,
        value: Some(share),
        threshold: t_share,
        unit: "share of timeout".into(),
        strength,
        fired,
        evidence: if model.explain {
            format!(
                "p99 duration {p99_s:.1} s is {} of the {timeout_s:.0} s timeout (threshold {}); \
             average {average_s:.1} s (threshold {t_avg:.0} s){max_text}.",
                percent(share),
                percent(t_share),
                p99_s = Num(p99_s),
                timeout_s = Num(timeout_s),
                average_s = Num(average_s),
                t_avg = Num(t_avg)
            )
        } else {
            String::new()
        },
    }
}
