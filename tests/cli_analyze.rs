//! `berth analyze` and `berth schema`: the demo fleet end to end, formats, a golden table.

use std::path::Path;

use crate::support::berth;

fn demo(dir: &Path, name: &str, functions: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let output = berth()
        .args(["demo", "--functions", functions, "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

fn analyze(snapshot: &Path, extra: &[&str]) -> (bool, String, String) {
    let output = berth()
        .arg("analyze")
        .arg(snapshot)
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The table of the default demo fleet, compared with `tests/golden/analyze-demo.txt`
/// (`BERTH_UPDATE_GOLDEN=1` rewrites it).
#[test]
fn golden_table_of_the_demo_fleet() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "demo.json.gz", "64");
    let (ok, stdout, stderr) = analyze(&snapshot, &[]);
    assert!(ok, "{stderr}");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/analyze-demo.txt");
    if std::env::var_os("BERTH_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).expect("golden file exists");
    assert_eq!(
        stdout, expected,
        "rerun with BERTH_UPDATE_GOLDEN=1 if the change is intended"
    );
    assert!(stderr.trim_end().ends_with("warnings"), "{stderr}");
}

#[test]
fn json_and_csv_formats() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "demo.json", "16");
    let (ok, stdout, stderr) = analyze(&snapshot, &["--format", "json"]);
    assert!(ok, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let functions = value["analysis"]["functions"].as_array().unwrap();
    assert_eq!(functions.len(), 16);
    assert_eq!(functions[0]["signals"].as_array().unwrap().len(), 6);
    assert!(value["warnings"].is_array());
    let counts = value["analysis"]["fleet"]["verdict_counts"]
        .as_object()
        .unwrap();
    assert_eq!(
        counts.values().map(|v| v.as_u64().unwrap()).sum::<u64>(),
        16
    );

    let (ok, stdout, _) = analyze(&snapshot, &["--format", "csv"]);
    assert!(ok);
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(rows.len(), 17);
    assert!(rows[0].starts_with("function,region,architecture,memory_mb,lambda_usd"));
}

/// `--format json` is the engine's explained analysis, whatever the order its functions were
/// rendered in on the cores, with keys in the order of the analysis types (not sorted).
#[test]
fn json_output_is_the_explained_analysis_in_the_types_key_order() {
    let dir = tempfile::tempdir().unwrap();
    // 600 functions: three shares of 256, rendered apart and joined.
    let path = demo(dir.path(), "fleet.bsnp", "600");
    let (ok, stdout, stderr) = analyze(&path, &["--format", "json"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with(r#"{"analysis":{"window_start":"#),
        "{}",
        &stdout[..80]
    );
    let snapshot = berth_server::snapshot_file::read(&path).unwrap();
    let (analysis, warnings) = berth_engine::analysis::analyze_explained(
        &snapshot,
        &berth_engine::assumptions::Assumptions::default(),
        &berth_engine::prices::Catalog::builtin(),
    );
    // Byte for byte what serde writes from the types themselves (their order, no `Value`:
    // its float parsing may differ in the last bit, its key order with Cargo's features).
    let expected = format!(
        "{{\"analysis\":{},\"plan\":{},\"warnings\":{}}}\n",
        serde_json::to_string(&analysis).unwrap(),
        serde_json::to_string(&analysis.plan).unwrap(),
        serde_json::to_string(&warnings).unwrap(),
    );
    assert_eq!(stdout.len(), expected.len());
    assert!(
        stdout == expected,
        "the output differs from the analysis' own serialization"
    );
    assert!(analysis.functions.len() == 600 && !warnings.is_empty());
}

#[test]
fn assumptions_and_prices_files() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "demo.json", "16");
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let good = file("a.json", r#"{"min_tasks": 1, "free_tier": true}"#);
    let (ok, _, stderr) = analyze(&snapshot, &["--assumptions", &good]);
    assert!(ok, "{stderr}");
    let bad = file("b.json", r#"{"utilisation_target": 2}"#);
    let (ok, _, stderr) = analyze(&snapshot, &["--assumptions", &bad]);
    assert!(!ok);
    assert!(
        stderr
            .trim()
            .ends_with("assumption utilisation_target: 2 must be a fraction in (0, 1]"),
        "{stderr}"
    );
    let typo = file("c.json", r#"{"utilization_target": 0.5}"#);
    let (ok, _, stderr) = analyze(&snapshot, &["--assumptions", &typo]);
    assert!(!ok);
    assert!(
        stderr.contains("unknown field `utilization_target`"),
        "{stderr}"
    );
    let prices = file(
        "p.json",
        r#"{"regions": {"eu-west-1": {"alb": {"hour": 0.0252, "lcu_hour": 0.008}}}}"#,
    );
    let (ok, _, stderr) = analyze(&snapshot, &["--prices", &prices]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("ALB hours in eu-west-1"), "{stderr}");
}

#[test]
fn a_broken_snapshot_names_the_function_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "demo.json", "2");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&snapshot).unwrap()).unwrap();
    value["functions"][1]["series"]["throttles"][5] = serde_json::json!(-3);
    let name = value["functions"][1]["name"].as_str().unwrap().to_string();
    let region = value["functions"][1]["region"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(&snapshot, value.to_string()).unwrap();
    let (ok, _, stderr) = analyze(&snapshot, &[]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "function {region}/{name}: series.throttles: hour 5 is -3: values must be finite and not negative"
        )),
        "{stderr}"
    );
}

