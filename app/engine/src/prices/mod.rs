//! The price catalog: every figure the cost models use, per region and product, each with the
//! source it came from and the date it was true.
//!
//! Layout (Infracost-style, one small file per priced product): [`lambda`], [`fargate`], [`ec2`],
//! [`alb`], [`api_gateway`], [`managed_instances`] (Lambda Managed Instances), plus the region-independent discounts in [`Discounts`].
//!
//! Unknown cells are `None` (or an absent region/instance type), never a copy of another
//! region's figure: the cost code turns a `None` it needs into a "no price for this region"
//! warning and leaves the affected item out (or the option unavailable).
//!
//! # Money
//! Money is `f64` US dollars everywhere in the engine. Prices are tiny per-unit numbers
//! (`$0.0000166667` per GB-s) multiplied by large quantities; `f64` keeps 15–16 significant digits,
//! so a monthly total of even $10M carries an error far below a millionth of a cent. Amounts are
//! never rounded inside the engine; they are rounded to cents only for display ([`format_usd`]).
//! The worked examples of AWS's pricing pages come out to the cent this way (see the tests).
//!
//! # Overrides
//! `Catalog::with_overrides(&serde_json::Value)` applies a user file (the server reads it; the
//! engine only sees the parsed JSON). The file mirrors the catalog's JSON shape, every part
//! optional:
//!
//! ```json
//! {
//!   "source": "our EDP rates, finance sheet 2026-Q3",
//!   "as_of": "2026-09-01",
//!   "regions": {
//!     "eu-west-1": {
//!       "lambda": { "requests_per_million": 0.18, "duration_x86": 0.000015 },
//!       "alb": { "hour": 0.0252, "lcu_hour": 0.008 }
//!     },
//!     "ca-central-1": { "fargate": { "x86_vcpu_hour": 0.0445, "x86_gb_hour": 0.00489 } }
//!   },
//!   "ec2_instances": { "m7g.large": { "vcpu": 2, "memory_gb": 8, "arch": "arm64" } },
//!   "discounts": { "fargate_spot": 0.6 }
//! }
//! ```
//!
//! A bare number where the catalog holds a price becomes `{usd, source, as_of}` with the file's
//! `source` and `as_of`; a full `{"usd": .., "source": .., "as_of": ..}` object is taken as is;
//! a number for a tiered price (`duration_x86`, `duration_arm64`) becomes a single tier;
//! `null` removes a price (makes it unknown). Unknown keys are an error, so a typo never passes
//! silently. EC2 prices live per region under `regions.R.ec2.TYPE`.

pub mod alb;
pub mod api_gateway;
pub mod ec2;
pub mod fargate;
pub mod lambda;
pub mod managed_instances;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use alb::AlbPrices;
pub use api_gateway::ApiGatewayPrices;
pub use ec2::{Ec2Instance, Ec2Prices};
pub use fargate::FargatePrices;
pub use lambda::LambdaPrices;
pub use managed_instances::ManagedInstancesPrices;

/// One price: US dollars per unit (the unit is in the field's name), where it came from and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub usd: f64,
    /// Where the figure comes from (a page, a file in a public repository, a user file).
    pub source: Arc<str>,
    /// When the figure was true: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub as_of: Arc<str>,
}

impl Price {
    pub fn new(usd: f64, source: &Arc<str>, as_of: &Arc<str>) -> Price {
        Price {
            usd,
            source: source.clone(),
            as_of: as_of.clone(),
        }
    }
}

/// One tier of a volume-tiered price: applies to the volume from `from` (inclusive) up to the next
/// tier's `from`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub from: f64,
    pub price: Price,
}

/// Cost of `quantity` units under `tiers` (sorted by `from`, the first starting at 0), one line
/// per tier touched: `(tier index, quantity in tier, price)`. The one shared tier-bucketing helper.
pub fn bucket_tiers(tiers: &[Tier], quantity: f64) -> Vec<(usize, f64, &Price)> {
    let mut out = Vec::new();
    if quantity <= 0.0 {
        return out;
    }
    for (index, tier) in tiers.iter().enumerate() {
        let upper = tiers.get(index + 1).map_or(f64::INFINITY, |next| next.from);
        let in_tier = quantity.min(upper) - tier.from;
        if in_tier > 0.0 {
            out.push((index, in_tier, &tier.price));
        }
    }
    out
}

