//! A chart placeholder rendered on the server, drawn by ECharts in the browser after hydration.

use charming::Chart;
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// An ECharts instance, as charming's `Echarts` (which has no `clear`).
    type Instance;

    /// `echartsInstance.clear()`: removes every series and component, so the next option
    /// replaces the chart. Without it `setOption` merges, and a series the new chart no longer
    /// has (an option that stopped applying) would stay drawn.
    #[wasm_bindgen(method, js_name = clear)]
    fn clear(this: &Instance);

    type MediaQuery;

    #[wasm_bindgen(js_namespace = window, js_name = matchMedia)]
    fn match_media(query: &str) -> MediaQuery;

    #[wasm_bindgen(method, getter)]
    fn matches(this: &MediaQuery) -> bool;
}

/// The page is dark: `<html data-theme>` as the shell renders it, the system's preference
/// when it says "system".
#[cfg(feature = "hydrate")]
fn dark_page() -> bool {
    let theme = leptos::prelude::document()
        .document_element()
        .and_then(|root| root.get_attribute("data-theme"));
    match theme.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => match_media("(prefers-color-scheme: dark)").matches(),
    }
}

/// `id` must be unique on the page. The chart is built on both sides (cheap); only the browser
/// draws it, so the server sends an empty, sized box. A reactive `chart` is drawn again whenever
/// it changes (e.g. an assumption edited in the page), replacing the previous drawing.
#[component]
pub fn ChartView(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] chart: Signal<Chart>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |drawn: Option<Option<charming::Echarts>>| {
        let mut chart = chart.get();
        let dark = dark_page();
        if dark {
            // ECharts' own dark theme for text and axes, on the page's panel colour.
            chart = chart.background_color("transparent");
        }
        // The instance drawn last time: ECharts' `init` on the same element would only warn
        // and hand it back, merging the new option into the old.
        if let Some(Some(echarts)) = drawn {
            wasm_bindgen::JsCast::unchecked_ref::<Instance>(&echarts).clear();
            charming::WasmRenderer::update(&echarts, &chart);
            return Some(echarts);
        }
        let mut renderer = charming::WasmRenderer::new_opt(None, None);
        if dark {
            renderer = renderer.theme(charming::theme::Theme::Dark);
        }
        match renderer.render(id, &chart) {
            Ok(echarts) => Some(echarts),
            Err(error) => {
                leptos::logging::error!("chart {id}: {error:?}");
                None
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = chart;
    view! { <div id=id class="chart" role="img" aria-label=label></div> }
}
