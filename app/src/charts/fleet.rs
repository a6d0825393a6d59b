//! The fleet overview's charts: the Pareto of spend and the steadiness-against-cost scatter.

use charming::{
    component::{Axis, Grid, Legend},
    datatype::{CompositeValue, DataPoint, DataPointItem},
    element::{AxisType, Formatter, ItemStyle, NameLocation, Tooltip, Trigger},
    series::{Bar, Line, Scatter},
    Chart,
};

use crate::engine::verdict::VerdictKind;
use crate::views::{ParetoBar, PlanService, ScatterPoint};

/// Verdict colours, the same as the badges in `style/main.css`.
pub const VERDICT_COLOURS: [(VerdictKind, &str); 4] = [
    (VerdictKind::Stay, "#2f855a"),
    (VerdictKind::Tune, "#b7791f"),
    (VerdictKind::Hybrid, "#6b46c1"),
    (VerdictKind::Move, "#c53030"),
];

/// Duration buckets of the scatter: (upper bound ms, symbol size px, label).
const DURATION_SIZES: [(f64, f64, &str); 4] = [
    (1_000.0, 7.0, "under 1 s"),
    (10_000.0, 12.0, "1–10 s"),
    (60_000.0, 18.0, "10–60 s"),
    (f64::INFINITY, 26.0, "over a minute"),
];

/// The steady-core plan: per shared service, the members' monthly cost today beside the
/// shared service's.
pub fn plan(services: &[PlanService]) -> Chart {
    let names: Vec<String> = services
        .iter()
        .map(|s| format!("{} · {} functions", s.name, s.members))
        .collect();
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(72).right(24).top(40).bottom(48))
        .x_axis(Axis::new().type_(AxisType::Category).data(names))
        .y_axis(Axis::new().type_(AxisType::Value).name("USD / month"))
        .series(
            Bar::new()
                .name("Today (Lambda and its front door)")
                .data(services.iter().map(|s| round2(s.before_usd)).collect()),
        )
        .series(
            Bar::new()
                .name("Shared container service")
                .data(services.iter().map(|s| round2(s.after_usd)).collect()),
        )
}

/// The biggest spenders as bars (USD / month) with the cumulative share of the fleet's spend as
/// a line on a 0–100 % axis; `target` (e.g. 0.8) drawn as the line the Pareto set reaches.
pub fn pareto(bars: &[ParetoBar], target: f64) -> Chart {
    let names: Vec<String> = bars.iter().map(|b| b.name.clone()).collect();
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(72).right(56).top(40).bottom(96))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(names)
                .axis_label(charming::element::AxisLabel::new().rotate(45)),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("USD / month"))
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("cumulative %")
                .min(0)
                .max(100),
        )
        .series(
            Bar::new()
                .name("Lambda cost / month")
                .data(bars.iter().map(|b| round2(b.monthly_usd)).collect()),
        )
        .series(
            Line::new()
                .name("Cumulative share of spend")
                .y_axis_index(1)
                .data(
                    bars.iter()
                        .map(|b| round2(b.cumulative_share * 100.0))
                        .collect(),
                )
                .mark_line(
                    charming::element::MarkLine::new()
                        .symbol(vec![
                            charming::element::Symbol::None,
                            charming::element::Symbol::None,
                        ])
                        .data(vec![charming::element::MarkLineVariant::Simple(
                            charming::element::MarkLineData::new()
                                .name(format!("{:.0} % of spend", target * 100.0))
                                .y_axis(round2(target * 100.0)),
                        )]),
                ),
        )
}

