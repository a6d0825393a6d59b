//! Lambda Managed Instances (LMI): the function keeps its code, triggers and front door, but runs
//! on EC2 instances of a capacity provider, one execution environment serving many requests at
//! once. Billed: the instances' EC2 on-demand price (Savings Plans discount it) + a management
//! fee, a share of that on-demand price (treated as undiscounted: AWS does not say) + a charge
//! per request; no GB-second duration.
//!
//! Sizing, per hour h at concurrency c_h (fractional instance counts, as the container model):
//! - an environment has `ceil(memory / memory_gb_per_vcpu)` vCPU (at least 1) and that many times
//!   the ratio of memory, and serves up to the runtime's default concurrency per vCPU
//!   ([`concurrency_per_vcpu`]);
//! - the vCPU needed is `c_h × max(vCPU per concurrent execution (the container model's),
//!   1 / concurrency per vCPU)`, the memory that vCPU's environments hold;
//! - instances_h = `max(3, vCPU / instance vCPU, memory / instance memory)`: AWS starts three
//!   instances (one per Availability Zone) and does not scale to zero.

use super::containers::FunctionModel;
use super::{LineItem, LineKind};
use crate::snapshot::Architecture;

/// Instances a capacity provider keeps at least (AZ resiliency).
pub const MIN_INSTANCES: f64 = 3.0;

/// The runtime's default maximum concurrency per vCPU on LMI, or why LMI does not run it.
/// LMI supports Java 21+, Python 3.13+, Node.js 22+ and .NET 8+ (defaults per vCPU: 32, 16, 64,
/// 32; the .NET figure is unconfirmed).
pub fn concurrency_per_vcpu(runtime: Option<&str>) -> Result<f64, String> {
    let unsupported = |what: &str| {
        format!("{what} does not run on Managed Instances (Java 21+, Python 3.13+, Node.js 22+, .NET 8+ only)")
    };
    let Some(runtime) = runtime else {
        return Err(unsupported("a function without a managed runtime"));
    };
    let version = |prefix: &str| -> Option<u32> {
        let rest = runtime.strip_prefix(prefix)?;
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    };
    let supported = if let Some(v) = version("java") {
        (v >= 21).then_some(32.0)
    } else if let Some(v) = version("python3.") {
        (v >= 13).then_some(16.0)
    } else if let Some(v) = version("nodejs") {
        (v >= 22).then_some(64.0)
    } else if let Some(v) = version("dotnet") {
        (v >= 8).then_some(32.0)
    } else {
        None
    };
    supported.ok_or_else(|| unsupported(&format!("runtime {runtime}")))
}

/// The option's line items, instance-hours a month and what they were sized on (for the
/// detail), or why it does not apply.
pub struct Sized {
    pub lines: Vec<LineItem>,
    pub instance_type: String,
    pub instance_hours: f64,
    pub concurrency_per_environment: f64,
}

pub fn price(model: &FunctionModel, multiplier: f64) -> Result<Sized, String> {
    let function = model.function;
    let assumptions = model.assumptions;
    let per_vcpu = concurrency_per_vcpu(function.runtime.as_deref())?;
    let prices = &model.prices.managed_instances;
    let (Some(fee), Some(requests_price)) =
        (&prices.management_fee_share, &prices.requests_per_million)
    else {
        return Err(format!(
            "no Lambda Managed Instances price in {}",
            function.region
        ));
    };
    let instance_type = match function.architecture {
        Architecture::X86_64 => &assumptions.managed_instances_type_x86,
        Architecture::Arm64 => &assumptions.managed_instances_type_arm64,
    };
    let shape = model
        .catalog
        .ec2_instances
        .get(instance_type)
        .ok_or_else(|| format!("unknown instance type {instance_type}"))?;
    if shape.arch != function.architecture {
        return Err(format!(
            "{instance_type} is {}, the function {}",
            shape.arch.as_str(),
            function.architecture.as_str()
        ));
    }
    let ec2 = model
        .prices
        .ec2
        .get(instance_type)
        .ok_or_else(|| format!("no price for {instance_type} in {}", function.region))?;
    // Whole vCPUs at the memory ratio, memory rounded up to fit the function's.
    let ratio = assumptions.managed_instances_memory_gb_per_vcpu;
    let environment_vcpu = (function.memory_mb as f64 / 1024.0 / ratio).ceil().max(1.0);
    let environment_gb = environment_vcpu * ratio;
    let vcpu_per_concurrency = model.vcpu_per_concurrency.max(1.0 / per_vcpu);
    let memory_per_concurrency = vcpu_per_concurrency / environment_vcpu * environment_gb;
    let slope = multiplier
        * (vcpu_per_concurrency / shape.vcpu).max(memory_per_concurrency / shape.memory_gb);
    let instance_hours = model.monthly_sum_max(MIN_INSTANCES, slope);
    let requests = model.traffic.invocations * model.traffic.month_factor * multiplier;
    let mut lines = Vec::with_capacity(5);
    lines.push(LineItem::priced(
        format!("EC2 {instance_type} instances (capacity provider)"),
        LineKind::Ec2Instances,
        instance_hours,
        "instance-hour",
        ec2,
    ));
    lines.push(LineItem {
        item: "Managed Instances management fee".into(),
        kind: LineKind::ManagedInstancesFee,
        quantity: instance_hours,
        unit: "instance-hour".into(),
        unit_usd: ec2.usd * fee.usd,
        usd: instance_hours * ec2.usd * fee.usd,
        source: fee.source.clone(),
        as_of: fee.as_of.clone(),
    });
    lines.push(LineItem::priced(
        "Requests",
        LineKind::LambdaRequests,
        requests / 1e6,
        "1M requests",
        requests_price,
    ));
    Ok(Sized {
        lines,
        instance_type: instance_type.clone(),
        instance_hours,
        concurrency_per_environment: per_vcpu * environment_vcpu,
    })
}
