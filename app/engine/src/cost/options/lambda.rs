//! The options that stay on Lambda: the current setup, the Tune options (arm64, right-sized
//! memory, provisioned concurrency added, removed, shrunk or scheduled) and Lambda Managed
//! Instances.

use super::super::containers::FunctionModel;
use super::super::lambda::{lambda_cost_with, LambdaConfig, MB_ROUND};
use super::containers::savings_plan_line;
use super::front_door::api_gateway_lines;
use super::{OptionKind, Priced};
use crate::snapshot::Architecture;
use crate::text::Num;

/// Lambda configuration of a Lambda-side option at `multiplier`, or why it does not apply.
pub fn lambda_config(
    model: &FunctionModel,
    kind: OptionKind,
    multiplier: f64,
) -> Result<LambdaConfig, String> {
    let function = model.function;
    let assumptions = model.assumptions;
    let as_is = LambdaConfig::as_is(function);
    match kind {
        OptionKind::Current => Ok(as_is),
        OptionKind::TuneArm64 => {
            if function.architecture == Architecture::Arm64 {
                return Err("already on arm64".into());
            }
            if model.prices.lambda.duration_arm64.is_empty() {
                return Err(format!("no arm64 Lambda price in {}", function.region));
            }
            Ok(LambdaConfig {
                architecture: Architecture::Arm64,
                duration_factor: assumptions.arm64_duration_factor,
                ..as_is
            })
        }
        OptionKind::TuneMemory => {
            let Some(used) = model.max_memory_used_mb else {
                return Err("no memory-used data collected".into());
            };
            let target = right_sized_memory_mb(used, assumptions.memory_headroom);
            let configured = function.memory_mb as f64;
            if target > configured * (1.0 - assumptions.right_size_min_change) {
                return Err(format!(
                    "memory already fits: {used:.0} MB used of {configured:.0} MB",
                    used = Num(used),
                    configured = Num(configured)
                ));
            }
            // Speed follows vCPU (up to 1 vCPU) for the CPU-bound share of the duration.
            let busy = assumptions.cpu_busy_share;
            let speed = |mb: f64| mb.min(super::super::containers::MB_PER_VCPU);
            let duration_factor = (1.0 - busy) + busy * speed(configured) / speed(target);
            Ok(LambdaConfig {
                memory_mb: target,
                duration_factor,
                ..as_is
            })
        }
        OptionKind::TuneProvisioned => {
            if as_is.provisioned_concurrency > 0.0 {
                return Err("already uses provisioned concurrency".into());
            }
            if model.baseline_concurrency < 1.0 {
                return Err(format!(
                    "baseline concurrency {:.2} is below one environment",
                    Num(model.baseline_concurrency)
                ));
            }
            Ok(LambdaConfig {
                provisioned_concurrency: model.baseline_concurrency * multiplier,
                ..as_is
            })
        }
        OptionKind::TuneRemoveProvisioned => {
            if as_is.provisioned_concurrency <= 0.0 {
                return Err("no provisioned concurrency to remove".into());
            }
            Ok(LambdaConfig {
                provisioned_concurrency: 0.0,
                ..as_is
            })
        }
        OptionKind::TuneShrinkProvisioned => {
            let plan = provisioned_plan(model)?;
            if plan.busy_level >= as_is.provisioned_concurrency {
                return Err(format!(
                    "the busy hours use all {:.0} provisioned environments (p{:.0} concurrency)",
                    Num(as_is.provisioned_concurrency),
                    Num(model.assumptions.provisioned_percentile)
                ));
            }
            if plan.busy_level <= 0.0 {
                return Err(format!(
                    "the busy hours' p{:.0} concurrency is below one environment: remove it instead",
                    Num(model.assumptions.provisioned_percentile)
                ));
            }
            Ok(LambdaConfig {
                provisioned_concurrency: plan.busy_level * multiplier,
                ..as_is
            })
        }
        OptionKind::TuneScheduleProvisioned => {
            let plan = provisioned_plan(model)?;
            let highest = plan.schedule.iter().copied().fold(0.0, f64::max);
            if highest <= 0.0 {
                return Err("no hour of the day needs a provisioned environment".into());
            }
            if plan.schedule.iter().all(|&level| level == highest) {
                return Err(
                    "every hour of the day needs the same level: nothing to schedule".into(),
                );
            }
            let mut schedule = plan.schedule;
            for level in &mut schedule {
                *level *= multiplier;
            }
            Ok(LambdaConfig {
                provisioned_concurrency: highest * multiplier,
                provisioned_schedule: Some(schedule),
                ..as_is
            })
        }
        _ => Err("not a Lambda option".into()),
    }
}

