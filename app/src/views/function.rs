//! The function detail and assumptions pages' data: one function's page data, the saved
//! assumption set and the editor's draft with its checks.
//!
//! The detail page gets one function's snapshot data and its fleet context, not an analysis:
//! the page (server render and browser alike) analyses it with the engine, so edited assumptions
//! are recomputed in the browser without a round trip.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::snapshots::SnapshotItem;
use crate::engine::analysis::FunctionContext;
use crate::engine::assumptions::{AssumptionInfo, Assumptions};
use crate::engine::prices::Catalog;
use crate::engine::snapshot::Function;

/// Assumptions and price overrides, as saved on the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumptionSet {
    pub assumptions: Assumptions,
    /// Price overrides in the engine README's format; `None`: the built-in catalog as is.
    pub price_overrides: Option<Value>,
}

impl AssumptionSet {
    /// The built-in catalog with the overrides applied.
    pub fn catalog(&self) -> Result<Catalog, String> {
        match &self.price_overrides {
            None => Ok(Catalog::builtin()),
            Some(overrides) => Catalog::builtin()
                .with_overrides(overrides)
                .map_err(|e| e.to_string()),
        }
    }
}

/// A problem with one field of the assumptions editor; `key` is an assumption's key or
/// [`PRICE_OVERRIDES`].
pub use crate::engine::assumptions::FieldError;

/// The field name of the price overrides in [`FieldError`]s and forms.
pub const PRICE_OVERRIDES: &str = "price_overrides";

/// The editor's values as typed: assumption key → text (`true`/`false` for switches), and the
/// price overrides as JSON text (empty: none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub values: BTreeMap<String, String>,
    pub price_overrides: String,
}

/// Every assumption's description (`Assumptions::describe`), built once: a function page reads
/// it several times (the draft, its check, the editor), and building it formats some forty
/// labels and ranges.
pub fn assumption_infos() -> &'static [AssumptionInfo] {
    static INFOS: std::sync::LazyLock<Vec<AssumptionInfo>> =
        std::sync::LazyLock::new(Assumptions::describe);
    &INFOS
}

/// The text of a JSON value in an input: strings without quotes, `2` rather than `2.0`.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number
            .as_f64()
            .map_or(number.to_string(), |n| n.to_string()),
        other => other.to_string(),
    }
}

impl Draft {
    pub fn from_set(set: &AssumptionSet) -> Draft {
        let current = serde_json::to_value(&set.assumptions).expect("assumptions serialize");
        Draft {
            values: assumption_infos()
                .iter()
                .map(|info| {
                    let value = current.get(&info.key).unwrap_or(&info.default);
                    (info.key.clone(), text_of(value))
                })
                .collect(),
            price_overrides: set
                .price_overrides
                .as_ref()
                .map(|v| serde_json::to_string_pretty(v).expect("JSON serializes"))
                .unwrap_or_default(),
        }
    }

