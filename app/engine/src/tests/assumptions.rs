//! The assumptions table's ranges: one check for files, the saved set and the editor.

use crate::assumptions::{Assumptions, Check, FieldError, Group};

#[test]
fn every_value_out_of_range_is_named_at_once() {
    let mut a = Assumptions::default();
    assert_eq!(a.validate_all(), Vec::<FieldError>::new());
    a.hours_per_month = 1e308;
    a.utilisation_target = 0.0;
    a.task_vcpu = 0.3;
    a.baseline_percentile = 101.0;
    a.min_tasks = -1.0;
    let errors = a.validate_all();
    let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "hours_per_month",
            "utilisation_target",
            "min_tasks",
            "task_vcpu",
            "baseline_percentile"
        ]
    );
    assert_eq!(
        errors[0].message,
        "1e308 must be a positive number, at most 744"
    );
    assert_eq!(errors[1].message, "0 must be a fraction in (0, 1]");
    // `validate` names every one, on one line, as files are refused.
    let line = a.validate().unwrap_err().to_string();
    assert!(
        line.starts_with(&format!(
            "assumption hours_per_month: {}; assumption utilisation_target: ",
            errors[0].message
        )),
        "{line}"
    );
    assert_eq!(line.matches("; assumption ").count(), 4, "{line}");
}

#[test]
fn one_value_is_checked_by_its_own_range() {
    let check = |key: &str, value: serde_json::Value| Assumptions::check_value(key, &value);
    assert_eq!(check("min_saving_share", 0.0.into()), Ok(()));
    assert_eq!(
        check("utilisation_target", 0.0.into()),
        Err("0 must be a fraction in (0, 1]".to_string())
    );
    assert_eq!(check("task_vcpu", 0.25.into()), Ok(()));
    assert!(check("task_vcpu", 3.0.into()).is_err());
    assert_eq!(check("gpu_tag", "cuda".into()), Ok(()));
    assert!(check("no_such_key", 1.0.into()).is_err());
    assert_eq!(
        Assumptions::check_of("managed_instances_memory_gb_per_vcpu"),
        Some(Check::Within(2.0, 8.0))
    );
}

#[test]
fn every_default_is_in_range_and_every_assumption_has_a_group() {
    for info in Assumptions::describe() {
        assert!(Assumptions::check_of(&info.key).is_some(), "{}", info.key);
        assert_eq!(
            Assumptions::check_value(&info.key, &info.default),
            Ok(()),
            "{}",
            info.key
        );
        assert!(Group::ALL.contains(&info.group));
        assert!(!info.accepts.is_empty());
    }
}
