//! The function page's break-evens and every option with its line items.

use leptos::prelude::*;

use crate::engine::analysis::FunctionAnalysis;
use crate::engine::cost::options::OptionCost;
use crate::engine::projection::{BreakEven, Projection};
use crate::ui::format;

#[component]
pub(super) fn BreakEvens(projection: Projection) -> impl IntoView {
    let items = projection
        .options
        .iter()
        .map(|option| {
            let text = match option.break_even {
                BreakEven::At {
                    multiplier,
                    requests_per_second,
                    monthly_usd,
                    option_cheaper_above,
                } => format!(
                    "{multiplier:.2}× today ({requests_per_second:.2} req/s, {} / month); cheaper {} that",
                    format::usd(monthly_usd),
                    if option_cheaper_above { "above" } else { "below" }
                ),
                BreakEven::Never => "no break-even between 0.1× and 20×".to_string(),
            };
            view! { <li><strong>{option.kind.label()}</strong> ": " {text}</li> }
        })
        .collect_view();
    view! { <ul class="break-evens" data-testid="break-evens">{items}</ul> }
}

/// `169,437,398`, `12.5`, `0.8925`: big quantities as whole numbers, small ones with 4 digits.
fn quantity(value: f64) -> String {
    if value.abs() >= 1000.0 {
        format::thousands(value.round().max(0.0) as u64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn option_rows(option: &OptionCost, recommended: bool) -> impl IntoView {
    let lines = option
        .lines
        .iter()
        .map(|line| {
            view! {
                <tr class="line-item">
                    <td>{line.item.to_string()}</td>
                    <td class="num">{quantity(line.quantity)}</td>
                    <td>{line.unit.to_string()}</td>
                    <td class="num">{format!("${}", line.unit_usd)}</td>
                    <td class="num">{format::usd(line.usd)}</td>
                    <td class="source">{format!("{} ({})", line.source, line.as_of)}</td>
                </tr>
            }
        })
        .collect_view();
    let missing = (!option.missing_prices.is_empty()).then(|| {
        view! {
            <tr class="line-item missing">
                <td colspan="6">
                    {format!("Unknown prices, left out: {}", option.missing_prices.join(", "))}
                </td>
            </tr>
        }
    });
    view! {
        <tbody class:recommended=recommended data-option=format::serde_name(&option.kind)>
            <tr class="option-head">
                <th scope="rowgroup" colspan="4">
                    {option.kind.label()}
                    {recommended.then_some(" — recommended")}
                    <span class="detail">{option.detail.clone()}</span>
                </th>
                <td class="num"><strong>{format::usd(option.monthly_usd)}</strong></td>
                <td class="num">{format!("saves {}", format::usd(option.saving_usd))}</td>
            </tr>
            {lines}
            {missing}
        </tbody>
    }
}

#[component]
pub(super) fn OptionsTable(analysis: FunctionAnalysis) -> impl IntoView {
    let recommended = analysis.verdict.option;
    let current = option_rows(
        &analysis.options.current,
        recommended == analysis.options.current.kind,
    );
    let others = analysis
        .options
        .options
        .iter()
        .map(|option| option_rows(option, option.kind == recommended))
        .collect_view();
    let unavailable = analysis
        .options
        .unavailable
        .iter()
        .map(|u| view! { <li><strong>{u.kind.label()}</strong> ": " {u.reason.clone()}</li> })
        .collect_view();
    view! {
        <table class="options" data-testid="options">
            <thead>
                <tr>
                    <th scope="col">"Item"</th>
                    <th scope="col" class="num">"Quantity"</th>
                    <th scope="col">"Unit"</th>
                    <th scope="col" class="num">"Unit price"</th>
                    <th scope="col" class="num">"USD / month"</th>
                    <th scope="col">"Price source (as of)"</th>
                </tr>
            </thead>
            {current}
            {others}
        </table>
        <ul class="unavailable">{unavailable}</ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_as_people_write_them() {
        assert_eq!(quantity(169_437_397.76), "169,437,398");
        assert_eq!(quantity(0.89250), "0.8925");
        assert_eq!(quantity(12.0), "12");
    }
}
