//! Berth's AWS collector: Lambda inventory, CloudWatch metrics, Cost Explorer costs and (opt-in)
//! cold starts from Logs Insights, turned into one [`Snapshot`].
//!
//! The one entry point is [`collect`] (or [`collect_with`] for clients built elsewhere, e.g. mocks).
//! Partial failures — a function, a service, a statistic the endpoint lacks — become
//! `snapshot.warnings`; only what prevents any collection (no region, no credentials for the
//! inventory of every region) is a [`CollectError`]. Progress goes to a [`Progress`], which the
//! CLI draws as bars and a web adapter can stream as events.

mod clients;
mod config;
mod costs;
mod error;
mod lambda;
mod logs;
mod metrics;
mod pace;
pub mod plan;
mod progress;
mod stats;
mod warnings;

use berth_engine::snapshot::{
    CollectionWarning, RegionLimits, Snapshot, Source, SourceKind, Window, FORMAT_V1,
    PERIOD_SECONDS,
};
use berth_engine::time::format_rfc3339;

pub use clients::{build_clients, Clients, NotImplemented, RegionClients};
pub use config::CollectConfig;
pub use error::CollectError;
pub use progress::{Event, NoProgress, Phase, Progress};
pub use stats::CollectStats;
pub(crate) use stats::Counter;
pub(crate) use warnings::{describe, merge_warnings};

/// Collects a snapshot from AWS (or `config.endpoint_url`) with the default credential chain or
/// `config.profile`, optionally through `config.assume_role`.
pub async fn collect(
    config: &CollectConfig,
    progress: &dyn Progress,
) -> Result<(Snapshot, CollectStats), CollectError> {
    config.check()?;
    let clients = build_clients(config).await?;
    collect_with(&clients, config, progress).await
}

