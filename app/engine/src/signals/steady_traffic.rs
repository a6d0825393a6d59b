//! Steady traffic: the share of hours with invocations, the peak-to-mean ratio of hourly
//! concurrency and the baseline (p10) concurrency. Leans to containers when active ≥ 95 % of
//! hours and peak/mean ≤ 3.

use super::{percent, ramp, Signal, SignalKind};
use crate::cost::containers::FunctionModel;
use crate::text::Num;

pub fn measure(model: &FunctionModel) -> Signal {
    let a = model.assumptions;
    let observed = model.traffic.observed_hours;
    let active = model.traffic.active_hours;
    if observed == 0 {
        return Signal {
            kind: SignalKind::SteadyTraffic,
            value: None,
            threshold: a.steady_active_share,
            unit: "share of hours".into(),
            strength: 0.0,
            fired: false,
            evidence: "No invocation counts were collected.".into(),
        };
    }
    let active_share = active as f64 / observed as f64;
    let mean = model.traffic.mean_concurrency;
    let peak_to_mean = if mean > 0.0 {
        model.traffic.peak_concurrency / mean
    } else {
        f64::INFINITY
    };
    let t_active = a.steady_active_share;
    let t_ratio = a.steady_peak_to_mean;
    let active_strength = ramp(active_share, &[(0.5, 0.0), (t_active, 0.5), (1.0, 1.0)]);
    let ratio_strength = if peak_to_mean.is_finite() {
        ramp(
            -peak_to_mean,
            &[(-2.0 * t_ratio, 0.0), (-t_ratio, 0.5), (-1.0, 1.0)],
        )
    } else {
        0.0
    };
    let fired = active_share >= t_active && peak_to_mean <= t_ratio;
    let ratio_text = if !model.explain {
        String::new()
    } else if peak_to_mean.is_finite() {
        format!("{peak_to_mean:.1}×", peak_to_mean = Num(peak_to_mean))
    } else {
        "n/a (no concurrency)".into()
    };
    Signal {
        kind: SignalKind::SteadyTraffic,
        value: Some(active_share),
        threshold: t_active,
        unit: "share of hours".into(),
        strength: active_strength.min(ratio_strength),
        fired,
        evidence: if model.explain {
            format!(
            "Invoked in {} of {observed} observed hours (threshold {}); hourly concurrency peaks at \
             {ratio_text} its mean of {mean:.2} (threshold {t_ratio}×); baseline (p{:.0}) {:.2} concurrent.",
            percent(active_share),
            percent(t_active),
            Num(a.baseline_percentile),
            Num(model.baseline_concurrency)
        , mean = Num(mean))
        } else {
            String::new()
        },
    }
}
