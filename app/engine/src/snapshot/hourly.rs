//! [`Hourly`]: one value per hour, stored compactly (narrow whole numbers, shared uniform
//! buffers) and read back as `Option<f64>`.

use std::cell::RefCell;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    pub(super) fn raw(&self) -> Raw<'_> {
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
pub(super) enum Raw<'a> {
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
