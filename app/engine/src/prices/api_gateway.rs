//! Amazon API Gateway prices per million requests (first volume tier): HTTP and REST APIs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Price;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiGatewayPrices {
    /// HTTP APIs, per million requests (first 300M a month).
    pub http_per_million: Option<Price>,
    /// REST APIs, per million requests (first 333M a month).
    pub rest_per_million: Option<Price>,
}

pub(super) fn builtin(region: &str) -> ApiGatewayPrices {
    if region != "us-east-1" {
        return ApiGatewayPrices::default();
    }
    let source: Arc<str> =
        Arc::from("AWS API Gateway best-practices whitepaper, cost section (us-east-1)");
    let as_of: Arc<str> = Arc::from("2025-11");
    ApiGatewayPrices {
        http_per_million: Some(Price::new(1.00, &source, &as_of)),
        rest_per_million: Some(Price::new(3.50, &source, &as_of)),
    }
}
