//! Cold starts (opt-in): one Logs Insights query per batch of `/aws/lambda/NAME` log groups,
//! aggregating REPORT lines per function and hour: cold starts, average init duration, max memory
//! used. Logs Insights bills per GB scanned, which is why it is opt-in.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::types::QueryStatus;
use berth_engine::snapshot::{CollectionWarning, Function, Hourly, PERIOD_SECONDS};
use berth_engine::time::parse_rfc3339;

use crate::plan::log_query_batches;
use crate::{describe, CollectConfig, Counter, Event, Phase, Progress};

const LOG_GROUP_PREFIX: &str = "/aws/lambda/";
/// Queries in flight at once (the account allows about 30).
const QUERIES_AT_ONCE: usize = 10;
const POLL_INTERVAL: Duration = Duration::from_millis(1_000);

pub(crate) const QUERY: &str = "filter @type = \"REPORT\" \
| stats count(@initDuration) as cold_starts, avg(@initDuration) as init_ms, \
max(@maxMemoryUsed) as max_memory_bytes by bin(1h), @log";

/// One function's hour: cold starts, average init ms, max memory MB.
type Row = (Option<f64>, Option<f64>, Option<f64>);
/// Per function (index) and hour.
type Rows = HashMap<(usize, usize), Row>;

pub(crate) async fn collect_cold_starts(
    client: &aws_sdk_cloudwatchlogs::Client,
    region: &str,
    functions: &mut [Function],
    config: &CollectConfig,
    counter: &Counter,
    progress: &dyn Progress,
) -> Vec<CollectionWarning> {
    let mut warnings = Vec::new();
    let warning = |message: String| CollectionWarning {
        scope: format!("{region} logs"),
        message,
    };
    // Only existing log groups: StartQuery fails as a whole on one that does not exist.
    let mut existing = HashSet::new();
    let mut pages = client
        .describe_log_groups()
        .log_group_name_prefix(LOG_GROUP_PREFIX)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        counter.add("logs", "DescribeLogGroups");
        match page {
            Ok(page) => existing.extend(
                page.log_groups()
                    .iter()
                    .filter_map(|group| group.log_group_name().map(str::to_string)),
            ),
            Err(e) => {
                warnings.push(warning(format!(
                    "DescribeLogGroups failed, no cold starts collected: {}",
                    describe(&e)
                )));
                return warnings;
            }
        }
    }
    let with_logs: Vec<usize> = (0..functions.len())
        .filter(|&i| existing.contains(&format!("{LOG_GROUP_PREFIX}{}", functions[i].name)))
        .collect();
    let hours = config.hours() as usize;
    let batches: Vec<Vec<usize>> = log_query_batches(with_logs.len(), config.hours())
        .into_iter()
        .map(|batch| batch.into_iter().map(|i| with_logs[i]).collect())
        .collect();
    let by_name: HashMap<String, usize> = functions
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();

    let mut rows: Rows = HashMap::new();
    let mut queried = HashSet::new();
    for wave in batches.chunks(QUERIES_AT_ONCE) {
        let mut running = Vec::new();
        for batch in wave {
            let groups: Vec<String> = batch
                .iter()
                .map(|&i| format!("{LOG_GROUP_PREFIX}{}", functions[i].name))
                .collect();
            counter.add("logs", "StartQuery");
            match client
                .start_query()
                .set_log_group_names(Some(groups))
                .start_time(config.window_start())
                .end_time(config.now - 1)
                .query_string(QUERY)
                .limit(crate::plan::MAX_ROWS_PER_QUERY as i32)
                .send()
                .await
            {
                Ok(output) => match output.query_id() {
                    Some(id) => running.push((id.to_string(), batch)),
                    None => warnings.push(warning("StartQuery returned no query id".into())),
                },
                Err(e) => {
                    warnings.push(warning(format!(
                        "StartQuery failed for {} functions: {}",
                        batch.len(),
                        describe(&e)
                    )));
                    progress.event(Event::Advanced {
                        phase: Phase::ColdStarts,
                        by: 1,
                    });
                }
            }
        }
        for (id, batch) in running {
            match wait_for(client, &id, config.logs_query_timeout, counter).await {
                Ok(results) => {
                    queried.extend(batch.iter().copied());
                    read_rows(&results, &by_name, config.window_start(), hours, &mut rows);
                }
                Err(message) => warnings.push(warning(format!(
                    "Logs Insights query for {} functions failed: {message}",
                    batch.len()
                ))),
            }
            progress.event(Event::Advanced {
                phase: Phase::ColdStarts,
                by: 1,
            });
        }
    }

    for &index in &queried {
        let column = |pick: fn(&Row) -> Option<f64>| {
            Hourly::from_options((0..hours).map(|hour| rows.get(&(index, hour)).and_then(pick)))
        };
        let series = &mut functions[index].series;
        series.cold_starts = Some(column(|r| r.0));
        series.init_duration_ms = Some(column(|r| r.1));
        series.max_memory_used_mb = Some(column(|r| r.2));
    }
    warnings
}

