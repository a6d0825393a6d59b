//! The SQLite store (embedded default): snapshots and settings, behind a connection pool.
//!
//! A snapshot is stored in the compact layout (`berth_engine::compact`): its head as the
//! `snapshots` row's body beside the summary columns, each function's record as a row of
//! `snapshot_functions`, all in one transaction, so an interrupted write leaves the earlier ones
//! intact. So a snapshot can be analysed while it is read ([`Store::with_functions`]) and one
//! function read alone ([`Store::function`]). Snapshots stored whole as gzipped JSON before
//! migration 3 are rewritten so when the database is opened.

mod migrations;
mod settings;

use std::path::Path;

use berth_app::views::SnapshotItem;
use berth_engine::compact;
use berth_engine::demo::{generate, DemoConfig};
use berth_engine::snapshot::{Function, Snapshot};
use r2d2_sqlite::rusqlite::{self, params, OptionalExtension};
use r2d2_sqlite::SqliteConnectionManager;

use crate::snapshot_file;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("the database holds a newer schema (version {found}) than this berth knows ({known}): upgrade berth")]
    NewerSchema { found: i64, known: i64 },
    #[error("stored snapshot {id} is unreadable: {reason}")]
    Corrupt { id: i64, reason: String },
}

/// How a snapshot body is stored: gzip at its fastest level. Storing is what an import or a
/// collection waits for, and the default level took about 4× as long for 19 % less (40 MB of
/// JSON, 1,000 functions × 30 days: 2.8 s against 0.7 s of CPU). Any level reads back the same.
pub fn compress(json: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(json)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

const RECORD_COLUMNS: &str = "id, stored_at, source_kind, label, account_id, regions, \
    window_start, window_hours, functions, coalesce(stored_bytes, length(body))";

/// A row of `RECORD_COLUMNS`; `regions` stays NULL (`None`) for rows stored before migration 2.
fn record(row: &rusqlite::Row) -> rusqlite::Result<(SnapshotItem, bool)> {
    let regions: Option<String> = row.get(5)?;
    let known = regions.is_some();
    let record = SnapshotItem {
        id: row.get(0)?,
        stored_at: row.get(1)?,
        source_kind: row.get(2)?,
        label: row.get(3)?,
        account_id: row.get(4)?,
        regions: regions
            .unwrap_or_default()
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        window_start: row.get(6)?,
        window_hours: row.get(7)?,
        functions: row.get(8)?,
        bytes: row.get::<_, i64>(9)? as u64,
    };
    Ok((record, known))
}

#[derive(Clone)]
pub struct Store {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // One direct connection first: a bad path fails at once with SQLite's reason, instead
        // of after the pool's connection timeout; it also applies the migrations.
        let mut connection =
            rusqlite::Connection::open(path).map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?;
        migrations::apply(&mut connection)?;
        convert_whole_bodies(&mut connection)?;
        drop(connection);
        let manager = SqliteConnectionManager::file(path).with_init(|connection| {
            // WAL lets readers go on while a collection writes; the timeout rides out short locks,
            // and comes first: the pragmas themselves can meet a lock while another connection
            // writes (r2d2 logged "database is locked" when they ran without it).
            connection.busy_timeout(std::time::Duration::from_secs(5))?;
            connection.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
        });
        let pool = r2d2::Pool::builder().max_size(8).build(manager)?;
        Ok(Store { pool })
    }

    /// Stores a snapshot and returns its id.
    pub fn insert_snapshot(&self, snapshot: &Snapshot) -> Result<i64, StoreError> {
        let mut connection = self.pool.get()?;
        crash_test_pause("before");
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO snapshots (stored_at, format, source_kind, label, account_id,
                 window_start, window_hours, functions, body, regions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, x'', ?9)",
            params![
                now_rfc3339(),
                snapshot.format,
                snapshot.source.kind.as_str().to_string(),
                snapshot.source.label,
                snapshot.source.account_id,
                snapshot.window.start,
                snapshot.window.hours,
                snapshot.functions.len() as i64,
                snapshot.covered_regions().join(","),
            ],
        )?;
        let id = transaction.last_insert_rowid();
        write_layout(&transaction, id, snapshot)?;
        crash_test_pause("inside");
        transaction.commit()?;
        crash_test_pause("after");
        Ok(id)
    }

    /// Loads the built-in demo fleet when the store holds no snapshot. True when it did.
    pub fn load_demo_if_empty(&self) -> Result<bool, StoreError> {
        if self.snapshot_count()? > 0 {
            return Ok(false);
        }
        self.insert_snapshot(&generate(&DemoConfig::default()))?;
        Ok(true)
    }

    /// Folds the write-ahead log into the database file (at shutdown: the file alone is then
    /// the whole database, e.g. for a backup copy of the volume).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        let connection = self.pool.get()?;
        connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn snapshot_count(&self) -> Result<i64, StoreError> {
        let connection = self.pool.get()?;
        Ok(connection.query_row("SELECT count(*) FROM snapshots", [], |row| row.get(0))?)
    }

    /// Id of the newest snapshot.
    pub fn latest_snapshot_id(&self) -> Result<Option<i64>, StoreError> {
        let connection = self.pool.get()?;
        // Asked by nearly every request: the statement is kept prepared per connection.
        let mut statement = connection.prepare_cached("SELECT max(id) FROM snapshots")?;
        Ok(statement
            .query_row([], |row| row.get(0))
            .optional()?
            .flatten())
    }

    /// A whole stored snapshot, every series included.
    pub fn snapshot(&self, id: i64) -> Result<Option<Snapshot>, StoreError> {
        self.with_functions(id, |head, functions| {
            let mut snapshot = head.clone();
            snapshot.functions = functions.collect();
            snapshot
        })
    }

    /// `read(head, functions)` over a stored snapshot read function by function: `head` is the
    /// snapshot without its functions, `functions` yields them in order, each decoded as it is
    /// reached (so a fleet's series need not all be in memory). A record that does not decode
    /// ends the iteration and makes the result [`StoreError::Corrupt`].
    pub fn with_functions<T>(
        &self,
        id: i64,
        read: impl FnOnce(&Snapshot, &mut dyn Iterator<Item = Function>) -> T,
    ) -> Result<Option<T>, StoreError> {
        let connection = self.pool.get()?;
        let body: Option<Vec<u8>> = connection
            .query_row("SELECT body FROM snapshots WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        let Some(body) = body else {
            return Ok(None);
        };
        let corrupt = |reason: String| StoreError::Corrupt { id, reason };
        if !compact::is_compact(&body) {
            // Gzipped JSON that could not be rewritten when the database was opened.
            let mut snapshot =
                snapshot_file::decode(&body).map_err(|e| corrupt(format!("{e:#}")))?;
            let functions = std::mem::take(&mut snapshot.functions);
            return Ok(Some(read(&snapshot, &mut functions.into_iter())));
        }
        let (head, _count) = decode_head(&body).map_err(|e| corrupt(e.to_string()))?;
        let hours = head.window.hours as usize;
        let mut statement = connection.prepare(
            "SELECT record FROM snapshot_functions WHERE snapshot_id = ?1 ORDER BY position",
        )?;
        let mut rows = statement.query([id])?;
        let mut problem: Option<StoreError> = None;
        let mut functions = std::iter::from_fn(|| {
            if problem.is_some() {
                return None;
            }
            let row = match rows.next() {
                Ok(row) => row?,
                Err(error) => {
                    problem = Some(error.into());
                    return None;
                }
            };
            let record = match row.get_ref(0).map(|value| value.as_blob()) {
                Ok(Ok(record)) => record,
                Ok(Err(error)) => {
                    problem = Some(corrupt(error.to_string()));
                    return None;
                }
                Err(error) => {
                    problem = Some(error.into());
                    return None;
                }
            };
            match compact::decode_function(record, hours) {
                Ok(function) => Some(function),
                Err(error) => {
                    problem = Some(corrupt(error.to_string()));
                    None
                }
            }
        });
        // Whatever `read` leaves unread is read no further.
        let result = read(&head, &mut functions);
        if let Some(problem) = problem {
            return Err(problem);
        }
        Ok(Some(result))
    }

    /// One function of a stored snapshot, its series included; `None` when there is none at
    /// that `position` (its index in the snapshot's functions).
    pub fn function(&self, id: i64, position: usize) -> Result<Option<Function>, StoreError> {
        let connection = self.pool.get()?;
        let row: Option<(Vec<u8>, u32)> = connection
            .prepare_cached(
                "SELECT f.record, s.window_hours FROM snapshot_functions f
                 JOIN snapshots s ON s.id = f.snapshot_id
                 WHERE f.snapshot_id = ?1 AND f.position = ?2",
            )?
            .query_row(params![id, position as i64], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        row.map(|(record, hours)| {
            compact::decode_function(&record, hours as usize).map_err(|error| StoreError::Corrupt {
                id,
                reason: error.to_string(),
            })
        })
        .transpose()
    }

    /// Every snapshot's summary, newest first.
    pub fn list_snapshots(&self) -> Result<Vec<SnapshotItem>, StoreError> {
        let connection = self.pool.get()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {RECORD_COLUMNS} FROM snapshots ORDER BY id DESC"
        ))?;
        let rows = statement
            .query_map([], record)?
            .collect::<Result<Vec<_>, _>>()?;
        drop(statement);
        drop(connection);
        rows.into_iter()
            .map(|(record, known)| {
                if known {
                    Ok(record)
                } else {
                    self.fill_regions(record)
                }
            })
            .collect()
    }

    /// One snapshot's summary.
    pub fn snapshot_item(&self, id: i64) -> Result<Option<SnapshotItem>, StoreError> {
        let connection = self.pool.get()?;
        let row = connection
            .query_row(
                &format!("SELECT {RECORD_COLUMNS} FROM snapshots WHERE id = ?1"),
                [id],
                record,
            )
            .optional()?;
        drop(connection);
        match row {
            None => Ok(None),
            Some((record, true)) => Ok(Some(record)),
            Some((record, false)) => self.fill_regions(record).map(Some),
        }
    }

    /// Reads the regions of a snapshot stored before migration 2 from its body, once.
    fn fill_regions(&self, mut record: SnapshotItem) -> Result<SnapshotItem, StoreError> {
        let Some(snapshot) = self.snapshot(record.id)? else {
            return Ok(record);
        };
        record.regions = snapshot.covered_regions();
        self.pool.get()?.execute(
            "UPDATE snapshots SET regions = ?1 WHERE id = ?2",
            params![record.regions.join(","), record.id],
        )?;
        Ok(record)
    }

    /// Deletes a snapshot; false when there was none with that id. The next newest becomes the
    /// current one; ids are never reused (migration 2).
    pub fn delete_snapshot(&self, id: i64) -> Result<bool, StoreError> {
        let mut connection = self.pool.get()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "DELETE FROM snapshot_functions WHERE snapshot_id = ?1",
            [id],
        )?;
        let deleted = transaction.execute("DELETE FROM snapshots WHERE id = ?1", [id])? > 0;
        transaction.commit()?;
        Ok(deleted)
    }
}

