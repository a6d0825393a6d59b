//! Charts of one function: its traffic, an hour-of-week heatmap, its durations against the
//! timeout, and the cost projection of its options. Engine data in, `charming::Chart` out.

use charming::{
    component::{Axis, DataZoom, Grid, Legend, VisualMap},
    datatype::{CompositeValue, DataPoint},
    element::{
        AxisLabel, AxisType, LineStyle, LineStyleType, MarkLine, MarkLineData, MarkLineVariant,
        NameLocation, Orient, Symbol, Tooltip, Trigger,
    },
    series::{Heatmap, Line},
    Chart,
};

use super::hour_labels;
use crate::engine::cost::options::OptionKind;
use crate::engine::projection::{BreakEven, Projection};
use crate::engine::snapshot::{Function, Hourly};
use crate::engine::time;

/// Monday first, as `time::weekday` counts.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn point(value: Option<f64>) -> DataPoint {
    match value {
        Some(value) => DataPoint::Value(CompositeValue::from(value)),
        None => DataPoint::Value(CompositeValue::from("-")),
    }
}

fn series_points(series: &Hourly) -> Vec<DataPoint> {
    series.iter().map(point).collect()
}

fn time_axis(window_start: &str, hours: usize) -> Axis {
    Axis::new()
        .type_(AxisType::Category)
        .data(hour_labels(window_start, hours))
}

/// Invocations per hour (left axis) and the hour's peak concurrency (right axis).
pub fn traffic(window_start: &str, function: &Function) -> Chart {
    let series = &function.series;
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(64).right(64).top(32).bottom(64))
        .data_zoom(DataZoom::new().start(0).end(100))
        .x_axis(time_axis(window_start, series.invocations.len()))
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("invocations / hour"),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("peak concurrency"))
        .series(
            Line::new()
                .name("Invocations")
                .show_symbol(false)
                .data(series_points(&series.invocations)),
        )
        .series(
            Line::new()
                .name("Peak concurrency")
                .show_symbol(false)
                .y_axis_index(1)
                .data(series_points(&series.concurrency_max)),
        )
}

/// Mean invocations per hour for each hour of the week (UTC), `[weekday][hour of day]`, over the
/// hours that have a count; `None` where the window has no such hour.
pub fn hour_of_week_means(window_start: &str, invocations: &Hourly) -> [[Option<f64>; 24]; 7] {
    let start = time::parse_rfc3339(window_start).unwrap_or(0);
    let mut sums = [[(0.0, 0u32); 24]; 7];
    for (hour, value) in invocations.iter().enumerate() {
        let Some(value) = value else { continue };
        let at = start + hour as i64 * 3600;
        let day = time::weekday(at) as usize;
        let hour_of_day = at.div_euclid(3600).rem_euclid(24) as usize;
        let cell = &mut sums[day][hour_of_day];
        cell.0 += value;
        cell.1 += 1;
    }
    sums.map(|day| day.map(|(sum, count)| (count > 0).then(|| sum / count as f64)))
}

/// Hour-of-week heatmap of traffic: hour of day across, weekday down, mean invocations per hour.
pub fn hour_of_week(window_start: &str, invocations: &Hourly) -> Chart {
    let means = hour_of_week_means(window_start, invocations);
    let highest = means
        .iter()
        .flatten()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let mut data: Vec<Vec<DataPoint>> = Vec::with_capacity(7 * 24);
    for (day, hours) in means.iter().enumerate() {
        for (hour, mean) in hours.iter().enumerate() {
            data.push(vec![
                DataPoint::from(hour as i64),
                DataPoint::from(day as i64),
                point(mean.map(|m| (m * 10.0).round() / 10.0)),
            ]);
        }
    }
    Chart::new()
        .tooltip(Tooltip::new())
        .grid(Grid::new().left(48).right(24).top(16).bottom(72))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name("hour of day (UTC)")
                .name_location(NameLocation::Middle)
                .name_gap(28)
                .data((0..24).map(|h| format!("{h:02}")).collect()),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(WEEKDAYS.iter().map(|d| d.to_string()).collect()),
        )
        .visual_map(
            VisualMap::new()
                .min(0)
                .max(highest.max(1.0))
                .calculable(true)
                .orient(Orient::Horizontal)
                .left("center")
                .bottom(0),
        )
        .series(Heatmap::new().name("Mean invocations / hour").data(data))
}

