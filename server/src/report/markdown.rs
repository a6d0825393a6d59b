//! The Markdown report: the summary and tables, in GitHub-flavoured Markdown that pastes into
//! GitHub or Confluence. Every piece of data goes through [`text::markdown`] and only ever
//! follows fixed text on its line (a table cell, a list item's label), so no name or tag can
//! start a block, end a cell, or become a link, HTML or a macro.

use std::fmt::Write;

use berth_app::engine::verdict::VerdictKind;
use berth_app::ui::fleet::plan_summary;
use berth_app::ui::format::{payback, thousands, usd};

use super::model::Report;
use super::text::{self, markdown as md};

pub fn render(report: &Report) -> Vec<u8> {
    let meta = &report.meta;
    let fleet = &report.analysis.fleet;
    let mut out = String::with_capacity(200 * report.analysis.functions.len() + 4096);
    let _ = writeln!(out, "# Review: {}\n", md(&meta.title));
    let rows: [(&str, String); 9] = [
        (
            "Prepared for",
            md(meta.prepared_for.as_deref().unwrap_or("—")),
        ),
        (
            "Prepared by",
            md(meta.prepared_by.as_deref().unwrap_or("—")),
        ),
        ("Accounts", md(&meta.accounts.join(", "))),
        ("Regions", md(&meta.regions.join(", "))),
        (
            "Observed window",
            md(&format!(
                "{} to {} ({} hours)",
                meta.window_start, meta.window_end, meta.window_hours
            )),
        ),
        ("Generated at", md(&meta.generated_at)),
        (
            "Price catalog",
            md(&format!(
                "{}, prices as of {}",
                meta.price_catalog, meta.prices_as_of
            )),
        ),
        ("Berth version", md(&meta.berth_version)),
        (
            "Redacted",
            if meta.redacted {
                "yes".into()
            } else {
                "no".into()
            },
        ),
    ];
    out.push_str("| | |\n|---|---|\n");
    for (label, value) in rows {
        let _ = writeln!(out, "| {label} | {value} |");
    }
    let _ = writeln!(out, "\n> {}\n", md(&meta.confidentiality));

    out.push_str("## Summary\n\n| Figure | Monthly |\n|---|---:|\n");
    let _ = writeln!(
        out,
        "| Modeled Lambda spend | {} |",
        md(&usd(fleet.lambda_monthly_usd))
    );
    let _ = writeln!(
        out,
        "| With API Gateway | {} |",
        md(&usd(fleet.current_monthly_usd))
    );
    let _ = writeln!(
        out,
        "| Billed Lambda spend | {} |",
        report
            .billed_monthly_usd()
            .map_or("not in the snapshot".into(), |b| md(&usd(b)))
    );
    let _ = writeln!(
        out,
        "| Saving available | {} |",
        md(&usd(fleet.total_saving_usd))
    );
    let _ = writeln!(
        out,
        "| One-time effort | {} ({}) |",
        md(&usd(fleet.one_time_usd)),
        md(&payback(fleet.payback_months))
    );
    out.push_str("\n| Verdict | Functions | Saving / month | One-time |\n|---|---:|---:|---:|\n");
    for kind in VerdictKind::ALL {
        let of = |by: &std::collections::BTreeMap<VerdictKind, f64>| {
            md(&usd(by.get(&kind).copied().unwrap_or(0.0)))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            kind.label(),
            fleet.verdict_counts.get(&kind).copied().unwrap_or(0),
            of(&fleet.saving_by_verdict),
            of(&fleet.one_time_by_verdict)
        );
    }
    out.push_str("\n### Top actions\n\n");
    if report.top_actions.is_empty() {
        out.push_str("No change saves money at today's traffic.\n");
    }
    for (n, &i) in report.top_actions.iter().enumerate() {
        let f = &report.analysis.functions[i];
        let _ = writeln!(
            out,
            "{}. Function **{}**: {} to {}, saves **{}** a month for {} one-time, {}",
            n + 1,
            md(&f.key),
            f.verdict.kind.label(),
            md(f.verdict.option.label()),
            md(&usd(f.verdict.monthly_saving_usd)),
            md(&usd(f.verdict.one_time_usd)),
            md(&payback(f.verdict.payback_months))
        );
    }

    let plan = &report.fleet.plan;
    let _ = writeln!(out, "\n## The steady core\n\n{}", md(&plan_summary(plan)));
    if !plan.services.is_empty() {
        out.push_str("\n| Service | Functions | Tasks (mean / peak) | Today / month | Shared service / month | Payback |\n|---|---:|---:|---:|---:|---:|\n");
        for service in &plan.services {
            let _ = writeln!(
                out,
                "| {} | {} | {} / {} | {} | {} | {} |",
                md(&service.name),
                service.members,
                md(&text::number(service.average_tasks)),
                md(&text::number(service.peak_tasks)),
                md(&usd(service.before_usd)),
                md(&usd(service.after_usd)),
                md(&payback(service.payback_months))
            );
        }
    }

    out.push_str("\n## Hints\n\n| Hint | Functions | Suggested fix |\n|---|---:|---|\n");
    for (kind, count) in &fleet.hint_counts {
        let _ = writeln!(
            out,
            "| {} | {count} | {} |",
            md(kind.label()),
            md(kind.fix())
        );
    }

    out.push_str("\n## Concurrency per region\n\n| Region | Functions | Peak | Limit | Share |\n|---|---:|---:|---:|---:|\n");
    for r in &fleet.regions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{} | {} |",
            md(&r.region),
            r.functions,
            md(&text::number(r.peak_concurrency)),
            md(&text::number(r.limit)),
            if r.limit_known { "" } else { " (default)" },
            md(&text::percent(r.share_of_limit))
        );
    }

    let _ = writeln!(
        out,
        "\n## Every function ({})\n\n| Rank | Function | Verdict | Option | Now / month | Lambda / month | Saving / month | Confidence | Signals |\n|---:|---|---|---|---:|---:|---:|---|---|",
        thousands(report.analysis.functions.len() as u64)
    );
    for &i in &fleet.pareto.ranked {
        let f = &report.analysis.functions[i];
        let row = &report.fleet.rows[i];
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            f.spend_rank,
            md(&f.key),
            f.verdict.kind.label(),
            md(f.verdict.option.label()),
            md(&usd(f.options.current.monthly_usd)),
            md(&usd(f.lambda.monthly_usd)),
            md(&usd(f.verdict.monthly_saving_usd)),
            f.verdict.confidence.as_str(),
            md(&text::signal_labels(&row.signals))
        );
    }
    let changed: Vec<_> = report.assumptions.iter().filter(|a| a.changed).collect();
    out.push_str("\n## Assumptions changed from the defaults\n\n");
    if changed.is_empty() {
        out.push_str("None: every assumption is at its default.\n");
    } else {
        out.push_str("| Assumption | Value | Default | Unit |\n|---|---:|---:|---|\n");
        for a in changed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&a.label),
                md(&text::json_value(&a.value)),
                md(&text::json_value(&a.default)),
                md(&a.unit)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nMonthly figures in USD, modeled from {}, prices as of {}. Price overrides: {}. Warnings: {}.",
        md(&meta.price_catalog),
        md(&meta.prices_as_of),
        if report.price_overrides.is_some() { "yes" } else { "none" },
        report.warnings.len()
    );
    out.into_bytes()
}
