//! One focused case list per signal, on small synthetic series.

use super::hot_spender::SpendRank;
use super::*;
use crate::assumptions::Assumptions;
use crate::cost::containers::FunctionModel;
use crate::prices::Catalog;
use crate::snapshot::Function;
use crate::tests::build::{function, pattern};

/// `fired strength(2 decimals) | evidence`.
fn summary(signal: &Signal) -> String {
    format!(
        "{} {:.2} | {}",
        if signal.fired { "fired" } else { "quiet" },
        signal.strength,
        signal.evidence
    )
}

fn check(function: Function, measure: fn(&FunctionModel) -> Signal, expected: &str) {
    let catalog = Catalog::builtin();
    let assumptions = Assumptions::default();
    let model = FunctionModel::new(&function, &catalog, &assumptions);
    assert_eq!(summary(&measure(&model)), expected);
}

#[test]
fn steady_traffic() {
    let measure = steady_traffic::measure;
    check(
        function("flat", 3600.0, 100.0),
        measure,
        "fired 1.00 | Invoked in 100 % of 168 observed hours (threshold 95 %); hourly concurrency \
         peaks at 1.0× its mean of 0.12 (threshold 3×); baseline (p10) 0.12 concurrent.",
    );
    let mut nightly = function("nightly", 0.0, 100.0);
    nightly.series.invocations = pattern(|h| Some(if h % 24 == 2 { 1.0 } else { 0.0 }));
    nightly.series.concurrency_max = pattern(|h| Some(if h % 24 == 2 { 1.0 } else { 0.0 }));
    check(
        nightly,
        measure,
        "quiet 0.00 | Invoked in 4 % of 168 observed hours (threshold 95 %); hourly concurrency \
         peaks at 24.0× its mean of 0.04 (threshold 3×); baseline (p10) 0.00 concurrent.",
    );
    let mut peaky = function("peaky", 3600.0, 100.0);
    peaky.series.concurrency_max = pattern(|h| Some(if h % 24 == 12 { 40.0 } else { 1.0 }));
    check(
        peaky,
        measure,
        "quiet 0.00 | Invoked in 100 % of 168 observed hours (threshold 95 %); hourly concurrency \
         peaks at 15.2× its mean of 2.63 (threshold 3×); baseline (p10) 1.00 concurrent.",
    );
    let mut none = function("none", 1.0, 1.0);
    none.series.invocations = pattern(|_| None);
    check(
        none,
        measure,
        "quiet 0.00 | No invocation counts were collected.",
    );
}

#[test]
fn long_runtime() {
    let measure = long_runtime::measure;
    check(
        function("short", 100.0, 200.0),
        measure,
        "quiet 0.01 | p99 duration 0.3 s is 1 % of the 30 s timeout (threshold 80 %); average \
         0.2 s (threshold 30 s); the longest run took 0.4 s of the 900 s wall.",
    );
    let mut etl = function("etl", 2.0, 600_000.0);
    etl.timeout_s = 900;
    check(
        etl,
        measure,
        "fired 1.00 | p99 duration 900.0 s is 100 % of the 900 s timeout (threshold 80 %); average \
         600.0 s (threshold 30 s); the longest run took 1200.0 s of the 900 s wall.",
    );
    let mut near = function("near", 10.0, 10_000.0);
    near.series.duration_p99_ms = pattern(|_| Some(25_000.0));
    check(
        near,
        measure,
        "fired 0.58 | p99 duration 25.0 s is 83 % of the 30 s timeout (threshold 80 %); average \
         10.0 s (threshold 30 s); the longest run took 20.0 s of the 900 s wall.",
    );
}

#[test]
fn heavy_startup() {
    let measure = heavy_startup::measure;
    check(
        function("no-data", 100.0, 100.0),
        measure,
        "quiet 0.00 | No cold-start data was collected (opt-in Logs Insights collection).",
    );
    let mut heavy = function("heavy", 100.0, 100.0);
    heavy.series.cold_starts = Some(pattern(|_| Some(2.0)));
    heavy.series.init_duration_ms = Some(pattern(|_| Some(3000.0)));
    check(
        heavy,
        measure,
        "fired 1.00 | 336 cold starts with an average INIT of 3.00 s (threshold 1.0 s); INIT is 37 % \
         of billed time (threshold 10 %).",
    );
    let mut light = function("light", 1000.0, 100.0);
    light.series.cold_starts = Some(pattern(|_| Some(1.0)));
    light.series.init_duration_ms = Some(pattern(|_| Some(200.0)));
    check(
        light,
        measure,
        "quiet 0.10 | 168 cold starts with an average INIT of 0.20 s (threshold 1.0 s); INIT is \
         0.20 % of billed time (threshold 10 %).",
    );
}

