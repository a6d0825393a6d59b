//! The server's implementation of the app's `Backend`: the store plus one loaded snapshot, so a
//! snapshot is decoded and analysed once per saved assumption set (single flight), not on every
//! page load nor once per kind of page.

use std::sync::{Arc, Mutex, RwLock};

use berth_app::backend::{Backend, BackendError};
use berth_app::views::function::{AssumptionSet, FunctionDetail};
use berth_app::views::snapshots::{CompareView, SnapshotItem, SnapshotsView};
use berth_app::views::{fleet_view_of, prices_note, FleetView};
use berth_engine::analysis::{analyze, analyze_stream, function_context, FunctionContext};
use berth_engine::assumptions::Assumptions;
use berth_engine::prices::Catalog;
use berth_engine::snapshot::{Function, Series, Snapshot};

use super::collect::Collector;
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

/// The newest snapshot decoded and analysed once for one settings generation: the fleet view
/// the fleet pages slice, and each function's fleet context. No series are kept: a function
/// page reads its function's series from the store.
struct Loaded {
    id: i64,
    generation: u64,
    /// The snapshot with every function's series left empty (configuration only).
    snapshot: Snapshot,
    summary: SnapshotItem,
    contexts: Vec<FunctionContext>,
    /// Function indexes by (region, name), for a function page's lookup.
    by_name: Vec<u32>,
    prices_note: String,
    fleet: Arc<FleetView>,
}

impl Loaded {
    /// The index of the function `name` in `region`.
    fn position(&self, region: &str, name: &str) -> Option<usize> {
        let functions = &self.snapshot.functions;
        self.by_name
            .binary_search_by(|&at| {
                let function = &functions[at as usize];
                (function.region.as_str(), function.name.as_str()).cmp(&(region, name))
            })
            .ok()
            .map(|found| self.by_name[found] as usize)
    }
}

