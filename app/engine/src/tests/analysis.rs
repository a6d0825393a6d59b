//! The fleet analysis on synthetic and demo snapshots.

use super::build::{function, pattern, snapshot};
use crate::analysis::analyze;
use crate::assumptions::Assumptions;
use crate::cost::lambda::lambda_monthly_cost;
use crate::demo::{generate, DemoConfig};
use crate::prices::Catalog;
use crate::snapshot::{BilledCost, Invoker};
use crate::verdict::VerdictKind;

fn lines(cost: &crate::cost::lambda::LambdaCost) -> String {
    let mut out = format!("{:.2}", cost.monthly_usd);
    for line in &cost.lines {
        out.push_str(&format!(
            "; {} {:.2} {} {:.2}",
            line.item, line.quantity, line.unit, line.usd
        ));
    }
    for note in &cost.notes {
        out.push_str(&format!("; note: {note}"));
    }
    out
}

fn check_lambda(f: crate::snapshot::Function, assumptions: Assumptions, expected: &str) {
    let cost = lambda_monthly_cost(
        &f,
        f.series.invocations.len() as u32,
        &Catalog::builtin(),
        &assumptions,
    );
    assert_eq!(lines(&cost), expected);
}

#[test]
fn lambda_cost_from_series() {
    // 3,600 an hour for 730 hours = 2.628M requests at 100.5 ms billed, 1 GB.
    check_lambda(
        function("a", 3600.0, 100.0),
        Assumptions::default(),
        "4.93; Requests 2.63 1M requests 0.53; Duration x86_64 264114.00 GB-s 4.40",
    );
    let free = Assumptions {
        free_tier: true,
        ..Assumptions::default()
    };
    check_lambda(
        function("a", 3600.0, 100.0),
        free,
        "0.33; Requests (after free tier) 1.63 1M requests 0.33",
    );
    let mut arm = function("arm", 3600.0, 100.0);
    arm.architecture = crate::snapshot::Architecture::Arm64;
    arm.memory_mb = 2048;
    check_lambda(
        arm,
        Assumptions::default(),
        "7.57; Requests 2.63 1M requests 0.53; Duration arm64 528228.00 GB-s 7.04",
    );
    // Half the hours missing: the month is extrapolated from the other half.
    let mut gaps = function("gaps", 3600.0, 100.0);
    gaps.series.invocations = pattern(|h| (h % 2 == 0).then_some(3600.0));
    check_lambda(
        gaps,
        Assumptions::default(),
        "4.93; Requests 2.63 1M requests 0.53; Duration x86_64 264114.00 GB-s 4.40; note: 84 of 168 \
         hours have no invocation count: the month is extrapolated from 84 hours",
    );
    // INIT billed for ZIP on a managed runtime, not for container images.
    let mut cold = function("cold", 3600.0, 100.0);
    cold.series.cold_starts = Some(pattern(|_| Some(10.0)));
    cold.series.init_duration_ms = Some(pattern(|_| Some(1000.0)));
    check_lambda(
        cold.clone(),
        Assumptions::default(),
        "5.05; Requests 2.63 1M requests 0.53; Duration x86_64 271414.00 GB-s 4.52",
    );
    cold.package_type = crate::snapshot::PackageType::Image;
    check_lambda(
        cold,
        Assumptions::default(),
        "4.93; Requests 2.63 1M requests 0.53; Duration x86_64 264114.00 GB-s 4.40",
    );
    // Provisioned concurrency for the whole month; all traffic fits on it.
    let mut pc = function("pc", 3600.0, 100.0);
    pc.provisioned_concurrency = Some(2);
    check_lambda(
        pc,
        Assumptions::default(),
        "24.99; Requests 2.63 1M requests 0.53; Provisioned concurrency 5256000.00 GB-s 21.90; \
         Duration on provisioned concurrency 264114.00 GB-s 2.57",
    );
}

