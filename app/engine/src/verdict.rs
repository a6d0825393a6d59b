//! The verdict per function: Stay / Tune / Hybrid / Move, the estimated monthly saving and a
//! confidence from data coverage.
//!
//! Rules (thresholds are assumptions):
//! 1. An option is worth acting on when it saves at least `max(min_saving_usd,
//!    min_saving_share × current cost)` a month.
//! 2. Among the families worth acting on, the one saving most wins — except that Tune (staying
//!    on Lambda, the least work) wins whenever it saves at least 80 % of the best.
//! 3. With no option worth acting on for cost, a function whose long runtime, heavy startup or
//!    large memory / GPU signal fired moves anyway when the cheapest move costs at most the
//!    threshold more than today (Lambda fights the workload there); otherwise it stays.
//!
//! Confidence: `0.5 × hour coverage + 0.3 × volume (100 → 100,000 invocations, log scale) + 0.2 ×
//! billed cost present`, minus 0.2 when the catalog lacks a price the figures needed.

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::cost::options::{Family, OptionCost, OptionKind, Options};
use crate::prices::format_usd;
use crate::signals::{percent, ramp, Signal, SignalKind};

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
pub enum VerdictKind {
    Stay,
    Tune,
    Hybrid,
    Move,
}

impl VerdictKind {
    pub const ALL: [VerdictKind; 4] = [
        VerdictKind::Stay,
        VerdictKind::Tune,
        VerdictKind::Hybrid,
        VerdictKind::Move,
    ];

    /// The verdict whose [`label`](VerdictKind::label) is `label` (as in URLs: `verdict=Move`).
    pub fn from_label(label: &str) -> Option<VerdictKind> {
        VerdictKind::ALL
            .into_iter()
            .find(|kind| kind.label() == label)
    }

    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::Stay => "Stay",
            VerdictKind::Tune => "Tune",
            VerdictKind::Hybrid => "Hybrid",
            VerdictKind::Move => "Move",
        }
    }
}

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
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// The name in JSON (serde's), also what pages and the CLI print: `low`, `medium`, `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// How much of the picture the data shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coverage {
    pub hours_observed: u32,
    pub window_hours: u32,
    pub invocations: f64,
    pub billed_cost_present: bool,
    pub prices_complete: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// The option recommended (`Current` for Stay).
    pub option: OptionKind,
    /// Current monthly cost minus the recommended option's (0 for Stay).
    pub monthly_saving_usd: f64,
    pub confidence: Confidence,
    /// 0..=1, see the module docs.
    pub confidence_score: f64,
    /// Why, one sentence each, with the numbers.
    pub reasons: Vec<String>,
}

/// Tune wins when it saves at least this share of the best family's saving.
const TUNE_PREFERENCE: f64 = 0.8;

