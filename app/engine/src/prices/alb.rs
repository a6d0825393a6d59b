//! Application Load Balancer prices: per ALB-hour and per LCU-hour.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Price;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlbPrices {
    pub hour: Option<Price>,
    /// Per LCU-hour; an LCU is the highest of 25 new connections/s, 3,000 active connections/min,
    /// 1 GB/h processed, 1,000 rule evaluations/s.
    pub lcu_hour: Option<Price>,
}

pub(super) fn builtin(region: &str) -> AlbPrices {
    if region != "us-east-1" {
        return AlbPrices::default();
    }
    let source: Arc<str> = Arc::from("Elastic Load Balancing pricing page examples (us-east-1)");
    let as_of: Arc<str> = Arc::from("2025-11");
    AlbPrices {
        hour: Some(Price::new(0.0225, &source, &as_of)),
        lcu_hour: Some(Price::new(0.008, &source, &as_of)),
    }
}
