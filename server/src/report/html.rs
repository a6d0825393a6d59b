//! The HTML report: one self-contained file (inline CSS, ECharts inlined and drawing every chart
//! as SVG, no fonts or anything else fetched), written for a client who was not in the room, and
//! printable (A4 or Letter, a page break before each chapter, rows never cut, running header and
//! footer with page numbers). maud escapes every interpolated string; chart options travel as
//! JSON in `<script type="application/json">` with `<`, `>` and `&` escaped, so no name or tag
//! can close the element or become markup.

use berth_app::charts;
use berth_app::engine::analysis::FunctionAnalysis;
use berth_app::engine::cost::options::OptionKind;
use berth_app::engine::projection::BreakEven;
use berth_app::engine::signals::Signal;
use berth_app::engine::verdict::VerdictKind;
use berth_app::ui::fleet::plan_summary;
use berth_app::ui::format::{count, duration_ms, thousands, usd};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::model::Report;
use super::text;

/// ECharts (the common build: bar, line, scatter, mark lines, the SVG renderer), inlined into
/// every HTML report; from the npm package (`npm ci`), see build.rs.
const ECHARTS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../node_modules/echarts/dist/echarts.common.min.js"
));

/// Warnings listed in the appendix (the JSON report has every one).
pub const WARNINGS_LISTED: usize = 200;

/// Members named per shared service of the steady core (the JSON report has every one).
const PLAN_MEMBERS_LISTED: usize = 30;

