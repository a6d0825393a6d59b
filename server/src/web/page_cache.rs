//! A cache of the fleet pages' rendered responses (`/` and `/functions?…`), valid while the
//! fleet view they were rendered from is current. Those pages are pure functions of the fleet
//! view, the URL, the theme cookie and the accepted encoding; rendering one costs milliseconds of
//! CPU (the page carries its data for hydration), serving a cached one microseconds. A new
//! snapshot, a deleted one or saved assumptions give a new fleet view, which misses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, Response, StatusCode};
use axum::middleware::Next;
use berth_app::backend::Backend;
use berth_app::views::FleetView;

use super::AppState;

/// Distinct URLs kept (filters × sorts × pages people actually open); past it, start afresh.
const ENTRIES: usize = 512;
/// Bytes of pages kept; past it, start afresh. It bounds what the cache adds to the server's
/// memory (a 50-row table page is about 117 KB, so 512 of them would be 60 MB that come and go
/// as the cache fills and empties).
const BYTES: usize = 16 * 1024 * 1024;
/// Larger pages are served but not kept.
const MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<Key, Entry>,
    /// The kept bodies' bytes.
    bytes: usize,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    cookie: String,
    accept_encoding: String,
    /// Who asked (role and name, from the guard): pages show it and hide admin actions.
    session: Option<berth_app::views::SessionView>,
}

struct Entry {
    /// The fleet view the page was rendered from; kept alive so the pointer stays unique.
    fleet: Arc<FleetView>,
    headers: HeaderMap,
    body: Bytes,
}

impl Entries {
    fn insert(&mut self, key: Key, entry: Entry) {
        // Pages of an older fleet view are never served again; dropping them frees that view
        // (each entry keeps its own alive), so a snapshot imported every few seconds does
        // not pile fleet views up in memory.
        if self
            .pages
            .values()
            .any(|e| !Arc::ptr_eq(&e.fleet, &entry.fleet))
        {
            self.pages
                .retain(|_, e| Arc::ptr_eq(&e.fleet, &entry.fleet));
            self.bytes = self.pages.values().map(|e| e.body.len()).sum();
        }
        // Two misses of one page rendered at once: the second replaces the first.
        if let Some(replaced) = self.pages.remove(&key) {
            self.bytes -= replaced.body.len();
        }
        if self.pages.len() >= ENTRIES || self.bytes + entry.body.len() > BYTES {
            self.pages.clear();
            self.bytes = 0;
        }
        self.bytes += entry.body.len();
        self.pages.insert(key, entry);
    }
}

fn cacheable(request: &Request) -> bool {
    request.method() == Method::GET && matches!(request.uri().path(), "/" | "/functions")
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(";")
}

pub async fn serve_cached(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if !cacheable(&request) {
        return next.run(request).await;
    }
    let backend = state.backend.clone();
    let fleet = match tokio::task::spawn_blocking(move || backend.fleet_view()).await {
        Ok(Ok(Some(fleet))) => fleet,
        // No snapshot or an error: render as usual (the page says what is wrong).
        _ => return next.run(request).await,
    };
    let key = Key {
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or_else(String::new, |p| p.to_string()),
        cookie: header_text(request.headers(), header::COOKIE),
        accept_encoding: header_text(request.headers(), header::ACCEPT_ENCODING),
        session: request.extensions().get().cloned(),
    };
    let cache = &state.page_cache;
    if let Some(entry) = cache.entries.lock().unwrap().pages.get(&key) {
        if Arc::ptr_eq(&entry.fleet, &fleet) {
            metrics::counter!("berth_page_cache_hits_total").increment(1);
            let mut response = Response::new(Body::from(entry.body.clone()));
            *response.headers_mut() = entry.headers.clone();
            return response;
        }
    }
    metrics::counter!("berth_page_cache_misses_total").increment(1);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if body.len() <= MAX_BODY {
        cache.entries.lock().unwrap().insert(
            key,
            Entry {
                fleet,
                headers: parts.headers.clone(),
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fleet() -> Arc<FleetView> {
        let snapshot = berth_engine::demo::generate(&berth_engine::demo::DemoConfig {
            functions: 2,
            days: 1,
            ..Default::default()
        });
        Arc::new(berth_app::views::fleet_view(
            berth_app::views::SnapshotItem::unstored(1, &snapshot),
            &snapshot,
            &berth_engine::prices::Catalog::builtin(),
            &berth_engine::assumptions::Assumptions::default(),
            false,
        ))
    }

    fn page(path: &str, fleet: &Arc<FleetView>, bytes: usize) -> (Key, Entry) {
        let key = Key {
            path_and_query: path.into(),
            cookie: String::new(),
            accept_encoding: String::new(),
            session: None,
        };
        let entry = Entry {
            fleet: fleet.clone(),
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        };
        (key, entry)
    }

    #[test]
    fn kept_pages_stay_within_the_byte_bound_and_the_current_fleet_view() {
        let (old, new) = (fleet(), fleet());
        let mut entries = Entries::default();
        let size = MAX_BODY;
        for n in 0..BYTES / size {
            let (key, entry) = page(&format!("/{n}"), &old, size);
            entries.insert(key, entry);
        }
        assert_eq!((entries.pages.len(), entries.bytes), (BYTES / size, BYTES));
        // The same page again replaces itself, not counted twice.
        let (key, entry) = page("/0", &old, size);
        entries.insert(key, entry);
        assert_eq!(entries.bytes, BYTES);
        // One byte more than the bound: start afresh.
        let (key, entry) = page("/more", &old, 1);
        entries.insert(key, entry);
        assert_eq!((entries.pages.len(), entries.bytes), (1, 1));
        // A page of a newer fleet view drops the older view's pages.
        let (key, entry) = page("/", &new, 10);
        entries.insert(key, entry);
        assert_eq!((entries.pages.len(), entries.bytes), (1, 10));
        assert!(entries.pages.values().all(|e| Arc::ptr_eq(&e.fleet, &new)));
    }
}
