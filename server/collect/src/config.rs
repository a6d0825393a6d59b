//! What a collection is asked to do ([`CollectConfig`]) and the checks made before any call.

use std::time::Duration;

use berth_engine::snapshot::PERIOD_SECONDS;
use berth_engine::time::format_rfc3339;

use crate::{plan, CollectError};

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

    pub(crate) fn check(&self) -> Result<(), CollectError> {
        if self.now % i64::from(PERIOD_SECONDS) != 0 {
            return Err(CollectError::Config(format!(
                "the window must end on a whole hour, got {}",
                format_rfc3339(self.now)
            )));
        }
        if !(1..=plan::MAX_DAYS).contains(&self.days) {
            return Err(CollectError::Config(format!(
                "days must be between 1 and {} (CloudWatch keeps hourly data {} days), got {}",
                plan::MAX_DAYS,
                plan::MAX_DAYS,
                self.days
            )));
        }
        Ok(())
    }
}
