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
    pub group: Group,
    /// The values it accepts, in words ("a fraction in (0, 1]").
    pub accepts: String,
}

/// The section of the editor (and of a report's table) an assumption belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Costs,
    Verdict,
    Signals,
    Hints,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Costs, Group::Verdict, Group::Signals, Group::Hints];

    pub fn label(self) -> &'static str {
        match self {
            Group::Costs => "Costs and container sizing",
            Group::Verdict => "Verdict rules, effort and payback",
            Group::Signals => "Signal thresholds",
            Group::Hints => "Hint thresholds",
        }
    }
}

/// The range a numeric assumption accepts. Every number has an upper bound: generous, far past
/// any real setting, so every cost stays finite (1e308 hours in a month once made them infinite).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// Text or on/off: serde checks the type.
    Any,
    /// A share: (0, 1], or [0, 1] when `zero` is allowed.
    Fraction { zero: bool },
    /// In (0, most].
    Positive(f64),
    /// In [0, most].
    NonNegative(f64),
    /// In [low, high].
    Within(f64, f64),
    /// A Fargate task vCPU size.
    FargateVcpu,
}

impl Check {
    /// `None` when `value` is acceptable, else the problem in words.
    pub fn problem(self, value: f64) -> Option<String> {
        let ok = value.is_finite()
            && match self {
                Check::Any => true,
                Check::Fraction { zero } => value <= 1.0 && (value > 0.0 || zero && value == 0.0),
                Check::Positive(most) => value > 0.0 && value <= most,
                Check::NonNegative(most) => (0.0..=most).contains(&value),
                Check::Within(low, high) => (low..=high).contains(&value),
                Check::FargateVcpu => crate::cost::fargate::VCPU_SIZES.contains(&value),
            };
        (!ok).then(|| format!("{} must be {}", shown(value), self.accepts()))
    }

    pub fn accepts(self) -> String {
        match self {
            Check::Any => "any value of its type".to_string(),
            Check::Fraction { zero: false } => "a fraction in (0, 1]".to_string(),
            Check::Fraction { zero: true } => "a fraction in [0, 1]".to_string(),
            Check::Positive(most) => format!("a positive number, at most {}", shown(most)),
            Check::NonNegative(most) => {
                format!("a number, not negative, at most {}", shown(most))
            }
            Check::Within(low, high) => format!("in {}..={}", shown(low), shown(high)),
            Check::FargateVcpu => "a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)".to_string(),
        }
    }
}

