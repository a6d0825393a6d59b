//! The compact snapshot layout, `berth.snapshot-bin/v1`: the same snapshot as the JSON format
//! (which stays the interchange format), with each function's hourly series in binary and the
//! functions one after another, each in a record of known length. So a reader can analyse a
//! fleet function by function without holding every series, and a store can keep each
//! function's record apart. Pure: bytes in, values out; readers of files and databases wrap it.
//!
//! Layout (every integer little-endian):
//!
//! ```text
//! magic     8 bytes  "BERTHSNP"
//! version   u32      1
//! head      u32 length, then that many bytes of JSON: the snapshot object of the JSON
//!                    format with "functions": [] (format, source, collected_at, window,
//!                    regions, billed, warnings)
//! count     u32      number of function records
//! records   count ×  u32 length, then that many bytes:
//!             meta   u32 length, then JSON: the function object of the JSON format with
//!                    every series an empty array ("series": {"invocations": [], …})
//!             series 10 slots in this order: invocations, errors, throttles,
//!                    duration_avg_ms, duration_p99_ms, duration_max_ms, concurrency_max,
//!                    cold_starts, init_duration_ms, max_memory_used_mb; each a tag byte:
//!                    0 absent (the last three only), 1 uniform (one f32: every hour holds
//!                    it), 2 narrow (window.hours × u16, 65535 = missing), 3 wide
//!                    (window.hours × f32, NaN = missing)
//! ```
//!
//! Nothing may follow the last record. Decoding validates as the JSON format does (the same
//! messages, naming the function and field at fault).

use std::collections::HashSet;

use crate::snapshot::{
    validate_function, Function, Hourly, Series, Snapshot, SnapshotError, Stored,
};

/// The first bytes of every compact snapshot.
pub const MAGIC: &[u8; 8] = b"BERTHSNP";
/// The layout version after the magic.
pub const VERSION: u32 = 1;
/// Magic and version: what tells a compact snapshot from JSON.
pub const PREAMBLE_LEN: usize = 12;

const ABSENT: u8 = 0;
const UNIFORM: u8 = 1;
const NARROW: u8 = 2;
const WIDE: u8 = 3;

