//! The fleet page: the newest snapshot's functions in a sortable table, and the fleet's traffic.

use std::cmp::Ordering;
use std::sync::Arc;

use leptos::prelude::*;

use super::format;
use super::ChartView;
use crate::api::get_fleet;
use crate::charts;
use crate::views::{FleetRow, FleetView};

#[component]
pub fn FleetPage() -> impl IntoView {
    let fleet = Resource::new(|| (), |_| get_fleet());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the fleet…"</p> }>
            {move || Suspend::new(async move {
                match fleet.await {
                    Ok(Some(view)) => view! { <FleetOverview view/> }.into_any(),
                    Ok(None) => view! { <NoSnapshot/> }.into_any(),
                    Err(error) => {
                        view! {
                            <section class="error" role="alert">
                                <h1>"The fleet could not be loaded"</h1>
                                <p>{error.to_string()}</p>
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
fn NoSnapshot() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"No snapshot yet"</h1>
            <p>
                "Berth analyses a snapshot of your Lambda fleet. Start the server on an empty "
                "database to load the demo fleet, or write one with "
                <code>"berth demo --out fleet.json"</code>"."
            </p>
        </section>
    }
}

/// The columns of the fleet table, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Function,
    Region,
    Memory,
    Architecture,
    Invocations,
    Duration,
    Concurrency,
    Cost,
    Verdict,
    Saving,
}

impl Column {
    const ALL: [Column; 10] = [
        Column::Function,
        Column::Region,
        Column::Memory,
        Column::Architecture,
        Column::Invocations,
        Column::Duration,
        Column::Concurrency,
        Column::Cost,
        Column::Verdict,
        Column::Saving,
    ];

    fn label(self) -> &'static str {
        match self {
            Column::Function => "Function",
            Column::Region => "Region",
            Column::Memory => "Memory",
            Column::Architecture => "Arch",
            Column::Invocations => "Invocations / month",
            Column::Duration => "Avg duration",
            Column::Concurrency => "Peak concurrency",
            Column::Cost => "Lambda cost / month",
            Column::Verdict => "Verdict",
            Column::Saving => "Saving / month",
        }
    }

    fn numeric(self) -> bool {
        !matches!(
            self,
            Column::Function | Column::Region | Column::Architecture
        )
    }

    fn compare(self, a: &FleetRow, b: &FleetRow) -> Ordering {
        let by_option = |x: Option<f64>, y: Option<f64>| {
            // Missing values sort below every number.
            x.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&y.unwrap_or(f64::NEG_INFINITY))
        };
        match self {
            Column::Function => a.name.cmp(&b.name),
            Column::Region => a.region.cmp(&b.region),
            Column::Memory => a.memory_mb.cmp(&b.memory_mb),
            Column::Architecture => a.architecture.cmp(&b.architecture),
            Column::Invocations => a.monthly_invocations.total_cmp(&b.monthly_invocations),
            Column::Duration => by_option(a.avg_duration_ms, b.avg_duration_ms),
            Column::Concurrency => by_option(a.peak_concurrency, b.peak_concurrency),
            Column::Cost => a.monthly_cost_usd.total_cmp(&b.monthly_cost_usd),
            // Stay < Tune < Hybrid < Move: how far from today's setup the advice goes.
            Column::Verdict => verdict_rank(&a.verdict).cmp(&verdict_rank(&b.verdict)),
            Column::Saving => a.saving_usd.total_cmp(&b.saving_usd),
        }
    }
}

fn verdict_rank(verdict: &str) -> usize {
    ["Stay", "Tune", "Hybrid", "Move"]
        .iter()
        .position(|v| *v == verdict)
        .unwrap_or(usize::MAX)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sort {
    column: Column,
    descending: bool,
}

impl Sort {
    /// Clicking the sorted column flips it; another column starts with its most useful order
    /// (biggest first for numbers, A→Z for text).
    fn clicked(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.numeric(),
            }
        }
    }

    fn apply(self, rows: &mut [FleetRow]) {
        rows.sort_by(|a, b| {
            let order = self.column.compare(a, b).then_with(|| a.name.cmp(&b.name));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
    }
}

#[component]
fn FleetOverview(view: Arc<FleetView>) -> impl IntoView {
    let sort = RwSignal::new(Sort {
        column: Column::Cost,
        descending: true,
    });
    let all_rows = view.rows.clone();
    let rows = move || {
        let mut rows = all_rows.clone();
        sort.get().apply(&mut rows);
        rows
    };
    let chart = charts::fleet_invocations(&view.snapshot.window_start, &view.hourly_invocations);
    let snapshot = view.snapshot.clone();
    let days = snapshot.hours / 24;
    let headers = Column::ALL
        .into_iter()
        .map(|column| {
            let aria_sort = move || {
                let current = sort.get();
                match (current.column == column, current.descending) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                }
            };
            let arrow = move || {
                let current = sort.get();
                match (current.column == column, current.descending) {
                    (false, _) => "",
                    (true, true) => " ▼",
                    (true, false) => " ▲",
                }
            };
            view! {
                <th scope="col" aria-sort=aria_sort class:num=column.numeric()>
                    <button
                        type="button"
                        data-column=format!("{column:?}").to_lowercase()
                        on:click=move |_| sort.update(|s| *s = s.clicked(column))
                    >
                        {column.label()}
                        {arrow}
                    </button>
                </th>
            }
        })
        .collect_view();
    view! {
        <section class="page-head">
            <h1>"Fleet"</h1>
            <p class="subtle">
                {snapshot.label.clone()} " · " {snapshot.functions} " functions · "
                {snapshot.regions.join(", ")} " · " {days} " days from "
                {snapshot.window_start[..10].to_string()}
            </p>
        </section>
        <section class="figures">
            <div class="figure">
                <span class="value">{format::usd(view.total_monthly_cost_usd)}</span>
                <span class="label">"modeled Lambda spend / month"</span>
            </div>
            <div class="figure">
                <span class="value">{format::usd(view.total_saving_usd)}</span>
                <span class="label">"potential saving / month"</span>
            </div>
            <div class="figure">
                <span class="value">
                    {format::count(view.rows.iter().map(|r| r.monthly_invocations).sum())}
                </span>
                <span class="label">"invocations / month"</span>
            </div>
            <div class="figure verdicts">
                <span class="value">
                    {view
                        .verdict_counts
                        .iter()
                        .map(|(verdict, count)| {
                            view! {
                                <span class=format!("badge {}", verdict.to_lowercase())>
                                    {verdict.clone()} " " {*count}
                                </span>
                            }
                        })
                        .collect_view()}
                </span>
                <span class="label">"functions per verdict"</span>
            </div>
        </section>
        <section class="card">
            <h2>"Invocations per hour"</h2>
            <ChartView
                id="chart-fleet-invocations"
                label="The fleet's invocations per hour over the window".to_string()
                chart
            />
        </section>
        <section class="card">
            <h2>"Functions"</h2>
            <div class="table-scroll">
                <table class="fleet" id="fleet-table">
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>
                        <For
                            each=rows
                            key=|row| (row.region.clone(), row.name.clone())
                            let:row
                        >
                            <tr data-function=row.name.clone()>
                                <td class="name">{row.name.clone()}</td>
                                <td>{row.region.clone()}</td>
                                <td class="num">{row.memory_mb} " MB"</td>
                                <td>{row.architecture.clone()}</td>
                                <td class="num">{format::count(row.monthly_invocations)}</td>
                                <td class="num">
                                    {row.avg_duration_ms.map(format::duration_ms).unwrap_or_else(|| "—".into())}
                                </td>
                                <td class="num">
                                    {row.peak_concurrency.map(|c| format!("{c:.0}")).unwrap_or_else(|| "—".into())}
                                </td>
                                <td class="num">{format::usd(row.monthly_cost_usd)}</td>
                                <td title=format!("{} · {}", row.option, if row.signals.is_empty() { "no signal fired".to_string() } else { row.signals.join(", ") })>
                                    <span class=format!("badge {}", row.verdict.to_lowercase())>
                                        {row.verdict.clone()}
                                    </span>
                                </td>
                                <td class="num">{format::usd(row.saving_usd)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <p class="subtle">{view.prices_note.clone()}</p>
            {(!view.warnings.is_empty())
                .then(|| {
                    view! {
                        <details class="warnings">
                            <summary>{view.warnings.len()} " analysis warnings"</summary>
                            <ul>
                                {view
                                    .warnings
                                    .iter()
                                    .map(|warning| view! { <li>{warning.clone()}</li> })
                                    .collect_view()}
                            </ul>
                        </details>
                    }
                })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, cost: f64, duration: Option<f64>) -> FleetRow {
        FleetRow {
            name: name.into(),
            region: "us-east-1".into(),
            memory_mb: 128,
            architecture: "x86_64".into(),
            monthly_invocations: 0.0,
            avg_duration_ms: duration,
            peak_concurrency: None,
            monthly_cost_usd: cost,
            verdict: "Stay".into(),
            option: "Lambda as is".into(),
            saving_usd: 0.0,
            signals: Vec::new(),
        }
    }

    fn names(rows: &[FleetRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn sorting_flips_on_the_same_column_and_keeps_missing_values_last() {
        let mut rows = vec![
            row("b", 2.0, None),
            row("a", 5.0, Some(10.0)),
            row("c", 1.0, Some(3.0)),
        ];
        let sort = Sort {
            column: Column::Cost,
            descending: true,
        };
        sort.apply(&mut rows);
        assert_eq!(names(&rows), ["a", "b", "c"]);
        let sort = sort.clicked(Column::Cost);
        sort.apply(&mut rows);
        assert_eq!(names(&rows), ["c", "b", "a"]);
        let sort = sort.clicked(Column::Duration);
        assert!(sort.descending);
        sort.apply(&mut rows);
        assert_eq!(names(&rows), ["a", "c", "b"]);
        let sort = sort.clicked(Column::Function);
        assert!(!sort.descending);
        sort.apply(&mut rows);
        assert_eq!(names(&rows), ["a", "b", "c"]);
    }
}
