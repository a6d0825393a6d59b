//! The steady core, fleet-wide: the functions worth moving (their cheapest Move option costs
//! less than today) grouped per region — and per the value of the `plan_group_tag` tag when set
//! — into shared container services: one ECS cluster and service per group on Fargate x86 (the
//! conservative price), one ALB when a member's callers wait, tasks sized on the hourly *sum* of
//! the members' vCPU need (peaks that do not coincide share capacity), `min_tasks` per service,
//! not per function. Every other function stays on Lambda as the spiky edge.
//!
//! Built in the fleet analysis from the hours each function's model already read (no second
//! pass over the series).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::cost::containers::FunctionModel;
use crate::cost::fargate::{rates, task_lines, TaskSize};
use crate::cost::options::{Family, Options};
use crate::cost::{LineItem, LineKind};
use crate::prices::Catalog;
use crate::snapshot::Architecture;

/// One shared service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanGroup {
    pub region: String,
    /// The group's value of the `plan_group_tag` tag (empty when not grouping by tag).
    pub tag: String,
    /// `region/name` of the members.
    pub members: Vec<String>,
    pub task_vcpu: f64,
    pub task_memory_gb: f64,
    pub average_tasks: f64,
    pub peak_tasks: f64,
    /// Tasks in each hour of the window (the fleet page's chart).
    pub hourly_tasks: Vec<f64>,
    /// The members' current setups, monthly.
    pub before_usd: f64,
    /// The shared service, monthly.
    pub after_usd: f64,
    pub lines: Vec<LineItem>,
    pub one_time_usd: f64,
    pub payback_months: Option<f64>,
}

/// The plan: its groups (only those that save) and totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Plan {
    pub groups: Vec<PlanGroup>,
    pub members: usize,
    /// Functions that stay on Lambda (the spiky edges).
    pub edges: usize,
    pub before_usd: f64,
    pub after_usd: f64,
    pub saving_usd: f64,
    pub one_time_usd: f64,
    pub payback_months: Option<f64>,
    /// Groups left out, and why (no saving, no price).
    pub notes: Vec<String>,
}

/// What pass one gathers for a group.
#[derive(Clone, Debug, Default)]
pub(crate) struct GroupAcc {
    pub members: Vec<String>,
    /// vCPU needed in each hour (sum over members).
    pub need_vcpu: Vec<f64>,
    pub before_usd: f64,
    pub monthly_requests: f64,
    pub needs_alb: bool,
    pub memory_gb: f64,
}

impl GroupAcc {
    pub fn merge(&mut self, other: GroupAcc) {
        self.members.extend(other.members);
        if self.need_vcpu.len() < other.need_vcpu.len() {
            self.need_vcpu.resize(other.need_vcpu.len(), 0.0);
        }
        for (sum, v) in self.need_vcpu.iter_mut().zip(other.need_vcpu) {
            *sum += v;
        }
        self.before_usd += other.before_usd;
        self.monthly_requests += other.monthly_requests;
        self.needs_alb |= other.needs_alb;
        self.memory_gb = self.memory_gb.max(other.memory_gb);
    }
}

pub(crate) type GroupKey = (String, String);

/// Adds `model`'s function to its group when it is worth moving.
pub(crate) fn gather(
    groups: &mut BTreeMap<GroupKey, GroupAcc>,
    model: &FunctionModel,
    options: &Options,
    window_hours: usize,
) {
    let worth = options
        .options
        .iter()
        .filter(|o| o.kind.family() == Family::Move && options.priced_as_well_as_current(o))
        .any(|o| o.saving_usd > 0.0);
    let Some(task) = model.task else {
        return;
    };
    if !worth {
        return;
    }
    let function = model.function;
    let tag = &model.assumptions.plan_group_tag;
    let tag_value = if tag.is_empty() {
        String::new()
    } else {
        function.tags.get(tag).cloned().unwrap_or_default()
    };
    let acc = groups
        .entry((function.region.clone(), tag_value))
        .or_default();
    if acc.need_vcpu.len() < window_hours {
        acc.need_vcpu.resize(window_hours, 0.0);
    }
    for (sum, hour) in acc.need_vcpu.iter_mut().zip(&model.hours) {
        if !hour.concurrency.is_nan() {
            *sum += hour.concurrency * model.vcpu_per_concurrency;
        }
    }
    acc.members.push(function.key());
    acc.before_usd += options.current.monthly_usd;
    acc.monthly_requests += model.traffic.invocations * model.traffic.month_factor;
    acc.needs_alb |= model.front_door.synchronous && !model.front_door.has_alb;
    acc.memory_gb = acc.memory_gb.max(task.memory_gb);
}

