//! Projections: the grid, monotone costs, exact break-evens.

use proptest::prelude::*;

use super::build::function;
use crate::assumptions::Assumptions;
use crate::cost::containers::FunctionModel;
use crate::cost::options::{option_cost, OptionKind};
use crate::prices::Catalog;
use crate::projection::{multipliers, project, BreakEven, POINTS};
use crate::snapshot::{Architecture, Function, Invoker};

#[test]
fn grid_is_log_spaced_from_a_tenth_to_twenty() {
    let grid = multipliers(POINTS);
    assert!(grid.len() >= 25);
    assert_eq!((grid[0], grid[grid.len() - 1]), (0.1, 20.0));
    let ratio = grid[1] / grid[0];
    for pair in grid.windows(2) {
        assert!((pair[1] / pair[0] - ratio).abs() < 1e-9);
    }
    assert!(grid.iter().any(|k| (k - 1.0).abs() < 0.2));
}

fn check_break_even(f: Function, kind: OptionKind, expected: &str) {
    let catalog = Catalog::builtin();
    let assumptions = Assumptions::default();
    let mut model = FunctionModel::new(&f, &catalog, &assumptions);
    let projection = project(&mut model);
    let option = projection
        .options
        .iter()
        .find(|o| o.kind == kind)
        .expect("option applies");
    let actual = match option.break_even {
        BreakEven::At {
            multiplier,
            requests_per_second,
            monthly_usd,
            option_cheaper_above,
        } => format!(
            "at {multiplier:.3}× = {requests_per_second:.2} req/s, {monthly_usd:.2} USD, option cheaper {}",
            if option_cheaper_above { "above" } else { "below" }
        ),
        BreakEven::Never => "never".into(),
    };
    assert_eq!(actual, expected);
}

#[test]
fn break_even_cases() {
    // A busy queue worker: Fargate gets cheaper above a fraction of today's traffic.
    check_break_even(
        function("busy", 36_000.0, 200.0),
        OptionKind::FargateX86,
        "at 0.387× = 3.87 req/s, 36.04 USD, option cheaper above",
    );
    check_break_even(
        function("quiet", 100.0, 100.0),
        OptionKind::FargateX86,
        "never",
    );
}

fn arbitrary_function() -> impl Strategy<Value = Function> {
    (
        0.0f64..200_000.0,
        1.0f64..5_000.0,
        prop::sample::select(vec![128u32, 512, 1024, 1769, 3008, 10_240]),
        any::<bool>(),
        prop::sample::select(vec![
            Invoker::Sqs,
            Invoker::ApiGatewayHttp,
            Invoker::ApiGatewayRest,
        ]),
        0.0f64..1.0,
        prop::option::of(1u32..20),
    )
        .prop_map(|(invocations, duration, memory, arm, invoker, wave, pc)| {
            let mut f = function("p", invocations, duration);
            f.memory_mb = memory;
            f.timeout_s = 900;
            f.invoker = Some(invoker);
            f.provisioned_concurrency = pc;
            if arm {
                f.architecture = Architecture::Arm64;
            }
            let base = invocations * duration / 3.6e6;
            f.series.concurrency_max = super::build::pattern(|h| {
                Some(base * (1.0 + wave * ((h % 24) as f64 / 4.0).sin()))
            });
            f.series.max_memory_used_mb =
                Some(super::build::pattern(|_| Some(memory as f64 * 0.4)));
            f
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn cost_never_decreases_with_traffic(f in arbitrary_function(), low in 0.1f64..10.0, step in 0.0f64..10.0) {
        let catalog = Catalog::builtin();
        let assumptions = Assumptions::default();
        let model = FunctionModel::new(&f, &catalog, &assumptions);
        let high = low + step;
        for kind in OptionKind::ALL {
            if let (Ok(a), Ok(b)) = (option_cost(&model, kind, low), option_cost(&model, kind, high)) {
                prop_assert!(
                    a.monthly_usd <= b.monthly_usd + 1e-9,
                    "{kind:?}: {} at {low} > {} at {high}", a.monthly_usd, b.monthly_usd
                );
            }
        }
    }

    #[test]
    fn costs_agree_at_break_even(f in arbitrary_function()) {
        let catalog = Catalog::builtin();
        let assumptions = Assumptions::default();
        let mut model = FunctionModel::new(&f, &catalog, &assumptions);
        let projection = project(&mut model);
        for option in &projection.options {
            if let BreakEven::At { multiplier, monthly_usd, .. } = option.break_even {
                let current = option_cost(&model, OptionKind::Current, multiplier).unwrap().monthly_usd;
                let other = option_cost(&model, option.kind, multiplier).unwrap().monthly_usd;
                prop_assert!((current - other).abs() < 0.01, "{:?} at {multiplier}: {current} vs {other}", option.kind);
                prop_assert!((monthly_usd - current).abs() < 1e-9);
                prop_assert!((0.1..=20.0).contains(&multiplier));
            }
        }
    }
}
