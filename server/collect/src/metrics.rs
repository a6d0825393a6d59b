//! CloudWatch GetMetricData: the calls of [`crate::plan::metric_calls`], NextToken followed,
//! datapoints placed on the window's hours. Counts (Invocations, Errors, Throttles) are 0 in an
//! hour without a datapoint once the call answered; everything else stays missing there.

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use berth_engine::snapshot::{CollectionWarning, Function, Hourly, PERIOD_SECONDS};

use crate::pace::Pacer;
use crate::plan::{metric_calls, Bucket, MetricCall, MetricKind};
use crate::{describe, CollectConfig, Counter, Event, Phase, Progress};

pub(crate) struct MetricsOutcome {
    pub metrics_requested: usize,
    pub warnings: Vec<CollectionWarning>,
}

/// Fills the CloudWatch series of `functions` (one region).
pub(crate) async fn collect_series(
    client: &aws_sdk_cloudwatch::Client,
    region: &str,
    functions: &mut [Function],
    config: &CollectConfig,
    counter: &Counter,
    progress: &dyn Progress,
) -> MetricsOutcome {
    let hours = config.hours() as usize;
    let window_start = config.window_start();
    // Per function, per kind: the hourly values found so far, NaN = missing (f32 like `Hourly`,
    // so 10,000 functions × 30 days stay near the snapshot's own size).
    let kinds = 7;
    let mut values: Vec<Vec<f32>> = vec![vec![f32::NAN; hours]; functions.len() * kinds];
    let slot = |function: usize, kind: MetricKind| function * kinds + kind_index(kind);
    let mut warnings = Vec::new();
    let mut metrics_requested = 0;
    let mut percentile_failure = None;
    let mut base_failures = Vec::new();
    let pacer = Pacer::new(&config.quotas);

    for call in metric_calls(functions.len(), config.hours()) {
        metrics_requested += call.queries.len();
        match run_call(client, &pacer, &call, functions, window_start, counter).await {
            Ok(points) => {
                // Lambda writes no datapoint for an hour without invocations: once a call has
                // answered, its hours are counted, so a count series starts at 0 there. A
                // failed call leaves its hours missing.
                for q in call.queries.iter().filter(|q| q.kind.is_count()) {
                    let first = call.range.first_hour as usize;
                    let last = (first + call.range.hours as usize).min(hours);
                    values[slot(q.function, q.kind)][first..last].fill(0.0);
                }
                for (query, hour, value) in points {
                    let q = call.queries[query];
                    values[slot(q.function, q.kind)][hour] = value as f32;
                }
            }
            Err(message) if call.percentile => percentile_failure = Some(message),
            Err(message) => base_failures.push((call, message)),
        }
        progress.event(Event::Advanced {
            phase: Phase::Metrics,
            by: 1,
        });
    }
    if let Some(message) = percentile_failure {
        warnings.push(CollectionWarning {
            scope: region.to_string(),
            message: format!(
                "p99 duration unavailable (GetMetricData with the p99 statistic failed; the other series are kept): {message}"
            ),
        });
    }
    for (call, message) in base_failures {
        let mut names: Vec<&str> = call
            .queries
            .iter()
            .map(|q| functions[q.function].name.as_str())
            .collect();
        names.dedup();
        let shown = names.iter().take(5).copied().collect::<Vec<_>>().join(", ");
        warnings.push(CollectionWarning {
            scope: region.to_string(),
            message: format!(
                "GetMetricData failed for {} functions ({shown}{}), hours {}..{} of the window are missing: {message}",
                names.len(),
                if names.len() > 5 { ", …" } else { "" },
                call.range.first_hour,
                call.range.first_hour + call.range.hours,
            ),
        });
    }

    for (index, function) in functions.iter_mut().enumerate() {
        let take = |kind: MetricKind| {
            Hourly::from_options(
                values[slot(index, kind)]
                    .iter()
                    .map(|v| (!v.is_nan()).then_some(f64::from(*v))),
            )
        };
        let series = &mut function.series;
        series.invocations = take(MetricKind::Invocations);
        series.errors = take(MetricKind::Errors);
        series.throttles = take(MetricKind::Throttles);
        series.duration_avg_ms = take(MetricKind::DurationAverage);
        series.duration_max_ms = take(MetricKind::DurationMaximum);
        series.duration_p99_ms = take(MetricKind::DurationP99);
        series.concurrency_max = take(MetricKind::ConcurrencyMaximum);
    }
    MetricsOutcome {
        metrics_requested,
        warnings,
    }
}

