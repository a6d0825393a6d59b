//! Snapshot files on disk: plain or gzipped JSON, told apart by content, not by name.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use berth_engine::snapshot::Snapshot;
use flate2::{read::GzDecoder, write::GzEncoder, Compression};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decodes snapshot bytes, gunzipping them first when they are gzip.
pub fn decode(bytes: &[u8]) -> anyhow::Result<Snapshot> {
    if bytes.starts_with(&GZIP_MAGIC) {
        // The gzip trailer holds the size (mod 4 GiB): reserve it, so a large snapshot is not
        // copied again and again as the buffer doubles.
        let size = bytes
            .last_chunk::<4>()
            .map_or(0, |size| u32::from_le_bytes(*size) as usize);
        // Capped: the trailer is the file's word, not a fact.
        let mut json = Vec::with_capacity(size.min(bytes.len().saturating_mul(64)));
        GzDecoder::new(bytes)
            .read_to_end(&mut json)
            .context("the file looks gzipped but does not decompress")?;
        return Ok(Snapshot::from_json(&json)?);
    }
    // Plain JSON is parsed where it lies (an upload's bytes are not copied again).
    Ok(Snapshot::from_json(bytes)?)
}

pub fn read(path: &Path) -> anyhow::Result<Snapshot> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    decode(&bytes).with_context(|| format!("{} is not a valid snapshot", path.display()))
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Writes `snapshot` to `path` (gzipped when the name ends in `.gz`), or to stdout for `-`.
pub fn write(path: &Path, snapshot: &Snapshot) -> anyhow::Result<()> {
    let json = snapshot.to_json();
    if path == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&json)?;
        return Ok(stdout.flush()?);
    }
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        gzip(&json)
    } else {
        json
    };
    // Write beside the target and rename, so an interrupted write never leaves half a file.
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}
