//! The verdict rules as a table of cases: today's cost and each option's monthly cost in, the
//! verdict, its saving, one-time cost and payback out. Defaults: the bar is max($5, 15 %), a
//! Tune costs 0.5 engineer-days, a Hybrid 5, a Move 3, at $600 a day; the payback limit is 6
//! months (so a Move needs $1,800 / 6 = $300 a month, a Hybrid $3,000 / 6 = $500).

use std::sync::Arc;

use crate::assumptions::Assumptions;
use crate::cost::options::{OptionCost, OptionKind, Options};
use crate::verdict::{decide, payback_months, Coverage};

fn option(kind: OptionKind, monthly_usd: f64, current: f64) -> OptionCost {
    OptionCost {
        kind,
        monthly_usd,
        saving_usd: current - monthly_usd,
        detail: String::new(),
        lines: Vec::new(),
        prices_as_of: Arc::from("2025-11"),
        missing_prices: Vec::new(),
    }
}

/// `current` and `(option, monthly cost)` in; `expected` is `kind option saving one-time
/// payback`, money to the cent, payback to 0.1 month.
fn check(
    current: f64,
    alternatives: &[(OptionKind, f64)],
    assumptions: &Assumptions,
    expected: &str,
) {
    let options = Options {
        current: option(OptionKind::Current, current, current),
        options: alternatives
            .iter()
            .map(|&(kind, usd)| option(kind, usd, current))
            .collect(),
        unavailable: Vec::new(),
    };
    let coverage = Coverage {
        hours_observed: 168,
        window_hours: 168,
        invocations: 1e6,
        billed_cost_present: false,
        prices_complete: true,
    };
    let verdict = decide(&options, &[], &coverage, assumptions, true);
    let actual = format!(
        "{} {:?} {:.2} {:.2} {}",
        verdict.kind.label(),
        verdict.option,
        verdict.monthly_saving_usd,
        verdict.one_time_usd,
        verdict
            .payback_months
            .map_or("-".to_string(), |m| format!("{m:.1}")),
    );
    assert_eq!(actual, expected, "reasons: {:#?}", verdict.reasons);
}

#[test]
fn verdict_rules() {
    use OptionKind::*;
    let defaults = Assumptions::default();
    let a = &defaults;
    // Nothing cheaper: stay.
    check(100.0, &[(FargateArm, 120.0)], a, "Stay Current 0.00 0.00 -");
    // A Move saving $400 pays back its $1,800 in 4.5 months.
    check(
        1000.0,
        &[(FargateArm, 600.0)],
        a,
        "Move FargateArm 400.00 1800.00 4.5",
    );
    // Exactly at the limit: $300 a month repays $1,800 in 6.0 months.
    check(
        1000.0,
        &[(FargateArm, 700.0)],
        a,
        "Move FargateArm 300.00 1800.00 6.0",
    );
    // $299 a month needs 6.02 months: not worth the migration.
    check(
        1000.0,
        &[(FargateArm, 701.0)],
        a,
        "Stay Current 0.00 0.00 -",
    );
    // auth-worker-020's case: $7.58 off $18.66 clears the old bar, never the payback.
    check(
        18.66,
        &[(FargateSpot, 11.08)],
        a,
        "Stay Current 0.00 0.00 -",
    );
    // A Tune keeps its own small bar: $6 off $30 (20 %) is worth 0.5 days ($300, 50 months).
    check(
        30.0,
        &[(TuneArm64, 24.0)],
        a,
        "Tune TuneArm64 6.00 300.00 50.0",
    );
    // Below the Tune bar (15 % of $100 = $15): stay.
    check(100.0, &[(TuneArm64, 86.0)], a, "Stay Current 0.00 0.00 -");
    // orders-api-000's case: removing PC saves $50, a Move $71 that does not pay back: Tune.
    check(
        103.07,
        &[(TuneRemoveProvisioned, 53.07), (FargateArm, 31.58)],
        a,
        "Tune TuneRemoveProvisioned 50.00 300.00 6.0",
    );
    // Tune wins at 80 % of the best saving, loses below.
    check(
        2000.0,
        &[(TuneMemory, 1200.0), (FargateArm, 1000.0)],
        a,
        "Tune TuneMemory 800.00 300.00 0.4",
    );
    check(
        2000.0,
        &[(TuneMemory, 1300.0), (FargateArm, 1000.0)],
        a,
        "Move FargateArm 1000.00 1800.00 1.8",
    );
    // A Hybrid needs $500 a month (5 days): $600 pays back, and beats a Move saving less.
    check(
        2000.0,
        &[(Hybrid, 1400.0), (FargateArm, 1700.0)],
        a,
        "Hybrid Hybrid 600.00 3000.00 5.0",
    );
    // A Hybrid saving $450 does not pay back in 6 months; the Move saving $350 does.
    check(
        2000.0,
        &[(Hybrid, 1550.0), (FargateArm, 1650.0)],
        a,
        "Move FargateArm 350.00 1800.00 5.1",
    );
    // A longer payback limit lets the small Move through.
    let patient = Assumptions {
        payback_limit_months: 36.0,
        ..Assumptions::default()
    };
    check(
        1000.0,
        &[(FargateArm, 850.0)],
        &patient,
        "Move FargateArm 150.00 1800.00 12.0",
    );
    // Free engineers: every Move that clears the saving bar pays back at once.
    let free = Assumptions {
        engineer_day_usd: 0.0,
        ..Assumptions::default()
    };
    check(
        18.66,
        &[(FargateSpot, 11.08)],
        &free,
        "Move FargateSpot 7.58 0.00 0.0",
    );
}

#[test]
fn payback_arithmetic() {
    assert_eq!(payback_months(1800.0, 400.0), Some(4.5));
    assert_eq!(payback_months(300.0, 0.0), None);
    assert_eq!(payback_months(300.0, -5.0), None);
    assert_eq!(payback_months(0.0, 10.0), Some(0.0));
}

#[test]
fn a_move_that_does_not_pay_back_says_so() {
    let current = 100.0;
    let options = Options {
        current: option(OptionKind::Current, current, current),
        options: vec![option(OptionKind::FargateArm, 28.51, current)],
        unavailable: Vec::new(),
    };
    let coverage = Coverage {
        hours_observed: 168,
        window_hours: 168,
        invocations: 1e6,
        billed_cost_present: false,
        prices_complete: true,
    };
    let verdict = decide(&options, &[], &coverage, &Assumptions::default(), true);
    assert!(
        verdict.reasons.iter().any(|r| r
            == "Fargate ARM would save $71.49 a month but costs $1,800.00 once (3.0 engineer-days): \
                it pays back in 25.2 months, beyond the 6-month payback limit."),
        "{:#?}",
        verdict.reasons
    );
}