#[test]
fn large_memory() {
    let measure = large_memory::measure;
    check(
        function("small", 1.0, 1.0),
        measure,
        "quiet 0.00 | Configured 1024 MB (threshold 3008 MB), memory used not collected; no GPU tag.",
    );
    let mut big = function("big", 1.0, 1.0);
    big.memory_mb = 10_240;
    big.series.max_memory_used_mb = Some(pattern(|_| Some(9000.0)));
    check(
        big,
        measure,
        "fired 1.00 | Configured 10240 MB (threshold 3008 MB), max used 9000 MB; no GPU tag.",
    );
    let mut gpu = function("gpu", 1.0, 1.0);
    gpu.tags.insert("accelerator".into(), "GPU".into());
    check(
        gpu,
        measure,
        "fired 1.00 | Configured 1024 MB (threshold 3008 MB), memory used not collected; tagged \
         accelerator=GPU: needs a GPU, which Lambda does not offer.",
    );
}

#[test]
fn concurrency_budget() {
    let check_limit = |function: Function, limit: f64, expected: &str| {
        let catalog = Catalog::builtin();
        let assumptions = Assumptions::default();
        let model = FunctionModel::new(&function, &catalog, &assumptions);
        assert_eq!(
            summary(&concurrency_budget::measure(&model, limit)),
            expected
        );
    };
    check_limit(
        function("calm", 3600.0, 1000.0),
        1000.0,
        "quiet 0.01 | Peaks at 1 concurrent executions, 0.12 % of us-east-1's limit of 1000 \
         (threshold 10 %); 0 throttles, 0 % of invocations (threshold 0.10 %).",
    );
    let mut busy = function("busy", 3600.0, 1000.0);
    busy.series.concurrency_max = pattern(|_| Some(150.0));
    check_limit(
        busy,
        1000.0,
        "fired 0.56 | Peaks at 150 concurrent executions, 15 % of us-east-1's limit of 1000 \
         (threshold 10 %); 0 throttles, 0 % of invocations (threshold 0.10 %).",
    );
    let mut throttled = function("throttled", 1000.0, 100.0);
    throttled.series.throttles = pattern(|h| Some(if h == 0 { 336.0 } else { 0.0 }));
    check_limit(
        throttled,
        1000.0,
        "fired 0.56 | Peaks at 0 concurrent executions, 0.00 % of us-east-1's limit of 1000 \
         (threshold 10 %); 336 throttles, 0.20 % of invocations (threshold 0.10 %).",
    );
}

#[test]
fn hot_spender() {
    let check = |spend: SpendRank, expected: &str| {
        assert_eq!(
            summary(&hot_spender::measure(spend, &Assumptions::default(), true)),
            expected
        );
    };
    check(
        SpendRank {
            monthly_usd: 500.0,
            fleet_usd: 1000.0,
            rank: 1,
            pareto_size: 2,
        },
        "fired 1.00 | Makes 50 % of the fleet's Lambda spend ($500.00 of $1,000.00 a month; \
         threshold 5 %), #1 of the 2 functions making 80 % of spend.",
    );
    check(
        SpendRank {
            monthly_usd: 30.0,
            fleet_usd: 1000.0,
            rank: 2,
            pareto_size: 2,
        },
        "quiet 0.30 | Makes 3 % of the fleet's Lambda spend ($30.00 of $1,000.00 a month; \
         threshold 5 %), #2 of the 2 functions making 80 % of spend.",
    );
    check(
        SpendRank {
            monthly_usd: 100.0,
            fleet_usd: 1000.0,
            rank: 5,
            pareto_size: 2,
        },
        "quiet 0.40 | Makes 10 % of the fleet's Lambda spend ($100.00 of $1,000.00 a month; \
         threshold 5 %), #5, outside the 2 functions making 80 % of spend.",
    );
}

#[test]
fn ramp_points() {
    let points = [(0.0, 0.0), (1.0, 0.5), (3.0, 1.0)];
    for (value, expected) in [
        (-1.0, 0.0),
        (0.5, 0.25),
        (1.0, 0.5),
        (2.0, 0.75),
        (9.0, 1.0),
    ] {
        assert_eq!(ramp(value, &points), expected, "ramp({value})");
    }
}

#[test]
fn kinds_are_listed_in_order_and_named_as_serde_writes_them() {
    let mut sorted = SignalKind::ALL;
    sorted.sort();
    assert_eq!(sorted, SignalKind::ALL);
    for kind in SignalKind::ALL {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::Value::from(kind.key())
        );
        assert!(!kind.explanation().is_empty() && !kind.help().is_empty());
    }
}