const STYLE: &str = r#"
:root{--ink:#1a202c;--muted:#4a5568;--rule:#cbd5e0;--band:#f7fafc;--accent:#2b6cb0}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px}
h1{font-size:28px;margin:0 0 8px}h2{font-size:21px;margin:0 0 12px;border-bottom:2px solid var(--accent);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}h4{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:12px}
th,td{border-bottom:1px solid var(--rule);padding:3px 5px;text-align:left;vertical-align:top}
th{background:var(--band)}td.n,th.n{text-align:right;white-space:nowrap}
.muted{color:var(--muted)}.small{font-size:11px}
.chart{width:700px;max-width:100%;height:320px;margin:8px 0}
.figures{display:grid;grid-template-columns:repeat(2,1fr);gap:8px;margin:8px 0 16px}
.figure{border:1px solid var(--rule);padding:8px}.figure b{display:block;font-size:20px}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:11px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.Stay{background:#2f855a}.Tune{background:#b7791f}.Hybrid{background:#6b46c1}.Move{background:#c53030}
.changed{font-weight:bold}.fired{font-weight:bold}
dl.facts{display:grid;grid-template-columns:11em 1fr;gap:2px 12px;margin:12px 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.cover{min-height:80vh}.confidential{margin-top:32px;padding:8px;border:1px solid var(--rule);font-size:12px}
section.chapter{margin-top:40px}section.function{margin-top:24px;border-top:1px solid var(--rule)}
pre{white-space:pre-wrap;word-break:break-all;font-size:11px;background:var(--band);padding:6px}
.break-word{word-break:break-all}
@media print{
 main{max-width:none;padding:0}
 section.chapter{break-before:page;margin-top:0}
 section.function{break-before:page;border-top:none}
 tr,.figure,.chart,dl.facts{break-inside:avoid}
 thead{display:table-header-group}
 h2,h3,h4{break-after:avoid}
 .cover{min-height:0}
}
"#;

fn page_rules(report: &Report) -> String {
    // Margin boxes: the running header (title, confidentiality) and footer (page numbers). No
    // `size`: the PDF and the reader's printer choose A4 or Letter.
    format!(
        "@page{{margin:18mm 14mm 16mm 14mm;\
         @top-left{{content:{};font-size:8pt;color:#4a5568}}\
         @top-right{{content:\"Confidential\";font-size:8pt;color:#4a5568}}\
         @bottom-left{{content:{};font-size:8pt;color:#4a5568}}\
         @bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);font-size:8pt;color:#4a5568}}}}",
        text::css_string(&report.meta.title),
        text::css_string(&format!(
            "Berth {} · generated {}",
            report.meta.berth_version, report.meta.generated_at
        )),
    )
}

/// Draws every chart as SVG, synchronously, then marks the document (`data-charts-drawn`), so a
/// printer or a test knows they are there. Tooltips and zoom are left out (a report is read,
/// and printed).
const DRAW: &str = r#"(function(){var s=document.querySelectorAll('script[data-chart]'),n=0;for(var i=0;i<s.length;i++){var el=document.getElementById(s[i].getAttribute('data-chart'));if(!el)continue;var o=JSON.parse(s[i].textContent);o.animation=false;delete o.tooltip;delete o.dataZoom;echarts.init(el,null,{renderer:'svg'}).setOption(o);n++;}document.documentElement.setAttribute('data-charts-drawn',String(n));})();"#;

fn chart(id: &str, chart: &charming::Chart, label: &str) -> Markup {
    let json = text::script_json(&serde_json::to_string(chart).expect("a chart serializes"));
    html! {
        div.chart id=(id) role="img" aria-label=(label) {}
        script type="application/json" data-chart=(id) { (PreEscaped(json)) }
    }
}

fn badge(kind: VerdictKind) -> Markup {
    html! { span class={"badge " (kind.label())} { (kind.label()) } }
}

fn confidence(f: &FunctionAnalysis) -> String {
    f.verdict.confidence.as_str().to_string()
}

/// "pays back in 2.3 months", the dashboard's wording.
fn payback(months: Option<f64>) -> String {
    berth_app::ui::format::payback(months)
}

/// The appendix table's payback cell: "2.3 mo", "—" without a change.
fn payback_short(months: Option<f64>) -> String {
    months.map_or_else(|| "—".to_string(), |m| format!("{} mo", text::number(m)))
}

/// An assumption's value as the report used it.
fn assumption(report: &Report, key: &str) -> String {
    report
        .assumptions
        .iter()
        .find(|a| a.key == key)
        .map(|a| text::json_value(&a.value))
        .unwrap_or_default()
}

/// The fleet-wide plan: functions worth moving grouped into shared container services.
fn steady_core(report: &Report) -> Markup {
    let view = &report.fleet.plan;
    let plan = &report.analysis.plan;
    html! {
        p { (plan_summary(view)) }
        @if !view.services.is_empty() {
            (chart("chart-plan", &charts::fleet::plan(&view.services), "Each shared service's monthly cost against its members' cost today"))
            table {
                thead { tr { th { "Service" } th.n { "Functions" } th.n { "Tasks (mean / peak)" } th.n { "Today / month" } th.n { "Shared service / month" } th.n { "Payback" } th { "Members" } } }
                tbody {
                    @for (service, group) in view.services.iter().zip(&plan.groups) {
                        tr {
                            td { (service.name) }
                            td.n { (service.members) }
                            td.n { (text::number(service.average_tasks)) " / " (text::number(service.peak_tasks)) }
                            td.n { (usd(service.before_usd)) }
                            td.n { (usd(service.after_usd)) }
                            td.n { (payback_short(service.payback_months)) }
                            td.small.break-word {
                                (group.members.iter().take(PLAN_MEMBERS_LISTED).cloned().collect::<Vec<_>>().join(", "))
                                @if group.members.len() > PLAN_MEMBERS_LISTED { " … and " (group.members.len() - PLAN_MEMBERS_LISTED) " more (all in the JSON report)" }
                            }
                        }
                    }
                }
            }
        }
        @for note in &plan.notes { p.small.muted { (note) } }
    }
}

fn signal_value(signal: &Signal) -> String {
    match signal.value {
        Some(value) => format!("{} {}", text::number(value), signal.unit),
        None => "not collected".to_string(),
    }
}

/// The whole report as one HTML document.
pub fn render(report: &Report) -> String {
    let meta = &report.meta;
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
                title { (meta.title) }
                style { (PreEscaped(STYLE)) (PreEscaped(page_rules(report))) }
            }
            body {
                main {
                    (cover(report))
                    (summary(report))
                    (fleet(report))
                    (functions(report))
                    (appendix(report))
                }
                script { (PreEscaped(ECHARTS)) }
                script { (PreEscaped(DRAW)) }
            }
        }
    };
    markup.into_string()
}

