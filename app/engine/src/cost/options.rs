//! The options per function, each priced at a traffic multiplier `k` (1 = as observed):
//! the current setup, the Tune options that stay on Lambda (arm64, right-sized memory,
//! provisioned concurrency), Fargate x86 / ARM / Spot, ECS on EC2, and Hybrid (containers for
//! the baseline, Lambda for the peaks).
//!
//! Every option's `monthly_usd` is the whole monthly bill of that architecture for this function,
//! front door included: the current setup and the Lambda options carry the API Gateway in front
//! of the function (it disappears when the service moves behind an ALB), the container options
//! carry their share of a load balancer. So `saving = current − option`, and every cost is a
//! non-decreasing function of traffic.

use serde::{Deserialize, Serialize};

use super::containers::{ApiGatewayKind, FunctionModel};
use super::fargate::{rates, task_lines, TaskSize};
use super::lambda::{lambda_cost_with, LambdaConfig, MB_ROUND};
use super::{LineItem, LineKind};
use crate::snapshot::Architecture;
use crate::text::Num;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    /// The function as configured today.
    Current,
    TuneArm64,
    TuneMemory,
    TuneProvisioned,
    /// Today's provisioned concurrency removed.
    TuneRemoveProvisioned,
    /// Today's provisioned concurrency shrunk to what the busy hours use.
    TuneShrinkProvisioned,
    /// Provisioned concurrency on only in the hours of the day that need it.
    TuneScheduleProvisioned,
    /// Lambda Managed Instances: the same function on a capacity provider's EC2 instances.
    ManagedInstances,
    FargateX86,
    FargateArm,
    FargateSpot,
    EcsEc2,
    Hybrid,
}

/// What choosing an option means for the function.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Stay,
    Tune,
    Hybrid,
    Move,
}

impl OptionKind {
    pub const ALL: [OptionKind; 13] = [
        OptionKind::Current,
        OptionKind::TuneArm64,
        OptionKind::TuneMemory,
        OptionKind::TuneProvisioned,
        OptionKind::TuneRemoveProvisioned,
        OptionKind::TuneShrinkProvisioned,
        OptionKind::TuneScheduleProvisioned,
        OptionKind::ManagedInstances,
        OptionKind::FargateX86,
        OptionKind::FargateArm,
        OptionKind::FargateSpot,
        OptionKind::EcsEc2,
        OptionKind::Hybrid,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OptionKind::Current => "Lambda as is",
            OptionKind::TuneArm64 => "Lambda on arm64",
            OptionKind::TuneMemory => "Lambda, right-sized memory",
            OptionKind::TuneProvisioned => "Lambda with provisioned concurrency",
            OptionKind::TuneRemoveProvisioned => "Lambda without provisioned concurrency",
            OptionKind::TuneShrinkProvisioned => "Lambda, provisioned concurrency right-sized",
            OptionKind::TuneScheduleProvisioned => "Lambda, provisioned concurrency scheduled",
            OptionKind::ManagedInstances => "Lambda Managed Instances",
            OptionKind::FargateX86 => "Fargate x86",
            OptionKind::FargateArm => "Fargate ARM",
            OptionKind::FargateSpot => "Fargate Spot",
            OptionKind::EcsEc2 => "ECS on EC2",
            OptionKind::Hybrid => "Hybrid (containers + Lambda peaks)",
        }
    }

    pub fn family(self) -> Family {
        match self {
            OptionKind::Current => Family::Stay,
            OptionKind::TuneArm64
            | OptionKind::TuneMemory
            | OptionKind::TuneProvisioned
            | OptionKind::TuneRemoveProvisioned
            | OptionKind::TuneShrinkProvisioned
            | OptionKind::TuneScheduleProvisioned
            | OptionKind::ManagedInstances => Family::Tune,
            OptionKind::Hybrid => Family::Hybrid,
            OptionKind::FargateX86
            | OptionKind::FargateArm
            | OptionKind::FargateSpot
            | OptionKind::EcsEc2 => Family::Move,
        }
    }
}

/// One option priced for a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OptionCost {
    pub kind: OptionKind,
    pub monthly_usd: f64,
    /// The current setup's monthly cost minus this one's (negative: the option costs more).
    pub saving_usd: f64,
    /// How it is sized, in words with the numbers (empty in numbers-only analyses).
    pub detail: String,
    /// The line items (empty for the alternatives in numbers-only analyses: see `analysis`).
    pub lines: Vec<LineItem>,
    /// Oldest as-of date of the prices used.
    pub prices_as_of: std::sync::Arc<str>,
    /// Prices the catalog lacks: those items are left out of `monthly_usd`.
    pub missing_prices: Vec<String>,
}

/// An option that does not apply to this function, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unavailable {
    pub kind: OptionKind,
    pub reason: String,
}

/// The current setup and every option, priced at one multiplier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Options {
    pub current: OptionCost,
    pub options: Vec<OptionCost>,
    pub unavailable: Vec<Unavailable>,
}

impl Options {
    pub fn get(&self, kind: OptionKind) -> Option<&OptionCost> {
        if kind == OptionKind::Current {
            return Some(&self.current);
        }
        self.options.iter().find(|o| o.kind == kind)
    }

    /// Whether `option` is priced as well as today's setup: every price it lacks, the current
    /// setup lacks too (a price missing on both sides cancels out). An option missing a price
    /// the current setup has is understated, so it is never recommended nor shown as cheapest.
    pub fn priced_as_well_as_current(&self, option: &OptionCost) -> bool {
        option
            .missing_prices
            .iter()
            .all(|m| self.current.missing_prices.contains(m))
    }

