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

/// Where the request quotas below come from.
pub const LAMBDA_QUOTAS_SOURCE: &str =
    "AWS Lambda quotas, API requests (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)";
pub const CLOUDWATCH_QUOTAS_SOURCE: &str =
    "CloudWatch service quotas (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html)";
/// Lambda `GetFunction`: 100 requests per second per region; cannot be increased.
pub const LAMBDA_GET_FUNCTION_PER_SECOND: u32 = 100;
/// Lambda `GetPolicy`: 15 requests per second per region.
pub const LAMBDA_GET_POLICY_PER_SECOND: u32 = 15;
/// The rest of Lambda's control plane (every call but invocations, `GetFunction` and
/// `GetPolicy`: `ListFunctions`, `GetAccountSettings`, `ListEventSourceMappings`,
/// `ListProvisionedConcurrencyConfigs`, ...): 15 requests per second per region, together.
pub const LAMBDA_CONTROL_PLANE_PER_SECOND: u32 = 15;
/// CloudWatch `GetMetricData`: 50 transactions per second per region.
pub const CLOUDWATCH_GET_METRIC_DATA_PER_SECOND: u32 = 50;
/// CloudWatch `ListMetrics`: 25 transactions per second per region.
pub const CLOUDWATCH_LIST_METRICS_PER_SECOND: u32 = 25;

/// `ListFunctions` returns at most this many functions per page.
pub const FUNCTIONS_PER_PAGE: usize = 50;
/// `ListEventSourceMappings` returns at most this many mappings per page.
pub const MAPPINGS_PER_PAGE: usize = 100;
/// `ListMetrics` returns at most this many metrics per page.
pub const METRICS_PER_PAGE: usize = 500;
/// The CloudWatch metric whose presence names a function with provisioned concurrency (Lambda
/// emits it per alias or version that has some, dimensions `FunctionName` and `Resource`).
pub const PROVISIONED_METRIC: &str = "ProvisionedConcurrentExecutions";

/// A request quota the collector paces itself under, per region (a token bucket each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    LambdaGetFunction,
    LambdaGetPolicy,
    LambdaControlPlane,
    CloudWatchGetMetricData,
    CloudWatchListMetrics,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::LambdaGetFunction,
        Bucket::LambdaGetPolicy,
        Bucket::LambdaControlPlane,
        Bucket::CloudWatchGetMetricData,
        Bucket::CloudWatchListMetrics,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Bucket::LambdaGetFunction => "Lambda GetFunction",
            Bucket::LambdaGetPolicy => "Lambda GetPolicy",
            Bucket::LambdaControlPlane => "Lambda control plane",
            Bucket::CloudWatchGetMetricData => "CloudWatch GetMetricData",
            Bucket::CloudWatchListMetrics => "CloudWatch ListMetrics",
        }
    }
}

/// Requests per second per bucket: AWS's default quotas unless a caller (a test, or an account
/// with raised quotas) says otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quotas {
    pub lambda_get_function: u32,
    pub lambda_get_policy: u32,
    pub lambda_control_plane: u32,
    pub cloudwatch_get_metric_data: u32,
    pub cloudwatch_list_metrics: u32,
}

impl Default for Quotas {
    fn default() -> Quotas {
        Quotas {
            lambda_get_function: LAMBDA_GET_FUNCTION_PER_SECOND,
            lambda_get_policy: LAMBDA_GET_POLICY_PER_SECOND,
            lambda_control_plane: LAMBDA_CONTROL_PLANE_PER_SECOND,
            cloudwatch_get_metric_data: CLOUDWATCH_GET_METRIC_DATA_PER_SECOND,
            cloudwatch_list_metrics: CLOUDWATCH_LIST_METRICS_PER_SECOND,
        }
    }
}

impl Quotas {
    /// Requests per second of `bucket` (at least 1).
    pub fn per_second(&self, bucket: Bucket) -> u32 {
        let rate = match bucket {
            Bucket::LambdaGetFunction => self.lambda_get_function,
            Bucket::LambdaGetPolicy => self.lambda_get_policy,
            Bucket::LambdaControlPlane => self.lambda_control_plane,
            Bucket::CloudWatchGetMetricData => self.cloudwatch_get_metric_data,
            Bucket::CloudWatchListMetrics => self.cloudwatch_list_metrics,
        };
        rate.max(1)
    }
}

/// What a region's listing found, which is all the per-function calls depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegionFacts {
    pub functions: usize,
    /// Event source mappings in the region (`ListEventSourceMappings`, once per region).
    pub event_source_mappings: usize,
    /// Functions an event source mapping invokes (SQS, Kinesis, DynamoDB...): their invoker is
    /// known, so their resource policy is not read.
    pub invoker_from_mappings: usize,
    /// Provisioned-concurrency metric series CloudWatch lists (one per alias or version).
    pub provisioned_series: usize,
    /// Functions named by those series: only their provisioned-concurrency configs are read.
    pub with_provisioned_metrics: usize,
}

