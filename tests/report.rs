//! `berth report` and `GET /reports/{id}/report.{ext}`: every format, the same numbers as
//! `berth analyze` and the dashboard, the HTML drawn offline in headless Chromium, the PDF's
//! text and pixels (poppler-utils), redaction, hostile names, CSV round trip, errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{berth, get_text, Server};

const FORMATS: [&str; 5] = ["html", "pdf", "csv", "json", "md"];

/// `$1,234.56`, as every report and the dashboard write money.
fn usd(value: f64) -> String {
    let cents = (value * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

fn run(args: &[&str], extra: &[&Path]) -> std::process::Output {
    let mut command = berth();
    command.args(args);
    for path in extra {
        command.arg(path);
    }
    command.output().unwrap()
}

fn ok(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn demo(dir: &Path, functions: &str) -> PathBuf {
    let path = dir.join("snapshot.json");
    ok(&run(
        &["demo", "--functions", functions, "--days", "7", "--out"],
        &[&path],
    ));
    path
}

/// `berth report SNAPSHOT --format F --out DIR/report.F [extra]`; returns the file.
fn report(dir: &Path, snapshot: &Path, format: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("report.{format}"));
    let mut command = berth();
    command
        .arg("report")
        .arg(snapshot)
        .args(["--format", format, "--out"])
        .arg(&out)
        .args(extra);
    ok(&command.output().unwrap());
    out
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    command.args(["-layout"]);
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let output = command
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (Debian's poppler-utils)");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The DOM after the page's scripts ran, from headless Chromium with the network off (no
/// proxy reachable, so any fetch would fail and be visible as a missing chart).
fn dump_dom(html: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--proxy-server=127.0.0.1:9",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium is installed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn every_format_from_the_cli_says_what_analyze_says() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "40");
    let analyzed = run(&["analyze", "--format", "json"], &[&snapshot]);
    ok(&analyzed);
    let analyzed: serde_json::Value = serde_json::from_slice(&analyzed.stdout).unwrap();

    // JSON: the analysis exactly as `berth analyze` gives it, plus the report's metadata.
    let report_json = json(&report(dir.path(), &snapshot, "json", &[]));
    assert_eq!(report_json["format"], "berth.report/v1");
    assert_eq!(report_json["analysis"], analyzed["analysis"]);
    assert_eq!(report_json["warnings"], analyzed["warnings"]);
    let fleet = &analyzed["analysis"]["fleet"];
    let lambda = fleet["lambda_monthly_usd"].as_f64().unwrap();
    let saving = fleet["total_saving_usd"].as_f64().unwrap();
    let functions = analyzed["analysis"]["functions"].as_array().unwrap();

    // The headline figures, to the cent, in the HTML and Markdown.
    let html = std::fs::read_to_string(report(dir.path(), &snapshot, "html", &[])).unwrap();
    let md = std::fs::read_to_string(report(dir.path(), &snapshot, "md", &[])).unwrap();
    // With the one-time effort and the steady-core plan's before, after and saving.
    let plan = &analyzed["analysis"]["plan"];
    assert!(
        !plan["groups"].as_array().unwrap().is_empty(),
        "the demo fleet has a steady core"
    );
    for figure in [
        lambda,
        saving,
        fleet["current_monthly_usd"].as_f64().unwrap(),
        fleet["one_time_usd"].as_f64().unwrap(),
        plan["before_usd"].as_f64().unwrap(),
        plan["after_usd"].as_f64().unwrap(),
        plan["saving_usd"].as_f64().unwrap(),
    ] {
        assert!(
            html.contains(&usd(figure)),
            "{} not in the HTML",
            usd(figure)
        );
        assert!(
            md.contains(&usd(figure).replace('$', "\\$")),
            "{} not in the Markdown",
            usd(figure)
        );
    }
    for f in functions {
        let key = f["key"].as_str().unwrap();
        assert!(html.contains(key) && md.contains(key), "{key}");
    }
    for action in report_json["top_actions"].as_array().unwrap() {
        let f = functions.iter().find(|f| f["key"] == *action).unwrap();
        let line = usd(f["verdict"]["monthly_saving_usd"].as_f64().unwrap());
        assert!(html.contains(&line), "{line}");
    }
    assert!(md.contains("| Rank | Function | Verdict |"));
    // Every hint that fired, by its label, with its count in the Markdown table.
    for (kind, count) in analyzed["analysis"]["fleet"]["hint_counts"]
        .as_object()
        .unwrap()
    {
        let fired = functions
            .iter()
            .filter(|f| {
                f["hints"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h["kind"] == *kind)
            })
            .count();
        assert_eq!(count.as_u64().unwrap() as usize, fired, "{kind}");
    }
    assert!(md.contains("| Hint | Functions | Suggested fix |"));
    assert!(md.contains("| Timeout far above p99 | "));
    assert!(html.contains("Timeout far above p99"));
    for text in [&html, &md] {
        assert!(text.contains("The steady core"));
        assert!(text.contains(&format!(
            "{} functions worth moving in {} shared services",
            plan["members"],
            plan["groups"].as_array().unwrap().len()
        )));
    }

    // CSV: a round trip gives back the analysis's numbers exactly (no rounding).
    let csv_path = report(dir.path(), &snapshot, "csv", &[]);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..3], ["function", "region", "arn"]);
    assert_eq!(header.len(), 29);
    assert_eq!(
        &header[26..],
        ["one_time_usd", "payback_months", "hints"],
        "columns are only ever added at the end"
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), functions.len());
    for (rank, row) in rows.iter().enumerate() {
        let key = format!("{}/{}", &row[column("region")], &row[column("function")]);
        let f = functions.iter().find(|f| f["key"] == key.as_str()).unwrap();
        assert_eq!(
            row[column("spend_rank")].parse::<usize>().unwrap(),
            rank + 1
        );
        for (name, value) in [
            ("lambda_monthly_usd", &f["lambda"]["monthly_usd"]),
            (
                "current_monthly_usd",
                &f["options"]["current"]["monthly_usd"],
            ),
            ("saving_monthly_usd", &f["verdict"]["monthly_saving_usd"]),
            ("spend_share", &f["spend_share"]),
            ("one_time_usd", &f["verdict"]["one_time_usd"]),
        ] {
            // Exact up to the last bit serde_json's fast float parsing may differ in (the CSV
            // holds Rust's exact shortest form; rounding to cents would be off by far more).
            let parsed: f64 = row[column(name)].parse().unwrap();
            let want = value.as_f64().unwrap();
            assert!(
                (parsed - want).abs() <= 1e-14 * want.abs().max(1e-300),
                "{key} {name}: {parsed} against {want}"
            );
        }
        assert_eq!(
            row[column("verdict")].to_lowercase(),
            f["verdict"]["kind"].as_str().unwrap()
        );
        match f["verdict"]["payback_months"].as_f64() {
            Some(months) => {
                let parsed: f64 = row[column("payback_months")].parse().unwrap();
                assert!((parsed - months).abs() <= 1e-12 * months.max(1.0), "{key}");
            }
            None => assert_eq!(&row[column("payback_months")], "", "{key}"),
        }
        assert_eq!(
            row[column("hints")]
                .split("; ")
                .filter(|h| !h.is_empty())
                .count(),
            f["hints"].as_array().unwrap().len(),
            "{key}"
        );
    }
}

#[test]
fn the_html_opens_offline_with_its_charts_drawn_and_the_pdf_holds_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "64");
    let html_path = report(
        dir.path(),
        &snapshot,
        "html",
        &["--prepared-for", "Example Client"],
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    // Self-contained: nothing to fetch.
    for needle in ["src=\"http", "href=\"http", "@import", "url(http", "<link "] {
        assert!(!html.contains(needle), "{needle}");
    }
    let charts = html.matches("<div class=\"chart\"").count();
    assert!(charts >= 5, "{charts} charts");
    let dom = dump_dom(&html_path);
    assert!(
        dom.contains(&format!("data-charts-drawn=\"{charts}\"")),
        "not every chart was drawn"
    );
    assert!(dom.matches("<svg").count() >= charts);

    let report_json = json(&report(dir.path(), &snapshot, "json", &[]));
    let fleet = &report_json["analysis"]["fleet"];
    let pdf = report(
        dir.path(),
        &snapshot,
        "pdf",
        &["--prepared-for", "Example Client"],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = pdftotext(&pdf, None);
    for figure in ["lambda_monthly_usd", "total_saving_usd"] {
        let figure = usd(fleet[figure].as_f64().unwrap());
        assert!(text.contains(&figure), "{figure} not in the PDF's text");
    }
    for words in [
        "Executive summary",
        "The steady core",
        "one-time",
        "Example Client",
        "Page 1 of",
        "Appendix A",
    ] {
        assert!(text.contains(words), "{words} not in the PDF's text");
    }
    // Fonts embedded.
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    for line in fonts.lines().skip(2) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert!(
            columns.len() >= 5 && columns[columns.len() - 5] == "yes",
            "a font is not embedded: {line}"
        );
    }
    // The page with the Pareto chart is not blank where the chart is: count coloured pixels.
    let pages = (1..=40)
        .find(|&page| pdftotext(&pdf, Some(page)).contains("Pareto of spend"))
        .expect("a page with the Pareto chart");
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "40",
            "-f",
            &pages.to_string(),
            "-l",
            &pages.to_string(),
        ])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let ppm = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .expect("pdftoppm wrote a page");
    let coloured = coloured_pixels(&std::fs::read(ppm).unwrap());
    assert!(
        coloured > 500,
        "only {coloured} coloured pixels on the chart page"
    );
}

