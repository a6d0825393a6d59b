//! Lambda inventory of one region, each fact from its cheapest source (see
//! [`crate::plan::region_plan`]): `ListFunctions` for the configurations; once per region
//! `GetAccountSettings` (the limit), `ListEventSourceMappings` (queue and stream invokers) and
//! CloudWatch `ListMetrics` (which functions have provisioned-concurrency metrics); then per
//! function `GetFunction` (reserved concurrency and tags, on the 100/s bucket),
//! `ListProvisionedConcurrencyConfigs` only for the functions `ListMetrics` named, and `GetPolicy`
//! only where no mapping named the invoker (who invokes it, and which other functions may).
//! Every call is paced under its quota bucket.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use aws_sdk_lambda::types::{FunctionConfiguration, PackageType as SdkPackageType};
use berth_engine::snapshot::{
    Architecture, CollectionWarning, Function, Hourly, Invoker, PackageType, Series,
};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::pace::Pacer;
use crate::plan::{self, Bucket, RegionFacts};
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
    function_callers: Vec<String>,
    /// (operation, message)
    failures: Vec<(&'static str, String)>,
}

/// One per-function task's result: `GetFunction` (and the PC configs), or `GetPolicy`.
enum Part {
    Function(Details),
    Policy(Details),
}

/// Execution role ARN → the ARNs of the region's functions that run as it.
type Roles = HashMap<String, Vec<String>>;

