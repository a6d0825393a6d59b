//! Fast number formatting for the sentences the engine writes (evidence, details, reasons).
//! `{:.N}` on a plain `f64` goes through the exact decimal machinery of `core::fmt`; at ~60 numbers
//! per function and 10,000 functions that dominated the analysis. [`Num`] formats through integer
//! arithmetic instead (rounding half away from zero at the shown precision).

use std::fmt;

/// An `f64` shown with the precision of the format spec (`{:.2}`; 2 when none is given).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        let value = self.0;
        if precision > 9 || !value.is_finite() || value.abs() >= 1e15 {
            return write!(f, "{value:.precision$}");
        }
        let scale = 10u64.pow(precision as u32);
        let scaled = (value.abs() * scale as f64).round() as u64;
        let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
        let (whole, fraction) = (scaled / scale, scaled % scale);
        if precision == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{fraction:0precision$}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn matches_the_usual_formatting() {
        for (value, expected) in [
            (0.0, "0.00"),
            (1.005, "1.00"),
            (2.675, "2.68"),
            (-0.001, "0.00"),
            (-3.256, "-3.26"),
            (123456.789, "123456.79"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(format!("{:.2}", Num(value)), expected, "{value}");
        }
        assert_eq!(format!("{:.0}", Num(899.6)), "900");
        assert_eq!(format!("{:.1}", Num(0.05)), "0.1");
        assert_eq!(format!("{}", Num(1.0)), "1.00");
    }
}