/// The plan from the gathered groups; `functions` is the fleet's size.
pub(crate) fn build(
    groups: BTreeMap<GroupKey, GroupAcc>,
    functions: usize,
    window_hours: u32,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> Plan {
    let mut plan = Plan::default();
    let month_factor = if window_hours > 0 {
        assumptions.hours_per_month / window_hours as f64
    } else {
        0.0
    };
    for ((region, tag), acc) in groups {
        let name = if tag.is_empty() {
            region.clone()
        } else {
            format!("{region} ({tag})")
        };
        let Some(task) = TaskSize::fit(assumptions.task_vcpu, acc.memory_gb) else {
            continue;
        };
        let prices = catalog.region(&region);
        let Ok((vcpu_price, gb_price)) = rates(&prices.fargate, Architecture::X86_64) else {
            plan.notes
                .push(format!("{name}: no Fargate x86 price, left out"));
            continue;
        };
        let hourly_tasks: Vec<f64> = acc
            .need_vcpu
            .iter()
            .map(|need| (need / task.vcpu).max(assumptions.min_tasks))
            .collect();
        let task_hours = hourly_tasks.iter().sum::<f64>() * month_factor;
        let mut lines: Vec<LineItem> =
            task_lines(task, task_hours, vcpu_price, gb_price, Architecture::X86_64).into();
        if acc.needs_alb {
            match (&prices.alb.hour, &prices.alb.lcu_hour) {
                (Some(hour), Some(lcu)) => {
                    lines.push(LineItem::priced(
                        "One ALB for the service (ALB hours)",
                        LineKind::LoadBalancer,
                        assumptions.hours_per_month,
                        "ALB-hour",
                        hour,
                    ));
                    lines.push(LineItem::priced(
                        "Load balancer capacity (LCU)",
                        LineKind::LoadBalancer,
                        acc.monthly_requests / 3600.0 / assumptions.alb_requests_per_second_per_lcu,
                        "LCU-hour",
                        lcu,
                    ));
                }
                _ => {
                    plan.notes.push(format!("{name}: no ALB price, left out"));
                    continue;
                }
            }
        }
        let after = crate::cost::total(&lines);
        let saving = acc.before_usd - after;
        if saving <= 0.0 {
            plan.notes.push(format!(
                "{name}: {} functions together cost more in containers ({} vs {})",
                acc.members.len(),
                crate::prices::format_usd(after),
                crate::prices::format_usd(acc.before_usd)
            ));
            continue;
        }
        let one_time = acc.members.len() as f64
            * crate::verdict::one_time_usd(
                crate::cost::options::OptionKind::FargateX86,
                assumptions,
            );
        let hours = hourly_tasks.len().max(1) as f64;
        plan.members += acc.members.len();
        plan.before_usd += acc.before_usd;
        plan.after_usd += after;
        plan.one_time_usd += one_time;
        plan.groups.push(PlanGroup {
            region,
            tag,
            members: acc.members,
            task_vcpu: task.vcpu,
            task_memory_gb: task.memory_gb,
            average_tasks: hourly_tasks.iter().sum::<f64>() / hours,
            peak_tasks: hourly_tasks.iter().copied().fold(0.0, f64::max),
            hourly_tasks,
            before_usd: acc.before_usd,
            after_usd: after,
            lines,
            one_time_usd: one_time,
            payback_months: crate::verdict::payback_months(one_time, saving),
        });
    }
    plan.edges = functions - plan.members;
    plan.saving_usd = plan.before_usd - plan.after_usd;
    plan.payback_months = crate::verdict::payback_months(plan.one_time_usd, plan.saving_usd);
    plan
}
