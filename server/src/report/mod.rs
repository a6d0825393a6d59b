//! Reports for clients: one model ([`model::build`], from the engine's numbers) laid out by five
//! renderers — a self-contained HTML file, a PDF printed from it by headless Chromium, CSV,
//! JSON (`berth.report/v1`) and Markdown. Redaction ([`redact`]) rewrites the snapshot before
//! the model is built. `berth report` and `GET /reports/{id}/report.{ext}` both call
//! [`produce`].

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod redact;
pub mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::engine::snapshot::Snapshot;

pub use model::{build, Report, ReportOptions};
pub use redact::{redact, RedactMap};

/// Sections for the biggest savings unless `--top` says otherwise.
pub const DEFAULT_TOP: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Pdf,
    Csv,
    Json,
    Md,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Pdf,
        Format::Csv,
        Format::Json,
        Format::Md,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == extension)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::Md => "text/markdown; charset=utf-8",
        }
    }
}

/// Everything a report is made from.
pub struct Inputs<'a> {
    pub snapshot: &'a Snapshot,
    pub assumptions: &'a Assumptions,
    pub catalog: &'a Catalog,
    pub price_overrides: Option<&'a serde_json::Value>,
    pub options: ReportOptions,
    /// Chromium for PDFs (see [`pdf::find_chromium`]).
    pub chromium: Option<PathBuf>,
}

/// A finished report: its bytes, the download name, and the alias table when redacted.
pub struct Produced {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub redact_map: Option<RedactMap>,
}

/// Builds the report (redacting first when `options.redacted`) and renders it as `format`.
pub fn produce(inputs: Inputs, format: Format) -> anyhow::Result<Produced> {
    let chromium = match format {
        // Found before any work, so a missing Chromium fails at once.
        Format::Pdf => Some(pdf::find_chromium(inputs.chromium.as_deref())?),
        _ => None,
    };
    let (redacted, redact_map) = if inputs.options.redacted {
        let (snapshot, map) = redact(inputs.snapshot, inputs.assumptions, inputs.catalog);
        (Some(snapshot), Some(map))
    } else {
        (None, None)
    };
    let snapshot = redacted.as_ref().unwrap_or(inputs.snapshot);
    let report = build(
        snapshot,
        inputs.assumptions,
        inputs.catalog,
        inputs.price_overrides,
        &inputs.options,
    );
    let bytes = match format {
        Format::Html => html::render(&report).into_bytes(),
        Format::Pdf => pdf::print(
            &html::render(&report),
            chromium.as_deref().expect("found above"),
        )?,
        Format::Csv => csv::render(&report),
        Format::Json => json::render(&report),
        Format::Md => markdown::render(&report),
    };
    Ok(Produced {
        bytes,
        file_name: file_name(&report, format),
        redact_map,
    })
}

/// `berth-review-<account, or "redacted">-<window start date>.<ext>`, sanitised.
pub fn file_name(report: &Report, format: Format) -> String {
    let account = if report.meta.redacted {
        "redacted".to_string()
    } else {
        report
            .meta
            .accounts
            .first()
            .cloned()
            .unwrap_or_else(|| report.meta.source_kind.clone())
    };
    let account = Some(text::file_name_part(&account))
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "fleet".to_string());
    text::file_name(&format!(
        "berth-review-{account}-{}.{}",
        text::file_name_part(report.window_start_date()),
        format.extension()
    ))
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place, so a failed
/// write never leaves half a file; `-` is stdout.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        return Ok(stdout.flush()?);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".berth-report-").suffix(".partial");
    // Like any new file (0666 less the umask), not tempfile's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Now, to the second, RFC 3339 UTC (the report's "generated at").
pub fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    berth_app::engine::time::format_rfc3339(seconds)
}
