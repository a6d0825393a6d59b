//! The server's implementation of the app's `Backend`: the store plus caches, so a snapshot is
//! decoded and costed once per saved assumption set, not on every page load.

use std::sync::{Arc, Mutex, RwLock};

use berth_app::api::function::{AssumptionSet, FunctionDetail};
use berth_app::api::snapshots::{CompareView, SnapshotsView};
use berth_app::backend::{Backend, BackendError};
use berth_app::engine::analysis::{analyze, function_context, FunctionContext};
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::engine::snapshot::Snapshot;
use berth_app::views::{fleet_view, summary, FleetView, SnapshotSummary};

use super::collect::Collector;
use super::snapshots::item;
use crate::store::{Store, StoreError};

/// Upload limit for snapshot files unless `berth serve --max-upload-mb` says otherwise.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 256 * 1024 * 1024;

/// Spend changes listed by a comparison (the biggest, either way).
const COMPARE_TOP: usize = 20;

/// Settings keys of the saved set (JSON text each).
const ASSUMPTIONS_KEY: &str = "assumptions";
const PRICE_OVERRIDES_KEY: &str = "price_overrides";

/// The assumption set in force and the catalog built from it; replaced whole on save, and
/// numbered so a cache entry computed with an older set is never served.
struct Settings {
    generation: u64,
    set: AssumptionSet,
    catalog: Catalog,
}

/// The newest snapshot decoded, with each function's fleet context (for function pages).
struct FunctionsCache {
    snapshot: Snapshot,
    summary: SnapshotSummary,
    contexts: Vec<FunctionContext>,
    prices_note: String,
}

pub struct ServerBackend {
    pub store: Store,
    settings: RwLock<Arc<Settings>>,
    /// The fleet view of the newest snapshot, keyed by its id and the settings generation.
    fleet_cache: Mutex<Option<(i64, u64, Arc<FleetView>)>>,
    /// Held while a fleet view is built, so concurrent first requests (and the warm-up at
    /// start) build it once instead of each decoding the snapshot.
    fleet_building: Mutex<()>,
    /// Holds the decoded snapshot (its series are what function pages send), keyed likewise.
    functions_cache: Mutex<Option<(i64, u64, Arc<FunctionsCache>)>>,
    /// The dashboard's collection (one at a time).
    pub collector: Arc<Collector>,
    pub max_upload_bytes: u64,
}

impl ServerBackend {
    /// Loads the saved assumption set; one that no longer reads or validates (e.g. written by a
    /// newer berth) is logged and the defaults are used, so the dashboard still starts.
    pub fn new(store: Store) -> ServerBackend {
        let set = match load_set(&store) {
            Ok(set) => set,
            Err(error) => {
                tracing::warn!("saved assumptions ignored, using the defaults: {error}");
                AssumptionSet::default()
            }
        };
        let catalog = set.catalog().unwrap_or_else(|error| {
            tracing::warn!("saved price overrides ignored: {error}");
            Catalog::builtin()
        });
        ServerBackend {
            store,
            settings: RwLock::new(Arc::new(Settings {
                generation: 0,
                set,
                catalog,
            })),
            fleet_cache: Mutex::new(None),
            fleet_building: Mutex::new(()),
            functions_cache: Mutex::new(None),
            collector: Arc::new(Collector::default()),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
        }
    }

    fn settings(&self) -> Arc<Settings> {
        self.settings.read().unwrap().clone()
    }

    /// Replaces the set in force; caches keyed by the old generation stop matching.
    fn install(&self, set: AssumptionSet) -> Result<(), BackendError> {
        let catalog = set
            .catalog()
            .map_err(|error| BackendError::Internal(format!("price overrides: {error}")))?;
        let mut settings = self.settings.write().unwrap();
        *settings = Arc::new(Settings {
            generation: settings.generation + 1,
            set,
            catalog,
        });
        *self.fleet_cache.lock().unwrap() = None;
        *self.functions_cache.lock().unwrap() = None;
        Ok(())
    }

