//! Worked examples of shared/PRICING.md to the cent, and calculator errors.

use super::calculator::{
    quote_fargate, quote_lambda, FargateQuoteInput, LambdaQuoteInput, ProvisionedInput, Quote,
    QuoteError,
};
use crate::prices::Catalog;
use crate::snapshot::Architecture;

fn lambda(memory_mb: u32, requests: f64, duration_ms: f64) -> LambdaQuoteInput {
    LambdaQuoteInput {
        region: "us-east-1".into(),
        architecture: Architecture::X86_64,
        memory_mb,
        requests,
        duration_ms,
        ephemeral_mb: 512,
        free_tier: true,
        provisioned: None,
    }
}

fn fargate(vcpu: f64, memory_gb: f64) -> FargateQuoteInput {
    FargateQuoteInput {
        region: "us-east-1".into(),
        architecture: Architecture::X86_64,
        vcpu,
        memory_gb,
        tasks: 5,
        seconds_per_day: 600.0,
        days: 30.0,
        ephemeral_gb: 30.0,
        spot: false,
    }
}

fn cents(quote: &Quote) -> String {
    let mut out = format!("total {:.2}", quote.total_usd);
    for line in &quote.lines {
        out.push_str(&format!("; {} {:.2}", line.item, line.usd));
    }
    out
}

fn check(quote: Result<Quote, QuoteError>, expected: &str) {
    let actual = match quote {
        Ok(quote) => cents(&quote),
        Err(error) => format!("error: {error}"),
    };
    assert_eq!(actual, expected);
}

#[test]
fn lambda_worked_examples() {
    let catalog = Catalog::builtin();
    check(
        quote_lambda(&lambda(1536, 3e6, 120.0), &catalog),
        "total 2.73; Requests (after free tier) 0.40; Duration x86_64 (after free tier) 2.33",
    );
    check(
        quote_lambda(&lambda(128, 30e6, 200.0), &catalog),
        "total 11.63; Requests (after free tier) 5.80; Duration x86_64 (after free tier) 5.83",
    );
    let mut pc = lambda(1536, 3e6, 120.0);
    pc.provisioned = Some(ProvisionedInput {
        concurrency: 100,
        seconds: 28_800.0,
        requests: 500_000.0,
        duration_ms: 100.0,
    });
    check(
        quote_lambda(&pc, &catalog),
        "total 19.96; Requests (after free tier) 0.40; Duration x86_64 (after free tier) 0.83; \
         Provisioned concurrency 18.00; Duration on provisioned concurrency 0.73",
    );
}

#[test]
fn lambda_variants() {
    let catalog = Catalog::builtin();
    let mut no_free = lambda(1536, 3e6, 120.0);
    no_free.free_tier = false;
    check(
        quote_lambda(&no_free, &catalog),
        "total 9.60; Requests 0.60; Duration x86_64 9.00",
    );
    let mut arm = no_free.clone();
    arm.architecture = Architecture::Arm64;
    check(
        quote_lambda(&arm, &catalog),
        "total 7.80; Requests 0.60; Duration arm64 7.20",
    );
    let mut storage = no_free.clone();
    storage.ephemeral_mb = 10_240;
    check(
        quote_lambda(&storage, &catalog),
        "total 9.71; Requests 0.60; Duration x86_64 9.00; Ephemeral storage above 512 MB 0.11",
    );
    // 7B GB-s crosses into the second x86 tier.
    let mut huge = no_free.clone();
    huge.memory_mb = 10_240;
    huge.requests = 700e6;
    huge.duration_ms = 1000.0;
    check(
        quote_lambda(&huge, &catalog),
        "total 115140.20; Requests 140.00; Duration x86_64 100000.20; Duration x86_64, tier 2 15000.00",
    );
}

