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

//!
//! One file per priced product, as `prices/` holds their prices: `lambda` (the current setup, the
//! Tune options and Lambda Managed Instances), `containers` (Fargate and ECS on EC2), `hybrid`,
//! and `front_door` (API Gateway and the load balancer).

mod containers;
mod front_door;
mod hybrid;
mod lambda;

use serde::{Deserialize, Serialize};

use super::containers::FunctionModel;
use super::LineItem;

pub use lambda::{lambda_config, right_sized_memory_mb};

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

/// What one product's pricing gives: the line items, the prices the catalog lacks, and the
/// sizing in words.
struct Priced {
    lines: Vec<LineItem>,
    missing: Vec<String>,
    detail: String,
}

/// One option at `multiplier`, or why it does not apply. `saving_usd` is left at 0 (see
/// [`price_options`]).
pub fn option_cost(
    model: &FunctionModel,
    kind: OptionKind,
    multiplier: f64,
) -> Result<OptionCost, String> {
    let traffic = &model.traffic;
    let requests = traffic.invocations * traffic.month_factor * multiplier;
    let Priced {
        lines,
        missing,
        detail,
    } = match kind.family() {
        Family::Tune if kind == OptionKind::ManagedInstances => {
            lambda::managed_instances(model, requests, multiplier)?
        }
        Family::Stay | Family::Tune => lambda::on_lambda(model, kind, requests, multiplier)?,
        Family::Move => containers::moved(model, kind, requests, multiplier)?,
        Family::Hybrid => hybrid::hybrid(model, requests, multiplier)?,
    };
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
