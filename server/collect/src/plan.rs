//! Pure planning: which queries a collection asks and how they are cut into API calls. No I/O,
//! so the call counts for any fleet size are testable without a network.

/// CloudWatch keeps hourly data this many days: the longest window a collection can ask for.
pub const MAX_DAYS: u32 = 455;
/// What GetMetricData costs per 1,000 metrics requested (USD, public CloudWatch pricing).
pub const USD_PER_1000_METRICS: f64 = 0.01;
/// What one Cost Explorer API request costs (USD).
pub const USD_PER_COST_EXPLORER_REQUEST: f64 = 0.01;

/// What a collection costs, one line for people (the dashboard's collect panel).
pub fn cost_note() -> String {
    format!(
        "Read-only calls; a collection costs about ${USD_PER_1000_METRICS} per 1,000 CloudWatch \
         metrics and ${USD_PER_COST_EXPLORER_REQUEST} per Cost Explorer request (see the \
         collector's README)."
    )
}

/// GetMetricData takes at most this many queries per call.
pub const MAX_QUERIES_PER_CALL: usize = 500;
/// GetMetricData returns at most this many datapoints per call.
pub const MAX_DATAPOINTS_PER_CALL: usize = 100_800;
/// Logs Insights: at most this many log groups per StartQuery.
pub const MAX_LOG_GROUPS_PER_QUERY: usize = 50;
/// Logs Insights returns at most this many rows per query (the default limit).
pub const MAX_ROWS_PER_QUERY: usize = 10_000;

/// One hourly CloudWatch series the collector asks for, per function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricKind {
    Invocations,
    Errors,
    Throttles,
    DurationAverage,
    DurationMaximum,
    DurationP99,
    ConcurrencyMaximum,
}

impl MetricKind {
    /// A count (Sum) series: no datapoint in an answered hour means none happened.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            MetricKind::Invocations | MetricKind::Errors | MetricKind::Throttles
        )
    }

    /// What every function gets in the first batches: statistics every endpoint supports.
    pub const BASE: [MetricKind; 6] = [
        MetricKind::Invocations,
        MetricKind::Errors,
        MetricKind::Throttles,
        MetricKind::DurationAverage,
        MetricKind::DurationMaximum,
        MetricKind::ConcurrencyMaximum,
    ];

    /// AWS/Lambda metric name.
    pub fn metric_name(self) -> &'static str {
        match self {
            MetricKind::Invocations => "Invocations",
            MetricKind::Errors => "Errors",
            MetricKind::Throttles => "Throttles",
            MetricKind::DurationAverage | MetricKind::DurationMaximum | MetricKind::DurationP99 => {
                "Duration"
            }
            MetricKind::ConcurrencyMaximum => "ConcurrentExecutions",
        }
    }

    pub fn stat(self) -> &'static str {
        match self {
            MetricKind::Invocations | MetricKind::Errors | MetricKind::Throttles => "Sum",
            MetricKind::DurationAverage => "Average",
            MetricKind::DurationMaximum | MetricKind::ConcurrencyMaximum => "Maximum",
            MetricKind::DurationP99 => "p99",
        }
    }

    /// Percentiles go into their own batches: an endpoint that cannot compute them (moto) fails
    /// the whole call, and that must not cost the other series.
    pub fn is_percentile(self) -> bool {
        self == MetricKind::DurationP99
    }
}

/// One metric query: function (index into the region's function list) and series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricQuery {
    pub function: usize,
    pub kind: MetricKind,
}

/// A stretch of the window, in hours from the window's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HourRange {
    pub first_hour: u32,
    pub hours: u32,
}

/// One GetMetricData call (before NextToken pages): its queries and its stretch of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricCall {
    pub queries: Vec<MetricQuery>,
    pub range: HourRange,
    /// True for the percentile batches (their failure is a warning about p99 only).
    pub percentile: bool,
}

