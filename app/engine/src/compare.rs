//! Two snapshots of a fleet side by side: fleet totals before and after, the functions whose
//! verdict changed, the biggest changes in modeled Lambda spend, and the functions added or
//! removed. Built on [`crate::analyze`]; functions are matched by `region/name`.
//!
//! Monthly figures are normalised to a month (`hours_per_month`) by the analysis, so snapshots of
//! different window lengths compare directly.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::analysis::{analyze, Analysis, FunctionAnalysis};
use crate::assumptions::Assumptions;
use crate::prices::Catalog;
use crate::snapshot::Snapshot;
use crate::verdict::VerdictKind;
use crate::warning::Warning;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetTotals {
    pub functions: usize,
    /// Lambda alone, monthly.
    pub lambda_monthly_usd: f64,
    /// Lambda plus API Gateway fronts, monthly.
    pub current_monthly_usd: f64,
    pub total_saving_usd: f64,
    /// Every verdict, zero counts included, in [`VerdictKind::ALL`] order.
    pub verdict_counts: BTreeMap<VerdictKind, usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerdictChange {
    /// `region/name`.
    pub key: String,
    pub before: VerdictKind,
    pub after: VerdictKind,
    pub before_saving_usd: f64,
    pub after_saving_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpendChange {
    pub key: String,
    pub before_usd: f64,
    pub after_usd: f64,
    /// `after_usd - before_usd`.
    pub change_usd: f64,
}

/// A function present on one side only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneSided {
    pub key: String,
    pub lambda_monthly_usd: f64,
    pub verdict: VerdictKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub before: FleetTotals,
    pub after: FleetTotals,
    /// Functions in both snapshots whose verdict differs, by key.
    pub verdict_changes: Vec<VerdictChange>,
    /// Functions in both snapshots whose modeled Lambda spend changed, biggest change (either
    /// way) first, at most `top` of them.
    pub spend_changes: Vec<SpendChange>,
    /// How many functions in both snapshots changed spend (before truncation to `top`).
    pub spend_changed: usize,
    /// In `after` only, biggest spender first.
    pub added: Vec<OneSided>,
    /// In `before` only, biggest spender first.
    pub removed: Vec<OneSided>,
}

/// Analyses both snapshots and compares them. Never fails; the warnings are both analyses'.
pub fn compare(
    before: &Snapshot,
    after: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
    top: usize,
) -> (Comparison, Vec<Warning>) {
    let (before, mut warnings) = analyze(before, assumptions, catalog);
    let (after, after_warnings) = analyze(after, assumptions, catalog);
    warnings.extend(after_warnings);
    warnings.sort();
    warnings.dedup();
    (compare_analyses(&before, &after, top), warnings)
}

/// Compares two analyses (see [`compare`]); `top` caps `spend_changes`.
pub fn compare_analyses(before: &Analysis, after: &Analysis, top: usize) -> Comparison {
    let before_by_key: HashMap<&str, &FunctionAnalysis> = before
        .functions
        .iter()
        .map(|f| (f.key.as_str(), f))
        .collect();
    let after_by_key: HashMap<&str, &FunctionAnalysis> = after
        .functions
        .iter()
        .map(|f| (f.key.as_str(), f))
        .collect();

    let mut verdict_changes = Vec::new();
    let mut spend_changes = Vec::new();
    let mut added = Vec::new();
    for new in &after.functions {
        let Some(old) = before_by_key.get(new.key.as_str()) else {
            added.push(one_sided(new));
            continue;
        };
        if old.verdict.kind != new.verdict.kind {
            verdict_changes.push(VerdictChange {
                key: new.key.clone(),
                before: old.verdict.kind,
                after: new.verdict.kind,
                before_saving_usd: old.verdict.monthly_saving_usd,
                after_saving_usd: new.verdict.monthly_saving_usd,
            });
        }
        let change_usd = new.lambda.monthly_usd - old.lambda.monthly_usd;
        // The analysis is deterministic: an unchanged function costs exactly the same.
        if change_usd != 0.0 {
            spend_changes.push(SpendChange {
                key: new.key.clone(),
                before_usd: old.lambda.monthly_usd,
                after_usd: new.lambda.monthly_usd,
                change_usd,
            });
        }
    }
    let mut removed: Vec<OneSided> = before
        .functions
        .iter()
        .filter(|f| !after_by_key.contains_key(f.key.as_str()))
        .map(one_sided)
        .collect();

    verdict_changes.sort_by(|a, b| a.key.cmp(&b.key));
    spend_changes.sort_by(|a, b| {
        b.change_usd
            .abs()
            .total_cmp(&a.change_usd.abs())
            .then_with(|| a.key.cmp(&b.key))
    });
    let spend_changed = spend_changes.len();
    spend_changes.truncate(top);
    for list in [&mut added, &mut removed] {
        list.sort_by(|a, b| {
            b.lambda_monthly_usd
                .total_cmp(&a.lambda_monthly_usd)
                .then_with(|| a.key.cmp(&b.key))
        });
    }
    Comparison {
        before: totals(before),
        after: totals(after),
        verdict_changes,
        spend_changes,
        spend_changed,
        added,
        removed,
    }
}

fn one_sided(function: &FunctionAnalysis) -> OneSided {
    OneSided {
        key: function.key.clone(),
        lambda_monthly_usd: function.lambda.monthly_usd,
        verdict: function.verdict.kind,
    }
}

fn totals(analysis: &Analysis) -> FleetTotals {
    let fleet = &analysis.fleet;
    FleetTotals {
        functions: fleet.functions,
        lambda_monthly_usd: fleet.lambda_monthly_usd,
        current_monthly_usd: fleet.current_monthly_usd,
        total_saving_usd: fleet.total_saving_usd,
        verdict_counts: VerdictKind::ALL
            .iter()
            .map(|kind| (*kind, fleet.verdict_counts.get(kind).copied().unwrap_or(0)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::build::{function, snapshot};

    fn check(before: &Snapshot, after: &Snapshot, expected: &str) {
        let catalog = Catalog::builtin();
        let assumptions = Assumptions::default();
        let (comparison, _) = compare(before, after, &assumptions, &catalog, 10);
        let mut text = format!(
            "functions {} -> {}; lambda {:.2} -> {:.2}; spend changed {}\n",
            comparison.before.functions,
            comparison.after.functions,
            comparison.before.lambda_monthly_usd,
            comparison.after.lambda_monthly_usd,
            comparison.spend_changed,
        );
        for change in &comparison.verdict_changes {
            text += &format!(
                "verdict {} {:?} -> {:?}\n",
                change.key, change.before, change.after
            );
        }
        for change in &comparison.spend_changes {
            text += &format!(
                "spend {} {:.2} -> {:.2} ({:+.2})\n",
                change.key, change.before_usd, change.after_usd, change.change_usd
            );
        }
        for added in &comparison.added {
            text += &format!("added {} {:.2}\n", added.key, added.lambda_monthly_usd);
        }
        for removed in &comparison.removed {
            text += &format!(
                "removed {} {:.2}\n",
                removed.key, removed.lambda_monthly_usd
            );
        }
        assert_eq!(text, expected);
    }

    /// Lambda cost of one function as the analysis models it, so expectations are not literals.
    fn cost(f: &crate::snapshot::Function) -> f64 {
        crate::cost::lambda::lambda_monthly_cost(
            f,
            f.series.invocations.len() as u32,
            &Catalog::builtin(),
            &Assumptions::default(),
        )
        .monthly_usd
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let fleet = snapshot(vec![
            function("a", 3600.0, 100.0),
            function("b", 10.0, 50.0),
        ]);
        let total = cost(&function("a", 3600.0, 100.0)) + cost(&function("b", 10.0, 50.0));
        check(
            &fleet,
            &fleet,
            &format!("functions 2 -> 2; lambda {total:.2} -> {total:.2}; spend changed 0\n"),
        );
    }

    #[test]
    fn spend_changes_added_and_removed_are_ranked_by_size() {
        let before = snapshot(vec![
            function("steady", 3600.0, 100.0),
            function("small", 10.0, 50.0),
            function("gone", 100.0, 100.0),
        ]);
        let after = snapshot(vec![
            function("steady", 7200.0, 100.0),
            function("small", 20.0, 50.0),
            function("new", 500.0, 200.0),
        ]);
        let [steady_0, steady_1, small_0, small_1, gone, new] = [
            function("steady", 3600.0, 100.0),
            function("steady", 7200.0, 100.0),
            function("small", 10.0, 50.0),
            function("small", 20.0, 50.0),
            function("gone", 100.0, 100.0),
            function("new", 500.0, 200.0),
        ]
        .map(|f| cost(&f));
        let (comparison, _) = compare(
            &before,
            &after,
            &Assumptions::default(),
            &Catalog::builtin(),
            10,
        );
        assert!(steady_1 - steady_0 > small_1 - small_0);
        check(
            &before,
            &after,
            &format!(
                "functions 3 -> 3; lambda {:.2} -> {:.2}; spend changed 2\n\
                 {}spend us-east-1/steady {steady_0:.2} -> {steady_1:.2} ({:+.2})\n\
                 spend us-east-1/small {small_0:.2} -> {small_1:.2} ({:+.2})\n\
                 added us-east-1/new {new:.2}\n\
                 removed us-east-1/gone {gone:.2}\n",
                steady_0 + small_0 + gone,
                steady_1 + small_1 + new,
                comparison
                    .verdict_changes
                    .iter()
                    .map(|c| format!("verdict {} {:?} -> {:?}\n", c.key, c.before, c.after))
                    .collect::<String>(),
                steady_1 - steady_0,
                small_1 - small_0,
            ),
        );
        // `top` keeps the biggest change and still counts them all.
        let (top_one, _) = compare(
            &before,
            &after,
            &Assumptions::default(),
            &Catalog::builtin(),
            1,
        );
        assert_eq!(top_one.spend_changes.len(), 1);
        assert_eq!(top_one.spend_changes[0].key, "us-east-1/steady");
        assert_eq!(top_one.spend_changed, 2);
    }

    #[test]
    fn a_verdict_change_is_reported_with_both_savings() {
        // 200 times the traffic turns a small steady API (stay) into one whose move pays back.
        let before = snapshot(vec![
            function("api", 3600.0, 100.0),
            function("b", 10.0, 10.0),
        ]);
        let after = snapshot(vec![
            function("api", 720_000.0, 100.0),
            function("b", 10.0, 10.0),
        ]);
        let catalog = Catalog::builtin();
        let assumptions = Assumptions::default();
        let (analysis, _) = analyze(&after, &assumptions, &catalog);
        let (comparison, _) = compare(&before, &after, &assumptions, &catalog, 5);
        assert_eq!(
            comparison
                .verdict_changes
                .iter()
                .map(|c| (c.key.as_str(), c.before, c.after, c.before_saving_usd))
                .collect::<Vec<_>>(),
            [("us-east-1/api", VerdictKind::Stay, VerdictKind::Move, 0.0)]
        );
        let saving = analysis.functions[0].verdict.monthly_saving_usd;
        assert!(saving > 0.0);
        assert_eq!(comparison.verdict_changes[0].after_saving_usd, saving);
        assert_eq!(comparison.before.verdict_counts[&VerdictKind::Move], 0);
        assert_eq!(comparison.after.verdict_counts[&VerdictKind::Move], 1);
        assert_eq!(
            comparison.after.total_saving_usd,
            analysis.fleet.total_saving_usd
        );
    }
}