/// Cost in USD of `quantity` under `tiers`.
pub fn tiered_cost(tiers: &[Tier], quantity: f64) -> f64 {
    bucket_tiers(tiers, quantity)
        .iter()
        .map(|(_, q, p)| q * p.usd)
        .sum()
}

/// Region-independent figures: discounts the user may apply (as assumptions) and their sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discounts {
    /// Fargate Spot discount off on-demand Fargate (fraction, "up to").
    pub fargate_spot: Option<Price>,
    /// Largest Compute Savings Plans discount on Lambda duration and PC (fraction).
    pub savings_plans_lambda_max: Option<Price>,
    /// Largest Compute Savings Plans discount on Fargate (fraction).
    pub savings_plans_fargate_max: Option<Price>,
}

/// All prices of one region. A `None` is an unknown cell.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegionPrices {
    pub lambda: LambdaPrices,
    pub fargate: FargatePrices,
    /// On-demand hourly price per instance type (types in [`Catalog::ec2_instances`]).
    pub ec2: Ec2Prices,
    pub alb: AlbPrices,
    pub api_gateway: ApiGatewayPrices,
    pub managed_instances: ManagedInstancesPrices,
}

/// The catalog: prices per region, instance type shapes, discounts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub regions: BTreeMap<String, RegionPrices>,
    /// Instance shapes for ECS on EC2 (the same in every region).
    pub ec2_instances: BTreeMap<String, Ec2Instance>,
    pub discounts: Discounts,
}

/// Why an overrides file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("price overrides: {0}")]
    Invalid(String),
}

static EMPTY_REGION: std::sync::OnceLock<RegionPrices> = std::sync::OnceLock::new();

impl Catalog {
    /// The built-in catalog (figures of shared/PRICING.md, each with its source and date).
    pub fn builtin() -> Catalog {
        let mut regions: BTreeMap<String, RegionPrices> = BTreeMap::new();
        for region in BUILTIN_REGIONS {
            regions.insert(
                region.to_string(),
                RegionPrices {
                    lambda: lambda::builtin(region),
                    fargate: fargate::builtin(region),
                    ec2: ec2::builtin(region),
                    alb: alb::builtin(region),
                    api_gateway: api_gateway::builtin(region),
                    managed_instances: managed_instances::builtin(region),
                },
            );
        }
        let source: Arc<str> = Arc::from(
            "AWS pricing pages (Fargate Spot \"up to 70 %\"; Compute Savings Plans \"up to 17 %\" \
             on Lambda, \"up to 50 %\" on Fargate)",
        );
        let as_of: Arc<str> = Arc::from("2025-11");
        Catalog {
            regions,
            ec2_instances: ec2::instance_shapes(),
            discounts: Discounts {
                fargate_spot: Some(Price::new(0.70, &source, &as_of)),
                savings_plans_lambda_max: Some(Price::new(0.17, &source, &as_of)),
                savings_plans_fargate_max: Some(Price::new(0.50, &source, &as_of)),
            },
        }
    }

    /// Prices of `region`; an empty (all unknown) set for a region the catalog does not know.
    pub fn region(&self, region: &str) -> &RegionPrices {
        self.regions
            .get(region)
            .unwrap_or_else(|| EMPTY_REGION.get_or_init(RegionPrices::default))
    }

