//! The moves: an ECS service on Fargate (x86, ARM, Spot) or on EC2 instances.

use super::super::containers::FunctionModel;
use super::super::fargate::{rates, task_lines, TaskSize};
use super::super::{LineItem, LineKind};
use super::front_door::load_balancer_lines;
use super::{OptionKind, Priced};
use crate::snapshot::Architecture;
use crate::text::Num;

pub(super) fn savings_plan_line(model: &FunctionModel, lines: &mut Vec<LineItem>) {
    let share = model.assumptions.container_savings_plan_discount;
    if share <= 0.0 {
        return;
    }
    let Some(price) = &model.catalog.discounts.savings_plans_fargate_max else {
        return;
    };
    let base: f64 = lines
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                LineKind::FargateVcpu | LineKind::FargateMemory | LineKind::Ec2Instances
            )
        })
        .map(|l| l.usd)
        .sum();
    lines.push(LineItem::discount(
        "Compute Savings Plans discount",
        LineKind::SavingsPlan,
        share,
        base,
        price,
    ));
}

/// How a moved function runs: an ECS service, behind an ALB shared as ECS Express Mode shares it
/// when callers wait (App Runner, closed to new customers since 2026-04-30, is never offered).
fn service_phrase(model: &FunctionModel, kind: OptionKind) -> String {
    let compute = if kind == OptionKind::EcsEc2 {
        "on EC2 instances"
    } else {
        "on Fargate"
    };
    let door = &model.front_door;
    if !door.synchronous {
        format!("an ECS service {compute} reading the same events")
    } else if door.has_alb {
        format!("an ECS service {compute} behind today's ALB")
    } else {
        format!(
            "an ECS service {compute} behind an ALB shared by up to {:.0} services (as ECS Express Mode sets it up)",
            Num(model.assumptions.alb_services_per_load_balancer)
        )
    }
}

pub(super) fn task_size(model: &FunctionModel) -> Result<TaskSize, String> {
    model.task.ok_or_else(|| {
        "no Fargate task size fits this function's memory (16 vCPU / 120 GB at most)".to_string()
    })
}

/// A Move: the function as an ECS service.
pub(super) fn moved(
    model: &FunctionModel,
    kind: OptionKind,
    requests: f64,
    multiplier: f64,
) -> Result<Priced, String> {
    let function = model.function;
    let mut missing = Vec::new();
    let mut detail;
    let task = task_size(model)?;
    let mut lines = Vec::with_capacity(6);
    match kind {
        OptionKind::EcsEc2 => {
            let instance_type = &model.assumptions.ecs_instance_type;
            let shape = model
                .catalog
                .ec2_instances
                .get(instance_type)
                .ok_or_else(|| format!("unknown instance type {instance_type}"))?;
            let price =
                model.prices.ec2.get(instance_type).ok_or_else(|| {
                    format!("no price for {instance_type} in {}", function.region)
                })?;
            let usable_gb = shape.memory_gb * (1.0 - model.assumptions.ecs_memory_reserve);
            let per_instance = (shape.vcpu / task.vcpu)
                .floor()
                .min((usable_gb / task.memory_gb).floor());
            if per_instance < 1.0 {
                return Err(format!(
                    "a {} vCPU / {} GB task does not fit on {instance_type}",
                    task.vcpu, task.memory_gb
                ));
            }
            let floor = (model.assumptions.min_tasks / per_instance).max(1.0);
            let slope = multiplier * model.vcpu_per_concurrency / task.vcpu / per_instance;
            let instance_hours = model.monthly_sum_max(floor, slope);
            detail = if model.explain {
                format!(
                "{per_instance:.0} tasks of {} vCPU / {} GB per {instance_type} ({}), {:.1} instances on average",
                task.vcpu,
                task.memory_gb,
                shape.arch.as_str(),
                Num(instance_hours / model.assumptions.hours_per_month)
            , per_instance = Num(per_instance))
            } else {
                String::new()
            };
            lines.push(LineItem::priced(
                format!("EC2 {instance_type} instances"),
                LineKind::Ec2Instances,
                instance_hours,
                "instance-hour",
                price,
            ));
        }
        _ => {
            let architecture = if kind == OptionKind::FargateArm {
                Architecture::Arm64
            } else {
                Architecture::X86_64
            };
            if kind == OptionKind::FargateSpot && model.front_door.synchronous {
                return Err(
                    "callers wait for the answer: interruptible Spot tasks do not fit".into(),
                );
            }
            let (vcpu_price, gb_price) = rates(&model.prices.fargate, architecture)
                .map_err(|what| format!("no price for {what} in {}", function.region))?;
            let task_hours = model.task_hours(task, multiplier);
            detail = if model.explain {
                format!(
                    "{} vCPU / {} GB tasks, {:.1} on average (at least {})",
                    task.vcpu,
                    task.memory_gb,
                    Num(task_hours / model.assumptions.hours_per_month),
                    model.assumptions.min_tasks
                )
            } else {
                String::new()
            };
            lines.extend(task_lines(
                task,
                task_hours,
                vcpu_price,
                gb_price,
                architecture,
            ));
            if kind == OptionKind::FargateSpot {
                let discount = model
                    .catalog
                    .discounts
                    .fargate_spot
                    .as_ref()
                    .ok_or_else(|| "no Fargate Spot discount in the catalog".to_string())?;
                let share = discount.usd * model.assumptions.fargate_spot_share_of_discount;
                let base = lines[0].usd + lines[1].usd;
                lines.push(LineItem::discount(
                    "Fargate Spot discount",
                    LineKind::SpotDiscount,
                    share,
                    base,
                    discount,
                ));
            }
        }
    }
    savings_plan_line(model, &mut lines);
    load_balancer_lines(model, requests, &mut lines, &mut missing);
    if model.explain {
        detail = format!("{}; {detail}", service_phrase(model, kind));
    }
    Ok(Priced {
        lines,
        missing,
        detail,
    })
}