/// Pixels of a binary PPM (P6) whose channels differ by more than 60 (colour, not text).
fn coloured_pixels(ppm: &[u8]) -> usize {
    // Header: "P6\n<w> <h>\n<max>\n".
    let mut fields = 0;
    let mut at = 0;
    let mut in_field = false;
    while fields < 4 {
        let c = ppm[at];
        if c.is_ascii_whitespace() {
            if in_field {
                fields += 1;
            }
            in_field = false;
        } else {
            in_field = true;
        }
        at += 1;
    }
    ppm[at..]
        .chunks_exact(3)
        .filter(|p| {
            let (max, min) = (p.iter().max().unwrap(), p.iter().min().unwrap());
            max - min > 60
        })
        .count()
}

/// The demo fleet with every name, ARN, account, tag value and label made unique and traceable.
fn traceable_snapshot(dir: &Path) -> (PathBuf, Vec<String>) {
    let plain = demo(dir, "30");
    let mut snapshot = json(&plain);
    let mut originals = vec![
        "Zanzibar Holdings prod".to_string(),
        "918273645501".to_string(),
    ];
    snapshot["source"]["label"] = originals[0].clone().into();
    snapshot["source"]["account_id"] = originals[1].clone().into();
    for (i, f) in snapshot["functions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let name = format!("zanzibar-ledger-{i:02}q");
        let region = f["region"].as_str().unwrap().to_string();
        let arn = format!("arn:aws:lambda:{region}:918273645501:function:{name}");
        let tag = format!("quixotic-team-{}", i % 4);
        f["name"] = name.clone().into();
        f["arn"] = arn.clone().into();
        f["tags"]["team"] = tag.clone().into();
        originals.extend([name, arn, tag]);
    }
    // Callers: one function of the snapshot calls the next; an outside function calls the first.
    let functions = snapshot["functions"].as_array_mut().unwrap();
    let inside = functions[0]["arn"].clone();
    let outside = "arn:aws:lambda:us-east-1:918273645501:function:zanzibar-outside-caller";
    functions[1]["function_callers"] = serde_json::json!([inside]);
    functions[0]["function_callers"] = serde_json::json!([outside, "lambda.amazonaws.com"]);
    originals.push(outside.to_string());
    originals.sort();
    originals.dedup();
    let path = dir.join("traceable.json");
    std::fs::write(&path, serde_json::to_vec(&snapshot).unwrap()).unwrap();
    (path, originals)
}