pub struct ServerBackend {
    pub store: Store,
    settings: RwLock<Arc<Settings>>,
    /// The newest snapshot as loaded for a settings generation (see [`Loaded`]).
    loaded: Mutex<Option<Arc<Loaded>>>,
    /// Held while a snapshot is loaded, so concurrent first requests (and the warm-up at
    /// start) wait for one decode and one analysis instead of each making their own (single
    /// flight).
    loading: Mutex<()>,
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
            loaded: Mutex::new(None),
            loading: Mutex::new(()),
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
        *self.loaded.lock().unwrap() = None;
        Ok(())
    }

    /// Whether the newest snapshot (if any) is loaded and analysed with the settings in force.
    pub fn ready(&self) -> Result<bool, BackendError> {
        let Some(id) = self.store.latest_snapshot_id().map_err(internal)? else {
            return Ok(true);
        };
        let generation = self.settings().generation;
        Ok(self
            .loaded
            .lock()
            .unwrap()
            .as_ref()
            .is_some_and(|l| l.id == id && l.generation == generation))
    }

    /// The newest snapshot loaded with the settings in force: from the cache when it is
    /// current, else decoded and analysed once, however many requests wait for it. While one
    /// request loads a newer snapshot, the others are served the snapshot loaded before it (with
    /// the same settings) instead of waiting seconds; with nothing loaded yet, they wait for
    /// that one load.
    fn loaded(&self) -> Result<Option<Arc<Loaded>>, BackendError> {
        let Some(id) = self.store.latest_snapshot_id().map_err(internal)? else {
            return Ok(None);
        };
        let settings = self.settings();
        if let Some(loaded) = self.cached(id, &settings) {
            return Ok(Some(loaded));
        }
        let _loading = match self.loading.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::WouldBlock) => {
                if let Some(older) = self.older(id, &settings) {
                    return Ok(Some(older));
                }
                self.loading.lock().unwrap()
            }
            Err(std::sync::TryLockError::Poisoned(error)) => panic!("{error}"),
        };
        // Another request may have loaded it while this one waited.
        if let Some(loaded) = self.cached(id, &settings) {
            return Ok(Some(loaded));
        }
        self.load_streamed(id, &settings)
    }

    /// Reads snapshot `id` from the store function by function, analysing as it reads (its
    /// series are never all in memory), and makes it the loaded one. The caller holds
    /// `loading`.
    fn load_streamed(
        &self,
        id: i64,
        settings: &Settings,
    ) -> Result<Option<Arc<Loaded>>, BackendError> {
        let started = std::time::Instant::now();
        let assumptions = &settings.set.assumptions;
        let read = self
            .store
            .with_functions(id, |head, functions| {
                let mut metadata = Vec::new();
                let mut hourly: Vec<Option<f64>> = vec![None; head.window.hours as usize];
                let functions = functions.inspect(|function| {
                    // As `fleet_hourly_invocations` sums them, in the same order.
                    for (total, value) in hourly.iter_mut().zip(function.series.invocations.iter())
                    {
                        if let Some(value) = value {
                            *total = Some(total.unwrap_or(0.0) + value);
                        }
                    }
                    metadata.push(without_series(function));
                });
                let (analysis, warnings) =
                    analyze_stream(head, functions, assumptions, &settings.catalog, false);
                let snapshot = Snapshot {
                    functions: metadata,
                    ..head.clone()
                };
                (snapshot, hourly, analysis, warnings)
            })
            .map_err(internal)?;
        let Some((snapshot, hourly, analysis, warnings)) = read else {
            return Ok(None);
        };
        let loaded = self
            .make_current(id, snapshot, hourly, &analysis, &warnings, settings)
            .map_err(internal)?;
        drop(analysis);
        metrics::histogram!("berth_analysis_seconds").record(started.elapsed().as_secs_f64());
        Ok(Some(loaded))
    }

    /// The loaded snapshot when it is `id` with `settings`.
    fn cached(&self, id: i64, settings: &Settings) -> Option<Arc<Loaded>> {
        self.loaded
            .lock()
            .unwrap()
            .as_ref()
            .filter(|l| l.id == id && l.generation == settings.generation)
            .cloned()
    }

    /// The loaded snapshot when it is older than `id` but analysed with `settings`: what the
    /// pages showed a moment ago, served while `id` loads. Never one of an older settings
    /// generation (a saved set is in force at once).
    fn older(&self, id: i64, settings: &Settings) -> Option<Arc<Loaded>> {
        self.loaded
            .lock()
            .unwrap()
            .as_ref()
            .filter(|l| l.id < id && l.generation == settings.generation)
            .cloned()
    }

    /// Analyses `snapshot` (stored as `id`, every series at hand) with `settings` and makes it
    /// the loaded one. The caller holds `loading`.
    fn install_loaded(
        &self,
        id: i64,
        snapshot: Snapshot,
        settings: &Settings,
    ) -> Result<Arc<Loaded>, StoreError> {
        let started = std::time::Instant::now();
        let (analysis, warnings) = analyze(&snapshot, &settings.set.assumptions, &settings.catalog);
        let hourly = berth_app::views::fleet_hourly_invocations(&snapshot);
        let metadata = Snapshot {
            functions: snapshot.functions.iter().map(without_series).collect(),
            ..snapshot
        };
        let loaded = self.make_current(id, metadata, hourly, &analysis, &warnings, settings)?;
        metrics::histogram!("berth_analysis_seconds").record(started.elapsed().as_secs_f64());
        Ok(loaded)
    }

    /// Builds the loaded snapshot from its configuration (`snapshot`, series left empty), the
    /// fleet's hourly invocations and its analysis, and makes it current.
    fn make_current(
        &self,
        id: i64,
        snapshot: Snapshot,
        hourly: Vec<Option<f64>>,
        analysis: &berth_engine::analysis::Analysis,
        warnings: &[berth_engine::Warning],
        settings: &Settings,
    ) -> Result<Arc<Loaded>, StoreError> {
        let assumptions = &settings.set.assumptions;
        let overridden = settings.set.price_overrides.is_some();
        // Deleted in the meantime: still shown until the next request finds the newer one.
        let item = match self.store.snapshot_item(id)? {
            Some(item) => item,
            None => SnapshotItem::unstored(id, &snapshot),
        };
        let mut fleet = fleet_view_of(item, &snapshot, analysis, warnings, assumptions, overridden);
        fleet.hourly_invocations = hourly;
        let fleet = Arc::new(fleet);
        let contexts = (0..snapshot.functions.len())
            .map(|index| function_context(&snapshot, analysis, index).expect("in range"))
            .collect();
        let mut by_name: Vec<u32> = (0..snapshot.functions.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| {
            let (a, b) = (
                &snapshot.functions[a as usize],
                &snapshot.functions[b as usize],
            );
            (&a.region, &a.name).cmp(&(&b.region, &b.name))
        });
        let loaded = Arc::new(Loaded {
            id,
            generation: settings.generation,
            by_name,
            summary: fleet.snapshot.clone(),
            prices_note: prices_note(
                &analysis.prices_as_of,
                assumptions.hours_per_month,
                overridden,
            ),
            contexts,
            fleet,
            snapshot,
        });
        *self.loaded.lock().unwrap() = Some(loaded.clone());
        Ok(loaded)
    }

    /// Stores `snapshot` and makes it the loaded one while its decoded form is at hand (an
    /// import), so no page has to read it back from the database; its list entry. `loading` is held
    /// from before the insert, so no request starts a load of its own in between: requests meanwhile
    /// are served the snapshot loaded before (or wait, when none is).
    pub fn store_and_load(&self, snapshot: Snapshot) -> Result<SnapshotItem, StoreError> {
        let _loading = self.loading.lock().unwrap();
        let id = self.store.insert_snapshot(&snapshot)?;
        if self.store.latest_snapshot_id()? == Some(id) {
            let settings = self.settings();
            return Ok(self
                .install_loaded(id, snapshot, &settings)?
                .summary
                .clone());
        }
        Ok(match self.store.snapshot_item(id)? {
            Some(item) => item,
            None => SnapshotItem::unstored(id, &snapshot),
        })
    }
}

