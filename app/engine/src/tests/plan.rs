//! The steady-core plan's bin-packing on crafted series.

use crate::analysis::{analyze, analyze_explained};
use crate::assumptions::Assumptions;
use crate::cost::options::OptionKind;
use crate::prices::Catalog;
use crate::snapshot::Function;
use crate::tests::build::{function, pattern, snapshot};

/// Busy (72,000 invocations of 1 s, 20 concurrent) in the hours where `even(hour)` holds, idle
/// otherwise.
fn alternating(name: &str, even: bool) -> Function {
    let busy = move |h: usize| h.is_multiple_of(2) == even;
    let mut f = function(name, 72_000.0, 1000.0);
    f.series.invocations = pattern(move |h| Some(if busy(h) { 72_000.0 } else { 0.0 }));
    f.series.concurrency_max = pattern(move |h| Some(if busy(h) { 20.0 } else { 0.0 }));
    f
}

/// Two anti-correlated 1,024 MB functions share tasks. vCPU per concurrent execution =
/// 1024/1769 × 0.5 / 0.6 = 0.482382; 20 concurrent → 9.64764 vCPU → 19.2953 tasks of 0.5 vCPU.
/// Alone, each runs 19.2953 tasks half the hours and the 2-task minimum the other half:
/// (19.2953 + 2) / 2 × 730 = 7,772.77 task-hours a month each, 15,545.55 together. Shared, the
/// hourly sum is 20 concurrent every hour: 19.2953 × 730 = 14,085.55 task-hours × ($0.02024 vCPU
/// + $0.004445 GB per task-hour) = $347.70 a month.
#[test]
fn anti_correlated_functions_share_tasks() {
    let s = snapshot(vec![alternating("even", true), alternating("odd", false)]);
    let (analysis, _) = analyze(&s, &Assumptions::default(), &Catalog::builtin());
    let plan = &analysis.plan;
    assert_eq!(plan.groups.len(), 1, "{:?}", plan.notes);
    let group = &plan.groups[0];
    assert_eq!(group.members, ["us-east-1/even", "us-east-1/odd"]);
    assert_eq!(format!("{:.4}", group.average_tasks), "19.2953");
    assert_eq!(format!("{:.4}", group.peak_tasks), "19.2953");
    assert_eq!(format!("{:.2}", group.after_usd), "347.70");
    let task_hours: f64 = group
        .lines
        .iter()
        .filter(|l| l.item == "Fargate x86 vCPU")
        .map(|l| l.quantity / group.task_vcpu)
        .sum();
    assert_eq!(format!("{task_hours:.2}"), "14085.55");
    // Alone, each function's Fargate x86 option pays for its own idle minimum.
    let (explained, _) = analyze_explained(&s, &Assumptions::default(), &Catalog::builtin());
    assert_eq!(explained.plan, analysis.plan);
    for f in &explained.functions {
        let fargate = f.options.get(OptionKind::FargateX86).unwrap();
        let alone: f64 = fargate
            .lines
            .iter()
            .filter(|l| l.item == "Fargate x86 vCPU")
            .map(|l| l.quantity / 0.5)
            .sum();
        assert_eq!(format!("{alone:.2}"), "7772.77", "{}", f.key);
    }
    // Both members move: 2 × 3 engineer-days × $600 = $3,600 one-time.
    assert_eq!(plan.members, 2);
    assert_eq!(plan.edges, 0);
    assert_eq!(format!("{:.2}", plan.one_time_usd), "3600.00");
    let saving = plan.before_usd - plan.after_usd;
    assert_eq!(format!("{:.2}", plan.saving_usd), format!("{saving:.2}"));
    assert_eq!(
        format!("{:.3}", plan.payback_months.unwrap()),
        format!("{:.3}", 3600.0 / saving)
    );
}

/// A function whose move saves nothing stays an edge; grouping by a tag splits services.
#[test]
fn edges_and_tag_groups() {
    let mut small = function("small", 10.0, 50.0);
    small.tags.insert("team".into(), "a".into());
    let mut even = alternating("even", true);
    even.tags.insert("team".into(), "a".into());
    let mut odd = alternating("odd", false);
    odd.tags.insert("team".into(), "b".into());
    let s = snapshot(vec![small, even, odd]);
    let by_team = Assumptions {
        plan_group_tag: "team".into(),
        ..Assumptions::default()
    };
    let (analysis, _) = analyze(&s, &by_team, &Catalog::builtin());
    let plan = &analysis.plan;
    assert_eq!(plan.edges, 1);
    let groups: Vec<(String, Vec<String>)> = plan
        .groups
        .iter()
        .map(|g| (g.tag.clone(), g.members.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            ("a".to_string(), vec!["us-east-1/even".to_string()]),
            ("b".to_string(), vec!["us-east-1/odd".to_string()]),
        ]
    );
    // Apart, each service keeps its own 2-task minimum in its idle hours.
    assert_eq!(format!("{:.2}", plan.groups[0].average_tasks), "10.65");
}
