//! Modeled against billed: where the snapshot carries Cost Explorer lines, the fleet's modeled
//! Lambda cost is compared per usage type (matched on the usage type's suffix, since outside
//! us-east-1 usage types carry a region prefix such as `USE2-`) and per function when
//! resource-level data exists. Both sides are monthly: billed amounts are scaled from the days
//! they cover to `hours_per_month`. Differences are shown, never hidden.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::cost::LineKind;
use crate::snapshot::BilledCost;

/// What a Lambda usage type bills, from its suffix.
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
pub enum UsageCategory {
    Requests,
    Duration,
    ProvisionedConcurrency,
    ProvisionedDuration,
    Other,
}

impl UsageCategory {
    /// `USE2-Lambda-GB-Second-ARM` → Duration. Unknown suffixes are `Other`.
    pub fn of_usage_type(usage_type: &str) -> UsageCategory {
        let base = usage_type.strip_suffix("-ARM").unwrap_or(usage_type);
        if base.ends_with("Lambda-Provisioned-GB-Second") {
            UsageCategory::ProvisionedDuration
        } else if base.ends_with("Lambda-Provisioned-Concurrency") {
            UsageCategory::ProvisionedConcurrency
        } else if base.ends_with("Lambda-GB-Second") {
            UsageCategory::Duration
        } else if base.ends_with("Request") {
            UsageCategory::Requests
        } else {
            UsageCategory::Other
        }
    }

    /// The modeled line kinds this category bills.
    pub fn of_line(kind: LineKind) -> Option<UsageCategory> {
        Some(match kind {
            LineKind::LambdaRequests => UsageCategory::Requests,
            LineKind::LambdaDuration => UsageCategory::Duration,
            LineKind::LambdaProvisioned => UsageCategory::ProvisionedConcurrency,
            LineKind::LambdaProvisionedDuration => UsageCategory::ProvisionedDuration,
            LineKind::LambdaEphemeral | LineKind::SavingsPlan => UsageCategory::Other,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReconciliationRow {
    /// A usage category, or a function key.
    pub label: String,
    pub billed_monthly_usd: f64,
    pub modeled_monthly_usd: f64,
    /// modeled − billed.
    pub difference_usd: f64,
}

impl ReconciliationRow {
    fn new(label: String, billed: f64, modeled: f64) -> ReconciliationRow {
        ReconciliationRow {
            label,
            billed_monthly_usd: billed,
            modeled_monthly_usd: modeled,
            difference_usd: modeled - billed,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reconciliation {
    /// Distinct days the billed lines cover.
    pub billed_days: usize,
    pub by_usage_type: Vec<ReconciliationRow>,
    /// Functions with resource-level billed lines.
    pub by_function: Vec<ReconciliationRow>,
    pub total: ReconciliationRow,
    pub note: String,
}

/// One function's modeled lines, keyed for matching billed lines (`name`, `key`, `arn`).
pub struct ModeledFunction<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub arn: &'a str,
    pub lines: &'a [crate::cost::LineItem],
}

pub fn reconcile(
    billed: &[BilledCost],
    modeled: &[ModeledFunction],
    hours_per_month: f64,
) -> Option<Reconciliation> {
    if billed.is_empty() {
        return None;
    }
    let days: BTreeSet<&str> = billed.iter().map(|b| b.date.as_str()).collect();
    let scale = hours_per_month / (days.len() as f64 * 24.0);
    let mut billed_by: BTreeMap<UsageCategory, f64> = BTreeMap::new();
    for line in billed {
        *billed_by
            .entry(UsageCategory::of_usage_type(&line.usage_type))
            .or_default() += line.usd * scale;
    }
    let mut modeled_by: BTreeMap<UsageCategory, f64> = BTreeMap::new();
    for function in modeled {
        for line in function.lines {
            if let Some(category) = UsageCategory::of_line(line.kind) {
                *modeled_by.entry(category).or_default() += line.usd;
            }
        }
    }
    let categories: BTreeSet<UsageCategory> =
        billed_by.keys().chain(modeled_by.keys()).copied().collect();
    let by_usage_type: Vec<ReconciliationRow> = categories
        .into_iter()
        .map(|c| {
            ReconciliationRow::new(
                serde_json::to_value(c)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                billed_by.get(&c).copied().unwrap_or(0.0),
                modeled_by.get(&c).copied().unwrap_or(0.0),
            )
        })
        .collect();

    // Per function: resource-level lines, scaled by the days they cover.
    let mut lookup: HashMap<&str, usize> = HashMap::new();
    for (index, function) in modeled.iter().enumerate() {
        lookup.entry(function.arn).or_insert(index);
        lookup.entry(function.key).or_insert(index);
        lookup.entry(function.name).or_insert(index);
    }
    let resource_days: BTreeSet<&str> = billed
        .iter()
        .filter(|b| b.function.is_some())
        .map(|b| b.date.as_str())
        .collect();
    let mut per_function: BTreeMap<usize, f64> = BTreeMap::new();
    if !resource_days.is_empty() {
        let scale = hours_per_month / (resource_days.len() as f64 * 24.0);
        for line in billed {
            if let Some(index) = line.function.as_deref().and_then(|f| lookup.get(f)) {
                *per_function.entry(*index).or_default() += line.usd * scale;
            }
        }
    }
    let by_function = per_function
        .into_iter()
        .map(|(index, billed)| {
            let function = &modeled[index];
            ReconciliationRow::new(
                function.key.to_string(),
                billed,
                crate::cost::total(function.lines),
            )
        })
        .collect();
    let billed_total: f64 = billed_by.values().sum();
    let modeled_total: f64 = modeled_by.values().sum();
    Some(Reconciliation {
        billed_days: days.len(),
        by_usage_type,
        by_function,
        total: ReconciliationRow::new("total".into(), billed_total, modeled_total),
        note: format!(
            "Billed amounts cover {} days, scaled to a {hours_per_month:.0}-hour month. Billed \
             figures are net of the free tier and any Savings Plans; the model applies them only \
             as the assumptions say.",
            days.len()
        ),
    })
}
