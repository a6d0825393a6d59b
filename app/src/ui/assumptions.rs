//! The assumptions page: every tunable and the price overrides in one editor, a live preview of
//! one function computed in the browser, Save (the server's analyses use the set from then on)
//! and Reset to the defaults.

use std::sync::Arc;

use leptos::prelude::*;

use super::assumption_editor::{field_errors, AssumptionEditor};
use super::function::LiveAnalysis;
use crate::api::function::{get_assumptions, get_preview, reset_assumptions, save_assumptions};
use crate::views::function::{AssumptionSet, Draft, PreviewData};

/// The preview's data, refetched when the chosen function changes.
type PreviewResource = Resource<Result<PreviewData, ServerFnError>>;

#[component]
pub fn AssumptionsPage() -> impl IntoView {
    // Every resource of the page is created here, outside the suspended parts: a resource
    // created inside a `Suspend` is created again when it re-runs, and the browser's hydration
    // then no longer lines up with the server's HTML.
    let saved = Resource::new(|| (), |_| get_assumptions());
    let chosen = RwSignal::new(String::new());
    let preview = Resource::new(move || chosen.get(), get_preview);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the assumptions…"</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(set) => view! { <AssumptionsEditorPage saved=set preview chosen/> }.into_any(),
                    Err(error) => {
                        view! {
                            <section class="error" role="alert">
                                <h1>"The assumptions could not be loaded"</h1>
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

/// What the last Save or Reset did, for the status line.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Saved,
    Reset,
    Refused(String),
}

#[component]
fn AssumptionsEditorPage(
    saved: AssumptionSet,
    preview: PreviewResource,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let draft = RwSignal::new(Draft::from_set(&saved));
    let saved = RwSignal::new(Draft::from_set(&saved));
    let status = RwSignal::new(Status::Idle);
    let unsaved = move || draft.with(|d| saved.with(|s| d != s));
    let errors = Memo::new(move |_| draft.with(field_errors));
    let save = Action::new(move |draft: &Draft| {
        let draft = draft.clone();
        async move { save_assumptions(draft).await }
    });
    let reset = Action::new(move |_: &()| reset_assumptions());
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(set) => {
                    saved.set(Draft::from_set(&set));
                    status.set(Status::Saved);
                }
                Err(error) => status.set(Status::Refused(server_message(&error))),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = reset.value().get() {
            match result {
                Ok(set) => {
                    let defaults = Draft::from_set(&set);
                    draft.set(defaults.clone());
                    saved.set(defaults);
                    status.set(Status::Reset);
                }
                Err(error) => status.set(Status::Refused(server_message(&error))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(Status::Idle);
        save.dispatch(draft.get_untracked());
    };
    let status_text = move || match status.get() {
        Status::Idle if unsaved() => {
            "Unsaved changes: the preview shows them, the server does not use them yet.".to_string()
        }
        Status::Idle => "The server's analyses use these assumptions.".to_string(),
        Status::Saved => {
            "Saved. Every analysis on the server uses these assumptions now.".to_string()
        }
        Status::Reset => "Reset: the defaults and the built-in prices apply again.".to_string(),
        Status::Refused(message) => format!("Not saved: {message}"),
    };
    view! {
        <section class="page-head">
            <h1>"Assumptions"</h1>
            <p class="subtle">
                "Every tunable of the cost model and the verdict rules, with its default. Changes "
                "show in the preview at once (computed in your browser); Save makes them the "
                "server's for every page."
            </p>
        </section>
        <div class="assumptions-layout">
            <form class="assumptions-form" on:submit=on_submit novalidate=true>
                <AssumptionEditor draft/>
                <div class="form-actions">
                    {if super::admin_session().is_some() {
                        view! {
                            <button
                                type="submit"
                                id="save-assumptions"
                                disabled=move || save.pending().get() || !errors.with(|e| e.is_empty())
                            >
                                "Save"
                            </button>
                            <button
                                type="button"
                                id="reset-assumptions"
                                class="secondary"
                                on:click=move |_| {
                                    status.set(Status::Idle);
                                    reset.dispatch(());
                                }
                            >
                                "Reset to defaults"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="subtle" id="viewer-note">
                                "Saving assumptions for everyone needs the admin role; the preview is yours."
                            </p>
                        }
                            .into_any()
                    }}
                    <p
                        class="status"
                        id="assumptions-status"
                        role="status"
                        class:refused=move || matches!(status.get(), Status::Refused(_))
                    >
                        {status_text}
                    </p>
                </div>
            </form>
            <aside class="assumptions-preview">
                <Preview draft preview chosen/>
            </aside>
        </div>
    }
}

/// A server function's error as the user should read it (without the error type's prefix).
fn server_message(error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        other => other.to_string(),
    }
}

#[component]
fn Preview(
    draft: RwSignal<Draft>,
    preview: PreviewResource,
    chosen: RwSignal<String>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Preview"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(PreviewData { functions, detail: Some(detail) }) => {
                            let current = format!("{}/{}", detail.function.region, detail.function.name);
                            let options = functions
                                .into_iter()
                                .map(|(region, name)| {
                                    let value = format!("{region}/{name}");
                                    let is_current = value == current;
                                    let text = value.clone();
                                    view! { <option value=value selected=is_current>{text}</option> }
                                })
                                .collect_view();
                            let href = format!("/functions/{current}");
                            view! {
                                <label for="preview-function">"Function (biggest spenders first)"</label>
                                <select
                                    id="preview-function"
                                    on:change=move |ev| chosen.set(event_target_value(&ev))
                                >
                                    {options}
                                </select>
                                <p><a href=href>"Open the function's page"</a></p>
                                <LiveAnalysis detail=Arc::new(detail) draft prefix="preview"/>
                            }
                                .into_any()
                        }
                        Ok(_) => view! { <p>"No snapshot yet: nothing to preview."</p> }.into_any(),
                        Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
