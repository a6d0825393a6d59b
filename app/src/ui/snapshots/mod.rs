//! The snapshots page: every stored snapshot, import by upload, delete (with a confirmation
//! step), a collection from AWS with its progress, and the comparison of two snapshots.
//!
//! Every action is a plain HTML form posted to the server's routes, which redirect back here
//! with the outcome in the query (`imported`, `deleted`, `collect`, `error`), so the page works
//! before hydration and without JavaScript. After hydration, a running collection's progress
//! streams in through server-sent events (`/api/collect/events`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

mod collect;
mod compare;

use collect::CollectPanel;
use compare::{CompareForm, Comparison};

use super::export::ExportMenu;
use crate::api::snapshots::{get_comparison, get_snapshots};
use crate::views::snapshots::{SnapshotItem, SnapshotsView};

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
pub(super) fn window(snapshot: &SnapshotItem) -> String {
    let hours = snapshot.window_hours;
    let days = if hours.is_multiple_of(24) {
        format!(" ({} days)", hours / 24)
    } else {
        String::new()
    };
    format!("{} · {hours} h{days}", short_time(&snapshot.window_start))
}

/// `2026-10-28T00:00:00Z` → `2026-10-28 00:00 UTC`
pub(super) fn short_time(rfc3339: &str) -> String {
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
