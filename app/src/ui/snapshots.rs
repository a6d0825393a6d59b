//! The snapshots page (being built).

use leptos::prelude::*;

#[component]
pub fn SnapshotsPage() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"Snapshots"</h1>
        </section>
    }
}
