use super::*;
use berth_app::engine::demo::{generate, DemoConfig};

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
