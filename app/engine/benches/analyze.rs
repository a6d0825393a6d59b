//! Analysis of 10,000 functions × 30 days of hourly series (the demo generator's fleet).
//! Goal: ≤ 200 ms a run in release on the 2-core development machine (dropping the result is
//! measured apart).
//! `cargo bench -p berth-engine --bench analyze`; peak memory: see `examples/demo_summary.rs`.

use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze, Assumptions, Catalog};
use criterion::{criterion_group, criterion_main, Criterion};

// The allocator the server runs on (see server/src/main.rs): the analysis allocates per function.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn analyze_10k(c: &mut Criterion) {
    let snapshot = generate(&DemoConfig {
        functions: 10_000,
        days: 30,
        seed: 42,
    });
    let assumptions = Assumptions::default();
    let catalog = Catalog::builtin();
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    // The result is dropped outside the timing: freeing it is not analysing (the server keeps
    // it until a newer snapshot replaces it). The drop alone: `10k ... drop` below.
    group.bench_function("10k functions x 30 days", |b| {
        b.iter_with_large_drop(|| analyze(&snapshot, &assumptions, &catalog))
    });
    group.bench_function("10k functions x 30 days, with every sentence", |b| {
        b.iter_with_large_drop(|| {
            berth_engine::analyze_explained(&snapshot, &assumptions, &catalog)
        })
    });
    group.bench_function("10k functions x 30 days, drop of the result", |b| {
        b.iter_batched(
            || analyze(&snapshot, &assumptions, &catalog),
            drop,
            criterion::BatchSize::PerIteration,
        )
    });
    group.bench_function("projection of one function", |b| {
        let function = &snapshot.functions[0];
        b.iter(|| berth_engine::project_function(function, &assumptions, &catalog))
    });
    group.finish();
}

criterion_group!(benches, analyze_10k);
criterion_main!(benches);