fn kind_index(kind: MetricKind) -> usize {
    match kind {
        MetricKind::Invocations => 0,
        MetricKind::Errors => 1,
        MetricKind::Throttles => 2,
        MetricKind::DurationAverage => 3,
        MetricKind::DurationMaximum => 4,
        MetricKind::DurationP99 => 5,
        MetricKind::ConcurrencyMaximum => 6,
    }
}

/// One planned call, all its pages: (query index in the call, hour of the window, value).
async fn run_call(
    client: &aws_sdk_cloudwatch::Client,
    pacer: &Pacer,
    call: &MetricCall,
    functions: &[Function],
    window_start: i64,
    counter: &Counter,
) -> Result<Vec<(usize, usize, f64)>, String> {
    let period = i64::from(PERIOD_SECONDS);
    let start = window_start + i64::from(call.range.first_hour) * period;
    let end = start + i64::from(call.range.hours) * period;
    let queries: Vec<MetricDataQuery> = call
        .queries
        .iter()
        .enumerate()
        .map(|(index, query)| {
            let metric = Metric::builder()
                .namespace("AWS/Lambda")
                .metric_name(query.kind.metric_name())
                .dimensions(
                    Dimension::builder()
                        .name("FunctionName")
                        .value(&functions[query.function].name)
                        .build(),
                )
                .build();
            MetricDataQuery::builder()
                .id(format!("q{index}"))
                .metric_stat(
                    MetricStat::builder()
                        .metric(metric)
                        .period(PERIOD_SECONDS as i32)
                        .stat(query.kind.stat())
                        .build(),
                )
                .return_data(true)
                .build()
        })
        .collect();
    let mut points = Vec::new();
    // The SDK's paginator follows NextToken (and stops on a repeated one).
    let mut pages = client
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(end))
        .scan_by(ScanBy::TimestampAscending)
        .into_paginator()
        .send();
    loop {
        pacer.wait(Bucket::CloudWatchGetMetricData).await;
        let Some(page) = pages.next().await else {
            break;
        };
        counter.add("cloudwatch", "GetMetricData");
        let output = page.map_err(|e| describe(&e))?;
        for result in output.metric_data_results() {
            let Some(index) = result
                .id()
                .and_then(|id| id.strip_prefix('q'))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n < call.queries.len())
            else {
                continue;
            };
            for (timestamp, value) in result.timestamps().iter().zip(result.values()) {
                if let Some(hour) = hour_of(timestamp.secs(), start, call.range.hours) {
                    if value.is_finite() && *value >= 0.0 {
                        points.push((index, (call.range.first_hour + hour) as usize, *value));
                    }
                }
            }
        }
    }
    Ok(points)
}

/// The hour of a datapoint within a chunk starting at `start`, if it lies on one.
fn hour_of(timestamp: i64, start: i64, hours: u32) -> Option<u32> {
    let offset = timestamp - start;
    let period = i64::from(PERIOD_SECONDS);
    (offset >= 0 && offset % period == 0 && offset / period < i64::from(hours))
        .then(|| (offset / period) as u32)
}

#[cfg(test)]
mod tests {
    use super::hour_of;

    #[test]
    fn datapoints_land_on_hours() {
        assert_eq!(hour_of(7_200, 3_600, 3), Some(1));
        assert_eq!(hour_of(3_600, 3_600, 3), Some(0));
        assert_eq!(hour_of(14_400, 3_600, 3), None); // past the chunk
        assert_eq!(hour_of(3_000, 3_600, 3), None); // before it
        assert_eq!(hour_of(5_400, 3_600, 3), None); // not on an hour
    }
}