/// Average, p99 and maximum duration per hour, with the configured timeout as a line.
pub fn durations(window_start: &str, function: &Function) -> Chart {
    let series = &function.series;
    let timeout_ms = function.timeout_s as f64 * 1000.0;
    let timeout = MarkLine::new()
        .symbol(vec![Symbol::None, Symbol::None])
        .line_style(LineStyle::new().type_(LineStyleType::Dashed))
        .data(vec![MarkLineVariant::Simple(
            MarkLineData::new()
                .name(format!("timeout {} s", function.timeout_s))
                .y_axis(timeout_ms),
        )]);
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(72).right(24).top(32).bottom(64))
        .data_zoom(DataZoom::new().start(0).end(100))
        .x_axis(time_axis(window_start, series.duration_avg_ms.len()))
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("ms")
                // The timeout line stays in view even when every duration is far below it.
                .max(timeout_ms),
        )
        .series(
            Line::new()
                .name("Average")
                .show_symbol(false)
                .data(series_points(&series.duration_avg_ms)),
        )
        .series(
            Line::new()
                .name("p99")
                .show_symbol(false)
                .data(series_points(&series.duration_p99_ms)),
        )
        .series(
            Line::new()
                .name("Maximum")
                .show_symbol(false)
                .data(series_points(&series.duration_max_ms))
                .mark_line(timeout),
        )
}

