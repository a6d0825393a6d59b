//! AWS Lambda prices: requests, tiered duration (x86_64 and arm64), provisioned concurrency (PC)
//! and the duration rate while on PC, ephemeral storage above the free 512 MB, the free tier.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Price, Tier};

/// The monthly free tier (per account, shared by every function).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTier {
    pub requests: f64,
    pub gb_s: f64,
    pub source: Arc<str>,
    pub as_of: Arc<str>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LambdaPrices {
    /// Per one million requests.
    pub requests_per_million: Option<Price>,
    /// Per GB-s, tiered by monthly GB-s volume; empty when unknown.
    pub duration_x86: Vec<Tier>,
    pub duration_arm64: Vec<Tier>,
    /// Provisioned concurrency, per GB-s configured.
    pub provisioned_x86: Option<Price>,
    pub provisioned_arm64: Option<Price>,
    /// Duration of invocations served by provisioned environments, per GB-s.
    pub provisioned_duration_x86: Option<Price>,
    pub provisioned_duration_arm64: Option<Price>,
    /// Ephemeral storage above the free 512 MB, per GB-s.
    pub ephemeral_gb_s: Option<Price>,
    pub free_tier: Option<FreeTier>,
}

const PAGE: &str = "AWS Lambda pricing page (us-east-1)";
const FEED: &str = "AWS calculator price feed, as kept in remotion-dev/remotion \
    packages/lambda-client/src/price-per-1s.ts (checked against an AWS price-list CSV for ap-south-1)";
const AS_OF: &str = "2025-11";

/// (region, PC per GB-s, duration on PC per GB-s) from the regional table; requests $0.20/M,
/// x86 $0.0000166667 and arm64 $0.0000133334 per GB-s (first tier) in all of them.
const REGIONAL: [(&str, f64, f64); 9] = [
    ("us-east-1", 0.0000041667, 0.0000097222),
    ("us-east-2", 0.0000041667, 0.0000097222),
    ("us-west-2", 0.0000041667, 0.0000097222),
    ("eu-west-1", 0.0000046460, 0.0000108407),
    ("eu-central-1", 0.0000050147, 0.0000117011),
    ("ap-southeast-1", 0.0000051991, 0.0000121313),
    ("ap-northeast-1", 0.0000053835, 0.0000125615),
    ("ap-south-1", 0.0000044985, 0.0000104966),
    ("sa-east-1", 0.0000066372, 0.0000154867),
];

pub(super) fn builtin(region: &str) -> LambdaPrices {
    let Some(&(_, pc, pc_duration)) = REGIONAL.iter().find(|(r, _, _)| *r == region) else {
        return LambdaPrices::default();
    };
    let as_of: Arc<str> = Arc::from(AS_OF);
    let page: Arc<str> = Arc::from(PAGE);
    let free_tier = Some(FreeTier {
        requests: 1_000_000.0,
        gb_s: 400_000.0,
        source: page.clone(),
        as_of: as_of.clone(),
    });
    if region == "us-east-1" {
        let tier = |from: f64, usd: f64| Tier {
            from,
            price: Price::new(usd, &page, &as_of),
        };
        return LambdaPrices {
            requests_per_million: Some(Price::new(0.20, &page, &as_of)),
            duration_x86: vec![
                tier(0.0, 0.0000166667),
                tier(6e9, 0.0000150000),
                tier(15e9, 0.0000133334),
            ],
            duration_arm64: vec![
                tier(0.0, 0.0000133334),
                tier(7.5e9, 0.0000120001),
                tier(18.75e9, 0.0000106667),
            ],
            provisioned_x86: Some(Price::new(pc, &page, &as_of)),
            provisioned_arm64: Some(Price::new(0.0000033334, &page, &as_of)),
            provisioned_duration_x86: Some(Price::new(pc_duration, &page, &as_of)),
            provisioned_duration_arm64: Some(Price::new(0.0000077778, &page, &as_of)),
            ephemeral_gb_s: Some(Price::new(0.0000000309, &page, &as_of)),
            free_tier,
        };
    }
    // Other regions: only the first duration tier is sourced; it is applied to all volume (the
    // cost code warns when a function's volume passes 6B GB-s a month).
    let feed: Arc<str> = Arc::from(FEED);
    let single = |usd: f64| {
        vec![Tier {
            from: 0.0,
            price: Price::new(usd, &feed, &as_of),
        }]
    };
    LambdaPrices {
        requests_per_million: Some(Price::new(0.20, &feed, &as_of)),
        duration_x86: single(0.0000166667),
        duration_arm64: single(0.0000133334),
        provisioned_x86: Some(Price::new(pc, &feed, &as_of)),
        provisioned_arm64: None,
        provisioned_duration_x86: Some(Price::new(pc_duration, &feed, &as_of)),
        provisioned_duration_arm64: None,
        ephemeral_gb_s: None,
        free_tier,
    }
}
