//! What stands in front of a function: the API Gateway it has today (it goes away behind a load
//! balancer) and a moved service's share of an ALB.

use super::super::containers::{ApiGatewayKind, FunctionModel};
use super::super::{LineItem, LineKind};

pub(super) fn api_gateway_lines(
    model: &FunctionModel,
    requests: f64,
    lines: &mut Vec<LineItem>,
    missing: &mut Vec<String>,
) {
    let Some(kind) = model.front_door.api_gateway else {
        return;
    };
    let api = &model.prices.api_gateway;
    let (price, item) = match kind {
        ApiGatewayKind::Http => (&api.http_per_million, "API Gateway HTTP API requests"),
        ApiGatewayKind::Rest => (&api.rest_per_million, "API Gateway REST API requests"),
    };
    match price {
        Some(price) => lines.push(LineItem::priced(
            item,
            LineKind::ApiGateway,
            requests / 1e6,
            "1M requests",
            price,
        )),
        None => missing.push(format!("{item} in {}", model.function.region)),
    }
}

pub(super) fn load_balancer_lines(
    model: &FunctionModel,
    requests: f64,
    lines: &mut Vec<LineItem>,
    missing: &mut Vec<String>,
) {
    if !model.front_door.synchronous || model.front_door.has_alb {
        return;
    }
    let assumptions = model.assumptions;
    let alb = &model.prices.alb;
    let region = &model.function.region;
    match &alb.hour {
        Some(price) => lines.push(LineItem::priced(
            "Load balancer share (ALB hours)",
            LineKind::LoadBalancer,
            assumptions.hours_per_month / assumptions.alb_services_per_load_balancer,
            "ALB-hour",
            price,
        )),
        None => missing.push(format!("ALB hours in {region}")),
    }
    match &alb.lcu_hour {
        Some(price) => lines.push(LineItem::priced(
            "Load balancer capacity (LCU)",
            LineKind::LoadBalancer,
            requests / 3600.0 / assumptions.alb_requests_per_second_per_lcu,
            "LCU-hour",
            price,
        )),
        None => missing.push(format!("ALB LCU in {region}")),
    }
}
