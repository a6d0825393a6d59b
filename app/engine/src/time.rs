//! The little calendar arithmetic the engine needs: hour-aligned UTC timestamps in RFC 3339.
//! Pure functions over Unix seconds; the clock itself is read only at the edges.

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day number, as (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days in `month` (1..=12) of `year`, proleptic Gregorian.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds.
pub fn format_rfc3339(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Unix seconds of a UTC timestamp `YYYY-MM-DDTHH:MM:SSZ` (the form snapshots use).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' || bytes[19] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year as i64, month) {
        return None;
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    if second > 59 {
        return None;
    }
    let days = days_from_civil(year as i64, month, day);
    Some(days * 86_400 + (hour * 3600 + minute * 60 + second) as i64)
}

/// Day of the week, 0 = Monday .. 6 = Sunday.
pub fn weekday(unix_seconds: i64) -> u32 {
    // 1970-01-01 was a Thursday (3 counting from Monday = 0).
    (unix_seconds.div_euclid(86_400) + 3).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        for (text, weekday_expected) in [
            ("1970-01-01T00:00:00Z", 3),
            ("2000-02-29T12:00:00Z", 1),
            ("2026-10-05T00:00:00Z", 0),
            ("2026-11-27T05:00:00Z", 4),
        ] {
            let seconds = parse_rfc3339(text).unwrap();
            assert_eq!(format_rfc3339(seconds), text);
            assert_eq!(weekday(seconds), weekday_expected, "{text}");
        }
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-10-05 00:00:00"), None);
    }

    #[test]
    fn rejects_days_the_month_does_not_have() {
        for text in [
            "2026-02-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-32T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
        for text in [
            "2024-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2026-02-28T23:00:00Z",
            "2026-12-31T23:59:59Z",
        ] {
            assert!(parse_rfc3339(text).is_some(), "{text}");
        }
    }

    proptest::proptest! {
        /// Every second from year 1 to 9999 formats to text that parses back to it.
        #[test]
        fn format_then_parse_round_trips(seconds in -62_135_596_800i64..253_402_300_800) {
            let text = format_rfc3339(seconds);
            proptest::prop_assert_eq!(parse_rfc3339(&text), Some(seconds), "{}", text);
        }

        /// Text that parses formats back to itself: no date is read as another one.
        #[test]
        fn parse_then_format_round_trips(
            year in 1u32..=9999, month in 1u32..=12, day in 1u32..=31,
            hour in 0u32..=23, minute in 0u32..=59, second in 0u32..=59,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z");
            match parse_rfc3339(&text) {
                Some(seconds) => proptest::prop_assert_eq!(format_rfc3339(seconds), text),
                None => proptest::prop_assert!(day > days_in_month(year as i64, month)),
            }
        }
    }
}
