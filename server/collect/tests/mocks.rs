//! What moto lacks, with the SDK's own mocks: provisioned concurrency, account settings,
//! percentiles, NextToken paging, resource-level costs, Logs Insights; and retries and warnings.

use std::time::Duration;

use aws_sdk_cloudwatch::operation::get_metric_data::{GetMetricDataInput, GetMetricDataOutput};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::MetricDataResult;
use aws_sdk_cloudwatchlogs::types::{LogGroup, QueryStatus, ResultField};
use aws_sdk_costexplorer::types::{DateInterval, Group, MetricValue, ResultByTime};
use aws_sdk_lambda::error::ErrorMetadata;
use aws_sdk_lambda::operation::get_function::{GetFunctionError, GetFunctionOutput};
use aws_sdk_lambda::operation::get_policy::{GetPolicyError, GetPolicyOutput};
use aws_sdk_lambda::operation::list_event_source_mappings::ListEventSourceMappingsOutput;
use aws_sdk_lambda::operation::list_functions::ListFunctionsOutput;
use aws_sdk_lambda::types::error::ResourceNotFoundException;
use aws_sdk_lambda::types::{
    AccountLimit, Architecture, Concurrency, FunctionConfiguration,
    ProvisionedConcurrencyConfigListItem, TagsError,
};
use aws_smithy_mocks::{mock, Rule, RuleMode};
use berth_collect::{collect_with, Clients, CollectConfig, NoProgress, RegionClients};
use berth_engine::snapshot::{Invoker, Snapshot};

/// 2026-11-04T00:00:00Z, a 1-day window.
const NOW: i64 = 1_793_750_400;
const START: i64 = NOW - 24 * 3_600;

fn config() -> CollectConfig {
    CollectConfig {
        regions: vec!["us-east-1".into()],
        days: 1,
        cold_starts: true,
        ..CollectConfig::new(NOW)
    }
}

fn function(name: &str) -> FunctionConfiguration {
    FunctionConfiguration::builder()
        .function_name(name)
        .function_arn(format!(
            "arn:aws:lambda:us-east-1:111122223333:function:{name}"
        ))
        .memory_size(1_024)
        .timeout(60)
        .architectures(Architecture::Arm64)
        .build()
}

/// Lambda rules for `api` (provisioned concurrency, ALB) and `job` (no policy, reserved 10);
/// no event source mappings.
fn lambda_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_lambda::Client::list_functions).then_output(|| {
            ListFunctionsOutput::builder()
                .functions(function("api"))
                .functions(function("job"))
                .build()
        }),
        mock!(aws_sdk_lambda::Client::get_account_settings).then_output(|| {
            aws_sdk_lambda::operation::get_account_settings::GetAccountSettingsOutput::builder()
                .account_limit(AccountLimit::builder().concurrent_executions(3_000).build())
                .build()
        }),
        mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs)
            .match_requests(|req| req.function_name() == Some("api"))
            .then_output(|| {
                aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput::builder()
                    .provisioned_concurrency_configs(
                        ProvisionedConcurrencyConfigListItem::builder()
                            .allocated_provisioned_concurrent_executions(5)
                            .build(),
                    )
                    .provisioned_concurrency_configs(
                        ProvisionedConcurrencyConfigListItem::builder()
                            .requested_provisioned_concurrent_executions(3)
                            .build(),
                    )
                    .build()
            }),
        mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs).then_output(|| {
            aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput::builder().build()
        }),
        mock!(aws_sdk_lambda::Client::get_function)
            .match_requests(|req| req.function_name() == Some("job"))
            .then_output(|| {
                GetFunctionOutput::builder()
                    .concurrency(Concurrency::builder().reserved_concurrent_executions(10).build())
                    .tags("team", "core")
                    .build()
            }),
        mock!(aws_sdk_lambda::Client::get_function)
            .then_output(|| GetFunctionOutput::builder().tags("team", "core").build()),
        mock!(aws_sdk_lambda::Client::list_event_source_mappings)
            .then_output(|| ListEventSourceMappingsOutput::builder().build()),
        mock!(aws_sdk_lambda::Client::get_policy)
            .match_requests(|req| req.function_name() == Some("api"))
            .then_output(|| {
                GetPolicyOutput::builder()
                    .policy(r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"elasticloadbalancing.amazonaws.com"},"Action":"lambda:InvokeFunction"}]}"#)
                    .build()
            }),
        mock!(aws_sdk_lambda::Client::get_policy).then_error(|| {
            GetPolicyError::ResourceNotFoundException(ResourceNotFoundException::builder().build())
        }),
    ]
}