    /// The cheapest option priced as well as today's setup (any family).
    pub fn cheapest_priced(&self) -> Option<&OptionCost> {
        self.options
            .iter()
            .filter(|o| self.priced_as_well_as_current(o))
            .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
    }

    /// The cheapest available option of `family`.
    pub fn best_of(&self, family: Family) -> Option<&OptionCost> {
        self.options
            .iter()
            .filter(|o| o.kind.family() == family)
            .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
    }
}

/// Prices every option at `multiplier` × the observed traffic.
pub fn price_options(model: &FunctionModel, multiplier: f64) -> Options {
    let current = option_cost(model, OptionKind::Current, multiplier)
        .expect("the current setup is always priced");
    let mut options = Vec::with_capacity(OptionKind::ALL.len() - 1);
    let mut unavailable = Vec::new();
    for kind in &OptionKind::ALL[1..] {
        match option_cost(model, *kind, multiplier) {
            Ok(mut option) => {
                option.saving_usd = current.monthly_usd - option.monthly_usd;
                if !model.explain {
                    // Numbers only: the alternatives' lines come with `explain_function`.
                    option.lines = Vec::new();
                }
                options.push(option);
            }
            Err(reason) => unavailable.push(Unavailable {
                kind: *kind,
                reason,
            }),
        }
    }
    Options {
        current,
        options,
        unavailable,
    }
}

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
            let speed = |mb: f64| mb.min(super::containers::MB_PER_VCPU);
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

fn provisioned_plan(model: &FunctionModel) -> Result<super::containers::ProvisionedPlan, String> {
    model
        .provisioned_plan
        .ok_or_else(|| "no provisioned concurrency today".to_string())
}

/// Configured memory for `used` MB plus headroom, rounded up to 64 MB, in Lambda's range.
pub fn right_sized_memory_mb(used: f64, headroom: f64) -> f64 {
    ((used * (1.0 + headroom) / MB_ROUND).ceil() * MB_ROUND).clamp(128.0, 10_240.0)
}

fn api_gateway_lines(
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

fn load_balancer_lines(
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

fn savings_plan_line(model: &FunctionModel, lines: &mut Vec<LineItem>) {
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

fn task_size(model: &FunctionModel) -> Result<TaskSize, String> {
    model.task.ok_or_else(|| {
        "no Fargate task size fits this function's memory (16 vCPU / 120 GB at most)".to_string()
    })
}

/// One option at `multiplier`, or why it does not apply. `saving_usd` is left at 0 (see
/// [`price_options`]).
pub fn option_cost(
    model: &FunctionModel,
    kind: OptionKind,
    multiplier: f64,
) -> Result<OptionCost, String> {
    let function = model.function;
    let traffic = &model.traffic;
    let requests = traffic.invocations * traffic.month_factor * multiplier;
    let mut lines;
    let mut missing = Vec::new();
    let mut detail;
    match kind.family() {
        Family::Tune if kind == OptionKind::ManagedInstances => {
            let sized = super::managed_instances::price(model, multiplier)?;
            lines = sized.lines;
            savings_plan_line(model, &mut lines);
            detail = if model.explain {
                format!(
                    "{:.1} {} instances on average (at least {}), up to {:.0} requests at once per environment",
                    Num(sized.instance_hours / model.assumptions.hours_per_month),
                    sized.instance_type,
                    super::managed_instances::MIN_INSTANCES,
                    Num(sized.concurrency_per_environment)
                )
            } else {
                String::new()
            };
            api_gateway_lines(model, requests, &mut lines, &mut missing);
        }
        Family::Stay | Family::Tune => {
            let config = lambda_config(model, kind, multiplier)?;
            let lambda = lambda_cost_with(
                function,
                traffic,
                &model.hours,
                &config,
                multiplier,
                model.catalog,
                model.assumptions,
            );
            lines = lambda.lines;
            missing = lambda.missing_prices;
            detail = match kind {
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
        }
        Family::Move => {
            let task = task_size(model)?;
            lines = Vec::with_capacity(6);
            match kind {
                OptionKind::EcsEc2 => {
                    let instance_type = &model.assumptions.ecs_instance_type;
                    let shape = model
                        .catalog
                        .ec2_instances
                        .get(instance_type)
                        .ok_or_else(|| format!("unknown instance type {instance_type}"))?;
                    let price = model.prices.ec2.get(instance_type).ok_or_else(|| {
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
                            "callers wait for the answer: interruptible Spot tasks do not fit"
                                .into(),
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
        }
        Family::Hybrid => {
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
            let tasks = (baseline * model.vcpu_per_concurrency / task.vcpu)
                .max(model.assumptions.min_tasks);
            let task_hours = tasks * model.assumptions.hours_per_month;
            lines = task_lines(task, task_hours, vcpu_price, gb_price, architecture).into();
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
            detail = if !model.explain {
                String::new()
            } else {
                format!(
                "{tasks:.1} tasks of {} vCPU / {} GB for a baseline of {baseline:.1} concurrent; \
                 Lambda keeps {:.0} % of requests (the peaks)",
                task.vcpu,
                task.memory_gb,
                Num(peak_share * 100.0)
            , tasks = Num(tasks), baseline = Num(baseline))
            };
            lines.extend(peaks.lines);
            missing.extend(peaks.missing_prices);
            load_balancer_lines(model, requests, &mut lines, &mut missing);
            api_gateway_lines(model, requests, &mut lines, &mut missing);
        }
    }
    let prices_as_of = lines
        .iter()
        .map(|l| &l.as_of)
        .min()
        .cloned()
        .unwrap_or_else(|| std::sync::Arc::from(""));
    Ok(OptionCost {
        kind,
        monthly_usd: super::total(&lines),
        saving_usd: 0.0,
        detail,
        lines,
        prices_as_of,
        missing_prices: missing,
    })
}
