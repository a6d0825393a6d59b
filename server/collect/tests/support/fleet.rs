// The test fleet seeded into moto, and what a collection must find. Shared by berth-collect's
// moto test and the repo's end-to-end test (included with `include!`), so: std only, no `//!`.

/// End of the window: 2026-11-04T00:00:00Z.
pub const NOW: i64 = 1_793_750_400;
pub const DAYS: u32 = 2;
pub const HOURS: usize = 48;
pub const REGION: &str = "us-east-1";
/// First hour of the window.
pub const START: i64 = NOW - HOURS as i64 * 3_600;
/// Hours of `api` without any datapoint: they must come back missing, not zero.
pub const API_GAP: [usize; 2] = [10, 11];

/// Invocations of `api` in hour `h`, sent as two values (60 + (40 + h)) so the Sum is tested.
pub fn api_invocations(hour: usize) -> Option<f64> {
    (!API_GAP.contains(&hour)).then_some(100.0 + hour as f64)
}

/// Duration values of `api` in hour `h`: average 100 + h, maximum 150 + h.
pub fn api_durations(hour: usize) -> [f64; 2] {
    [50.0 + hour as f64, 150.0 + hour as f64]
}

/// `worker` runs in the first 24 hours only: 10 invocations of 1,000 ms each hour.
pub fn worker_invocations(hour: usize) -> Option<f64> {
    (hour < 24).then_some(10.0)
}

/// `worker` may be invoked by `api` (its policy grants `lambda.amazonaws.com` with api's ARN as
/// source); `idle` consumes a queue (an event source mapping), so its policy is not read.
pub const API_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:api";

pub fn fleet_spec() -> String {
    let mut metrics = Vec::new();
    let mut metric = |function: &str, name: &str, hour: i64, values: &[f64]| {
        // 15 minutes into the hour: the collector must bucket it onto the hour.
        let timestamp = START + hour * 3_600 + 900;
        let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
        metrics.push(format!(
            r#"{{"function":"{function}","metric":"{name}","timestamp":{timestamp},"values":[{}]}}"#,
            values.join(",")
        ));
    };
    for hour in 0..HOURS {
        let h = hour as i64;
        if api_invocations(hour).is_some() {
            metric("api", "Invocations", h, &[60.0, 40.0 + hour as f64]);
            metric("api", "Duration", h, &api_durations(hour));
            metric("api", "ConcurrentExecutions", h, &[2.0, 4.0]);
        }
        if let Some(invocations) = worker_invocations(hour) {
            metric("worker", "Invocations", h, &[invocations]);
            metric("worker", "Duration", h, &[1_000.0]);
            metric("worker", "ConcurrentExecutions", h, &[1.0]);
        }
    }
    metric("api", "Errors", 5, &[3.0]);
    // Outside the window on both sides: must not show up anywhere.
    metric("api", "Invocations", -1, &[999.0]);
    metric("api", "Invocations", HOURS as i64, &[999.0]);

    let day = |offset: i64| {
        // 2026-11-02 + offset days
        format!("2026-11-{:02}", 2 + offset)
    };
    let cost_days: Vec<String> = (0..2)
        .map(|d| {
            format!(
                r#"{{"TimePeriod":{{"Start":"{}","End":"{}"}},"Total":{{}},"Groups":[
                    {{"Keys":["Lambda-GB-Second-ARM"],"Metrics":{{"UnblendedCost":{{"Amount":"1.5","Unit":"USD"}},"UsageQuantity":{{"Amount":"112500","Unit":"Lambda-GB-Second"}}}}}},
                    {{"Keys":["Request-ARM"],"Metrics":{{"UnblendedCost":{{"Amount":"0.2","Unit":"USD"}},"UsageQuantity":{{"Amount":"1000000","Unit":"Requests"}}}}}}
                ],"Estimated":false}}"#,
                day(d),
                day(d + 1)
            )
        })
        .collect();
    format!(
        r#"{{"region":"{REGION}",
        "functions":[
          {{"name":"api","memory":512,"timeout":30,"arch":"arm64","runtime":"python3.12",
            "tags":{{"team":"payments","aws:cloudformation:stack-name":"shop"}},"reserved":50,
            "invoker_service":"apigateway.amazonaws.com",
            "source_arn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/items"}},
          {{"name":"worker","memory":1024,"timeout":300,"arch":"x86_64","runtime":"python3.12",
            "tags":{{"team":"data"}},"reserved":null,"invoker_service":"sns.amazonaws.com","source_arn":null,
            "callers":["api"]}},
          {{"name":"idle","memory":128,"timeout":3,"arch":"x86_64","runtime":"python3.12",
            "tags":{{}},"reserved":null,"invoker_service":null,"source_arn":null,"event_source":"sqs"}}
        ],
        "metrics":[{}],
        "cost_results":[{{"ResultsByTime":[{}],"DimensionValueAttributes":[]}}]}}"#,
        metrics.join(","),
        cost_days.join(",")
    )
}
