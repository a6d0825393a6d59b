//! A chart placeholder rendered on the server, drawn by ECharts in the browser after hydration.

use charming::Chart;
use leptos::prelude::*;

/// `id` must be unique on the page. The chart is built on both sides (cheap); only the browser
/// draws it, so the server sends an empty, sized box. A reactive `chart` is drawn again whenever
/// it changes (e.g. an assumption edited in the page).
#[component]
pub fn ChartView(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] chart: Signal<Chart>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let chart = chart.get();
        let renderer = charming::WasmRenderer::new_opt(None, None);
        if let Err(error) = renderer.render(id, &chart) {
            leptos::logging::error!("chart {id}: {error:?}");
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = chart;
    view! { <div id=id class="chart" role="img" aria-label=label></div> }
}
