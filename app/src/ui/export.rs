//! The Export control (fleet overview, each stored snapshot): plain links to the server's report
//! routes (`/reports/{id}/report.{ext}`, `?redact=1`), so it works without JavaScript. A report
//! downloads as an attachment and the page stays; a PDF takes a few seconds (the browser shows
//! the request loading), and a failure comes back as a page that says what went wrong.

use leptos::prelude::*;

/// (extension, label) of each format, in menu order.
pub const FORMATS: [(&str, &str); 5] = [
    ("html", "HTML"),
    ("pdf", "PDF"),
    ("csv", "CSV"),
    ("json", "JSON"),
    ("md", "Markdown"),
];

/// The report route of snapshot `id` in format `extension`.
pub fn report_href(id: i64, extension: &str, redact: bool) -> String {
    let query = if redact { "?redact=1" } else { "" };
    format!("/reports/{id}/report.{extension}{query}")
}

#[component]
pub fn ExportMenu(snapshot_id: i64) -> impl IntoView {
    let links = move |redact: bool| {
        FORMATS
            .iter()
            .map(|(extension, label)| {
                view! {
                    <a
                        class="export-link"
                        href=report_href(snapshot_id, extension, redact)
                        data-format=*extension
                        data-redacted=redact.to_string()
                        rel="nofollow"
                    >
                        {*label}
                    </a>
                    " "
                }
            })
            .collect_view()
    };
    view! {
        <details class="export">
            <summary>"Export…"</summary>
            <div class="export-menu">
                <p>"Report for clients: " {links(false)}</p>
                <p>"Redacted (names, ARNs, accounts, tags as aliases): " {links(true)}</p>
                <p class="subtle">
                    "A PDF takes a few seconds to render: your browser shows it loading, then downloads it. If it fails, the page says why."
                </p>
            </div>
        </details>
    }
}
