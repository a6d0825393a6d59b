//! Fargate task sizes and the hourly price of one task.

use serde::{Deserialize, Serialize};

use super::{LineItem, LineKind};
use crate::prices::{FargatePrices, Price};
use crate::snapshot::Architecture;

/// vCPU sizes Fargate offers.
pub const VCPU_SIZES: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// A task size AWS offers (checked by [`TaskSize::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskSize {
    pub vcpu: f64,
    pub memory_gb: f64,
}

/// Memory sizes (GB) valid with `vcpu`: (lowest, highest, step), or the 0.25 vCPU list.
fn memory_range(vcpu: f64) -> Option<(f64, f64, f64)> {
    const RANGES: [(f64, (f64, f64, f64)); 7] = [
        (0.25, (0.5, 2.0, 0.5)),
        (0.5, (1.0, 4.0, 1.0)),
        (1.0, (2.0, 8.0, 1.0)),
        (2.0, (4.0, 16.0, 1.0)),
        (4.0, (8.0, 30.0, 1.0)),
        (8.0, (16.0, 60.0, 4.0)),
        (16.0, (32.0, 120.0, 8.0)),
    ];
    RANGES
        .iter()
        .find(|(size, _)| *size == vcpu)
        .map(|(_, range)| *range)
}

fn memory_is_valid(vcpu: f64, memory_gb: f64) -> bool {
    let Some((low, high, step)) = memory_range(vcpu) else {
        return false;
    };
    if vcpu == 0.25 {
        return [0.5, 1.0, 2.0].contains(&memory_gb);
    }
    let steps = (memory_gb - low) / step;
    memory_gb >= low && memory_gb <= high && (steps - steps.round()).abs() < 1e-9
}

/// Why a task size is not one AWS offers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TaskSizeError {
    #[error("{vcpu} vCPU is not a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)")]
    Vcpu { vcpu: f64 },
    #[error("{memory_gb} GB is not valid with {vcpu} vCPU (Fargate allows {allowed})")]
    Memory {
        vcpu: f64,
        memory_gb: f64,
        allowed: String,
    },
}

impl TaskSize {
    pub fn new(vcpu: f64, memory_gb: f64) -> Result<TaskSize, TaskSizeError> {
        let Some((low, high, step)) = memory_range(vcpu) else {
            return Err(TaskSizeError::Vcpu { vcpu });
        };
        if !memory_is_valid(vcpu, memory_gb) {
            let allowed = if vcpu == 0.25 {
                "0.5, 1 or 2 GB".to_string()
            } else {
                format!("{low} to {high} GB in {step} GB steps")
            };
            return Err(TaskSizeError::Memory {
                vcpu,
                memory_gb,
                allowed,
            });
        }
        Ok(TaskSize { vcpu, memory_gb })
    }

    /// The smallest valid task with at least `vcpu` vCPU and `memory_gb` memory (vCPU grows
    /// when the memory does not fit), `None` above 16 vCPU / 120 GB.
    pub fn fit(vcpu: f64, memory_gb: f64) -> Option<TaskSize> {
        for &size in VCPU_SIZES.iter().filter(|&&size| size >= vcpu) {
            let (low, high, step) = memory_range(size)?;
            if memory_gb > high {
                continue;
            }
            let memory = if size == 0.25 {
                [0.5, 1.0, 2.0].into_iter().find(|&m| m >= memory_gb)?
            } else {
                low + ((memory_gb - low).max(0.0) / step - 1e-9).ceil().max(0.0) * step
            };
            return Some(TaskSize {
                vcpu: size,
                memory_gb: memory,
            });
        }
        None
    }
}

/// The vCPU-hour and GB-hour prices for `architecture`, or the name of the missing one.
pub fn rates(
    prices: &FargatePrices,
    architecture: Architecture,
) -> Result<(&Price, &Price), &'static str> {
    let (vcpu, gb) = match architecture {
        Architecture::X86_64 => (&prices.x86_vcpu_hour, &prices.x86_gb_hour),
        Architecture::Arm64 => (&prices.arm_vcpu_hour, &prices.arm_gb_hour),
    };
    match (vcpu, gb) {
        (Some(vcpu), Some(gb)) => Ok((vcpu, gb)),
        _ => Err(match architecture {
            Architecture::X86_64 => "Fargate x86",
            Architecture::Arm64 => "Fargate ARM",
        }),
    }
}

/// Lines for `task_hours` hours of `size` tasks.
pub fn task_lines(
    size: TaskSize,
    task_hours: f64,
    vcpu_price: &Price,
    gb_price: &Price,
    architecture: Architecture,
) -> [LineItem; 2] {
    let (vcpu_item, gb_item) = match architecture {
        Architecture::X86_64 => ("Fargate x86 vCPU", "Fargate x86 memory"),
        Architecture::Arm64 => ("Fargate ARM vCPU", "Fargate ARM memory"),
    };
    [
        LineItem::priced(
            vcpu_item,
            LineKind::FargateVcpu,
            task_hours * size.vcpu,
            "vCPU-hour",
            vcpu_price,
        ),
        LineItem::priced(
            gb_item,
            LineKind::FargateMemory,
            task_hours * size.memory_gb,
            "GB-hour",
            gb_price,
        ),
    ]
}