/// Whether `bytes` start like a compact snapshot.
pub fn is_compact(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

fn error(problem: impl std::fmt::Display) -> SnapshotError {
    SnapshotError::Parse(format!("compact snapshot: {problem}"))
}

fn put_u32(out: &mut Vec<u8>, value: usize) {
    let value = u32::try_from(value).expect("compact records stay below 4 GiB");
    out.extend_from_slice(&value.to_le_bytes());
}

/// Magic, version, head and count of a snapshot (its functions are written apart with
/// [`encode_function`]).
pub fn encode_head(snapshot: &Snapshot, count: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    let head = Snapshot {
        functions: Vec::new(),
        ..snapshot.clone()
    };
    let json = serde_json::to_vec(&head).expect("a snapshot always serializes");
    put_u32(out, json.len());
    out.extend_from_slice(&json);
    put_u32(out, count);
}

/// One function's record, its length first.
pub fn encode_function(function: &Function, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    let meta = Function {
        series: Series::default(),
        ..function.clone()
    };
    let json = serde_json::to_vec(&meta).expect("a function always serializes");
    put_u32(out, json.len());
    out.extend_from_slice(&json);
    let series = &function.series;
    let required = [
        &series.invocations,
        &series.errors,
        &series.throttles,
        &series.duration_avg_ms,
        &series.duration_p99_ms,
        &series.duration_max_ms,
        &series.concurrency_max,
    ];
    for hourly in required {
        encode_hourly(Some(hourly), out);
    }
    for hourly in [
        &series.cold_starts,
        &series.init_duration_ms,
        &series.max_memory_used_mb,
    ] {
        encode_hourly(hourly.as_ref(), out);
    }
    let length = out.len() - start - 4;
    out[start..start + 4].copy_from_slice(&(length as u32).to_le_bytes());
}

fn encode_hourly(hourly: Option<&Hourly>, out: &mut Vec<u8>) {
    let Some(hourly) = hourly else {
        out.push(ABSENT);
        return;
    };
    match hourly.stored() {
        Stored::Uniform(value) if !hourly.is_empty() => {
            out.push(UNIFORM);
            out.extend_from_slice(&value.to_le_bytes());
        }
        Stored::Uniform(_) => unreachable!("a uniform series has a first value"),
        Stored::Narrow(values) => {
            out.push(NARROW);
            out.reserve(values.len() * 2);
            for value in values {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        Stored::Wide(values) => {
            out.push(WIDE);
            out.reserve(values.len() * 4);
            for value in values {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
    }
}

/// A whole validated snapshot in the compact layout.
pub fn encode(snapshot: &Snapshot) -> Vec<u8> {
    let mut out = Vec::new();
    encode_head(snapshot, snapshot.functions.len(), &mut out);
    for function in &snapshot.functions {
        encode_function(function, &mut out);
    }
    out
}

/// Reads a little-endian u32 at the front of `bytes`, naming `what` when they end first.
pub fn take_u32(bytes: &mut &[u8], what: &str) -> Result<usize, SnapshotError> {
    let Some((value, rest)) = bytes.split_first_chunk::<4>() else {
        return Err(error(format!("the file ends inside {what}")));
    };
    *bytes = rest;
    Ok(u32::from_le_bytes(*value) as usize)
}

fn take<'a>(bytes: &mut &'a [u8], length: usize, what: &str) -> Result<&'a [u8], SnapshotError> {
    if bytes.len() < length {
        return Err(error(format!("the file ends inside {what}")));
    }
    let (taken, rest) = bytes.split_at(length);
    *bytes = rest;
    Ok(taken)
}

/// Checks the magic and the version (the first [`PREAMBLE_LEN`] bytes).
pub fn check_preamble(bytes: &[u8]) -> Result<(), SnapshotError> {
    if !is_compact(bytes) {
        return Err(error("it does not start with BERTHSNP"));
    }
    let mut rest = &bytes[MAGIC.len()..];
    let version = take_u32(&mut rest, "the version")?;
    if version != VERSION as usize {
        return Err(error(format!(
            "layout version {version}: this berth reads version {VERSION}"
        )));
    }
    Ok(())
}

/// The head's JSON: the snapshot without functions, validated (format, window, billed lines).
pub fn decode_head(json: &[u8]) -> Result<Snapshot, SnapshotError> {
    let head = Snapshot::from_json(json)?;
    if !head.functions.is_empty() {
        return Err(error("the head lists functions; they belong in records"));
    }
    Ok(head)
}

/// One function record (without its length prefix) of a snapshot whose window has `hours`
/// hours. Not validated: see [`validate_function`].
pub fn decode_function(record: &[u8], hours: usize) -> Result<Function, SnapshotError> {
    let mut rest = record;
    let meta_length = take_u32(&mut rest, "a function record")?;
    let meta = take(&mut rest, meta_length, "a function record")?;
    let mut function: Function =
        serde_json::from_slice(meta).map_err(|e| error(format!("a function's metadata: {e}")))?;
    let key = function.key();
    let field = |name: &str, problem: String| SnapshotError::Field {
        function: key.clone(),
        field: format!("series.{name}"),
        problem,
    };
    let mut hourly = |name: &str, optional: bool| -> Result<Option<Hourly>, SnapshotError> {
        let tag = *take(&mut rest, 1, "a function record")?
            .first()
            .expect("one byte");
        match tag {
            ABSENT if optional => Ok(None),
            ABSENT => Err(field(name, "is absent; only optional series may be".into())),
            UNIFORM => {
                let bytes = take(&mut rest, 4, "a function record")?;
                let value = f32::from_le_bytes(bytes.try_into().expect("four bytes"));
                Ok(Some(Hourly::uniform(value, hours)))
            }
            NARROW => {
                let bytes = take(&mut rest, hours * 2, "a function record")
                    .map_err(|_| field(name, format!("holds fewer than {hours} points")))?;
                Ok(Some(Hourly::from_narrow(
                    bytes
                        .chunks_exact(2)
                        .map(|b| u16::from_le_bytes([b[0], b[1]]))
                        .collect(),
                )))
            }
            WIDE => {
                let bytes = take(&mut rest, hours * 4, "a function record")
                    .map_err(|_| field(name, format!("holds fewer than {hours} points")))?;
                Ok(Some(Hourly::from_wide(
                    bytes
                        .chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                        .collect(),
                )))
            }
            other => Err(field(name, format!("unknown series tag {other}"))),
        }
    };
    let required = |value: Option<Hourly>| value.expect("required series are never None");
    let series = Series {
        invocations: required(hourly("invocations", false)?),
        errors: required(hourly("errors", false)?),
        throttles: required(hourly("throttles", false)?),
        duration_avg_ms: required(hourly("duration_avg_ms", false)?),
        duration_p99_ms: required(hourly("duration_p99_ms", false)?),
        duration_max_ms: required(hourly("duration_max_ms", false)?),
        concurrency_max: required(hourly("concurrency_max", false)?),
        cold_starts: hourly("cold_starts", true)?,
        init_duration_ms: hourly("init_duration_ms", true)?,
        max_memory_used_mb: hourly("max_memory_used_mb", true)?,
    };
    if !rest.is_empty() {
        return Err(SnapshotError::Field {
            function: key,
            field: "series".into(),
            problem: format!("{} bytes follow the last series in its record", rest.len()),
        });
    }
    function.series = series;
    Ok(function)
}

/// A whole compact snapshot, validated.
pub fn decode(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    check_preamble(bytes)?;
    let mut rest = &bytes[PREAMBLE_LEN..];
    let head_length = take_u32(&mut rest, "the head")?;
    let mut snapshot = decode_head(take(&mut rest, head_length, "the head")?)?;
    let count = take_u32(&mut rest, "the function count")?;
    let hours = snapshot.window.hours as usize;
    let mut seen = HashSet::new();
    // Bounded by what the bytes can hold (a record takes at least 4 + 4 + 10 bytes), so a
    // wrong count cannot reserve gigabytes.
    snapshot.functions = Vec::with_capacity(count.min(rest.len() / 18));
    for _ in 0..count {
        let length = take_u32(&mut rest, "a function record")?;
        let function = decode_function(take(&mut rest, length, "a function record")?, hours)?;
        validate_function(&function, hours, &mut seen)?;
        snapshot.functions.push(function);
    }
    if !rest.is_empty() {
        return Err(error(format!(
            "{} bytes follow the last of its {count} functions",
            rest.len()
        )));
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoConfig};

    #[test]
    fn the_demo_fleet_round_trips_and_reads_as_its_json() {
        let snapshot = generate(&DemoConfig::default());
        let bytes = encode(&snapshot);
        assert!(is_compact(&bytes));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded, snapshot);
        // The same file as JSON, byte for byte.
        assert_eq!(decoded.to_json(), snapshot.to_json());
        let json = snapshot.to_json().len();
        assert!(
            bytes.len() * 2 < json,
            "{} bytes, {json} as JSON",
            bytes.len()
        );
    }

    #[test]
    fn gaps_optional_series_and_uniform_series_survive() {
        let mut snapshot = generate(&DemoConfig {
            functions: 3,
            days: 1,
            seed: 7,
        });
        let hours = snapshot.window.hours as usize;
        let series = &mut snapshot.functions[0].series;
        series.duration_avg_ms =
            Hourly::from_options((0..hours).map(|h| (h % 3 != 0).then_some(h as f64 + 0.25)));
        series.errors = Hourly::from_options((0..hours).map(|h| (h % 2 == 0).then_some(1.0)));
        series.throttles = Hourly::missing(hours);
        series.cold_starts = None;
        series.init_duration_ms = Some(Hourly::uniform(120.5, hours));
        let decoded = decode(&encode(&snapshot)).unwrap();
        assert_eq!(decoded, snapshot);
        assert_eq!(decoded.to_json(), snapshot.to_json());
    }

    fn check_refused(bytes: &[u8], expected: &str) {
        let message = decode(bytes).unwrap_err().to_string();
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert!(!message.contains('\n'), "{message:?}");
    }

    #[test]
    fn bad_bytes_are_refused_by_name() {
        let snapshot = generate(&DemoConfig {
            functions: 2,
            days: 1,
            seed: 1,
        });
        let bytes = encode(&snapshot);
        check_refused(b"BERTHSN", "does not start with BERTHSNP");
        let mut version = bytes.clone();
        version[8] = 2;
        check_refused(&version, "layout version 2");
        check_refused(
            &bytes[..bytes.len() - 1],
            "the file ends inside a function record",
        );
        let mut trailing = bytes.clone();
        trailing.push(0);
        check_refused(&trailing, "1 bytes follow the last of its 2 functions");
        // A duplicate function: the first record twice, the count raised.
        let mut head = Vec::new();
        encode_head(&snapshot, 2, &mut head);
        let mut record = Vec::new();
        encode_function(&snapshot.functions[0], &mut record);
        let duplicate = [head, record.clone(), record].concat();
        check_refused(&duplicate, "appears more than once");
        // A negative value in a wide series is refused as in JSON.
        let mut negative = snapshot.clone();
        negative.functions[1].series.duration_avg_ms =
            Hourly::from_values((0..24).map(|h| if h == 5 { -1.5 } else { 2.5 }));
        check_refused(&encode(&negative), "series.duration_avg_ms: hour 5 is -1.5");
    }
}