#[test]
fn analysis_never_fails_on_missing_data() {
    let mut empty = function("empty", 0.0, 0.0);
    empty.series.invocations = pattern(|_| None);
    empty.series.duration_avg_ms = pattern(|_| None);
    empty.series.concurrency_max = pattern(|_| None);
    let mut elsewhere = function("elsewhere", 100.0, 100.0);
    elsewhere.region = "ca-central-1".into();
    let s = snapshot(vec![empty, elsewhere, function("ok", 100.0, 100.0)]);
    let (analysis, warnings) = analyze(&s, &Assumptions::default(), &Catalog::builtin());
    assert_eq!(analysis.functions.len(), 3);
    let text: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}: {}", w.scope, w.message))
        .collect();
    assert!(
        text.iter()
            .any(|w| w.starts_with("us-east-1/empty: no invocation data")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|w| w.starts_with("prices: no price for Lambda requests in ca-central-1")),
        "{text:?}"
    );
    assert_eq!(analysis.functions[0].verdict.kind, VerdictKind::Stay);
}

#[test]
fn demo_fleet_analysis_is_consistent() {
    let s = generate(&DemoConfig::default());
    let (analysis, _warnings) =
        crate::analysis::analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let fleet = &analysis.fleet;
    assert_eq!(fleet.functions, 64);
    assert_eq!(fleet.verdict_counts.values().sum::<usize>(), 64);
    let lambda: f64 = analysis
        .functions
        .iter()
        .map(|f| f.lambda.monthly_usd)
        .sum();
    assert!((lambda - fleet.lambda_monthly_usd).abs() < 1e-6);
    let saving: f64 = analysis
        .functions
        .iter()
        .map(|f| f.verdict.monthly_saving_usd)
        .sum();
    assert!((saving - fleet.total_saving_usd).abs() < 1e-6);
    assert!(fleet.pareto.set_size >= 1 && fleet.pareto.set_size < 64);
    assert_eq!(fleet.regions.len(), 3);
    for f in &analysis.functions {
        assert_eq!(f.signals.len(), 6, "{}", f.key);
        assert!(f.lambda.monthly_usd >= 0.0 && f.lambda.monthly_usd.is_finite());
        for option in &f.options.options {
            assert!(
                option.monthly_usd.is_finite(),
                "{} {:?}",
                f.key,
                option.kind
            );
            let sum: f64 = option.lines.iter().map(|l| l.usd).sum();
            assert!((sum - option.monthly_usd).abs() < 1e-9);
        }
        if f.verdict.kind != VerdictKind::Stay {
            assert_ne!(f.verdict.option, crate::cost::options::OptionKind::Current);
        }
    }
    // The demo shows every verdict, each arising from its archetype's traffic.
    for kind in VerdictKind::ALL {
        assert!(
            fleet.verdict_counts[&kind] >= 1,
            "no {kind:?}: {:?}",
            fleet.verdict_counts
        );
    }
    // And every hint, from the functions' own configuration and traffic.
    for (kind, count) in &fleet.hint_counts {
        assert!(*count >= 1, "no {kind:?} hint: {:?}", fleet.hint_counts);
    }
    // The flash-sale storefront: containers for the steady traffic, Lambda for the sales'
    // first minutes, cheaper than either alone and paying back its five days in time.
    let flash = analysis
        .functions
        .iter()
        .find(|f| f.name.contains("-flash-"))
        .expect("a flash-sale API in the demo");
    assert_eq!(
        flash.verdict.kind,
        VerdictKind::Hybrid,
        "{:?}",
        flash.verdict
    );
    let moves = flash
        .options
        .options
        .iter()
        .filter(|o| o.kind.family() == crate::cost::options::Family::Move);
    for option in moves {
        assert!(
            option.saving_usd < flash.verdict.monthly_saving_usd,
            "{:?} saves more",
            option.kind
        );
    }
    assert!(flash.verdict.payback_months.unwrap() <= 6.0);
}

