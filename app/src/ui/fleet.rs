//! The fleet overview: headline figures, the Pareto of spend, the steadiness scatter, each
//! region's concurrency against its limit, and the fleet's traffic.

use leptos::prelude::*;
use leptos_router::components::A;

use super::export::ExportMenu;
use super::format;
use super::ChartView;
use crate::api::get_overview;
use crate::charts;
use crate::views::{OverviewView, PlanView};

#[component]
pub fn FleetPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the fleet…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(Some(view)) => view! { <Overview view/> }.into_any(),
                    Ok(None) => view! { <NoSnapshot/> }.into_any(),
                    Err(error) => view! { <LoadError error=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn LoadError(error: String) -> impl IntoView {
    view! {
        <section class="error" role="alert">
            <h1>"The fleet could not be loaded"</h1>
            <p>{error}</p>
            <p>"Reload the page; if it persists, the server log says why."</p>
        </section>
    }
}

#[component]
pub fn NoSnapshot() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"No snapshot yet"</h1>
            <p>
                "Berth analyses a snapshot of your Lambda fleet. "
                <A href="/snapshots">"Import a snapshot file or collect one from AWS"</A>
                ", or start the server on an empty database to load the demo fleet."
            </p>
        </section>
    }
}

/// `subtle` line describing the snapshot under every page title.
pub fn snapshot_line(snapshot: &crate::views::SnapshotItem) -> String {
    format!(
        "{} · {} functions · {} · {} days from {}",
        snapshot.label,
        format::thousands(snapshot.functions as u64),
        snapshot.regions.join(", "),
        snapshot.window_hours / 24,
        snapshot
            .window_start
            .get(..10)
            .unwrap_or(&snapshot.window_start)
    )
}

