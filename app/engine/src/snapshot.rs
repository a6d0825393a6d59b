//! Snapshot format v1: the one thing collectors produce and the engine reads.
//!
//! A snapshot is a plain (or gzipped) JSON file, so a reviewer can collect inside a client's
//! account and analyse anywhere. Hourly series are aligned to the window; a missing hour is
//! `null` in the file and stays missing in memory (never zero).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// One value per hour; a missing hour is kept as missing.
///
/// Stored as `f32` with NaN for "missing" (the file format writes `null`); f32 holds whole counts
/// exactly up to 16.7 million per hour and sums are taken in f64. Two lossless savings keep
/// 10,000 functions × 30 days × 10 series near 200 MB instead of 290 MB: a series of whole
/// numbers below 65,535 (errors, concurrency, cold starts, memory in MB, quiet functions'
/// counts) is kept as `u16`, and a series whose every hour holds the same value (throttles are
/// usually all zero, absent data all missing) points at one shared buffer per thread. Values are
/// immutable once built.
#[derive(Clone)]
pub struct Hourly(Values);

#[derive(Clone)]
enum Values {
    Wide(Arc<[f32]>),
    /// Whole numbers; [`NARROW_MISSING`] marks a missing hour.
    Narrow(Arc<[u16]>),
}

const NARROW_MISSING: u16 = u16::MAX;

impl Default for Hourly {
    fn default() -> Hourly {
        Hourly(Values::Wide(Arc::new([])))
    }
}

/// Missing equals missing (NaN != NaN would make every gappy series unequal to itself).
impl PartialEq for Hourly {
    fn eq(&self, other: &Hourly) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

thread_local! {
    /// Uniform series handed out so far, by (value bits, length); a few entries per thread.
    static UNIFORM: RefCell<Vec<(u32, Arc<[f32]>)>> = const { RefCell::new(Vec::new()) };
}

impl Hourly {
    fn from_f32(values: Vec<f32>) -> Hourly {
        let uniform = values
            .first()
            .filter(|first| values.iter().all(|v| v.to_bits() == first.to_bits()));
        if let Some(first) = uniform {
            return Hourly(Values::Wide(shared_uniform(first.to_bits(), values.len())));
        }
        let whole =
            |v: &f32| v.is_nan() || (*v >= 0.0 && *v < NARROW_MISSING as f32 && v.fract() == 0.0);
        if values.iter().all(whole) {
            let narrow = values
                .iter()
                .map(|v| {
                    if v.is_nan() {
                        NARROW_MISSING
                    } else {
                        *v as u16
                    }
                })
                .collect();
            return Hourly(Values::Narrow(narrow));
        }
        Hourly(Values::Wide(values.into()))
    }

    pub fn from_options(values: impl IntoIterator<Item = Option<f64>>) -> Hourly {
        Hourly::from_f32(
            values
                .into_iter()
                .map(|v| v.map_or(f32::NAN, |v| v as f32))
                .collect(),
        )
    }

    pub fn from_values(values: impl IntoIterator<Item = f64>) -> Hourly {
        Hourly::from_f32(values.into_iter().map(|v| v as f32).collect())
    }

    /// `hours` copies of `value` (NaN: missing), sharing one buffer.
    pub fn uniform(value: f32, hours: usize) -> Hourly {
        Hourly(Values::Wide(shared_uniform(value.to_bits(), hours)))
    }

    /// Whole numbers as stored narrow, [`Hourly::NARROW_MISSING`] for a missing hour.
    pub fn from_narrow(values: Vec<u16>) -> Hourly {
        Hourly(Values::Narrow(values.into()))
    }

    /// f32 values, NaN for a missing hour; kept narrow or shared when that is lossless.
    pub fn from_wide(values: Vec<f32>) -> Hourly {
        Hourly::from_f32(values)
    }

    /// The marker of a missing hour in [`Hourly::from_narrow`] and [`Stored::Narrow`].
    pub const NARROW_MISSING: u16 = NARROW_MISSING;

    /// How the values are kept: one value for every hour, whole numbers, or f32 (NaN =
    /// missing). What the compact snapshot layout writes.
    pub fn stored(&self) -> Stored<'_> {
        match &self.0 {
            Values::Narrow(values) => Stored::Narrow(values),
            Values::Wide(values) => match values.first() {
                Some(first) if values.iter().all(|v| v.to_bits() == first.to_bits()) => {
                    Stored::Uniform(*first)
                }
                _ => Stored::Wide(values),
            },
        }
    }