pub fn confidence(coverage: &Coverage) -> (Confidence, f64) {
    let hours = if coverage.window_hours > 0 {
        coverage.hours_observed as f64 / coverage.window_hours as f64
    } else {
        0.0
    };
    let volume = ramp(
        coverage.invocations.max(1.0).log10(),
        &[(2.0, 0.0), (5.0, 1.0)],
    );
    let billed = if coverage.billed_cost_present {
        1.0
    } else {
        0.0
    };
    let mut score = 0.5 * hours.min(1.0) + 0.3 * volume + 0.2 * billed;
    if !coverage.prices_complete {
        score -= 0.2;
    }
    let score = score.clamp(0.0, 1.0);
    let level = if score >= 0.75 {
        Confidence::High
    } else if score >= 0.45 {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    (level, score)
}

fn family_verdict(family: Family) -> VerdictKind {
    match family {
        Family::Stay => VerdictKind::Stay,
        Family::Tune => VerdictKind::Tune,
        Family::Hybrid => VerdictKind::Hybrid,
        Family::Move => VerdictKind::Move,
    }
}

fn saving_sentence(option: &OptionCost, current: f64) -> String {
    let share = if current > 0.0 {
        option.saving_usd / current
    } else {
        0.0
    };
    if option.saving_usd >= 0.0 {
        format!(
            "{} saves {} a month ({} of {}): {}.",
            option.kind.label(),
            format_usd(option.saving_usd),
            percent(share),
            format_usd(current),
            option.detail
        )
    } else {
        format!(
            "{} costs {} a month more than today's {}: {}.",
            option.kind.label(),
            format_usd(-option.saving_usd),
            format_usd(current),
            option.detail
        )
    }
}

/// `explain`: write the reasons (fleet analyses leave them empty, see `analysis`).
pub fn decide(
    options: &Options,
    signals: &[Signal],
    coverage: &Coverage,
    assumptions: &Assumptions,
    explain: bool,
) -> Verdict {
    let current = options.current.monthly_usd;
    let threshold = assumptions
        .min_saving_usd
        .max(assumptions.min_saving_share * current);
    let (confidence, confidence_score) = confidence(coverage);
    let fired: Vec<&Signal> = signals.iter().filter(|s| s.fired).collect();
    // An option missing a price the current setup has is understated: it cannot be recommended.
    let priced = |o: &&OptionCost| options.priced_as_well_as_current(o);
    let unpriced: Vec<String> = options
        .options
        .iter()
        .filter(|o| explain && !priced(o))
        .map(|o| {
            format!(
                "{} not considered: no price for {}.",
                o.kind.label(),
                o.missing_prices.join(", ")
            )
        })
        .collect();
    let signal_reasons = || {
        fired
            .iter()
            .map(|s| format!("{}: {}", s.kind.label(), s.evidence))
            .chain(unpriced.iter().cloned())
            .collect::<Vec<_>>()
    };

    let best_of = |family: Family| {
        options
            .options
            .iter()
            .filter(|o| o.kind.family() == family && priced(o))
            .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
    };
    let worth: Vec<&OptionCost> = [Family::Tune, Family::Hybrid, Family::Move]
        .into_iter()
        .filter_map(best_of)
        .filter(|o| o.saving_usd >= threshold)
        .collect();
    let best = worth
        .iter()
        .max_by(|a, b| a.saving_usd.total_cmp(&b.saving_usd));
    if let Some(best) = best {
        let tune = worth.iter().find(|o| o.kind.family() == Family::Tune);
        let chosen = match tune {
            Some(tune) if tune.saving_usd >= TUNE_PREFERENCE * best.saving_usd => *tune,
            _ => *best,
        };
        let reasons = if explain {
            let mut reasons = vec![saving_sentence(chosen, current)];
            reasons.extend(signal_reasons());
            reasons
        } else {
            Vec::new()
        };
        return Verdict {
            kind: family_verdict(chosen.kind.family()),
            option: chosen.kind,
            monthly_saving_usd: chosen.saving_usd,
            confidence,
            confidence_score,
            reasons,
        };
    }

    let workload_misfit = fired.iter().any(|s| {
        matches!(
            s.kind,
            SignalKind::LongRuntime | SignalKind::HeavyStartup | SignalKind::LargeMemory
        )
    });
    if workload_misfit {
        if let Some(best_move) = best_of(Family::Move) {
            if best_move.saving_usd >= -threshold {
                let reasons = if explain {
                    let mut reasons = vec![format!(
                        "The workload fights Lambda's model; moving costs about the same ({}).",
                        saving_sentence(best_move, current).trim_end_matches('.')
                    )];
                    reasons.extend(signal_reasons());
                    reasons
                } else {
                    Vec::new()
                };
                return Verdict {
                    kind: VerdictKind::Move,
                    option: best_move.kind,
                    monthly_saving_usd: best_move.saving_usd,
                    confidence,
                    confidence_score,
                    reasons,
                };
            }
        }
    }

    if !explain {
        return Verdict {
            kind: VerdictKind::Stay,
            option: OptionKind::Current,
            monthly_saving_usd: 0.0,
            confidence,
            confidence_score,
            reasons: Vec::new(),
        };
    }
    let mut reasons = vec![match options
        .options
        .iter()
        .filter(priced)
        .max_by(|a, b| a.saving_usd.total_cmp(&b.saving_usd))
    {
        Some(best) if best.saving_usd > 0.0 => format!(
            "No option saves enough to act on (at least {} a month): the best, {}",
            format_usd(threshold),
            saving_sentence(best, current)
        ),
        Some(best) => format!(
            "Lambda is the cheapest way to run it: the closest alternative, {}",
            saving_sentence(best, current)
        ),
        None => "No alternative applies to this function.".into(),
    }];
    reasons.extend(signal_reasons());
    Verdict {
        kind: VerdictKind::Stay,
        option: OptionKind::Current,
        monthly_saving_usd: 0.0,
        confidence,
        confidence_score,
        reasons,
    }
}