#[test]
fn lambda_errors() {
    let catalog = Catalog::builtin();
    check(
        quote_lambda(&lambda(64, 1.0, 1.0), &catalog),
        "error: --memory-mb 64 is outside Lambda's 128..=10240",
    );
    check(
        quote_lambda(&lambda(128, -1.0, 1.0), &catalog),
        "error: --requests must be a number, not negative (got -1)",
    );
    let mut storage = lambda(1536, 3e6, 120.0);
    storage.region = "eu-west-1".into();
    storage.ephemeral_mb = 1024;
    check(
        quote_lambda(&storage, &catalog),
        "error: no price for Ephemeral storage above 512 MB in eu-west-1",
    );
    let mut pc = lambda(1536, 3e6, 120.0);
    pc.provisioned = Some(ProvisionedInput {
        concurrency: 1,
        seconds: 60.0,
        requests: 4e6,
        duration_ms: 100.0,
    });
    check(
        quote_lambda(&pc, &catalog),
        "error: --provisioned-requests 4000000 is more than --requests 3000000 (the month's total)",
    );
}

#[test]
fn fargate_worked_example() {
    let catalog = Catalog::builtin();
    check(
        quote_fargate(&fargate(1.0, 2.0), &catalog),
        "total 1.26; Fargate x86 vCPU 1.01; Fargate x86 memory 0.22; Ephemeral storage above 20 GB 0.03",
    );
    let mut spot = fargate(1.0, 2.0);
    spot.spot = true;
    check(
        quote_fargate(&spot, &catalog),
        "total 0.40; Fargate x86 vCPU 1.01; Fargate x86 memory 0.22; Fargate Spot discount -0.86; \
         Ephemeral storage above 20 GB 0.03",
    );
    let mut arm = fargate(1.0, 2.0);
    arm.architecture = Architecture::Arm64;
    arm.ephemeral_gb = 20.0;
    check(
        quote_fargate(&arm, &catalog),
        "total 0.99; Fargate ARM vCPU 0.81; Fargate ARM memory 0.18",
    );
}

#[test]
fn fargate_errors() {
    let catalog = Catalog::builtin();
    check(
        quote_fargate(&fargate(1.0, 16.0), &catalog),
        "error: 16 GB is not valid with 1 vCPU (Fargate allows 2 to 8 GB in 1 GB steps)",
    );
    check(
        quote_fargate(&fargate(3.0, 8.0), &catalog),
        "error: 3 vCPU is not a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)",
    );
    check(
        quote_fargate(&fargate(0.25, 1.5), &catalog),
        "error: 1.5 GB is not valid with 0.25 vCPU (Fargate allows 0.5, 1 or 2 GB)",
    );
    check(
        quote_fargate(&fargate(8.0, 18.0), &catalog),
        "error: 18 GB is not valid with 8 vCPU (Fargate allows 16 to 60 GB in 4 GB steps)",
    );
    let mut arm = fargate(1.0, 2.0);
    arm.region = "us-east-2".into();
    arm.architecture = Architecture::Arm64;
    check(
        quote_fargate(&arm, &catalog),
        "error: no price for Fargate ARM in us-east-2",
    );
}

#[test]
fn task_size_fit() {
    use super::fargate::TaskSize;
    let check = |vcpu: f64, memory: f64, expected: Option<(f64, f64)>| {
        assert_eq!(
            TaskSize::fit(vcpu, memory).map(|t| (t.vcpu, t.memory_gb)),
            expected,
            "fit({vcpu}, {memory})"
        );
    };
    check(0.25, 0.3, Some((0.25, 0.5)));
    check(0.25, 1.5, Some((0.25, 2.0)));
    check(0.25, 3.0, Some((0.5, 3.0)));
    check(0.5, 0.5, Some((0.5, 1.0)));
    check(1.0, 2.5, Some((1.0, 3.0)));
    check(1.0, 10.0, Some((2.0, 10.0)));
    check(8.0, 17.0, Some((8.0, 20.0)));
    check(16.0, 121.0, None);
}
