//! Hints on crafted functions: each case one function in, the hints that fire (kind, value,
//! evidence) out.

use crate::analysis::analyze_explained;
use crate::assumptions::Assumptions;
use crate::prices::Catalog;
use crate::snapshot::Function;
use crate::tests::build::{function, pattern, snapshot};

fn check(f: Function, expected: &[&str]) {
    let (analysis, _) = analyze_explained(
        &snapshot(vec![f]),
        &Assumptions::default(),
        &Catalog::builtin(),
    );
    let actual: Vec<String> = analysis.functions[0]
        .hints
        .iter()
        .map(|h| format!("{:?} {:.3}: {}", h.kind, h.value, h.evidence))
        .collect();
    assert_eq!(actual, expected);
    let counted: usize = analysis.fleet.hint_counts.values().sum();
    assert_eq!(counted, expected.len());
}

#[test]
fn hints_on_crafted_functions() {
    // The builder's function: 30 s timeout, p99 150 ms (1.5 × 100 ms) → 200× the p99.
    check(
        function("plain", 3600.0, 100.0),
        &["TimeoutFarAboveP99 200.000: Timeout 30 s is 200× the p99 of 150 ms (threshold 20×)."],
    );
    // A timeout near the p99: 1 s timeout, p99 900 ms → 90 % (threshold 80 %); 1.1× is no hint.
    let mut near = function("near", 3600.0, 600.0);
    near.timeout_s = 1;
    check(
        near,
        &["P99NearTimeout 0.900: p99 of 900 ms is 90 % of the 1 s timeout (threshold 80 %)."],
    );
    // A VPC function at 120 concurrent (100 × 1.2) without reserved concurrency, also 12 % of
    // the region's 1,000: the downstream hint, not yet the region's (25 %).
    let mut vpc = function("vpc", 360_000.0, 1000.0);
    vpc.vpc = true;
    vpc.timeout_s = 5;
    vpc.series.duration_p99_ms = pattern(|_| Some(1500.0));
    check(
        vpc.clone(),
        &["DownstreamUnprotected 120.000: In a VPC, peaks at 120 concurrent executions (threshold 50) with no reserved concurrency: as many database connections."],
    );
    // Reserved concurrency silences it.
    vpc.reserved_concurrency = Some(100);
    check(vpc, &[]);
    // Throttles without reserved concurrency; 300 concurrent of 1,000 (30 %).
    let mut busy = function("busy", 900_000.0, 1000.0);
    busy.timeout_s = 5;
    busy.series.duration_p99_ms = pattern(|_| Some(1500.0));
    busy.series.throttles = pattern(|h| Some(if h == 0 { 42.0 } else { 0.0 }));
    check(
        busy,
        &[
            "ThrottledUnreserved 42.000: 42 throttles in the window and no reserved concurrency.",
            "RegionBudget 0.300: Peaks at 300 concurrent executions, 30 % of us-east-1's limit of 1000 (threshold 25 %).",
        ],
    );
    // 4 GB of /tmp and a cold start in 10 % of invocations; and 6 % errors.
    let mut tmp = function("tmp", 100.0, 1000.0);
    tmp.timeout_s = 5;
    tmp.series.duration_p99_ms = pattern(|_| Some(1500.0));
    tmp.ephemeral_storage_mb = 4096;
    tmp.series.cold_starts = Some(pattern(|_| Some(10.0)));
    tmp.series.init_duration_ms = Some(pattern(|_| Some(300.0)));
    tmp.series.errors = pattern(|_| Some(6.0));
    check(
        tmp,
        &[
            "StateInTmp 0.100: 4096 MB of /tmp and 10 % of invocations start cold (threshold 2048 MB and 5 %).",
            "HighErrors 0.060: 1008 errors, 6 % of 16800 invocations (threshold 5 %).",
        ],
    );
    // Other functions may invoke it (an alias's ARN, and a grant to any function): 16,800
    // invocations of 800 ms (800.5 ms billed: rounded up to the ms) are 13,448 billed seconds a
    // waiting caller pays for too.
    let mut called = function("render", 100.0, 800.0);
    called.timeout_s = 5;
    called.series.duration_p99_ms = pattern(|_| Some(1500.0));
    called.function_callers = vec![
        "arn:aws:lambda:us-east-1:123456789012:function:checkout:live".into(),
        "lambda.amazonaws.com".into(),
    ];
    check(
        called.clone(),
        &["CalledByFunction 2.000: Its resource policy lets 2 other functions invoke it (checkout:live, any function): a caller that waits for the answer is billed for this function's 13448 billed seconds in the window too (801 ms per call)."],
    );
    called.function_callers.truncate(1);
    check(
        called.clone(),
        &["CalledByFunction 1.000: Its resource policy lets another function invoke it (checkout:live): a caller that waits for the answer is billed for this function's 13448 billed seconds in the window too (801 ms per call)."],
    );
    // Never invoked in the window: nothing waits on it.
    called.series.invocations = pattern(|_| Some(0.0));
    check(called, &[]);
}

/// The demo fleet's inference functions sit behind an API function of their region, which may
/// invoke them: the hint fires there, arising from the fleet's data, and is counted per fleet.
#[test]
fn the_demo_fleet_has_functions_called_by_others() {
    use crate::demo::{generate, DemoConfig};
    use crate::hints::HintKind;
    let s = generate(&DemoConfig::default());
    let (analysis, _) = analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    let mut called = Vec::new();
    for (function, result) in s.functions.iter().zip(&analysis.functions) {
        let fired = result
            .hints
            .iter()
            .any(|h| h.kind == HintKind::CalledByFunction);
        assert_eq!(
            fired,
            !function.function_callers.is_empty(),
            "{}",
            function.name
        );
        for caller in &function.function_callers {
            let caller = s.functions.iter().find(|f| &f.arn == caller).unwrap();
            assert_eq!(caller.region, function.region);
            assert!(
                caller.tags["archetype"].ends_with("-api"),
                "{}",
                caller.name
            );
            called.push(format!("{} <- {}", function.name, caller.name));
        }
    }
    assert_eq!(
        called,
        [
            "payments-inference-005 <- checkout-web-001",
            "billing-inference-013 <- pricing-api-008"
        ]
    );
    assert_eq!(
        analysis.fleet.hint_counts[&HintKind::CalledByFunction],
        called.len()
    );
}