    /// `hours` missing points.
    pub fn missing(hours: usize) -> Hourly {
        Hourly(Values::Wide(shared_uniform(f32::NAN.to_bits(), hours)))
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Values::Wide(values) => values.len(),
            Values::Narrow(values) => values.len(),
        }
    }

    /// The values as f32, NaN for a missing hour, for hot loops over many series at once:
    /// borrowed as they are, or written into `scratch` when the series is stored narrow.
    pub fn dense<'a>(&'a self, scratch: &'a mut Vec<f32>) -> &'a [f32] {
        match &self.0 {
            Values::Wide(values) => values,
            Values::Narrow(values) => {
                scratch.clear();
                scratch.extend(values.iter().map(|&v| widen(v)));
                scratch
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, hour: usize) -> Option<f64> {
        let value = match &self.0 {
            Values::Wide(values) => *values.get(hour)?,
            Values::Narrow(values) => widen(*values.get(hour)?),
        };
        (!value.is_nan()).then_some(value as f64)
    }

    /// Every hour as f32, NaN = missing.
    fn raw(&self) -> Raw<'_> {
        match &self.0 {
            Values::Wide(values) => Raw::Wide(values.iter()),
            Values::Narrow(values) => Raw::Narrow(values.iter()),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        self.raw().map(|v| (!v.is_nan()).then_some(v as f64))
    }

    /// Present values only.
    pub fn present(&self) -> impl Iterator<Item = f64> + '_ {
        self.raw().filter(|v| !v.is_nan()).map(|v| v as f64)
    }

    pub fn present_count(&self) -> usize {
        self.raw().filter(|v| !v.is_nan()).count()
    }

    pub fn sum(&self) -> f64 {
        self.present().sum()
    }

    /// Largest present value, `None` when every hour is missing.
    pub fn max(&self) -> Option<f64> {
        self.present().reduce(f64::max)
    }
}

/// See [`Hourly::stored`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stored<'a> {
    /// Every hour holds this value (NaN: every hour missing).
    Uniform(f32),
    /// Whole numbers below 65,535; [`Hourly::NARROW_MISSING`] marks a missing hour.
    Narrow(&'a [u16]),
    /// NaN marks a missing hour.
    Wide(&'a [f32]),
}

fn widen(value: u16) -> f32 {
    if value == NARROW_MISSING {
        f32::NAN
    } else {
        value as f32
    }
}

/// The hours of either representation, as f32.
enum Raw<'a> {
    Wide(std::slice::Iter<'a, f32>),
    Narrow(std::slice::Iter<'a, u16>),
}

impl Iterator for Raw<'_> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        match self {
            Raw::Wide(values) => values.next().copied(),
            Raw::Narrow(values) => values.next().map(|&v| widen(v)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Raw::Wide(values) => values.size_hint(),
            Raw::Narrow(values) => values.size_hint(),
        }
    }

    // One match for the whole series instead of one per hour: sums, counts and maxima over a
    // series (`present().sum()`, `max()`) all fold.
    fn fold<B, F: FnMut(B, f32) -> B>(self, init: B, f: F) -> B {
        match self {
            Raw::Wide(values) => values.copied().fold(init, f),
            Raw::Narrow(values) => values.map(|&v| widen(v)).fold(init, f),
        }
    }
}

/// The one buffer of `len` copies of the value with these bits, made on first use.
fn shared_uniform(bits: u32, len: usize) -> Arc<[f32]> {
    UNIFORM.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, found)) = cache
            .iter()
            .find(|(b, values)| *b == bits && values.len() == len)
        {
            return found.clone();
        }
        let values: Arc<[f32]> = vec![f32::from_bits(bits); len].into();
        // Bounded: only a handful of (value, window) pairs ever repeat; past that, stop caching.
        if cache.len() < 64 {
            cache.push((bits, values.clone()));
        }
        values
    })
}

impl std::fmt::Debug for Hourly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Hourly {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // As f32, so the file shows `645.26`, not the f64 widening `645.260009765625`.
        serializer.collect_seq(self.raw().map(|v| (!v.is_nan()).then_some(v)))
    }
}

/// JSON Schema of an hourly series: one number (not negative) or `null` (missing) per hour.
impl JsonSchema for Hourly {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hourly".into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "description": "One value per hour of the window; null = missing (never zero).",
            "items": { "type": ["number", "null"], "minimum": 0 }
        })
    }
}

impl<'de> Deserialize<'de> for Hourly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<Option<f64>>::deserialize(deserializer)?;
        Ok(Hourly::from_options(values))
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