fn provisioned_plan(
    model: &FunctionModel,
) -> Result<super::super::containers::ProvisionedPlan, String> {
    model
        .provisioned_plan
        .ok_or_else(|| "no provisioned concurrency today".to_string())
}

/// Configured memory for `used` MB plus headroom, rounded up to 64 MB, in Lambda's range.
pub fn right_sized_memory_mb(used: f64, headroom: f64) -> f64 {
    ((used * (1.0 + headroom) / MB_ROUND).ceil() * MB_ROUND).clamp(128.0, 10_240.0)
}

/// Lambda Managed Instances: the function on a capacity provider's EC2 instances.
pub(super) fn managed_instances(
    model: &FunctionModel,
    requests: f64,
    multiplier: f64,
) -> Result<Priced, String> {
    let sized = super::super::managed_instances::price(model, multiplier)?;
    let mut lines = sized.lines;
    let mut missing = Vec::new();
    savings_plan_line(model, &mut lines);
    let detail = if model.explain {
        format!(
            "{:.1} {} instances on average (at least {}), up to {:.0} requests at once per environment",
            Num(sized.instance_hours / model.assumptions.hours_per_month),
            sized.instance_type,
            super::super::managed_instances::MIN_INSTANCES,
            Num(sized.concurrency_per_environment)
        )
    } else {
        String::new()
    };
    api_gateway_lines(model, requests, &mut lines, &mut missing);
    Ok(Priced {
        lines,
        missing,
        detail,
    })
}

/// The current setup or a Tune option, priced by the Lambda model.
pub(super) fn on_lambda(
    model: &FunctionModel,
    kind: OptionKind,
    requests: f64,
    multiplier: f64,
) -> Result<Priced, String> {
    let function = model.function;
    let config = lambda_config(model, kind, multiplier)?;
    let lambda = lambda_cost_with(
        function,
        &model.traffic,
        &model.hours,
        &config,
        multiplier,
        model.catalog,
        model.assumptions,
    );
    let mut lines = lambda.lines;
    let mut missing = lambda.missing_prices;
    let detail = match kind {
        _ if !model.explain => String::new(),
        OptionKind::TuneArm64 => format!(
            "{} MB on arm64 at {:.0} % of the x86 duration",
            config.memory_mb,
            Num(config.duration_factor * 100.0)
        ),
        OptionKind::TuneMemory => format!(
            "{:.0} MB instead of {} MB (max used {:.0} MB), duration × {:.2}",
            Num(config.memory_mb),
            function.memory_mb,
            Num(model.max_memory_used_mb.unwrap_or(0.0)),
            Num(config.duration_factor)
        ),
        OptionKind::TuneProvisioned => format!(
            "{:.1} provisioned environments (the p{:.0} concurrency)",
            Num(config.provisioned_concurrency),
            Num(model.assumptions.baseline_percentile)
        ),
        OptionKind::TuneRemoveProvisioned => format!(
            "no provisioned concurrency instead of {}: every invocation on demand",
            function.provisioned_concurrency.unwrap_or(0)
        ),
        OptionKind::TuneShrinkProvisioned => format!(
            "{:.0} provisioned environments instead of {} (the busy hours' p{:.0} peak concurrency)",
            Num(config.provisioned_concurrency),
            function.provisioned_concurrency.unwrap_or(0),
            Num(model.assumptions.provisioned_percentile)
        ),
        OptionKind::TuneScheduleProvisioned => format!(
            "provisioned concurrency on {} hours a day (up to {:.0} environments, {:.1} on average) instead of {} all day",
            model.provisioned_plan.map_or(0, |p| p.hours_on()),
            Num(config.provisioned_concurrency),
            Num(config.mean_provisioned()),
            function.provisioned_concurrency.unwrap_or(0)
        ),
        _ => format!(
            "{} MB {}, {:.0} requests a month",
            function.memory_mb,
            function.architecture.as_str(),
            Num(requests)
        ),
    };
    api_gateway_lines(model, requests, &mut lines, &mut missing);
    Ok(Priced {
        lines,
        missing,
        detail,
    })
}
