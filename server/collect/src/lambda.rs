//! Lambda inventory of one region: ListFunctions, then per function its reserved and provisioned
//! concurrency, tags and resource policy (who invokes it); GetAccountSettings for the limit.

use std::collections::BTreeMap;

use aws_sdk_lambda::types::{FunctionConfiguration, PackageType as SdkPackageType};
use berth_engine::snapshot::{
    Architecture, CollectionWarning, Function, Hourly, Invoker, PackageType, Series,
};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::RegionClients;
use crate::{describe, merge_warnings, CollectConfig, Counter, Event, Phase, Progress};

pub(crate) struct Inventory {
    pub region: String,
    pub concurrency_limit: Option<u32>,
    pub functions: Vec<Function>,
    pub warnings: Vec<CollectionWarning>,
}

/// What the per-function calls found out.
#[derive(Default)]
struct Details {
    reserved: Option<u32>,
    provisioned: Option<u32>,
    tags: BTreeMap<String, String>,
    invoker: Option<Invoker>,
    /// (operation, message)
    failures: Vec<(&'static str, String)>,
}

/// Lists the region's functions; an error only when the list itself fails.
pub(crate) async fn inventory(
    clients: &RegionClients,
    config: &CollectConfig,
    counter: &Counter,
    progress: &dyn Progress,
) -> Result<Inventory, String> {
    let region = clients.region.clone();
    let mut configurations = Vec::new();
    let mut pages = clients.lambda.list_functions().into_paginator().send();
    while let Some(page) = pages.next().await {
        counter.add("lambda", "ListFunctions");
        let page = page.map_err(|e| describe(&e))?;
        configurations.extend(page.functions.unwrap_or_default());
    }
    progress.event(Event::Found {
        phase: Phase::Inventory,
        more: configurations.len() as u64,
    });

    let mut warnings = Vec::new();
    counter.add("lambda", "GetAccountSettings");
    let concurrency_limit = match clients.lambda.get_account_settings().send().await {
        Ok(settings) => settings
            .account_limit()
            .map(|limit| limit.concurrent_executions().max(0) as u32),
        Err(e) => {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: format!(
                    "GetAccountSettings failed, the regional concurrency limit is unknown: {}",
                    describe(&e)
                ),
            });
            None
        }
    };

    // Per-function calls, a few at a time; results kept in list order.
    let permits = std::sync::Arc::new(Semaphore::new(config.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for (index, configuration) in configurations.iter().enumerate() {
        let client = clients.lambda.clone();
        let counter = counter.clone();
        let permits = permits.clone();
        let name = configuration
            .function_name()
            .unwrap_or_default()
            .to_string();
        let arn = configuration.function_arn().unwrap_or_default().to_string();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore open");
            (index, details(&client, &name, &arn, &counter).await)
        });
    }
    let mut all_details: Vec<Option<Details>> = (0..configurations.len()).map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, details) = joined.expect("per-function task does not panic");
        all_details[index] = Some(details);
        progress.event(Event::Advanced {
            phase: Phase::Inventory,
            by: 1,
        });
    }

    let hours = config.hours() as usize;
    let mut failures = Vec::new();
    let mut functions = Vec::new();
    for (configuration, details) in configurations.iter().zip(all_details) {
        let details = details.expect("every task joined");
        let Some(mut function) = function_of(configuration, &region, hours) else {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: "ListFunctions returned a function without a name; skipped".into(),
            });
            continue;
        };
        for (operation, message) in details.failures {
            failures.push((function.name.clone(), operation.to_string(), message));
        }
        function.reserved_concurrency = details.reserved;
        function.provisioned_concurrency = details.provisioned;
        function.tags = details.tags;
        function.invoker = details.invoker;
        functions.push(function);
    }
    warnings.extend(merge_warnings(&region, failures));
    Ok(Inventory {
        region,
        concurrency_limit,
        functions,
        warnings,
    })
}

