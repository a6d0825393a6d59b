//! `berth report`: a report for clients in one of five formats, from a snapshot file or a stored
//! snapshot, optionally redacted. Arguments are checked before any work; the file is written
//! whole or not at all (a temporary file renamed into place).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use berth_app::backend::Backend;
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::engine::snapshot::Snapshot;
use clap::Args;

use super::analyze::load_assumptions;
use crate::report::{self, Format, Inputs, ReportOptions};
use crate::snapshot_file;
use crate::store::Store;
use crate::web::ServerBackend;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Snapshot file (plain or gzipped JSON); without it, a stored snapshot (--snapshot)
    pub snapshot: Option<PathBuf>,
    /// html, pdf, csv, json or md
    #[arg(long, value_enum)]
    pub format: Format,
    /// Where to write the report; `-` is stdout (not for pdf)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Id of a stored snapshot (default: the newest), when no SNAPSHOT file is given
    #[arg(long = "snapshot", id = "snapshot_id", value_name = "ID")]
    pub snapshot_id: Option<i64>,
    /// SQLite database of the stored snapshots
    #[arg(long, env = "BERTH_DB", default_value = "berth.db")]
    pub db: PathBuf,
    /// Assumptions file (JSON, as for `berth analyze`); default: the database's saved set for a
    /// stored snapshot, the defaults for a file
    #[arg(long, value_name = "FILE")]
    pub assumptions: Option<PathBuf>,
    /// Price overrides file (JSON); default as for --assumptions
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Replace function names, ARNs, account ids, tag values and source labels with aliases
    #[arg(long)]
    pub redact: bool,
    /// With --redact: write the alias table (JSON) to FILE, for your own records
    #[arg(long, value_name = "FILE", requires = "redact")]
    pub redact_map: Option<PathBuf>,
    /// Title on the cover and in the running header
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Who the report is for (cover, confidentiality line)
    #[arg(long, value_name = "TEXT")]
    pub prepared_for: Option<String>,
    /// Who prepared it (cover)
    #[arg(long, value_name = "TEXT")]
    pub prepared_by: Option<String>,
    /// Function sections for the N biggest savings (every Move and Hybrid gets one too)
    #[arg(long, value_name = "N", default_value_t = report::DEFAULT_TOP)]
    pub top: usize,
    /// Chromium for --format pdf (default: BERTH_CHROMIUM, then `chromium` on PATH)
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
}

fn check_writable(path: &Path, what: &str) -> anyhow::Result<()> {
    if path == Path::new("-") {
        return Ok(());
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "cannot write {what} {}: {} is not a directory",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        bail!("cannot write {what} {}: it is a directory", path.display());
    }
    Ok(())
}

fn load_prices(path: &Path) -> anyhow::Result<(Catalog, serde_json::Value)> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read prices file {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("prices file {} is not JSON", path.display()))?;
    let catalog = Catalog::builtin()
        .with_overrides(&value)
        .with_context(|| format!("prices file {}", path.display()))?;
    Ok((catalog, value))
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    if args.format == Format::Pdf && args.out == Path::new("-") {
        bail!("--format pdf cannot go to stdout: give --out FILE");
    }
    if args.snapshot.is_some() && args.snapshot_id.is_some() {
        bail!("give a SNAPSHOT file or --snapshot ID, not both");
    }
    check_writable(&args.out, "the report")?;
    if let Some(map) = &args.redact_map {
        check_writable(map, "the redaction map")?;
        if map == &args.out {
            bail!("--redact-map and --out name the same file");
        }
    }
    if args.format == Format::Pdf {
        report::pdf::find_chromium(args.chromium.as_deref())?;
    }
    let mut assumptions = args
        .assumptions
        .as_deref()
        .map(|p| load_assumptions(Some(p)))
        .transpose()?;
    let mut prices = args.prices.as_deref().map(load_prices).transpose()?;

    let (snapshot, snapshot_id): (Snapshot, Option<i64>) = match &args.snapshot {
        Some(path) => (snapshot_file::read(path)?, None),
        None => {
            if !args.db.is_file() {
                bail!(
                    "no snapshot file given and no database at {}: pass SNAPSHOT, or --db PATH",
                    args.db.display()
                );
            }
            let store = Store::open(&args.db)?;
            let id = match args.snapshot_id {
                Some(id) => id,
                None => store.latest_snapshot_id()?.with_context(|| {
                    format!("the database {} holds no snapshot", args.db.display())
                })?,
            };
            let snapshot = store
                .snapshot(id)?
                .with_context(|| format!("there is no snapshot {id} in {}", args.db.display()))?;
            // The dashboard's saved set, unless the flags say otherwise.
            let saved = ServerBackend::new(store)
                .saved_assumptions()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if assumptions.is_none() {
                assumptions = Some(saved.assumptions.clone());
            }
            if prices.is_none() {
                if let Some(overrides) = &saved.price_overrides {
                    let catalog = Catalog::builtin()
                        .with_overrides(overrides)
                        .context("the database's saved price overrides")?;
                    prices = Some((catalog, overrides.clone()));
                }
            }
            (snapshot, Some(id))
        }
    };
    let assumptions = assumptions.unwrap_or_else(Assumptions::default);
    let (catalog, overrides) = match prices {
        Some((catalog, value)) => (catalog, Some(value)),
        None => (Catalog::builtin(), None),
    };
    let produced = report::produce(
        Inputs {
            snapshot: &snapshot,
            assumptions: &assumptions,
            catalog: &catalog,
            price_overrides: overrides.as_ref(),
            options: ReportOptions {
                title: args.title,
                prepared_for: args.prepared_for,
                prepared_by: args.prepared_by,
                top: args.top,
                redacted: args.redact,
                generated_at: report::now(),
                snapshot_id,
            },
            chromium: args.chromium,
        },
        args.format,
    )?;
    report::write_file(&args.out, &produced.bytes)?;
    if let (Some(path), Some(map)) = (&args.redact_map, &produced.redact_map) {
        let mut json = serde_json::to_vec_pretty(map)?;
        json.push(b'\n');
        report::write_file(path, &json)?;
    }
    if args.out != Path::new("-") {
        eprintln!(
            "wrote {} ({} bytes)",
            args.out.display(),
            produced.bytes.len()
        );
    }
    Ok(())
}