/// One bucket's share of a plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BucketCalls {
    pub bucket: Bucket,
    pub calls: usize,
    /// `calls` at the bucket's quota.
    pub seconds: f64,
}

/// The calls of one region's collection (Lambda and CloudWatch; Cost Explorer and Logs are
/// not per region) and the time they take at the quotas.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionPlan {
    pub facts: RegionFacts,
    /// Calls per bucket (every bucket, in `Bucket::ALL` order).
    pub buckets: Vec<BucketCalls>,
    /// Calls per operation (each list call counted as its pages).
    pub operations: Vec<(&'static str, usize)>,
    /// The three steps run one after the other — the listing, the per-function calls, the
    /// metrics — each as long as its slowest bucket: the time at the quotas.
    pub seconds: f64,
}

impl RegionPlan {
    pub fn calls(&self, bucket: Bucket) -> usize {
        self.buckets
            .iter()
            .find(|b| b.bucket == bucket)
            .map_or(0, |b| b.calls)
    }

    pub fn total_calls(&self) -> usize {
        self.buckets.iter().map(|b| b.calls).sum()
    }
}

/// The plan of a region: which calls each fact costs, from the cheapest source —
/// `GetFunction` for reserved concurrency and tags (100/s), `ListMetrics` to find the functions
/// with provisioned concurrency (only those get `ListProvisionedConcurrencyConfigs`),
/// `ListEventSourceMappings` once for queue and stream invokers, `GetPolicy` only where the
/// invoker is still unknown — then `GetMetricData`.
pub fn region_plan(facts: RegionFacts, hours: u32, quotas: &Quotas) -> RegionPlan {
    let list_functions = facts.functions.div_ceil(FUNCTIONS_PER_PAGE).max(1);
    let list_mappings = facts
        .event_source_mappings
        .div_ceil(MAPPINGS_PER_PAGE)
        .max(1);
    let list_metrics = facts.provisioned_series.div_ceil(METRICS_PER_PAGE).max(1);
    let get_function = facts.functions;
    let get_policy = facts.functions.saturating_sub(facts.invoker_from_mappings);
    let provisioned_configs = facts.with_provisioned_metrics;
    let get_metric_data = metric_calls(facts.functions, hours).len();
    let operations = vec![
        ("ListFunctions", list_functions),
        ("GetAccountSettings", 1),
        ("ListEventSourceMappings", list_mappings),
        ("ListMetrics", list_metrics),
        ("GetFunction", get_function),
        ("ListProvisionedConcurrencyConfigs", provisioned_configs),
        ("GetPolicy", get_policy),
        ("GetMetricData", get_metric_data),
    ];
    let at = |bucket: Bucket, calls: usize| calls as f64 / f64::from(quotas.per_second(bucket));
    // The listing: ListFunctions, GetAccountSettings, ListEventSourceMappings share the control
    // plane; ListMetrics runs beside them on CloudWatch.
    let listing_control = list_functions + 1 + list_mappings;
    let listing = at(Bucket::LambdaControlPlane, listing_control)
        .max(at(Bucket::CloudWatchListMetrics, list_metrics));
    let per_function = at(Bucket::LambdaGetFunction, get_function)
        .max(at(Bucket::LambdaGetPolicy, get_policy))
        .max(at(Bucket::LambdaControlPlane, provisioned_configs));
    let metrics = at(Bucket::CloudWatchGetMetricData, get_metric_data);
    let buckets = Bucket::ALL
        .iter()
        .map(|&bucket| {
            let calls = match bucket {
                Bucket::LambdaGetFunction => get_function,
                Bucket::LambdaGetPolicy => get_policy,
                Bucket::LambdaControlPlane => listing_control + provisioned_configs,
                Bucket::CloudWatchGetMetricData => get_metric_data,
                Bucket::CloudWatchListMetrics => list_metrics,
            };
            BucketCalls {
                bucket,
                calls,
                seconds: at(bucket, calls),
            }
        })
        .collect();
    RegionPlan {
        facts,
        buckets,
        operations,
        seconds: listing + per_function + metrics,
    }
}

/// Seconds for people: `0.4 s`, `42.0 s`, `9 min 14 s`, `1 h 2 min`.
pub fn format_seconds(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    match whole {
        _ if seconds < 59.5 => format!("{seconds:.1} s"),
        60..=3_599 => format!("{} min {} s", whole / 60, whole % 60),
        _ => format!("{} h {} min", whole / 3_600, whole % 3_600 / 60),
    }
}

/// One line per region for people: what will be called and how long it takes at the quotas.
pub fn describe_plan(region: &str, plan: &RegionPlan) -> String {
    let buckets: Vec<String> = plan
        .buckets
        .iter()
        .filter(|b| b.calls > 0)
        .map(|b| format!("{} {} ({:.1} s)", b.bucket.label(), b.calls, b.seconds))
        .collect();
    format!(
        "{region}: {} functions, {} calls planned — {}; about {} at the quotas",
        plan.facts.functions,
        plan.total_calls(),
        buckets.join(", "),
        format_seconds(plan.seconds)
    )
}

