//! The functions table: every function with its verdict, score, signals and costs; filtered,
//! sorted and paged on the server, with the whole state in the URL (`/functions?verdict=Move&
//! sort=saving`), so a view can be shared and the back button works. Links and a GET form drive
//! it, so it also works before the page has hydrated.

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_location, use_navigate};

use super::fleet::{snapshot_line, LoadError, NoSnapshot};
use super::format;
use crate::api::get_functions;
use crate::engine::signals::SignalKind;
use crate::engine::verdict::VerdictKind;
use crate::views::{Column, FleetRow, FunctionsPageView, TableQuery, PAGE_SIZES};

#[component]
pub fn FunctionsPage() -> impl IntoView {
    let location = use_location();
    let functions = Resource::new(move || location.search.get(), get_functions);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the functions…"</p> }>
            {move || Suspend::new(async move {
                match functions.await {
                    Ok(Some(page)) => view! { <Table page/> }.into_any(),
                    Ok(None) => view! { <NoSnapshot/> }.into_any(),
                    Err(error) => view! { <LoadError error=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Table(page: FunctionsPageView) -> impl IntoView {
    let query = page.query.clone();
    let headers = Column::ALL
        .into_iter()
        .map(|column| {
            let sorted = query.sort == column;
            let aria_sort = match (sorted, query.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            };
            let arrow = match (sorted, query.descending) {
                (false, _) => "",
                (true, true) => " ▼",
                (true, false) => " ▲",
            };
            view! {
                <th scope="col" aria-sort=aria_sort class:num=column.numeric()>
                    <A
                        href=query.sorted_by(column).href()
                        attr:data-column=column.key()
                        attr:title=format!(
                            "Sort by {}{}",
                            column.label().to_lowercase(),
                            column.help().map(|help| format!(" — {help}")).unwrap_or_default(),
                        )
                    >
                        {column.label()}
                        {arrow}
                    </A>
                </th>
            }
        })
        .collect_view();
    let first = (page.query.page - 1) * page.query.per_page + 1;
    let shown = if page.matched == 0 {
        "No function matches these filters.".to_string()
    } else {
        format!(
            "{}–{} of {} matching · {} functions in the snapshot",
            format::thousands(first as u64),
            format::thousands((first + page.rows.len() - 1) as u64),
            format::thousands(page.matched as u64),
            format::thousands(page.total as u64)
        )
    };
    let rows = page.rows.clone();
    view! {
        <section class="page-head">
            <h1>"Functions"</h1>
            <p class="subtle">{snapshot_line(&page.snapshot)}</p>
        </section>
        <Filters page=page.clone()/>
        {(!page.ignored.is_empty())
            .then(|| {
                view! {
                    <p class="notice" role="status">
                        {format!(
                            "Ignored in the address: {} (not a filter, column or page Berth knows).",
                            page.ignored.join(", "),
                        )}
                    </p>
                }
            })}
        <section class="card">
            <p class="subtle" id="table-count">{shown}</p>
            <div class="table-scroll">
                <table class="fleet" id="fleet-table">
                    <thead>
                        <tr>
                            {headers}
                            <th scope="col">"Signals"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <Pager page=page.clone()/>
            <SignalLegend/>
            <p class="subtle">{page.prices_note.clone()}</p>
        </section>
    }
}

#[component]
fn Row(row: FleetRow) -> impl IntoView {
    let dash = || "—".to_string();
    let verdict_title = format!(
        "{} · {}",
        row.option,
        if row.signals.is_empty() {
            "no signal fired".to_string()
        } else {
            row.signals
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let (name, href) = (row.name.clone(), row.href());
    view! {
        <tr data-function=row.name.clone() data-region=row.region.clone()>
            <td class="name">
                <A href=href>{name}</A>
            </td>
            <td>{row.region.clone()}</td>
            <td>{row.runtime.clone()}</td>
            <td class="num">{row.memory_mb} " MB " {row.architecture.clone()}</td>
            <td class="num">{format::count(row.monthly_invocations)}</td>
            <td class="num">{row.avg_duration_ms.map(format::duration_ms).unwrap_or_else(dash)}</td>
            <td class="num">
                {row.peak_concurrency.map(|c| format!("{c:.0}")).unwrap_or_else(dash)}
            </td>
            <td title=verdict_title>
                <span class=format!("badge {}", row.verdict.label().to_lowercase())>
                    {row.verdict.label()}
                </span>
            </td>
            <td class="num">{format!("{:.0}", row.score)}</td>
            <td class="num" title=format!("Today's setup: {}", row.current_includes)>
                {format::usd(row.current_usd)}
            </td>
            <td class="num">{format::usd(row.monthly_cost_usd)}</td>
            <td class="num best">
                {row.best_option_usd.map(format::usd).unwrap_or_else(dash)}
                <span class="option-name">{row.best_option.clone()}</span>
            </td>
            <td class="num">{format::usd(row.saving_usd)}</td>
            <td class="num" title=format!("One-time cost {}", format::usd(row.one_time_usd))>
                {row.payback_months.map(|m| format!("{m:.1} mo")).unwrap_or_else(dash)}
            </td>
            <td class="signals">
                {row
                    .strengths
                    .iter()
                    .zip(&row.fired)
                    .zip(SignalKind::ALL)
                    .map(|((strength, fired), kind)| {
                        let label = kind.label();
                        let level = (strength * 4.0).round() as u8;
                        view! {
                            <span
                                class=format!("sig s{level}")
                                class:fired=*fired
                                title=format!(
                                    "{label}: strength {:.0} %{}",
                                    strength * 100.0,
                                    if *fired { ", fired" } else { "" },
                                )
                                aria-label=format!("{label} {:.0} %", strength * 100.0)
                            ></span>
                        }
                    })
                    .collect_view()}
            </td>
        </tr>
    }
}

/// What each of a row's six signal marks stands for, said once below the table (a mark's own
/// tooltip gives its name and strength).
#[component]
fn SignalLegend() -> impl IntoView {
    view! {
        <details class="signal-legend">
            <summary>"Signals, in the order of each row's marks"</summary>
            <dl>
                {SignalKind::ALL
                    .map(|kind| {
                        view! {
                            <dt>{kind.label()}</dt>
                            <dd>{kind.help()}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="subtle">
                "A mark's shade is the signal's strength; a ringed mark has fired (reached its threshold)."
            </p>
        </details>
    }
}

/// Verdict, region, runtime, page size and text search. A plain GET form (works without
/// JavaScript); once hydrated, choosing in a list applies it at once.
#[component]
fn Filters(page: FunctionsPageView) -> impl IntoView {
    let query = page.query.clone();
    let navigate = use_navigate();
    let apply = move |field: &'static str| {
        let query = query.clone();
        let navigate = navigate.clone();
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            let mut next = TableQuery {
                page: 1,
                ..query.clone()
            };
            match field {
                "verdict" => next.verdict = VerdictKind::from_label(&value),
                "region" => next.region = value,
                "runtime" => next.runtime = value,
                _ => next.per_page = value.parse().unwrap_or(next.per_page),
            }
            navigate(&next.href(), Default::default());
        }
    };
    let options = |values: Vec<String>, selected: String| {
        values
            .into_iter()
            .map(|value| {
                let is_selected = value == selected;
                view! { <option value=value.clone() selected=is_selected>{value.clone()}</option> }
            })
            .collect_view()
    };
    // One list of the filter bar; `all` adds the "All" choice (an empty filter).
    let choice = move |label: &'static str,
                       name: &'static str,
                       all: bool,
                       values: Vec<String>,
                       selected: String| {
        let all =
            all.then(|| view! { <option value="" selected=selected.is_empty()>"All"</option> });
        view! {
            <label>
                {format!("{label} ")}
                <select name=name on:change=apply(name)>
                    {all}
                    {options(values, selected)}
                </select>
            </label>
        }
    };
    let q = page.query.clone();
    let verdicts: Vec<String> = VerdictKind::ALL.map(|v| v.label().to_string()).to_vec();
    let sizes: Vec<String> = PAGE_SIZES.iter().map(|s| s.to_string()).collect();
    view! {
        <Form method="GET" action="/functions" attr:class="filters card" attr:role="search">
            <label>
                "Search "
                <input
                    type="search"
                    name="q"
                    value=q.q.clone()
                    placeholder="name, runtime, signal…"
                />
            </label>
            {choice("Verdict", "verdict", true, verdicts, q.verdict.map_or(String::new(), |v| v.label().to_string()))}
            {choice("Region", "region", true, page.regions.clone(), q.region.clone())}
            {choice("Runtime", "runtime", true, page.runtimes.clone(), q.runtime.clone())}
            {choice("Rows", "per", false, sizes, q.per_page.to_string())}
            <input type="hidden" name="sort" value=q.sort.key()/>
            <input type="hidden" name="dir" value=if q.descending { "desc" } else { "asc" }/>
            <button type="submit">"Apply"</button>
            <A href="/functions" attr:class="reset">"Reset"</A>
        </Form>
    }
}

#[component]
fn Pager(page: FunctionsPageView) -> impl IntoView {
    let current = page.query.page;
    let link = |target: usize, text: &'static str, rel: &'static str| {
        let enabled = target != current && (1..=page.pages).contains(&target);
        if enabled {
            view! {
                <A href=page.query.at_page(target).href() attr:rel=rel attr:class="page-link">
                    {text}
                </A>
            }
            .into_any()
        } else {
            view! { <span class="page-link disabled" aria-disabled="true">{text}</span> }.into_any()
        }
    };
    (page.pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {link(1, "« First", "first")}
                {link(current.saturating_sub(1), "‹ Previous", "prev")}
                <span class="page-of">
                    "Page " {format::thousands(current as u64)} " of "
                    {format::thousands(page.pages as u64)}
                </span>
                {link(current + 1, "Next ›", "next")}
                {link(page.pages, "Last »", "last")}
            </nav>
        }
    })
}
