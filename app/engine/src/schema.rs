//! The JSON Schema of snapshot format v1, generated from the types (`berth schema` prints it, the
//! server serves it at `/schema/snapshot-v1.json`).

use crate::snapshot::Snapshot;

/// The snapshot v1 JSON Schema (draft 2020-12).
pub fn snapshot_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Snapshot)).expect("a schema serializes");
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "Berth snapshot v1".into());
    }
    schema
}
