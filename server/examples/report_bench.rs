//! Report speed: `cargo run --release -p berth-server --example report_bench [-- --runs N]`.
//!
//! Times the HTML report (model built from the analysis, then rendered) of demo fleets of
//! 1,000 and 10,000 functions × 30 days, with its size, and the PDF of the 64-function demo
//! fleet through headless Chromium (needs `chromium`, or BERTH_CHROMIUM). Each figure is the
//! median and the slowest of N runs (default 3). Goals (issue 13): HTML of 1,000 functions
//! ≤ 1 s, of 10,000 ≤ 5 s and under ~10 MB; PDF of the demo fleet ≤ 15 s.

use std::time::{Duration, Instant};

use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::demo::{generate, DemoConfig};
use berth_app::engine::prices::Catalog;
use berth_server::report::{self, Format, Inputs, ReportOptions};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], *times.last().unwrap(), size)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let assumptions = Assumptions::default();
    let catalog = Catalog::builtin();
    let options = ReportOptions {
        top: report::DEFAULT_TOP,
        generated_at: report::now(),
        ..ReportOptions::default()
    };
    for (functions, format) in [
        (1_000, Format::Html),
        (10_000, Format::Html),
        (64, Format::Pdf),
    ] {
        let snapshot = generate(&DemoConfig {
            functions,
            days: 30,
            seed: 42,
        });
        let (median, slowest, size) = time(runs, || {
            let produced = report::produce(
                Inputs {
                    snapshot: &snapshot,
                    assumptions: &assumptions,
                    catalog: &catalog,
                    price_overrides: None,
                    options: options.clone(),
                    chromium: None,
                },
                format,
            )
            .expect("the report is made");
            produced.bytes.len()
        });
        println!(
            "{} of {functions} functions × 30 days: median {:.2} s, slowest {:.2} s over {runs} runs; {:.2} MB",
            format.extension(),
            median.as_secs_f64(),
            slowest.as_secs_f64(),
            size as f64 / 1e6
        );
    }
    Ok(())
}
