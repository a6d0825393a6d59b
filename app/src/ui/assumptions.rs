//! The assumptions page: every tunable and the price overrides in one editor, a live preview of
//! one function computed in the browser, Save (the server's analyses use the set from then on)
//! and Reset to the defaults.

use std::sync::Arc;

use leptos::prelude::*;

use super::assumption_editor::{field_errors, AssumptionEditor};
use super::function::LiveAnalysis;
use crate::api::function::{
    get_assumptions, get_function, get_preview_functions, reset_assumptions, save_assumptions,
    AssumptionSet, Draft,
};

#[component]
pub fn AssumptionsPage() -> impl IntoView {
    let saved = Resource::new(|| (), |_| get_assumptions());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the assumptions…"</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(set) => view! { <AssumptionsEditorPage saved=set/> }.into_any(),
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
fn AssumptionsEditorPage(saved: AssumptionSet) -> impl IntoView {
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
                <Preview draft/>
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
fn Preview(draft: RwSignal<Draft>) -> impl IntoView {
    let functions = Resource::new(|| (), |_| get_preview_functions());
    let selected = RwSignal::new(None::<(String, String)>);
    view! {
        <section class="panel">
            <h2>"Preview"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match functions.await {
                        Ok(list) if !list.is_empty() => {
                            let first = list[0].clone();
                            let options = list
                                .into_iter()
                                .map(|(region, name)| {
                                    let value = format!("{region}/{name}");
                                    let text = value.clone();
                                    view! { <option value=value>{text}</option> }
                                })
                                .collect_view();
                            view! {
                                <label for="preview-function">"Function (biggest spenders first)"</label>
                                <select
                                    id="preview-function"
                                    on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        if let Some((region, name)) = value.split_once('/') {
                                            selected.set(Some((region.to_string(), name.to_string())));
                                        }
                                    }
                                >
                                    {options}
                                </select>
                                <PreviewOf selected first draft/>
                            }
                                .into_any()
                        }
                        Ok(_) => view! { <p>"No snapshot yet: nothing to preview."</p> }.into_any(),
                        Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PreviewOf(
    selected: RwSignal<Option<(String, String)>>,
    first: (String, String),
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let detail = Resource::new(
        move || selected.get().unwrap_or_else(|| first.clone()),
        |(region, name)| get_function(region, name),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the function…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(detail)) => {
                        let href = format!("/functions/{}/{}", detail.function.region, detail.function.name);
                        view! {
                            <p><a href=href>"Open the function's page"</a></p>
                            <LiveAnalysis detail=Arc::new(detail) draft prefix="preview"/>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <p>"That function is gone from the newest snapshot."</p> }.into_any(),
                    Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
