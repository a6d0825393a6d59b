//! The snapshots page's data: the stored snapshots, the collection's status and the comparison
//! of two snapshots. The same types are what the server's JSON routes (`/api/snapshots`,
//! `/api/collect`, `/api/compare`) return, so scripts and the page agree.

use serde::{Deserialize, Serialize};

use crate::engine::compare::Comparison;
use crate::engine::snapshot::Snapshot;

/// One stored snapshot's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotItem {
    pub id: i64,
    /// When it was stored, RFC 3339 UTC.
    pub stored_at: String,
    /// `demo`, `aws` or `import`.
    pub source_kind: String,
    pub label: String,
    pub account_id: Option<String>,
    pub regions: Vec<String>,
    pub window_start: String,
    pub window_hours: u32,
    pub functions: u32,
    /// Stored size (the compact layout as stored), bytes.
    pub bytes: u64,
}

impl SnapshotItem {
    /// The summary of a snapshot read from a file rather than the store (a report of a file):
    /// `id` as given, nothing stored, so `stored_at` is empty and `bytes` 0.
    pub fn unstored(id: i64, snapshot: &Snapshot) -> SnapshotItem {
        SnapshotItem {
            id,
            stored_at: String::new(),
            source_kind: snapshot.source.kind.as_str().to_string(),
            label: snapshot.source.label.clone(),
            account_id: snapshot.source.account_id.clone(),
            regions: snapshot.covered_regions(),
            window_start: snapshot.window.start.clone(),
            window_hours: snapshot.window.hours,
            functions: snapshot.functions.len() as u32,
            bytes: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectState {
    /// No collection since the server started.
    Idle,
    Running,
    Done,
    Failed,
}

impl CollectState {
    /// The name in JSON (serde's): `idle`, `running`, `done`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            CollectState::Idle => "idle",
            CollectState::Running => "running",
            CollectState::Done => "done",
            CollectState::Failed => "failed",
        }
    }
}

/// One phase of a collection (`functions`, `metrics`, `cold starts`, `costs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseProgress {
    pub phase: String,
    pub done: u64,
    pub total: u64,
    pub finished: bool,
}

/// The dashboard's collection: what it was asked, how far it is, how it ended. Sent whole on
/// every change (it is small), so a page that connects late still sees everything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectStatus {
    pub state: CollectState,
    pub started_at: Option<String>,
    pub regions: Vec<String>,
    pub days: u32,
    pub phases: Vec<PhaseProgress>,
    /// One line per listed region: the planned calls per quota bucket and the time at the
    /// quotas (`berth_collect::plan::describe_plan`).
    #[serde(default)]
    pub plans: Vec<String>,
    /// The collection's warnings so far (the first 50; `warning_count` counts them all).
    pub warnings: Vec<String>,
    pub warning_count: usize,
    /// The stored snapshot, once done.
    pub snapshot_id: Option<i64>,
    pub functions: Option<usize>,
    /// Why it failed, for people.
    pub error: Option<String>,
}

impl CollectStatus {
    /// What `role` may see: the collector's AWS error detail and warnings (account names,
    /// policies, SDK error chains) are for admins; viewers learn that it failed and how many
    /// warnings there were.
    pub fn as_seen_by(mut self, role: super::Role) -> CollectStatus {
        if role != super::Role::Admin {
            if self.error.is_some() {
                self.error = Some("the collection failed; an admin can see why".into());
            }
            self.warnings.clear();
        }
        self
    }

    pub fn idle() -> CollectStatus {
        CollectStatus {
            state: CollectState::Idle,
            started_at: None,
            regions: Vec::new(),
            days: 0,
            phases: Vec::new(),
            plans: Vec::new(),
            warnings: Vec::new(),
            warning_count: 0,
            snapshot_id: None,
            functions: None,
            error: None,
        }
    }
}

/// Everything the snapshots page shows before a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotsView {
    /// Newest first; the first is the current one (the fleet pages show it).
    pub snapshots: Vec<SnapshotItem>,
    pub max_upload_bytes: u64,
    pub collect: CollectStatus,
    /// The longest collection, in days (CloudWatch's retention of hourly data).
    pub collect_max_days: u32,
    /// What a collection costs, for the collect panel (from the collector's own figures).
    pub collect_cost_note: String,
}

/// Two snapshots and what changed between them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareView {
    pub before: SnapshotItem,
    pub after: SnapshotItem,
    pub comparison: Comparison,
    /// Analysis warnings of both snapshots (counted; the fleet page lists them).
    pub warnings: usize,
    /// The month the figures are normalised to (the `hours_per_month` assumption).
    pub hours_per_month: f64,
}
