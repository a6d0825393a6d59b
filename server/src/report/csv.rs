//! The CSV report: one row per function (biggest Lambda spender first) under a fixed header
//! ([`HEADER`], documented in the README; columns are only ever added at the end). Money and
//! other numbers are written unrounded (Rust's shortest exact form), text cells are neutralised
//! against spreadsheet formulas ([`text::csv_text`]), and the `csv` crate quotes.

use super::model::Report;
use super::text::{csv_text, serde_name as enum_text};

pub const HEADER: [&str; 29] = [
    "function",
    "region",
    "arn",
    "runtime",
    "architecture",
    "memory_mb",
    "timeout_s",
    "package_type",
    "invoker",
    "tags",
    "monthly_invocations",
    "mean_requests_per_second",
    "peak_concurrency",
    "avg_duration_ms",
    "lambda_monthly_usd",
    "current_monthly_usd",
    "verdict",
    "option",
    "option_monthly_usd",
    "saving_monthly_usd",
    "confidence",
    "confidence_score",
    "container_score",
    "spend_rank",
    "spend_share",
    "signals_fired",
    "one_time_usd",
    "payback_months",
    "hints",
];

pub fn render(report: &Report) -> Vec<u8> {
    let mut writer =
        csv::Writer::from_writer(Vec::with_capacity(report.analysis.functions.len() * 400));
    writer.write_record(HEADER).expect("writing to memory");
    for &i in &report.analysis.fleet.pareto.ranked {
        let f = &report.analysis.functions[i];
        let facts = &report.functions[i];
        let row = &report.fleet.rows[i];
        let option_usd = f
            .options
            .get(f.verdict.option)
            .map(|o| o.monthly_usd.to_string())
            .unwrap_or_default();
        let tags = facts
            .tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let fired = f
            .signals
            .iter()
            .filter(|s| s.fired)
            .map(|s| s.kind.label())
            .collect::<Vec<_>>()
            .join("; ");
        let record: [String; 29] = [
            csv_text(&f.name),
            csv_text(&f.region),
            csv_text(&facts.arn),
            csv_text(facts.runtime.as_deref().unwrap_or("")),
            f.architecture.as_str().to_string(),
            f.memory_mb.to_string(),
            facts.timeout_s.to_string(),
            enum_text(&facts.package_type),
            facts.invoker.as_ref().map(enum_text).unwrap_or_default(),
            csv_text(&tags),
            row.monthly_invocations.to_string(),
            f.mean_requests_per_second.to_string(),
            f.peak_concurrency.to_string(),
            row.avg_duration_ms
                .map(|d| d.to_string())
                .unwrap_or_default(),
            f.lambda.monthly_usd.to_string(),
            f.options.current.monthly_usd.to_string(),
            f.verdict.kind.label().to_string(),
            f.verdict.option.label().to_string(),
            option_usd,
            f.verdict.monthly_saving_usd.to_string(),
            enum_text(&f.verdict.confidence),
            f.verdict.confidence_score.to_string(),
            row.score.to_string(),
            f.spend_rank.to_string(),
            f.spend_share.to_string(),
            fired,
            f.verdict.one_time_usd.to_string(),
            f.verdict
                .payback_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
            f.hints
                .iter()
                .map(|h| h.kind.label())
                .collect::<Vec<_>>()
                .join("; "),
        ];
        writer.write_record(&record).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}
