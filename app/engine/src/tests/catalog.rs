//! The built-in catalog and user overrides.

use serde_json::json;

use crate::prices::{format_usd, Catalog, BUILTIN_REGIONS};

#[test]
fn every_builtin_price_has_a_source_and_a_date() {
    let value = serde_json::to_value(Catalog::builtin()).unwrap();
    fn walk(value: &serde_json::Value, path: &str, count: &mut usize) {
        match value {
            serde_json::Value::Object(map) if map.contains_key("usd") => {
                *count += 1;
                assert!(
                    map["source"].as_str().is_some_and(|s| !s.is_empty()),
                    "{path}"
                );
                assert!(
                    map["as_of"].as_str().is_some_and(|s| s.len() >= 4),
                    "{path}"
                );
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    walk(v, &format!("{path}.{k}"), count);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), count);
                }
            }
            _ => {}
        }
    }
    let mut count = 0;
    walk(&value, "catalog", &mut count);
    assert!(count > 100, "{count} prices");
    assert_eq!(Catalog::builtin().regions.len(), BUILTIN_REGIONS.len());
}

#[test]
fn unknown_cells_stay_unknown() {
    let catalog = Catalog::builtin();
    let check = |present: bool, what: &str| assert!(present, "{what}");
    check(
        catalog.region("us-east-2").fargate.arm_vcpu_hour.is_none(),
        "us-east-2 ARM",
    );
    check(catalog.region("sa-east-1").ec2.is_empty(), "sa-east-1 EC2");
    check(
        catalog.region("eu-west-1").alb.hour.is_none(),
        "eu-west-1 ALB",
    );
    check(
        catalog
            .region("eu-west-1")
            .api_gateway
            .http_per_million
            .is_none(),
        "eu-west-1 API GW",
    );
    check(
        catalog
            .region("ca-central-1")
            .lambda
            .requests_per_million
            .is_none(),
        "unknown region",
    );
    check(
        catalog.region("us-east-1").alb.hour.is_some(),
        "us-east-1 ALB",
    );
}

fn check_override(overrides: serde_json::Value, expected: &str) {
    let actual = match Catalog::builtin().with_overrides(&overrides) {
        Ok(catalog) => {
            let region = catalog.region("eu-west-1");
            format!(
                "requests {:?} {:?}; x86 tiers {}; alb {:?}; m7g {:?}; spot {:?}",
                region.lambda.requests_per_million.as_ref().map(|p| p.usd),
                region
                    .lambda
                    .requests_per_million
                    .as_ref()
                    .map(|p| &*p.as_of),
                region.lambda.duration_x86.len(),
                region.alb.hour.as_ref().map(|p| (p.usd, &*p.source)),
                region.ec2.get("m7g.large").map(|p| p.usd),
                catalog.discounts.fargate_spot.as_ref().map(|p| p.usd),
            )
        }
        Err(error) => format!("error: {error}"),
    };
    assert_eq!(actual, expected);
}

#[test]
fn overrides() {
    check_override(
        json!({}),
        "requests Some(0.2) Some(\"2025-11\"); x86 tiers 1; alb None; m7g Some(0.091); spot Some(0.7)",
    );
    check_override(
        json!({"source": "finance", "as_of": "2026-09-01", "regions": {"eu-west-1": {
            "lambda": {"requests_per_million": 0.18, "duration_x86": 0.000015},
            "alb": {"hour": 0.0252},
            "ec2": {"m7g.large": 0.5}
        }}, "discounts": {"fargate_spot": 0.6}}),
        "requests Some(0.18) Some(\"2026-09-01\"); x86 tiers 1; alb Some((0.0252, \"finance\")); \
         m7g Some(0.5); spot Some(0.6)",
    );
    check_override(
        json!({"regions": {"eu-west-1": {"lambda": {"requests_per_million": null}}}}),
        "requests None None; x86 tiers 1; alb None; m7g Some(0.091); spot Some(0.7)",
    );
    check_override(
        json!({"regions": {"eu-west-1": {"lamda": {}}}}),
        "error: price overrides: unknown field `lamda`, expected one of `lambda`, `fargate`, \
         `ec2`, `alb`, `api_gateway`, `managed_instances`",
    );
    check_override(
        json!({"regions": {"eu-west-1": {"alb": {"hour": -1}}}}),
        "error: price overrides: regions.eu-west-1.alb.hour: -1 is not a price (finite, not negative)",
    );
    check_override(json!({"colour": 1}), "error: price overrides: unknown key `colour` (expected source, as_of, regions, ec2_instances, discounts)");
    // A new region from scratch.
    let catalog = Catalog::builtin()
        .with_overrides(&json!({"regions": {"ca-central-1": {"fargate": {"x86_vcpu_hour": 0.0445, "x86_gb_hour": 0.00489}}}}))
        .unwrap();
    assert_eq!(
        catalog
            .region("ca-central-1")
            .fargate
            .x86_vcpu_hour
            .as_ref()
            .map(|p| p.usd),
        Some(0.0445)
    );
}

#[test]
fn dollars_for_display() {
    for (usd, expected) in [
        (0.0, "$0.00"),
        (2.725, "$2.73"),
        (1234567.891, "$1,234,567.89"),
        (-0.004, "$0.00"),
        (-12.5, "-$12.50"),
    ] {
        assert_eq!(format_usd(usd), expected, "{usd}");
    }
}
