use super::*;
use berth_engine::demo::{generate, DemoConfig};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("berth.db")).unwrap();
    (dir, store)
}

#[test]
fn snapshots_round_trip_and_list_newest_first() {
    let (_dir, store) = store();
    assert_eq!(store.latest_snapshot_id().unwrap(), None);
    let first = generate(&DemoConfig {
        functions: 9,
        days: 2,
        seed: 1,
    });
    let second = generate(&DemoConfig {
        functions: 12,
        days: 3,
        seed: 2,
    });
    let first_id = store.insert_snapshot(&first).unwrap();
    let second_id = store.insert_snapshot(&second).unwrap();
    assert_eq!(store.snapshot(first_id).unwrap().unwrap(), first);
    assert_eq!(store.snapshot(second_id).unwrap().unwrap(), second);
    assert_eq!(store.latest_snapshot_id().unwrap(), Some(second_id));
    let list = store.list_snapshots().unwrap();
    assert_eq!(
        list.iter()
            .map(|r| (r.id, r.functions, r.window_hours))
            .collect::<Vec<_>>(),
        [(second_id, 12, 72), (first_id, 9, 48)]
    );
    assert_eq!(store.snapshot(999).unwrap(), None);
}

#[test]
fn demo_is_loaded_only_into_an_empty_store_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berth.db");
    let store = Store::open(&path).unwrap();
    assert!(store.load_demo_if_empty().unwrap());
    assert!(!store.load_demo_if_empty().unwrap());
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.snapshot_count().unwrap(), 1);
    let id = reopened.latest_snapshot_id().unwrap().unwrap();
    assert_eq!(
        reopened.snapshot(id).unwrap().unwrap(),
        generate(&DemoConfig::default())
    );
}

#[test]
fn a_newer_schema_is_refused_without_touching_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berth.db");
    drop(Store::open(&path).unwrap());
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    let error = Store::open(&path).err().unwrap();
    assert!(
        error.to_string().contains("newer schema (version 99)"),
        "{error}"
    );
}

#[test]
fn delete_makes_the_previous_snapshot_current_and_ids_are_never_reused() {
    let (_dir, store) = store();
    let demo = |seed| {
        generate(&DemoConfig {
            functions: 4,
            days: 1,
            seed,
        })
    };
    let first = store.insert_snapshot(&demo(1)).unwrap();
    let second = store.insert_snapshot(&demo(2)).unwrap();
    assert!(store.delete_snapshot(second).unwrap());
    assert!(!store.delete_snapshot(second).unwrap(), "already gone");
    assert_eq!(store.latest_snapshot_id().unwrap(), Some(first));
    assert_eq!(store.snapshot(second).unwrap(), None);
    // A new snapshot gets a new id, so nothing keyed by the deleted id can mistake it.
    let third = store.insert_snapshot(&demo(3)).unwrap();
    assert!(third > second, "{third} > {second}");
    assert_eq!(
        store
            .list_snapshots()
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        [third, first]
    );
}

#[test]
fn records_carry_regions_and_the_stored_size() {
    let (_dir, store) = store();
    let snapshot = generate(&DemoConfig {
        functions: 20,
        days: 1,
        seed: 5,
    });
    let id = store.insert_snapshot(&snapshot).unwrap();
    let record = store.snapshot_item(id).unwrap().unwrap();
    assert_eq!(record.regions, snapshot.covered_regions());
    assert!(!record.regions.is_empty());
    assert_eq!(record.bytes, compact::encode(&snapshot).len() as u64);
    assert_eq!(store.snapshot_item(id + 1).unwrap(), None);
}

#[test]
fn a_version_1_database_is_migrated_and_its_regions_read_from_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berth.db");
    let snapshot = generate(&DemoConfig {
        functions: 6,
        days: 1,
        seed: 8,
    });
    // A database as berth wrote it before migration 2.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, stored_at TEXT NOT NULL,
                format TEXT NOT NULL, source_kind TEXT NOT NULL, label TEXT NOT NULL,
                account_id TEXT, window_start TEXT NOT NULL, window_hours INTEGER NOT NULL,
                functions INTEGER NOT NULL, body BLOB NOT NULL);
             CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    connection
        .execute(
            "INSERT INTO snapshots VALUES (7, '2026-11-01T00:00:00Z', ?1, 'demo', 'old', NULL,
                ?2, ?3, 6, ?4)",
            params![
                snapshot.format,
                snapshot.window.start,
                snapshot.window.hours,
                crate::snapshot_file::gzip(&snapshot.to_json())
            ],
        )
        .unwrap();
    drop(connection);
    let store = Store::open(&path).unwrap();
    let list = store.list_snapshots().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, 7);
    assert_eq!(list[0].regions, snapshot.covered_regions());
    assert_eq!(store.snapshot(7).unwrap().unwrap(), snapshot);
    // Rewritten function by function (migration 3), the stored size with it.
    assert_eq!(
        store.function(7, 5).unwrap().unwrap(),
        snapshot.functions[5]
    );
    assert_eq!(list[0].bytes, compact::encode(&snapshot).len() as u64);
    // The id sequence continues after the migrated rows.
    assert_eq!(store.insert_snapshot(&snapshot).unwrap(), 8);
}

#[test]
fn a_snapshot_reads_function_by_function_and_one_function_alone() {
    let (_dir, store) = store();
    let snapshot = generate(&DemoConfig {
        functions: 15,
        days: 2,
        seed: 3,
    });
    let id = store.insert_snapshot(&snapshot).unwrap();
    let (head, functions) = store
        .with_functions(id, |head, functions| {
            (head.clone(), functions.collect::<Vec<_>>())
        })
        .unwrap()
        .unwrap();
    assert!(head.functions.is_empty());
    assert_eq!(head.window, snapshot.window);
    assert_eq!(functions, snapshot.functions);
    // Stopping early reads no further and is no error.
    let first = store
        .with_functions(id, |_, functions| functions.next())
        .unwrap()
        .unwrap();
    assert_eq!(first.as_ref(), snapshot.functions.first());
    assert_eq!(
        store.function(id, 14).unwrap().unwrap(),
        snapshot.functions[14]
    );
    assert_eq!(store.function(id, 15).unwrap(), None);
    assert_eq!(store.function(id + 1, 0).unwrap(), None);
    // A deleted snapshot's functions go with it.
    assert!(store.delete_snapshot(id).unwrap());
    assert_eq!(store.function(id, 0).unwrap(), None);
    let rows: i64 = store
        .pool
        .get()
        .unwrap()
        .query_row("SELECT count(*) FROM snapshot_functions", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_damaged_function_record_is_a_corrupt_snapshot_not_a_panic() {
    let (_dir, store) = store();
    let snapshot = generate(&DemoConfig {
        functions: 4,
        days: 1,
        seed: 4,
    });
    let id = store.insert_snapshot(&snapshot).unwrap();
    store
        .pool
        .get()
        .unwrap()
        .execute(
            "UPDATE snapshot_functions SET record = substr(record, 1, 20) WHERE position = 2",
            [],
        )
        .unwrap();
    let error = store.snapshot(id).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!("stored snapshot {id} is unreadable: ")),
        "{error}"
    );
    assert!(store.function(id, 2).is_err());
    assert_eq!(
        store.function(id, 1).unwrap().unwrap(),
        snapshot.functions[1]
    );
}
