//! Provisioned-concurrency right-sizing against hand-computed figures.
//!
//! The function: 1,024 MB x86_64, PC 10, a week of hours; 12 busy hours a day (hours 8–19 of
//! the window's day) with 36,000 invocations of 100 ms at a peak concurrency of 4, and 12 quiet
//! hours with 3,600 invocations at a peak of 1. A month is 730 / 168 of the week.
//! - Requests: (12 × 36,000 + 12 × 3,600) × 7 × 730/168 = 14,454,000 → $2.89.
//! - Billed duration (100 ms + 0.5 ms round-up): (12 × 3,618,000 + 12 × 361,800) ms × 7 ×
//!   730/168 = 1,452,627 GB-s: $14.12 on PC (× $0.0000097222), $24.21 on demand (× $0.0000166667).
//! - PC of 10 all month: 10 × 1 GB × 2,628,000 s = 26,280,000 GB-s × $0.0000041667 = $109.50.
//! - Shrunk to the busy hours' p90 peak (4): 10,512,000 GB-s = $43.80.
//! - Scheduled: 4 in the 12 busy hours of the day, 1 in the quiet ones (their p90): a mean of
//!   2.5 × 2,628,000 s = 6,570,000 GB-s = $27.38.
//! - Utilisation today: the hours' mean concurrency (billed time / 3,600 s) 1.005 and 0.1005,
//!   of 10: (1.005 + 0.1005) / 2 / 10 = 5.5 %.

use crate::analysis::analyze_explained;
use crate::assumptions::Assumptions;
use crate::cost::options::OptionKind;
use crate::prices::Catalog;
use crate::snapshot::Function;
use crate::tests::build::{function, pattern, snapshot};
use crate::verdict::VerdictKind;

fn busy(hour: usize) -> bool {
    (8..20).contains(&(hour % 24))
}

fn provisioned_function() -> Function {
    let mut f = function("pc", 36_000.0, 100.0);
    f.provisioned_concurrency = Some(10);
    f.series.invocations = pattern(|h| Some(if busy(h) { 36_000.0 } else { 3_600.0 }));
    f.series.concurrency_max = pattern(|h| Some(if busy(h) { 4.0 } else { 1.0 }));
    f
}

fn check(kind: OptionKind, expected: &str) {
    let s = snapshot(vec![provisioned_function()]);
    let (analysis, _) = analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let options = &analysis.functions[0].options;
    let actual = match options.get(kind) {
        Some(option) => {
            let mut out = format!("total {:.2}", option.monthly_usd);
            for line in &option.lines {
                out.push_str(&format!("; {} {:.2}", line.item, line.usd));
            }
            out
        }
        None => options
            .unavailable
            .iter()
            .find(|u| u.kind == kind)
            .map_or("absent".into(), |u| format!("unavailable: {}", u.reason)),
    };
    assert_eq!(actual, expected);
}

#[test]
fn provisioned_concurrency_right_sizing() {
    check(
        OptionKind::Current,
        "total 126.51; Requests 2.89; Provisioned concurrency 109.50; \
         Duration on provisioned concurrency 14.12",
    );
    check(
        OptionKind::TuneRemoveProvisioned,
        "total 27.10; Requests 2.89; Duration x86_64 24.21",
    );
    check(
        OptionKind::TuneShrinkProvisioned,
        "total 60.81; Requests 2.89; Provisioned concurrency 43.80; \
         Duration on provisioned concurrency 14.12",
    );
    check(
        OptionKind::TuneScheduleProvisioned,
        "total 44.39; Requests 2.89; Provisioned concurrency 27.38; \
         Duration on provisioned concurrency 14.12",
    );
    check(
        OptionKind::TuneProvisioned,
        "unavailable: already uses provisioned concurrency",
    );
}

#[test]
fn provisioned_utilisation_and_verdict() {
    let s = snapshot(vec![provisioned_function()]);
    let (analysis, _) = analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let f = &analysis.functions[0];
    let utilisation = f.provisioned_utilisation.expect("the function has PC");
    assert!((utilisation - 0.055275).abs() < 1e-9, "{utilisation}");
    // Removing PC saves $126.51 − $27.10 = $99.41 for half a day's work ($300): 3.0 months.
    assert_eq!(f.verdict.kind, VerdictKind::Tune);
    assert_eq!(f.verdict.option, OptionKind::TuneRemoveProvisioned);
    assert_eq!(format!("{:.2}", f.verdict.monthly_saving_usd), "99.41");
    assert_eq!(format!("{:.2}", f.verdict.payback_months.unwrap()), "3.02");
    // Without PC there is no utilisation, and nothing to remove.
    let mut plain = provisioned_function();
    plain.provisioned_concurrency = None;
    let (analysis, _) = analyze_explained(
        &snapshot(vec![plain]),
        &Assumptions::default(),
        &Catalog::builtin(),
    );
    assert_eq!(analysis.functions[0].provisioned_utilisation, None);
    assert!(analysis.functions[0]
        .options
        .unavailable
        .iter()
        .any(|u| u.kind == OptionKind::TuneRemoveProvisioned));
}

#[test]
fn flat_busy_hours_have_nothing_to_schedule() {
    let mut f = provisioned_function();
    f.series.concurrency_max = pattern(|_| Some(3.0));
    let s = snapshot(vec![f]);
    let (analysis, _) = analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let options = &analysis.functions[0].options;
    let reason = |kind| {
        options
            .unavailable
            .iter()
            .find(|u| u.kind == kind)
            .map(|u| u.reason.as_str())
    };
    assert_eq!(
        reason(OptionKind::TuneScheduleProvisioned),
        Some("every hour of the day needs the same level: nothing to schedule")
    );
    // Shrunk to 3 of 10: 3 × 2,628,000 GB-s × $0.0000041667 = $32.85.
    let shrunk = options.get(OptionKind::TuneShrinkProvisioned).unwrap();
    let pc = shrunk
        .lines
        .iter()
        .find(|l| l.item == "Provisioned concurrency")
        .unwrap();
    assert_eq!(format!("{:.2}", pc.usd), "32.85");
}