/// Why a snapshot was refused. Every message names the function and field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a berth snapshot: {0}")]
    Parse(String),
    #[error("unknown snapshot format {found:?}: this berth reads {FORMAT_V1:?}")]
    UnknownFormat { found: String },
    #[error("window: {0}")]
    Window(String),
    #[error("function {function}: {field}: {problem}")]
    Field {
        function: String,
        field: String,
        problem: String,
    },
    #[error("function {function} appears more than once")]
    Duplicate { function: String },
    #[error("billed cost line {index}: {problem}")]
    Billed { index: usize, problem: String },
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

    /// Checks what serde cannot: lengths, signs, finiteness, uniqueness.
    pub fn validate(&self) -> Result<(), SnapshotError> {
        if self.format != FORMAT_V1 {
            return Err(SnapshotError::UnknownFormat {
                found: self.format.clone(),
            });
        }
        if self.window.period_seconds != PERIOD_SECONDS {
            return Err(SnapshotError::Window(format!(
                "period_seconds is {}, v1 snapshots are hourly ({PERIOD_SECONDS})",
                self.window.period_seconds
            )));
        }
        if self.window.hours == 0 {
            return Err(SnapshotError::Window("hours must be at least 1".into()));
        }
        match crate::time::parse_rfc3339(&self.window.start) {
            Some(start) if start % PERIOD_SECONDS as i64 == 0 => {}
            Some(_) => {
                return Err(SnapshotError::Window(format!(
                    "start {} is not on a whole hour",
                    self.window.start
                )))
            }
            None => {
                return Err(SnapshotError::Window(format!(
                    "start {:?} is not an RFC 3339 UTC time such as 2026-11-01T00:00:00Z",
                    self.window.start
                )))
            }
        }
        let hours = self.window.hours as usize;
        let mut seen = HashSet::new();
        for function in &self.functions {
            validate_function(function, hours, &mut seen)?;
        }
        for (index, line) in self.billed.iter().enumerate() {
            if crate::time::parse_rfc3339(&format!("{}T00:00:00Z", line.date)).is_none() {
                return Err(SnapshotError::Billed {
                    index,
                    problem: format!("date {:?} is not YYYY-MM-DD", line.date),
                });
            }
            if !line.usd.is_finite() {
                return Err(SnapshotError::Billed {
                    index,
                    problem: format!("usd is {}", line.usd),
                });
            }
        }
        Ok(())
    }
}

/// Checks one function of a snapshot whose window has `hours` hours (what
/// [`Snapshot::validate`] checks of each); `seen` holds the keys met so far, for duplicates.
/// Readers that go function by function call it as they go.
pub fn validate_function(
    function: &Function,
    hours: usize,
    seen: &mut HashSet<String>,
) -> Result<(), SnapshotError> {
    let field_error = |field: &str, problem: String| SnapshotError::Field {
        function: function.key(),
        field: field.to_string(),
        problem,
    };
    if function.name.is_empty() {
        return Err(field_error("name", "is empty".into()));
    }
    if !seen.insert(function.key()) {
        return Err(SnapshotError::Duplicate {
            function: function.key(),
        });
    }
    if !lambda_limits::MEMORY_MB.contains(&function.memory_mb) {
        return Err(field_error(
            "memory_mb",
            format!("{} is outside Lambda's 128..=10240", function.memory_mb),
        ));
    }
    if !lambda_limits::EPHEMERAL_STORAGE_MB.contains(&function.ephemeral_storage_mb) {
        return Err(field_error(
            "ephemeral_storage_mb",
            format!(
                "{} is outside Lambda's 512..=10240",
                function.ephemeral_storage_mb
            ),
        ));
    }
    if function.region.is_empty() {
        return Err(field_error("region", "is empty".into()));
    }
    if !lambda_limits::TIMEOUT_S.contains(&function.timeout_s) {
        return Err(field_error(
            "timeout_s",
            format!("{} is outside Lambda's 1..=900", function.timeout_s),
        ));
    }
    // A resource policy holds at most 20 KB: a few dozen callers, each an ARN.
    const MAX_FUNCTION_CALLERS: usize = 1000;
    const MAX_CALLER_LEN: usize = 256;
    if function.function_callers.len() > MAX_FUNCTION_CALLERS {
        return Err(field_error(
            "function_callers",
            format!(
                "has {} entries, at most {MAX_FUNCTION_CALLERS}",
                function.function_callers.len()
            ),
        ));
    }
    if let Some(caller) = function
        .function_callers
        .iter()
        .find(|c| c.is_empty() || c.len() > MAX_CALLER_LEN)
    {
        return Err(field_error(
            "function_callers",
            format!(
                "an entry of {} characters: each is an ARN of 1..={MAX_CALLER_LEN}",
                caller.len()
            ),
        ));
    }
    for (name, series) in function.series.named() {
        let field = format!("series.{name}");
        if series.len() != hours {
            return Err(field_error(
                &field,
                format!("has {} points, the window has {hours} hours", series.len()),
            ));
        }
        if let Some((hour, value)) = series
            .raw()
            .enumerate()
            .find(|(_, v)| v.is_infinite() || *v < 0.0)
        {
            return Err(field_error(
                &field,
                format!("hour {hour} is {value}: values must be finite and not negative"),
            ));
        }
    }
    Ok(())
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
