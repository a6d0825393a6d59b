//! `berth demo` and the CLI's help and errors.

use crate::support::berth;

#[test]
fn demo_writes_byte_identical_files_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, seed: &str| {
        let path = dir.path().join(name);
        let output = berth()
            .args([
                "demo",
                "--functions",
                "61",
                "--days",
                "3",
                "--seed",
                seed,
                "--out",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read(path).unwrap()
    };
    let a = write("a.json", "5");
    let b = write("b.json", "5");
    let c = write("c.json", "6");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let snapshot: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(snapshot["format"], "berth.snapshot/v1");
    assert_eq!(snapshot["functions"].as_array().unwrap().len(), 61);
    assert_eq!(snapshot["window"]["hours"], 72);
}

#[test]
fn gzipped_and_compact_outputs_hold_the_same_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    // The compact files are written as the fleet is made, JSON from the whole fleet: the same
    // snapshot either way, callers of the inference functions included.
    let names = [
        "plain.json",
        "packed.json.gz",
        "fleet.bsnp",
        "fleet.bsnp.gz",
    ];
    for name in names {
        let status = berth()
            .args(["demo", "--functions", "64", "--days", "1", "--out"])
            .arg(dir.path().join(name))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    let plain = berth_server::snapshot_file::decode(&read("plain.json")).unwrap();
    assert!(plain
        .functions
        .iter()
        .any(|f| !f.function_callers.is_empty()));
    for name in &names[1..] {
        let bytes = read(name);
        assert_eq!(
            name.ends_with(".gz"),
            bytes.starts_with(&[0x1f, 0x8b]),
            "{name}"
        );
        assert_eq!(
            berth_server::snapshot_file::decode(&bytes).unwrap(),
            plain,
            "{name}"
        );
    }
    assert!(!dir.path().join("fleet.partial").exists());
}

#[test]
fn bad_arguments_fail_with_one_clear_line() {
    let output = berth()
        .args(["demo", "--functions", "0", "--out", "x.json"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "berth: --functions must be between 1 and 100000, got 0"
    );

    let output = berth()
        .args([
            "serve",
            "--db",
            "/nonexistent-dir/x/berth.db",
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let last = stderr.trim().lines().last().unwrap();
    assert!(
        last.starts_with("berth: cannot open the database /nonexistent-dir/x/berth.db"),
        "{stderr}"
    );
}

#[test]
fn every_subcommand_has_help() {
    for args in [&["--help"][..], &["serve", "--help"], &["demo", "--help"]] {
        let output = berth().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Usage: berth"), "{args:?}: {text}");
    }
}
