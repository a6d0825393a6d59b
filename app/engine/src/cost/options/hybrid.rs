//! Hybrid: containers for the steady baseline, Lambda for the peaks above it.

use super::super::containers::FunctionModel;
use super::super::fargate::{rates, task_lines};
use super::super::lambda::{lambda_cost_with, LambdaConfig};
use super::containers::{savings_plan_line, task_size};
use super::front_door::{api_gateway_lines, load_balancer_lines};
use super::Priced;
use crate::text::Num;

/// The Hybrid option.
pub(super) fn hybrid(
    model: &FunctionModel,
    requests: f64,
    multiplier: f64,
) -> Result<Priced, String> {
    let function = model.function;
    let traffic = &model.traffic;
    let mut missing = Vec::new();
    let task = task_size(model)?;
    if model.baseline_concurrency <= 0.0 {
        return Err(format!(
            "no steady baseline: the p{:.0} concurrency is 0",
            Num(model.assumptions.baseline_percentile)
        ));
    }
    let architecture = function.architecture;
    let (vcpu_price, gb_price) = rates(&model.prices.fargate, architecture)
        .map_err(|what| format!("no price for {what} in {}", function.region))?;
    let baseline = model.baseline_concurrency * multiplier;
    let tasks =
        (baseline * model.vcpu_per_concurrency / task.vcpu).max(model.assumptions.min_tasks);
    let task_hours = tasks * model.assumptions.hours_per_month;
    let mut lines: Vec<_> = task_lines(task, task_hours, vcpu_price, gb_price, architecture).into();
    savings_plan_line(model, &mut lines);
    let peaks = lambda_cost_with(
        function,
        &model.excess,
        &model.hours,
        &LambdaConfig {
            provisioned_concurrency: 0.0,
            ..LambdaConfig::as_is(function)
        },
        multiplier,
        model.catalog,
        model.assumptions,
    );
    let peak_share = if traffic.invocations > 0.0 {
        model.excess.invocations / traffic.invocations
    } else {
        0.0
    };
    let detail = if !model.explain {
        String::new()
    } else {
        format!(
            "{tasks:.1} tasks of {} vCPU / {} GB for a baseline of {baseline:.1} concurrent; \
         Lambda keeps {:.0} % of requests (the peaks)",
            task.vcpu,
            task.memory_gb,
            Num(peak_share * 100.0),
            tasks = Num(tasks),
            baseline = Num(baseline)
        )
    };
    lines.extend(peaks.lines);
    missing.extend(peaks.missing_prices);
    load_balancer_lines(model, requests, &mut lines, &mut missing);
    api_gateway_lines(model, requests, &mut lines, &mut missing);
    Ok(Priced {
        lines,
        missing,
        detail,
    })
}
