//! The verdict per function: Stay / Tune / Hybrid / Move, the estimated monthly saving and a
//! confidence from data coverage.
//!
//! Rules (thresholds are assumptions):
//! 1. An option is worth acting on when it saves at least `max(min_saving_usd,
//!    min_saving_share × current cost)` a month (Tune's bar), and — for a Move or a Hybrid, which
//!    cost engineer-days — when that saving repays the one-time effort (`effort_days_* ×
//!    engineer_day_usd`) within `payback_limit_months`.
//! 2. Among the families worth acting on, the one saving most wins — except that Tune (staying
//!    on Lambda, the least work) wins whenever it saves at least 80 % of the best.
//! 3. Otherwise the function stays; when a Move or Hybrid would save money but not pay back, the
//!    reasons say so with its payback.
//!
//! Every verdict carries the one-time cost of its change and the months its saving takes to
//! repay it ([`one_time_usd`], [`payback_months`]).
//!
//! Confidence: `0.5 × hour coverage + 0.3 × volume (100 → 100,000 invocations, log scale) + 0.2 ×
//! billed cost present`, minus 0.2 when the catalog lacks a price the figures needed.

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::cost::options::{Family, OptionCost, OptionKind, Options};
use crate::prices::format_usd;
use crate::signals::{percent, ramp, Signal};

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
    /// One-time effort of the change, USD (0 for Stay): engineer-days × the day cost.
    pub one_time_usd: f64,
    /// Months for the saving to repay the one-time cost (`None` for Stay, or when nothing is
    /// saved; 0 when the change costs nothing).
    pub payback_months: Option<f64>,
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

/// Engineer-days of the one-time change to `kind` (0 for the current setup).
pub fn effort_days(kind: OptionKind, assumptions: &Assumptions) -> f64 {
    match kind {
        OptionKind::Current => 0.0,
        OptionKind::ManagedInstances => assumptions.effort_days_managed_instances,
        _ => match kind.family() {
            Family::Stay => 0.0,
            Family::Tune => assumptions.effort_days_tune,
            Family::Hybrid => assumptions.effort_days_hybrid,
            Family::Move => assumptions.effort_days_move,
        },
    }
}

/// One-time cost of changing to `kind`, USD.
pub fn one_time_usd(kind: OptionKind, assumptions: &Assumptions) -> f64 {
    effort_days(kind, assumptions) * assumptions.engineer_day_usd
}

/// Months for `monthly_saving_usd` to repay `one_time_usd`: `None` when nothing is saved, 0 when
/// the change costs nothing.
pub fn payback_months(one_time_usd: f64, monthly_saving_usd: f64) -> Option<f64> {
    if monthly_saving_usd <= 0.0 {
        None
    } else {
        Some(one_time_usd / monthly_saving_usd)
    }
}

/// "pays back in 2.3 months" / "does not pay back".
pub fn payback_phrase(payback_months: Option<f64>) -> String {
    match payback_months {
        None => "does not pay back".into(),
        Some(0.0) => "costs nothing to make".into(),
        Some(m) => format!("pays back in {:.1} months", crate::text::Num(m)),
    }
}

/// Whether an option of a Move or Hybrid saving `saving_usd` a month repays its one-time cost
/// within the payback limit (Tune and the current setup need no payback).
pub fn pays_back(option: &OptionCost, assumptions: &Assumptions) -> bool {
    match option.kind.family() {
        Family::Stay | Family::Tune => true,
        Family::Hybrid | Family::Move => {
            payback_months(one_time_usd(option.kind, assumptions), option.saving_usd)
                .is_some_and(|months| months <= assumptions.payback_limit_months)
        }
    }
}

fn payback_sentence(option: &OptionCost, assumptions: &Assumptions) -> String {
    let one_time = one_time_usd(option.kind, assumptions);
    format!(
        "The change costs {} once ({:.1} engineer-days) and {}.",
        format_usd(one_time),
        crate::text::Num(effort_days(option.kind, assumptions)),
        payback_phrase(payback_months(one_time, option.saving_usd))
    )
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

    // Per family, the cheapest priced option that clears the bar (and pays back).
    let best_of = |family: Family| {
        options
            .options
            .iter()
            .filter(|o| o.kind.family() == family && priced(o))
            .filter(|o| o.saving_usd >= threshold && pays_back(o, assumptions))
            .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
    };
    let worth: Vec<&OptionCost> = [Family::Tune, Family::Hybrid, Family::Move]
        .into_iter()
        .filter_map(best_of)
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
        let one_time = one_time_usd(chosen.kind, assumptions);
        let reasons = if explain {
            let mut reasons = vec![
                saving_sentence(chosen, current),
                payback_sentence(chosen, assumptions),
            ];
            reasons.extend(not_paying_back(options, threshold, assumptions, chosen));
            reasons.extend(signal_reasons());
            reasons
        } else {
            Vec::new()
        };
        return Verdict {
            kind: family_verdict(chosen.kind.family()),
            option: chosen.kind,
            monthly_saving_usd: chosen.saving_usd,
            one_time_usd: one_time,
            payback_months: payback_months(one_time, chosen.saving_usd),
            confidence,
            confidence_score,
            reasons,
        };
    }

    if !explain {
        return Verdict {
            kind: VerdictKind::Stay,
            option: OptionKind::Current,
            monthly_saving_usd: 0.0,
            one_time_usd: 0.0,
            payback_months: None,
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
        Some(best) if best.saving_usd >= threshold => format!(
            "No option is worth its one-time cost: the best, {}",
            saving_sentence(best, current)
        ),
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
    reasons.extend(not_paying_back(
        options,
        threshold,
        assumptions,
        &options.current,
    ));
    reasons.extend(signal_reasons());
    Verdict {
        kind: VerdictKind::Stay,
        option: OptionKind::Current,
        monthly_saving_usd: 0.0,
        one_time_usd: 0.0,
        payback_months: None,
        confidence,
        confidence_score,
        reasons,
    }
}

/// The sentence for the biggest-saving Move or Hybrid that clears the saving bar but does not
/// repay its one-time cost within the limit (when it saves more than `chosen`).
fn not_paying_back(
    options: &Options,
    threshold: f64,
    assumptions: &Assumptions,
    chosen: &OptionCost,
) -> Option<String> {
    let missed = options
        .options
        .iter()
        .filter(|o| matches!(o.kind.family(), Family::Move | Family::Hybrid))
        .filter(|o| options.priced_as_well_as_current(o))
        .filter(|o| o.saving_usd >= threshold && o.saving_usd > chosen.saving_usd)
        .filter(|o| !pays_back(o, assumptions))
        .max_by(|a, b| a.saving_usd.total_cmp(&b.saving_usd))?;
    let one_time = one_time_usd(missed.kind, assumptions);
    Some(format!(
        "{} would save {} a month but costs {} once ({:.1} engineer-days): it {}, beyond the {:.0}-month payback limit.",
        missed.kind.label(),
        format_usd(missed.saving_usd),
        format_usd(one_time),
        crate::text::Num(effort_days(missed.kind, assumptions)),
        payback_phrase(payback_months(one_time, missed.saving_usd)),
        crate::text::Num(assumptions.payback_limit_months)
    ))
}