fn is_p99(req: &GetMetricDataInput) -> bool {
    req.metric_data_queries()
        .iter()
        .all(|q| q.metric_stat().and_then(|s| s.stat()) == Some("p99"))
}

/// One value per query for hour 0 (query index + 1) and, on a second page, hour 5.
fn metric_page(req: &GetMetricDataInput, hour: i64, token: Option<&str>) -> GetMetricDataOutput {
    let mut output = GetMetricDataOutput::builder();
    for (index, query) in req.metric_data_queries().iter().enumerate() {
        output = output.metric_data_results(
            MetricDataResult::builder()
                .id(query.id().unwrap())
                .timestamps(DateTime::from_secs(START + hour * 3_600))
                .values(index as f64 + 1.0)
                .build(),
        );
    }
    if let Some(token) = token {
        output = output.next_token(token);
    }
    output.build()
}

/// Base series on two pages (NextToken followed); p99 answered or failed with HTTP 500.
fn cloudwatch_rules(p99_fails: bool) -> Vec<Rule> {
    let mut rules = Vec::new();
    if p99_fails {
        rules.push(
            mock!(aws_sdk_cloudwatch::Client::get_metric_data)
                .match_requests(is_p99)
                .sequence()
                .http_status(500, Some("<html>Internal Server Error</html>".into()))
                .repeatedly()
                .build(),
        );
    } else {
        rules.push(
            mock!(aws_sdk_cloudwatch::Client::get_metric_data)
                .match_requests(is_p99)
                .then_compute_output(|req| metric_page(req, 0, None)),
        );
    }
    rules.push(
        mock!(aws_sdk_cloudwatch::Client::get_metric_data)
            .match_requests(|req| req.next_token() == Some("page-2"))
            .then_compute_output(|req| metric_page(req, 5, None)),
    );
    rules.push(
        mock!(aws_sdk_cloudwatch::Client::get_metric_data)
            .then_compute_output(|req| metric_page(req, 0, Some("page-2"))),
    );
    rules.push(provisioned_metrics_of(&["api"]));
    rules
}

/// ListMetrics naming `functions` with provisioned-concurrency series (alias `live`).
fn provisioned_metrics_of(functions: &'static [&'static str]) -> Rule {
    use aws_sdk_cloudwatch::types::{Dimension, Metric};
    mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(|req| req.metric_name() == Some("ProvisionedConcurrentExecutions"))
        .then_output(move || {
            let mut output =
                aws_sdk_cloudwatch::operation::list_metrics::ListMetricsOutput::builder();
            for name in functions {
                output = output.metrics(
                    Metric::builder()
                        .namespace("AWS/Lambda")
                        .metric_name("ProvisionedConcurrentExecutions")
                        .dimensions(
                            Dimension::builder()
                                .name("FunctionName")
                                .value(*name)
                                .build(),
                        )
                        .dimensions(
                            Dimension::builder()
                                .name("Resource")
                                .value(format!("{name}:live"))
                                .build(),
                        )
                        .build(),
                );
            }
            output.build()
        })
}

fn cost_result(key: &str, usd: &str) -> ResultByTime {
    ResultByTime::builder()
        .time_period(
            DateInterval::builder()
                .start("2026-11-03")
                .end("2026-11-04")
                .build()
                .unwrap(),
        )
        .groups(
            Group::builder()
                .set_keys(Some(key.split(',').map(str::to_string).collect::<Vec<_>>()))
                .metrics("UnblendedCost", MetricValue::builder().amount(usd).build())
                .build(),
        )
        .build()
}

fn cost_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_costexplorer::Client::get_cost_and_usage).then_output(|| {
            aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageOutput::builder()
                .results_by_time(cost_result("Lambda-GB-Second-ARM", "2.5"))
                .build()
        }),
        mock!(aws_sdk_costexplorer::Client::get_cost_and_usage_with_resources).then_output(|| {
            aws_sdk_costexplorer::operation::get_cost_and_usage_with_resources::GetCostAndUsageWithResourcesOutput::builder()
                .results_by_time(cost_result(
                    "arn:aws:lambda:us-east-1:111122223333:function:api,Lambda-GB-Second-ARM",
                    "2.0",
                ))
                .build()
        }),
    ]
}

