//! Cost models: Lambda from a function's series ([`lambda`]), Fargate and ECS on EC2 from the
//! container sizing model ([`containers`]), the options per function ([`options`]) and the
//! pricing calculator behind `berth price` ([`calculator`]).
//!
//! Every amount is a monthly figure in `f64` USD (see [`crate::prices`] on money): windows shorter
//! or longer than a month are normalised to `Assumptions::hours_per_month` (730) hours by scaling
//! the observed hours' usage by `730 / observed hours`. Every amount is the sum of its
//! [`LineItem`]s, each carrying the price it used, with that price's source and date.

pub mod calculator;
pub mod containers;
pub mod fargate;
pub mod lambda;
pub mod managed_instances;
pub mod options;
pub mod traffic;

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::prices::Price;

/// What a line is, for reconciliation with billed usage types and for grouping.
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
pub enum LineKind {
    LambdaRequests,
    LambdaDuration,
    LambdaProvisioned,
    LambdaProvisionedDuration,
    LambdaEphemeral,
    SavingsPlan,
    FargateVcpu,
    FargateMemory,
    FargateEphemeral,
    SpotDiscount,
    Ec2Instances,
    /// Lambda Managed Instances' management fee (a share of the instances' on-demand price).
    ManagedInstancesFee,
    LoadBalancer,
    ApiGateway,
}

impl LineKind {
    /// A discount line: `quantity` is the amount discounted (USD) and `unit_usd` minus the share
    /// taken off it.
    pub fn is_discount(self) -> bool {
        matches!(self, LineKind::SavingsPlan | LineKind::SpotDiscount)
    }
}

/// One cost component: `usd = quantity × unit_usd` (discount lines have a negative `unit_usd`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LineItem {
    pub item: Cow<'static, str>,
    pub kind: LineKind,
    pub quantity: f64,
    pub unit: Cow<'static, str>,
    pub unit_usd: f64,
    pub usd: f64,
    pub source: Arc<str>,
    pub as_of: Arc<str>,
}

impl LineItem {
    pub fn priced(
        item: impl Into<Cow<'static, str>>,
        kind: LineKind,
        quantity: f64,
        unit: impl Into<Cow<'static, str>>,
        price: &Price,
    ) -> LineItem {
        LineItem {
            item: item.into(),
            kind,
            quantity,
            unit: unit.into(),
            unit_usd: price.usd,
            usd: quantity * price.usd,
            source: price.source.clone(),
            as_of: price.as_of.clone(),
        }
    }

    /// A discount of `share` off `base_usd` (a negative line); `kind` is a discount kind
    /// ([`LineKind::is_discount`]).
    pub fn discount(
        item: impl Into<Cow<'static, str>>,
        kind: LineKind,
        share: f64,
        base_usd: f64,
        price: &Price,
    ) -> LineItem {
        debug_assert!(kind.is_discount(), "{kind:?} is not a discount");
        LineItem {
            item: item.into(),
            kind,
            quantity: base_usd,
            unit: Cow::Borrowed("USD discounted"),
            unit_usd: -share,
            usd: -share * base_usd,
            source: price.source.clone(),
            as_of: price.as_of.clone(),
        }
    }
}

/// Sum of the lines.
pub fn total(lines: &[LineItem]) -> f64 {
    lines.iter().map(|line| line.usd).sum()
}

/// The oldest `as_of` among the lines (the catalog's dates sort as text: `YYYY[-MM[-DD]]`).
pub fn oldest_as_of(lines: &[LineItem]) -> String {
    lines
        .iter()
        .map(|line| &*line.as_of)
        .min()
        .unwrap_or("")
        .to_string()
}

/// Distinct sources of the lines, in first-use order.
pub fn sources(lines: &[LineItem]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if !out.iter().any(|s| **s == *line.source) {
            out.push(line.source.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests;