/// A number as a person reads it: `744`, `0.15`, `1e308` (not 309 digits).
fn shown(value: f64) -> String {
    if value != 0.0 && !(1e-4..1e9).contains(&value.abs()) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// One refused value: the assumption's key and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{key}: {message}")]
pub struct FieldError {
    pub key: String,
    pub message: String,
}

/// A value's number for its check (`None` for text and on/off, which serde has checked).
trait AsNumber {
    fn as_number(&self) -> Option<f64>;
}

impl AsNumber for f64 {
    fn as_number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl AsNumber for bool {
    fn as_number(&self) -> Option<f64> {
        None
    }
}

impl AsNumber for String {
    fn as_number(&self) -> Option<f64> {
        None
    }
}

macro_rules! assumptions {
    ($( $field:ident : $ty:ty = $default:expr, $check:expr, $group:ident, $unit:literal, $label:literal, $explanation:literal; )*) => {
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
            /// Every tunable with its key, label, unit, default, explanation, group and range.
            pub fn describe() -> Vec<AssumptionInfo> {
                use Check::*;
                let defaults = Assumptions::default();
                vec![ $( AssumptionInfo {
                    key: stringify!($field).to_string(),
                    label: $label.to_string(),
                    unit: $unit.to_string(),
                    default: serde_json::to_value(&defaults.$field).expect("serializes"),
                    explanation: $explanation.to_string(),
                    group: Group::$group,
                    accepts: $check.accepts(),
                }, )* ]
            }

            /// The range `key` accepts (`None`: no such assumption).
            pub fn check_of(key: &str) -> Option<Check> {
                use Check::*;
                match key {
                    $( stringify!($field) => Some($check), )*
                    _ => None,
                }
            }

            /// Every value out of its range, in table order: the one check the CLI's
            /// `--assumptions` file, the server's saved set and the browser's editor share.
            pub fn validate_all(&self) -> Vec<FieldError> {
                use Check::*;
                let mut errors = Vec::new();
                $(
                    if let Some(problem) = self.$field.as_number().and_then(|v| $check.problem(v)) {
                        errors.push(FieldError { key: stringify!($field).to_string(), message: problem });
                    }
                )*
                errors
            }
        }
    };
}

assumptions! {
    hours_per_month: f64 = 730.0, Positive(744.0), Costs, "hours", "Hours in a month",
        "Every cost is normalised to a month of this many hours (AWS's convention: 8,760 / 12).";
    free_tier: bool = false, Any, Costs, "on/off", "Apply the Lambda free tier",
        "The free tier (1M requests, 400,000 GB-s) is per account; applying it to every function overstates savings, so it is off for fleets.";
    billed_duration_roundup_ms: f64 = 0.5, NonNegative(1e6), Costs, "ms", "Billed-duration round-up per invocation",
        "Lambda bills each invocation rounded up to 1 ms; from hourly averages the expected round-up is about half a millisecond.";
    utilisation_target: f64 = 0.6, Fraction { zero: false }, Costs, "fraction", "Container CPU utilisation target",
        "Containers are sized so the hour's peak CPU need uses this share of the tasks' vCPU.";
    min_tasks: f64 = 2.0, NonNegative(1e4), Costs, "tasks", "Minimum tasks",
        "Tasks kept running at all times, even at zero traffic (2 for availability across zones).";
    cpu_busy_share: f64 = 0.5, Fraction { zero: false }, Costs, "fraction", "CPU busy share of an invocation",
        "Share of an invocation's duration spent on CPU; the rest (I/O waits) needs no container vCPU.";
    task_vcpu: f64 = 0.5, FargateVcpu, Costs, "vCPU", "Fargate task vCPU",
        "vCPU of each Fargate task; must be a size Fargate offers (0.25, 0.5, 1, 2, 4, 8, 16).";
    task_memory_gb: f64 = 1.0, Positive(120.0), Costs, "GB", "Fargate task memory (minimum)",
        "Memory of each task, raised to fit the function's memory need and rounded to a valid Fargate size.";
    ecs_instance_type: String = "m7g.large".to_string(), Any, Costs, "instance type", "ECS on EC2 instance type",
        "Instance type the tasks are bin-packed on for the ECS on EC2 option (priced per region in the catalog).";
    managed_instances_type_x86: String = "m7i.large".to_string(), Any, Costs, "instance type", "Managed Instances type (x86_64)",
        "EC2 instance type of the capacity provider for an x86_64 function on Lambda Managed Instances (M/C/R families, .large and up).";
    managed_instances_type_arm64: String = "m7g.large".to_string(), Any, Costs, "instance type", "Managed Instances type (arm64)",
        "EC2 instance type of the capacity provider for an arm64 function on Lambda Managed Instances.";
    managed_instances_memory_gb_per_vcpu: f64 = 2.0, Within(2.0, 8.0), Costs, "GB / vCPU", "Managed Instances memory per vCPU",
        "Memory-to-vCPU ratio of a Managed Instances execution environment (AWS allows 2 to 8 GB per vCPU).";
    ecs_memory_reserve: f64 = 0.1, Fraction { zero: true }, Costs, "fraction", "ECS instance memory reserve",
        "Share of an instance's memory kept for the OS and ECS agent, not available to tasks.";
    fargate_spot_share_of_discount: f64 = 1.0, Fraction { zero: true }, Costs, "fraction", "Share of the Spot discount expected",
        "Fraction of the catalog's Fargate Spot discount (\"up to 70 %\") you expect to get.";
    lambda_savings_plan_discount: f64 = 0.0, Fraction { zero: true }, Costs, "fraction", "Savings Plans discount on Lambda",
        "Compute Savings Plans discount on Lambda duration and PC you already have (0 = none; up to 0.17).";
    container_savings_plan_discount: f64 = 0.0, Fraction { zero: true }, Costs, "fraction", "Savings Plans discount on containers",
        "Compute Savings Plans discount on Fargate / EC2 you would buy (0 = none; up to 0.5 on Fargate).";
    alb_services_per_load_balancer: f64 = 25.0, Positive(1000.0), Costs, "services", "Services sharing one ALB",
        "A moved synchronous service pays 1/this of one ALB's hours: ECS Express Mode puts up to 25 services behind one ALB (host-header rules).";
    alb_requests_per_second_per_lcu: f64 = 25.0, Positive(1e6), Costs, "req/s", "Requests per second per LCU",
        "An LCU covers 25 new connections/s; assumes one request per connection (no keep-alive), a conservative bound.";
    unknown_invoker_is_synchronous: bool = true, Any, Costs, "on/off", "Treat unknown invokers as synchronous",
        "When the invoker is not known, assume a caller waits (needs a load balancer, no Spot).";
    arm64_duration_factor: f64 = 1.0, Positive(10.0), Costs, "×", "arm64 duration vs x86",
        "Duration on arm64 relative to x86_64 for the Tune arm64 option (1 = same speed).";
    memory_headroom: f64 = 0.3, NonNegative(100.0), Verdict, "fraction", "Memory headroom for right-sizing",
        "Right-sized memory is the maximum memory used plus this headroom, rounded up to 64 MB.";
    right_size_min_change: f64 = 0.15, NonNegative(1e3), Verdict, "fraction", "Minimum right-sizing change",
        "Memory right-sizing is offered only when it cuts configured memory by at least this share.";
    baseline_percentile: f64 = 10.0, Within(0.0, 100.0), Verdict, "percentile", "Hybrid / PC baseline percentile",
        "The steady baseline is this percentile of hourly concurrency (the Hybrid containers and PC size).";
    effort_days_tune: f64 = 0.5, NonNegative(1e4), Verdict, "engineer-days", "One-time effort: Tune",
        "Engineer-days to change a function's configuration on Lambda (arm64, memory, provisioned concurrency) and verify it.";
    effort_days_managed_instances: f64 = 2.0, NonNegative(1e4), Verdict, "engineer-days", "One-time effort: Lambda Managed Instances",
        "Engineer-days to move a function onto a capacity provider and check its code is safe with many requests per environment.";
    effort_days_hybrid: f64 = 5.0, NonNegative(1e4), Verdict, "engineer-days", "One-time effort: Hybrid",
        "Engineer-days to run the steady baseline in containers beside the Lambda function that keeps the peaks (two deployments, routing).";
    effort_days_move: f64 = 3.0, NonNegative(1e4), Verdict, "engineer-days", "One-time effort: Move",
        "Engineer-days to package a function as a container service behind a load balancer, deploy and cut over.";
    engineer_day_usd: f64 = 600.0, NonNegative(1e7), Verdict, "USD / day", "Engineer-day cost",
        "Loaded cost of one engineer-day; the one-time cost of a change is its effort × this.";
    payback_limit_months: f64 = 6.0, Positive(1200.0), Verdict, "months", "Payback limit",
        "A Move or Hybrid is recommended only when its monthly saving repays the one-time cost within this many months.";
    provisioned_percentile: f64 = 90.0, Within(0.0, 100.0), Verdict, "percentile", "PC right-sizing percentile",
        "Shrunk or scheduled provisioned concurrency covers this percentile of the busy hours' (hours with invocations) peak concurrency.";
    plan_group_tag: String = String::new(), Any, Verdict, "tag key", "Steady core: group by tag",
        "The steady-core plan groups the functions worth moving per region, and per the value of this tag when set (e.g. team or service).";
    min_saving_usd: f64 = 5.0, NonNegative(1e12), Verdict, "USD / month", "Smallest saving worth acting on",
        "A verdict other than Stay needs a monthly saving of at least this much.";
    min_saving_share: f64 = 0.15, Fraction { zero: true }, Verdict, "fraction", "Smallest saving share worth acting on",
        "A verdict other than Stay needs the saving to be at least this share of the current cost.";
    default_concurrency_limit: f64 = 1000.0, Positive(1e7), Verdict, "executions", "Default regional concurrency limit",
        "Used when the snapshot does not carry a region's concurrency quota (AWS's default is 1,000).";
    steady_active_share: f64 = 0.95, Fraction { zero: false }, Signals, "fraction", "Steady traffic: active hours",
        "Steady traffic needs at least this share of observed hours with invocations.";
    steady_peak_to_mean: f64 = 3.0, Positive(1e3), Signals, "×", "Steady traffic: peak-to-mean",
        "Steady traffic needs the hourly concurrency's peak-to-mean ratio at or below this.";
    long_runtime_timeout_share: f64 = 0.8, Fraction { zero: false }, Signals, "fraction", "Long runtime: p99 vs timeout",
        "Long runtime fires when p99 duration reaches this share of the configured timeout.";
    long_runtime_average_s: f64 = 30.0, Positive(1e5), Signals, "s", "Long runtime: average duration",
        "Long runtime fires when the average duration reaches this many seconds.";
    heavy_startup_init_share: f64 = 0.10, Fraction { zero: false }, Signals, "fraction", "Heavy startup: INIT share",
        "Heavy startup fires when INIT time reaches this share of billed time.";
    heavy_startup_init_ms: f64 = 1000.0, Positive(1e6), Signals, "ms", "Heavy startup: INIT duration",
        "Heavy startup fires when the average INIT duration reaches this many milliseconds.";
    large_memory_mb: f64 = 3008.0, Positive(1e6), Signals, "MB", "Large memory threshold",
        "Large memory fires at or above this configured memory.";
    gpu_tag: String = "gpu".to_string(), Any, Signals, "tag text", "GPU tag",
        "A function with a tag key or value containing this text (case-insensitive) needs a GPU.";
    hot_spender_pareto_share: f64 = 0.8, Fraction { zero: false }, Signals, "fraction", "Hot spender: Pareto set",
        "The Pareto set is the smallest set of functions making this share of fleet Lambda spend.";
    hot_spender_alone_share: f64 = 0.05, Fraction { zero: false }, Signals, "fraction", "Hot spender: share alone",
        "A hot spender is in the Pareto set and makes at least this share of fleet spend alone.";
    concurrency_limit_share: f64 = 0.10, Fraction { zero: false }, Signals, "fraction", "Concurrency budget: share of limit",
        "Concurrency budget fires when the function's peak uses this share of its region's limit.";
    hint_vpc_concurrency: f64 = 50.0, Positive(1e7), Hints, "executions", "Hint: VPC concurrency without a cap",
        "A VPC function without reserved concurrency peaking at this many executions may exhaust its database's connections.";
    hint_region_share: f64 = 0.25, Fraction { zero: false }, Hints, "fraction", "Hint: share of the region's limit",
        "One function whose peak holds this share of its region's concurrency limit gets a hint.";
    hint_timeout_factor: f64 = 20.0, Positive(1e4), Hints, "×", "Hint: timeout vs p99",
        "A timeout at least this many times the p99 duration gets a hint (hung calls hold environments).";
    hint_ephemeral_mb: f64 = 2048.0, Positive(1e6), Hints, "MB", "Hint: large /tmp",
        "Ephemeral storage from this size, with frequent cold starts, suggests state kept in /tmp.";
    hint_cold_start_share: f64 = 0.05, Fraction { zero: false }, Hints, "fraction", "Hint: frequent cold starts",
        "Cold starts in this share of invocations count as frequent (for the /tmp hint).";
    hint_error_share: f64 = 0.05, Fraction { zero: false }, Hints, "fraction", "Hint: high error share",
        "Errors in this share of invocations get a hint.";
    throttle_share: f64 = 0.001, Fraction { zero: false }, Signals, "fraction", "Concurrency budget: throttles",
        "Concurrency budget fires when throttles reach this share of invocations.";
}

/// Why an assumptions file was refused: every value out of its range, in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct AssumptionError(pub Vec<FieldError>);

impl std::fmt::Display for AssumptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, error) in self.0.iter().enumerate() {
            let separator = if n == 0 { "" } else { "; " };
            write!(f, "{separator}assumption {}: {}", error.key, error.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for AssumptionError {}

impl Assumptions {
    /// Refuses a set with any value out of its range, naming each (see
    /// [`Assumptions::validate_all`]).
    pub fn validate(&self) -> Result<(), AssumptionError> {
        let errors = self.validate_all();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AssumptionError(errors))
        }
    }

    /// One value of `key` (as JSON) checked against its range, whatever the other values.
    pub fn check_value(key: &str, value: &serde_json::Value) -> Result<(), String> {
        let check = Assumptions::check_of(key).ok_or_else(|| format!("no assumption {key}"))?;
        match value.as_f64() {
            Some(number) => check.problem(number).map_or(Ok(()), Err),
            None => Ok(()),
        }
    }
}
