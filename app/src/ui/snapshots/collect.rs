//! The snapshots page's collection from AWS: the form, and the progress of a running
//! collection (followed through server-sent events after hydration).

use leptos::prelude::*;

use super::short_time;
use crate::views::snapshots::{CollectState, CollectStatus};

#[component]
pub(super) fn CollectPanel(
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

    use crate::views::snapshots::{CollectState, CollectStatus};

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
