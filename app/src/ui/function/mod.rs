//! The function page: configuration, the six signals with their evidence, the verdict, traffic
//! and duration charts, the cost projection and every option's line items. The engine runs in
//! the page: edited assumptions recompute the verdict, options and projection at once, in the
//! browser (the server renders the same computation with the saved assumptions).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

mod options;
mod verdict;

use options::{BreakEvens, OptionsTable};
use verdict::{HintsList, SignalsTable, VerdictBox};

use super::assumption_editor::AssumptionEditor;
use super::format;
use super::ChartView;
use crate::api::function::get_function;
use crate::charts;
use crate::engine::analysis::{explain_in_context, project_function, FunctionAnalysis};
use crate::engine::projection::Projection;
use crate::views::function::{AssumptionSet, Draft, FunctionDetail};

/// One function's figures under one assumption set.
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    pub analysis: FunctionAnalysis,
    pub projection: Projection,
}

/// The engine on one function: `None` when the price overrides do not apply (the editor shows
/// why next to the field).
pub fn compute(detail: &FunctionDetail, set: &AssumptionSet) -> Option<Live> {
    let catalog = set.catalog().ok()?;
    Some(Live {
        analysis: explain_in_context(
            &detail.function,
            &detail.context,
            &set.assumptions,
            &catalog,
        ),
        projection: project_function(&detail.function, &set.assumptions, &catalog),
    })
}

