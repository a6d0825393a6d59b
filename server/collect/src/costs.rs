//! Cost Explorer: billed AWS Lambda cost per day and usage type (GetCostAndUsage), optionally per
//! tag value, and per function where the account opted in to resource-level data
//! (GetCostAndUsageWithResources, last 14 days only).

use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, DimensionValues, Expression, Granularity, GroupDefinition,
    GroupDefinitionType, ResultByTime,
};
use berth_engine::snapshot::{BilledCost, CollectionWarning};
use berth_engine::time::format_rfc3339;

use crate::{describe, CollectConfig, Counter, Event, Phase, Progress};

const SERVICE: &str = "AWS Lambda";
/// Resource-level data covers the last 14 days.
const RESOURCE_DAYS: i64 = 14;

/// `YYYY-MM-DD` of a unix time.
fn day(unix_seconds: i64) -> String {
    format_rfc3339(unix_seconds)[..10].to_string()
}

/// The days of the window, end exclusive: from the window's first day to the day after its last
/// hour.
pub(crate) fn cost_period(config: &CollectConfig) -> (String, String) {
    let last_hour = config.now - 3_600;
    (day(config.window_start()), day(last_hour + 86_400))
}

fn lambda_only() -> Expression {
    Expression::builder()
        .dimensions(
            DimensionValues::builder()
                .key(Dimension::Service)
                .values(SERVICE)
                .build(),
        )
        .build()
}

fn group(kind: GroupDefinitionType, key: &str) -> GroupDefinition {
    GroupDefinition::builder().r#type(kind).key(key).build()
}

pub(crate) async fn collect_costs(
    client: &aws_sdk_costexplorer::Client,
    config: &CollectConfig,
    counter: &Counter,
    progress: &dyn Progress,
) -> (Vec<BilledCost>, Vec<CollectionWarning>) {
    let (start, end) = cost_period(config);
    let mut billed = Vec::new();
    let mut warnings = Vec::new();
    let warning = |message: String| CollectionWarning {
        scope: "cost explorer".into(),
        message,
    };

    // Per usage type, then (when asked) per tag value and usage type.
    let mut groupings = vec![(
        vec![group(GroupDefinitionType::Dimension, "USAGE_TYPE")],
        None,
    )];
    if let Some(tag) = &config.cost_tag {
        groupings.push((
            vec![
                group(GroupDefinitionType::Tag, tag),
                group(GroupDefinitionType::Dimension, "USAGE_TYPE"),
            ],
            Some(tag.clone()),
        ));
    }
    for (group_by, tag) in groupings {
        let mut token: Option<String> = None;
        loop {
            counter.add("costexplorer", "GetCostAndUsage");
            let result = client
                .get_cost_and_usage()
                .time_period(
                    DateInterval::builder()
                        .start(&start)
                        .end(&end)
                        .build()
                        .expect("start and end set"),
                )
                .granularity(Granularity::Daily)
                .filter(lambda_only())
                .metrics("UnblendedCost")
                .metrics("UsageQuantity")
                .set_group_by(Some(group_by.clone()))
                .set_next_page_token(token.take())
                .send()
                .await;
            match result {
                Ok(output) => {
                    billed.extend(lines(output.results_by_time(), tag.is_some(), false));
                    match output.next_page_token() {
                        Some(next) if !next.is_empty() => token = Some(next.to_string()),
                        _ => break,
                    }
                }
                Err(e) => {
                    warnings.push(warning(format!(
                        "GetCostAndUsage{} failed, billed costs are incomplete: {}",
                        tag.as_ref()
                            .map(|t| format!(" by tag {t}"))
                            .unwrap_or_default(),
                        describe(&e)
                    )));
                    break;
                }
            }
        }
        progress.event(Event::Advanced {
            phase: Phase::Costs,
            by: 1,
        });
    }

    // Per function, where the account opted in (resource-level data, last 14 days).
    let resource_start = day((config.now - RESOURCE_DAYS * 86_400).max(config.window_start()));
    let mut token: Option<String> = None;
    loop {
        counter.add("costexplorer", "GetCostAndUsageWithResources");
        let result = client
            .get_cost_and_usage_with_resources()
            .time_period(
                DateInterval::builder()
                    .start(&resource_start)
                    .end(&end)
                    .build()
                    .expect("start and end set"),
            )
            .granularity(Granularity::Daily)
            .filter(lambda_only())
            .metrics("UnblendedCost")
            .metrics("UsageQuantity")
            .group_by(group(GroupDefinitionType::Dimension, "RESOURCE_ID"))
            .group_by(group(GroupDefinitionType::Dimension, "USAGE_TYPE"))
            .set_next_page_token(token.take())
            .send()
            .await;
        match result {
            Ok(output) => {
                billed.extend(lines(output.results_by_time(), false, true));
                match output.next_page_token() {
                    Some(next) if !next.is_empty() => token = Some(next.to_string()),
                    _ => break,
                }
            }
            Err(e) => {
                warnings.push(warning(format!(
                    "no per-function billed costs: GetCostAndUsageWithResources failed (it needs \
                     resource-level data turned on in Cost Explorer settings; the usage-type \
                     totals are kept): {}",
                    describe(&e)
                )));
                break;
            }
        }
    }
    progress.event(Event::Advanced {
        phase: Phase::Costs,
        by: 1,
    });
    (billed, warnings)
}

