//! The function page's verdict box, its hints and the six signals with their evidence.

use leptos::prelude::*;

use crate::engine::analysis::FunctionAnalysis;
use crate::engine::signals::Signal as EngineSignal;
use crate::ui::format;

/// A signal's value with its unit: shares as percentages.
fn signal_value(value: f64, unit: &str) -> String {
    if unit.starts_with("share") {
        let percent = value * 100.0;
        if percent != 0.0 && percent.abs() < 1.0 {
            format!("{percent:.2} %")
        } else {
            format!("{percent:.0} %")
        }
    } else {
        format!(
            "{} {unit}",
            format::thousands(value.round().max(0.0) as u64)
        )
    }
}

#[component]
pub(super) fn VerdictBox(analysis: FunctionAnalysis) -> impl IntoView {
    let verdict = &analysis.verdict;
    let kind = verdict.kind.label();
    let confidence = verdict.confidence.as_str();
    let reasons = verdict
        .reasons
        .iter()
        .map(|reason| view! { <li>{reason.clone()}</li> })
        .collect_view();
    view! {
        <div class="verdict-head">
            <span class=format!("badge {}", kind.to_lowercase()) data-testid="verdict">
                {kind}
            </span>
            <span class="verdict-option">{verdict.option.label()}</span>
            <span class="figure-inline">
                <span class="value" data-testid="saving">{format::usd(verdict.monthly_saving_usd)}</span>
                " saving / month"
            </span>
            <span class="figure-inline" title="Engineer-days of the change × the engineer-day cost (assumptions).">
                <span class="value" data-testid="one-time">{format::usd(verdict.one_time_usd)}</span>
                {format!(" one-time, {}", format::payback(verdict.payback_months))}
            </span>
            <span class="figure-inline">
                <span class="value">{format::usd(analysis.lambda.monthly_usd)}</span>
                " Lambda / month now"
            </span>
            <span class="figure-inline" title="From data coverage: hours observed, invocation volume, billed costs present, prices complete.">
                "confidence " <strong>{confidence}</strong>
                {format!(" ({:.0} %)", verdict.confidence_score * 100.0)}
            </span>
        </div>
        <ul class="reasons">{reasons}</ul>
    }
}

#[component]
pub(super) fn HintsList(analysis: FunctionAnalysis) -> impl IntoView {
    let provisioned = analysis.provisioned_utilisation.map(|used| {
        view! {
            <p data-testid="pc-utilisation">
                {format!("Provisioned concurrency used: {:.0} % of today's environments (hours' mean concurrency).", used * 100.0)}
            </p>
        }
    });
    if analysis.hints.is_empty() {
        return view! { {provisioned} <p class="subtle">"No hint for this function."</p> }
            .into_any();
    }
    let items = analysis
        .hints
        .iter()
        .map(|hint| {
            view! {
                <li data-hint=format::serde_name(&hint.kind)>
                    <strong>{hint.kind.label()}</strong>
                    ": " {hint.evidence.clone()} " " <em>{hint.kind.fix()}</em>
                </li>
            }
        })
        .collect_view();
    view! { {provisioned} <ul class="hints">{items}</ul> }.into_any()
}

#[component]
pub(super) fn SignalsTable(signals: Vec<EngineSignal>) -> impl IntoView {
    let rows = signals
        .into_iter()
        .map(|signal| {
            let tip = signal.kind.explanation();
            let value = signal
                .value
                .map_or("not collected".to_string(), |v| signal_value(v, &signal.unit));
            let threshold = signal_value(signal.threshold, &signal.unit);
            let strength = (signal.strength * 100.0).round();
            view! {
                <tr class:fired=signal.fired data-signal=signal.kind.key()>
                    <th scope="row">
                        <span class="tip" tabindex="0" data-tip=tip aria-label=format!("{}: {tip}", signal.kind.label())>
                            {signal.kind.label()}
                        </span>
                    </th>
                    <td class="num">{value}</td>
                    <td class="num">{threshold}</td>
                    <td>
                        <meter min="0" max="100" value=strength title=format!("strength {strength} %")></meter>
                        <span class="visually-hidden">{format!("strength {strength} %")}</span>
                    </td>
                    <td>{if signal.fired { "leans to containers" } else { "—" }}</td>
                    <td class="evidence">{signal.evidence}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="signals">
            <thead>
                <tr>
                    <th scope="col">"Signal"</th>
                    <th scope="col" class="num">"Value"</th>
                    <th scope="col" class="num">"Threshold"</th>
                    <th scope="col">"Strength"</th>
                    <th scope="col">"Fired"</th>
                    <th scope="col">"Evidence"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_values_read_as_people_write_them() {
        assert_eq!(signal_value(0.956, "share of hours"), "96 %");
        assert_eq!(signal_value(0.0061, "share of fleet spend"), "0.61 %");
        assert_eq!(signal_value(3008.0, "MB"), "3,008 MB");
    }
}
