//! EC2 on-demand Linux prices for ECS on EC2, and the shapes of the instance types offered.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Price;
use crate::snapshot::Architecture;

/// An instance type's shape (the same in every region).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Instance {
    pub vcpu: f64,
    pub memory_gb: f64,
    pub arch: Architecture,
}

/// Hourly on-demand price per instance type; an absent type is an unknown cell.
pub type Ec2Prices = BTreeMap<String, Price>;

const TYPES: [(&str, f64, f64, Architecture); 6] = [
    ("m7g.large", 2.0, 8.0, Architecture::Arm64),
    ("m7g.xlarge", 4.0, 16.0, Architecture::Arm64),
    ("c7g.large", 2.0, 4.0, Architecture::Arm64),
    ("c7g.xlarge", 4.0, 8.0, Architecture::Arm64),
    ("m7i.large", 2.0, 8.0, Architecture::X86_64),
    ("c7i.large", 2.0, 4.0, Architecture::X86_64),
];

/// Hourly prices in the order of `TYPES`; sa-east-1 has no sourced figure.
const TABLE: [(&str, [f64; 6]); 8] = [
    (
        "us-east-1",
        [0.0816, 0.1632, 0.0725, 0.145, 0.1008, 0.08925],
    ),
    (
        "us-east-2",
        [0.0816, 0.1632, 0.0723, 0.1445, 0.1008, 0.08925],
    ),
    (
        "us-west-2",
        [0.0816, 0.1632, 0.0725, 0.145, 0.1008, 0.08925],
    ),
    (
        "eu-west-1",
        [0.091, 0.1819, 0.0775, 0.155, 0.11235, 0.09576],
    ),
    (
        "eu-central-1",
        [0.0978, 0.1955, 0.0825, 0.1649, 0.12075, 0.10185],
    ),
    (
        "ap-southeast-1",
        [0.102, 0.204, 0.0833, 0.1666, 0.126, 0.1029],
    ),
    (
        "ap-northeast-1",
        [0.1054, 0.2108, 0.091, 0.1819, 0.1302, 0.11235],
    ),
    (
        "ap-south-1",
        [0.0583, 0.1166, 0.0491, 0.0982, 0.10605, 0.08925],
    ),
];

pub(super) fn instance_shapes() -> BTreeMap<String, Ec2Instance> {
    TYPES
        .iter()
        .map(|&(name, vcpu, memory_gb, arch)| {
            (
                name.to_string(),
                Ec2Instance {
                    vcpu,
                    memory_gb,
                    arch,
                },
            )
        })
        .collect()
}

pub(super) fn builtin(region: &str) -> Ec2Prices {
    let Some((_, prices)) = TABLE.iter().find(|(r, _)| *r == region) else {
        return Ec2Prices::new();
    };
    let (source, as_of) = if region == "us-east-1" {
        (
            "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go",
            "2026-07-20",
        )
    } else {
        (
            "skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv (undated; read 2026)",
            "2026",
        )
    };
    let source: Arc<str> = Arc::from(source);
    let as_of: Arc<str> = Arc::from(as_of);
    TYPES
        .iter()
        .zip(prices)
        .map(|((name, ..), usd)| (name.to_string(), Price::new(*usd, &source, &as_of)))
        .collect()
}
