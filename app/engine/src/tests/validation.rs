//! Snapshot validation: every refusal names the function and field.

use super::build::{function, pattern, snapshot};
use crate::snapshot::{BilledCost, Hourly, Snapshot};

fn check(input: Result<Snapshot, String>, expected: &str) {
    let actual = match input {
        Ok(snapshot) => match snapshot.validate() {
            Ok(()) => "ok".to_string(),
            Err(error) => error.to_string(),
        },
        Err(error) => error,
    };
    assert_eq!(actual, expected);
}

fn json(text: &str) -> Result<Snapshot, String> {
    Snapshot::from_json(text.as_bytes()).map_err(|e| e.to_string())
}

fn edited(edit: impl FnOnce(&mut Snapshot)) -> Result<Snapshot, String> {
    let mut s = snapshot(vec![function("a", 100.0, 50.0), function("b", 10.0, 20.0)]);
    edit(&mut s);
    Ok(s)
}

#[test]
fn validation_errors() {
    check(edited(|_| {}), "ok");
    check(
        edited(|s| s.functions[1].series.invocations = Hourly::from_values(vec![1.0; 5])),
        "function us-east-1/b: series.invocations: has 5 points, the window has 168 hours",
    );
    check(
        edited(|s| {
            s.functions[0].series.errors = pattern(|h| Some(if h == 3 { -1.0 } else { 0.0 }))
        }),
        "function us-east-1/a: series.errors: hour 3 is -1: values must be finite and not negative",
    );
    check(
        edited(|s| s.functions[1].name = "a".into()),
        "function us-east-1/a appears more than once",
    );
    check(
        edited(|s| s.functions[0].memory_mb = 64),
        "function us-east-1/a: memory_mb: 64 is outside Lambda's 128..=10240",
    );
    check(
        edited(|s| s.functions[0].ephemeral_storage_mb = 100),
        "function us-east-1/a: ephemeral_storage_mb: 100 is outside Lambda's 512..=10240",
    );
    check(
        edited(|s| s.functions[0].timeout_s = 901),
        "function us-east-1/a: timeout_s: 901 is outside Lambda's 1..=900",
    );
    check(
        edited(|s| s.functions[0].function_callers = vec!["x".repeat(300)]),
        "function us-east-1/a: function_callers: an entry of 300 characters: each is an ARN of 1..=256",
    );
    check(
        edited(|s| s.functions[0].function_callers = vec!["lambda.amazonaws.com".into(); 1001]),
        "function us-east-1/a: function_callers: has 1001 entries, at most 1000",
    );
    check(
        edited(|s| s.format = "berth.snapshot/v2".into()),
        "unknown snapshot format \"berth.snapshot/v2\": this berth reads \"berth.snapshot/v1\"",
    );
    check(
        edited(|s| s.window.start = "2026-11-01T00:30:00Z".into()),
        "window: start 2026-11-01T00:30:00Z is not on a whole hour",
    );
    check(
        edited(|s| s.window.start = "yesterday".into()),
        "window: start \"yesterday\" is not an RFC 3339 UTC time such as 2026-11-01T00:00:00Z",
    );
    check(
        edited(|s| s.window.period_seconds = 60),
        "window: period_seconds is 60, v1 snapshots are hourly (3600)",
    );
    check(
        edited(|s| {
            s.billed.push(BilledCost {
                date: "2026-13-01".into(),
                usage_type: "Request".into(),
                function: None,
                tag: None,
                usd: 1.0,
                usage_quantity: None,
            })
        }),
        "billed cost line 0: date \"2026-13-01\" is not YYYY-MM-DD",
    );
}

#[test]
fn parse_errors() {
    check(
        json(r#"{"format": "berth.snapshot/v9"}"#),
        "unknown snapshot format \"berth.snapshot/v9\": this berth reads \"berth.snapshot/v1\"",
    );
    check(
        json(r#"{"source": {}}"#),
        "not a berth snapshot: missing field `format`",
    );
    check(
        json("[1, 2"),
        "not a berth snapshot: invalid type: integer `1`, expected a string at line 1 column 2",
    );
}

#[test]
fn missing_hours_stay_missing_through_json() {
    let mut s = snapshot(vec![function("a", 100.0, 50.0)]);
    s.functions[0].series.invocations = pattern(|h| (h != 2).then_some(7.0));
    let back = Snapshot::from_json(&s.to_json()).expect("valid");
    let series = &back.functions[0].series.invocations;
    assert_eq!(
        (series.get(1), series.get(2), series.present_count()),
        (Some(7.0), None, 167)
    );
    assert!(String::from_utf8(s.to_json())
        .unwrap()
        .contains("[7.0,7.0,null,7.0"));
}

#[test]
fn schema_describes_hourly_series_as_numbers_or_null() {
    let schema = crate::schema::snapshot_schema();
    let text = schema.to_string();
    assert_eq!(schema["title"], "Berth snapshot v1");
    assert!(text.contains(r#""type":["number","null"]"#), "{text}");
    for field in [
        "functions",
        "window",
        "billed",
        "concurrency_max",
        "invoker",
        "function_callers",
    ] {
        assert!(text.contains(field), "schema lacks {field}");
    }
}

/// `function_callers` is optional: a file without it reads as none (every file from before it),
/// and the field is written only when there are callers.
#[test]
fn function_callers_are_optional_in_v1() {
    let mut s = snapshot(vec![function("a", 100.0, 50.0)]);
    let plain = String::from_utf8(s.to_json()).unwrap();
    assert!(!plain.contains("function_callers"));
    assert!(Snapshot::from_json(plain.as_bytes()).unwrap().functions[0]
        .function_callers
        .is_empty());
    let caller = "arn:aws:lambda:us-east-1:123456789012:function:api";
    s.functions[0].function_callers = vec![caller.into()];
    let back = Snapshot::from_json(&s.to_json()).unwrap();
    assert_eq!(back.functions[0].function_callers, [caller]);
}