#[test]
fn schema_prints_the_snapshot_json_schema() {
    let output = berth().arg("schema").output().unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["title"], "Berth snapshot v1");
    assert!(schema["properties"]["functions"].is_object());
    assert!(schema["$defs"]["Hourly"].is_object());
}

#[test]
fn csv_quotes_what_needs_it_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = demo(dir.path(), "demo.json", "4");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&snapshot).unwrap()).unwrap();
    let names = [
        "=HYPERLINK(\"http://x\",\"y\"),z",
        "a,b \"c\"\r\nd",
        "plain",
        "@sum",
    ];
    for (function, name) in value["functions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(names)
    {
        function["name"] = name.into();
    }
    std::fs::write(&snapshot, serde_json::to_vec(&value).unwrap()).unwrap();
    let (ok, stdout, stderr) = analyze(&snapshot, &["--format", "csv"]);
    assert!(ok, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let mut read: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    read.sort();
    let mut expected = vec![
        format!("'{}", names[0]),
        names[1].to_string(),
        names[2].to_string(),
        format!("'{}", names[3]),
    ];
    expected.sort();
    assert_eq!(read, expected);
}

/// The compact layout, plain and gzipped, analyses (function by function) exactly as the JSON
/// file of the same fleet; a cut compact file is a one-line error.
#[test]
fn a_compact_snapshot_analyses_as_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = demo(dir.path(), "demo.json", "300");
    let compact = demo(dir.path(), "demo.bsnp", "300");
    let gzipped = demo(dir.path(), "demo.bsnp.gz", "300");
    assert!(std::fs::read(&compact).unwrap().starts_with(b"BERTHSNP"));
    for format in ["json", "table", "csv"] {
        let (ok, expected, stderr) = analyze(&json, &["--format", format]);
        assert!(ok, "{stderr}");
        for file in [&compact, &gzipped] {
            let (ok, stdout, compact_stderr) = analyze(file, &["--format", format]);
            assert!(ok, "{compact_stderr}");
            assert_eq!(stdout, expected, "{} --format {format}", file.display());
            assert_eq!(compact_stderr, stderr);
        }
    }
    let bytes = std::fs::read(&compact).unwrap();
    let cut = dir.path().join("cut.bsnp");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let (ok, stdout, stderr) = analyze(&cut, &[]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cut.bsnp is not a valid snapshot")
            && stderr.contains("the file ends inside a function record"),
        "{stderr}"
    );
}