type Results = Vec<Vec<(String, String)>>;

async fn wait_for(
    client: &aws_sdk_cloudwatchlogs::Client,
    id: &str,
    timeout: Duration,
    counter: &Counter,
) -> Result<Results, String> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        counter.add("logs", "GetQueryResults");
        let output = client
            .get_query_results()
            .query_id(id)
            .send()
            .await
            .map_err(|e| describe(&e))?;
        match output.status() {
            Some(QueryStatus::Complete) => {
                return Ok(output
                    .results()
                    .iter()
                    .map(|row| {
                        row.iter()
                            .filter_map(|field| {
                                Some((field.field()?.to_string(), field.value()?.to_string()))
                            })
                            .collect()
                    })
                    .collect())
            }
            Some(QueryStatus::Failed | QueryStatus::Cancelled | QueryStatus::Timeout) => {
                return Err(format!(
                    "query ended as {}",
                    output.status().map_or("unknown", |s| s.as_str())
                ))
            }
            _ => {}
        }
        if tokio::time::Instant::now() >= deadline {
            counter.add("logs", "StopQuery");
            let _ = client.stop_query().query_id(id).send().await;
            return Err(format!("no result after {} s; stopped", timeout.as_secs()));
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// Rows `bin(1h)`, `@log`, `cold_starts`, `init_ms`, `max_memory_bytes` into `rows`.
fn read_rows(
    results: &Results,
    by_name: &HashMap<String, usize>,
    window_start: i64,
    hours: usize,
    rows: &mut Rows,
) {
    for row in results {
        let get = |name: &str| {
            row.iter()
                .find(|(field, _)| field == name)
                .map(|(_, value)| value.as_str())
        };
        let number = |name: &str| {
            get(name)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        let Some(function) = get("@log")
            .and_then(|log| log.rsplit(LOG_GROUP_PREFIX).next())
            .and_then(|name| by_name.get(name))
        else {
            continue;
        };
        // `2026-11-01 06:00:00.000`
        let Some(hour) = get("bin(1h)")
            .filter(|bin| bin.len() >= 19)
            .and_then(|bin| parse_rfc3339(&format!("{}T{}Z", &bin[..10], &bin[11..19])))
            .map(|time| time - window_start)
            .filter(|offset| *offset >= 0 && offset % i64::from(PERIOD_SECONDS) == 0)
            .map(|offset| (offset / i64::from(PERIOD_SECONDS)) as usize)
            .filter(|hour| *hour < hours)
        else {
            continue;
        };
        rows.insert(
            (*function, hour),
            (
                number("cold_starts"),
                number("init_ms"),
                number("max_memory_bytes").map(|bytes| bytes / 1_000_000.0),
            ),
        );
    }
}
