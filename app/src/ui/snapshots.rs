//! The snapshots page: every stored snapshot, import by upload, delete (with a confirmation
//! step), a collection from AWS with its progress, and the comparison of two snapshots.
//!
//! Every action is a plain HTML form posted to the server's routes, which redirect back here
//! with the outcome in the query (`imported`, `deleted`, `collect`, `error`), so the page works
//! before hydration and without JavaScript. After hydration, a running collection's progress
//! streams in through server-sent events (`/api/collect/events`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::export::ExportMenu;
use super::format;
use crate::api::snapshots::{
    get_comparison, get_snapshots, CollectState, CollectStatus, CompareView, SnapshotItem,
    SnapshotsView,
};

#[component]
pub fn SnapshotsPage() -> impl IntoView {
    let query = use_query_map();
    let snapshots = Resource::new(|| (), |_| get_snapshots());
    let compare_ids = move || {
        query.with(|q| {
            let id = |key: &str| q.get(key).and_then(|v| v.trim().parse::<i64>().ok());
            id("a").zip(id("b"))
        })
    };
    let comparison = Resource::new(compare_ids, |ids| async move {
        match ids {
            Some((before, after)) => Some(get_comparison(before, after).await),
            None => None,
        }
    });
    view! {
        <section class="page-head">
            <h1>"Snapshots"</h1>
            <p class="subtle">
                "Each snapshot is one collection of a fleet; the newest is the one the fleet pages show. "
                "Import a snapshot file, collect one from AWS, or compare two."
            </p>
        </section>
        <Notice/>
        <Suspense fallback=|| view! { <p class="loading">"Loading the snapshots…"</p> }>
            {move || Suspend::new(async move {
                match snapshots.await {
                    Ok(view) => {
                        let on_collected = move || snapshots.refetch();
                        let actions = match super::admin_session() {
                            Some(admin) => view! {
                                <div class="snapshot-actions">
                                    <ImportForm
                                        max_upload_bytes=view.max_upload_bytes
                                        action=admin.form_action("/snapshots/import")
                                    />
                                    <CollectPanel
                                        initial=view.collect.clone()
                                        max_days=view.collect_max_days
                                        cost_note=view.collect_cost_note.clone()
                                        action=admin.form_action("/snapshots/collect")
                                        on_collected
                                    />
                                </div>
                            }
                                .into_any(),
                            None => view! {
                                <p class="subtle" id="viewer-note">
                                    "Importing, collecting and deleting snapshots need the admin role."
                                </p>
                            }
                                .into_any(),
                        };
                        view! {
                            <SnapshotList view=view.clone()/>
                            {actions}
                            <CompareForm snapshots=view.snapshots.clone()/>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! {
                            <section class="error" role="alert">
                                <h2>"The snapshots could not be loaded"</h2>
                                <p>{error.to_string()}</p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match comparison.await {
                    None => ().into_any(),
                    Some(Ok(view)) => view! { <Comparison view/> }.into_any(),
                    Some(Err(error)) => {
                        view! {
                            <section class="error" role="alert" id="comparison-error">
                                <h2>"These snapshots cannot be compared"</h2>
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

/// The outcome of the last form post, from the query the server redirected to.
#[component]
fn Notice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            if let Some(error) = q.get("error") {
                return view! {
                    <section class="error notice" role="alert" id="snapshots-error">
                        <strong>"Not done: "</strong>
                        {error}
                    </section>
                }
                .into_any();
            }
            let message = if let Some(id) = q.get("imported") {
                format!("Imported snapshot #{id}; it is now the current snapshot.")
            } else if let Some(id) = q.get("deleted") {
                format!("Deleted snapshot #{id}.")
            } else if q.get("collect").is_some() {
                "Collection started; its progress is below.".to_string()
            } else {
                return ().into_any();
            };
            view! {
                <p class="notice ok" role="status" id="snapshots-notice">
                    {message}
                </p>
            }
            .into_any()
        })
    }
}

#[component]
fn SnapshotList(view: SnapshotsView) -> impl IntoView {
    if view.snapshots.is_empty() {
        return view! {
            <section class="empty" id="snapshots-empty">
                <h2>"No snapshot stored"</h2>
                <p>
                    "Import a snapshot file below (write one with "
                    <code>"berth demo --out fleet.json"</code> " or "
                    <code>"berth collect --out fleet.json.gz"</code>
                    "), or collect one from AWS."
                </p>
            </section>
        }
        .into_any();
    }
    let current = view.snapshots[0].id;
    let previous = view.snapshots.get(1).map(|s| s.id);
    let rows = view
        .snapshots
        .into_iter()
        .map(|snapshot| {
            let id = snapshot.id;
            let after_delete = if id != current {
                "The current snapshot stays as it is.".to_string()
            } else if let Some(previous) = previous {
                format!("Snapshot #{previous} becomes the current one.")
            } else {
                "No snapshot will be left: the fleet pages will be empty until you import or collect one."
                    .to_string()
            };
            view! {
                <tr data-snapshot=id>
                    <td class="num">"#" {id}</td>
                    <td>
                        <span class="source-kind">{snapshot.source_kind.clone()}</span>
                        " " {snapshot.label.clone()}
                        {(id == current)
                            .then(|| view! { <span class="badge current">"current"</span> })}
                    </td>
                    <td>{snapshot.account_id.clone().unwrap_or_else(|| "—".into())}</td>
                    <td class="regions">{snapshot.regions.join(", ")}</td>
                    <td class="window">{window(&snapshot)}</td>
                    <td class="num functions">{snapshot.functions}</td>
                    <td class="num">{bytes(snapshot.bytes)}</td>
                    <td>{short_time(&snapshot.stored_at)}</td>
                    <td>
                        <ExportMenu snapshot_id=id/>
                        {super::admin_session().map(|admin| view! {
                            <details class="confirm">
                                <summary>"Delete…"</summary>
                                <form
                                    method="post"
                                    action=admin.form_action(&format!("/snapshots/{id}/delete"))
                                >
                                    <p>
                                        "Delete snapshot #" {id} " for good? " {after_delete.clone()}
                                    </p>
                                    <button type="submit" class="danger">
                                        "Delete snapshot #" {id}
                                    </button>
                                </form>
                            </details>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Stored snapshots"</h2>
            <div class="table-scroll">
                <table id="snapshots-table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"Id"</th>
                            <th scope="col">"Source"</th>
                            <th scope="col">"Account"</th>
                            <th scope="col">"Regions"</th>
                            <th scope="col">"Window"</th>
                            <th scope="col" class="num">"Functions"</th>
                            <th scope="col" class="num">"Size"</th>
                            <th scope="col">"Stored"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// `2026-10-28 00:00 UTC · 720 h (30 days)`
fn window(snapshot: &SnapshotItem) -> String {
    let hours = snapshot.window_hours;
    let days = if hours.is_multiple_of(24) {
        format!(" ({} days)", hours / 24)
    } else {
        String::new()
    };
    format!("{} · {hours} h{days}", short_time(&snapshot.window_start))
}

/// `2026-10-28T00:00:00Z` → `2026-10-28 00:00 UTC`
fn short_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(prefix) => format!("{} UTC", prefix.replace('T', " ")),
        None => rfc3339.to_string(),
    }
}

/// `812 B`, `45.3 kB`, `1.2 MB`
fn bytes(value: u64) -> String {
    let value_f = value as f64;
    if value > 0 && value.is_multiple_of(1024 * 1024) {
        format!("{} MB", value / (1024 * 1024))
    } else if value_f >= 1024.0 * 1024.0 {
        format!("{:.1} MB", value_f / (1024.0 * 1024.0))
    } else if value_f >= 1024.0 {
        format!("{:.1} kB", value_f / 1024.0)
    } else {
        format!("{value} B")
    }
}

#[component]
fn ImportForm(max_upload_bytes: u64, action: String) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Import a snapshot file"</h2>
            <form
                method="post"
                action=action
                enctype="multipart/form-data"
                id="import-form"
                class="stacked"
            >
                <label for="import-file">
                    "Snapshot file, plain or gzipped JSON (" <code>"berth.snapshot/v1"</code>
                    "), up to " {bytes(max_upload_bytes)}
                </label>
                <input
                    type="file"
                    id="import-file"
                    name="file"
                    accept=".json,.gz,application/json,application/gzip"
                    required
                />
                <button type="submit">"Import"</button>
            </form>
            <p class="subtle">
                "A file that does not validate is refused whole, with the function and field at fault."
            </p>
        </section>
    }
}

#[component]
fn CollectPanel(
    initial: CollectStatus,
    max_days: u32,
    cost_note: String,
    action: String,
    on_collected: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let status = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    stream::follow(status, on_collected);
    #[cfg(not(feature = "hydrate"))]
    let _ = on_collected;
    let running = move || status.with(|s| s.state == CollectState::Running);
    view! {
        <section class="card" id="collect">
            <h2>"Collect from AWS"</h2>
            <form method="post" action=action id="collect-form" class="stacked">
                <label for="collect-regions">"Regions (comma-separated; empty = the profile's region)"</label>
                <input type="text" id="collect-regions" name="regions" placeholder="us-east-1, eu-west-1"/>
                <label for="collect-days">"Days of hourly data"</label>
                <input type="number" id="collect-days" name="days" min="1" max=max_days value="14"/>
                <label for="collect-profile">"AWS profile (optional; default credential chain)"</label>
                <input type="text" id="collect-profile" name="profile"/>
                <label for="collect-endpoint">"Endpoint URL (optional, e.g. a test endpoint)"</label>
                <input type="url" id="collect-endpoint" name="endpoint_url" placeholder="http://127.0.0.1:5000"/>
                <button type="submit" disabled=running>"Collect"</button>
            </form>
            <p class="subtle">{cost_note}</p>
            <CollectProgress status/>
        </section>
    }
}

#[component]
fn CollectProgress(status: RwSignal<CollectStatus>) -> impl IntoView {
    move || {
        let current = status.get();
        let phases = current
            .phases
            .iter()
            .map(|phase| {
                let total = phase.total.max(phase.done).max(1);
                view! {
                    <li data-phase=phase.phase.clone()>
                        <span class="phase">{phase.phase.clone()}</span>
                        <progress max=total value=phase.done></progress>
                        <span class="subtle">
                            {phase.done} " / " {phase.total}
                            {if phase.finished { " · done" } else { "" }}
                        </span>
                    </li>
                }
            })
            .collect_view();
        let headline = match current.state {
            CollectState::Idle => {
                return view! {
                    <p class="subtle" id="collect-status" data-state="idle">
                        "No collection since the server started."
                    </p>
                }
                .into_any()
            }
            CollectState::Running => format!(
                "Collecting {} day(s) from {} since {}…",
                current.days,
                region_text(&current.regions),
                current
                    .started_at
                    .as_deref()
                    .map(short_time)
                    .unwrap_or_default()
            ),
            CollectState::Done => format!(
                "Done: snapshot #{} with {} functions is now current.",
                current.snapshot_id.unwrap_or_default(),
                current.functions.unwrap_or_default()
            ),
            CollectState::Failed => format!(
                "The collection failed: {}",
                current.error.clone().unwrap_or_default()
            ),
        };
        let state = current.state.as_str();
        let failed = current.state == CollectState::Failed;
        let running = current.state == CollectState::Running;
        view! {
            <div id="collect-status" data-state=state aria-live="polite">
                <p class:error-text=failed role=if failed { "alert" } else { "status" }>{headline}</p>
                <ul class="phases">{phases}</ul>
                <ul class="plans subtle">
                    {current.plans.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                </ul>
                {(current.warning_count > 0)
                    .then(|| {
                        view! {
                            <details class="warnings">
                                <summary>{current.warning_count} " collection warnings"</summary>
                                <ul>
                                    {current
                                        .warnings
                                        .iter()
                                        .map(|w| view! { <li>{w.clone()}</li> })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                    })}
                // Without JavaScript, reload until it is over.
                {running
                    .then(|| {
                        view! {
                            <noscript>
                                <meta http-equiv="refresh" content="3"/>
                            </noscript>
                        }
                    })}
            </div>
        }
            .into_any()
    }
}

fn region_text(regions: &[String]) -> String {
    if regions.is_empty() {
        "the profile's region".into()
    } else {
        regions.join(", ")
    }
}

/// Follows a running collection through server-sent events (browser only).
#[cfg(feature = "hydrate")]
mod stream {
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;

    use crate::api::snapshots::{CollectState, CollectStatus};

    // The few EventSource calls the page needs, declared here rather than enabling web-sys
    // features for them.
    #[wasm_bindgen]
    extern "C" {
        type EventSource;
        #[wasm_bindgen(constructor)]
        fn new(url: &str) -> EventSource;
        #[wasm_bindgen(method, js_name = addEventListener)]
        fn add_event_listener(
            this: &EventSource,
            kind: &str,
            listener: &Closure<dyn FnMut(MessageEvent)>,
        );
        #[wasm_bindgen(method)]
        fn close(this: &EventSource);

        type MessageEvent;
        #[wasm_bindgen(method, getter)]
        fn data(this: &MessageEvent) -> String;
    }

    pub fn follow(
        status: RwSignal<CollectStatus>,
        on_collected: impl Fn() + Send + Sync + 'static,
    ) {
        if status.get_untracked().state != CollectState::Running {
            return;
        }
        let source = Rc::new(EventSource::new("/api/collect/events"));
        let listener = {
            let source = source.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Ok(next) = serde_json::from_str::<CollectStatus>(&event.data()) else {
                    return;
                };
                let over = next.state != CollectState::Running;
                let stored = next.state == CollectState::Done;
                status.set(next);
                if over {
                    // Closed, or EventSource would reconnect to a finished stream forever.
                    source.close();
                    if stored {
                        on_collected();
                    }
                }
            })
        };
        for kind in ["idle", "running", "done", "failed"] {
            source.add_event_listener(kind, &listener);
        }
        // Lives as long as the page: one listener per page that shows a running collection.
        listener.forget();
    }
}

#[component]
fn CompareForm(snapshots: Vec<SnapshotItem>) -> impl IntoView {
    if snapshots.len() < 2 {
        return view! {
            <section class="card" id="compare">
                <h2>"Compare two snapshots"</h2>
                <p class="subtle">
                    "Comparing needs two snapshots: import or collect another one."
                </p>
            </section>
        }
        .into_any();
    }
    let query = use_query_map();
    let selected = move |key: &str, default: i64| {
        query
            .with_untracked(|q| q.get(key).and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(default)
    };
    let before = selected("a", snapshots[1].id);
    let after = selected("b", snapshots[0].id);
    let options = move |chosen: i64| {
        snapshots
            .iter()
            .map(|s| {
                view! {
                    <option value=s.id selected=s.id == chosen>
                        {format!("#{} · {} · {}", s.id, s.label, short_time(&s.stored_at))}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" id="compare">
            <h2>"Compare two snapshots"</h2>
            <form method="get" action="/snapshots" id="compare-form" class="inline">
                <label for="compare-a">"Before"</label>
                <select id="compare-a" name="a">{options(before)}</select>
                <label for="compare-b">"After"</label>
                <select id="compare-b" name="b">{options(after)}</select>
                <button type="submit">"Compare"</button>
            </form>
        </section>
    }
    .into_any()
}

/// Rows shown per list of a comparison (verdict changes, added, removed).
const SHOWN: usize = 20;

#[component]
fn Comparison(view: CompareView) -> impl IntoView {
    let CompareView {
        before,
        after,
        comparison,
        warnings,
        hours_per_month,
    } = view;
    let (old, new) = (&comparison.before, &comparison.after);
    let figure = |label: &'static str, before: f64, after: f64, money: bool| {
        let show = |v: f64| {
            if money {
                format::usd(v)
            } else {
                format!("{v:.0}")
            }
        };
        let change = after - before;
        let sign = if change >= 0.0 { "+" } else { "" };
        view! {
            <div class="figure">
                <span class="value">{format!("{} → {}", show(before), show(after))}</span>
                <span class="label">{format!("{label} ({sign}{})", show(change))}</span>
            </div>
        }
    };
    let verdict_rows = new
        .verdict_counts
        .iter()
        .map(|(kind, count)| {
            let was = old.verdict_counts.get(kind).copied().unwrap_or(0);
            view! {
                <tr>
                    <td>
                        <span class=format!("badge {}", kind.label().to_lowercase())>
                            {kind.label()}
                        </span>
                    </td>
                    <td class="num">{was}</td>
                    <td class="num">{*count}</td>
                </tr>
            }
        })
        .collect_view();
    let badge = |kind: crate::engine::verdict::VerdictKind| {
        view! {
            <span class=format!("badge {}", kind.label().to_lowercase())>{kind.label()}</span>
        }
    };
    let verdict_changes = comparison
        .verdict_changes
        .iter()
        .take(SHOWN)
        .map(|change| {
            view! {
                <tr data-function=change.key.clone()>
                    <td class="name">{change.key.clone()}</td>
                    <td>{badge(change.before)}</td>
                    <td>{badge(change.after)}</td>
                    <td class="num">{format::usd(change.before_saving_usd)}</td>
                    <td class="num">{format::usd(change.after_saving_usd)}</td>
                </tr>
            }
        })
        .collect_view();
    let spend_changes = comparison
        .spend_changes
        .iter()
        .map(|change| {
            view! {
                <tr data-function=change.key.clone()>
                    <td class="name">{change.key.clone()}</td>
                    <td class="num">{format::usd(change.before_usd)}</td>
                    <td class="num">{format::usd(change.after_usd)}</td>
                    <td class="num">
                        {format!(
                            "{}{}",
                            if change.change_usd >= 0.0 { "+" } else { "" },
                            format::usd(change.change_usd),
                        )}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let one_sided = |list: &[crate::engine::compare::OneSided]| {
        list.iter()
            .take(SHOWN)
            .map(|f| {
                view! {
                    <li data-function=f.key.clone()>
                        {f.key.clone()} " · " {format::usd(f.lambda_monthly_usd)} " / month · "
                        {badge(f.verdict)}
                    </li>
                }
            })
            .collect_view()
    };
    // Empty lists say so; long ones say how many are not shown (the JSON route has them all).
    let none = |list_len: usize, text: &'static str| {
        match list_len {
            0 => Some(text.to_string()),
            n if n > SHOWN => Some(format!(
                "The first {SHOWN} of {n} are shown; GET /api/compare lists them all."
            )),
            _ => None,
        }
        .map(|text| view! { <p class="subtle">{text}</p> })
    };
    view! {
        <section class="card" id="comparison">
            <h2>
                "Snapshot #" {before.id} " → #" {after.id}
            </h2>
            <p class="subtle">
                {before.label.clone()} ", " {window(&before)} " → " {after.label.clone()} ", "
                {window(&after)} {format!(". Monthly figures are modeled ({hours_per_month} hours) with the saved assumptions.")}
                {(warnings > 0).then(|| format!(" {warnings} analysis warnings (see the fleet page)."))}
            </p>
            <div class="figures">
                {figure("functions", old.functions as f64, new.functions as f64, false)}
                {figure("modeled Lambda spend / month", old.lambda_monthly_usd, new.lambda_monthly_usd, true)}
                {figure("Lambda + API Gateway / month", old.current_monthly_usd, new.current_monthly_usd, true)}
                {figure("potential saving / month", old.total_saving_usd, new.total_saving_usd, true)}
            </div>
            <div class="compare-grid">
                <div>
                    <h3>"Functions per verdict"</h3>
                    <table id="compare-verdicts">
                        <thead>
                            <tr>
                                <th scope="col">"Verdict"</th>
                                <th scope="col" class="num">"Before"</th>
                                <th scope="col" class="num">"After"</th>
                            </tr>
                        </thead>
                        <tbody>{verdict_rows}</tbody>
                    </table>
                </div>
                <div>
                    <h3>"Added (" {comparison.added.len()} ")"</h3>
                    {none(comparison.added.len(), "No function was added.")}
                    <ul id="compare-added">{one_sided(&comparison.added)}</ul>
                    <h3>"Removed (" {comparison.removed.len()} ")"</h3>
                    {none(comparison.removed.len(), "No function was removed.")}
                    <ul id="compare-removed">{one_sided(&comparison.removed)}</ul>
                </div>
            </div>
            <h3>"Verdict changes (" {comparison.verdict_changes.len()} ")"</h3>
            {none(comparison.verdict_changes.len(), "No function in both snapshots changed verdict.")}
            <div class="table-scroll">
                <table id="compare-verdict-changes">
                    <thead>
                        <tr>
                            <th scope="col">"Function"</th>
                            <th scope="col">"Before"</th>
                            <th scope="col">"After"</th>
                            <th scope="col" class="num">"Saving before"</th>
                            <th scope="col" class="num">"Saving after"</th>
                        </tr>
                    </thead>
                    <tbody>{verdict_changes}</tbody>
                </table>
            </div>
            <h3>
                "Biggest spend changes (" {comparison.spend_changes.len()} " of "
                {comparison.spend_changed} ")"
            </h3>
            {none(comparison.spend_changes.len(), "No function in both snapshots changed spend.")}
            <div class="table-scroll">
                <table id="compare-spend-changes">
                    <thead>
                        <tr>
                            <th scope="col">"Function"</th>
                            <th scope="col" class="num">"Before / month"</th>
                            <th scope="col" class="num">"After / month"</th>
                            <th scope="col" class="num">"Change"</th>
                        </tr>
                    </thead>
                    <tbody>{spend_changes}</tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times_read_well() {
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(46_387), "45.3 kB");
        assert_eq!(bytes(256 * 1024 * 1024), "256 MB");
        assert_eq!(bytes(1_300_000), "1.2 MB");
        assert_eq!(short_time("2026-10-28T00:00:00Z"), "2026-10-28 00:00 UTC");
        let item = SnapshotItem {
            id: 1,
            stored_at: String::new(),
            source_kind: "demo".into(),
            label: String::new(),
            account_id: None,
            regions: vec![],
            window_start: "2026-10-28T00:00:00Z".into(),
            window_hours: 720,
            functions: 0,
            bytes: 0,
        };
        assert_eq!(window(&item), "2026-10-28 00:00 UTC · 720 h (30 days)");
    }
}
