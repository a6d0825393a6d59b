//! Berth's AWS collector: Lambda inventory, CloudWatch metrics, Cost Explorer costs and (opt-in)
//! cold starts from Logs Insights, turned into one [`Snapshot`].
//!
//! The one entry point is [`collect`] (or [`collect_with`] for clients built elsewhere, e.g. mocks).
//! Partial failures — a function, a service, a statistic the endpoint lacks — become
//! `snapshot.warnings`; only what prevents any collection (no region, no credentials for the
//! inventory of every region) is a [`CollectError`]. Progress goes to a [`Progress`], which the
//! CLI draws as bars and a web adapter can stream as events.

mod clients;
mod costs;
mod error;
mod lambda;
mod logs;
mod metrics;
mod pace;
pub mod plan;
mod progress;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_lambda::config::http::HttpResponse;
use berth_engine::snapshot::{
    CollectionWarning, RegionLimits, Snapshot, Source, SourceKind, Window, FORMAT_V1,
    PERIOD_SECONDS,
};
use berth_engine::time::format_rfc3339;

pub use clients::{build_clients, Clients, NotImplemented, RegionClients};
pub use error::CollectError;
pub use progress::{Event, NoProgress, Phase, Progress};

/// What to collect and from where. Built by the CLI (or the dashboard) from its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct CollectConfig {
    /// Named profile of the shared AWS config files; `None` = the default credential chain.
    pub profile: Option<String>,
    /// Regions to inventory; empty = the region of the profile / environment, like the AWS CLI.
    pub regions: Vec<String>,
    /// Days of hourly data, ending at `now`.
    pub days: u32,
    /// Endpoint for every service (a test endpoint such as moto); `None` = AWS.
    pub endpoint_url: Option<String>,
    /// Role to assume (with the profile's credentials) before collecting.
    pub assume_role: Option<String>,
    /// Collect cold starts, init duration and memory used from Logs Insights (billed per GB).
    pub cold_starts: bool,
    /// Also group billed costs by this tag (e.g. `aws:cloudformation:stack-name`).
    pub cost_tag: Option<String>,
    /// End of the window, unix seconds on a whole hour (the caller reads the clock, not us).
    pub now: i64,
    /// Attempts per API call (the SDK's standard retry: backoff on throttling and 5xx).
    pub max_attempts: u32,
    /// How long one attempt of one call may take before the SDK gives up on it and retries
    /// (a hung connection must not hang the collection).
    pub attempt_timeout: Duration,
    /// Per-function Lambda calls in flight at once (per kind: GetFunction, GetPolicy).
    pub concurrency: usize,
    /// Requests per second per quota bucket the calls are paced under (AWS's defaults).
    pub quotas: plan::Quotas,
    /// How long to wait for one Logs Insights query.
    pub logs_query_timeout: Duration,
}

impl CollectConfig {
    /// Defaults for everything but the window's end.
    pub fn new(now: i64) -> CollectConfig {
        CollectConfig {
            profile: None,
            regions: Vec::new(),
            days: 14,
            endpoint_url: None,
            assume_role: None,
            cold_starts: false,
            cost_tag: None,
            now,
            max_attempts: 5,
            attempt_timeout: Duration::from_secs(30),
            concurrency: 8,
            quotas: plan::Quotas::default(),
            logs_query_timeout: Duration::from_secs(300),
        }
    }

    pub fn hours(&self) -> u32 {
        self.days * 24
    }

    /// First hour of the window, unix seconds.
    pub fn window_start(&self) -> i64 {
        self.now - i64::from(self.hours()) * i64::from(PERIOD_SECONDS)
    }

    fn check(&self) -> Result<(), CollectError> {
        if self.now % i64::from(PERIOD_SECONDS) != 0 {
            return Err(CollectError::Config(format!(
                "the window must end on a whole hour, got {}",
                format_rfc3339(self.now)
            )));
        }
        if !(1..=455).contains(&self.days) {
            return Err(CollectError::Config(format!(
                "days must be between 1 and 455 (CloudWatch keeps hourly data 455 days), got {}",
                self.days
            )));
        }
        Ok(())
    }
}

/// What a collection did: for the summary line and the closing figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CollectStats {
    /// API calls (pages included, SDK retries not) per service, then per operation.
    pub api_calls: BTreeMap<String, BTreeMap<String, u64>>,
    /// CloudWatch metrics requested (what GetMetricData bills: $0.01 per 1,000).
    pub metrics_requested: u64,
    pub functions: usize,
    /// Hourly points present (not missing) over every series of every function.
    pub series_points: u64,
    pub warnings: usize,
    pub elapsed: Duration,
}

impl CollectStats {
    pub fn calls(&self, service: &str, operation: &str) -> u64 {
        self.api_calls
            .get(service)
            .and_then(|operations| operations.get(operation))
            .copied()
            .unwrap_or(0)
    }

    pub fn calls_for_service(&self, service: &str) -> u64 {
        self.api_calls
            .get(service)
            .map_or(0, |operations| operations.values().sum())
    }
}

/// Counts API calls from every task of a collection.
#[derive(Clone, Default)]
pub(crate) struct Counter(Arc<Mutex<BTreeMap<(&'static str, &'static str), u64>>>);

impl Counter {
    pub(crate) fn add(&self, service: &'static str, operation: &'static str) {
        *self
            .0
            .lock()
            .expect("counter lock")
            .entry((service, operation))
            .or_default() += 1;
    }

    fn into_map(self) -> BTreeMap<String, BTreeMap<String, u64>> {
        let mut map: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((service, operation), count) in self.0.lock().expect("counter lock").iter() {
            map.entry(service.to_string())
                .or_default()
                .insert(operation.to_string(), *count);
        }
        map
    }
}

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

/// One line for a warning from an SDK error: the service's code and message when it sent them,
/// the HTTP status when it sent something else (an endpoint that lacks the call), else the whole
/// error chain; at most 300 characters.
pub(crate) fn describe<E>(error: &aws_sdk_lambda::error::SdkError<E, HttpResponse>) -> String
where
    E: aws_sdk_lambda::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_lambda::error::SdkError;
    let text = match error {
        SdkError::ServiceError(service) => match service.err().code() {
            Some(code) => format!(
                "{code}: {}",
                service.err().message().unwrap_or("(no message)")
            ),
            None => format!(
                "HTTP {} without an AWS error in the body (does the endpoint implement this call?)",
                service.raw().status().as_u16()
            ),
        },
        other => aws_sdk_lambda::error::DisplayErrorContext(other).to_string(),
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Warnings that say the same thing about many functions of a region become one.
pub(crate) fn merge_warnings(
    region: &str,
    failures: Vec<(String, String, String)>,
) -> Vec<CollectionWarning> {
    // (operation, message) -> function names
    let mut grouped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (function, operation, message) in failures {
        grouped
            .entry((operation, message))
            .or_default()
            .push(function);
    }
    grouped
        .into_iter()
        .map(|((operation, message), functions)| {
            if let [function] = functions.as_slice() {
                CollectionWarning {
                    scope: format!("{region}/{function}"),
                    message: format!("{operation} failed: {message}"),
                }
            } else {
                let shown = functions.iter().take(5).cloned().collect::<Vec<_>>();
                let more = if functions.len() > 5 { ", …" } else { "" };
                CollectionWarning {
                    scope: region.to_string(),
                    message: format!(
                        "{operation} failed for {} functions ({}{more}): {message}",
                        functions.len(),
                        shown.join(", ")
                    ),
                }
            }
        })
        .collect()
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
