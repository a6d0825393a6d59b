//! The assumptions editor: one field per tunable of `Assumptions::describe()` (label, unit,
//! default, explanation, the problem next to the field) and the price overrides as JSON. Edits go
//! into a `Draft` signal; pages recompute from it in the browser.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::engine::assumptions::{AssumptionInfo, Check, Group};
use crate::engine::prices::{Catalog, BUILTIN_REGIONS};
use crate::views::function::{Draft, PRICE_OVERRIDES};

/// The assumptions that move a single function's verdict most: the function page's compact
/// editor shows these.
pub const COMPACT_KEYS: [&str; 9] = [
    "utilisation_target",
    "min_tasks",
    "cpu_busy_share",
    "task_vcpu",
    "lambda_savings_plan_discount",
    "container_savings_plan_discount",
    "min_saving_usd",
    "min_saving_share",
    "free_tier",
];

/// Every field's problem, by key (empty when the draft is valid).
pub fn field_errors(draft: &Draft) -> BTreeMap<String, String> {
    match draft.parse() {
        Ok(_) => BTreeMap::new(),
        Err(errors) => errors.into_iter().map(|e| (e.key, e.message)).collect(),
    }
}

/// `0.6`, `true`, `m7g.large`: a default as the input shows it.
fn default_text(info: &AssumptionInfo) -> String {
    crate::views::function::text_of(&info.default)
}

#[component]
fn Field(
    info: AssumptionInfo,
    draft: RwSignal<Draft>,
    errors: Memo<BTreeMap<String, String>>,
) -> impl IntoView {
    let key = info.key.clone();
    let id = format!("assumption-{key}");
    let error_id = format!("{id}-error");
    let help_id = format!("{id}-help");
    let error = {
        let key = key.clone();
        move || errors.with(|errors| errors.get(&key).cloned())
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().to_string()
    };
    let changed = {
        let key = key.clone();
        let default = default_text(&info);
        move || draft.with(|d| d.values.get(&key).is_some_and(|v| v.trim() != default))
    };
    let input = if info.default.is_boolean() {
        let key = key.clone();
        let checked = {
            let key = key.clone();
            move || draft.with(|d| d.values.get(&key).is_some_and(|v| v == "true"))
        };
        view! {
            <input
                type="checkbox"
                id=id.clone()
                name=key.clone()
                aria-describedby=format!("{help_id} {error_id}")
                prop:checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|d| {
                        d.values.insert(key.clone(), on.to_string());
                    });
                }
            />
        }
        .into_any()
    } else {
        let key = key.clone();
        let value = {
            let key = key.clone();
            move || draft.with(|d| d.values.get(&key).cloned().unwrap_or_default())
        };
        let numeric = info.default.is_number();
        view! {
            <input
                type="text"
                id=id.clone()
                name=key.clone()
                inputmode=if numeric { "decimal" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                aria-describedby=format!("{help_id} {error_id}")
                aria-invalid=invalid
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| {
                        d.values.insert(key.clone(), text);
                    });
                }
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:changed=changed data-key=key.clone()>
            <label for=id.clone()>{info.label.clone()}</label>
            <div class="field-input">
                {input}
                <span class="unit">{info.unit.clone()}</span>
            </div>
            <p class="help" id=help_id>
                {info.explanation.clone()}
                " Default: "
                <code>{default_text(&info)}</code>
                {accepts_text(&info)}
            </p>
            <p class="field-error" id=error_id role="alert">
                {error}
            </p>
        </div>
    }
}

/// What the field accepts, after its default: "; a fraction in (0, 1]." (nothing for text).
fn accepts_text(info: &AssumptionInfo) -> String {
    if info.accepts == Check::Any.accepts() {
        ".".to_string()
    } else {
        format!("; {}.", info.accepts)
    }
}

