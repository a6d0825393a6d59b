//! Every tunable of the models, with its default, unit and a one-line explanation, so a UI can
//! render an editor from [`Assumptions::describe`] and a file can override any subset
//! (`#[serde(default)]`: missing keys keep their defaults, unknown keys are an error).

use serde::{Deserialize, Serialize};

/// One tunable as data, for editors and reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssumptionInfo {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub default: serde_json::Value,
    pub explanation: String,
}

macro_rules! assumptions {
    ($( $field:ident : $ty:ty = $default:expr, $unit:literal, $label:literal, $explanation:literal; )*) => {
        /// The model's tunables. Defaults are the design's; see [`Assumptions::describe`].
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Assumptions {
            $( #[doc = $explanation] pub $field: $ty, )*
        }

        impl Default for Assumptions {
            fn default() -> Self {
                Assumptions { $( $field: $default, )* }
            }
        }

        impl Assumptions {
            /// Every tunable with its key, label, unit, default and explanation.
            pub fn describe() -> Vec<AssumptionInfo> {
                let defaults = Assumptions::default();
                vec![ $( AssumptionInfo {
                    key: stringify!($field).to_string(),
                    label: $label.to_string(),
                    unit: $unit.to_string(),
                    default: serde_json::to_value(&defaults.$field).expect("serializes"),
                    explanation: $explanation.to_string(),
                }, )* ]
            }
        }
    };
}

assumptions! {
    hours_per_month: f64 = 730.0, "hours", "Hours in a month",
        "Every cost is normalised to a month of this many hours (AWS's convention: 8,760 / 12).";
    free_tier: bool = false, "on/off", "Apply the Lambda free tier",
        "The free tier (1M requests, 400,000 GB-s) is per account; applying it to every function overstates savings, so it is off for fleets.";
    billed_duration_roundup_ms: f64 = 0.5, "ms", "Billed-duration round-up per invocation",
        "Lambda bills each invocation rounded up to 1 ms; from hourly averages the expected round-up is about half a millisecond.";
    utilisation_target: f64 = 0.6, "fraction", "Container CPU utilisation target",
        "Containers are sized so the hour's peak CPU need uses this share of the tasks' vCPU.";
    min_tasks: f64 = 2.0, "tasks", "Minimum tasks",
        "Tasks kept running at all times, even at zero traffic (2 for availability across zones).";
    cpu_busy_share: f64 = 0.5, "fraction", "CPU busy share of an invocation",
        "Share of an invocation's duration spent on CPU; the rest (I/O waits) needs no container vCPU.";
    task_vcpu: f64 = 0.5, "vCPU", "Fargate task vCPU",
        "vCPU of each Fargate task; must be a size Fargate offers (0.25, 0.5, 1, 2, 4, 8, 16).";
    task_memory_gb: f64 = 1.0, "GB", "Fargate task memory (minimum)",
        "Memory of each task, raised to fit the function's memory need and rounded to a valid Fargate size.";
    ecs_instance_type: String = "m7g.large".to_string(), "instance type", "ECS on EC2 instance type",
        "Instance type the tasks are bin-packed on for the ECS on EC2 option (priced per region in the catalog).";
    managed_instances_type_x86: String = "m7i.large".to_string(), "instance type", "Managed Instances type (x86_64)",
        "EC2 instance type of the capacity provider for an x86_64 function on Lambda Managed Instances (M/C/R families, .large and up).";
    managed_instances_type_arm64: String = "m7g.large".to_string(), "instance type", "Managed Instances type (arm64)",
        "EC2 instance type of the capacity provider for an arm64 function on Lambda Managed Instances.";
    managed_instances_memory_gb_per_vcpu: f64 = 2.0, "GB / vCPU", "Managed Instances memory per vCPU",
        "Memory-to-vCPU ratio of a Managed Instances execution environment (AWS allows 2 to 8 GB per vCPU).";
    ecs_memory_reserve: f64 = 0.1, "fraction", "ECS instance memory reserve",
        "Share of an instance's memory kept for the OS and ECS agent, not available to tasks.";
    fargate_spot_share_of_discount: f64 = 1.0, "fraction", "Share of the Spot discount expected",
        "Fraction of the catalog's Fargate Spot discount (\"up to 70 %\") you expect to get.";
    lambda_savings_plan_discount: f64 = 0.0, "fraction", "Savings Plans discount on Lambda",
        "Compute Savings Plans discount on Lambda duration and PC you already have (0 = none; up to 0.17).";
    container_savings_plan_discount: f64 = 0.0, "fraction", "Savings Plans discount on containers",
        "Compute Savings Plans discount on Fargate / EC2 you would buy (0 = none; up to 0.5 on Fargate).";
    alb_services_per_load_balancer: f64 = 25.0, "services", "Services sharing one ALB",
        "A moved synchronous service pays 1/this of one ALB's hours: ECS Express Mode puts up to 25 services behind one ALB (host-header rules).";
    alb_requests_per_second_per_lcu: f64 = 25.0, "req/s", "Requests per second per LCU",
        "An LCU covers 25 new connections/s; assumes one request per connection (no keep-alive), a conservative bound.";
    unknown_invoker_is_synchronous: bool = true, "on/off", "Treat unknown invokers as synchronous",
        "When the invoker is not known, assume a caller waits (needs a load balancer, no Spot).";
    arm64_duration_factor: f64 = 1.0, "×", "arm64 duration vs x86",
        "Duration on arm64 relative to x86_64 for the Tune arm64 option (1 = same speed).";
    memory_headroom: f64 = 0.3, "fraction", "Memory headroom for right-sizing",
        "Right-sized memory is the maximum memory used plus this headroom, rounded up to 64 MB.";
    right_size_min_change: f64 = 0.15, "fraction", "Minimum right-sizing change",
        "Memory right-sizing is offered only when it cuts configured memory by at least this share.";
    baseline_percentile: f64 = 10.0, "percentile", "Hybrid / PC baseline percentile",
        "The steady baseline is this percentile of hourly concurrency (the Hybrid containers and PC size).";
    effort_days_tune: f64 = 0.5, "engineer-days", "One-time effort: Tune",
        "Engineer-days to change a function's configuration on Lambda (arm64, memory, provisioned concurrency) and verify it.";
    effort_days_managed_instances: f64 = 2.0, "engineer-days", "One-time effort: Lambda Managed Instances",
        "Engineer-days to move a function onto a capacity provider and check its code is safe with many requests per environment.";
    effort_days_hybrid: f64 = 5.0, "engineer-days", "One-time effort: Hybrid",
        "Engineer-days to run the steady baseline in containers beside the Lambda function that keeps the peaks (two deployments, routing).";
    effort_days_move: f64 = 3.0, "engineer-days", "One-time effort: Move",
        "Engineer-days to package a function as a container service behind a load balancer, deploy and cut over.";
    engineer_day_usd: f64 = 600.0, "USD / day", "Engineer-day cost",
        "Loaded cost of one engineer-day; the one-time cost of a change is its effort × this.";
    payback_limit_months: f64 = 6.0, "months", "Payback limit",
        "A Move or Hybrid is recommended only when its monthly saving repays the one-time cost within this many months.";
    provisioned_percentile: f64 = 90.0, "percentile", "PC right-sizing percentile",
        "Shrunk or scheduled provisioned concurrency covers this percentile of the busy hours' (hours with invocations) peak concurrency.";
    plan_group_tag: String = String::new(), "tag key", "Steady core: group by tag",
        "The steady-core plan groups the functions worth moving per region, and per the value of this tag when set (e.g. team or service).";
    min_saving_usd: f64 = 5.0, "USD / month", "Smallest saving worth acting on",
        "A verdict other than Stay needs a monthly saving of at least this much.";
    min_saving_share: f64 = 0.15, "fraction", "Smallest saving share worth acting on",
        "A verdict other than Stay needs the saving to be at least this share of the current cost.";
    default_concurrency_limit: f64 = 1000.0, "executions", "Default regional concurrency limit",
        "Used when the snapshot does not carry a region's concurrency quota (AWS's default is 1,000).";
    steady_active_share: f64 = 0.95, "fraction", "Steady traffic: active hours",
        "Steady traffic needs at least this share of observed hours with invocations.";
    steady_peak_to_mean: f64 = 3.0, "×", "Steady traffic: peak-to-mean",
        "Steady traffic needs the hourly concurrency's peak-to-mean ratio at or below this.";
    long_runtime_timeout_share: f64 = 0.8, "fraction", "Long runtime: p99 vs timeout",
        "Long runtime fires when p99 duration reaches this share of the configured timeout.";
    long_runtime_average_s: f64 = 30.0, "s", "Long runtime: average duration",
        "Long runtime fires when the average duration reaches this many seconds.";
    heavy_startup_init_share: f64 = 0.10, "fraction", "Heavy startup: INIT share",
        "Heavy startup fires when INIT time reaches this share of billed time.";
    heavy_startup_init_ms: f64 = 1000.0, "ms", "Heavy startup: INIT duration",
        "Heavy startup fires when the average INIT duration reaches this many milliseconds.";
    large_memory_mb: f64 = 3008.0, "MB", "Large memory threshold",
        "Large memory fires at or above this configured memory.";
    gpu_tag: String = "gpu".to_string(), "tag text", "GPU tag",
        "A function with a tag key or value containing this text (case-insensitive) needs a GPU.";
    hot_spender_pareto_share: f64 = 0.8, "fraction", "Hot spender: Pareto set",
        "The Pareto set is the smallest set of functions making this share of fleet Lambda spend.";
    hot_spender_alone_share: f64 = 0.05, "fraction", "Hot spender: share alone",
        "A hot spender is in the Pareto set and makes at least this share of fleet spend alone.";
    concurrency_limit_share: f64 = 0.10, "fraction", "Concurrency budget: share of limit",
        "Concurrency budget fires when the function's peak uses this share of its region's limit.";
    hint_vpc_concurrency: f64 = 50.0, "executions", "Hint: VPC concurrency without a cap",
        "A VPC function without reserved concurrency peaking at this many executions may exhaust its database's connections.";
    hint_region_share: f64 = 0.25, "fraction", "Hint: share of the region's limit",
        "One function whose peak holds this share of its region's concurrency limit gets a hint.";
    hint_timeout_factor: f64 = 20.0, "×", "Hint: timeout vs p99",
        "A timeout at least this many times the p99 duration gets a hint (hung calls hold environments).";
    hint_ephemeral_mb: f64 = 2048.0, "MB", "Hint: large /tmp",
        "Ephemeral storage from this size, with frequent cold starts, suggests state kept in /tmp.";
    hint_cold_start_share: f64 = 0.05, "fraction", "Hint: frequent cold starts",
        "Cold starts in this share of invocations count as frequent (for the /tmp hint).";
    hint_error_share: f64 = 0.05, "fraction", "Hint: high error share",
        "Errors in this share of invocations get a hint.";
    throttle_share: f64 = 0.001, "fraction", "Concurrency budget: throttles",
        "Concurrency budget fires when throttles reach this share of invocations.";
}

/// Why an assumptions file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssumptionError {
    #[error("assumption {key}: {problem}")]
    Invalid { key: &'static str, problem: String },
}

impl Assumptions {
    /// Checks ranges serde cannot: fractions in 0..=1, positive sizes, a valid Fargate vCPU.
    pub fn validate(&self) -> Result<(), AssumptionError> {
        let fraction = |key: &'static str, value: f64, lowest_open: bool| {
            let ok =
                value.is_finite() && value <= 1.0 && (value > 0.0 || !lowest_open && value == 0.0);
            if ok {
                Ok(())
            } else {
                Err(AssumptionError::Invalid {
                    key,
                    problem: format!(
                        "{value} must be a fraction in {}",
                        if lowest_open { "(0, 1]" } else { "[0, 1]" }
                    ),
                })
            }
        };
        fraction("utilisation_target", self.utilisation_target, true)?;
        fraction("cpu_busy_share", self.cpu_busy_share, true)?;
        fraction("ecs_memory_reserve", self.ecs_memory_reserve, false)?;
        fraction(
            "fargate_spot_share_of_discount",
            self.fargate_spot_share_of_discount,
            false,
        )?;
        fraction(
            "lambda_savings_plan_discount",
            self.lambda_savings_plan_discount,
            false,
        )?;
        fraction(
            "container_savings_plan_discount",
            self.container_savings_plan_discount,
            false,
        )?;
        fraction("min_saving_share", self.min_saving_share, false)?;
        fraction("steady_active_share", self.steady_active_share, true)?;
        fraction(
            "long_runtime_timeout_share",
            self.long_runtime_timeout_share,
            true,
        )?;
        fraction(
            "heavy_startup_init_share",
            self.heavy_startup_init_share,
            true,
        )?;
        fraction(
            "hot_spender_pareto_share",
            self.hot_spender_pareto_share,
            true,
        )?;
        fraction(
            "hot_spender_alone_share",
            self.hot_spender_alone_share,
            true,
        )?;
        fraction(
            "concurrency_limit_share",
            self.concurrency_limit_share,
            true,
        )?;
        fraction("throttle_share", self.throttle_share, true)?;
        fraction("hint_region_share", self.hint_region_share, true)?;
        fraction("hint_cold_start_share", self.hint_cold_start_share, true)?;
        fraction("hint_error_share", self.hint_error_share, true)?;
        // Upper bounds keep every cost finite (1e308 hours in a month made them infinite):
        // generous, far past any real setting.
        let positive = |key: &'static str, value: f64, most: f64| {
            if value.is_finite() && value > 0.0 && value <= most {
                Ok(())
            } else {
                Err(AssumptionError::Invalid {
                    key,
                    problem: format!("{value} must be a positive number, at most {most}"),
                })
            }
        };
        positive("hours_per_month", self.hours_per_month, 744.0)?;
        positive("task_memory_gb", self.task_memory_gb, 120.0)?;
        positive(
            "alb_services_per_load_balancer",
            self.alb_services_per_load_balancer,
            1000.0,
        )?;
        positive(
            "alb_requests_per_second_per_lcu",
            self.alb_requests_per_second_per_lcu,
            1e6,
        )?;
        positive("arm64_duration_factor", self.arm64_duration_factor, 10.0)?;
        positive("payback_limit_months", self.payback_limit_months, 1200.0)?;
        positive("hint_vpc_concurrency", self.hint_vpc_concurrency, 1e7)?;
        positive("hint_timeout_factor", self.hint_timeout_factor, 1e4)?;
        positive("hint_ephemeral_mb", self.hint_ephemeral_mb, 1e6)?;
        if !(2.0..=8.0).contains(&self.managed_instances_memory_gb_per_vcpu) {
            return Err(AssumptionError::Invalid {
                key: "managed_instances_memory_gb_per_vcpu",
                problem: format!(
                    "{} must be in 2..=8 (GB per vCPU, as AWS allows)",
                    self.managed_instances_memory_gb_per_vcpu
                ),
            });
        }
        positive(
            "default_concurrency_limit",
            self.default_concurrency_limit,
            1e7,
        )?;
        positive("steady_peak_to_mean", self.steady_peak_to_mean, 1e3)?;
        positive("long_runtime_average_s", self.long_runtime_average_s, 1e5)?;
        positive("heavy_startup_init_ms", self.heavy_startup_init_ms, 1e6)?;
        positive("large_memory_mb", self.large_memory_mb, 1e6)?;
        let non_negative = |key: &'static str, value: f64, most: f64| {
            if value.is_finite() && value >= 0.0 && value <= most {
                Ok(())
            } else {
                Err(AssumptionError::Invalid {
                    key,
                    problem: format!("{value} must be a number, not negative, at most {most}"),
                })
            }
        };
        non_negative("min_tasks", self.min_tasks, 1e4)?;
        non_negative(
            "billed_duration_roundup_ms",
            self.billed_duration_roundup_ms,
            1e6,
        )?;
        non_negative("memory_headroom", self.memory_headroom, 100.0)?;
        non_negative("right_size_min_change", self.right_size_min_change, 1e3)?;
        non_negative("min_saving_usd", self.min_saving_usd, 1e12)?;
        non_negative("effort_days_tune", self.effort_days_tune, 1e4)?;
        non_negative(
            "effort_days_managed_instances",
            self.effort_days_managed_instances,
            1e4,
        )?;
        non_negative("effort_days_hybrid", self.effort_days_hybrid, 1e4)?;
        non_negative("effort_days_move", self.effort_days_move, 1e4)?;
        non_negative("engineer_day_usd", self.engineer_day_usd, 1e7)?;
        if !(0.0..=100.0).contains(&self.provisioned_percentile) {
            return Err(AssumptionError::Invalid {
                key: "provisioned_percentile",
                problem: format!("{} must be in 0..=100", self.provisioned_percentile),
            });
        }
        if !(0.0..=100.0).contains(&self.baseline_percentile) {
            return Err(AssumptionError::Invalid {
                key: "baseline_percentile",
                problem: format!("{} must be in 0..=100", self.baseline_percentile),
            });
        }
        if !crate::cost::fargate::VCPU_SIZES.contains(&self.task_vcpu) {
            return Err(AssumptionError::Invalid {
                key: "task_vcpu",
                problem: format!(
                    "{} vCPU is not a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)",
                    self.task_vcpu
                ),
            });
        }
        Ok(())
    }
}