#[test]
fn redaction_leaves_no_original_name_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let (snapshot, originals) = traceable_snapshot(dir.path());
    let map_path = dir.path().join("aliases.json");
    let mut outputs: Vec<(String, String)> = Vec::new();
    for format in FORMATS {
        let mut extra = vec!["--redact"];
        let map = map_path.display().to_string();
        if format == "json" {
            extra.extend(["--redact-map", &map]);
        }
        let out = report(dir.path(), &snapshot, format, &extra);
        let text = if format == "pdf" {
            pdftotext(&out, None)
        } else {
            std::fs::read_to_string(&out).unwrap()
        };
        outputs.push((format.to_string(), text));
        // The raw file too (the PDF's metadata and any uncompressed text).
        outputs.push((
            format!("{format} bytes"),
            String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned(),
        ));
    }
    for (format, text) in &outputs {
        for original in &originals {
            assert!(
                !text.contains(original.as_str()),
                "{original:?} is in the {format} report"
            );
        }
        // The originals' distinctive parts too.
        for fragment in ["zanzibar", "Zanzibar", "quixotic", "918273645501"] {
            assert!(
                !text.contains(fragment),
                "{fragment} is in the {format} report"
            );
        }
    }
    // The map holds every original, for the reviewer.
    let map = std::fs::read_to_string(&map_path).unwrap();
    for original in &originals {
        assert!(
            map.contains(original.as_str()),
            "{original} missing from the map"
        );
    }
    // The same numbers as without redaction, and the same alias everywhere: fn-001 is the
    // biggest spender.
    let plain = json(&report(dir.path(), &snapshot, "json", &[]));
    let redacted = json(&report(dir.path(), &snapshot, "json", &["--redact"]));
    assert_eq!(plain["analysis"]["fleet"], redacted["analysis"]["fleet"]);
    let (plain, redacted) = (
        plain["analysis"]["functions"].as_array().unwrap(),
        redacted["analysis"]["functions"].as_array().unwrap(),
    );
    for (a, b) in plain.iter().zip(redacted) {
        for field in ["lambda", "verdict", "spend_rank", "coverage"] {
            if field == "verdict" {
                assert_eq!(
                    a[field]["monthly_saving_usd"],
                    b[field]["monthly_saving_usd"]
                );
                assert_eq!(a[field]["kind"], b[field]["kind"]);
            } else if field == "lambda" {
                assert_eq!(a[field]["monthly_usd"], b[field]["monthly_usd"]);
            } else {
                assert_eq!(a[field], b[field]);
            }
        }
        let rank = b["spend_rank"].as_u64().unwrap();
        assert_eq!(b["name"], format!("fn-{rank:03}").as_str());
    }
    let csv = &outputs.iter().find(|(f, _)| f == "csv").unwrap().1;
    assert!(csv.lines().nth(1).unwrap().starts_with("fn-001,"));
    let md = &outputs.iter().find(|(f, _)| f == "md").unwrap().1;
    assert!(md.contains("fn\\-001") || md.contains("fn-001"));
}