/// Billed lines from Cost Explorer results. Keys are `[USAGE_TYPE]`, `[TAG$value, USAGE_TYPE]`
/// or `[RESOURCE_ID, USAGE_TYPE]`.
pub(crate) fn lines(results: &[ResultByTime], by_tag: bool, by_resource: bool) -> Vec<BilledCost> {
    let mut lines = Vec::new();
    for result in results {
        let Some(date) = result.time_period().map(|p| p.start().to_string()) else {
            continue;
        };
        for group in result.groups() {
            let keys = group.keys();
            let (first, usage_type) = match keys {
                [usage_type] => (None, usage_type.clone()),
                [first, usage_type, ..] => (Some(first.as_str()), usage_type.clone()),
                [] => continue,
            };
            let metric = |name: &str| {
                group
                    .metrics()
                    .and_then(|metrics| metrics.get(name))
                    .and_then(|value| value.amount())
                    .and_then(|amount| amount.parse::<f64>().ok())
                    .filter(|amount| amount.is_finite())
            };
            let Some(usd) = metric("UnblendedCost") else {
                continue;
            };
            lines.push(BilledCost {
                date: date.clone(),
                usage_type,
                function: first
                    .filter(|_| by_resource)
                    .map(|id| id.rsplit(":function:").next().unwrap_or(id))
                    .map(|name| name.split(':').next().unwrap_or(name).to_string()),
                tag: first
                    .filter(|_| by_tag)
                    // Cost Explorer writes tag groups as `key$value` (`key$` when untagged).
                    .map(|key| key.split_once('$').map_or(key, |(_, v)| v).to_string()),
                usd,
                usage_quantity: metric("UsageQuantity"),
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_costexplorer::types::{Group, MetricValue};

    fn result(date: &str, keys: &[&str], usd: &str) -> ResultByTime {
        ResultByTime::builder()
            .time_period(
                DateInterval::builder()
                    .start(date)
                    .end(date)
                    .build()
                    .unwrap(),
            )
            .groups(
                Group::builder()
                    .set_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
                    .metrics(
                        "UnblendedCost",
                        MetricValue::builder().amount(usd).unit("USD").build(),
                    )
                    .metrics("UsageQuantity", MetricValue::builder().amount("10").build())
                    .build(),
            )
            .build()
    }

    #[test]
    fn cost_lines_from_groups() {
        let by_usage = lines(
            &[result("2026-11-01", &["USE2-Lambda-GB-Second"], "1.25")],
            false,
            false,
        );
        assert_eq!(
            by_usage,
            vec![BilledCost {
                date: "2026-11-01".into(),
                usage_type: "USE2-Lambda-GB-Second".into(),
                function: None,
                tag: None,
                usd: 1.25,
                usage_quantity: Some(10.0),
            }]
        );
        let by_tag = lines(
            &[result("2026-11-01", &["team$payments", "Request"], "0.4")],
            true,
            false,
        );
        assert_eq!(by_tag[0].tag.as_deref(), Some("payments"));
        let by_resource = lines(
            &[result(
                "2026-11-01",
                &[
                    "arn:aws:lambda:us-east-1:123456789012:function:api",
                    "Request",
                ],
                "0.2",
            )],
            false,
            true,
        );
        assert_eq!(by_resource[0].function.as_deref(), Some("api"));
        assert_eq!(by_resource[0].tag, None);
    }

    #[test]
    fn cost_period_covers_the_window() {
        // 2026-11-04T06:00Z, 3 days: 2026-11-01T06:00 .. 06:00; days 11-01 ..= 11-04.
        let now = berth_engine::time::parse_rfc3339("2026-11-04T06:00:00Z").unwrap();
        let config = CollectConfig {
            days: 3,
            ..CollectConfig::new(now)
        };
        assert_eq!(
            cost_period(&config),
            ("2026-11-01".into(), "2026-11-05".into())
        );
        let midnight = berth_engine::time::parse_rfc3339("2026-11-04T00:00:00Z").unwrap();
        let config = CollectConfig {
            days: 3,
            ..CollectConfig::new(midnight)
        };
        assert_eq!(
            cost_period(&config),
            ("2026-11-01".into(), "2026-11-04".into())
        );
    }
}
