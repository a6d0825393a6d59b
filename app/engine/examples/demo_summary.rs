//! Prints a one-line summary per function of the demo fleet's analysis (a development aid):
//! `cargo run -p berth-engine --release --example demo_summary [FUNCTIONS]`.

use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze, Assumptions, Catalog};

fn main() {
    let functions = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let snapshot = generate(&DemoConfig {
        functions,
        ..DemoConfig::default()
    });
    let started = std::time::Instant::now();
    let (analysis, warnings) = analyze(&snapshot, &Assumptions::default(), &Catalog::builtin());
    let elapsed = started.elapsed();
    if functions <= 200 {
        for f in &analysis.functions {
            let fired: Vec<_> = f
                .signals
                .iter()
                .filter(|s| s.fired)
                .map(|s| s.kind.label())
                .collect();
            println!(
                "{:<45} {:>10.2} {:?} {:?} save {:>9.2} {:?} {:?}",
                f.key,
                f.options.current.monthly_usd,
                f.verdict.kind,
                f.verdict.option,
                f.verdict.monthly_saving_usd,
                f.verdict.confidence,
                fired
            );
        }
        for w in warnings.iter().take(20) {
            println!("warning {}: {}", w.scope, w.message);
        }
    }
    println!("analyze took {:.1} ms", elapsed.as_secs_f64() * 1000.0);
    println!(
        "{} functions, lambda {:.2}, current {:.2}, saving {:.2}, verdicts {:?}, {} warnings",
        analysis.fleet.functions,
        analysis.fleet.lambda_monthly_usd,
        analysis.fleet.current_monthly_usd,
        analysis.fleet.total_saving_usd,
        analysis.fleet.verdict_counts,
        warnings.len()
    );
}