#[component]
fn Overview(view: OverviewView) -> impl IntoView {
    // Built when read: only the browser draws a chart, so the server never builds these.
    let (window_start, hourly) = (
        view.snapshot.window_start.clone(),
        view.hourly_invocations.clone(),
    );
    let invocations = Signal::derive(move || charts::fleet_invocations(&window_start, &hourly));
    let (shares, target) = (view.pareto.clone(), view.pareto_target);
    let pareto = Signal::derive(move || charts::fleet::pareto(&shares, target));
    let services = view.plan.services.clone();
    let plan_chart = Signal::derive(move || charts::fleet::plan(&services));
    let plan = view.plan.clone();
    let points = view.scatter.clone();
    let scatter = Signal::derive(move || charts::fleet::scatter(&points));
    let billed = match view.billed_monthly_usd {
        Some(usd) => format::usd(usd),
        None => "not in snapshot".to_string(),
    };
    let concurrency = view.busiest_region.as_ref().map(|r| {
        (
            format!("{:.0} %", r.share_of_limit * 100.0),
            format!(
                "of {}'s concurrency limit ({}{}) at peak",
                r.region,
                format::thousands(r.limit as u64),
                if r.limit_known { "" } else { ", assumed" }
            ),
        )
    });
    let pareto_sentence = format!(
        "{} of {} functions make {:.0} % of the modeled Lambda spend.",
        format::thousands(view.pareto_set_size as u64),
        format::thousands(view.snapshot.functions as u64),
        view.pareto_target * 100.0
    );
    let scatter_note = format!(
        "The {} biggest spenders; size = average duration ({}).",
        format::thousands(view.scatter.len() as u64),
        charts::fleet::duration_size_legend()
    );
    view! {
        <section class="page-head">
            <h1>"Fleet"</h1>
            <p class="subtle">{snapshot_line(&view.snapshot)}</p>
            <ExportMenu snapshot_id=view.snapshot.id/>
        </section>
        <section class="figures">
            <div class="figure">
                <span class="value">{format::usd(view.modeled_monthly_usd)}</span>
                <span class="label">"modeled Lambda spend / month"</span>
            </div>
            <div class="figure">
                <span class="value">{billed}</span>
                <span class="label">"billed Lambda spend / month (Cost Explorer)"</span>
            </div>
            <div class="figure">
                <span class="value">{format::usd(view.saving_monthly_usd)}</span>
                <span class="label">"potential saving / month"</span>
            </div>
            <div class="figure" title="Engineer-days of every recommended change × the engineer-day cost (assumptions).">
                <span class="value" data-testid="one-time">{format::usd(view.one_time_usd)}</span>
                <span class="label">{format!("one-time effort, {}", format::payback(view.payback_months))}</span>
            </div>
            <div class="figure">
                <span class="value">{format::count(view.monthly_invocations)}</span>
                <span class="label">"invocations / month"</span>
            </div>
            {concurrency
                .map(|(value, label)| {
                    view! {
                        <div class="figure">
                            <span class="value">{value}</span>
                            <span class="label">{label}</span>
                        </div>
                    }
                })}
            <div class="figure verdicts">
                <span class="value">
                    {view
                        .verdict_counts
                        .clone()
                        .into_iter()
                        .map(|(verdict, count)| {
                            let verdict = verdict.label();
                            let href = format!("/functions?verdict={verdict}");
                            let class = format!("badge {}", verdict.to_lowercase());
                            let title = format!("List the functions whose verdict is {verdict}");
                            view! {
                                <A href=href attr:class=class attr:title=title>
                                    {verdict}
                                    " "
                                    {count}
                                </A>
                            }
                        })
                        .collect_view()}
                </span>
                <span class="label">"functions per verdict"</span>
            </div>
        </section>
        <div class="grid-2">
            <section class="card">
                <h2>"Where the money goes"</h2>
                <p class="subtle">{pareto_sentence}</p>
                <ChartView
                    id="chart-fleet-pareto"
                    label="Pareto of Lambda spend: the biggest spenders and the cumulative share"
                        .to_string()
                    chart=pareto
                />
            </section>
            <section class="card">
                <h2>"Steadiness against cost"</h2>
                <p class="subtle">{scatter_note}</p>
                <ChartView
                    id="chart-fleet-scatter"
                    label="Functions by steadiness and monthly cost, coloured by verdict".to_string()
                    chart=scatter
                />
            </section>
        </div>
        <section class="card" id="plan">
            <h2>"The steady core"</h2>
            <p class="subtle">
                {plan_summary(&plan)}
            </p>
            <ChartView
                id="chart-fleet-plan"
                label="The steady core: each shared service's cost against its members' cost today"
                    .to_string()
                chart=plan_chart
            />
        </section>
        <section class="card">
            <h2>"Invocations per hour"</h2>
            <ChartView
                id="chart-fleet-invocations"
                label="The fleet's invocations per hour over the window".to_string()
                chart=invocations
            />
        </section>
        <section class="card">
            <h2>"Concurrency by region"</h2>
            <table class="regions">
                <thead>
                    <tr>
                        <th scope="col">"Region"</th>
                        <th scope="col" class="num">"Peak concurrency"</th>
                        <th scope="col" class="num">"Limit"</th>
                        <th scope="col" class="num">"Share at peak"</th>
                    </tr>
                </thead>
                <tbody>
                    {view
                        .regions
                        .iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>{r.region.clone()}</td>
                                    <td class="num">{format!("{:.0}", r.peak_concurrency)}</td>
                                    <td class="num">
                                        {format::thousands(r.limit as u64)}
                                        {(!r.limit_known).then_some(" (assumed)")}
                                    </td>
                                    <td class="num">{format!("{:.1} %", r.share_of_limit * 100.0)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="subtle">
                "Peak concurrency sums every function's hourly peak, an upper bound: peaks of "
                "different functions need not coincide within the hour."
            </p>
        </section>
        <p class="subtle">{view.prices_note.clone()}</p>
        {(view.warning_count > 0)
            .then(|| {
                view! {
                    <details class="warnings card">
                        <summary>{view.warning_count} " analysis warnings"</summary>
                        <ul>
                            {view
                                .warnings
                                .iter()
                                .map(|warning| view! { <li>{warning.clone()}</li> })
                                .collect_view()}
                        </ul>
                        {(view.warning_count > view.warnings.len())
                            .then(|| {
                                format!(
                                    "… and {} more (berth analyze lists them all).",
                                    view.warning_count - view.warnings.len(),
                                )
                            })}
                    </details>
                }
            })}
    }
}

/// The steady-core plan in one sentence, as the fleet page and the reports say it.
pub fn plan_summary(plan: &PlanView) -> String {
    if plan.services.is_empty() {
        return "No group of functions is cheaper in shared container services.".to_string();
    }
    format!(
        "{} functions worth moving in {} shared services (tasks sized on the members' summed hourly concurrency): {} → {} a month, saving {} for {} one-time ({}); {} functions stay on Lambda as the spiky edges.",
        plan.members,
        plan.services.len(),
        format::usd(plan.before_usd),
        format::usd(plan.after_usd),
        format::usd(plan.saving_usd),
        format::usd(plan.one_time_usd),
        format::payback(plan.payback_months),
        plan.edges,
    )
}