fn field(name: &str, value: &str) -> ResultField {
    ResultField::builder().field(name).value(value).build()
}

/// `api` has a log group; the query runs once, then completes with one row (hour 2).
fn logs_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups).then_output(|| {
            aws_sdk_cloudwatchlogs::operation::describe_log_groups::DescribeLogGroupsOutput::builder()
                .log_groups(LogGroup::builder().log_group_name("/aws/lambda/api").build())
                .build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::start_query)
            .match_requests(|req| req.log_group_names() == ["/aws/lambda/api"])
            .then_output(|| {
                aws_sdk_cloudwatchlogs::operation::start_query::StartQueryOutput::builder()
                    .query_id("query-1")
                    .build()
            }),
        mock!(aws_sdk_cloudwatchlogs::Client::get_query_results)
            .sequence()
            .output(|| {
                aws_sdk_cloudwatchlogs::operation::get_query_results::GetQueryResultsOutput::builder()
                    .status(QueryStatus::Running)
                    .build()
            })
            .output(|| {
                aws_sdk_cloudwatchlogs::operation::get_query_results::GetQueryResultsOutput::builder()
                    .status(QueryStatus::Complete)
                    .results(vec![
                        field("bin(1h)", "2026-11-03 02:00:00.000"),
                        field("@log", "111122223333:/aws/lambda/api"),
                        field("cold_starts", "4"),
                        field("init_ms", "812.5"),
                        field("max_memory_bytes", "210000000"),
                    ])
                    .build()
            })
            .repeatedly()
            .build(),
    ]
}

fn fast_retries() -> aws_sdk_lambda::config::retry::RetryConfig {
    aws_sdk_lambda::config::retry::RetryConfig::standard()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// A client of `$sdk` answering from `$rules` — like aws-smithy-mocks' `mock_client!`, but
/// without the SDKs' `test-util` feature, so `cargo test --workspace` builds the SDK crates with
/// the same features as `cargo build` (no second 5-minute compile of them).
macro_rules! mocked {
    ($sdk:ident, $rules:expr) => {{
        let mut interceptor =
            aws_smithy_mocks::MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
        for rule in $rules {
            interceptor = interceptor.with_rule(rule);
        }
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version($sdk::config::BehaviorVersion::latest())
                .region($sdk::config::Region::new("us-east-1"))
                .credentials_provider($sdk::config::Credentials::new(
                    "testing", "testing", None, None, "tests",
                ))
                .retry_config(fast_retries())
                .http_client(aws_smithy_mocks::create_mock_http_client())
                .interceptor(interceptor)
                .build(),
        )
    }};
}

fn clients(lambda: &[Rule], cloudwatch: &[Rule], costs: &[Rule], logs: &[Rule]) -> Clients {
    Clients {
        regions: vec![RegionClients {
            region: "us-east-1".into(),
            lambda: mocked!(aws_sdk_lambda, lambda),
            cloudwatch: mocked!(aws_sdk_cloudwatch, cloudwatch),
            logs: mocked!(aws_sdk_cloudwatchlogs, logs),
        }],
        cost_explorer: mocked!(aws_sdk_costexplorer, costs),
    }
}

async fn run(clients: &Clients) -> (Snapshot, berth_collect::CollectStats) {
    collect_with(clients, &config(), &NoProgress)
        .await
        .expect("collection runs")
}

