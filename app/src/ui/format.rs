//! Number formatting for people: money to the cent, counts with SI suffixes.

/// `$1,234.56`
pub fn usd(value: f64) -> String {
    let cents = (value * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}${}.{:02}", thousands(cents / 100), cents % 100)
}

/// `1,234,567`
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `950`, `12.3k`, `4.56M`, `1.2B`
pub fn count(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        v if v >= 1e9 => (value / 1e9, "B"),
        v if v >= 1e6 => (value / 1e6, "M"),
        v if v >= 1e3 => (value / 1e3, "k"),
        _ => return format!("{}", value.round()),
    };
    let digits = if scaled.abs() >= 100.0 {
        0
    } else if scaled.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{scaled:.digits$}{suffix}")
}

/// `85 ms`, `12.5 s`, `13.2 min`
pub fn duration_ms(value: f64) -> String {
    if value >= 60_000.0 {
        format!("{:.1} min", value / 60_000.0)
    } else if value >= 1_000.0 {
        format!("{:.1} s", value / 1_000.0)
    } else {
        format!("{value:.0} ms")
    }
}

/// "pays back in 2.3 months" (the engine's phrase); "nothing to pay back" without a saving.
pub fn payback(months: Option<f64>) -> String {
    match months {
        None => "nothing to pay back".into(),
        some => crate::engine::verdict::payback_phrase(some),
    }
}

/// An enum's name in the data formats (its serde name, e.g. `api_gateway_rest`), never `Debug`:
/// what attributes, CSV cells and reports show.
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(usd(1234.565), "$1,234.57");
        assert_eq!(usd(0.004), "$0.00");
        assert_eq!(usd(-12.5), "-$12.50");
        assert_eq!(usd(1_000_000.0), "$1,000,000.00");
        assert_eq!(count(950.0), "950");
        assert_eq!(count(12_345.0), "12.3k");
        assert_eq!(count(4_560_000.0), "4.56M");
        assert_eq!(count(123_456_789.0), "123M");
        assert_eq!(duration_ms(85.2), "85 ms");
        assert_eq!(duration_ms(12_500.0), "12.5 s");
        assert_eq!(duration_ms(792_000.0), "13.2 min");
    }
}
