//! How a collection reports what it is doing: the CLI draws bars, a web adapter streams events.

use berth_engine::snapshot::CollectionWarning;

use crate::plan::RegionPlan;

/// The phases of a collection, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// ListFunctions and the per-function Lambda calls (units: regions, then functions).
    Inventory,
    /// GetMetricData (units: planned calls).
    Metrics,
    /// Logs Insights queries (units: queries); only with cold starts on.
    ColdStarts,
    /// Cost Explorer requests.
    Costs,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Inventory => "functions",
            Phase::Metrics => "metrics",
            Phase::ColdStarts => "cold starts",
            Phase::Costs => "costs",
        }
    }
}

/// One thing that happened. Plain data, so an adapter can forward it (e.g. as server-sent events).
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A phase begins with `total` units of work (it may grow, see `Found`).
    PhaseStarted {
        phase: Phase,
        total: u64,
    },
    /// More work was found in a phase (e.g. the functions of a region).
    Found {
        phase: Phase,
        more: u64,
    },
    /// `by` units of the phase are done.
    Advanced {
        phase: Phase,
        by: u64,
    },
    PhaseFinished {
        phase: Phase,
    },
    /// A region is listed: the calls its collection will make per quota bucket, and the time
    /// they take at the quotas (before any per-function call or metric is read).
    Planned {
        region: String,
        plan: RegionPlan,
    },
    /// A problem that the snapshot will carry as a warning; the collection goes on.
    Warning(CollectionWarning),
}

/// Receives events. Called from the collecting task only, never concurrently.
pub trait Progress: Send + Sync {
    fn event(&self, event: Event);
}

/// Ignores every event.
pub struct NoProgress;

impl Progress for NoProgress {
    fn event(&self, _event: Event) {}
}
