//! The container sizing model (DESIGN.md, "Container sizing model") and the per-function model
//! every option is priced from, at any traffic multiplier `k`.
//!
//! For each hour h, concurrency c_h is the hour's peak ConcurrentExecutions (or invocations ×
//! average duration / 3600 s when the peak is missing). A Lambda environment of M MB has M/1769
//! vCPU; the container needs `k × c_h × min(M/1769, 1) × cpu_busy_share / utilisation_target`
//! vCPU, so `tasks_h = max(min_tasks, that / task_vcpu)`.
//!
//! One deliberate difference from the design's `ceil`: task counts are kept fractional. Fargate
//! and EC2 bill per second and autoscaling adds and removes tasks within the hour, so the hourly
//! average is rarely a whole number; and sizing from the hour's *peak* concurrency already keeps
//! the estimate conservative. It also makes every cost a continuous, non-decreasing function of
//! traffic, so break-even points are exact crossings (see `projection`).
//!
//! Tasks are bin-packed per function for ECS on EC2 (identical tasks: `floor` of what fits on one
//! instance by vCPU and by memory), a conservative bound: a shared cluster packs better.

use serde::{Deserialize, Serialize};

use super::fargate::TaskSize;
use super::lambda::{HourLoad, Traffic};
use crate::assumptions::Assumptions;
use crate::prices::{Catalog, RegionPrices};
use crate::snapshot::{Function, Invoker};

/// vCPU of a Lambda environment per MB of memory (1 vCPU at 1,769 MB).
pub const MB_PER_VCPU: f64 = 1769.0;

/// Which API Gateway (if any) fronts the function, and whether callers wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontDoor {
    pub api_gateway: Option<ApiGatewayKind>,
    /// Callers wait for the answer: a moved service needs a load balancer and no Spot.
    pub synchronous: bool,
    /// Already behind an ALB: moving needs no new load balancer.
    pub has_alb: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiGatewayKind {
    Http,
    Rest,
}

impl FrontDoor {
    pub fn of(invoker: Option<Invoker>, assumptions: &Assumptions) -> FrontDoor {
        FrontDoor {
            api_gateway: match invoker {
                Some(Invoker::ApiGatewayHttp) => Some(ApiGatewayKind::Http),
                Some(Invoker::ApiGatewayRest) => Some(ApiGatewayKind::Rest),
                _ => None,
            },
            synchronous: invoker.map_or(assumptions.unknown_invoker_is_synchronous, |i| {
                i.is_synchronous()
            }),
            has_alb: invoker == Some(Invoker::Alb),
        }
    }
}

/// Hourly concurrencies sorted, with prefix sums: `Σ_h max(floor, slope × c_h)` in O(log n).
/// Built only for projections (many multipliers); a single evaluation loops over the hours.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedConcurrency {
    sorted: Vec<f64>,
    /// `suffix[i]` = sum of `sorted[i..]`.
    suffix: Vec<f64>,
}

impl SortedConcurrency {
    pub fn new(mut values: Vec<f64>) -> SortedConcurrency {
        values.sort_by(f64::total_cmp);
        let mut suffix = vec![0.0; values.len() + 1];
        for i in (0..values.len()).rev() {
            suffix[i] = suffix[i + 1] + values[i];
        }
        SortedConcurrency {
            sorted: values,
            suffix,
        }
    }

    fn sum_max(&self, floor: f64, slope: f64) -> f64 {
        if slope <= 0.0 {
            return floor * self.sorted.len() as f64;
        }
        let below = self.sorted.partition_point(|&c| slope * c < floor);
        floor * below as f64 + slope * self.suffix[below]
    }
}