    /// This catalog with a user's overrides applied (format in the module docs).
    pub fn with_overrides(&self, overrides: &Value) -> Result<Catalog, CatalogError> {
        let Value::Object(map) = overrides else {
            return Err(CatalogError::Invalid(
                "the file must hold a JSON object".into(),
            ));
        };
        let text = |key: &str, fallback: &str| -> Result<Arc<str>, CatalogError> {
            match map.get(key) {
                None => Ok(Arc::from(fallback)),
                Some(Value::String(s)) => Ok(Arc::from(s.as_str())),
                Some(other) => Err(CatalogError::Invalid(format!(
                    "`{key}` must be a string, found {other}"
                ))),
            }
        };
        let source = text("source", "user price overrides file")?;
        let as_of = text("as_of", "unknown")?;
        let mut base = serde_json::to_value(self).expect("a catalog always serializes");
        let stamp = Stamp { source, as_of };
        for (key, value) in map {
            match key.as_str() {
                "source" | "as_of" => {}
                "regions" => {
                    let Value::Object(regions) = value else {
                        return Err(CatalogError::Invalid("`regions` must be an object".into()));
                    };
                    for (region, prices) in regions {
                        let slot = base["regions"]
                            .as_object_mut()
                            .expect("regions is an object")
                            .entry(region.clone())
                            .or_insert_with(|| {
                                serde_json::to_value(RegionPrices::default())
                                    .expect("prices serialize")
                            });
                        merge(slot, prices, &stamp, &format!("regions.{region}"))?;
                    }
                }
                "ec2_instances" | "discounts" => {
                    merge(&mut base[key.as_str()], value, &stamp, key)?;
                }
                other => {
                    return Err(CatalogError::Invalid(format!(
                        "unknown key `{other}` (expected source, as_of, regions, ec2_instances, discounts)"
                    )))
                }
            }
        }
        serde_json::from_value(base).map_err(|e| CatalogError::Invalid(e.to_string()))
    }
}

struct Stamp {
    source: Arc<str>,
    as_of: Arc<str>,
}

impl Stamp {
    fn price(&self, usd: f64) -> Value {
        serde_json::json!({ "usd": usd, "source": &*self.source, "as_of": &*self.as_of })
    }
}

/// Merges `patch` into `base`: objects recursively; a number where a price (or unknown price)
/// sits becomes a stamped price; a number where tiers sit becomes one tier.
fn merge(base: &mut Value, patch: &Value, stamp: &Stamp, path: &str) -> Result<(), CatalogError> {
    match (base, patch) {
        (base @ Value::Array(_), Value::Number(n)) => {
            let usd = n.as_f64().unwrap_or(f64::NAN);
            check_finite(usd, path)?;
            *base = serde_json::json!([{ "from": 0.0, "price": stamp.price(usd) }]);
            Ok(())
        }
        (base @ Value::Object(_), Value::Number(n)) if base.get("usd").is_some() => {
            let usd = n.as_f64().unwrap_or(f64::NAN);
            check_finite(usd, path)?;
            *base = stamp.price(usd);
            Ok(())
        }
        (base @ Value::Null, Value::Number(n)) => {
            let usd = n.as_f64().unwrap_or(f64::NAN);
            check_finite(usd, path)?;
            *base = stamp.price(usd);
            Ok(())
        }
        (Value::Object(base_map), Value::Object(patch_map)) => {
            for (key, value) in patch_map {
                let child_path = format!("{path}.{key}");
                match base_map.get_mut(key) {
                    Some(slot) => merge(slot, value, stamp, &child_path)?,
                    None => {
                        let mut fresh = Value::Null;
                        merge(&mut fresh, value, stamp, &child_path)?;
                        base_map.insert(key.clone(), fresh);
                    }
                }
            }
            Ok(())
        }
        (base, patch) => {
            *base = patch.clone();
            Ok(())
        }
    }
}

fn check_finite(usd: f64, path: &str) -> Result<(), CatalogError> {
    if usd.is_finite() && usd >= 0.0 {
        Ok(())
    } else {
        Err(CatalogError::Invalid(format!(
            "{path}: {usd} is not a price (finite, not negative)"
        )))
    }
}

/// The regions of the built-in catalog.
pub const BUILTIN_REGIONS: [&str; 9] = [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "ap-south-1",
    "sa-east-1",
];

/// `$1,234.57`: dollars rounded to cents, for display only.
pub fn format_usd(usd: f64) -> String {
    let cents = (usd.abs() * 100.0).round() as u64;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if usd < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}${grouped}.{frac:02}")
}
