//! The assumptions page (being built).

use leptos::prelude::*;

#[component]
pub fn AssumptionsPage() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"Assumptions"</h1>
        </section>
    }
}