fn cover(report: &Report) -> Markup {
    let meta = &report.meta;
    html! {
        section.cover id="cover" {
            p.muted { "Berth review" }
            h1 { (meta.title) }
            dl.facts {
                dt { "Prepared for" } dd { (meta.prepared_for.as_deref().unwrap_or("—")) }
                dt { "Prepared by" } dd { (meta.prepared_by.as_deref().unwrap_or("—")) }
                dt { "Accounts" } dd { @if meta.accounts.is_empty() { "not recorded" } @else { (meta.accounts.join(", ")) } }
                dt { "Regions" } dd { (meta.regions.join(", ")) }
                dt { "Observed window" } dd { (meta.window_start) " to " (meta.window_end) " (" (meta.window_hours) " hours, " (text::number(f64::from(meta.window_hours) / 24.0)) " days)" }
                dt { "Snapshot" } dd { (meta.source_kind) ": " (meta.source_label) ", collected " (meta.collected_at) }
                dt { "Functions" } dd { (thousands(report.analysis.functions.len() as u64)) }
                dt { "Generated at" } dd { (meta.generated_at) }
                dt { "Price catalog" } dd { (meta.price_catalog) ", prices as of " (meta.prices_as_of) }
                dt { "Berth version" } dd { (meta.berth_version) }
                @if meta.redacted {
                    dt { "Redacted" } dd { "yes: function names, ARNs, account ids, tag values and the snapshot's label are aliases (fn-001 is the biggest spender)" }
                }
            }
            p.confidential { (meta.confidentiality) }
        }
    }
}