/// The metric queries of a region with `functions` functions: the base series of every function,
/// then p99 duration of every function.
pub fn metric_queries(functions: usize) -> (Vec<MetricQuery>, Vec<MetricQuery>) {
    let base = (0..functions)
        .flat_map(|function| {
            MetricKind::BASE
                .iter()
                .map(move |&kind| MetricQuery { function, kind })
        })
        .collect();
    let percentile = (0..functions)
        .map(|function| MetricQuery {
            function,
            kind: MetricKind::DurationP99,
        })
        .collect();
    (base, percentile)
}

/// Cuts `hours` into chunks that keep a call of `queries_per_call` queries under the datapoint
/// cap. One chunk (the whole window) unless the cap forces more.
pub fn window_chunks(hours: u32, queries_per_call: usize) -> Vec<HourRange> {
    let per_call = queries_per_call.clamp(1, MAX_QUERIES_PER_CALL);
    let chunk = ((MAX_DATAPOINTS_PER_CALL / per_call) as u32).clamp(1, hours.max(1));
    let mut ranges = Vec::new();
    let mut first_hour = 0;
    while first_hour < hours {
        let length = chunk.min(hours - first_hour);
        ranges.push(HourRange {
            first_hour,
            hours: length,
        });
        first_hour += length;
    }
    ranges
}

/// The GetMetricData calls for one region: per window chunk, ⌈queries / 500⌉ calls for the base
/// series and ⌈functions / 500⌉ for p99.
pub fn metric_calls(functions: usize, hours: u32) -> Vec<MetricCall> {
    let (base, percentile) = metric_queries(functions);
    let mut calls = Vec::new();
    for (queries, is_percentile) in [(base, false), (percentile, true)] {
        if queries.is_empty() {
            continue;
        }
        for range in window_chunks(hours, queries.len()) {
            for batch in queries.chunks(MAX_QUERIES_PER_CALL) {
                calls.push(MetricCall {
                    queries: batch.to_vec(),
                    range,
                    percentile: is_percentile,
                });
            }
        }
    }
    calls
}

/// Logs Insights: function indices per query, so one query stays within 50 log groups and its
/// `functions × hours` result rows within the 10,000-row limit.
pub fn log_query_batches(functions: usize, hours: u32) -> Vec<Vec<usize>> {
    let per_query = (MAX_ROWS_PER_QUERY / hours.max(1) as usize).clamp(1, MAX_LOG_GROUPS_PER_QUERY);
    (0..functions)
        .collect::<Vec<_>>()
        .chunks(per_query)
        .map(<[usize]>::to_vec)
        .collect()
}

/// Expected API calls for a fleet, per service and operation, assuming one page per list call.
/// The counting test and the CLI's `--plan` output use it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallPlan {
    pub list_functions: usize,
    pub get_account_settings: usize,
    pub per_function_lambda: usize,
    pub get_metric_data: usize,
    pub metrics_requested: usize,
    pub cost_explorer: usize,
    pub logs_start_query: usize,
}

