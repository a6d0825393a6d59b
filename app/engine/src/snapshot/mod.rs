//! Snapshot format v1: the one thing collectors produce and the engine reads.
//!
//! A snapshot is a plain (or gzipped) JSON file, so a reviewer can collect inside a client's
//! account and analyse anywhere. Hourly series are aligned to the window; a missing hour is
//! `null` in the file and stays missing in memory (never zero).

mod hourly;
mod validate;

pub use hourly::{Hourly, Stored};
use std::collections::BTreeMap;
pub use validate::{validate_function, SnapshotError};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The value of the `format` field of every v1 snapshot.
pub const FORMAT_V1: &str = "berth.snapshot/v1";

/// The only period v1 knows: one point per hour.
pub const PERIOD_SECONDS: u32 = 3600;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Snapshot {
    /// Always [`FORMAT_V1`] for this version.
    pub format: String,
    pub source: Source,
    /// When the collection finished, RFC 3339 UTC (e.g. `2026-11-01T00:00:00Z`).
    pub collected_at: String,
    pub window: Window,
    /// Account limits per region the fleet lives in.
    pub regions: Vec<RegionLimits>,
    pub functions: Vec<Function>,
    /// Billed Lambda costs from Cost Explorer, when collected.
    #[serde(default)]
    pub billed: Vec<BilledCost>,
    /// Problems met while collecting; the snapshot holds whatever was collected anyway.
    #[serde(default)]
    pub warnings: Vec<CollectionWarning>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub kind: SourceKind,
    /// Human label, e.g. "demo fleet (seed 42)" or "profile prod".
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Demo,
    Aws,
    Import,
}

impl SourceKind {
    /// The name used in files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Demo => "demo",
            SourceKind::Aws => "aws",
            SourceKind::Import => "import",
        }
    }
}

/// The observed window: `hours` hourly points starting at `start` (hour-aligned, UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Window {
    pub start: String,
    pub hours: u32,
    pub period_seconds: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegionLimits {
    pub region: String,
    /// Regional concurrent-executions quota; `None` when it could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Function {
    pub name: String,
    pub region: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    pub architecture: Architecture,
    pub memory_mb: u32,
    pub timeout_s: u32,
    pub ephemeral_storage_mb: u32,
    pub package_type: PackageType,
    #[serde(default)]
    pub vpc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_concurrency: Option<u32>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The service that invokes the function, when its resource policy tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoker: Option<Invoker>,
    /// Other Lambda functions its resource policy lets invoke it, as the collector saw them:
    /// the calling function's ARN (a `lambda.amazonaws.com` grant with that source ARN, or the
    /// execution role of another function of the region), or `lambda.amazonaws.com` for a grant
    /// to any function. Such a caller may wait for the answer (a synchronous Lambda→Lambda call,
    /// billed twice). Empty when none was seen or the policy was not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub function_callers: Vec<String>,
    pub series: Series,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Architecture {
    #[serde(rename = "x86_64")]
    X86_64,
    #[serde(rename = "arm64")]
    Arm64,
}

impl Architecture {
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PackageType {
    Zip,
    Image,
}

/// Lambda's limits on a function's configuration (AWS Lambda quotas), checked by snapshot
/// validation and by the pricing calculator alike.
pub mod lambda_limits {
    use std::ops::RangeInclusive;

    /// Configurable memory, MB.
    pub const MEMORY_MB: RangeInclusive<u32> = 128..=10_240;
    /// Ephemeral storage (`/tmp`), MB; the first 512 MB are free.
    pub const EPHEMERAL_STORAGE_MB: RangeInclusive<u32> = 512..=10_240;
    /// Timeout, seconds (the 15-minute wall).
    pub const TIMEOUT_S: RangeInclusive<u32> = 1..=900;
}

impl PackageType {
    /// The name in the snapshot format: `zip`, `image`.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageType::Zip => "zip",
            PackageType::Image => "image",
        }
    }
}

/// Who calls the function. Decides what disappears when it moves (API Gateway) and whether an
/// interruptible container (Fargate Spot) is acceptable (asynchronous sources only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Invoker {
    ApiGatewayHttp,
    ApiGatewayRest,
    Alb,
    FunctionUrl,
    Sqs,
    Sns,
    Eventbridge,
    Schedule,
    S3,
    Kinesis,
    Dynamodb,
    #[serde(other)]
    Other,
}

