//! Lambda Managed Instances (launched 2025-11-30): Lambda functions on EC2 instances of a
//! capacity provider. Billed as the instances' EC2 on-demand price (in [`super::ec2`]) plus a
//! management fee — a share of that on-demand price — plus a per-request charge; no GB-second
//! duration charge.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Price;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManagedInstancesPrices {
    /// Requests, per million.
    pub requests_per_million: Option<Price>,
    /// Management fee as a share of the instances' EC2 on-demand price (fraction per
    /// instance-hour; AWS does not say whether Savings Plans discount it: treated as not).
    pub management_fee_share: Option<Price>,
}

pub(super) fn builtin(region: &str) -> ManagedInstancesPrices {
    if region != "us-east-1" {
        return ManagedInstancesPrices::default();
    }
    let source: Arc<str> = Arc::from(
        "AWS Lambda pricing page, Lambda Managed Instances (us-east-1; launched 2025-11-30; \
         example c7i.xlarge $0.1785/h EC2 + $0.026775/h fee)",
    );
    let as_of: Arc<str> = Arc::from("2025-12");
    ManagedInstancesPrices {
        requests_per_million: Some(Price::new(0.20, &source, &as_of)),
        management_fee_share: Some(Price::new(0.15, &source, &as_of)),
    }
}