    fn functions(&self) -> Result<Option<Arc<FunctionsCache>>, BackendError> {
        let Some(id) = self.store.latest_snapshot_id().map_err(internal)? else {
            return Ok(None);
        };
        let settings = self.settings();
        if let Some((cached_id, generation, cache)) = self.functions_cache.lock().unwrap().as_ref()
        {
            if *cached_id == id && *generation == settings.generation {
                return Ok(Some(cache.clone()));
            }
        }
        let Some(snapshot) = self.store.snapshot(id).map_err(internal)? else {
            return Ok(None);
        };
        let (analysis, _) = analyze(&snapshot, &settings.set.assumptions, &settings.catalog);
        let contexts = (0..snapshot.functions.len())
            .map(|index| function_context(&snapshot, &analysis, index).expect("in range"))
            .collect();
        let cache = Arc::new(FunctionsCache {
            summary: summary(id, &snapshot),
            contexts,
            prices_note: format!(
                "Modeled with Berth's AWS price catalog{}, prices as of {}; monthly = {} hours.",
                if settings.set.price_overrides.is_some() {
                    " and your saved price overrides"
                } else {
                    " (public AWS pricing pages)"
                },
                analysis.prices_as_of,
                settings.set.assumptions.hours_per_month
            ),
            snapshot,
        });
        *self.functions_cache.lock().unwrap() = Some((id, settings.generation, cache.clone()));
        Ok(Some(cache))
    }
}

fn load_set(store: &Store) -> Result<AssumptionSet, String> {
    let assumptions = match store.setting(ASSUMPTIONS_KEY).map_err(|e| e.to_string())? {
        None => Assumptions::default(),
        Some(text) => {
            let assumptions: Assumptions =
                serde_json::from_str(&text).map_err(|e| format!("assumptions: {e}"))?;
            assumptions.validate().map_err(|e| e.to_string())?;
            assumptions
        }
    };
    let price_overrides = match store
        .setting(PRICE_OVERRIDES_KEY)
        .map_err(|e| e.to_string())?
    {
        None => None,
        Some(text) => {
            Some(serde_json::from_str(&text).map_err(|e| format!("price overrides: {e}"))?)
        }
    };
    Ok(AssumptionSet {
        assumptions,
        price_overrides,
    })
}

fn internal(error: StoreError) -> BackendError {
    BackendError::Internal(error.to_string())
}

impl Backend for ServerBackend {
    fn fleet_view(&self) -> Result<Option<Arc<FleetView>>, BackendError> {
        let Some(id) = self.store.latest_snapshot_id().map_err(internal)? else {
            return Ok(None);
        };
        let settings = self.settings();
        let cached = || {
            let cache = self.fleet_cache.lock().unwrap();
            cache
                .as_ref()
                .filter(|(cached_id, generation, _)| {
                    *cached_id == id && *generation == settings.generation
                })
                .map(|(_, _, view)| view.clone())
        };
        if let Some(view) = cached() {
            return Ok(Some(view));
        }
        let _building = self.fleet_building.lock().unwrap();
        // Another request may have built it while this one waited.
        if let Some(view) = cached() {
            return Ok(Some(view));
        }
        let Some(snapshot) = self.store.snapshot(id).map_err(internal)? else {
            return Ok(None);
        };
        let view = Arc::new(fleet_view(
            id,
            &snapshot,
            &settings.catalog,
            &settings.set.assumptions,
        ));
        *self.fleet_cache.lock().unwrap() = Some((id, settings.generation, view.clone()));
        Ok(Some(view))
    }