/// Collects with clients built by the caller (tests hand in mocked clients).
pub async fn collect_with(
    clients: &Clients,
    config: &CollectConfig,
    progress: &dyn Progress,
) -> Result<(Snapshot, CollectStats), CollectError> {
    config.check()?;
    let started = tokio::time::Instant::now();
    let counter = Counter::default();
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<CollectionWarning>, warning: CollectionWarning| {
        progress.event(Event::Warning(warning.clone()));
        warnings.push(warning);
    };

    // Inventory, region by region.
    progress.event(Event::PhaseStarted {
        phase: Phase::Inventory,
        total: clients.regions.len() as u64,
    });
    let mut inventories = Vec::new();
    let mut failed_regions = Vec::new();
    for region in &clients.regions {
        match lambda::inventory(region, config, &counter, progress).await {
            Ok(inventory) => {
                for warning in &inventory.warnings {
                    warn(&mut warnings, warning.clone());
                }
                inventories.push(inventory);
            }
            Err(message) => {
                failed_regions.push(format!("{}: {message}", region.region));
                warn(
                    &mut warnings,
                    CollectionWarning {
                        scope: region.region.clone(),
                        message: format!("cannot list functions: {message}"),
                    },
                );
            }
        }
        progress.event(Event::Advanced {
            phase: Phase::Inventory,
            by: 1,
        });
    }
    progress.event(Event::PhaseFinished {
        phase: Phase::Inventory,
    });
    if inventories.is_empty() {
        return Err(CollectError::NoInventory(failed_regions.join("; ")));
    }

    // Metrics: GetMetricData in as few calls as the limits allow.
    let hours = config.hours();
    let planned: usize = inventories
        .iter()
        .map(|inventory| plan::metric_calls(inventory.functions.len(), hours).len())
        .sum();
    progress.event(Event::PhaseStarted {
        phase: Phase::Metrics,
        total: planned as u64,
    });
    let mut metrics_requested = 0;
    for inventory in &mut inventories {
        let region = clients.region(&inventory.region);
        let outcome = metrics::collect_series(
            &region.cloudwatch,
            &region.region,
            &mut inventory.functions,
            config,
            &counter,
            progress,
        )
        .await;
        metrics_requested += outcome.metrics_requested;
        for warning in outcome.warnings {
            warn(&mut warnings, warning);
        }
    }
    progress.event(Event::PhaseFinished {
        phase: Phase::Metrics,
    });

    // Cold starts (opt-in: Logs Insights bills per GB scanned).
    if config.cold_starts {
        let total: usize = inventories
            .iter()
            .map(|inventory| plan::log_query_batches(inventory.functions.len(), hours).len())
            .sum();
        progress.event(Event::PhaseStarted {
            phase: Phase::ColdStarts,
            total: total as u64,
        });
        for inventory in &mut inventories {
            let region = clients.region(&inventory.region);
            let found = logs::collect_cold_starts(
                &region.logs,
                &region.region,
                &mut inventory.functions,
                config,
                &counter,
                progress,
            )
            .await;
            for warning in found {
                warn(&mut warnings, warning);
            }
        }
        progress.event(Event::PhaseFinished {
            phase: Phase::ColdStarts,
        });
    }

    // Billed costs.
    progress.event(Event::PhaseStarted {
        phase: Phase::Costs,
        total: 2 + u64::from(config.cost_tag.is_some()),
    });
    let (billed, cost_warnings) =
        costs::collect_costs(&clients.cost_explorer, config, &counter, progress).await;
    for warning in cost_warnings {
        warn(&mut warnings, warning);
    }
    progress.event(Event::PhaseFinished {
        phase: Phase::Costs,
    });

    let account_id = inventories
        .iter()
        .flat_map(|inventory| inventory.functions.iter())
        .find_map(|function| account_of_arn(&function.arn));
    let mut regions = Vec::new();
    let mut functions = Vec::new();
    for inventory in inventories {
        regions.push(RegionLimits {
            region: inventory.region,
            concurrency_limit: inventory.concurrency_limit,
        });
        functions.extend(inventory.functions);
    }
    let label = match (&config.profile, &config.assume_role) {
        (_, Some(role)) => format!("role {role}"),
        (Some(profile), None) => format!("profile {profile}"),
        (None, None) => "default credentials".to_string(),
    };
    let snapshot = Snapshot {
        format: FORMAT_V1.to_string(),
        source: Source {
            kind: SourceKind::Aws,
            label,
            account_id,
        },
        collected_at: format_rfc3339(config.now),
        window: Window {
            start: format_rfc3339(config.window_start()),
            hours,
            period_seconds: PERIOD_SECONDS,
        },
        regions,
        functions,
        billed,
        warnings,
    };
    snapshot
        .validate()
        .map_err(|e| CollectError::Invalid(e.to_string()))?;
    let series_points = snapshot
        .functions
        .iter()
        .flat_map(|function| function.series.named())
        .map(|(_, series)| series.present_count() as u64)
        .sum();
    let stats = CollectStats {
        api_calls: counter.into_map(),
        metrics_requested: metrics_requested as u64,
        functions: snapshot.functions.len(),
        series_points,
        warnings: snapshot.warnings.len(),
        elapsed: started.elapsed(),
    };
    Ok((snapshot, stats))
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME` → ACCOUNT.
fn account_of_arn(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A web adapter runs collections with `tokio::spawn`: the future must be `Send`.
    #[test]
    fn collect_future_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let config = CollectConfig::new(3_600);
        let future = collect(&config, &NoProgress);
        assert_send(&future);
    }

    #[test]
    fn account_from_arn() {
        assert_eq!(
            account_of_arn("arn:aws:lambda:us-east-1:123456789012:function:api"),
            Some("123456789012".into())
        );
        assert_eq!(account_of_arn("nonsense"), None);
    }

    #[test]
    fn same_failure_for_many_functions_is_one_warning() {
        let failures = vec![
            ("a".into(), "GetPolicy".into(), "boom".into()),
            ("b".into(), "GetPolicy".into(), "boom".into()),
            ("c".into(), "ListTags".into(), "denied".into()),
        ];
        let merged = merge_warnings("eu-west-1", failures);
        assert_eq!(
            merged,
            vec![
                CollectionWarning {
                    scope: "eu-west-1".into(),
                    message: "GetPolicy failed for 2 functions (a, b): boom".into()
                },
                CollectionWarning {
                    scope: "eu-west-1/c".into(),
                    message: "ListTags failed: denied".into()
                },
            ]
        );
    }

    #[test]
    fn config_checks_the_window() {
        let config = CollectConfig::new(1_800);
        assert!(matches!(config.check(), Err(CollectError::Config(_))));
        let config = CollectConfig {
            days: 0,
            ..CollectConfig::new(3_600)
        };
        assert!(matches!(config.check(), Err(CollectError::Config(_))));
        let config = CollectConfig::new(100 * 86_400);
        assert_eq!(config.window_start(), 86 * 86_400);
    }
}
