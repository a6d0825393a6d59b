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

/// `text` when it is an AWS region name such as `us-east-1` (letters, digits, dashes).
pub fn check_region(text: &str) -> Result<(), String> {
    let shaped = !text.is_empty()
        && text.len() <= 32
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "{text:?} is not an AWS region name such as us-east-1"
        ))
    }
}

/// The endpoint URL the collector may send its signed calls to, rebuilt as `scheme://host[:port]`
/// from what a real URL parser read, so the host checked is the host called. Allowed: http or
/// https, no user name or password, no path, query or fragment, and a host that is loopback
/// (127.0.0.0/8, ::1, localhost: a test endpoint such as moto) or AWS (`*.amazonaws.com`,
/// `*.amazonaws.com.cn`). Anything else could be a host a visitor names, and the server signs
/// with its own credentials. (SigV4 signs the host, so a call sent to some other AWS host cannot
/// be replayed against the real one, and the secret key never travels.)
pub fn endpoint_url(name: &str, text: &str) -> Result<String, String> {
    let refuse = |why: &str| Err(format!("{name} {text:?} {why}"));
    let Ok(url) = url::Url::parse(text.trim()) else {
        return refuse("is not a URL such as http://127.0.0.1:5000");
    };
    if !matches!(url.scheme(), "http" | "https") {
        return refuse("must start with http:// or https://");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("must not carry a user name or password");
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return refuse("must be scheme://host[:port] only, with no path, query or fragment");
    }
    let allowed = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Some(url::Host::Domain(domain)) => {
            let domain = domain.strip_suffix('.').unwrap_or(domain);
            domain == "localhost"
                || domain.ends_with(".amazonaws.com")
                || domain.ends_with(".amazonaws.com.cn")
        }
        None => false,
    };
    if !allowed {
        return refuse(
            "is not allowed: AWS calls go only to AWS (*.amazonaws.com, *.amazonaws.com.cn) or a test endpoint on this machine (localhost, 127.0.0.1, ::1)",
        );
    }
    let host = url.host_str().unwrap_or_default();
    Ok(match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls_are_checked_by_what_a_parser_reads() {
        let check = |text: &str, want: Result<&str, &str>| {
            let got = endpoint_url("endpoint", text);
            match (&got, want) {
                (Ok(url), Ok(expected)) => assert_eq!(url, expected, "{text}"),
                (Err(message), Err(part)) => assert!(message.contains(part), "{text}: {message}"),
                _ => panic!("{text}: got {got:?}, wanted {want:?}"),
            }
        };
        let not_allowed = Err("is not allowed");
        check("http://127.0.0.1:5000", Ok("http://127.0.0.1:5000"));
        check("http://127.0.0.1:5000/", Ok("http://127.0.0.1:5000"));
        check("http://127.9.8.7", Ok("http://127.9.8.7"));
        check("http://localhost:4566", Ok("http://localhost:4566"));
        check("http://localhost.:4566", Ok("http://localhost.:4566"));
        check("http://[::1]:5000", Ok("http://[::1]:5000"));
        check(
            "http://[::ffff:127.0.0.1]:5000",
            Ok("http://[::ffff:7f00:1]:5000"),
        );
        check(
            "https://lambda.us-east-1.amazonaws.com",
            Ok("https://lambda.us-east-1.amazonaws.com"),
        );
        check(
            "https://lambda.cn-north-1.amazonaws.com.cn",
            Ok("https://lambda.cn-north-1.amazonaws.com.cn"),
        );
        check(
            "HTTPS://LAMBDA.US-EAST-1.AMAZONAWS.COM",
            Ok("https://lambda.us-east-1.amazonaws.com"),
        );
        // Decimal, octal, hex and percent-encoded forms of 127.0.0.1 are 127.0.0.1, and the
        // URL the collector gets says so.
        check("http://2130706433:5000", Ok("http://127.0.0.1:5000"));
        check("http://0177.0.0.1:5000", Ok("http://127.0.0.1:5000"));
        check("http://0x7f.1:5000", Ok("http://127.0.0.1:5000"));
        check("http://%31%32%37.0.0.1:5000", Ok("http://127.0.0.1:5000"));
        // The attack from the issue: userinfo that looks like a host.
        check(
            "http://127.0.0.1:5000@evil.example/",
            Err("user name or password"),
        );
        check("http://user@127.0.0.1:5000", Err("user name or password"));
        check("http://evil.example/@127.0.0.1:5000", Err("no path"));
        check("http://127.0.0.1:5000\\@evil.example", Err("no path"));
        check("http://127.0.0.1:5000/x?y#z", Err("no path"));
        check("http://127.0.0.1.evil.example", not_allowed);
        check("http://localhost.evil.example", not_allowed);
        check("http://evil.example", not_allowed);
        check("http://amazonaws.com", not_allowed);
        check("http://lambda.amazonaws.com.evil.example", not_allowed);
        check("http://evilamazonaws.com", not_allowed);
        check("http://10.0.0.1:5000", not_allowed);
        check("http://0.0.0.0:5000", not_allowed);
        check("http://[::]:5000", not_allowed);
        check("http://[fe80::1]:5000", not_allowed);
        check("http://169.254.169.254", not_allowed);
        check("file:///etc/passwd", Err("http:// or https://"));
        check("ftp://127.0.0.1", Err("http:// or https://"));
        check("127.0.0.1:5000", Err("http://"));
        check("localhost:5000", Err("http://"));
        check("not a url", Err("is not a URL"));
        check("", Err("is not a URL"));
    }

    #[test]
    fn region_names_are_shaped_like_regions() {
        assert!(check_region("us-east-1").is_ok());
        assert!(check_region("cn-north-1").is_ok());
        for bad in ["", "us east", "US-EAST-1", "us-east-1/../x", "a\n"] {
            assert!(check_region(bad).is_err(), "{bad:?}");
        }
    }
}