/// Writes snapshot `id`'s compact layout: its head as the body, its functions' records as rows.
fn write_layout(
    transaction: &rusqlite::Transaction,
    id: i64,
    snapshot: &Snapshot,
) -> Result<(), StoreError> {
    let mut head = Vec::new();
    compact::encode_head(snapshot, snapshot.functions.len(), &mut head);
    let mut stored = head.len();
    let mut insert = transaction.prepare(
        "INSERT INTO snapshot_functions (snapshot_id, position, region, name, record)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut record = Vec::new();
    for (position, function) in snapshot.functions.iter().enumerate() {
        record.clear();
        compact::encode_function(function, &mut record);
        stored += record.len();
        // The record without its length prefix (the row knows its length).
        insert.execute(params![
            id,
            position as i64,
            function.region,
            function.name,
            &record[4..]
        ])?;
    }
    transaction.execute(
        "UPDATE snapshots SET body = ?1, stored_bytes = ?2 WHERE id = ?3",
        params![head, stored as i64, id],
    )?;
    Ok(())
}

/// The head of a stored body (the compact layout's preamble, head and count).
fn decode_head(body: &[u8]) -> Result<(Snapshot, usize), berth_engine::snapshot::SnapshotError> {
    compact::check_preamble(body)?;
    let mut rest = &body[compact::PREAMBLE_LEN..];
    let length = compact::take_u32(&mut rest, "the head")?;
    if rest.len() < length {
        return Err(berth_engine::snapshot::SnapshotError::Parse(
            "compact snapshot: the file ends inside the head".into(),
        ));
    }
    let (json, mut rest) = rest.split_at(length);
    let head = compact::decode_head(json)?;
    let count = compact::take_u32(&mut rest, "the function count")?;
    Ok((head, count))
}

/// Rewrites snapshots stored whole as gzipped JSON (before migration 3) in the compact layout,
/// one transaction each, so every snapshot reads function by function. A body that does not
/// decode is left as it was (reading it names the problem, as before).
fn convert_whole_bodies(connection: &mut rusqlite::Connection) -> Result<(), StoreError> {
    let ids: Vec<i64> = connection
        .prepare("SELECT id FROM snapshots WHERE substr(body, 1, 8) != CAST('BERTHSNP' AS BLOB)")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        let body: Vec<u8> =
            connection.query_row("SELECT body FROM snapshots WHERE id = ?1", [id], |row| {
                row.get(0)
            })?;
        let Ok(snapshot) = snapshot_file::decode(&body) else {
            tracing::warn!("stored snapshot {id} does not decode; left as it was");
            continue;
        };
        drop(body);
        let transaction = connection.transaction()?;
        transaction.execute(
            "DELETE FROM snapshot_functions WHERE snapshot_id = ?1",
            [id],
        )?;
        write_layout(&transaction, id, &snapshot)?;
        transaction.execute(
            "UPDATE snapshots SET regions = coalesce(regions, ?1) WHERE id = ?2",
            params![snapshot.covered_regions().join(","), id],
        )?;
        transaction.commit()?;
    }
    Ok(())
}

fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    berth_engine::time::format_rfc3339(seconds)
}

/// A hook for the crash tests (`tests/crash.rs`): with `BERTH_CRASH_TEST_PAUSE=POINT:MS`,
/// storing a snapshot stops at POINT — `before` its transaction, `inside` it (the row written,
/// not committed), `after` the commit — says `crash-test pause: POINT` on stderr and sleeps MS
/// milliseconds, so a `kill -9` lands exactly there. Unset, as everywhere but those tests, it
/// does nothing.
fn crash_test_pause(point: &str) {
    let Some(setting) = std::env::var_os("BERTH_CRASH_TEST_PAUSE") else {
        return;
    };
    let setting = setting.to_string_lossy();
    let Some((at, ms)) = setting.split_once(':') else {
        return;
    };
    let Ok(ms) = ms.parse::<u64>() else {
        return;
    };
    if at == point {
        eprintln!("crash-test pause: {point}");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests;