#[test]
fn spot_only_for_asynchronous_invokers() {
    let mut api = function("api", 36_000.0, 100.0);
    api.invoker = Some(Invoker::ApiGatewayHttp);
    let queue = function("queue", 36_000.0, 100.0);
    let s = snapshot(vec![api, queue]);
    let (analysis, _) =
        crate::analysis::analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let kinds = |i: usize| -> Vec<String> {
        analysis.functions[i]
            .options
            .unavailable
            .iter()
            .map(|u| format!("{:?}: {}", u.kind, u.reason))
            .collect()
    };
    assert!(
        kinds(0).iter().any(|u| u.starts_with("FargateSpot")),
        "{:?}",
        kinds(0)
    );
    assert!(
        !kinds(1).iter().any(|u| u.starts_with("FargateSpot")),
        "{:?}",
        kinds(1)
    );
    // API Gateway is part of the current bill of the API, and gone in the moved options.
    let api = &analysis.functions[0].options;
    assert!(api
        .current
        .lines
        .iter()
        .any(|l| l.item == "API Gateway HTTP API requests"));
    let fargate = api
        .get(crate::cost::options::OptionKind::FargateX86)
        .unwrap();
    assert!(!fargate
        .lines
        .iter()
        .any(|l| l.item.starts_with("API Gateway")));
    // One ALB shared by 25 services, as ECS Express Mode does: 730 / 25 = 29.2 ALB-hours a month
    // × $0.0225 = $0.66.
    let alb = fargate
        .lines
        .iter()
        .find(|l| l.item == "Load balancer share (ALB hours)")
        .unwrap();
    assert_eq!(format!("{:.1} {:.2}", alb.quantity, alb.usd), "29.2 0.66");
    assert!(
        fargate.detail.starts_with(
            "an ECS service on Fargate behind an ALB shared by up to 25 services (as ECS Express Mode sets it up); "
        ),
        "{}",
        fargate.detail
    );
    // No option is App Runner's (closed to new customers since 2026-04-30).
    assert!(crate::cost::options::OptionKind::ALL
        .iter()
        .all(|k| !k.label().contains("App Runner")));
}

