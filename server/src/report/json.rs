//! The JSON report (`"format": "berth.report/v1"`): the explained analysis exactly as `berth
//! analyze --format json` gives it, with the report's metadata, each function's configuration,
//! the projections of the functions with a section, the assumptions and the price sources.
//! `berth schema --report` prints its JSON Schema, generated from these types.

use berth_app::engine::analysis::Analysis;
use berth_app::engine::Warning;
use schemars::JsonSchema;
use serde::Serialize;

use super::model::{AssumptionRow, Detail, FunctionFacts, Meta, PriceSource, Report, FORMAT};

/// A JSON report.
#[derive(Serialize, JsonSchema)]
pub struct Document<'a> {
    /// Always `berth.report/v1`.
    pub format: &'a str,
    pub meta: &'a Meta,
    /// The analysis, as `berth analyze --format json` prints it (functions in snapshot order).
    pub analysis: &'a Analysis,
    pub warnings: &'a [Warning],
    /// Each function's configuration, parallel to `analysis.functions`.
    pub functions: &'a [FunctionFacts],
    /// The functions with a section in the HTML/PDF (index into `analysis.functions`) and
    /// their cost projections.
    pub details: &'a [Detail],
    /// Keys (`region/name`) of the executive summary's top actions, biggest saving first.
    pub top_actions: Vec<&'a str>,
    pub assumptions: &'a [AssumptionRow],
    /// The price overrides in force (the `--prices FILE` format), if any.
    pub price_overrides: Option<&'a serde_json::Value>,
    pub price_sources: &'a [PriceSource],
}

pub fn render(report: &Report) -> Vec<u8> {
    let document = Document {
        format: FORMAT,
        meta: &report.meta,
        analysis: &report.analysis,
        warnings: &report.warnings,
        functions: &report.functions,
        details: &report.details,
        top_actions: report
            .top_actions
            .iter()
            .map(|&i| report.analysis.functions[i].key.as_str())
            .collect(),
        assumptions: &report.assumptions,
        price_overrides: report.price_overrides.as_ref(),
        price_sources: &report.price_sources,
    };
    let mut bytes = serde_json::to_vec(&document).expect("a report serializes");
    bytes.push(b'\n');
    bytes
}

/// The JSON Schema of JSON reports (draft 2020-12).
pub fn schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Document<'static>))
        .expect("a schema serializes");
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "Berth report v1".into());
    }
    schema
}
