//! Text shared by the renderers: number formats, escapers for the places data lands (CSS
//! strings, JSON inside `<script>`, Markdown, CSV cells, file names) and the fixed prose (how
//! each figure is computed, the glossary).

pub use berth_app::ui::format::serde_name;

/// The labels of signals, comma-separated (the functions table's "fired signals" cell).
pub fn signal_labels(signals: &[berth_engine::signals::SignalKind]) -> String {
    signals
        .iter()
        .map(|kind| kind.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1,234.5`-style: two decimals below 100, one below 10,000, none above; grouped thousands.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let decimals = match value.abs() {
        v if v >= 10_000.0 => 0,
        v if v >= 100.0 => 1,
        v if v == v.trunc() => 0,
        _ => 2,
    };
    let text = format!("{:.decimals$}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| ('1'..='9').contains(&c)) {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// `80.0 %`
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// A unit price with the digits it needs (`$0.0000166667`).
pub fn unit_price(usd: f64) -> String {
    let text = format!("{:.10}", usd.abs());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let sign = if usd < 0.0 { "-" } else { "" };
    format!("{sign}${text}")
}

/// An assumption's value as shown: strings bare, everything else as JSON.
pub fn json_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A CSS string literal (quotes included) that says `text` and cannot end the string, the rule
/// or the `<style>` element: everything but letters, digits and spaces as a hex escape.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// JSON made safe inside `<script type="application/json">`: `<`, `>` and `&` (and the two
/// line separators JavaScript once rejected) as `\u` escapes, which JSON reads back unchanged.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Data as Markdown inline text (a table cell, or after fixed text on a line): every character
/// Markdown or HTML could read as syntax is backslash-escaped (CommonMark lets any ASCII
/// punctuation be escaped, GitHub and Confluence show it as the character), line breaks become
/// spaces, so a name can neither end a table cell nor become a link, emphasis, HTML or a macro.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '&' | '|' | '{' | '}'
            | '!' | '#' | '~' | '$' | ':' | '"' | '\'' | '=' | '^' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV text cell that a spreadsheet will not read as a formula: one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading apostrophe (OWASP's advice).
pub fn csv_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A download file name: ASCII letters, digits, `.`, `_` and `-` only (anything else becomes
/// `-`, runs collapsed), no leading dot, at most 100 characters.
pub fn file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let out = out.trim_start_matches(['.', '-']).to_string();
    let out: String = out.chars().take(100).collect();
    if out.is_empty() {
        "berth-review".to_string()
    } else {
        out
    }
}

/// One part of a download file name: ASCII letters, digits and `_`, anything else as one `-`,
/// no `-` at either end.
pub fn file_name_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// How each signal and cost is computed, a paragraph each (appendix D).
pub const METHODS: [(&str, &str); 9] = [
    (
        "Steady traffic",
        "The share of the window's hours with invocations, the ratio of peak to mean hourly concurrency, and the baseline (10th percentile) concurrency. It leans to containers when the function is active in at least 95 % of the hours and its peak is at most three times its mean: a container sized for that load stays busy.",
    ),
    (
        "Long runtime",
        "The 99th-percentile and maximum durations against the function's timeout and Lambda's 15-minute wall, and the average duration. It leans to containers when p99 reaches 80 % of the timeout or the average is 30 s or more: Lambda bills every millisecond of a long run and stops it at 15 minutes.",
    ),
    (
        "Heavy startup",
        "The share of invocations that start cold times their initialisation time, against the billed duration. It leans to containers when initialisation is 10 % or more of the billed time or takes a second or more: a long-running container starts once.",
    ),
    (
        "Large memory / GPU",
        "The configured and the largest used memory, and a tag saying the function needs a GPU. It leans to containers at 3,008 MB or more, or with the GPU tag: Lambda has no GPUs and its price per GB-second is high for big functions.",
    ),
    (
        "Hot spender",
        "The function's share of the fleet's Lambda spend and its rank in the Pareto set (the fewest functions making 80 % of the spend). It leans to containers inside that set with 5 % or more of the spend alone: that is where a move pays.",
    ),
    (
        "Concurrency budget",
        "The function's peak concurrency against its region's concurrency limit, and its throttles against its invocations. It leans to containers at 10 % or more of the limit, or with 0.1 % or more of its invocations throttled: one function should not consume the account's budget.",
    ),
    (
        "Lambda cost",
        "Requests and GB-seconds from the hourly series (billed duration, initialisation where AWS bills it, ephemeral storage, provisioned concurrency), scaled to a month and priced with the region's tiered Lambda prices and the free tier when it applies; API Gateway in front of the function is counted on today's side, since it goes away behind a load balancer.",
    ),
    (
        "Container cost",
        "Each hour's peak concurrency becomes the vCPU a container needs (the Lambda environment's share of a vCPU, times the CPU busy share, at the target utilisation); tasks of the chosen size cover it above a minimum task count, priced per second on Fargate (x86, ARM, Spot) or as EC2 instances for ECS, plus the function's share of a load balancer. Hybrid keeps the baseline on containers and the peaks on Lambda.",
    ),
    (
        "Projection and break-even",
        "Each option is priced again with the traffic scaled from 0.1× to 20× today's; a break-even is the exact traffic where an option and today's setup cost the same (found by bisection between the grid points that bracket the crossing), or none in that range.",
    ),
];

pub const GLOSSARY: [(&str, &str); 10] = [
    ("Verdict", "Stay (keep the function as it is), Tune (stay on Lambda, configured better), Hybrid (containers for the steady baseline, Lambda for the peaks) or Move (to containers)."),
    ("Saving", "Today's monthly cost minus the recommended option's, at today's traffic."),
    ("Confidence", "How much of the picture the data shows: hours observed, invocations, billed costs present, prices complete."),
    ("Modeled spend", "What the price catalog says the observed usage costs a month (the hours-in-a-month assumption, 730 by default)."),
    ("Billed spend", "What Cost Explorer says the account paid, scaled to a month."),
    ("GB-second", "Lambda's unit of compute: memory in GB times run time in seconds."),
    ("Concurrency", "Executions running at the same moment; each region has a limit shared by its functions."),
    ("Pareto set", "The fewest functions that together make 80 % of the spend."),
    ("Fargate", "AWS's serverless containers, billed per vCPU and GB per second; Spot is cheaper and interruptible."),
    ("Container score", "The mean strength of the six signals, 0 to 100 (50 = every signal at its threshold)."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapers() {
        let cases: [(&str, String, &str); 6] = [
            (
                "css",
                css_string("a\"</style>"),
                "\"a\\22 \\3c \\2f style\\3e \"",
            ),
            (
                "json",
                script_json("{\"n\":\"</script>&\"}"),
                "{\"n\":\"\\u003c/script\\u003e\\u0026\"}",
            ),
            (
                "md",
                markdown("a|b <i>{{x}}</i>\nc"),
                "a\\|b \\<i\\>\\{\\{x\\}\\}\\</i\\> c",
            ),
            ("csv", csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")"),
            ("csv plain", csv_text("orders-api"), "orders-api"),
            ("file", file_name("../a b/\"é\".pdf"), "a-b-.pdf"),
        ];
        for (what, got, want) in cases {
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn numbers() {
        for (value, want) in [
            (0.5, "0.50"),
            (3.0, "3"),
            (1234.56, "1,234.6"),
            (-12345.6, "-12,346"),
            (-0.001, "0.00"),
        ] {
            assert_eq!(number(value), want, "{value}");
        }
        assert_eq!(unit_price(0.0000166667), "$0.0000166667");
    }
}