fn summary(report: &Report) -> Markup {
    let fleet = &report.analysis.fleet;
    let stay = fleet
        .verdict_counts
        .get(&VerdictKind::Stay)
        .copied()
        .unwrap_or(0);
    let tune = fleet
        .verdict_counts
        .get(&VerdictKind::Tune)
        .copied()
        .unwrap_or(0);
    let staying: Vec<&FunctionAnalysis> = report
        .analysis
        .functions
        .iter()
        .filter(|f| matches!(f.verdict.kind, VerdictKind::Stay | VerdictKind::Tune))
        .collect();
    let quiet = staying
        .iter()
        .filter(|f| !f.signals.iter().any(|s| s.fired))
        .count();
    html! {
        section.chapter id="summary" {
            h2 { "Executive summary" }
            div.figures {
                div.figure { span.muted { "Modeled Lambda spend" } b { (usd(fleet.lambda_monthly_usd)) } span.small { "a month; " (usd(fleet.current_monthly_usd)) " with the API Gateway in front" } }
                div.figure { span.muted { "Billed Lambda spend" } b { @match report.billed_monthly_usd() { Some(b) => (usd(b)), None => "not in the snapshot" } } span.small { "a month, from Cost Explorer" } }
                div.figure { span.muted { "Saving available" } b { (usd(fleet.total_saving_usd)) } span.small { "a month, following every verdict, for " (usd(fleet.one_time_usd)) " one-time: " (payback(fleet.payback_months)) } }
                div.figure { span.muted { "Functions" } b { (thousands(fleet.functions as u64)) } span.small { (fleet.pareto.set_size) " of them make " (text::percent(fleet.pareto.target_share)) " of the spend" } }
            }
            h3 { "Saving by verdict" }
            table {
                thead { tr { th { "Verdict" } th.n { "Functions" } th.n { "Saving / month" } th.n { "One-time" } } }
                tbody {
                    @for kind in VerdictKind::ALL {
                        tr {
                            td { (badge(kind)) }
                            td.n { (fleet.verdict_counts.get(&kind).copied().unwrap_or(0)) }
                            td.n { (usd(fleet.saving_by_verdict.get(&kind).copied().unwrap_or(0.0))) }
                            td.n { (usd(fleet.one_time_by_verdict.get(&kind).copied().unwrap_or(0.0))) }
                        }
                    }
                }
            }
            p.small.muted { "One-time is the engineer-days each change takes (" (assumption(report, "effort_days_tune")) " for a Tune, " (assumption(report, "effort_days_managed_instances")) " for Lambda Managed Instances, " (assumption(report, "effort_days_hybrid")) " for a Hybrid, " (assumption(report, "effort_days_move")) " for a Move) at " (assumption(report, "engineer_day_usd")) " USD a day. A Move or Hybrid is advised only when its saving repays that within " (assumption(report, "payback_limit_months")) " months." }
            h3 { "Top actions" }
            @if report.top_actions.is_empty() {
                p { "No change saves money at today's traffic." }
            } @else {
                ol {
                    @for &i in &report.top_actions {
                        @let f = &report.analysis.functions[i];
                        li { "Function " strong { (f.key) } ": " (f.verdict.kind.label()) " to " (f.verdict.option.label()) ", saves " strong { (usd(f.verdict.monthly_saving_usd)) } " a month for " (usd(f.verdict.one_time_usd)) " one-time, " (payback(f.verdict.payback_months)) " (" (confidence(f)) " confidence)." }
                    }
                }
            }
            h3 { "What stays on Lambda" }
            p {
                (stay) " functions stay on Lambda as they are and " (tune) " stay on Lambda with tuning (arm64, right-sized memory or provisioned concurrency). "
                (quiet) " of them show none of the six signals that favour containers: their traffic is spiky or idle, short-running and small, so Lambda's pay-per-request billing beats keeping containers running. "
                "The others show a signal, but no container option is cheap and sure enough to move them; each verdict's reasons are in the appendix and the function sections."
            }
            p.small.muted { "Every money figure is monthly (" (report.assumptions.iter().find(|a| a.key == "hours_per_month").map(|a| a.value.to_string()).unwrap_or_default()) " hours) in USD, modeled from " (report.meta.price_catalog) ", prices as of " (report.meta.prices_as_of) "; the sources are listed in the appendix." }
        }
    }
}

fn fleet(report: &Report) -> Markup {
    let overview = &report.overview;
    html! {
        section.chapter id="fleet" {
            h2 { "The fleet" }
            h3 { "Pareto of spend" }
            p { "The " (overview.pareto.len()) " biggest Lambda spenders (bars, USD a month) and the cumulative share of the fleet's spend (line). " (overview.pareto_set_size) " functions make " (text::percent(overview.pareto_target)) " of it." }
            (chart("chart-pareto", &charts::fleet::pareto(&overview.pareto, overview.pareto_target), "Pareto of Lambda spend"))
            h3 { "Steadiness against cost" }
            p { "Each function (the " (overview.scatter.len()) " biggest spenders): how steady its traffic is (steady-traffic signal strength) against its monthly Lambda cost (log axis); colour is the verdict, size the average duration (" (charts::fleet::duration_size_legend()) ")." }
            (chart("chart-scatter", &charts::fleet::scatter(&overview.scatter), "Steadiness against monthly cost"))
            h3 { "The steady core" }
            (steady_core(report))
            h3 { "Hints" }
            p { "Checks from the rules this review is built on, whatever each verdict: how many functions each one fires for, and the fix it suggests (each function's evidence is in its section and the JSON report)." }
            table {
                thead { tr { th { "Hint" } th.n { "Functions" } th { "Suggested fix" } } }
                tbody {
                    @for (kind, count) in &report.analysis.fleet.hint_counts {
                        tr { td { (kind.label()) } td.n { (count) } td.small { (kind.fix()) } }
                    }
                }
            }
            h3 { "Verdicts" }
            (chart("chart-verdicts", &charts::report::verdict_counts(&overview.verdict_counts), "Functions per verdict"))
            h3 { "Concurrency budget per region" }
            (chart("chart-concurrency", &charts::report::concurrency_budget(&overview.regions), "Peak concurrency against the limit per region"))
            table {
                thead { tr { th { "Region" } th.n { "Functions" } th.n { "Peak concurrency" } th.n { "Limit" } th.n { "Share of limit" } } }
                tbody {
                    @for r in &report.analysis.fleet.regions {
                        tr {
                            td { (r.region) }
                            td.n { (r.functions) }
                            td.n { (text::number(r.peak_concurrency)) }
                            td.n { (text::number(r.limit)) @if !r.limit_known { " (default)" } }
                            td.n { (text::percent(r.share_of_limit)) }
                        }
                    }
                }
            }
            p.small.muted { "Peak concurrency is the highest hourly sum of the functions' peaks (an upper bound: peaks within an hour need not coincide)." }
            @if let Some(r) = &report.analysis.fleet.reconciliation {
                h3 { "Billed against modeled" }
                table {
                    thead { tr { th { "Usage" } th.n { "Billed / month" } th.n { "Modeled / month" } th.n { "Difference" } } }
                    tbody {
                        @for row in r.by_usage_type.iter().chain(std::iter::once(&r.total)) {
                            tr { td { (row.label) } td.n { (usd(row.billed_monthly_usd)) } td.n { (usd(row.modeled_monthly_usd)) } td.n { (usd(row.difference_usd)) } }
                        }
                    }
                }
                p.small.muted { (r.note) }
            }
        }
    }
}

