//! The Export control (fleet overview, each stored snapshot): links to the server's report
//! routes (`/reports/{id}/report.{ext}`, `?redact=1`), so it works without JavaScript: a report
//! downloads as an attachment and the page stays, a failure comes back as a page that says what
//! went wrong. After hydration a PDF (a few seconds of Chromium) is fetched by the page itself,
//! so the page says it is rendering, then saves the file or shows the server's reason.

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

/// Where the page's own PDF download stands.
#[derive(Clone, Debug, PartialEq)]
pub enum PdfStatus {
    Idle,
    Rendering,
    /// Saved under this file name.
    Saved(String),
    /// The server's (or the network's) reason.
    Failed(String),
}

impl PdfStatus {
    /// The `data-state` the page carries (for scripts and tests).
    pub fn state(&self) -> &'static str {
        match self {
            PdfStatus::Idle => "idle",
            PdfStatus::Rendering => "rendering",
            PdfStatus::Saved(_) => "saved",
            PdfStatus::Failed(_) => "failed",
        }
    }

    pub fn message(&self) -> String {
        match self {
            PdfStatus::Idle => String::new(),
            PdfStatus::Rendering => "Rendering the PDF… this takes a few seconds.".to_string(),
            PdfStatus::Saved(name) => format!("PDF ready: saved as {name}."),
            PdfStatus::Failed(reason) => format!("The PDF was not made: {reason}"),
        }
    }
}

/// The file name in a `Content-Disposition: attachment; filename="…"` header.
pub fn attachment_name(disposition: &str) -> Option<String> {
    let (_, rest) = disposition.split_once("filename=\"")?;
    let (name, _) = rest.split_once('"')?;
    (!name.is_empty()).then(|| name.to_string())
}

#[component]
pub fn ExportMenu(snapshot_id: i64) -> impl IntoView {
    let status = RwSignal::new(PdfStatus::Idle);
    let links = move |redact: bool| {
        FORMATS
            .iter()
            .map(|(extension, label)| {
                let href = report_href(snapshot_id, extension, redact);
                let on_click = {
                    let href = href.clone();
                    move |event: leptos::ev::MouseEvent| {
                        if *extension != "pdf" {
                            return;
                        }
                        event.prevent_default();
                        // One at a time: another click while it renders changes nothing.
                        if status.get_untracked() != PdfStatus::Rendering {
                            fetch_pdf(href.clone(), status);
                        }
                    }
                };
                view! {
                    <a
                        class="export-link"
                        href=href
                        data-format=*extension
                        data-redacted=redact.to_string()
                        rel="nofollow"
                        on:click=on_click
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
                    "A PDF takes a few seconds to render; this page says when it is ready or why it failed."
                </p>
                <p
                    class="export-status"
                    class:error-text=move || matches!(status.get(), PdfStatus::Failed(_))
                    role="status"
                    aria-live="polite"
                    data-state=move || status.get().state()
                >
                    {move || status.get().message()}
                </p>
            </div>
        </details>
    }
}

/// Fetches the PDF, then saves it through an object URL (the browser's download), or shows
/// the reason it failed. Only in the browser: on the server the link is never clicked.
fn fetch_pdf(href: String, status: RwSignal<PdfStatus>) {
    #[cfg(feature = "hydrate")]
    {
        status.set(PdfStatus::Rendering);
        leptos::task::spawn_local(async move {
            status.set(match download(&href).await {
                Ok(name) => PdfStatus::Saved(name),
                Err(reason) => PdfStatus::Failed(reason),
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (href, status);
}

#[cfg(feature = "hydrate")]
async fn download(href: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let unreachable = |_| "the server could not be reached".to_string();
    let window = web_sys::window().ok_or("no window")?;
    let headers = web_sys::Headers::new().map_err(unreachable)?;
    headers
        .set("accept", "application/pdf, application/json;q=0.5")
        .map_err(unreachable)?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(href, &init))
        .await
        .map_err(unreachable)?
        .unchecked_into();
    if !response.ok() {
        let body = match response.text() {
            Ok(text) => JsFuture::from(text).await.ok().and_then(|v| v.as_string()),
            Err(_) => None,
        };
        let reason = body
            .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
            .and_then(|v| v["error"].as_str().map(String::from))
            .unwrap_or_else(|| format!("the server answered {}", response.status()));
        return Err(reason);
    }
    let name = response
        .headers()
        .get("content-disposition")
        .ok()
        .flatten()
        .and_then(|v| attachment_name(&v))
        .unwrap_or_else(|| "berth-review.pdf".to_string());
    let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(unreachable)?)
        .await
        .map_err(unreachable)?
        .unchecked_into();
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(unreachable)?;
    let anchor: web_sys::HtmlAnchorElement = window
        .document()
        .ok_or("no document")?
        .create_element("a")
        .map_err(unreachable)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(&name);
    anchor.click();
    // The download has its own reference once started; free the blob a little later.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_name_comes_from_the_disposition_header() {
        assert_eq!(
            attachment_name("attachment; filename=\"berth-review-123456789012-2026-11-01.pdf\""),
            Some("berth-review-123456789012-2026-11-01.pdf".to_string())
        );
        assert_eq!(attachment_name("attachment"), None);
        assert_eq!(attachment_name("attachment; filename=\"\""), None);
    }

    #[test]
    fn each_status_says_where_the_pdf_stands() {
        assert_eq!(PdfStatus::Idle.message(), "");
        assert!(PdfStatus::Rendering
            .message()
            .starts_with("Rendering the PDF"));
        assert_eq!(
            PdfStatus::Failed("Chromium was not found".into()).message(),
            "The PDF was not made: Chromium was not found"
        );
        assert_eq!(PdfStatus::Saved("a.pdf".into()).state(), "saved");
    }
}