async fn details(
    client: &aws_sdk_lambda::Client,
    name: &str,
    arn: &str,
    counter: &Counter,
) -> Details {
    let mut details = Details::default();
    counter.add("lambda", "GetFunctionConcurrency");
    match client
        .get_function_concurrency()
        .function_name(name)
        .send()
        .await
    {
        Ok(output) => {
            details.reserved = output
                .reserved_concurrent_executions()
                .map(|n| n.max(0) as u32)
        }
        Err(e) => details
            .failures
            .push(("GetFunctionConcurrency", describe(&e))),
    }

    let mut provisioned = 0u32;
    let mut any = false;
    let mut pages = client
        .list_provisioned_concurrency_configs()
        .function_name(name)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        counter.add("lambda", "ListProvisionedConcurrencyConfigs");
        match page {
            Ok(page) => {
                for config in page.provisioned_concurrency_configs() {
                    any = true;
                    let allocated = config
                        .allocated_provisioned_concurrent_executions()
                        .or(config.requested_provisioned_concurrent_executions())
                        .unwrap_or(0);
                    provisioned += allocated.max(0) as u32;
                }
            }
            Err(e) => {
                details
                    .failures
                    .push(("ListProvisionedConcurrencyConfigs", describe(&e)));
                break;
            }
        }
    }
    details.provisioned = any.then_some(provisioned);

    counter.add("lambda", "ListTags");
    match client.list_tags().resource(arn).send().await {
        Ok(output) => {
            details.tags = output
                .tags()
                .map(|tags| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        }
        Err(e) => details.failures.push(("ListTags", describe(&e))),
    }

    counter.add("lambda", "GetPolicy");
    match client.get_policy().function_name(name).send().await {
        Ok(output) => details.invoker = output.policy().and_then(invoker_of_policy),
        // No resource policy: nothing invokes it through one (e.g. SQS, direct calls).
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) => {}
        Err(e) => details.failures.push(("GetPolicy", describe(&e))),
    }
    details
}

/// The snapshot's function from its configuration, with every series missing for now.
fn function_of(
    configuration: &FunctionConfiguration,
    region: &str,
    hours: usize,
) -> Option<Function> {
    let name = configuration.function_name()?.to_string();
    let architecture = match configuration.architectures().first() {
        Some(architecture) if architecture.as_str() == "arm64" => Architecture::Arm64,
        _ => Architecture::X86_64,
    };
    let vpc = configuration.vpc_config().is_some_and(|vpc| {
        vpc.vpc_id().is_some_and(|id| !id.is_empty()) || !vpc.subnet_ids().is_empty()
    });
    let missing = || Hourly::missing(hours);
    Some(Function {
        arn: configuration.function_arn().unwrap_or_default().to_string(),
        region: region.to_string(),
        runtime: configuration.runtime().map(|r| r.as_str().to_string()),
        architecture,
        memory_mb: configuration
            .memory_size()
            .unwrap_or(128)
            .clamp(128, 10_240) as u32,
        timeout_s: configuration.timeout().unwrap_or(3).clamp(1, 900) as u32,
        ephemeral_storage_mb: configuration
            .ephemeral_storage()
            .map_or(512, |storage| storage.size())
            .clamp(512, 10_240) as u32,
        package_type: match configuration.package_type() {
            Some(SdkPackageType::Image) => PackageType::Image,
            _ => PackageType::Zip,
        },
        vpc,
        reserved_concurrency: None,
        provisioned_concurrency: None,
        tags: BTreeMap::new(),
        invoker: None,
        function_callers: Vec::new(),
        series: Series {
            invocations: missing(),
            errors: missing(),
            throttles: missing(),
            duration_avg_ms: missing(),
            duration_p99_ms: missing(),
            duration_max_ms: missing(),
            concurrency_max: missing(),
            cold_starts: None,
            init_duration_ms: None,
            max_memory_used_mb: None,
        },
        name,
    })
}