pub(crate) fn hostile_snapshot(dir: &Path) -> PathBuf {
    let plain = demo(dir, "12");
    let mut snapshot = json(&plain);
    let payloads = [
        "<script>document.body.setAttribute('data-pwned','1')</script>",
        "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
        "</textarea><svg onload=\"document.body.setAttribute('data-pwned','1')\">",
        "{{constructor.constructor('document.body.setAttribute(1)')()}}",
        "=HYPERLINK(\"http://example.invalid\",\"x\")",
        "</script><script>document.body.setAttribute('data-pwned','1')</script>",
    ];
    snapshot["source"]["label"] = payloads[0].into();
    snapshot["source"]["account_id"] = "../../etc/passwd\"; x=<b>".into();
    for (i, f) in snapshot["functions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let payload = payloads[i % payloads.len()];
        f["name"] = format!("{payload}{i}").into();
        f["tags"]["owner"] = payloads[(i + 1) % payloads.len()].into();
        f["tags"][payloads[(i + 2) % payloads.len()]] = "x".into();
    }
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_vec(&snapshot).unwrap()).unwrap();
    path
}

#[test]
fn hostile_names_and_tags_execute_nothing_and_stay_data() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = hostile_snapshot(dir.path());
    // Every function of the small fleet gets a section, so every payload lands in every place.
    let html_path = report(dir.path(), &snapshot, "html", &["--top", "100"]);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains("<script>document"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("</textarea><svg"));
    let dom = dump_dom(&html_path);
    assert!(!dom.contains("data-pwned=\"1\""), "a payload ran");
    assert!(
        dom.contains("data-charts-drawn="),
        "the page's own script did not run"
    );
    assert!(
        !dom.contains("<img src=\"x\""),
        "a payload became an element"
    );

    let md = std::fs::read_to_string(report(dir.path(), &snapshot, "md", &[])).unwrap();
    // Each markup character arrives backslash-escaped.
    for raw in ["<script>", "<img", "</textarea>", "{", "](", "|x", "\"><"] {
        let unescaped = md
            .match_indices(raw)
            .any(|(at, _)| at == 0 || md.as_bytes()[at - 1] != b'\\');
        assert!(!unescaped, "{raw} unescaped in the Markdown");
    }
    let csv_path = report(dir.path(), &snapshot, "csv", &[]);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!formula, "formula-like cell {cell:?}");
        }
    }
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.contains("'=HYPERLINK"));
}