impl Invoker {
    /// A caller waits for the answer: the work cannot be paused or retried later.
    pub fn is_synchronous(self) -> bool {
        matches!(
            self,
            Invoker::ApiGatewayHttp | Invoker::ApiGatewayRest | Invoker::Alb | Invoker::FunctionUrl
        )
    }
}

/// Hourly series, each `window.hours` long. Durations exclude INIT (as CloudWatch reports them).
/// The default is every series empty (as a function's metadata carries it in the compact layout).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Series {
    /// Invocations per hour (Sum).
    pub invocations: Hourly,
    pub errors: Hourly,
    pub throttles: Hourly,
    /// Average duration in the hour, milliseconds.
    pub duration_avg_ms: Hourly,
    pub duration_p99_ms: Hourly,
    pub duration_max_ms: Hourly,
    /// Peak ConcurrentExecutions in the hour.
    pub concurrency_max: Hourly,
    /// Cold starts per hour (from REPORT lines with an Init Duration), when collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold_starts: Option<Hourly>,
    /// Average INIT duration of the hour's cold starts, milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_duration_ms: Option<Hourly>,
    /// Highest memory used in the hour, MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_memory_used_mb: Option<Hourly>,
}

impl Series {
    /// Every series with its field name, the optional ones only when present.
    pub fn named(&self) -> Vec<(&'static str, &Hourly)> {
        let mut all = vec![
            ("invocations", &self.invocations),
            ("errors", &self.errors),
            ("throttles", &self.throttles),
            ("duration_avg_ms", &self.duration_avg_ms),
            ("duration_p99_ms", &self.duration_p99_ms),
            ("duration_max_ms", &self.duration_max_ms),
            ("concurrency_max", &self.concurrency_max),
        ];
        let optional = [
            ("cold_starts", &self.cold_starts),
            ("init_duration_ms", &self.init_duration_ms),
            ("max_memory_used_mb", &self.max_memory_used_mb),
        ];
        for (name, series) in optional {
            if let Some(series) = series {
                all.push((name, series));
            }
        }
        all
    }
}

/// One line of billed cost (Cost Explorer), for one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BilledCost {
    /// Day, `YYYY-MM-DD`.
    pub date: String,
    /// Usage type as billed, e.g. `USE2-Lambda-GB-Second`; match on the suffix.
    pub usage_type: String,
    /// Function name when resource-level data exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Value of the grouping tag, when grouped by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    pub usd: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_quantity: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectionWarning {
    /// What the warning is about: a service, a region, or `region/function`.
    pub scope: String,
    pub message: String,
}

impl Function {
    /// `region/name`, unique within a snapshot.
    pub fn key(&self) -> String {
        format!("{}/{}", self.region, self.name)
    }
}

impl Snapshot {
    /// Parses JSON bytes and validates the result.
    pub fn from_json(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
        let snapshot: Snapshot = match serde_json::from_slice(bytes) {
            Ok(snapshot) => snapshot,
            Err(error) => {
                // A file of another version gets that error, not a field error. Read only on
                // failure: reading the head first cost a whole second pass over every file.
                #[derive(Deserialize)]
                struct Head {
                    format: Option<String>,
                }
                let error = SnapshotError::Parse(error.to_string());
                return Err(match serde_json::from_slice::<Head>(bytes) {
                    Ok(Head {
                        format: Some(found),
                    }) if found != FORMAT_V1 => SnapshotError::UnknownFormat { found },
                    Ok(Head { format: None }) => {
                        SnapshotError::Parse("missing field `format`".into())
                    }
                    _ => error,
                });
            }
        };
        snapshot.validate()?;
        Ok(snapshot)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a snapshot always serializes")
    }

    /// The regions the snapshot covers, sorted: its region list and every function's region
    /// (what the snapshots list and the fleet pages name).
    pub fn covered_regions(&self) -> Vec<String> {
        let mut regions: Vec<String> = self
            .regions
            .iter()
            .map(|r| r.region.clone())
            .chain(self.functions.iter().map(|f| f.region.clone()))
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_kind_names_match_the_file_format() {
        for kind in [SourceKind::Demo, SourceKind::Aws, SourceKind::Import] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
