//! Non-fatal problems met while analysing: the analysis goes on and reports them.

use serde::{Deserialize, Serialize};

#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Warning {
    /// What it is about: `region/function`, a region, or `fleet`.
    pub scope: String,
    pub message: String,
}

impl Warning {
    /// The scope of a warning about prices the catalog lacks (adapters add how to give one:
    /// `--prices FILE`, or the dashboard's price overrides).
    pub const PRICES: &'static str = "prices";

    pub fn new(scope: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            scope: scope.into(),
            message: message.into(),
        }
    }
}
