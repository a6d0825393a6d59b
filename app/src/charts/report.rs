//! Charts only the reports draw: functions per verdict, and each region's peak concurrency
//! against its limit. View data in, `charming::Chart` out, like the dashboard's builders (the
//! reports reuse those too: the Pareto, the scatter and the projection).

use charming::{
    component::{Axis, Grid, Legend},
    datatype::{CompositeValue, DataPoint, DataPointItem},
    element::{AxisType, ItemStyle, Label, LabelPosition},
    series::Bar,
    Chart,
};

use super::fleet::VERDICT_COLOURS;
use crate::engine::verdict::VerdictKind;
use crate::views::RegionShare;

/// Functions per verdict as bars in the verdict colours, counts written on the bars.
pub fn verdict_counts(counts: &[(VerdictKind, usize)]) -> Chart {
    let data = counts
        .iter()
        .map(|(verdict, count)| {
            let colour = VERDICT_COLOURS
                .iter()
                .find(|(v, _)| v == verdict)
                .map_or("#4a5568", |(_, c)| c);
            DataPoint::Item(
                DataPointItem::new(CompositeValue::from(*count as f64))
                    .item_style(ItemStyle::new().color(colour)),
            )
        })
        .collect();
    Chart::new()
        .grid(Grid::new().left(56).right(24).top(24).bottom(32))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(counts.iter().map(|(v, _)| v.label().to_string()).collect()),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("functions"))
        .series(
            Bar::new()
                .name("functions")
                .label(Label::new().show(true).position(LabelPosition::Top))
                .data(data),
        )
}

/// Per region, the peak concurrency (sum of the functions' hourly peaks) beside the region's
/// concurrency limit.
pub fn concurrency_budget(regions: &[RegionShare]) -> Chart {
    let round = |value: f64| (value * 10.0).round() / 10.0;
    Chart::new()
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(64).right(24).top(40).bottom(48))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(regions.iter().map(|r| r.region.clone()).collect()),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("concurrent executions"),
        )
        .series(
            Bar::new()
                .name("peak concurrency")
                .item_style(ItemStyle::new().color("#3182ce"))
                .data(regions.iter().map(|r| round(r.peak_concurrency)).collect()),
        )
        .series(
            Bar::new()
                .name("limit")
                .item_style(ItemStyle::new().color("#a0aec0"))
                .data(regions.iter().map(|r| round(r.limit)).collect()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_bars_carry_the_counts_in_order() {
        let chart = verdict_counts(&[(VerdictKind::Stay, 3), (VerdictKind::Move, 1)]);
        let json = serde_json::to_value(&chart).unwrap();
        // One axis serialises as an object.
        assert_eq!(json["xAxis"]["data"], serde_json::json!(["Stay", "Move"]));
        assert_eq!(json["series"][0]["data"][0]["value"], 3.0);
        assert_eq!(json["series"][0]["data"][1]["value"], 1.0);
    }
}
