//! The collection settings both front ends check the same way: `berth collect` (flags) and the
//! dashboard's Collect form and `POST /api/collect` (fields). `name` is how the caller spells
//! the setting in its errors (`--days` or `days`).

use std::time::{SystemTime, UNIX_EPOCH};

use berth_engine::snapshot::PERIOD_SECONDS;
use berth_engine::time::parse_rfc3339;

use berth_collect::plan::MAX_DAYS;

pub fn check_days(name: &str, days: u32) -> Result<(), String> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(format!(
            "{name} must be between 1 and {MAX_DAYS} (CloudWatch keeps hourly data {MAX_DAYS} days), got {days}"
        ))
    }
}

/// The window's end (Unix seconds): `end`, which must be a whole hour in RFC 3339 UTC, or the
/// last whole hour before `clock_now`.
pub fn window_end(name: &str, end: Option<&str>, clock_now: i64) -> Result<i64, String> {
    let period = i64::from(PERIOD_SECONDS);
    match end {
        None => Ok(clock_now - clock_now.rem_euclid(period)),
        Some(text) => match parse_rfc3339(text) {
            Some(time) if time % period == 0 => Ok(time),
            Some(_) => Err(format!("{name} {text} is not on a whole hour")),
            None => Err(format!(
                "{name} {text:?} is not an RFC 3339 UTC time such as 2026-11-01T00:00:00Z"
            )),
        },
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
