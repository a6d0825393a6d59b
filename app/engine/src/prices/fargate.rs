//! AWS Fargate prices (Linux): per vCPU-hour and GB-hour for x86 and ARM (Graviton), ephemeral
//! storage above the free 20 GB. Billed per second with a one-minute minimum.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Price;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FargatePrices {
    pub x86_vcpu_hour: Option<Price>,
    pub x86_gb_hour: Option<Price>,
    pub arm_vcpu_hour: Option<Price>,
    pub arm_gb_hour: Option<Price>,
    /// Ephemeral storage above the free 20 GB, per GB-hour.
    pub ephemeral_gb_hour: Option<Price>,
}

/// Ephemeral storage every task gets for free, GB.
pub const FREE_EPHEMERAL_GB: f64 = 20.0;

const US_SOURCE: &str = "AWS Fargate pricing page";
const OLD_SOURCE: &str = "copies of the AWS Fargate pricing page: theuves/fgcalc src/utils/data.js \
    (2021), ligoj/plugin-prov-aws AmazonECS price-list CSV (2022), vantage.sh Fargate pricing article";

/// (region, x86 vCPU-h, x86 GB-h, ARM vCPU-h, ARM GB-h, as_of).
#[allow(clippy::type_complexity)]
const TABLE: [(&str, f64, f64, Option<f64>, Option<f64>, &str); 9] = [
    (
        "us-east-1",
        0.04048,
        0.004445,
        Some(0.03238),
        Some(0.00356),
        "2025-11",
    ),
    ("us-east-2", 0.04048, 0.004445, None, None, "2022"),
    ("us-west-2", 0.04048, 0.004445, None, None, "2022"),
    (
        "eu-west-1",
        0.04048,
        0.004445,
        Some(0.03238),
        Some(0.00356),
        "2022",
    ),
    ("eu-central-1", 0.04656, 0.00511, None, None, "2022"),
    ("ap-southeast-1", 0.05056, 0.00553, None, None, "2022"),
    ("ap-northeast-1", 0.05056, 0.00553, None, None, "2022"),
    ("ap-south-1", 0.04256, 0.004655, None, None, "2022"),
    (
        "sa-east-1",
        0.0696,
        0.0076,
        Some(0.0557),
        Some(0.00612),
        "2022",
    ),
];

pub(super) fn builtin(region: &str) -> FargatePrices {
    let Some(&(_, x86_vcpu, x86_gb, arm_vcpu, arm_gb, as_of)) =
        TABLE.iter().find(|row| row.0 == region)
    else {
        return FargatePrices::default();
    };
    let as_of: Arc<str> = Arc::from(as_of);
    let source: Arc<str> = Arc::from(if region == "us-east-1" {
        US_SOURCE
    } else {
        OLD_SOURCE
    });
    FargatePrices {
        x86_vcpu_hour: Some(Price::new(x86_vcpu, &source, &as_of)),
        x86_gb_hour: Some(Price::new(x86_gb, &source, &as_of)),
        arm_vcpu_hour: arm_vcpu.map(|usd| Price::new(usd, &source, &as_of)),
        arm_gb_hour: arm_gb.map(|usd| Price::new(usd, &source, &as_of)),
        ephemeral_gb_hour: (region == "us-east-1").then(|| Price::new(0.000111, &source, &as_of)),
    }
}
