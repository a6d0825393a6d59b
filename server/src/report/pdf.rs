//! PDF through headless Chromium: the HTML report is written to a fresh temporary directory
//! (which is also Chromium's profile, so nothing is shared between runs) and printed with
//! `--print-to-pdf`. The charts are drawn by a synchronous script at the end of the body, before
//! the load event that printing waits for; `--virtual-time-budget` lets any pending task finish
//! first. Chromium embeds (subsets) the fonts it uses; the running header and footer come from
//! the report's `@page` margin boxes, so Chromium's own are turned off.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// How long a print may take before Chromium is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Names tried on PATH when neither `--chromium` nor `BERTH_CHROMIUM` says.
const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The Chromium to run: `explicit` (the flag), else `BERTH_CHROMIUM`, else the first of
/// [`NAMES`] on PATH.
pub fn find_chromium(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    let install = "install Debian's chromium (`apt-get install chromium`) or pass --chromium PATH \
                   (or set BERTH_CHROMIUM)";
    if let Some(path) = explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("BERTH_CHROMIUM").map(PathBuf::from))
    {
        if path.is_file() {
            return Ok(path);
        }
        bail!("Chromium not found at {}: {install}", path.display());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    bail!("no Chromium to print the PDF with: {install}")
}

/// Prints `html` to PDF bytes with the Chromium at `chromium`.
pub fn print(html: &str, chromium: &Path) -> anyhow::Result<Vec<u8>> {
    let dir = tempfile::Builder::new()
        .prefix("berth-pdf-")
        .tempdir()
        .context("cannot create a temporary directory for Chromium")?;
    let page = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    let profile = dir.path().join("profile");
    std::fs::write(&page, html).context("cannot write the report for Chromium")?;
    let log_path = dir.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).context("cannot write Chromium's log")?;
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url_of(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .with_context(|| format!("cannot start Chromium ({})", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "Chromium did not print the PDF within {} s",
                TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        bail!(
            "Chromium did not print the PDF ({status}){}",
            if last.is_empty() {
                String::new()
            } else {
                format!(": {last}")
            }
        );
    }
    Ok(bytes)
}

/// A `file://` URL of an absolute path (percent-encoding what a URL cannot hold).
fn url_of(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.display().to_string().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}
