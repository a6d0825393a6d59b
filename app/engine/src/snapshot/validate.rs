//! What serde cannot check of a snapshot: lengths, signs, finiteness, uniqueness, Lambda's
//! limits. Every error names the function and field at fault.

use std::collections::HashSet;

use super::{lambda_limits, Function, Snapshot, FORMAT_V1, PERIOD_SECONDS};

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
