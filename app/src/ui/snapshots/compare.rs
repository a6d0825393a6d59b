//! The snapshots page's comparison of two snapshots: the form and the result.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{short_time, window};
use crate::ui::format;
use crate::views::snapshots::{CompareView, SnapshotItem};

#[component]
pub(super) fn CompareForm(snapshots: Vec<SnapshotItem>) -> impl IntoView {
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
pub(super) fn Comparison(view: CompareView) -> impl IntoView {
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
