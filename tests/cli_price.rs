//! `berth price`: the worked examples of shared/PRICING.md to the cent, JSON shape, errors.

use crate::support::berth;

fn price(args: &[&str]) -> (bool, String, String) {
    let output = berth().arg("price").args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The `Total` line's amount of the human output.
fn total(args: &[&str]) -> String {
    let (ok, stdout, stderr) = price(args);
    assert!(ok, "{stderr}");
    stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or_else(|| panic!("no total in {stdout}"))
        .to_string()
}

#[test]
fn worked_examples_to_the_cent() {
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "lambda",
                "--memory-mb",
                "1536",
                "--requests",
                "3000000",
                "--duration-ms",
                "120",
            ],
            "$2.73",
        ),
        (
            &[
                "lambda",
                "--memory-mb",
                "128",
                "--requests",
                "30000000",
                "--duration-ms",
                "200",
            ],
            "$11.63",
        ),
        (
            &[
                "lambda",
                "--memory-mb",
                "1536",
                "--requests",
                "3000000",
                "--duration-ms",
                "120",
                "--provisioned",
                "100",
                "--provisioned-seconds",
                "28800",
                "--provisioned-requests",
                "500000",
                "--provisioned-duration-ms",
                "100",
            ],
            "$19.96",
        ),
        (
            &[
                "fargate",
                "--vcpu",
                "1",
                "--memory-gb",
                "2",
                "--tasks",
                "5",
                "--seconds-per-day",
                "600",
                "--days",
                "30",
                "--ephemeral-gb",
                "30",
            ],
            "$1.26",
        ),
        (
            &[
                "lambda",
                "--region",
                "us-east-1",
                "--arch",
                "arm64",
                "--memory-mb",
                "1536",
                "--requests",
                "3000000",
                "--duration-ms",
                "120",
                "--no-free-tier",
            ],
            "$7.80",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(total(args), expected, "berth price {}", args.join(" "));
    }
}

#[test]
fn json_has_the_documented_shape_and_unrounded_numbers() {
    let (ok, stdout, stderr) = price(&[
        "lambda",
        "--memory-mb",
        "128",
        "--requests",
        "30000000",
        "--duration-ms",
        "200",
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let total = value["total_usd"].as_f64().unwrap();
    assert!((total - 11.633345).abs() < 1e-9, "{total}");
    assert_eq!(value["prices_as_of"], "2025-11");
    let lines = value["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["item", "quantity", "unit", "unit_usd", "usd"]);
    }
    assert_eq!(lines[0]["unit"], "1M requests");
    assert_eq!(lines[0]["quantity"], 29.0);
}

#[test]
fn invalid_input_is_one_clear_line() {
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "fargate",
                "--vcpu",
                "1",
                "--memory-gb",
                "16",
                "--tasks",
                "1",
                "--seconds-per-day",
                "60",
                "--days",
                "1",
            ],
            "berth: 16 GB is not valid with 1 vCPU (Fargate allows 2 to 8 GB in 1 GB steps)",
        ),
        (
            &[
                "fargate",
                "--vcpu",
                "3",
                "--memory-gb",
                "8",
                "--tasks",
                "1",
                "--seconds-per-day",
                "60",
                "--days",
                "1",
            ],
            "berth: 3 vCPU is not a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)",
        ),
        (
            &[
                "fargate",
                "--region",
                "us-east-2",
                "--arch",
                "arm64",
                "--vcpu",
                "1",
                "--memory-gb",
                "2",
                "--tasks",
                "1",
                "--seconds-per-day",
                "60",
                "--days",
                "1",
            ],
            "berth: no price for Fargate ARM in us-east-2: give one with --prices FILE",
        ),
        (
            &[
                "lambda",
                "--memory-mb",
                "64",
                "--requests",
                "1",
                "--duration-ms",
                "1",
            ],
            "berth: --memory-mb 64 is outside Lambda's 128..=10240",
        ),
        (
            &["lambda", "--memory-mb", "128", "--requests", "10"],
            "berth: --duration-ms is needed for the 10 requests not on provisioned concurrency",
        ),
    ];
    for (args, expected) in cases {
        let (ok, _, stderr) = price(args);
        assert!(!ok, "berth price {} should fail", args.join(" "));
        assert_eq!(stderr.trim(), expected, "berth price {}", args.join(" "));
    }
}

#[test]
fn a_prices_file_overrides_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prices.json");
    std::fs::write(
        &path,
        r#"{"source": "our rates", "as_of": "2026-09-01",
            "regions": {"us-east-2": {"fargate": {"arm_vcpu_hour": 0.03238, "arm_gb_hour": 0.00356}}}}"#,
    )
    .unwrap();
    let (ok, stdout, stderr) = price(&[
        "fargate",
        "--region",
        "us-east-2",
        "--arch",
        "arm64",
        "--vcpu",
        "1",
        "--memory-gb",
        "2",
        "--tasks",
        "5",
        "--seconds-per-day",
        "600",
        "--days",
        "30",
        "--json",
        "--prices",
        path.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["prices_as_of"], "2026-09-01");
    assert!(
        (value["total_usd"].as_f64().unwrap() - 0.9875).abs() < 1e-9,
        "{stdout}"
    );

    std::fs::write(&path, r#"{"regions": {"us-east-2": {"fargat": {}}}}"#).unwrap();
    let (ok, _, stderr) = price(&[
        "lambda",
        "--memory-mb",
        "128",
        "--requests",
        "1",
        "--duration-ms",
        "1",
        "--prices",
        path.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("unknown field `fargat`"), "{stderr}");
}
