//! The function page (being built).

use leptos::prelude::*;

#[component]
pub fn FunctionPage() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"Function"</h1>
        </section>
    }
}
