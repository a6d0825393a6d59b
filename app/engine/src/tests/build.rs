//! Synthetic snapshots for tests: constant or patterned hourly series.

use std::collections::BTreeMap;

use crate::snapshot::{
    Architecture, Function, Hourly, Invoker, PackageType, RegionLimits, Series, Snapshot, Source,
    SourceKind, Window, FORMAT_V1, PERIOD_SECONDS,
};

pub const HOURS: usize = 24 * 7;

/// A function with `invocations` per hour at `duration_ms` every hour of a week.
pub fn function(name: &str, invocations: f64, duration_ms: f64) -> Function {
    let hours = HOURS;
    let concurrency = invocations * duration_ms / 3.6e6;
    Function {
        name: name.to_string(),
        region: "us-east-1".into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
        runtime: Some("python3.12".into()),
        architecture: Architecture::X86_64,
        memory_mb: 1024,
        timeout_s: 30,
        ephemeral_storage_mb: 512,
        package_type: PackageType::Zip,
        vpc: false,
        reserved_concurrency: None,
        provisioned_concurrency: None,
        tags: BTreeMap::new(),
        invoker: Some(Invoker::Sqs),
        function_callers: Vec::new(),
        series: Series {
            invocations: Hourly::from_values(vec![invocations; hours]),
            errors: Hourly::from_values(vec![0.0; hours]),
            throttles: Hourly::from_values(vec![0.0; hours]),
            duration_avg_ms: Hourly::from_values(vec![duration_ms; hours]),
            duration_p99_ms: Hourly::from_values(vec![duration_ms * 1.5; hours]),
            duration_max_ms: Hourly::from_values(vec![duration_ms * 2.0; hours]),
            concurrency_max: Hourly::from_values(vec![concurrency * 1.2; hours]),
            cold_starts: None,
            init_duration_ms: None,
            max_memory_used_mb: None,
        },
    }
}

/// Sets every hour of `series` from `value(hour)`.
pub fn pattern(value: impl Fn(usize) -> Option<f64>) -> Hourly {
    Hourly::from_options((0..HOURS).map(value))
}

pub fn snapshot(functions: Vec<Function>) -> Snapshot {
    Snapshot {
        format: FORMAT_V1.into(),
        source: Source {
            kind: SourceKind::Import,
            label: "test".into(),
            account_id: None,
        },
        collected_at: "2026-11-08T00:00:00Z".into(),
        window: Window {
            start: "2026-11-01T00:00:00Z".into(),
            hours: HOURS as u32,
            period_seconds: PERIOD_SECONDS,
        },
        regions: vec![RegionLimits {
            region: "us-east-1".into(),
            concurrency_limit: Some(1000),
        }],
        functions,
        billed: vec![],
        warnings: vec![],
    }
}