#[test]
fn reconciliation_matches_usage_type_suffixes() {
    let mut s = snapshot(vec![function("a", 3600.0, 100.0)]);
    let line = |date: &str, usage_type: &str, function: Option<&str>, usd: f64| BilledCost {
        date: date.into(),
        usage_type: usage_type.into(),
        function: function.map(str::to_string),
        tag: None,
        usd,
        usage_quantity: None,
    };
    s.billed = vec![
        line("2026-11-01", "USE2-Request", Some("a"), 0.01),
        line("2026-11-01", "USE2-Lambda-GB-Second", Some("a"), 0.2),
        line("2026-11-02", "Lambda-GB-Second-ARM", None, 0.1),
        line("2026-11-02", "Lambda-Provisioned-Concurrency", None, 0.3),
        line("2026-11-02", "DataTransfer-Out-Bytes", None, 0.05),
    ];
    let (analysis, _) = analyze(&s, &Assumptions::default(), &Catalog::builtin());
    let r = analysis.fleet.reconciliation.expect("billed lines present");
    let rows: Vec<String> = r
        .by_usage_type
        .iter()
        .map(|row| {
            format!(
                "{} {:.2} {:.2}",
                row.label, row.billed_monthly_usd, row.modeled_monthly_usd
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "requests 0.15 0.53",
            "duration 4.56 4.40",
            "provisioned_concurrency 4.56 0.00",
            "other 0.76 0.00"
        ]
    );
    let by_function: Vec<String> = r
        .by_function
        .iter()
        .map(|row| {
            format!(
                "{} {:.2} {:.2}",
                row.label, row.billed_monthly_usd, row.difference_usd
            )
        })
        .collect();
    assert_eq!(by_function, ["us-east-1/a 6.39 -1.46"]);
}

#[test]
fn sentences_only_when_asked() {
    let s = generate(&DemoConfig {
        functions: 12,
        ..DemoConfig::default()
    });
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (plain, _) = analyze(&s, &assumptions, &catalog);
    let (explained, _) = crate::analysis::analyze_explained(&s, &assumptions, &catalog);
    for (index, (a, b)) in plain.functions.iter().zip(&explained.functions).enumerate() {
        assert!(a.signals.iter().all(|s| s.evidence.is_empty()));
        assert!(a.verdict.reasons.is_empty());
        assert!(a.options.options.iter().all(|o| o.lines.is_empty()));
        assert!(b.options.options.iter().all(|o| !o.lines.is_empty()));
        assert!(b.signals.iter().all(|s| !s.evidence.is_empty()));
        assert!(!b.verdict.reasons.is_empty());
        assert_eq!(a.verdict.kind, b.verdict.kind);
        assert_eq!(a.verdict.monthly_saving_usd, b.verdict.monthly_saving_usd);
        let one = crate::analysis::explain_function(&s, &plain, index, &assumptions, &catalog)
            .expect("in range");
        assert_eq!(&one, b, "{}", a.key);
    }
}

#[test]
fn numbers_only_keeps_every_total() {
    let s = generate(&DemoConfig {
        functions: 12,
        ..DemoConfig::default()
    });
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (plain, _) = analyze(&s, &assumptions, &catalog);
    let (explained, _) = crate::analysis::analyze_explained(&s, &assumptions, &catalog);
    assert_eq!(
        plain.fleet.total_saving_usd,
        explained.fleet.total_saving_usd
    );
    assert_eq!(plain.prices_as_of, explained.prices_as_of);
    for (a, b) in plain.functions.iter().zip(&explained.functions) {
        assert_eq!(a.options.current.lines, b.options.current.lines);
        for (x, y) in a.options.options.iter().zip(&b.options.options) {
            assert_eq!(
                (x.kind, x.monthly_usd, x.saving_usd),
                (y.kind, y.monthly_usd, y.saving_usd)
            );
            assert!(x.lines.is_empty() && !y.lines.is_empty());
        }
    }
}

#[test]
fn analysis_and_projection_round_trip_through_json() {
    let s = generate(&DemoConfig {
        functions: 8,
        ..DemoConfig::default()
    });
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (analysis, warnings) = crate::analysis::analyze_explained(&s, &assumptions, &catalog);
    let text = serde_json::to_string(&(&analysis, &warnings)).unwrap();
    let back: (crate::analysis::Analysis, Vec<crate::warning::Warning>) =
        serde_json::from_str(&text).unwrap();
    assert_eq!(back.0.fleet.verdict_counts, analysis.fleet.verdict_counts);
    assert_eq!(back.0.functions.len(), 8);
    let projection = crate::analysis::project_function(&s.functions[0], &assumptions, &catalog);
    let text = serde_json::to_string(&projection).unwrap();
    let back: crate::projection::Projection = serde_json::from_str(&text).unwrap();
    assert_eq!(back.multipliers.len(), projection.multipliers.len());
    assert!(text.contains(r#""break_even":{"kind":"#), "{text}");
}

#[test]
fn one_function_in_its_fleet_context_matches_the_fleet_analysis() {
    let s = generate(&DemoConfig::default());
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (plain, _) = analyze(&s, &assumptions, &catalog);
    for (index, function) in s.functions.iter().enumerate() {
        let context = crate::analysis::function_context(&s, &plain, index).expect("in range");
        // The browser gets the function through JSON: its f32 series survive the trip. (The
        // context's f64 may differ in the last bit: serde_json parses floats fast, not exactly.)
        let function: crate::snapshot::Function =
            serde_json::from_str(&serde_json::to_string(function).unwrap()).unwrap();
        let alone =
            crate::analysis::explain_in_context(&function, &context, &assumptions, &catalog);
        let in_fleet =
            crate::analysis::explain_function(&s, &plain, index, &assumptions, &catalog).unwrap();
        assert_eq!(alone, in_fleet, "{}", function.key());
    }
}