#[tokio::test]
async fn what_moto_lacks_comes_through() {
    let clients = clients(
        &lambda_rules(),
        &cloudwatch_rules(false),
        &cost_rules(),
        &logs_rules(),
    );
    let (snapshot, stats) = run(&clients).await;
    assert_eq!(snapshot.warnings, vec![]);
    assert_eq!(snapshot.regions[0].concurrency_limit, Some(3_000));
    assert_eq!(snapshot.source.account_id.as_deref(), Some("111122223333"));

    let api = &snapshot.functions[0];
    let job = &snapshot.functions[1];
    assert_eq!(api.name, "api");
    assert_eq!(api.provisioned_concurrency, Some(8));
    assert_eq!(api.invoker, Some(Invoker::Alb));
    assert_eq!(api.tags.get("team").map(String::as_str), Some("core"));
    assert_eq!(job.provisioned_concurrency, None);
    assert_eq!(job.reserved_concurrency, Some(10));
    assert_eq!(job.invoker, None);

    // Base queries: api's 6 are q0..q5, job's q6..q11 (values index + 1), hour 0 from the first
    // page, hour 5 from the NextToken page.
    assert_eq!(api.series.invocations.get(0), Some(1.0));
    assert_eq!(api.series.invocations.get(5), Some(1.0));
    // No datapoint in an answered hour: no invocations (0), and no duration (missing).
    assert_eq!(api.series.invocations.get(1), Some(0.0));
    assert_eq!(api.series.duration_avg_ms.get(1), None);
    assert_eq!(api.series.concurrency_max.get(0), Some(6.0));
    assert_eq!(job.series.invocations.get(0), Some(7.0));
    // p99 from its own batch: api q0, job q1.
    assert_eq!(api.series.duration_p99_ms.get(0), Some(1.0));
    assert_eq!(job.series.duration_p99_ms.get(0), Some(2.0));

    // Cold starts from Logs Insights (api only: job has no log group).
    let cold = api
        .series
        .cold_starts
        .as_ref()
        .expect("cold starts collected");
    assert_eq!(cold.get(2), Some(4.0));
    assert_eq!(cold.present_count(), 1);
    assert_eq!(
        api.series.init_duration_ms.as_ref().unwrap().get(2),
        Some(812.5)
    );
    assert_eq!(
        api.series.max_memory_used_mb.as_ref().unwrap().get(2),
        Some(210.0)
    );
    assert!(job.series.cold_starts.is_none());

    // Billed costs: usage type totals and per function.
    assert_eq!(snapshot.billed.len(), 2);
    assert_eq!(snapshot.billed[1].function.as_deref(), Some("api"));

    // Lambda: GetFunction for both, PC configs only for api (ListMetrics named it), the policy
    // of both (no mapping named their invoker); none of the old per-function calls.
    assert_eq!(stats.calls("lambda", "GetFunction"), 2);
    assert_eq!(
        stats.calls("lambda", "ListProvisionedConcurrencyConfigs"),
        1
    );
    assert_eq!(stats.calls("lambda", "GetPolicy"), 2);
    assert_eq!(stats.calls("lambda", "ListEventSourceMappings"), 1);
    assert_eq!(stats.calls("cloudwatch", "ListMetrics"), 1);
    assert_eq!(stats.calls("lambda", "GetFunctionConcurrency"), 0);
    assert_eq!(stats.calls("lambda", "ListTags"), 0);
    // Calls: base batch on 2 pages + p99 batch on 1 page.
    assert_eq!(stats.calls("cloudwatch", "GetMetricData"), 3);
    assert_eq!(stats.metrics_requested, 14);
    assert_eq!(stats.calls("logs", "StartQuery"), 1);
    assert_eq!(stats.calls("logs", "GetQueryResults"), 2);
    snapshot.validate().unwrap();
}

#[tokio::test]
async fn failed_p99_is_a_warning_and_the_rest_is_kept() {
    let clients = clients(
        &lambda_rules(),
        &cloudwatch_rules(true),
        &cost_rules(),
        &logs_rules(),
    );
    let (snapshot, _) = run(&clients).await;
    assert_eq!(snapshot.warnings.len(), 1, "{:?}", snapshot.warnings);
    assert!(snapshot.warnings[0]
        .message
        .starts_with("p99 duration unavailable"));
    assert!(snapshot.warnings[0].message.contains("HTTP 500"));
    let api = &snapshot.functions[0];
    assert_eq!(api.series.duration_p99_ms.present_count(), 0);
    // The base series are kept: two hours with datapoints, the others counted as 0.
    assert_eq!(
        api.series
            .invocations
            .present()
            .filter(|n| *n > 0.0)
            .count(),
        2
    );
    assert_eq!(
        api.series.invocations.present_count(),
        api.series.invocations.len()
    );
}

