//! Snapshot files on disk: JSON or the compact layout (`berth_engine::compact`), plain or
//! gzipped, told apart by content, not by name.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use anyhow::Context;
use berth_engine::compact;
use berth_engine::snapshot::{validate_function, Function, Snapshot};
use flate2::{read::GzDecoder, write::GzEncoder, Compression};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decodes snapshot bytes (JSON or compact), gunzipping them first when they are gzip.
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
        return decode_plain(&json);
    }
    // Plain bytes are parsed where they lie (an upload's bytes are not copied again).
    decode_plain(bytes)
}

/// JSON, or the compact layout when the bytes start with its magic.
fn decode_plain(bytes: &[u8]) -> anyhow::Result<Snapshot> {
    if compact::is_compact(bytes) {
        return Ok(compact::decode(bytes)?);
    }
    Ok(Snapshot::from_json(bytes)?)
}

/// Whether `path` names a compact snapshot file (`.bsnp`, or `.bsnp.gz` gzipped).
pub fn is_compact_name(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".bsnp") || name.ends_with(".bsnp.gz")
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

/// Writes `snapshot` to `path` (in the compact layout when the name ends in `.bsnp` or
/// `.bsnp.gz`, else JSON; gzipped when it ends in `.gz`), or as JSON to stdout for `-`.
pub fn write(path: &Path, snapshot: &Snapshot) -> anyhow::Result<()> {
    if path != Path::new("-") && is_compact_name(path) {
        return write_compact(
            path,
            snapshot,
            snapshot.functions.len(),
            &snapshot.functions,
        );
    }
    let json = snapshot.to_json();
    if path == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&json)?;
        return Ok(stdout.flush()?);
    }
    write_whole(path, |out| out.write_all(&json))
}

/// Writes a snapshot in the compact layout to `path` (gzipped when it ends in `.gz`) as its
/// `count` functions come: `head`'s own functions are not written, and only one function's
/// record is in memory at a time.
pub fn write_compact<F: std::borrow::Borrow<Function>>(
    path: &Path,
    head: &Snapshot,
    count: usize,
    functions: impl IntoIterator<Item = F>,
) -> anyhow::Result<()> {
    write_whole(path, |out| {
        let mut record = Vec::new();
        compact::encode_head(head, count, &mut record);
        out.write_all(&record)?;
        let mut written = 0;
        for function in functions {
            record.clear();
            compact::encode_function(function.borrow(), &mut record);
            out.write_all(&record)?;
            written += 1;
        }
        assert_eq!(written, count, "the head announces every function written");
        Ok(())
    })
}

/// Writes `path` through `write` (gzipped when the name ends in `.gz`), beside the target and
/// renamed, so an interrupted write never leaves half a file.
fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let written = if path.extension().is_some_and(|e| e == "gz") {
        let mut encoder = GzEncoder::new(&mut out, Compression::default());
        write(&mut encoder).and_then(|()| encoder.finish().map(drop))
    } else {
        write(&mut out)
    };
    written
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write {}", partial.display()))?;
    drop(out);
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

/// A compact snapshot file read function by function (see [`stream`]): each function is
/// decoded and validated as it is reached. The first problem ends the iteration; [`finish`]
/// returns it.
///
/// [`finish`]: CompactStream::finish
pub struct CompactStream {
    reader: Box<dyn BufRead>,
    path: String,
    remaining: usize,
    hours: usize,
    seen: HashSet<String>,
    record: Vec<u8>,
    error: Option<anyhow::Error>,
}

impl CompactStream {
    fn read_record(&mut self) -> anyhow::Result<Function> {
        let mut length = [0; 4];
        self.reader
            .read_exact(&mut length)
            .context("compact snapshot: the file ends inside a function record")?;
        let length = u32::from_le_bytes(length) as usize;
        self.record.clear();
        // Read through `take`, so a wrong length cannot reserve gigabytes up front.
        let read = (&mut self.reader)
            .take(length as u64)
            .read_to_end(&mut self.record)?;
        if read < length {
            anyhow::bail!("compact snapshot: the file ends inside a function record");
        }
        let function = compact::decode_function(&self.record, self.hours)?;
        validate_function(&function, self.hours, &mut self.seen)?;
        Ok(function)
    }

    /// Whether the whole file was read and valid: the first problem met, naming the file.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if self.error.is_none() && self.remaining == 0 {
            let mut byte = [0; 1];
            match self.reader.read(&mut byte) {
                Ok(0) => {}
                Ok(_) => {
                    self.error = Some(anyhow::anyhow!(
                        "compact snapshot: bytes follow the last function"
                    ))
                }
                Err(error) => self.error = Some(error.into()),
            }
        }
        match self.error {
            None => Ok(()),
            Some(error) => Err(error.context(format!("{} is not a valid snapshot", self.path))),
        }
    }
}

impl Iterator for CompactStream {
    type Item = Function;

    fn next(&mut self) -> Option<Function> {
        if self.remaining == 0 || self.error.is_some() {
            return None;
        }
        match self.read_record() {
            Ok(function) => {
                self.remaining -= 1;
                Some(function)
            }
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }
}

/// Opens `path` for reading function by function when it is a compact snapshot (plain or
/// gzipped): its head (the snapshot without functions, validated) and the functions to come.
/// `None` for a JSON file, which [`read`] reads whole.
pub fn stream(path: &Path) -> anyhow::Result<Option<(Snapshot, CompactStream)>> {
    let open =
        || std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()));
    let mut file = BufReader::with_capacity(1 << 20, open()?);
    let gzipped = file
        .fill_buf()
        .with_context(|| format!("cannot read {}", path.display()))?
        .starts_with(&GZIP_MAGIC);
    let mut reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(file)
    };
    let invalid =
        |error: anyhow::Error| error.context(format!("{} is not a valid snapshot", path.display()));
    let start = reader.fill_buf().map_err(|e| invalid(e.into()))?;
    if !compact::is_compact(start) {
        return Ok(None);
    }
    let head = (|| -> anyhow::Result<(Snapshot, usize)> {
        let mut preamble = [0; compact::PREAMBLE_LEN];
        reader
            .read_exact(&mut preamble)
            .context("compact snapshot: the file ends inside the head")?;
        compact::check_preamble(&preamble)?;
        let mut length = [0; 4];
        reader
            .read_exact(&mut length)
            .context("compact snapshot: the file ends inside the head")?;
        let mut json = Vec::new();
        let length = u32::from_le_bytes(length) as u64;
        if (&mut reader).take(length).read_to_end(&mut json)? < length as usize {
            anyhow::bail!("compact snapshot: the file ends inside the head");
        }
        let head = compact::decode_head(&json)?;
        let mut count = [0; 4];
        reader
            .read_exact(&mut count)
            .context("compact snapshot: the file ends inside the function count")?;
        Ok((head, u32::from_le_bytes(count) as usize))
    })()
    .map_err(invalid)?;
    let (head, remaining) = head;
    let hours = head.window.hours as usize;
    Ok(Some((
        head,
        CompactStream {
            reader,
            path: path.display().to_string(),
            remaining,
            hours,
            seen: HashSet::new(),
            record: Vec::new(),
            error: None,
        },
    )))
}