/// A function's configuration, its series left empty.
fn without_series(function: &Function) -> Function {
    Function {
        series: Series::default(),
        ..function.clone()
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
        Ok(self.loaded()?.map(|loaded| loaded.fleet.clone()))
    }

    fn function_detail(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<FunctionDetail>, BackendError> {
        let Some(cache) = self.loaded()? else {
            return Ok(None);
        };
        let Some(index) = cache.position(region, name) else {
            return Ok(None);
        };
        // The one function's series, read now (the loaded snapshot keeps none).
        let function = match self.store.function(cache.id, index).map_err(internal)? {
            Some(function) => function,
            None => return Ok(None),
        };
        Ok(Some(FunctionDetail {
            snapshot: cache.summary.clone(),
            function,
            context: cache.contexts[index].clone(),
            saved: self.settings().set.clone(),
            prices_note: cache.prices_note.clone(),
        }))
    }

    fn preview_functions(&self, limit: usize) -> Result<Vec<(String, String)>, BackendError> {
        let Some(cache) = self.loaded()? else {
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
        // Callers validate; checked again here so nothing invalid is ever stored.
        set.assumptions
            .validate()
            .map_err(|error| BackendError::Refused(error.to_string()))?;
        set.catalog().map_err(BackendError::Refused)?;
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
                .collect(),
            max_upload_bytes: self.max_upload_bytes,
            collect: self.collector.status(),
            collect_max_days: berth_collect::plan::MAX_DAYS,
            collect_cost_note: berth_collect::plan::cost_note(),
        })
    }

    fn compare_snapshots(&self, before: i64, after: i64) -> Result<CompareView, BackendError> {
        let load = |id: i64| {
            let missing = || BackendError::NotFound(format!("there is no snapshot {id}"));
            let record = self
                .store
                .snapshot_item(id)
                .map_err(internal)?
                .ok_or_else(missing)?;
            let snapshot = self
                .store
                .snapshot(id)
                .map_err(internal)?
                .ok_or_else(missing)?;
            Ok::<_, BackendError>((record, snapshot))
        };
        let (before_item, before_snapshot) = load(before)?;
        let settings = self.settings();
        let (after_item, after_snapshot) = load(after)?;
        let (comparison, warnings) = berth_engine::compare::compare(
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
            hours_per_month: settings.set.assumptions.hours_per_month,
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
        let mut loaded = self.loaded.lock().unwrap();
        if loaded.as_ref().is_some_and(|l| l.id == id) {
            *loaded = None;
        }
        drop(loaded);
        self.store.latest_snapshot_id().map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_set_is_refused_not_missing_and_nothing_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let backend = ServerBackend::new(Store::open(&dir.path().join("berth.db")).unwrap());
        let mut set = AssumptionSet::default();
        set.assumptions.min_tasks = -1.0;
        match backend.save_assumptions(set) {
            Err(BackendError::Refused(message)) => {
                assert!(message.contains("min_tasks"), "{message}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        let overrides = AssumptionSet {
            price_overrides: Some(
                serde_json::json!({"regions": {"us-east-1": {"lambda": {"nope": 1}}}}),
            ),
            ..AssumptionSet::default()
        };
        assert!(matches!(
            backend.save_assumptions(overrides),
            Err(BackendError::Refused(_))
        ));
        assert_eq!(
            backend.saved_assumptions().unwrap(),
            AssumptionSet::default()
        );
        assert_eq!(backend.store.setting(ASSUMPTIONS_KEY).unwrap(), None);
    }
}
