//! Lambda Managed Instances: runtimes, the price arithmetic against AWS's published example and
//! hand-computed sizing.

use crate::analysis::analyze_explained;
use crate::assumptions::Assumptions;
use crate::cost::managed_instances::concurrency_per_vcpu;
use crate::cost::options::{OptionCost, OptionKind};
use crate::prices::Catalog;
use crate::snapshot::Function;
use crate::tests::build::{function, pattern, snapshot};

#[test]
fn runtimes() {
    let check = |runtime: Option<&str>, expected: &str| {
        let actual = match concurrency_per_vcpu(runtime) {
            Ok(per_vcpu) => format!("{per_vcpu}"),
            Err(reason) => reason,
        };
        assert_eq!(actual, expected, "{runtime:?}");
    };
    check(Some("java21"), "32");
    check(Some("java25"), "32");
    check(Some("python3.13"), "16");
    check(Some("python3.14"), "16");
    check(Some("nodejs22.x"), "64");
    check(Some("nodejs24.x"), "64");
    check(Some("dotnet8"), "32");
    check(Some("dotnet10"), "32");
    check(
        Some("java17"),
        "runtime java17 does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)",
    );
    check(
        Some("python3.12"),
        "runtime python3.12 does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)",
    );
    check(
        Some("nodejs20.x"),
        "runtime nodejs20.x does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)",
    );
    check(
        Some("provided.al2023"),
        "runtime provided.al2023 does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)",
    );
    check(
        None,
        "a function without a managed runtime does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)",
    );
}

fn managed(
    f: Function,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> Result<OptionCost, String> {
    let (analysis, _) = analyze_explained(&snapshot(vec![f]), assumptions, catalog);
    let options = &analysis.functions[0].options;
    match options.get(OptionKind::ManagedInstances) {
        Some(option) => Ok(option.clone()),
        None => Err(options
            .unavailable
            .iter()
            .find(|u| u.kind == OptionKind::ManagedInstances)
            .map(|u| u.reason.clone())
            .unwrap_or_default()),
    }
}

fn lines(option: &OptionCost) -> String {
    let mut out = format!("total {:.3}", option.monthly_usd);
    for line in &option.lines {
        out.push_str(&format!(
            "; {} {:.2} × {:.6} = {:.3}",
            line.item, line.quantity, line.unit_usd, line.usd
        ));
    }
    out
}

/// AWS's example: a c7i.xlarge at $0.1785/h on EC2 pays a $0.026775/h management fee (15 %).
/// A quiet function keeps the three-instance minimum all month: 3 × 730 = 2,190 instance-hours,
/// EC2 2,190 × $0.1785 = $390.915, fee 2,190 × $0.026775 = $58.637; 36 requests an hour →
/// 26,280 a month × $0.20/M = $0.005; total $449.558.
#[test]
fn aws_example_at_the_three_instance_minimum() {
    let catalog = Catalog::builtin()
        .with_overrides(&serde_json::json!({
            "source": "AWS Lambda pricing page, Managed Instances example",
            "as_of": "2025-12",
            "regions": { "us-east-1": { "ec2": { "c7i.xlarge": 0.1785 } } },
            "ec2_instances": { "c7i.xlarge": { "vcpu": 4.0, "memory_gb": 8.0, "arch": "x86_64" } }
        }))
        .unwrap();
    let assumptions = Assumptions {
        managed_instances_type_x86: "c7i.xlarge".into(),
        ..Assumptions::default()
    };
    let mut f = function("quiet", 36.0, 100.0);
    f.runtime = Some("python3.13".into());
    let option = managed(f, &assumptions, &catalog).unwrap();
    assert_eq!(
        lines(&option),
        "total 449.558; EC2 c7i.xlarge instances (capacity provider) 2190.00 × 0.178500 = 390.915; \
         Managed Instances management fee 2190.00 × 0.026775 = 58.637; \
         Requests 0.03 × 0.200000 = 0.005"
    );
}

/// Above the minimum: 100 concurrent all week, 1,024 MB Node.js 22 on m7i.large (2 vCPU, 8 GB,
/// $0.1008/h). vCPU per concurrent execution = 1024/1769 × 0.5 busy / 0.6 utilisation =
/// 0.482382 (above 1/64 per Node.js request); memory: environments of 1 vCPU / 2 GB, so
/// 0.964764 GB per execution; instances = 100 × max(0.482382 / 2, 0.964764 / 8) = 24.1191 an
/// hour, 17,606.93 instance-hours a month: EC2 $1,774.78, fee $266.22.
#[test]
fn sized_by_cpu_above_the_minimum() {
    let mut f = function("busy", 360_000.0, 1_000.0);
    f.runtime = Some("nodejs22.x".into());
    f.series.concurrency_max = pattern(|_| Some(100.0));
    let option = managed(f, &Assumptions::default(), &Catalog::builtin()).unwrap();
    let ec2 = &option.lines[0];
    assert_eq!(format!("{:.2}", ec2.quantity), "17606.93");
    assert_eq!(format!("{:.2}", ec2.usd), "1774.78");
    assert_eq!(format!("{:.2}", option.lines[1].usd), "266.22");
    // 360,000 requests an hour × 730 = 262.8M × $0.20/M = $52.56.
    assert_eq!(format!("{:.2}", option.lines[2].usd), "52.56");
}

#[test]
fn unavailable_with_the_reason() {
    let catalog = Catalog::builtin();
    let assumptions = Assumptions::default();
    // The builder's python3.12.
    assert_eq!(
        managed(function("old", 3600.0, 100.0), &assumptions, &catalog).unwrap_err(),
        "runtime python3.12 does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)"
    );
    let mut f = function("eu", 3600.0, 100.0);
    f.runtime = Some("java21".into());
    f.region = "eu-west-1".into();
    assert_eq!(
        managed(f, &assumptions, &catalog).unwrap_err(),
        "no Lambda Managed Instances price in eu-west-1"
    );
}