/// Who invokes the function, from its resource policy. A synchronous caller wins over an
/// asynchronous one (it decides whether interruptible containers are acceptable).
pub(crate) fn invoker_of_policy(policy: &str) -> Option<Invoker> {
    let policy: serde_json::Value = serde_json::from_str(policy).ok()?;
    let statements = match &policy["Statement"] {
        serde_json::Value::Array(statements) => statements.clone(),
        statement @ serde_json::Value::Object(_) => vec![statement.clone()],
        _ => return None,
    };
    let mut found: Vec<Invoker> = Vec::new();
    for statement in &statements {
        if statement["Effect"].as_str() == Some("Deny") {
            continue;
        }
        let actions = strings(&statement["Action"]);
        if actions.iter().any(|a| a == "lambda:InvokeFunctionUrl") {
            found.push(Invoker::FunctionUrl);
            continue;
        }
        let source_arn = statement["Condition"]
            .as_object()
            .into_iter()
            .flat_map(|conditions| conditions.values())
            .filter_map(|condition| condition.as_object())
            .flat_map(|condition| condition.iter())
            .filter(|(key, _)| key.eq_ignore_ascii_case("AWS:SourceArn"))
            .flat_map(|(_, value)| strings(value))
            .next()
            .unwrap_or_default();
        for service in strings(&statement["Principal"]["Service"]) {
            let invoker = match service.as_str() {
                // HTTP APIs use the `$default` stage; REST APIs name theirs.
                "apigateway.amazonaws.com" if source_arn.contains("$default") => {
                    Invoker::ApiGatewayHttp
                }
                "apigateway.amazonaws.com" => Invoker::ApiGatewayRest,
                "elasticloadbalancing.amazonaws.com" => Invoker::Alb,
                "sns.amazonaws.com" => Invoker::Sns,
                "sqs.amazonaws.com" => Invoker::Sqs,
                "scheduler.amazonaws.com" => Invoker::Schedule,
                "events.amazonaws.com" => Invoker::Eventbridge,
                "s3.amazonaws.com" => Invoker::S3,
                "kinesis.amazonaws.com" => Invoker::Kinesis,
                "dynamodb.amazonaws.com" => Invoker::Dynamodb,
                _ => Invoker::Other,
            };
            found.push(invoker);
        }
    }
    found
        .iter()
        .copied()
        .find(|invoker| invoker.is_synchronous())
        .or_else(|| found.iter().copied().find(|i| *i != Invoker::Other))
        .or_else(|| found.first().copied())
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(values) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(policy: &str, expected: Option<Invoker>) {
        assert_eq!(invoker_of_policy(policy), expected, "{policy}");
    }

    #[test]
    fn invokers_from_policies() {
        let statement = |service: &str, arn: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"lambda:InvokeFunction","Resource":"x","Condition":{{"ArnLike":{{"AWS:SourceArn":"{arn}"}}}}}}]}}"#
            )
        };
        check(
            &statement(
                "apigateway.amazonaws.com",
                "arn:aws:execute-api:us-east-1:1:abc/prod/GET/items",
            ),
            Some(Invoker::ApiGatewayRest),
        );
        check(
            &statement(
                "apigateway.amazonaws.com",
                "arn:aws:execute-api:us-east-1:1:abc/*/$default",
            ),
            Some(Invoker::ApiGatewayHttp),
        );
        check(
            &statement(
                "elasticloadbalancing.amazonaws.com",
                "arn:aws:elasticloadbalancing:x",
            ),
            Some(Invoker::Alb),
        );
        check(
            &statement("events.amazonaws.com", "arn:aws:events:x:rule/r"),
            Some(Invoker::Eventbridge),
        );
        check(
            &statement("scheduler.amazonaws.com", ""),
            Some(Invoker::Schedule),
        );
        check(
            &statement("s3.amazonaws.com", "arn:aws:s3:::bucket"),
            Some(Invoker::S3),
        );
        check(&statement("iot.amazonaws.com", ""), Some(Invoker::Other));
        check(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl"}]}"#,
            Some(Invoker::FunctionUrl),
        );
        // A synchronous caller wins over an asynchronous one.
        check(
            r#"{"Statement":[
                {"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction"},
                {"Effect":"Allow","Principal":{"Service":"elasticloadbalancing.amazonaws.com"},"Action":"lambda:InvokeFunction"}]}"#,
            Some(Invoker::Alb),
        );
        check("not json", None);
        check(r#"{"Statement":[]}"#, None);
    }
}