/// Each option's monthly cost against the traffic multiplier (log axis, 0.1×–20×), today (1×)
/// marked, and each option's break-even with the current setup marked on its line.
pub fn projection(projection: &Projection) -> Chart {
    let line = |name: &str, costs: &[f64]| {
        Line::new().name(name).show_symbol(false).data(
            projection
                .multipliers
                .iter()
                .zip(costs)
                .map(|(k, usd)| {
                    DataPoint::from(CompositeValue::from(vec![
                        CompositeValue::from(*k),
                        CompositeValue::from((usd * 100.0).round() / 100.0),
                    ]))
                })
                .collect(),
        )
    };
    let today = MarkLine::new()
        .symbol(vec![Symbol::None, Symbol::None])
        .line_style(LineStyle::new().type_(LineStyleType::Dotted))
        .data(vec![MarkLineVariant::Simple(
            MarkLineData::new().name("today (1×)").x_axis(1.0),
        )]);
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(
            Legend::new()
                .top(0)
                .type_(charming::component::LegendType::Scroll),
        )
        .grid(Grid::new().left(80).right(32).top(40).bottom(48))
        .x_axis(
            Axis::new()
                .type_(AxisType::Log)
                .log_base(10)
                .min(projection.multipliers.first().copied().unwrap_or(0.1))
                .max(projection.multipliers.last().copied().unwrap_or(20.0))
                .name("traffic × today")
                .name_location(NameLocation::Middle)
                .name_gap(28)
                .axis_label(AxisLabel::new().formatter("{value}×")),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("USD / month"))
        .series(line(OptionKind::Current.label(), &projection.current).mark_line(today));
    for option in &projection.options {
        let mut series = line(option.kind.label(), &option.monthly_usd);
        if let BreakEven::At { multiplier, .. } = option.break_even {
            series = series.mark_line(
                MarkLine::new()
                    .symbol(vec![Symbol::None, Symbol::None])
                    .line_style(LineStyle::new().type_(LineStyleType::Dashed))
                    .data(vec![MarkLineVariant::Simple(
                        MarkLineData::new()
                            .name(format!("break-even {multiplier:.2}×"))
                            .x_axis(multiplier),
                    )]),
            );
        }
        chart = chart.series(series);
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{generate, DemoConfig};
    use crate::engine::{project_function, Assumptions, Catalog};

    fn json(chart: &Chart) -> serde_json::Value {
        serde_json::to_value(chart).unwrap()
    }

    #[test]
    fn hour_of_week_is_seven_by_twenty_four_with_means_of_real_hours() {
        // 2026-10-05 is a Monday. Two weeks: Monday 00:00 has 10 then 30 → mean 20; one hour
        // missing (Monday 01:00 in week 1) leaves the other week's value alone.
        let mut values: Vec<Option<f64>> = vec![Some(1.0); 24 * 14];
        values[0] = Some(10.0);
        values[7 * 24] = Some(30.0);
        values[1] = None;
        values[7 * 24 + 1] = Some(4.0);
        values[2 * 24 + 13] = Some(7.0); // Wednesday 13:00, week 1
        let invocations = Hourly::from_options(values);
        let chart = hour_of_week("2026-10-05T00:00:00Z", &invocations);
        let json = json(&chart);
        let data = json["series"][0]["data"].as_array().unwrap();
        assert_eq!(data.len(), 7 * 24);
        assert_eq!(data[0], serde_json::json!([0, 0, 20.0]));
        assert_eq!(data[1], serde_json::json!([1, 0, 4.0]));
        assert_eq!(data[2 * 24 + 13], serde_json::json!([13, 2, 4.0]));
        assert_eq!(data[6 * 24 + 23], serde_json::json!([23, 6, 1.0]));
        assert_eq!(json["series"][0]["type"], "heatmap");
        assert_eq!(json["yAxis"]["data"][0], "Mon");
        assert_eq!(json["xAxis"]["data"].as_array().unwrap().len(), 24);
        assert_eq!(json["visualMap"][0]["max"], 20.0);
    }

    #[test]
    fn a_window_shorter_than_a_week_leaves_cells_empty() {
        let invocations = Hourly::from_options(vec![Some(5.0); 24]);
        let json = json(&hour_of_week("2026-10-07T00:00:00Z", &invocations));
        let data = json["series"][0]["data"].as_array().unwrap();
        assert_eq!(data[2 * 24], serde_json::json!([0, 2, 5.0]), "Wednesday");
        assert_eq!(data[0], serde_json::json!([0, 0, "-"]), "no Monday");
    }

    #[test]
    fn projection_has_a_log_axis_and_marks_break_evens() {
        let snapshot = generate(&DemoConfig::default());
        let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
        // A demo function with at least one option crossing the current setup in range.
        let (projected, crossing) = snapshot
            .functions
            .iter()
            .find_map(|function| {
                let projected = project_function(function, &assumptions, &catalog);
                let crossing = projected.options.iter().find_map(|o| match o.break_even {
                    BreakEven::At { multiplier, .. } => Some((o.kind, multiplier)),
                    BreakEven::Never => None,
                })?;
                Some((projected, crossing))
            })
            .expect("the demo fleet has a break-even");
        let json = json(&projection(&projected));
        assert_eq!(json["xAxis"]["type"], "log");
        assert_eq!(json["xAxis"]["min"], 0.1);
        assert_eq!(json["xAxis"]["max"], 20.0);
        let series = json["series"].as_array().unwrap();
        assert_eq!(series.len(), 1 + projected.options.len());
        assert_eq!(series[0]["name"], "Lambda as is");
        assert_eq!(series[0]["markLine"]["data"][0]["xAxis"], 1.0);
        assert_eq!(series[0]["data"].as_array().unwrap().len(), 31);
        assert_eq!(series[0]["data"][0][0], 0.1);
        let (kind, multiplier) = crossing;
        let marked = series
            .iter()
            .find(|s| s["name"] == kind.label())
            .expect("the crossing option is drawn");
        assert_eq!(marked["markLine"]["data"][0]["xAxis"], multiplier);
        assert!(marked["markLine"]["data"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("break-even "));
    }

    #[test]
    fn durations_draw_the_timeout_line() {
        let snapshot = generate(&DemoConfig {
            functions: 8,
            ..DemoConfig::default()
        });
        let function = &snapshot.functions[0];
        let json = json(&durations(&snapshot.window.start, function));
        let timeout_ms = function.timeout_s as f64 * 1000.0;
        assert_eq!(json["series"].as_array().unwrap().len(), 3);
        assert_eq!(
            json["series"][2]["markLine"]["data"][0]["yAxis"],
            timeout_ms
        );
        assert_eq!(json["yAxis"]["max"], timeout_ms);
        let traffic = json_of_traffic(&snapshot.window.start, function);
        assert_eq!(traffic["series"][1]["yAxisIndex"], 1.0);
        assert_eq!(
            traffic["series"][0]["data"].as_array().unwrap().len(),
            snapshot.window.hours as usize
        );
    }

    fn json_of_traffic(window_start: &str, function: &Function) -> serde_json::Value {
        json(&traffic(window_start, function))
    }
}