#[test]
fn report_errors_are_one_line_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "8");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"format\": \"berth.snapshot/v9\"}").unwrap();
    let out = dir.path().join("out.pdf");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "report".into(),
                bad.display().to_string(),
                "--format".into(),
                "html".into(),
                "--out".into(),
                out.display().to_string(),
            ],
            "not a valid snapshot",
        ),
        (
            vec![
                "report".into(),
                snapshot.display().to_string(),
                "--format".into(),
                "pdf".into(),
                "--out".into(),
                out.display().to_string(),
                "--chromium".into(),
                "/nonexistent/chromium".into(),
            ],
            "--chromium",
        ),
        (
            vec![
                "report".into(),
                snapshot.display().to_string(),
                "--format".into(),
                "html".into(),
                "--out".into(),
                "/nonexistent-dir/r.html".into(),
            ],
            "cannot write",
        ),
        (
            vec![
                "report".into(),
                snapshot.display().to_string(),
                "--format".into(),
                "pdf".into(),
                "--out".into(),
                "-".into(),
            ],
            "stdout",
        ),
        (
            vec![
                "report".into(),
                "--format".into(),
                "html".into(),
                "--out".into(),
                out.display().to_string(),
                "--db".into(),
                dir.path().join("none.db").display().to_string(),
            ],
            "no database",
        ),
    ];
    for (args, says) in cases {
        let output = berth()
            .args(&args)
            .env_remove("BERTH_CHROMIUM")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("out") || n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // stdout works for the text formats.
    let output = run(&["report", "--format", "md", "--out", "-"], &[&snapshot]);
    ok(&output);
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("# Review"));
}

#[test]
fn the_report_schema_describes_the_json_report() {
    let output = run(&["schema", "--report"], &[]);
    ok(&output);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["title"], "Berth report v1");
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "5");
    let report_json = json(&report(dir.path(), &snapshot, "json", &[]));
    let properties = schema["properties"].as_object().unwrap();
    for key in report_json.as_object().unwrap().keys() {
        assert!(properties.contains_key(key), "{key} not in the schema");
    }
}

#[tokio::test]
async fn the_dashboard_serves_every_format_with_its_numbers() {
    let server = Server::start();
    let http = reqwest::Client::new();
    let overview: serde_json::Value = http
        .post(format!("{}/api/overview", server.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = overview["snapshot"]["id"].as_i64().unwrap();
    for format in FORMATS {
        for redact in [false, true] {
            let url = format!(
                "{}/reports/{id}/report.{format}{}",
                server.url,
                if redact { "?redact=1" } else { "" }
            );
            let response = http.get(&url).send().await.unwrap();
            assert_eq!(response.status(), 200, "{url}");
            let disposition = response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_string();
            let who = if redact { "redacted" } else { "123456789012" };
            assert!(
                disposition.starts_with(&format!("attachment; filename=\"berth-review-{who}-"))
                    && disposition.ends_with(&format!(".{format}\"")),
                "{disposition}"
            );
            let body = response.bytes().await.unwrap();
            assert!(!body.is_empty());
            if format == "json" {
                let report: serde_json::Value = serde_json::from_slice(&body).unwrap();
                let fleet = &report["analysis"]["fleet"];
                // The dashboard's headline figures, exactly.
                assert_eq!(fleet["lambda_monthly_usd"], overview["modeled_monthly_usd"]);
                assert_eq!(fleet["total_saving_usd"], overview["saving_monthly_usd"]);
                for (kind, count) in overview["verdict_counts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p[0].as_str().unwrap(), &p[1]))
                {
                    assert_eq!(&fleet["verdict_counts"][kind.to_lowercase()], count);
                }
            }
            if format == "pdf" {
                assert!(body.starts_with(b"%PDF"));
            }
        }
    }
    // The CLI on the same database gives the same numbers.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let output = berth()
        .args(["report", "--format", "json", "--db"])
        .arg(server.dir.path().join("berth.db"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    ok(&output);
    let cli = json(&out);
    assert_eq!(
        cli["analysis"]["fleet"]["lambda_monthly_usd"],
        overview["modeled_monthly_usd"]
    );
    // Unknown snapshot and format: a page that says so.
    let (status, body) = get_text(&format!("{}/reports/9999/report.html", server.url)).await;
    assert_eq!(status, 404);
    assert!(body.contains("there is no snapshot 9999"), "{body}");
    let (status, _) = get_text(&format!("{}/reports/{id}/report.exe", server.url)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_hostile_account_id_gives_a_safe_download_name() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = hostile_snapshot(dir.path());
    let server = Server::start();
    let http = reqwest::Client::new();
    let created: serde_json::Value = http
        .post(format!("{}/api/snapshots", server.url))
        .body(std::fs::read(&snapshot).unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let response = http
        .get(format!("{}/reports/{id}/report.csv", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    let name = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|n| n.strip_suffix('"'))
        .unwrap();
    assert!(
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')),
        "{name}"
    );
    assert!(
        name.starts_with("berth-review-etc-passwd-x-b-") && name.ends_with(".csv"),
        "{name}"
    );
}