/// The editor. `compact` shows only [`COMPACT_KEYS`] and no price overrides.
#[component]
pub fn AssumptionEditor(draft: RwSignal<Draft>, #[prop(optional)] compact: bool) -> impl IntoView {
    let errors = Memo::new(move |_| draft.with(field_errors));
    let infos: Vec<AssumptionInfo> = crate::views::function::assumption_infos()
        .iter()
        .filter(|info| !compact || COMPACT_KEYS.contains(&info.key.as_str()))
        .cloned()
        .collect();
    if compact {
        let fields = infos
            .into_iter()
            .map(|info| view! { <Field info draft errors/> })
            .collect_view();
        return view! { <div class="assumption-fields compact">{fields}</div> }.into_any();
    }
    let groups = Group::ALL
        .iter()
        .map(|&group| {
            let fields = infos
                .iter()
                .filter(|info| info.group == group)
                .cloned()
                .map(|info| view! { <Field info draft errors/> })
                .collect_view();
            view! {
                <fieldset class="assumption-group">
                    <legend>{group.label()}</legend>
                    <div class="assumption-fields">{fields}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        {groups}
        <PriceOverrides draft errors/>
    }
    .into_any()
}

/// A region's non-tiered prices as bare numbers, the overrides file's shape: a starting point
/// to edit (tiered prices stay as the catalog has them unless written in by hand).
pub fn region_template(catalog: &Catalog, region: &str) -> serde_json::Value {
    fn bare(value: &serde_json::Value) -> Option<serde_json::Value> {
        match value {
            serde_json::Value::Object(map) if map.contains_key("usd") => map.get("usd").cloned(),
            serde_json::Value::Object(map) => {
                let out: serde_json::Map<String, serde_json::Value> = map
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), bare(v)?)))
                    .collect();
                (!out.is_empty()).then_some(serde_json::Value::Object(out))
            }
            // Tiers and unknown prices are left out of the template.
            _ => None,
        }
    }
    let prices = serde_json::to_value(catalog.region(region)).expect("prices serialize");
    serde_json::json!({
        "source": "describe where these prices come from",
        "as_of": "YYYY-MM-DD",
        "regions": { region: bare(&prices).unwrap_or_default() },
    })
}

#[component]
fn PriceOverrides(draft: RwSignal<Draft>, errors: Memo<BTreeMap<String, String>>) -> impl IntoView {
    let region = RwSignal::new(BUILTIN_REGIONS[0].to_string());
    let error = move || errors.with(|errors| errors.get(PRICE_OVERRIDES).cloned());
    let invalid = move || error().is_some().to_string();
    let options = BUILTIN_REGIONS
        .iter()
        .map(|r| view! { <option value=*r>{*r}</option> })
        .collect_view();
    let start_from_region = move |_| {
        let template = region_template(&Catalog::builtin(), &region.get_untracked());
        draft.update(|d| {
            d.price_overrides = serde_json::to_string_pretty(&template).expect("JSON serializes")
        });
    };
    view! {
        <fieldset class="assumption-group">
            <legend>"Price overrides"</legend>
            <p class="help">
                "Your own prices (an EDP, a private rate card) over the built-in catalog, in the "
                "format of " <code>"--prices FILE"</code>
                ": per region " <code>"lambda"</code> ", " <code>"fargate"</code> ", "
                <code>"ec2"</code> ", " <code>"alb"</code> ", " <code>"api_gateway"</code>
                "; top level " <code>"discounts"</code>
                ". A bare number is a price stamped with your " <code>"source"</code> " and "
                <code>"as_of"</code> "; " <code>"null"</code> " makes a price unknown. Empty: the built-in prices."
            </p>
            <div class="field-input">
                <label for="price-region">"Region"</label>
                <select id="price-region" on:change=move |ev| region.set(event_target_value(&ev))>
                    {options}
                </select>
                <button type="button" class="secondary" on:click=start_from_region>
                    "Start from this region's prices"
                </button>
            </div>
            <label for="assumption-price_overrides" class="visually-hidden">
                "Price overrides (JSON)"
            </label>
            <textarea
                id="assumption-price_overrides"
                name=PRICE_OVERRIDES
                rows="10"
                spellcheck="false"
                aria-describedby="assumption-price_overrides-error"
                aria-invalid=invalid
                prop:value=move || draft.with(|d| d.price_overrides.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| d.price_overrides = text);
                }
            ></textarea>
            <p class="field-error" id="assumption-price_overrides-error" role="alert">
                {error}
            </p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::assumptions::Assumptions;

    #[test]
    fn every_assumption_has_a_group_and_the_compact_keys_exist() {
        let keys: Vec<String> = Assumptions::describe().into_iter().map(|i| i.key).collect();
        for key in COMPACT_KEYS {
            assert!(keys.iter().any(|k| k == key), "{key}");
        }
        let group = |key: &str| {
            Assumptions::describe()
                .into_iter()
                .find(|i| i.key == key)
                .unwrap()
                .group
        };
        assert_eq!(group("steady_peak_to_mean"), Group::Signals);
        assert_eq!(group("min_saving_usd"), Group::Verdict);
        assert_eq!(group("utilisation_target"), Group::Costs);
        assert_eq!(group("hint_error_share"), Group::Hints);
    }

    #[test]
    fn a_region_template_is_a_valid_overrides_file() {
        let catalog = Catalog::builtin();
        let template = region_template(&catalog, "eu-west-1");
        assert!(template["regions"]["eu-west-1"]["fargate"]["x86_vcpu_hour"].is_number());
        let overridden = catalog.with_overrides(&template).unwrap();
        assert_eq!(
            serde_json::to_value(&overridden.region("eu-west-1").fargate).unwrap()["x86_vcpu_hour"]
                ["usd"],
            serde_json::to_value(&catalog.region("eu-west-1").fargate).unwrap()["x86_vcpu_hour"]
                ["usd"],
        );
    }
}