    /// The draft as an assumption set, or every field's problem (each field checked on its own
    /// over the defaults, so every wrong field is named, not only the first).
    pub fn parse(&self) -> Result<AssumptionSet, Vec<FieldError>> {
        let infos = assumption_infos();
        let mut errors = Vec::new();
        let mut object = serde_json::Map::new();
        for (key, text) in &self.values {
            let Some(info) = infos.iter().find(|info| &info.key == key) else {
                errors.push(FieldError {
                    key: key.clone(),
                    message: "is not an assumption Berth knows".into(),
                });
                continue;
            };
            match typed_value(info, text) {
                Ok(value) => {
                    if let Err(message) = Assumptions::check_value(key, &value) {
                        errors.push(FieldError {
                            key: key.clone(),
                            message,
                        });
                    }
                    object.insert(key.clone(), value);
                }
                Err(message) => errors.push(FieldError {
                    key: key.clone(),
                    message,
                }),
            }
        }
        let price_overrides = match self.price_overrides.trim() {
            "" => None,
            text => match serde_json::from_str::<Value>(text) {
                Ok(value) => match Catalog::builtin().with_overrides(&value) {
                    Ok(_) => Some(value),
                    Err(error) => {
                        errors.push(FieldError {
                            key: PRICE_OVERRIDES.into(),
                            message: error.to_string(),
                        });
                        None
                    }
                },
                Err(error) => {
                    errors.push(FieldError {
                        key: PRICE_OVERRIDES.into(),
                        message: format!("not JSON: {error}"),
                    });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let assumptions: Assumptions =
            serde_json::from_value(Value::Object(object)).map_err(|error| {
                vec![FieldError {
                    key: "assumptions".into(),
                    message: error.to_string(),
                }]
            })?;
        let errors = assumptions.validate_all();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AssumptionSet {
            assumptions,
            price_overrides,
        })
    }
}

/// The text of an input as the JSON type of the assumption's default.
fn typed_value(info: &AssumptionInfo, text: &str) -> Result<Value, String> {
    let text = text.trim();
    match &info.default {
        Value::Bool(_) => match text {
            "true" | "on" => Ok(Value::Bool(true)),
            "false" | "off" | "" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not on or off")),
        },
        Value::Number(_) => {
            let number: f64 = text
                .parse()
                .map_err(|_| format!("`{text}` is not a number"))?;
            serde_json::Number::from_f64(number)
                .map(Value::Number)
                .ok_or_else(|| format!("`{text}` is not a finite number"))
        }
        _ => {
            // A text assumption whose default is empty is optional (e.g. `plan_group_tag`).
            let optional = info.default.as_str().is_some_and(str::is_empty);
            if text.is_empty() && !optional {
                Err("must not be empty".into())
            } else {
                Ok(Value::String(text.to_string()))
            }
        }
    }
}

/// One function's page data: its configuration and series, its fleet context, and the saved
/// assumptions the server analyses with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionDetail {
    pub snapshot: SnapshotItem,
    pub function: Function,
    pub context: FunctionContext,
    pub saved: AssumptionSet,
    /// Where the built-in prices come from, for the note under the figures.
    pub prices_note: String,
}

/// The assumptions page's preview: the newest snapshot's biggest Lambda spenders, `(region,
/// name)`, most first, and the chosen one's detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewData {
    pub functions: Vec<(String, String)>,
    pub detail: Option<FunctionDetail>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft_with(key: &str, text: &str) -> Draft {
        let mut draft = Draft::from_set(&AssumptionSet::default());
        draft.values.insert(key.into(), text.into());
        draft
    }

    #[test]
    fn the_defaults_round_trip_through_a_draft() {
        let set = AssumptionSet::default();
        assert_eq!(Draft::from_set(&set).parse(), Ok(set));
    }

    #[test]
    fn each_wrong_field_is_named() {
        let mut draft = draft_with("min_tasks", "-1");
        draft
            .values
            .insert("utilisation_target".into(), "lots".into());
        draft.values.insert("free_tier".into(), "true".into());
        let errors = draft.parse().unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["min_tasks", "utilisation_target"]);
        assert!(errors[0].message.contains("not negative"), "{errors:?}");
        assert!(errors[1].message.contains("not a number"), "{errors:?}");
    }

    #[test]
    fn values_and_price_overrides_are_typed() {
        let mut draft = draft_with("task_vcpu", "1");
        draft.values.insert("free_tier".into(), "true".into());
        draft.price_overrides =
            r#"{"regions": {"us-east-1": {"lambda": {"requests_per_million": 0.1}}}}"#.into();
        let set = draft.parse().unwrap();
        assert_eq!(set.assumptions.task_vcpu, 1.0);
        assert!(set.assumptions.free_tier);
        let catalog = set.catalog().unwrap();
        assert_eq!(
            serde_json::to_value(&catalog.region("us-east-1").lambda).unwrap()
                ["requests_per_million"]["usd"],
            0.1
        );
        draft.price_overrides = r#"{"regions": {"us-east-1": {"lambda": {"nope": 1}}}}"#.into();
        let errors = draft.parse().unwrap_err();
        assert_eq!(errors[0].key, PRICE_OVERRIDES);
        draft.price_overrides = "{".into();
        assert!(draft.parse().unwrap_err()[0]
            .message
            .starts_with("not JSON"));
        assert_eq!(
            draft_with("task_vcpu", "0.3").parse().unwrap_err()[0].key,
            "task_vcpu"
        );
    }
}