/// Lists the region's functions; an error only when the list itself fails.
pub(crate) async fn inventory(
    clients: &RegionClients,
    config: &CollectConfig,
    counter: &Counter,
    progress: &dyn Progress,
) -> Result<Inventory, String> {
    let region = clients.region.clone();
    let pacer = Pacer::new(&config.quotas);
    let mut configurations = Vec::new();
    let mut pages = clients.lambda.list_functions().into_paginator().send();
    loop {
        pacer.wait(Bucket::LambdaControlPlane).await;
        let Some(page) = pages.next().await else {
            break;
        };
        counter.add("lambda", "ListFunctions");
        let page = page.map_err(|e| describe(&e))?;
        configurations.extend(page.functions.unwrap_or_default());
    }

    let mut warnings = Vec::new();
    let (concurrency_limit, mappings, provisioned) = tokio::join!(
        account_limit(clients, &pacer, counter),
        event_source_mappings(clients, &pacer, counter),
        provisioned_metrics(clients, &pacer, counter),
    );
    let concurrency_limit = match concurrency_limit {
        Ok(limit) => limit,
        Err(message) => {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: format!(
                    "GetAccountSettings failed, the regional concurrency limit is unknown: {message}"
                ),
            });
            None
        }
    };
    let (mapped, mapping_count) = match mappings {
        Ok((mapped, count)) => (mapped, count),
        Err(message) => {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: format!(
                    "ListEventSourceMappings failed, every function's resource policy is read instead: {message}"
                ),
            });
            (HashMap::new(), 0)
        }
    };
    let (with_provisioned, provisioned_series) = match provisioned {
        Ok(found) => found,
        Err(message) => {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: format!(
                    "ListMetrics failed, provisioned concurrency is read for every function instead: {message}"
                ),
            });
            (
                configurations
                    .iter()
                    .filter_map(|c| c.function_name().map(str::to_string))
                    .collect(),
                0,
            )
        }
    };

    let name_of = |c: &FunctionConfiguration| c.function_name().unwrap_or_default().to_string();
    let facts = RegionFacts {
        functions: configurations.len(),
        event_source_mappings: mapping_count,
        invoker_from_mappings: configurations
            .iter()
            .filter(|c| mapped.contains_key(&name_of(c)))
            .count(),
        provisioned_series,
        with_provisioned_metrics: configurations
            .iter()
            .filter(|c| with_provisioned.contains(&name_of(c)))
            .count(),
    };
    progress.event(Event::Planned {
        region: region.clone(),
        plan: plan::region_plan(facts, config.hours(), &config.quotas),
    });
    progress.event(Event::Found {
        phase: Phase::Inventory,
        more: configurations.len() as u64,
    });

    let mut roles: Roles = HashMap::new();
    for configuration in &configurations {
        if let (Some(role), Some(arn)) = (configuration.role(), configuration.function_arn()) {
            roles
                .entry(role.to_string())
                .or_default()
                .push(arn.to_string());
        }
    }
    let roles = Arc::new(roles);

    // Per-function calls: GetFunction tasks and GetPolicy tasks each a few at a time, side by
    // side, so the slower bucket does not hold up the faster one; results kept in list order.
    let function_permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let policy_permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut remaining = vec![0usize; configurations.len()];
    for (index, configuration) in configurations.iter().enumerate() {
        let name = name_of(configuration);
        let arn = configuration.function_arn().unwrap_or_default().to_string();
        {
            let client = clients.lambda.clone();
            let counter = counter.clone();
            let permits = function_permits.clone();
            let pacer = pacer.clone();
            let name = name.clone();
            let read_provisioned = with_provisioned.contains(&name);
            remaining[index] += 1;
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.expect("semaphore open");
                let details =
                    function_details(&client, &pacer, &name, read_provisioned, &counter).await;
                (index, Part::Function(details))
            });
        }
        if !mapped.contains_key(&name) {
            let client = clients.lambda.clone();
            let counter = counter.clone();
            let permits = policy_permits.clone();
            let pacer = pacer.clone();
            let roles = roles.clone();
            remaining[index] += 1;
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.expect("semaphore open");
                let details = policy_details(&client, &pacer, &name, &arn, &roles, &counter).await;
                (index, Part::Policy(details))
            });
        }
    }
    let mut all_details: Vec<Details> = (0..configurations.len())
        .map(|_| Details::default())
        .collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, part) = joined.expect("per-function task does not panic");
        let details = &mut all_details[index];
        match part {
            Part::Function(found) => {
                details.reserved = found.reserved;
                details.provisioned = found.provisioned;
                details.tags = found.tags;
                details.failures.extend(found.failures);
            }
            Part::Policy(found) => {
                details.invoker = found.invoker;
                details.function_callers = found.function_callers;
                details.failures.extend(found.failures);
            }
        }
        remaining[index] -= 1;
        if remaining[index] == 0 {
            progress.event(Event::Advanced {
                phase: Phase::Inventory,
                by: 1,
            });
        }
    }

    let hours = config.hours() as usize;
    let mut failures = Vec::new();
    let mut functions = Vec::new();
    for (configuration, mut details) in configurations.iter().zip(all_details) {
        let Some(mut function) = function_of(configuration, &region, hours) else {
            warnings.push(CollectionWarning {
                scope: region.clone(),
                message: "ListFunctions returned a function without a name; skipped".into(),
            });
            continue;
        };
        // Failures come in the order the calls ran (GetFunction's and GetPolicy's tasks
        // interleave): sort them so the warnings are the same whatever the timing.
        details.failures.sort();
        for (operation, message) in details.failures {
            failures.push((function.name.clone(), operation.to_string(), message));
        }
        if let Some(invoker) = mapped.get(&function.name) {
            details.invoker = Some(*invoker);
        }
        function.reserved_concurrency = details.reserved;
        function.provisioned_concurrency = details.provisioned;
        function.tags = details.tags;
        function.invoker = details.invoker;
        function.function_callers = details.function_callers;
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

async fn account_limit(
    clients: &RegionClients,
    pacer: &Pacer,
    counter: &Counter,
) -> Result<Option<u32>, String> {
    pacer.wait(Bucket::LambdaControlPlane).await;
    counter.add("lambda", "GetAccountSettings");
    let settings = clients
        .lambda
        .get_account_settings()
        .send()
        .await
        .map_err(|e| describe(&e))?;
    Ok(settings
        .account_limit()
        .map(|limit| limit.concurrent_executions().max(0) as u32))
}

/// Function name → the invoker its event source mappings say (a queue or stream), and how many
/// mappings the region has.
async fn event_source_mappings(
    clients: &RegionClients,
    pacer: &Pacer,
    counter: &Counter,
) -> Result<(HashMap<String, Invoker>, usize), String> {
    let mut mapped: HashMap<String, Invoker> = HashMap::new();
    let mut count = 0;
    let mut pages = clients
        .lambda
        .list_event_source_mappings()
        .max_items(plan::MAPPINGS_PER_PAGE as i32)
        .into_paginator()
        .send();
    loop {
        pacer.wait(Bucket::LambdaControlPlane).await;
        let Some(page) = pages.next().await else {
            break;
        };
        counter.add("lambda", "ListEventSourceMappings");
        let page = page.map_err(|e| describe(&e))?;
        for mapping in page.event_source_mappings() {
            count += 1;
            let Some(function) = mapping.function_arn().map(function_name_of_arn) else {
                continue;
            };
            let invoker = invoker_of_source(mapping.event_source_arn().unwrap_or_default());
            // A known kind wins over Other when one function has several mappings.
            let entry = mapped.entry(function).or_insert(invoker);
            if *entry == Invoker::Other {
                *entry = invoker;
            }
        }
    }
    Ok((mapped, count))
}

/// The functions CloudWatch lists with provisioned-concurrency metrics (any alias or version),
/// and how many such series there are. Lambda writes them while provisioned concurrency serves
/// invocations; ListMetrics covers the last two weeks.
async fn provisioned_metrics(
    clients: &RegionClients,
    pacer: &Pacer,
    counter: &Counter,
) -> Result<(BTreeSet<String>, usize), String> {
    let mut names = BTreeSet::new();
    let mut series = 0;
    let mut pages = clients
        .cloudwatch
        .list_metrics()
        .namespace("AWS/Lambda")
        .metric_name(plan::PROVISIONED_METRIC)
        .into_paginator()
        .send();
    loop {
        pacer.wait(Bucket::CloudWatchListMetrics).await;
        let Some(page) = pages.next().await else {
            break;
        };
        counter.add("cloudwatch", "ListMetrics");
        let page = page.map_err(|e| describe(&e))?;
        for metric in page.metrics() {
            series += 1;
            if let Some(name) = metric
                .dimensions()
                .iter()
                .find(|d| d.name() == Some("FunctionName"))
                .and_then(|d| d.value())
            {
                names.insert(name.to_string());
            }
        }
    }
    Ok((names, series))
}

/// `GetFunction` (reserved concurrency and tags in one call) and, for a function CloudWatch
/// named, its provisioned-concurrency configs.
async fn function_details(
    client: &aws_sdk_lambda::Client,
    pacer: &Pacer,
    name: &str,
    read_provisioned: bool,
    counter: &Counter,
) -> Details {
    let mut details = Details::default();
    pacer.wait(Bucket::LambdaGetFunction).await;
    counter.add("lambda", "GetFunction");
    match client.get_function().function_name(name).send().await {
        Ok(output) => {
            details.reserved = output
                .concurrency()
                .and_then(|c| c.reserved_concurrent_executions())
                .map(|n| n.max(0) as u32);
            details.tags = output
                .tags()
                .map(|tags| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            if let Some(error) = output.tags_error() {
                details.failures.push((
                    "GetFunction (tags)",
                    format!("{}: {}", error.error_code(), error.message()),
                ));
            }
        }
        Err(e) => details.failures.push(("GetFunction", describe(&e))),
    }
    if !read_provisioned {
        return details;
    }
    let mut provisioned = 0u32;
    let mut any = false;
    let mut pages = client
        .list_provisioned_concurrency_configs()
        .function_name(name)
        .into_paginator()
        .send();
    loop {
        pacer.wait(Bucket::LambdaControlPlane).await;
        let Some(page) = pages.next().await else {
            break;
        };
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
    details
}

/// `GetPolicy`: who invokes the function, and which other functions may.
async fn policy_details(
    client: &aws_sdk_lambda::Client,
    pacer: &Pacer,
    name: &str,
    arn: &str,
    roles: &Roles,
    counter: &Counter,
) -> Details {
    let mut details = Details::default();
    pacer.wait(Bucket::LambdaGetPolicy).await;
    counter.add("lambda", "GetPolicy");
    match client.get_policy().function_name(name).send().await {
        Ok(output) => {
            if let Some(policy) = output.policy() {
                details.invoker = invoker_of_policy(policy);
                details.function_callers = callers_of_policy(policy, arn, roles);
            }
        }
        // No resource policy: nothing invokes it through one (e.g. SQS, direct calls).
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) => {}
        Err(e) => details.failures.push(("GetPolicy", describe(&e))),
    }
    details
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` (or a bare name) → NAME.
fn function_name_of_arn(arn: &str) -> String {
    let tail = arn.rsplit_once(":function:").map_or(arn, |(_, tail)| tail);
    tail.split(':').next().unwrap_or(tail).to_string()
}

/// The invoker an event source mapping stands for, from its source's ARN.
fn invoker_of_source(source_arn: &str) -> Invoker {
    match source_arn.split(':').nth(2) {
        Some("sqs") => Invoker::Sqs,
        Some("kinesis") => Invoker::Kinesis,
        Some("dynamodb") => Invoker::Dynamodb,
        // Kafka (MSK or self-managed), MQ, DocumentDB.
        _ => Invoker::Other,
    }
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
        let source_arn = source_arns(statement)
            .into_iter()
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

/// Other functions the resource policy lets invoke this one (`own_arn`): the source ARN of a
/// `lambda.amazonaws.com` statement (or `lambda.amazonaws.com` itself when the statement names
/// none), and the functions of the region whose execution role is an allowed AWS principal.
/// Sorted, without duplicates, never the function itself.
pub(crate) fn callers_of_policy(policy: &str, own_arn: &str, roles: &Roles) -> Vec<String> {
    let Ok(policy) = serde_json::from_str::<serde_json::Value>(policy) else {
        return Vec::new();
    };
    let statements = match &policy["Statement"] {
        serde_json::Value::Array(statements) => statements.clone(),
        statement @ serde_json::Value::Object(_) => vec![statement.clone()],
        _ => return Vec::new(),
    };
    let own_name = function_name_of_arn(own_arn);
    let mut callers = BTreeSet::new();
    for statement in &statements {
        if statement["Effect"].as_str() == Some("Deny") {
            continue;
        }
        let invokes = strings(&statement["Action"])
            .iter()
            .any(|a| matches!(a.as_str(), "lambda:InvokeFunction" | "lambda:*" | "*"));
        if !invokes {
            continue;
        }
        let principal = &statement["Principal"];
        if strings(&principal["Service"])
            .iter()
            .any(|s| s == "lambda.amazonaws.com")
        {
            let sources = source_arns(statement);
            if sources.is_empty() {
                callers.insert("lambda.amazonaws.com".to_string());
            }
            for source in sources {
                if source.contains(":function:") && function_name_of_arn(&source) != own_name {
                    callers.insert(source);
                }
            }
        }
        // An AWS principal: `{"AWS": ARN or [ARN]}`, or the ARN alone (as moto writes it).
        let aws = match principal {
            serde_json::Value::String(_) => strings(principal),
            _ => strings(&principal["AWS"]),
        };
        for role in aws {
            for caller in roles.get(&role).into_iter().flatten() {
                if caller != own_arn {
                    callers.insert(caller.clone());
                }
            }
        }
    }
    callers.into_iter().collect()
}

/// The `AWS:SourceArn` values of a statement's conditions.
fn source_arns(statement: &serde_json::Value) -> Vec<String> {
    statement["Condition"]
        .as_object()
        .into_iter()
        .flat_map(|conditions| conditions.values())
        .filter_map(|condition| condition.as_object())
        .flat_map(|condition| condition.iter())
        .filter(|(key, _)| key.eq_ignore_ascii_case("AWS:SourceArn"))
        .flat_map(|(_, value)| strings(value))
        .collect()
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

    #[test]
    fn function_callers_from_policies() {
        let own = "arn:aws:lambda:us-east-1:1:function:render";
        let roles: Roles = HashMap::from([
            (
                "arn:aws:iam::1:role/api".to_string(),
                vec![
                    "arn:aws:lambda:us-east-1:1:function:api".to_string(),
                    "arn:aws:lambda:us-east-1:1:function:admin".to_string(),
                ],
            ),
            (
                "arn:aws:iam::1:role/render".to_string(),
                vec![own.to_string()],
            ),
        ]);
        let check = |policy: &str, expected: &[&str]| {
            assert_eq!(callers_of_policy(policy, own, &roles), expected, "{policy}");
        };
        // The service principal with a source function (an alias's ARN keeps its qualifier).
        check(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:lambda:us-east-1:1:function:checkout:live"}}}]}"#,
            &["arn:aws:lambda:us-east-1:1:function:checkout:live"],
        );
        // Without a source: some function, unnamed.
        check(
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"lambda:InvokeFunction"}}"#,
            &["lambda.amazonaws.com"],
        );
        // Another function's role, as AWS writes it and as moto does; its own role is no caller.
        check(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:role/api","arn:aws:iam::1:role/render"]},"Action":"lambda:InvokeFunction"}]}"#,
            &[
                "arn:aws:lambda:us-east-1:1:function:admin",
                "arn:aws:lambda:us-east-1:1:function:api",
            ],
        );
        check(
            r#"{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::1:role/api","Action":"lambda:*"}]}"#,
            &[
                "arn:aws:lambda:us-east-1:1:function:admin",
                "arn:aws:lambda:us-east-1:1:function:api",
            ],
        );
        // Not callers: a role no function runs as, a denial, a URL-only grant, API Gateway,
        // the function itself as source.
        check(
            r#"{"Statement":[
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/ci"},"Action":"lambda:InvokeFunction"},
                {"Effect":"Deny","Principal":{"Service":"lambda.amazonaws.com"},"Action":"lambda:InvokeFunction"},
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/api"},"Action":"lambda:InvokeFunctionUrl"},
                {"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction"},
                {"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:lambda:us-east-1:1:function:render"}}}]}"#,
            &[],
        );
        check("not json", &[]);
    }

    #[test]
    fn mappings_name_their_invoker() {
        assert_eq!(
            invoker_of_source("arn:aws:sqs:us-east-1:1:jobs"),
            Invoker::Sqs
        );
        assert_eq!(
            invoker_of_source("arn:aws:kinesis:us-east-1:1:stream/clicks"),
            Invoker::Kinesis
        );
        assert_eq!(
            invoker_of_source("arn:aws:dynamodb:us-east-1:1:table/t/stream/2026"),
            Invoker::Dynamodb
        );
        assert_eq!(
            invoker_of_source("arn:aws:kafka:us-east-1:1:cluster/c"),
            Invoker::Other
        );
        assert_eq!(invoker_of_source(""), Invoker::Other);
        assert_eq!(
            function_name_of_arn("arn:aws:lambda:us-east-1:1:function:worker:live"),
            "worker"
        );
        assert_eq!(function_name_of_arn("worker"), "worker");
    }
}
