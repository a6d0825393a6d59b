//! What a collection did: API calls per service and operation, metrics billed, points read.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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

    pub(crate) fn into_map(self) -> BTreeMap<String, BTreeMap<String, u64>> {
        let mut map: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((service, operation), count) in self.0.lock().expect("counter lock").iter() {
            map.entry(service.to_string())
                .or_default()
                .insert(operation.to_string(), *count);
        }
        map
    }
}