/// Expected billed API calls for a fleet (CloudWatch metrics, Cost Explorer, Logs Insights),
/// assuming one page per list call; the Lambda calls per quota bucket are [`region_plan`]'s.
/// The counting test and the CLI's summary use it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallPlan {
    pub list_functions: usize,
    pub get_account_settings: usize,
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
        plan.list_functions += functions.div_ceil(FUNCTIONS_PER_PAGE).max(1);
        plan.get_account_settings += 1;
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

    fn close(found: f64, expected: f64) {
        assert!((found - expected).abs() < 1e-6, "{found} != {expected}");
    }

    /// Issue 16: a region of 10,000 functions, 14 days — the calls per quota bucket and the
    /// time they take at the quotas, against the four per-function calls of before.
    #[test]
    fn ten_thousand_functions_per_bucket_at_the_quotas() {
        let quotas = Quotas::default();
        // 2,000 queue and stream consumers (2,500 mappings), 300 functions with provisioned
        // concurrency on two aliases each.
        let facts = RegionFacts {
            functions: 10_000,
            event_source_mappings: 2_500,
            invoker_from_mappings: 2_000,
            provisioned_series: 600,
            with_provisioned_metrics: 300,
        };
        let plan = region_plan(facts, 14 * 24, &quotas);
        let calls: Vec<(Bucket, usize)> =
            plan.buckets.iter().map(|b| (b.bucket, b.calls)).collect();
        assert_eq!(
            calls,
            vec![
                (Bucket::LambdaGetFunction, 10_000),
                (Bucket::LambdaGetPolicy, 8_000),
                // 200 ListFunctions pages, GetAccountSettings, 25 mapping pages, 300 PC configs.
                (Bucket::LambdaControlPlane, 200 + 1 + 25 + 300),
                // 2 window chunks × (120 base + 20 p99 calls).
                (Bucket::CloudWatchGetMetricData, 280),
                (Bucket::CloudWatchListMetrics, 2),
            ]
        );
        let seconds: Vec<f64> = plan.buckets.iter().map(|b| b.seconds).collect();
        for (found, expected) in
            seconds
                .iter()
                .zip([100.0, 8_000.0 / 15.0, 526.0 / 15.0, 5.6, 0.08])
        {
            close(*found, expected);
        }
        // Listing 226 control-plane calls (15.07 s), then GetPolicy is the slowest per-function
        // bucket (533.3 s; GetFunction takes 100 s beside it), then 5.6 s of metrics.
        close(plan.seconds, 226.0 / 15.0 + 8_000.0 / 15.0 + 5.6);
        assert_eq!(format_seconds(plan.seconds), "9 min 14 s");
        assert_eq!(plan.total_calls(), 10_000 + 8_000 + 526 + 280 + 2);

        // No mapping, no provisioned concurrency: every policy is read, 11 min 26 s.
        let bare = region_plan(
            RegionFacts {
                functions: 10_000,
                ..RegionFacts::default()
            },
            14 * 24,
            &quotas,
        );
        assert_eq!(bare.calls(Bucket::LambdaGetPolicy), 10_000);
        assert_eq!(bare.calls(Bucket::LambdaControlPlane), 202);
        close(bare.seconds, 202.0 / 15.0 + 10_000.0 / 15.0 + 5.6);
        assert_eq!(format_seconds(bare.seconds), "11 min 26 s");

        // Before: GetFunctionConcurrency, ListProvisionedConcurrencyConfigs and ListTags per
        // function on the 15/s control plane (GetPolicy beside them): 30,202 calls, 33.6 min.
        let before = (3 * 10_000 + 202) as f64 / f64::from(LAMBDA_CONTROL_PLANE_PER_SECOND);
        assert_eq!(format_seconds(before), "33 min 33 s");
        assert!(
            bare.seconds * 2.9 < before,
            "{} against {before}",
            bare.seconds
        );
    }

    #[test]
    fn plans_read_for_people() {
        let plan = region_plan(
            RegionFacts {
                functions: 3,
                event_source_mappings: 1,
                invoker_from_mappings: 1,
                provisioned_series: 0,
                with_provisioned_metrics: 0,
            },
            48,
            &Quotas::default(),
        );
        assert_eq!(
            describe_plan("us-east-1", &plan),
            "us-east-1: 3 functions, 11 calls planned — Lambda GetFunction 3 (0.0 s), Lambda \
             GetPolicy 2 (0.1 s), Lambda control plane 3 (0.2 s), CloudWatch GetMetricData 2 \
             (0.0 s), CloudWatch ListMetrics 1 (0.0 s); about 0.4 s at the quotas"
        );
        assert_eq!(format_seconds(0.0), "0.0 s");
        assert_eq!(format_seconds(42.04), "42.0 s");
        assert_eq!(format_seconds(3_725.0), "1 h 2 min");
        // A quota of 0 would never pace: it counts as 1 per second.
        let zero = Quotas {
            lambda_get_policy: 0,
            ..Quotas::default()
        };
        assert_eq!(zero.per_second(Bucket::LambdaGetPolicy), 1);
    }
}
