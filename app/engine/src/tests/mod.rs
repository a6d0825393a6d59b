//! Engine tests that span modules: snapshot validation, signals, the analysis, projections.
//! A small synthetic builder ([`build`]) makes each case a few lines of data.

mod analysis;
mod assumptions;
pub(crate) mod build;
mod catalog;
mod hints;
mod hourly;
mod managed_instances;
mod plan;
mod projection;
mod provisioned;
mod traffic;
mod validation;
mod verdict;
