//! `Hourly` keeps every value exactly whichever way it is stored (wide, narrow, shared); the
//! sharing itself is a memory figure, measured by the `demo_summary` example, not asserted here.

use crate::snapshot::Hourly;

fn round_trip(values: &[Option<f64>]) {
    let series = Hourly::from_options(values.iter().copied());
    assert_eq!(series.len(), values.len());
    let back: Vec<Option<f64>> = series.iter().collect();
    assert_eq!(back, values);
    for (hour, value) in values.iter().enumerate() {
        assert_eq!(series.get(hour), *value, "hour {hour}");
    }
    let mut scratch = Vec::new();
    let dense = series.dense(&mut scratch);
    assert_eq!(dense.len(), values.len());
    for (d, v) in dense.iter().zip(values) {
        assert_eq!(if d.is_nan() { None } else { Some(*d as f64) }, *v);
    }
    let json = serde_json::to_string(&series).unwrap();
    let parsed: Hourly = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, series);
    assert_eq!(series.sum(), values.iter().flatten().sum::<f64>());
    assert_eq!(series.present_count(), values.iter().flatten().count());
}

#[test]
fn every_representation_keeps_its_values() {
    // Whole numbers below 65,535 with gaps (stored narrow).
    round_trip(&[Some(0.0), None, Some(3.0), Some(65_534.0), None]);
    // A count at the narrow limit and above stays wide and exact.
    round_trip(&[Some(65_535.0), Some(1.0), None, Some(1_000_000.0)]);
    // Fractions (durations) stay wide.
    round_trip(&[Some(12.5), None, Some(0.25)]);
    // Uniform: all zero, all missing, all one value.
    round_trip(&[Some(0.0); 4]);
    round_trip(&[None; 4]);
    round_trip(&[Some(7.5); 3]);
    round_trip(&[]);
}

#[test]
fn uniform_series_compare_by_value_and_length() {
    let a = Hourly::from_values([0.0; 720]);
    let b = Hourly::from_values([0.0; 720]);
    let c = Hourly::missing(720);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(c, Hourly::from_options([None; 720]));
    assert_eq!(c.max(), None);
    assert_eq!(a.max(), Some(0.0));
    // A different length is a different series.
    assert_ne!(
        Hourly::from_values([0.0; 24]),
        Hourly::from_values([0.0; 25])
    );
}

#[test]
fn narrow_and_wide_series_of_the_same_values_are_equal() {
    let narrow = Hourly::from_values([1.0, 2.0, 3.0]);
    let wide_then_same = Hourly::from_options([Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(narrow, wide_then_same);
    // Negative values are kept (validation rejects them with the hour named), not clamped.
    let negative = Hourly::from_values([1.0, -2.0]);
    assert_eq!(negative.get(1), Some(-2.0));
}