/// Everything needed to price one function's options at any traffic multiplier.
#[derive(Clone, Debug)]
pub struct FunctionModel<'a> {
    pub function: &'a Function,
    pub prices: &'a RegionPrices,
    pub catalog: &'a Catalog,
    pub assumptions: &'a Assumptions,
    pub traffic: Traffic,
    pub front_door: FrontDoor,
    /// Container vCPU needed per concurrent execution (`min(M/1769, 1) × busy / utilisation`).
    pub vcpu_per_concurrency: f64,
    /// Task size for this function's containers (`None`: nothing Fargate offers is big enough).
    pub task: Option<TaskSize>,
    /// Baseline concurrency: the `baseline_percentile` of hourly concurrency.
    pub baseline_concurrency: f64,
    /// Hours with a concurrency (measured or estimated).
    pub concurrency_hours: u32,
    /// Right-sized provisioned concurrency, for a function that has PC today.
    pub provisioned_plan: Option<ProvisionedPlan>,
    /// The traffic above the baseline (what Lambda keeps in the Hybrid option).
    pub excess: Traffic,
    /// Highest memory used in the window, MB, when collected.
    pub max_memory_used_mb: Option<f64>,
    /// Write the sentences (signal evidence, option details); `false` leaves them empty, for
    /// fleet analyses that show numbers only (see `analysis`).
    pub explain: bool,
    /// Each hour's concurrency, invocations and billed time, aligned to the window.
    pub hours: Vec<HourLoad>,
    /// The known hourly concurrencies in no particular order (for sums over hours).
    known_concurrency: Vec<f64>,
    profile: Option<SortedConcurrency>,
    /// The last `task_hours` evaluation (Fargate x86, ARM and Spot share it).
    last_task_hours: std::cell::Cell<Option<(f64, f64)>>,
}

impl<'a> FunctionModel<'a> {
    pub fn new(
        function: &'a Function,
        catalog: &'a Catalog,
        assumptions: &'a Assumptions,
    ) -> FunctionModel<'a> {
        let (traffic, hours) = Traffic::with_hours(function, assumptions);
        Self::with_traffic(function, traffic, hours, catalog, assumptions)
    }

    pub fn with_traffic(
        function: &'a Function,
        traffic: Traffic,
        hours: Vec<HourLoad>,
        catalog: &'a Catalog,
        assumptions: &'a Assumptions,
    ) -> FunctionModel<'a> {
        let memory_mb = function.memory_mb as f64;
        let vcpu_per_concurrency = (memory_mb / MB_PER_VCPU).min(1.0) * assumptions.cpu_busy_share
            / assumptions.utilisation_target;
        let max_memory_used_mb = function
            .series
            .max_memory_used_mb
            .as_ref()
            .and_then(|s| s.max());
        let need_mb = max_memory_used_mb
            .map(|used| used * (1.0 + assumptions.memory_headroom))
            .unwrap_or(memory_mb);
        let task = TaskSize::fit(
            assumptions.task_vcpu,
            (need_mb / 1024.0).max(assumptions.task_memory_gb),
        );

        // Baseline and the traffic above it.
        let mut concurrency: Vec<f64> = Vec::with_capacity(hours.len());
        concurrency.extend(hours.iter().map(|h| h.concurrency).filter(|c| !c.is_nan()));
        let concurrency_hours = concurrency.len() as u32;
        let baseline_concurrency = percentile(&mut concurrency, assumptions.baseline_percentile);
        let excess = excess_traffic(&traffic, &hours, baseline_concurrency);
        let provisioned_plan = function
            .provisioned_concurrency
            .filter(|&pc| pc > 0)
            .map(|pc| ProvisionedPlan::of(&hours, pc as f64, assumptions.provisioned_percentile));
        FunctionModel {
            function,
            prices: catalog.region(&function.region),
            catalog,
            assumptions,
            traffic,
            front_door: FrontDoor::of(function.invoker, assumptions),
            vcpu_per_concurrency,
            task,
            baseline_concurrency,
            concurrency_hours,
            provisioned_plan,
            excess,
            max_memory_used_mb,
            explain: true,
            hours,
            known_concurrency: concurrency,
            profile: None,
            last_task_hours: std::cell::Cell::new(None),
        }
    }

    /// Builds the sorted concurrency profile, so many multipliers evaluate fast.
    pub fn prepare_for_projection(&mut self) {
        self.profile = Some(SortedConcurrency::new(self.known_concurrency.clone()));
    }

    /// `hours_per_month / concurrency hours`, 0 when none.
    pub fn concurrency_month_factor(&self) -> f64 {
        if self.concurrency_hours == 0 {
            0.0
        } else {
            self.assumptions.hours_per_month / self.concurrency_hours as f64
        }
    }

    /// Monthly `Σ_h max(floor, slope × c_h)` (already scaled to a month).
    pub fn monthly_sum_max(&self, floor: f64, slope: f64) -> f64 {
        let sum = match &self.profile {
            Some(profile) => profile.sum_max(floor, slope),
            None => self
                .known_concurrency
                .iter()
                .map(|&c| (slope * c).max(floor))
                .sum(),
        };
        sum * self.concurrency_month_factor()
    }

    /// Task-hours a month for `task` at `multiplier` × traffic.
    pub fn task_hours(&self, task: TaskSize, multiplier: f64) -> f64 {
        let slope = multiplier * self.vcpu_per_concurrency / task.vcpu;
        if let Some((cached_slope, hours)) = self.last_task_hours.get() {
            if cached_slope == slope {
                return hours;
            }
        }
        let hours = self.monthly_sum_max(self.assumptions.min_tasks, slope);
        self.last_task_hours.set(Some((slope, hours)));
        hours
    }
}