/// A Lambda endpoint on 127.0.0.1 that throttles ListFunctions, then fails it with a 503, then
/// answers; every other call gets `{}`. Returns its URL and the count of ListFunctions requests.
async fn flaky_lambda_endpoint() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let list_calls = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = list_calls.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                loop {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&request).to_string();
                    let listing = head.starts_with("GET /2015-03-31/functions ")
                        || head.starts_with("GET /2015-03-31/functions?");
                    let (status, extra, body) = if listing {
                        match counter.fetch_add(1, Ordering::SeqCst) {
                            0 => (
                                "429 Too Many Requests",
                                "x-amzn-errortype: TooManyRequestsException\r\n",
                                r#"{"message":"Rate exceeded"}"#.to_string(),
                            ),
                            1 => ("503 Service Unavailable", "", String::new()),
                            _ => (
                                "200 OK",
                                "",
                                r#"{"Functions":[{"FunctionName":"api","FunctionArn":"arn:aws:lambda:us-east-1:111122223333:function:api","MemorySize":256,"Timeout":10}]}"#.to_string(),
                            ),
                        }
                    } else {
                        ("200 OK", "", "{}".to_string())
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, list_calls)
}

#[tokio::test]
async fn throttled_and_failing_calls_are_retried() {
    let (url, list_calls) = flaky_lambda_endpoint().await;
    let lambda = aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::Config::builder()
            .behavior_version(aws_sdk_lambda::config::BehaviorVersion::latest())
            .region(aws_sdk_lambda::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_lambda::config::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .endpoint_url(url)
            .retry_config(fast_retries())
            .build(),
    );
    let mut clients = clients(&[], &cloudwatch_rules(false), &cost_rules(), &logs_rules());
    clients.regions[0].lambda = lambda;
    let (snapshot, stats) = run(&clients).await;
    assert_eq!(
        list_calls.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "throttled, then 503, then answered"
    );
    // One logical call in the statistics: the SDK retried under it.
    assert_eq!(stats.calls("lambda", "ListFunctions"), 1);
    assert_eq!(snapshot.functions.len(), 1);
    assert_eq!(snapshot.functions[0].memory_mb, 256);
    assert_eq!(snapshot.regions[0].concurrency_limit, None);
    assert_eq!(snapshot.warnings, vec![]);
}

#[tokio::test]
async fn a_failing_function_becomes_a_warning() {
    let mut lambda = vec![
        mock!(aws_sdk_lambda::Client::get_function)
            .match_requests(|req| req.function_name() == Some("job"))
            .then_output(|| {
                GetFunctionOutput::builder()
                    .tags_error(
                        TagsError::builder()
                            .error_code("AccessDeniedException")
                            .message("not allowed")
                            .build()
                            .unwrap(),
                    )
                    .build()
            }),
        mock!(aws_sdk_lambda::Client::get_function).then_error(|| {
            GetFunctionError::generic(
                ErrorMetadata::builder()
                    .code("ServiceException")
                    .message("boom")
                    .build(),
            )
        }),
    ];
    lambda.extend(lambda_rules());
    let clients = clients(
        &lambda,
        &cloudwatch_rules(false),
        &cost_rules(),
        &logs_rules(),
    );
    let (snapshot, _) = run(&clients).await;
    let messages: Vec<(String, String)> = snapshot
        .warnings
        .iter()
        .map(|w| (w.scope.clone(), w.message.clone()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                "us-east-1/api".to_string(),
                "GetFunction failed: ServiceException: boom".to_string()
            ),
            (
                "us-east-1/job".to_string(),
                "GetFunction (tags) failed: AccessDeniedException: not allowed".to_string()
            ),
        ]
    );
    // Both functions are still there, with everything else collected.
    assert_eq!(snapshot.functions.len(), 2);
    assert!(snapshot.functions[1].tags.is_empty());
    assert_eq!(snapshot.functions[0].invoker, Some(Invoker::Alb));
    assert_eq!(snapshot.functions[0].provisioned_concurrency, Some(8));
    assert_eq!(snapshot.functions[0].series.invocations.get(0), Some(1.0));
}

#[tokio::test]
async fn billed_costs_grouped_by_a_tag() {
    use aws_sdk_costexplorer::types::GroupDefinitionType;
    let by_tag =
        |req: &aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageInput| {
            req.group_by().first().is_some_and(|g| {
                g.r#type() == Some(&GroupDefinitionType::Tag) && g.key() == Some("team")
            })
        };
    let mut costs = vec![mock!(aws_sdk_costexplorer::Client::get_cost_and_usage)
        .match_requests(by_tag)
        .then_output(|| {
            aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageOutput::builder()
                .results_by_time(cost_result("team$payments,Request-ARM", "0.4"))
                .build()
        })];
    costs.extend(cost_rules());
    let clients = clients(
        &lambda_rules(),
        &cloudwatch_rules(false),
        &costs,
        &logs_rules(),
    );
    let config = CollectConfig {
        cost_tag: Some("team".into()),
        ..config()
    };
    let (snapshot, stats) = collect_with(&clients, &config, &NoProgress).await.unwrap();
    assert_eq!(stats.calls("costexplorer", "GetCostAndUsage"), 2);
    let tagged: Vec<_> = snapshot
        .billed
        .iter()
        .filter(|line| line.tag.is_some())
        .collect();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].tag.as_deref(), Some("payments"));
    assert_eq!(tagged[0].usage_type, "Request-ARM");
    assert_eq!(tagged[0].usd, 0.4);
}

