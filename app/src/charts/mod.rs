//! Chart builders: engine results and views in, `charming::Chart` out. No rendering here; the
//! browser renders with ECharts (served from our own origin), reports embed the same options.

pub mod fleet;
pub mod function;
pub mod report;

use charming::{
    component::{Axis, DataZoom, Grid},
    datatype::{CompositeValue, DataPoint},
    element::{AxisType, Tooltip, Trigger},
    series::Line,
    Chart,
};

use crate::engine::time;

/// ECharts' marker for a missing point: the line breaks there instead of dropping to zero.
fn point(value: Option<f64>) -> DataPoint {
    match value {
        Some(value) => DataPoint::Value(CompositeValue::from(value)),
        None => DataPoint::Value(CompositeValue::from("-")),
    }
}

/// `MM-DD HH:00` labels, one per hour from `window_start`.
pub fn hour_labels(window_start: &str, hours: usize) -> Vec<String> {
    let start = time::parse_rfc3339(window_start).unwrap_or(0);
    // The date is formatted once a day, the time of day by hand: a month is 720 labels.
    let mut date: (i64, String) = (i64::MIN, String::new());
    (0..hours)
        .map(|hour| {
            let at = start + hour as i64 * 3600;
            let day = at.div_euclid(86_400);
            if day != date.0 {
                date = (day, time::format_rfc3339(day * 86_400)[5..10].to_string());
            }
            let second = at.rem_euclid(86_400);
            let two_digits = |label: &mut String, number: i64| {
                label.push(char::from(b'0' + (number / 10) as u8));
                label.push(char::from(b'0' + (number % 10) as u8));
            };
            let mut label = String::with_capacity(11);
            label.push_str(&date.1);
            label.push(' ');
            two_digits(&mut label, second / 3600);
            label.push(':');
            two_digits(&mut label, second / 60 % 60);
            label
        })
        .collect()
}

/// The fleet's invocations per hour over the window.
pub fn fleet_invocations(window_start: &str, hourly: &[Option<f64>]) -> Chart {
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(64).right(24).top(24).bottom(64))
        .data_zoom(DataZoom::new().start(0).end(100))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(hour_labels(window_start, hourly.len())),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("invocations / hour"),
        )
        .series(
            Line::new()
                .name("Invocations")
                .show_symbol(false)
                .data(hourly.iter().map(|v| point(*v)).collect()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_hours_break_the_line_instead_of_dropping_to_zero() {
        let chart = fleet_invocations("2026-10-05T00:00:00Z", &[Some(3.0), None, Some(5.0)]);
        let json = serde_json::to_value(&chart).unwrap();
        assert_eq!(
            json["series"][0]["data"],
            serde_json::json!([3.0, "-", 5.0])
        );
        assert_eq!(
            json["xAxis"]["data"],
            serde_json::json!(["10-05 00:00", "10-05 01:00", "10-05 02:00"])
        );
    }

    #[test]
    fn hour_labels_are_each_hours_date_and_time_of_day() {
        // Over a month end and a year end, from a start that is not on the hour.
        for start in ["2026-10-30T22:00:00Z", "2025-12-31T23:30:00Z"] {
            let labels = hour_labels(start, 80);
            let at = time::parse_rfc3339(start).unwrap();
            for (hour, label) in labels.iter().enumerate() {
                let text = time::format_rfc3339(at + hour as i64 * 3600);
                assert_eq!(label, &format!("{} {}", &text[5..10], &text[11..16]));
            }
        }
        assert_eq!(
            hour_labels("2025-12-31T23:30:00Z", 2),
            ["12-31 23:30", "01-01 00:30"]
        );
    }
}
