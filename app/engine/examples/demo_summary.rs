//! Prints a one-line summary per function of the demo fleet's analysis (a development aid):
//! `cargo run -p berth-engine --release --example demo_summary [FUNCTIONS]`.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

use mimalloc::MiMalloc;

use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze, analyze_explained, Assumptions, Catalog};

/// Counts live heap bytes and their peak, so the figures below separate heap from RSS; over
/// mimalloc, the allocator the server runs on.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { MiMalloc.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn heap_mb(counter: &AtomicUsize) -> f64 {
    counter.load(Ordering::Relaxed) as f64 / 1_048_576.0
}

fn main() {
    let functions = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let snapshot = generate(&DemoConfig {
        functions,
        ..DemoConfig::default()
    });
    let rss_before = rss_mb();
    let heap_before = heap_mb(&LIVE);
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    for _ in 1..repeat {
        let _ = analyze(&snapshot, &Assumptions::default(), &Catalog::builtin());
    }
    let cpu_before = cpu_ms();
    let started = std::time::Instant::now();
    let (analysis, warnings) = analyze(&snapshot, &Assumptions::default(), &Catalog::builtin());
    let elapsed = started.elapsed();
    let cpu = cpu_ms() - cpu_before;
    let peak_after_analyze = peak_mb();
    let rss_after_analyze = rss_mb();
    let (heap_after, heap_peak) = (heap_mb(&LIVE), heap_mb(&PEAK));
    // Set ONLY_ANALYZE to measure the peak of `analyze` alone.
    let started_explained = std::time::Instant::now();
    if std::env::var_os("ONLY_ANALYZE").is_none() {
        let explained = analyze_explained(&snapshot, &Assumptions::default(), &Catalog::builtin());
        drop(explained);
    }
    let elapsed_explained = started_explained.elapsed();
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
    println!(
        "analyze took {:.1} ms wall, {cpu:.0} ms CPU (all threads)",
        elapsed.as_secs_f64() * 1000.0
    );
    println!(
        "analyze_explained took {:.1} ms wall",
        elapsed_explained.as_secs_f64() * 1000.0
    );
    println!(
        "resident: {:.0} MB with the snapshot, {:.0} MB with the analysis too (peak {:.0} MB)",
        rss_before, rss_after_analyze, peak_after_analyze
    );
    println!(
        "heap: {heap_before:.0} MB with the snapshot, {heap_after:.0} MB with the analysis, \
         peak {heap_peak:.0} MB during analyze"
    );
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

/// A line of /proc/self/status in MB (Linux only; 0 elsewhere).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

/// User + system CPU time of this process, ms (Linux; 10 ms resolution).
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|text| {
            let after = text.rsplit_once(')')?.1;
            let fields: Vec<&str> = after.split_whitespace().collect();
            let user: f64 = fields.get(11)?.parse().ok()?;
            let system: f64 = fields.get(12)?.parse().ok()?;
            Some((user + system) * 10.0)
        })
        .unwrap_or(0.0)
}