/// `functions_per_region` functions in each region, `hours` of window.
pub fn call_plan(
    functions_per_region: &[usize],
    hours: u32,
    tag_grouping: bool,
    cold_starts: bool,
) -> CallPlan {
    let mut plan = CallPlan {
        // Usage types, resource-level, and optionally one grouped by tag.
        cost_explorer: 2 + usize::from(tag_grouping),
        ..CallPlan::default()
    };
    for &functions in functions_per_region {
        plan.list_functions += functions.div_ceil(50).max(1);
        plan.get_account_settings += 1;
        // GetFunctionConcurrency, ListProvisionedConcurrencyConfigs, ListTags, GetPolicy.
        plan.per_function_lambda += 4 * functions;
        let calls = metric_calls(functions, hours);
        plan.get_metric_data += calls.len();
        plan.metrics_requested += calls.iter().map(|call| call.queries.len()).sum::<usize>();
        if cold_starts {
            plan.logs_start_query += log_query_batches(functions, hours).len();
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_calls(functions: usize, hours: u32, expected_calls: usize, expected_chunks: usize) {
        let calls = metric_calls(functions, hours);
        assert_eq!(
            calls.len(),
            expected_calls,
            "{functions} functions, {hours} h"
        );
        let (base, percentile) = metric_queries(functions);
        let chunks_base = window_chunks(hours, base.len()).len();
        assert_eq!(chunks_base, expected_chunks);
        let lower_bound = chunks_base * base.len().div_ceil(MAX_QUERIES_PER_CALL)
            + window_chunks(hours, percentile.len()).len()
                * percentile.len().div_ceil(MAX_QUERIES_PER_CALL);
        assert_eq!(calls.len(), lower_bound);
        for call in &calls {
            assert!(call.queries.len() <= MAX_QUERIES_PER_CALL);
            assert!(call.queries.len() * call.range.hours as usize <= MAX_DATAPOINTS_PER_CALL);
            assert!(call
                .queries
                .iter()
                .all(|q| q.kind.is_percentile() == call.percentile));
        }
        // Every (function, kind) exactly once per hour of the window.
        let covered: usize = calls
            .iter()
            .map(|c| c.queries.len() * c.range.hours as usize)
            .sum();
        assert_eq!(covered, functions * 7 * hours as usize);
    }

    #[test]
    fn metric_calls_meet_the_lower_bound() {
        check_calls(0, 72, 0, 1);
        check_calls(1, 72, 2, 1);
        check_calls(5, 72, 2, 1);
        check_calls(83, 72, 2, 1); // 498 base queries: one call
        check_calls(84, 72, 3, 1); // 504 base queries: two calls
        check_calls(1_000, 72, 12 + 2, 1); // 72 h × 500 = 36,000 points: no chunking
                                           // 14 days: 500 × 336 > 100,800, so the window is cut into 201-hour chunks.
        check_calls(1_000, 336, 2 * 12 + 2 * 2, 2);
        check_calls(1_000, 720, 4 * 12 + 4 * 2, 4);
        check_calls(10, 720, 2, 1); // 60 queries × 720 h = 43,200 points
    }

    #[test]
    fn chunks_cover_the_window() {
        let chunks = window_chunks(720, 500);
        assert_eq!(
            chunks.iter().map(|c| c.hours).collect::<Vec<_>>(),
            vec![201, 201, 201, 117]
        );
        assert_eq!(chunks[3].first_hour, 603);
        assert_eq!(
            window_chunks(24, 1),
            vec![HourRange {
                first_hour: 0,
                hours: 24
            }]
        );
    }

    #[test]
    fn log_batches_respect_groups_and_rows() {
        assert_eq!(log_query_batches(120, 72).len(), 3); // 50 per query (3,600 rows)
        assert_eq!(log_query_batches(120, 720).len(), 10); // 13 per query (9,360 rows)
        assert!(log_query_batches(0, 72).is_empty());
    }

    /// The counting test of issue 4: what a collection of 1,000 functions costs in API calls.
    #[test]
    fn calls_for_a_thousand_functions() {
        let three_days = call_plan(&[1_000], 72, false, true);
        assert_eq!(
            three_days,
            CallPlan {
                list_functions: 20,
                get_account_settings: 1,
                per_function_lambda: 4_000,
                get_metric_data: 14,
                metrics_requested: 7_000,
                cost_explorer: 2,
                logs_start_query: 20,
            }
        );
        let thirty_days = call_plan(&[1_000], 720, true, true);
        assert_eq!(thirty_days.get_metric_data, 56);
        assert_eq!(thirty_days.metrics_requested, 28_000);
        assert_eq!(thirty_days.cost_explorer, 3);
        assert_eq!(thirty_days.logs_start_query, 77);
        // Two regions of 500: the calls are regional, so each region rounds up on its own.
        let split = call_plan(&[500, 500], 72, false, false);
        assert_eq!(split.get_metric_data, 2 * (6 + 1));
    }
}