    fn function_detail(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<FunctionDetail>, BackendError> {
        let Some(cache) = self.functions()? else {
            return Ok(None);
        };
        let Some(index) = cache
            .snapshot
            .functions
            .iter()
            .position(|f| f.region == region && f.name == name)
        else {
            return Ok(None);
        };
        Ok(Some(FunctionDetail {
            snapshot: cache.summary.clone(),
            function: cache.snapshot.functions[index].clone(),
            context: cache.contexts[index].clone(),
            saved: self.settings().set.clone(),
            prices_note: cache.prices_note.clone(),
        }))
    }

    fn preview_functions(&self, limit: usize) -> Result<Vec<(String, String)>, BackendError> {
        let Some(cache) = self.functions()? else {
            return Ok(Vec::new());
        };
        let mut ranked: Vec<(usize, &str, &str)> = cache
            .snapshot
            .functions
            .iter()
            .zip(&cache.contexts)
            .map(|(f, c)| (c.spend_rank, f.region.as_str(), f.name.as_str()))
            .collect();
        ranked.sort_unstable();
        Ok(ranked
            .into_iter()
            .take(limit)
            .map(|(_, region, name)| (region.to_string(), name.to_string()))
            .collect())
    }

    fn saved_assumptions(&self) -> Result<AssumptionSet, BackendError> {
        Ok(self.settings().set.clone())
    }

    fn save_assumptions(&self, set: AssumptionSet) -> Result<AssumptionSet, BackendError> {
        // Callers validate; checked again here so nothing invalid is ever stored. `NotFound` is
        // the variant whose message the browser sees.
        set.assumptions
            .validate()
            .map_err(|error| BackendError::NotFound(error.to_string()))?;
        set.catalog().map_err(BackendError::NotFound)?;
        let assumptions = serde_json::to_string(&set.assumptions).expect("serializes");
        let overrides = set
            .price_overrides
            .as_ref()
            .map(|v| serde_json::to_string(v).expect("serializes"));
        self.store
            .set_settings(&[
                (ASSUMPTIONS_KEY, Some(&assumptions)),
                (PRICE_OVERRIDES_KEY, overrides.as_deref()),
            ])
            .map_err(internal)?;
        self.install(set.clone())?;
        Ok(set)
    }

    fn reset_assumptions(&self) -> Result<AssumptionSet, BackendError> {
        self.store
            .set_settings(&[(ASSUMPTIONS_KEY, None), (PRICE_OVERRIDES_KEY, None)])
            .map_err(internal)?;
        let set = AssumptionSet::default();
        self.install(set.clone())?;
        Ok(set)
    }

    fn snapshots_view(&self) -> Result<SnapshotsView, BackendError> {
        Ok(SnapshotsView {
            snapshots: self
                .store
                .list_snapshots()
                .map_err(internal)?
                .into_iter()
                .map(item)
                .collect(),
            max_upload_bytes: self.max_upload_bytes,
            collect: self.collector.status(),
        })
    }

    fn compare_snapshots(&self, before: i64, after: i64) -> Result<CompareView, BackendError> {
        let load = |id: i64| {
            let missing = || BackendError::NotFound(format!("there is no snapshot {id}"));
            let record = self
                .store
                .snapshot_record(id)
                .map_err(internal)?
                .ok_or_else(missing)?;
            let snapshot = self
                .store
                .snapshot(id)
                .map_err(internal)?
                .ok_or_else(missing)?;
            Ok::<_, BackendError>((item(record), snapshot))
        };
        let (before_item, before_snapshot) = load(before)?;
        let settings = self.settings();
        let (after_item, after_snapshot) = load(after)?;
        let (comparison, warnings) = berth_app::engine::compare::compare(
            &before_snapshot,
            &after_snapshot,
            &settings.set.assumptions,
            &settings.catalog,
            COMPARE_TOP,
        );
        Ok(CompareView {
            before: before_item,
            after: after_item,
            comparison,
            warnings: warnings.len(),
        })
    }
}

impl ServerBackend {
    /// Deletes a snapshot and drops whatever is cached of it; returns the id now current (the
    /// next newest), `NotFound` when there was no such snapshot.
    pub fn delete_snapshot(&self, id: i64) -> Result<Option<i64>, BackendError> {
        if !self.store.delete_snapshot(id).map_err(internal)? {
            return Err(BackendError::NotFound(format!("there is no snapshot {id}")));
        }
        // Ids are never reused (store migration 2), so a stale entry could not be served for
        // another snapshot; dropping it frees the memory at once.
        let mut fleet = self.fleet_cache.lock().unwrap();
        if fleet.as_ref().is_some_and(|(cached, ..)| *cached == id) {
            *fleet = None;
        }
        drop(fleet);
        let mut functions = self.functions_cache.lock().unwrap();
        if functions.as_ref().is_some_and(|(cached, ..)| *cached == id) {
            *functions = None;
        }
        drop(functions);
        self.store.latest_snapshot_id().map_err(internal)
    }
}