fn functions(report: &Report) -> Markup {
    html! {
        section.chapter id="functions" {
            h2 { "Functions in detail" }
            p { "One section for each of the " (report.meta.top) " biggest savings and for every function whose verdict is Move or Hybrid: " (report.details.len()) " functions"
                @if !report.more.is_empty() { ", the biggest savings first; the " (report.more.len()) " further Move and Hybrid functions follow one line each (their signals, options and projections are in the JSON report and on the dashboard)" } "." }
            @for (n, detail) in report.details.iter().enumerate() {
                (function_section(report, n, detail))
            }
            @if !report.more.is_empty() {
                section.function id="more" {
                    h3 { "Further Move and Hybrid functions (" (report.more.len()) ")" }
                    table {
                        thead { tr { th { "Function" } th { "Verdict" } th { "Option" } th.n { "Now / month" } th.n { "Saving / month" } th { "Confidence" } th { "Signals" } } }
                        tbody {
                            @for &i in &report.more {
                                @let f = &report.analysis.functions[i];
                                tr {
                                    td.break-word { (f.key) }
                                    td { (f.verdict.kind.label()) }
                                    td { (f.verdict.option.label()) }
                                    td.n { (usd(f.options.current.monthly_usd)) }
                                    td.n { (usd(f.verdict.monthly_saving_usd)) }
                                    td { (confidence(f)) }
                                    td { (text::signal_labels(&report.fleet.rows[i].signals)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn function_section(report: &Report, n: usize, detail: &super::model::Detail) -> Markup {
    let f = &report.analysis.functions[detail.index];
    let facts = &report.functions[detail.index];
    let row = &report.fleet.rows[detail.index];
    let projection = &detail.projection;
    html! {
        section.function id={"fn-" (n)} {
            h3 { (f.key) " " (badge(f.verdict.kind)) }
            p { strong { (f.verdict.kind.label()) } " → " (f.verdict.option.label()) ": saves " strong { (usd(f.verdict.monthly_saving_usd)) } " a month; " (confidence(f)) " confidence (" (text::number(f.verdict.confidence_score)) ")."
                @if f.verdict.kind != VerdictKind::Stay { " The change costs " (usd(f.verdict.one_time_usd)) " one-time and " (payback(f.verdict.payback_months)) "." } }
            @if !f.verdict.reasons.is_empty() { ul { @for reason in &f.verdict.reasons { li { (reason) } } } }
            @if !f.hints.is_empty() {
                h4 { "Hints" }
                ul { @for hint in &f.hints { li { strong { (hint.kind.label()) } ": " (hint.evidence) " " em { (hint.kind.fix()) } } } }
            }
            dl.facts {
                dt { "Configuration" } dd { (f.memory_mb) " MB, " (f.architecture.as_str()) ", " (facts.runtime.as_deref().unwrap_or("container image")) ", timeout " (facts.timeout_s) " s" @if facts.vpc { ", in a VPC" } }
                dt { "Invoked by" } dd { (facts.invoker.map(|i| text::serde_name(&i)).unwrap_or_else(|| "not known".into()))
                    @if !facts.function_callers.is_empty() { "; callable by the functions " span.break-word { (facts.function_callers.join(", ")) } } }
                dt { "Traffic" } dd { (count(row.monthly_invocations)) " invocations a month, " (text::number(f.mean_requests_per_second)) " requests/s on average, peak concurrency " (text::number(f.peak_concurrency)) @if let Some(d) = row.avg_duration_ms { ", average duration " (duration_ms(d)) } }
                dt { "Spend" } dd { "Lambda " (usd(f.lambda.monthly_usd)) " a month (rank " (f.spend_rank) ", " (text::percent(f.spend_share)) " of the fleet); today's setup " (usd(f.options.current.monthly_usd)) }
                dt { "ARN" } dd.break-word { (facts.arn) }
                @if !facts.tags.is_empty() { dt { "Tags" } dd.break-word { @for (k, v) in &facts.tags { code { (k) "=" (v) } " " } } }
            }
            h4 { "Signals" }
            table {
                thead { tr { th { "Signal" } th.n { "Value" } th.n { "Threshold" } th.n { "Strength" } th { "Evidence" } } }
                tbody {
                    @for s in &f.signals {
                        tr class=[s.fired.then_some("fired")] {
                            td { (s.kind.label()) @if s.fired { " ✓" } }
                            td.n { (signal_value(s)) }
                            td.n { (text::number(s.threshold)) " " (s.unit) }
                            td.n { (text::number(s.strength)) }
                            td { (s.evidence) }
                        }
                    }
                }
            }
            h4 { "Cost projection" }
            (chart(&format!("chart-projection-{n}"), &charts::function::projection(projection), "Monthly cost of each option against traffic"))
            ul.small {
                @for o in &projection.options {
                    li { (o.kind.label()) ": " @match &o.break_even {
                        BreakEven::At { multiplier, requests_per_second, monthly_usd, option_cheaper_above } => {
                            "break-even at " (text::number(*multiplier)) "× today's traffic (" (text::number(*requests_per_second)) " requests/s, " (usd(*monthly_usd)) " a month); cheaper "
                            @if *option_cheaper_above { "above" } @else { "below" } " it"
                        }
                        BreakEven::Never => { "no break-even between 0.1× and 20× today's traffic" }
                    } }
                }
            }
            h4 { "Options" }
            @for o in std::iter::once(&f.options.current).chain(&f.options.options) {
                p { strong { (o.kind.label()) } ": " (usd(o.monthly_usd)) " a month" @if o.kind != OptionKind::Current { ", saving " (usd(o.saving_usd)) } @if !o.detail.is_empty() { ". " (o.detail) } }
                @if !o.lines.is_empty() {
                    table.small {
                        thead { tr { th { "Line item" } th.n { "Quantity" } th { "Unit" } th.n { "Unit price" } th.n { "USD" } th { "Price source" } } }
                        tbody {
                            @for line in &o.lines {
                                tr { td { (line.item) } td.n { (text::number(line.quantity)) } td { (line.unit) } td.n { (text::unit_price(line.unit_usd)) } td.n { (usd(line.usd)) } td.break-word { (line.source) " (" (line.as_of) ")" } }
                            }
                        }
                    }
                }
            }
            @for u in &f.options.unavailable { p.small.muted { (u.kind.label()) ": not available. " (u.reason) } }
        }
    }
}

fn appendix(report: &Report) -> Markup {
    html! {
        section.chapter id="appendix-functions" {
            h2 { "Appendix A: every function" }
            table {
                thead { tr { th.n { "Rank" } th { "Function" } th { "Verdict" } th { "Option" } th.n { "Now / month" } th.n { "Lambda / month" } th.n { "Saving / month" } th.n { "Payback" } th { "Confidence" } th.n { "Score" } th { "Signals" } } }
                tbody {
                    @for &i in &report.analysis.fleet.pareto.ranked {
                        @let f = &report.analysis.functions[i];
                        @let row = &report.fleet.rows[i];
                        tr {
                            td.n { (f.spend_rank) }
                            td.break-word { (f.key) }
                            td { (f.verdict.kind.label()) }
                            td { (f.verdict.option.label()) }
                            td.n { (usd(f.options.current.monthly_usd)) }
                            td.n { (usd(f.lambda.monthly_usd)) }
                            td.n { (usd(f.verdict.monthly_saving_usd)) }
                            td.n { (payback_short(f.verdict.payback_months)) }
                            td { (confidence(f)) }
                            td.n { (format!("{:.0}", row.score)) }
                            td { (text::signal_labels(&row.signals)) }
                        }
                    }
                }
            }
        }
        section.chapter id="appendix-assumptions" {
            h2 { "Appendix B: assumptions and prices" }
            p { "The values this review used; a changed value is in bold and marked ✱." }
            table {
                thead { tr { th { "Assumption" } th.n { "Value" } th.n { "Default" } th { "Unit" } th { "Meaning" } } }
                tbody {
                    @for a in &report.assumptions {
                        tr class=[a.changed.then_some("changed")] {
                            td { (a.label) @if a.changed { " ✱" } br; span.small.muted { (a.key) } }
                            td.n { (text::json_value(&a.value)) }
                            td.n { (text::json_value(&a.default)) }
                            td { (a.unit) }
                            td.small { (a.explanation) }
                        }
                    }
                }
            }
            h3 { "Price overrides" }
            @match &report.price_overrides {
                Some(overrides) => pre { (serde_json::to_string_pretty(overrides).unwrap_or_default()) },
                None => p { "None: every price is the built-in catalog's." },
            }
            h3 { "Price sources" }
            ul.small { @for s in &report.price_sources { li.break-word { (s.source) " (as of " (s.as_of) ")" } } }
        }
        section.chapter id="appendix-coverage" {
            h2 { "Appendix C: data coverage and warnings" }
            (coverage(report))
        }
        section.chapter id="appendix-methods" {
            h2 { "Appendix D: how each figure is computed" }
            @for (name, paragraph) in text::METHODS { h4 { (name) } p { (paragraph) } }
            h3 { "Glossary" }
            dl.facts { @for (term, meaning) in text::GLOSSARY { dt { (term) } dd { (meaning) } } }
        }
    }
}

fn coverage(report: &Report) -> Markup {
    let functions = &report.analysis.functions;
    let window = report.meta.window_hours;
    let full = functions
        .iter()
        .filter(|f| f.coverage.hours_observed >= window)
        .count();
    let billed = functions
        .iter()
        .filter(|f| f.coverage.billed_cost_present)
        .count();
    let by_confidence = |c: &str| functions.iter().filter(|f| confidence(f) == c).count();
    html! {
        ul {
            li { (full) " of " (functions.len()) " functions have an invocation count for every one of the " (window) " hours." }
            li { (billed) " functions are covered by billed costs (Cost Explorer)." }
            li { "Confidence: " (by_confidence("high")) " high, " (by_confidence("medium")) " medium, " (by_confidence("low")) " low." }
        }
        h3 { "Warnings (" (report.warnings.len()) ")" }
        @if report.warnings.is_empty() { p { "None." } } @else {
            ul.small { @for w in report.warnings.iter().take(WARNINGS_LISTED) { li.break-word { (w.scope) ": " (w.message) } } }
            @if report.warnings.len() > WARNINGS_LISTED { p.small { "… and " (report.warnings.len() - WARNINGS_LISTED) " more, all of them in the JSON report." } }
        }
    }
}
