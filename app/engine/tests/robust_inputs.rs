//! Bad input of every shape is a one-line error, never a panic or a hang: random bytes, demo
//! snapshots with bytes flipped, cut or inserted, demo snapshots with a JSON value swapped for
//! a hostile one (then analysed when they still validate), and assumption and price-override
//! files of random JSON. Property tests (proptest) run 256 cases per property in CI; a long run
//! for fuzzing: `PROPTEST_CASES=200000 cargo test --release -p berth-engine --test robust_inputs`.

use std::sync::OnceLock;

use berth_engine::analysis::analyze_explained;
use berth_engine::assumptions::Assumptions;
use berth_engine::demo::{generate, DemoConfig};
use berth_engine::prices::Catalog;
use berth_engine::snapshot::Snapshot;
use proptest::prelude::*;
use serde_json::Value;

/// A small valid snapshot (3 functions, 2 days) as JSON: the corpus every mutation starts from.
fn seed_json() -> &'static [u8] {
    static SEED: OnceLock<Vec<u8>> = OnceLock::new();
    SEED.get_or_init(|| {
        generate(&DemoConfig {
            functions: 3,
            days: 2,
            seed: 42,
        })
        .to_json()
    })
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::builtin)
}

/// Parses `bytes`; an error must be one line that says something. A snapshot that validates
/// is analysed, with every sentence written, without a panic.
fn parse_and_analyse(bytes: &[u8]) {
    match Snapshot::from_json(bytes) {
        Ok(snapshot) => {
            let (analysis, _warnings) =
                analyze_explained(&snapshot, &Assumptions::default(), catalog());
            assert_eq!(analysis.functions.len(), snapshot.functions.len());
            for f in &analysis.functions {
                assert!(f.lambda.monthly_usd.is_finite() && f.lambda.monthly_usd >= 0.0);
                assert!(f.verdict.monthly_saving_usd.is_finite());
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.trim().is_empty());
            assert!(!message.contains('\n'), "one line: {message}");
        }
    }
}

/// Values that have broken parsers and arithmetic elsewhere.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(Value::Bool(true)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(1e308)),
        Just(serde_json::json!(-1e308)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(i64::MIN)),
        Just(serde_json::json!(0.5)),
        Just(serde_json::json!("")),
        Just(serde_json::json!("2026-02-31T00:00:00Z")),
        Just(serde_json::json!("<script>x</script>")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!([null, -1, 1e308])),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        ".{0,40}".prop_map(Value::String),
    ]
}

/// JSON pointers to the nodes of `value` (at most `limit`).
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit {
        return;
    }
    out.push(prefix.to_string());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, &format!("{prefix}/{key}"), out, limit);
            }
        }
        // Long arrays (hourly series): a few positions stand for all.
        Value::Array(items) => {
            let mut seen = Vec::new();
            for index in [0, 1, items.len() / 2, items.len().saturating_sub(1)] {
                if index < items.len() && !seen.contains(&index) {
                    seen.push(index);
                    pointers(&items[index], &format!("{prefix}/{index}"), out, limit);
                }
            }
        }
        _ => {}
    }
}

fn seed_pointers() -> &'static Vec<String> {
    static POINTERS: OnceLock<Vec<String>> = OnceLock::new();
    POINTERS.get_or_init(|| {
        let value: Value = serde_json::from_slice(seed_json()).unwrap();
        let mut out = Vec::new();
        pointers(&value, "", &mut out, 5_000);
        out
    })
}

proptest! {
    #[test]
    fn random_bytes_are_refused_with_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        parse_and_analyse(&bytes);
    }

    #[test]
    fn damaged_snapshots_are_refused_or_analysed(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..8)
    ) {
        let mut bytes = seed_json().to_vec();
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at.index(bytes.len());
            match kind {
                0 => bytes[at] = byte,
                1 => bytes.truncate(at),
                _ => bytes.insert(at, byte),
            }
        }
        parse_and_analyse(&bytes);
    }

    #[test]
    fn hostile_values_anywhere_are_refused_or_analysed(
        swaps in proptest::collection::vec((any::<proptest::sample::Index>(), hostile_value()), 1..4)
    ) {
        let mut value: Value = serde_json::from_slice(seed_json()).unwrap();
        for (at, replacement) in swaps {
            let pointer = &seed_pointers()[at.index(seed_pointers().len())];
            // An earlier swap may have replaced the node's parent.
            if let Some(node) = value.pointer_mut(pointer) {
                *node = replacement;
            }
        }
        parse_and_analyse(&serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn assumption_files_are_validated_or_refused(
        entries in proptest::collection::vec((prop_oneof![
            Just("min_tasks".to_string()), Just("hours_per_month".to_string()),
            Just("utilisation_target".to_string()), Just("free_tier".to_string()),
            Just("steady_cv_max".to_string()), "[a-z_]{1,20}".prop_map(String::from),
        ], hostile_value()), 0..6)
    ) {
        let map: serde_json::Map<String, Value> = entries.into_iter().collect();
        let text = serde_json::to_vec(&Value::Object(map)).unwrap();
        match serde_json::from_slice::<Assumptions>(&text) {
            Err(error) => prop_assert!(!error.to_string().contains('\n')),
            Ok(assumptions) => match assumptions.validate() {
                Err(error) => prop_assert!(!error.to_string().contains('\n'), "{}", error),
                Ok(()) => {
                    let snapshot = Snapshot::from_json(seed_json()).unwrap();
                    let (analysis, _) = analyze_explained(&snapshot, &assumptions, catalog());
                    for f in &analysis.functions {
                        prop_assert!(f.lambda.monthly_usd.is_finite());
                    }
                }
            },
        }
    }

    #[test]
    fn price_overrides_are_applied_or_refused(
        region in prop_oneof![Just("us-east-1".to_string()), Just("*".to_string()), ".{0,12}".prop_map(String::from)],
        product in prop_oneof![Just("lambda".to_string()), Just("fargate".to_string()), "[a-z_]{1,12}".prop_map(String::from)],
        key in prop_oneof![Just("request_usd".to_string()), Just("gb_second_usd".to_string()), "[a-z_]{1,16}".prop_map(String::from)],
        value in hostile_value(),
    ) {
        let overrides = serde_json::json!({ region: { product: { key: value } } });
        match catalog().with_overrides(&overrides) {
            Err(error) => prop_assert!(!error.to_string().contains('\n'), "{}", error),
            Ok(custom) => {
                let snapshot = Snapshot::from_json(seed_json()).unwrap();
                let (analysis, _) = analyze_explained(&snapshot, &Assumptions::default(), &custom);
                prop_assert_eq!(analysis.functions.len(), 3);
            }
        }
    }
}

/// Found by the property above: a huge hours-per-month passed validation and every cost was
/// infinite. Every bounded assumption now has a ceiling.
#[test]
fn huge_assumptions_are_refused_not_infinite() {
    for key in [
        "hours_per_month",
        "min_tasks",
        "task_memory_gb",
        "min_saving_usd",
    ] {
        let text = format!(r#"{{"{key}": 1e308}}"#);
        let assumptions: Assumptions = serde_json::from_str(&text).unwrap();
        let error = assumptions.validate().unwrap_err().to_string();
        assert!(error.contains(key) && error.contains("at most"), "{error}");
    }
}