/// Provisioned concurrency sized to the busy hours: the `p`-th percentile of the peak concurrency
/// of the hours with invocations, whole environments, at most today's PC; and the same per hour
/// of the day (index 0 = the window's first hour of day), 0 where that percentile is below one
/// environment (PC off in that hour).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProvisionedPlan {
    pub busy_level: f64,
    pub schedule: [f64; 24],
}

impl ProvisionedPlan {
    pub fn of(hours: &[HourLoad], current: f64, p: f64) -> ProvisionedPlan {
        let level = |values: &mut Vec<f64>| {
            let value = percentile(values, p);
            if value < 1.0 {
                0.0
            } else {
                value.ceil().min(current)
            }
        };
        let mut by_hour_of_day: [Vec<f64>; 24] = Default::default();
        let mut busy = Vec::with_capacity(hours.len());
        // Quiet hours (no invocations, concurrency 0) weigh in for their hour of the day;
        // unknown hours do not.
        for (index, hour) in hours.iter().enumerate() {
            if hour.concurrency.is_nan() {
                continue;
            }
            by_hour_of_day[index % 24].push(hour.concurrency);
            if hour.invocations > 0.0 {
                busy.push(hour.concurrency);
            }
        }
        let mut schedule = [0.0; 24];
        for (slot, values) in schedule.iter_mut().zip(by_hour_of_day.iter_mut()) {
            *slot = level(values);
        }
        ProvisionedPlan {
            busy_level: level(&mut busy),
            schedule,
        }
    }

    /// Hours of the day with PC on.
    pub fn hours_on(&self) -> usize {
        self.schedule.iter().filter(|&&level| level > 0.0).count()
    }
}

/// The `p`-th percentile (nearest rank) of `values`, 0 when empty. Reorders `values`.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    let index = rank.clamp(1, values.len()) - 1;
    let (_, value, _) = values.select_nth_unstable_by(index, f64::total_cmp);
    *value
}

/// The traffic Lambda keeps when containers take `baseline` concurrency: each hour keeps the
/// share `max(0, c_h − baseline) / c_h` of its invocations (independent of a traffic multiplier
/// when the baseline scales with it).
fn excess_traffic(traffic: &Traffic, hours: &[HourLoad], baseline: f64) -> Traffic {
    let mut excess = traffic.clone();
    if baseline <= 0.0 {
        return excess;
    }
    let (mut invocations, mut billed_ms, mut total_billed_ms) = (0.0, 0.0, 0.0);
    // Hours without invocations add 0 to every sum.
    for hour in hours {
        let c = hour.concurrency;
        let share = if c > 0.0 {
            ((c - baseline) / c).max(0.0)
        } else {
            1.0
        };
        total_billed_ms += hour.billed_ms;
        invocations += share * hour.invocations;
        billed_ms += share * hour.billed_ms;
    }
    excess.invocations = invocations;
    excess.billed_s = billed_ms / 1000.0;
    excess.init_s = if total_billed_ms > 0.0 {
        traffic.init_s * billed_ms / total_billed_ms
    } else {
        0.0
    };
    excess
}