#[component]
pub fn FunctionPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("region").unwrap_or_default(),
                p.get("name").unwrap_or_default(),
            )
        })
    };
    let detail = Resource::new(key, |(region, name)| get_function(region, name));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the function…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(detail)) => view! { <FunctionDetailView detail=Arc::new(detail)/> }.into_any(),
                    Ok(None) => {
                        let (region, name) = key();
                        view! { <UnknownFunction region name/> }.into_any()
                    }
                    Err(error) => {
                        view! {
                            <section class="error" role="alert">
                                <h1>"The function could not be loaded"</h1>
                                <p>{error.to_string()}</p>
                                <p><a href="/functions">"Back to the functions"</a></p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn UnknownFunction(region: String, name: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="empty" data-testid="unknown-function">
            <h1>"No such function"</h1>
            <p>
                "The newest snapshot has no function " <code>{name}</code> " in "
                <code>{region}</code> ". It may have been renamed or left out of this collection. "
                <a href="/functions">"Back to the functions"</a>
            </p>
        </section>
    }
}

#[component]
fn FunctionDetailView(detail: Arc<FunctionDetail>) -> impl IntoView {
    let saved_draft = Draft::from_set(&detail.saved);
    let draft = RwSignal::new(saved_draft.clone());
    let reset_to = saved_draft.clone();
    let what_if = Memo::new(move |_| draft.with(|d| *d != saved_draft));
    let reset = move |_| draft.set(reset_to.clone());
    let function = &detail.function;
    // Built when read: only the browser draws a chart, so the server never builds these
    // (three charts of every hour were a third of a function page's rendering).
    let chart = |build: fn(&FunctionDetail) -> charming::Chart| {
        let detail = detail.clone();
        Signal::derive(move || build(&detail))
    };
    let traffic = chart(|d| charts::function::traffic(&d.context.window_start, &d.function));
    let heatmap = chart(|d| {
        charts::function::hour_of_week(&d.context.window_start, &d.function.series.invocations)
    });
    let durations = chart(|d| charts::function::durations(&d.context.window_start, &d.function));
    let name = function.name.clone();
    let tags = if function.tags.is_empty() {
        "none".to_string()
    } else {
        function
            .tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let optional = |value: Option<u32>| value.map_or("none".to_string(), |v| v.to_string());
    let config: Vec<(&str, String)> = vec![
        ("Region", function.region.clone()),
        (
            "Runtime",
            function.runtime.clone().unwrap_or_else(|| "unknown".into()),
        ),
        ("Architecture", function.architecture.as_str().to_string()),
        (
            "Memory",
            format!("{} MB", format::thousands(function.memory_mb as u64)),
        ),
        ("Timeout", format!("{} s", function.timeout_s)),
        (
            "Ephemeral storage",
            format!("{} MB", function.ephemeral_storage_mb),
        ),
        ("Package", function.package_type.as_str().to_string()),
        ("VPC", if function.vpc { "yes" } else { "no" }.to_string()),
        (
            "Invoker",
            function.invoker.map_or("unknown".to_string(), |i| {
                serde_json::to_value(i)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
        ),
        (
            "Reserved concurrency",
            optional(function.reserved_concurrency),
        ),
        (
            "Provisioned concurrency",
            optional(function.provisioned_concurrency),
        ),
        ("Tags", tags),
        ("ARN", function.arn.clone()),
    ];
    let config = config
        .into_iter()
        .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
        .collect_view();
    view! {
        <section class="page-head">
            <p class="crumbs"><a href="/functions">"Functions"</a> " / " {function.region.clone()}</p>
            <h1 data-testid="function-name">{name.clone()}</h1>
            <p class="subtle">
                {detail.snapshot.label.clone()} " · " {detail.snapshot.window_hours / 24} " days from "
                {detail.snapshot.window_start.get(..10).unwrap_or_default().to_string()}
            </p>
        </section>
        <div class="function-layout">
            <div class="function-main">
                <LiveAnalysis detail=detail.clone() draft prefix="function"/>
                <section class="card">
                    <h2>"Traffic"</h2>
                    <ChartView
                        id="chart-function-traffic"
                        label=format!("Invocations and peak concurrency per hour of {name}")
                        chart=traffic
                    />
                    <h3>"Hour of week (UTC)"</h3>
                    <ChartView
                        id="chart-function-heatmap"
                        label=format!("Mean invocations per hour of the week of {name}")
                        chart=heatmap
                    />
                    <h3>"Duration against the timeout"</h3>
                    <ChartView
                        id="chart-function-durations"
                        label=format!("Average, p99 and maximum duration per hour of {name}")
                        chart=durations
                    />
                </section>
            </div>
            <aside class="function-side">
                <section class="card">
                    <h2>"Configuration"</h2>
                    <dl class="config">{config}</dl>
                </section>
                <section class="card what-if" aria-labelledby="what-if-title">
                    <h2 id="what-if-title">"What if…"</h2>
                    <p class="help">
                        "Change an assumption: the verdict, options and projection are computed "
                        "again here, in your browser. Nothing is saved; "
                        <a href="/assumptions">"save a set for every analysis"</a> "."
                    </p>
                    <p class="what-if-state" aria-live="polite">
                        {move || {
                            if what_if.get() {
                                "Showing a what-if: these assumptions differ from the saved set."
                            } else {
                                "Showing the saved assumptions."
                            }
                        }}
                    </p>
                    <button type="button" class="secondary" on:click=reset disabled=move || !what_if.get()>
                        "Back to the saved assumptions"
                    </button>
                    <AssumptionEditor draft compact=true/>
                </section>
            </aside>
        </div>
        <p class="note">{detail.prices_note.clone()}</p>
    }
}

/// The parts of a function's page that follow the assumptions: verdict, signals, projection and
/// options. `prefix` keeps element ids unique where a page shows it (`function`, `preview`).
#[component]
pub fn LiveAnalysis(
    detail: Arc<FunctionDetail>,
    draft: RwSignal<Draft>,
    prefix: &'static str,
) -> impl IntoView {
    let for_memo = detail.clone();
    // An invalid draft keeps the last valid figures on screen (the editor names the problem).
    let live = Memo::new(move |previous: Option<&Live>| {
        let fresh = draft
            .with(|d| d.parse().ok())
            .and_then(|set| compute(&for_memo, &set));
        fresh
            .or_else(|| previous.cloned())
            .or_else(|| compute(&for_memo, &for_memo.saved))
            .expect("the saved assumption set always computes")
    });
    let projection_chart =
        Signal::derive(move || live.with(|l| charts::function::projection(&l.projection)));
    let (projection_id, verdict_id) = match prefix {
        "preview" => ("chart-preview-projection", "preview-verdict"),
        _ => ("chart-function-projection", "function-verdict"),
    };
    let name = detail.function.name.clone();
    view! {
        <section class="card verdict-panel" id=verdict_id aria-live="polite">
            {move || live.with(|l| view! { <VerdictBox analysis=l.analysis.clone()/> })}
        </section>
        <section class="card">
            <h2>"Signals"</h2>
            <p class="help">
                "The six reasons to leave Lambda, measured. Spend rank and the Pareto set of the "
                "hot-spender signal come from the server's fleet analysis with the saved "
                "assumptions: they do not change with a what-if here."
            </p>
            <div class="table-scroll">
                {move || live.with(|l| view! { <SignalsTable signals=l.analysis.signals.clone()/> })}
            </div>
        </section>
        <section class="card" id="hints">
            <h2>"Hints"</h2>
            <p class="help">
                "Checks from the rules Berth is built on (downstream protection, the concurrency "
                "budget, timeouts, /tmp state, errors): what to fix whichever way the function goes."
            </p>
            {move || live.with(|l| view! { <HintsList analysis=l.analysis.clone()/> })}
        </section>
        <section class="card">
            <h2>"Cost projection"</h2>
            <p class="help">
                "Each option's monthly cost as traffic scales from 0.1× to 20× today (log scale); "
                "dashed lines mark where an option costs the same as Lambda as is."
            </p>
            <ChartView
                id=projection_id
                label=format!("Monthly cost of each option against traffic for {name}")
                chart=projection_chart
            />
            {move || live.with(|l| view! { <BreakEvens projection=l.projection.clone()/> })}
        </section>
        <section class="card">
            <h2>"Options"</h2>
            <div class="table-scroll">
                {move || live.with(|l| view! { <OptionsTable analysis=l.analysis.clone()/> })}
            </div>
        </section>
    }
}