/// Each function as a point: steadiness (0 = idle or spiky, 1 = always busy) against its
/// monthly Lambda cost on a log axis; colour = verdict, size = average duration (4 buckets).
pub fn scatter(points: &[ScatterPoint]) -> Chart {
    let mut chart = Chart::new()
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Item)
                .formatter(Formatter::String(
                    "{a}: {b}<br/>steadiness, USD / month: {c}".into(),
                )),
        )
        .legend(
            Legend::new().top(0).data(
                VERDICT_COLOURS
                    .iter()
                    .map(|(v, _)| v.label().to_string())
                    .collect(),
            ),
        )
        .grid(Grid::new().left(72).right(32).top(40).bottom(56))
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("steadiness (steady-traffic signal strength)")
                .name_location(NameLocation::Middle)
                .name_gap(32)
                .min(0)
                .max(1),
        )
        .y_axis(Axis::new().type_(AxisType::Log).name("Lambda USD / month"));
    for (verdict, colour) in VERDICT_COLOURS {
        let mut lower = 0.0;
        for (upper, size, _) in DURATION_SIZES {
            let data: Vec<DataPoint> = points
                .iter()
                .filter(|p| p.verdict == verdict)
                .filter(|p| p.avg_duration_ms >= lower && p.avg_duration_ms < upper)
                // A log axis cannot place zero: a cent stands for "nothing".
                .map(|p| {
                    DataPoint::Item(
                        DataPointItem::new(CompositeValue::from(vec![
                            round2(p.steadiness),
                            round2(p.monthly_usd.max(0.01)),
                        ]))
                        .name(format!("{} ({})", p.name, p.region)),
                    )
                })
                .collect();
            lower = upper;
            if data.is_empty() {
                continue;
            }
            // Series of one verdict share its name, so the legend shows four entries.
            chart = chart.series(
                Scatter::new()
                    .name(verdict.label())
                    .symbol_size(size)
                    .item_style(ItemStyle::new().color(colour).opacity(0.75))
                    .data(data),
            );
        }
    }
    chart
}

/// The scatter's size legend, for the page text.
pub fn duration_size_legend() -> String {
    DURATION_SIZES
        .iter()
        .map(|(_, size, label)| format!("{label}: {size:.0} px"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str, verdict: VerdictKind, duration: f64, usd: f64) -> ScatterPoint {
        ScatterPoint {
            name: name.into(),
            region: "us-east-1".into(),
            steadiness: 0.25,
            monthly_usd: usd,
            avg_duration_ms: duration,
            verdict,
        }
    }

    #[test]
    fn scatter_colours_by_verdict_and_sizes_by_duration() {
        let chart = scatter(&[
            point("a", VerdictKind::Move, 120.0, 10.0),
            point("b", VerdictKind::Move, 90_000.0, 0.0),
            point("c", VerdictKind::Stay, 2_000.0, 1.5),
        ]);
        let json = serde_json::to_value(&chart).unwrap();
        let series = json["series"].as_array().unwrap();
        let summary: Vec<(String, f64, usize)> = series
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["symbolSize"].as_f64().unwrap(),
                    s["data"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Stay".to_string(), 12.0, 1),
                ("Move".to_string(), 7.0, 1),
                ("Move".to_string(), 26.0, 1)
            ]
        );
        assert_eq!(json["yAxis"]["type"], "log");
        // Zero spend sits at a cent on the log axis.
        assert_eq!(
            series[2]["data"][0]["value"],
            serde_json::json!([0.25, 0.01])
        );
        assert_eq!(series[2]["data"][0]["name"], "b (us-east-1)");
        assert_eq!(series[1]["itemStyle"]["color"], "#c53030");
    }

    #[test]
    fn pareto_draws_bars_the_cumulative_line_and_the_target() {
        let bars = [
            ParetoBar {
                name: "big".into(),
                region: "us-east-1".into(),
                monthly_usd: 70.004,
                cumulative_share: 0.7,
            },
            ParetoBar {
                name: "small".into(),
                region: "us-east-1".into(),
                monthly_usd: 20.0,
                cumulative_share: 0.9,
            },
        ];
        let json = serde_json::to_value(pareto(&bars, 0.8)).unwrap();
        assert_eq!(json["series"][0]["data"], serde_json::json!([70.0, 20.0]));
        assert_eq!(json["series"][1]["data"], serde_json::json!([70.0, 90.0]));
        assert_eq!(json["series"][1]["yAxisIndex"], 1.0);
        assert_eq!(json["series"][1]["markLine"]["data"][0]["yAxis"], 80.0);
        assert_eq!(json["xAxis"]["data"], serde_json::json!(["big", "small"]));
    }
}