/// What a dashboard adapter would stream: every phase starts, advances to its total, finishes.
#[tokio::test]
async fn progress_events_cover_every_phase() {
    use berth_collect::{Event, Phase, Progress};
    use std::sync::Mutex;
    #[derive(Default)]
    struct Recorder(Mutex<Vec<Event>>);
    impl Progress for Recorder {
        fn event(&self, event: Event) {
            self.0.lock().unwrap().push(event);
        }
    }
    let clients = clients(
        &lambda_rules(),
        &cloudwatch_rules(true),
        &cost_rules(),
        &logs_rules(),
    );
    let recorder = Recorder::default();
    let (snapshot, _) = collect_with(&clients, &config(), &recorder).await.unwrap();
    let events = recorder.0.into_inner().unwrap();
    for phase in [
        Phase::Inventory,
        Phase::Metrics,
        Phase::ColdStarts,
        Phase::Costs,
    ] {
        let mut total = 0;
        let mut done = 0;
        let mut finished = false;
        for event in &events {
            match event {
                Event::PhaseStarted { phase: p, total: t } if *p == phase => total += t,
                Event::Found { phase: p, more } if *p == phase => total += more,
                Event::Advanced { phase: p, by } if *p == phase => done += by,
                Event::PhaseFinished { phase: p } if *p == phase => finished = true,
                _ => {}
            }
        }
        assert!(finished, "{phase:?} finished");
        assert_eq!(done, total, "{phase:?} advanced to its total");
    }
    let warnings: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Warning(w) => Some(w.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(warnings, snapshot.warnings);
}

/// The plan printed before the per-function calls is what is then called, per operation; a
/// queue consumer's policy is not read; and every call waits for its quota bucket: at 4
/// requests per second, the 4 control-plane calls (ListFunctions, GetAccountSettings,
/// ListEventSourceMappings, api's PC configs) take at least 0.75 s.
#[tokio::test]
async fn calls_follow_the_plan_under_the_quotas() {
    use aws_sdk_lambda::types::EventSourceMappingConfiguration;
    use berth_collect::plan::{Bucket, Quotas};
    use berth_collect::{Event, Progress};
    use std::sync::Mutex;
    #[derive(Default)]
    struct Plans(Mutex<Vec<(String, berth_collect::plan::RegionPlan)>>);
    impl Progress for Plans {
        fn event(&self, event: Event) {
            if let Event::Planned { region, plan } = event {
                self.0.lock().unwrap().push((region, plan));
            }
        }
    }
    let mut lambda = vec![
        mock!(aws_sdk_lambda::Client::list_event_source_mappings).then_output(|| {
            ListEventSourceMappingsOutput::builder()
                .event_source_mappings(
                    EventSourceMappingConfiguration::builder()
                        .function_arn("arn:aws:lambda:us-east-1:111122223333:function:job")
                        .event_source_arn("arn:aws:sqs:us-east-1:111122223333:jobs")
                        .build(),
                )
                .build()
        }),
    ];
    lambda.extend(lambda_rules());
    let clients = clients(
        &lambda,
        &cloudwatch_rules(false),
        &cost_rules(),
        &logs_rules(),
    );
    let config = CollectConfig {
        quotas: Quotas {
            lambda_get_function: 4,
            lambda_get_policy: 4,
            lambda_control_plane: 4,
            cloudwatch_get_metric_data: 4,
            cloudwatch_list_metrics: 4,
        },
        ..config()
    };
    let plans = Plans::default();
    let started = std::time::Instant::now();
    let (snapshot, stats) = collect_with(&clients, &config, &plans).await.unwrap();
    let took = started.elapsed().as_secs_f64();
    let plans = plans.0.into_inner().unwrap();
    assert_eq!(plans.len(), 1);
    let (region, plan) = &plans[0];
    assert_eq!(region, "us-east-1");
    assert_eq!(plan.facts.invoker_from_mappings, 1);
    assert_eq!(plan.facts.with_provisioned_metrics, 1);
    for (operation, planned) in &plan.operations {
        let service = match *operation {
            "ListMetrics" | "GetMetricData" => "cloudwatch",
            _ => "lambda",
        };
        let called = stats.calls(service, operation) as usize;
        // GetMetricData's base batch has a NextToken page the plan cannot know of.
        let pages = usize::from(*operation == "GetMetricData");
        assert_eq!(called, planned + pages, "{operation}");
    }
    assert_eq!(plan.calls(Bucket::LambdaControlPlane), 4);
    assert_eq!(plan.calls(Bucket::LambdaGetPolicy), 1);
    assert!(took >= 0.74, "paced: {took} s");
    // At 4/s: the listing 3 calls (0.75 s), then max(GetFunction 2, GetPolicy 1, PC 1) / 4,
    // then 2 GetMetricData calls.
    assert!(
        (plan.seconds - (0.75 + 0.5 + 0.5)).abs() < 1e-9,
        "{}",
        plan.seconds
    );
    let job = &snapshot.functions[1];
    assert_eq!(job.invoker, Some(berth_engine::snapshot::Invoker::Sqs));
    assert_eq!(snapshot.functions[0].invoker, Some(Invoker::Alb));
}

/// An answer that says the endpoint lacks the operation (HTTP 501, or a 500 that is an HTML
/// page, as moto sends) is not retried; a 503 still is. Over a loopback endpoint, with the
/// clients `berth collect` builds.
#[tokio::test]
async fn an_operation_the_endpoint_lacks_is_not_retried() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let settings_calls = Arc::new(AtomicUsize::new(0));
    let mapping_calls = Arc::new(AtomicUsize::new(0));
    let (settings, mappings) = (settings_calls.clone(), mapping_calls.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (settings, mappings) = (settings.clone(), mappings.clone());
            tokio::spawn(async move {
                loop {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&request).to_string();
                    let (status, kind, body) = if head
                        .starts_with("GET /2016-08-19/account-settings")
                    {
                        settings.fetch_add(1, Ordering::SeqCst);
                        (
                            "500 Internal Server Error",
                            "text/html; charset=utf-8",
                            "<!doctype html><title>500 Internal Server Error</title>".to_string(),
                        )
                    } else if head.starts_with("GET /2015-03-31/event-source-mappings") {
                        match mappings.fetch_add(1, Ordering::SeqCst) {
                            0 => (
                                "503 Service Unavailable",
                                "text/html",
                                "<html>busy</html>".to_string(),
                            ),
                            _ => ("200 OK", "application/json", "{}".to_string()),
                        }
                    } else if head.starts_with("GET /2015-03-31/functions/api/policy") {
                        ("501 Not Implemented", "text/plain", String::new())
                    } else if head.starts_with("GET /2015-03-31/functions ")
                        || head.starts_with("GET /2015-03-31/functions?")
                    {
                        ("200 OK", "application/json", r#"{"Functions":[{"FunctionName":"api","FunctionArn":"arn:aws:lambda:us-east-1:111122223333:function:api","MemorySize":256,"Timeout":10}]}"#.to_string())
                    } else {
                        ("200 OK", "application/json", "{}".to_string())
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let sdk = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(
                aws_sdk_lambda::config::Credentials::new("testing", "testing", None, None, "tests"),
            ),
        )
        .endpoint_url(&url)
        .retry_config(fast_retries())
        .build();
    let mut clients = clients(&[], &cloudwatch_rules(false), &cost_rules(), &logs_rules());
    clients.regions[0].lambda = RegionClients::from_sdk_config(&sdk).lambda;
    let (snapshot, _) = run(&clients).await;
    assert_eq!(
        settings_calls.load(Ordering::SeqCst),
        1,
        "HTML 500: one attempt"
    );
    assert_eq!(mapping_calls.load(Ordering::SeqCst), 2, "503: retried");
    let warnings: Vec<&str> = snapshot
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("GetAccountSettings failed") && warnings[0].contains("HTTP 500"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("GetPolicy failed: HTTP 501"),
        "{warnings:?}"
    );
}
