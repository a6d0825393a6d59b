//! Schema migrations, applied in order; `PRAGMA user_version` counts the applied ones.
//! Append new steps, never edit a shipped one.

use r2d2_sqlite::rusqlite::Connection;

use super::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: snapshots stored whole (gzipped JSON) beside their summary; settings as key/value.
    "CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        stored_at TEXT NOT NULL,
        format TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        label TEXT NOT NULL,
        account_id TEXT,
        window_start TEXT NOT NULL,
        window_hours INTEGER NOT NULL,
        functions INTEGER NOT NULL,
        body BLOB NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2: ids are never reused (AUTOINCREMENT), so a deleted snapshot's id never names another
    // one in a cache, a link or a script; `regions` (comma-separated) for the snapshots list,
    // NULL for rows stored before it until `Store::list_snapshots` fills it from the body.
    "CREATE TABLE snapshots_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        stored_at TEXT NOT NULL,
        format TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        label TEXT NOT NULL,
        account_id TEXT,
        window_start TEXT NOT NULL,
        window_hours INTEGER NOT NULL,
        functions INTEGER NOT NULL,
        body BLOB NOT NULL,
        regions TEXT
    );
    INSERT INTO snapshots_v2 (id, stored_at, format, source_kind, label, account_id,
        window_start, window_hours, functions, body)
    SELECT id, stored_at, format, source_kind, label, account_id, window_start, window_hours,
        functions, body FROM snapshots;
    DROP TABLE snapshots;
    ALTER TABLE snapshots_v2 RENAME TO snapshots;",
    // 3: series per function. A snapshot's body is the head of the compact layout
    // (`berth_engine::compact`: the snapshot without functions) and each function's compact
    // record is a row here, so the server analyses a snapshot while reading it and reads one
    // function's series when its page asks. `stored_bytes` is the snapshot's size in the compact
    // layout. Rows stored before (gzipped JSON bodies) are rewritten so by `Store::open`.
    "CREATE TABLE snapshot_functions (
        snapshot_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        record BLOB NOT NULL,
        PRIMARY KEY (snapshot_id, position)
    );
    CREATE UNIQUE INDEX snapshot_function_names ON snapshot_functions (snapshot_id, region, name);
    ALTER TABLE snapshots ADD COLUMN stored_bytes INTEGER;",
];

pub fn apply(connection: &mut Connection) -> Result<(), StoreError> {
    let applied: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(StoreError::NewerSchema {
            found: applied,
            known,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        transaction.commit()?;
    }
    Ok(())
}
